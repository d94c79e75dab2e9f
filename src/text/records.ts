/** One record (line) of a CMS file as the parsers see it. */
export interface SourceRecord {
  /** 1-based record number. */
  line: number;
  /** The record's text, with a card-image sequence field (columns 73-80) removed. */
  text: string;
}

const SEQUENCE_FIELD = /^[0-9]{8}$/;

/**
 * Splits a file into records. Accepts LF, CRLF and CR line ends; drops a card-image sequence
 * number in columns 73-80 (8 digits), which CMS files written by old editors carry.
 */
export function splitRecords(text: string): SourceRecord[] {
  const lines = text.split(/\r\n|\r|\n/);
  // A final newline does not start another record.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((raw, i) => {
    let body = raw;
    if (raw.length >= 80 && SEQUENCE_FIELD.test(raw.slice(72, 80)) && raw.slice(80).trim() === "") {
      body = raw.slice(0, 72);
    }
    return { line: i + 1, text: body };
  });
}

/** A blank-delimited word and where it starts. */
export interface Word {
  text: string;
  /** 1-based column. */
  column: number;
}

/** Splits a record into blank-delimited words, keeping each word's column. Tabs count as blanks. */
export function words(text: string, columnOffset = 0): Word[] {
  const out: Word[] = [];
  const re = /[^\s]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], column: m.index + 1 + columnOffset });
  return out;
}

/**
 * True when `word` is an abbreviation of `keyword` at least `minLength` long, the CP rule for
 * keywords whose capital letters in the syntax diagram are the minimum abbreviation.
 */
export function isAbbrev(word: string, keyword: string, minLength: number): boolean {
  const w = word.toUpperCase();
  const k = keyword.toUpperCase();
  return w.length >= minLength && w.length <= k.length && k.startsWith(w);
}

/** The minimum length encoded by a mixed-case syntax word: "XLINK_SYSTEM_INclude" → its capitals prefix. */
export function minAbbrevOf(syntaxWord: string): number {
  let n = 0;
  while (n < syntaxWord.length && syntaxWord[n] === syntaxWord[n].toUpperCase()) n++;
  return n === 0 ? syntaxWord.length : n;
}

/** A z/VM volume or name pattern: `*` any string (also empty), `%` exactly one character. */
export function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .toUpperCase()
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "%" ? "." : ch.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

/** Tests a name against a `*`/`%` pattern, case-insensitively. */
export function matchesPattern(name: string, pattern: string): boolean {
  return patternToRegExp(pattern).test(name.toUpperCase());
}
