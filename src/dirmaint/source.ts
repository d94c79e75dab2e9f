import { lookupStatement } from "../directory/statements";

/**
 * The source directory as lines DirMaint edits entry by entry: every line it does not touch (other
 * entries, comments, DIRECTORY statements, line ends) is kept byte for byte.
 */

/** Statements that end the entry before them. */
const BOUNDARIES: ReadonlySet<string> = new Set([
  "USER",
  "IDENTITY",
  "PROFILE",
  "SUBCONFIG",
  "DIRECTORY",
  "GLOBALDEFS",
]);
const ENTRY_KINDS: ReadonlySet<string> = new Set(["USER", "IDENTITY", "PROFILE", "SUBCONFIG"]);

const SEQUENCE_FIELD = /^[0-9]{8}$/;

/** One entry's place in the source: 0-based line indexes, `end` inclusive. */
export interface EntryRange {
  kind: string;
  /** The entry's name (userid, profile or subconfig id), upper case. */
  name: string;
  /** The header line (USER/IDENTITY/PROFILE/SUBCONFIG). */
  start: number;
  /** The entry's last statement line: comments and blank lines after it stay with what follows. */
  end: number;
}

/** One statement line of an entry. */
export interface EntryLine {
  index: number;
  /** Canonical keyword ("MDISK" for `mdisk`), undefined for an unknown word. */
  keyword: string | undefined;
  /** The line's words, upper case. */
  words: string[];
}

/** The words of a record, upper case; empty for blank and comment lines. */
export function wordsOf(line: string): string[] {
  // A card image's sequence number (columns 73-80) is no word, as src/text/records.ts reads it.
  const body =
    line.length >= 80 && SEQUENCE_FIELD.test(line.slice(72, 80)) && line.slice(80).trim() === ""
      ? line.slice(0, 72)
      : line;
  const t = body.trim();
  if (t === "" || t.startsWith("*")) return [];
  return t.split(/\s+/).map((w) => w.toUpperCase());
}

/** The source text split into records and their line ends, and put back together unchanged. */
export class SourceText {
  readonly lines: string[] = [];
  readonly eols: string[] = [];
  /** The line end new records get: the file's first, else LF. */
  readonly eol: string;

  constructor(text: string) {
    const re = /([^\r\n]*)(\r\n|\r|\n|$)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === "") break;
      this.lines.push(m[1]);
      this.eols.push(m[2]);
    }
    this.eol = this.eols.find((e) => e !== "") ?? "\n";
  }

  /** The text, with every untouched record and line end as it was. */
  toString(): string {
    let out = "";
    for (let i = 0; i < this.lines.length; i++) out += this.lines[i] + this.eols[i];
    return out;
  }

  /** Every entry, in file order. */
  entries(): EntryRange[] {
    const heads: { index: number; keyword: string; name: string }[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      const w = wordsOf(this.lines[i]);
      if (w.length === 0) continue;
      const keyword = lookupStatement(w[0]);
      if (keyword && BOUNDARIES.has(keyword)) heads.push({ index: i, keyword, name: w[1] ?? "" });
    }
    const out: EntryRange[] = [];
    for (let h = 0; h < heads.length; h++) {
      const head = heads[h];
      if (!ENTRY_KINDS.has(head.keyword)) continue;
      let end = (h + 1 < heads.length ? heads[h + 1].index : this.lines.length) - 1;
      while (end > head.index && wordsOf(this.lines[end]).length === 0) end--;
      out.push({ kind: head.keyword, name: head.name, start: head.index, end });
    }
    return out;
  }

  /** The USER or IDENTITY entry (else the PROFILE or SUBCONFIG) named `name`. */
  find(name: string): EntryRange | undefined {
    const all = this.entries().filter((e) => e.name === name.toUpperCase());
    return all.find((e) => e.kind === "USER" || e.kind === "IDENTITY") ?? all[0];
  }

  /** The statement lines of an entry after its header (comments and blank lines left out). */
  statements(entry: EntryRange): EntryLine[] {
    const out: EntryLine[] = [];
    for (let i = entry.start + 1; i <= entry.end; i++) {
      const words = wordsOf(this.lines[i]);
      if (words.length > 0) out.push({ index: i, keyword: lookupStatement(words[0]), words });
    }
    return out;
  }

  /** The entry's records as written, header to last statement. */
  recordsOf(entry: EntryRange): string[] {
    return this.lines.slice(entry.start, entry.end + 1);
  }

  /** Removes `count` records at `index` and puts `records` there (new ones get the file's line end). */
  splice(index: number, count: number, records: readonly string[]): void {
    // A file without a final line end gets one before a record is added after its last record.
    if (records.length > 0 && index + count === this.lines.length && index + count > 0) {
      if (this.eols[index + count - 1] === "") this.eols[index + count - 1] = this.eol;
    }
    this.lines.splice(index, count, ...records);
    this.eols.splice(index, count, ...records.map(() => this.eol));
  }
}

/** `line` with its `i`th word (0-based) replaced, every blank kept where it was. */
export function replaceWord(line: string, i: number, word: string): string {
  const spans = [...line.matchAll(/\S+/g)];
  const s = spans[i];
  if (!s || s.index === undefined) return `${line.trimEnd()} ${word}`;
  return line.slice(0, s.index) + word + line.slice(s.index + s[0].length);
}

/** The blanks a new statement of this entry is indented by: its first statement's, else one. */
export function indentOf(source: SourceText, entry: EntryRange): string {
  for (let i = entry.start + 1; i <= entry.end; i++) {
    if (wordsOf(source.lines[i]).length > 0) return /^\s*/.exec(source.lines[i])?.[0] ?? " ";
  }
  return " ";
}
