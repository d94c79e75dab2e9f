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

/** True for the UTF-16 code units `\s` matches (and `trim` removes): the blanks between words. */
export function isBlank(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const LF = 10;
const CR = 13;
const ZERO = 48;
const NINE = 57;

/**
 * Walks the records of a file without copying them: the same records, numbers and sequence-field
 * rule as splitRecords, each given as `text.slice(start, end)`. For parsers that read big files.
 */
export class RecordReader {
  /** 1-based number of the current record (0 before the first `next()`). */
  line = 0;
  /** The current record is `text.slice(start, end)`. */
  start = 0;
  end = 0;
  private pos = 0;
  private readonly hasCR: boolean;

  constructor(readonly text: string) {
    this.hasCR = text.includes("\r");
  }

  /** Moves to the next record; false at the end of the file. */
  next(): boolean {
    const { text } = this;
    const n = text.length;
    const start = this.pos;
    // At n exactly, what is left is the empty piece split() gives after a final line end (or an empty
    // file), which splitRecords drops.
    if (start >= n) return false;
    let end: number;
    let after: number;
    if (!this.hasCR) {
      end = text.indexOf("\n", start);
      if (end < 0) end = n;
      after = end + 1;
    } else {
      end = start;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === LF || c === CR) break;
        end++;
      }
      after = end < n && text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    }
    this.pos = after;
    this.line++;
    this.start = start;
    this.end = end - start >= 80 && hasSequenceField(text, start, end) ? start + 72 : end;
    return true;
  }
}

/** Columns 73-80 of a record are 8 digits and nothing but blanks follows them. */
function hasSequenceField(text: string, start: number, end: number): boolean {
  for (let i = start + 72; i < start + 80; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  for (let i = start + 80; i < end; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** Longest word WordCache keeps: longer ones are rarely repeated (and slice() shares their text). */
const CACHED_WORD_MAX = 12;
const CACHE_SLOTS = 4096;

/**
 * One string for each repeat of a short word: a parser that keeps every word of a big file (device
 * numbers, types, modes, MAINT...) keeps each repeat once. Direct-mapped, so a collision just
 * replaces the slot. Strings have no identity in JavaScript, so what a caller sees does not change.
 */
export class WordCache {
  private readonly words: string[] = new Array<string>(CACHE_SLOTS).fill("");
  private readonly hashes = new Int32Array(CACHE_SLOTS);

  /** Mixes one more UTF-16 code unit into a word's hash (start from 0). */
  static step(hash: number, code: number): number {
    return Math.imul(hash ^ code, 16777619);
  }

  /** `text.slice(start, end)`, whose codes hashed with `step` give `hash`; a cached copy when there is one. */
  get(text: string, start: number, end: number, hash: number): string {
    const length = end - start;
    if (length > CACHED_WORD_MAX) return text.slice(start, end);
    const slot = (hash ^ (hash >>> 13)) & (CACHE_SLOTS - 1);
    const cached = this.words[slot];
    if (this.hashes[slot] === hash && cached.length === length) {
      let k = 0;
      while (k < length && cached.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === length) return cached;
    }
    const word = text.slice(start, end);
    this.words[slot] = word;
    this.hashes[slot] = hash;
    return word;
  }
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

/** Compiled patterns, so a rule that tests every volume against every pattern compiles each once. */
const PATTERNS = new Map<string, RegExp>();
const PATTERNS_MAX = 1000;

/** Tests a name against a `*`/`%` pattern, case-insensitively. */
export function matchesPattern(name: string, pattern: string): boolean {
  let re = PATTERNS.get(pattern);
  if (re === undefined) {
    if (PATTERNS.size >= PATTERNS_MAX) PATTERNS.clear();
    re = patternToRegExp(pattern);
    PATTERNS.set(pattern, re);
  }
  return re.test(name.toUpperCase());
}
