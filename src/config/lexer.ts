import { diag, type Diagnostic } from "../diagnostics";
import { isBlank, splitRecords } from "../text/records";

/** A word of a SYSTEM CONFIG statement with the record and column it came from. */
export interface ConfigWord {
  text: string;
  line: number;
  column: number;
}

/** One statement as the file spells it: qualifier, keyword and operands, continuation joined. */
export interface RawStatement {
  file: string;
  /** Record of the statement's first word. */
  line: number;
  column: number;
  /** `sysname:` record qualifier, upper-cased, when present. */
  qualifier?: ConfigWord;
  /** Keyword first, then operands. Never empty. */
  words: ConfigWord[];
}

const QUALIFIER = /^([A-Za-z0-9@#$_-]{1,8}):$/;

/** Columns of a SYSTEM CONFIG record: CMS holds the file as F 80 (XEDIT shows `F 80 Trunc=80`). */
const RECORD_COLUMNS = 80;
/**
 * A record whose text reaches this column may continue an open quoted string on the next record
 * (columns 73-80 may hold a sequence number that splitRecords takes off, and web copies lose
 * trailing blanks, so the full 80 columns cannot be required).
 */
const STRING_GOES_ON_FROM = 72;
const QUOTE = "'";

/**
 * Reads a SYSTEM CONFIG file into statements: drops comments, joins records continued by a
 * trailing comma, reads quoted strings as one word, splits off `sysname:` qualifiers. Problems
 * become diagnostics, never exceptions.
 *
 * How CP reads the records (z/VM CP Planning and Administration, "Configuration file syntax": the
 * file is F 80; `/* ... *\/` comments, which may span records; a statement goes on to the next
 * record when its last non-comment character is a comma):
 * - A quoted string (a word that starts with `'`, up to the next `'`; `''` is a quote inside it)
 *   is one operand: blanks, commas and `/*` inside it are text. A string still open at the end of a
 *   record goes on at column 1 of the next record, the record's 80 columns taken whole, with no
 *   comma: this is how IBM's service tools write PRODUCT statements, whose DESCRIPTION runs to
 *   column 80 (PRODUCT statement, same book). A quote inside a word (`DON'T`) opens nothing.
 */
export function readStatements(
  text: string,
  file: string,
): { statements: RawStatement[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const statements: RawStatement[] = [];
  let pending: ConfigWord[] = [];
  let pendingEndsWithComma = false;
  let inComment: { line: number; column: number } | null = null;
  /** A quoted string being read, maybe over several records: its word holds the text so far. */
  let inString: ConfigWord | null = null;

  const flush = () => {
    if (pending.length === 0) return;
    let words = pending;
    pending = [];
    let qualifier: ConfigWord | undefined;
    const q = QUALIFIER.exec(words[0].text);
    if (q) {
      qualifier = { ...words[0], text: q[1].toUpperCase() };
      words = words.slice(1);
      if (words.length === 0) {
        diagnostics.push(
          diag(
            file,
            qualifier.line,
            qualifier.column,
            "error",
            "HCPSYK6701E",
            `Record qualifier ${qualifier.text}: is not followed by a statement`,
          ),
        );
        return;
      }
    }
    statements.push({ file, line: words[0].line, column: words[0].column, qualifier, words });
  };

  const unclosed = (at: { line: number; column: number }, what: string) =>
    diagnostics.push(
      diag(file, at.line, at.column, "error", "CFG-QUOTE", `Quoted string opened with ' ${what}`),
    );

  for (const record of splitRecords(text)) {
    const t = record.text;
    const n = t.length;
    // Whether the record holds anything but blanks and comments, and whether the last of it is a comma.
    let content = inString !== null;
    let endsWithComma = false;
    let i = 0;
    if (inString && n === 0) inString.text += " ".repeat(RECORD_COLUMNS);
    while (i < n) {
      if (inComment) {
        const close = t.indexOf("*/", i);
        if (close < 0) break;
        inComment = null;
        i = close + 2;
        continue;
      }
      if (inString) {
        // Up to the closing quote ('' is a quote in the text), then the rest of the word.
        let close = t.indexOf(QUOTE, i);
        while (close >= 0 && t[close + 1] === QUOTE) close = t.indexOf(QUOTE, close + 2);
        if (close < 0) {
          inString.text += t.slice(i).padEnd(RECORD_COLUMNS - i, " ");
          i = n;
          break;
        }
        let end = close + 1;
        while (end < n && !isWordEnd(t, end)) end++;
        inString.text += t.slice(i, end);
        pending.push(inString);
        inString = null;
        content = true;
        endsWithComma = false;
        i = end;
        continue;
      }
      const c = t[i];
      if (c === "," || isBlankChar(c)) {
        if (c === ",") {
          content = true;
          endsWithComma = true;
        }
        i++;
        continue;
      }
      if (t.startsWith("/*", i)) {
        inComment = { line: record.line, column: i + 1 };
        i += 2;
        continue;
      }
      content = true;
      endsWithComma = false;
      if (c === QUOTE) {
        inString = { text: QUOTE, line: record.line, column: i + 1 };
        i++;
        continue;
      }
      let end = i + 1;
      while (end < n && !isWordEnd(t, end)) end++;
      pending.push({ text: t.slice(i, end), line: record.line, column: i + 1 });
      i = end;
    }
    if (inString) {
      // The string, and so the statement, goes on at column 1 of the next record when it runs to
      // the record's end, as IBM's service tools write a long PRODUCT DESCRIPTION. Left open short
      // of that, it is a missing quote: the string ends with its record and the records after it
      // are statements again, so a stray quote cannot swallow the rest of the file unreported.
      if (n >= STRING_GOES_ON_FROM) continue;
      unclosed(
        inString,
        "is not closed on its record (a string goes on to the next record only when it runs to the record's end)",
      );
      pending.push({ ...inString, text: inString.text.trimEnd() });
      inString = null;
      content = true;
      endsWithComma = false;
    }
    if (!content) continue;
    pendingEndsWithComma = endsWithComma;
    if (!endsWithComma) flush();
  }
  if (inString) {
    unclosed(inString, "is never closed");
    inString = null;
    pending = [];
    pendingEndsWithComma = false;
  }
  if (inComment) {
    diagnostics.push(
      diag(
        file,
        inComment.line,
        inComment.column,
        "error",
        "CFG-COMMENT",
        "Comment opened with /* is never closed with */",
      ),
    );
  }
  if (pendingEndsWithComma && pending.length > 0) {
    const last = pending[pending.length - 1];
    const keyword = pending.find((w) => !QUALIFIER.test(w.text)) ?? pending[0];
    diagnostics.push(
      diag(
        file,
        last.line,
        last.column,
        "error",
        "CFG-CONTINUATION",
        `Statement ${keyword.text} ends with a continuation comma but the file ends`,
      ),
    );
    pending = [];
  }
  flush();
  return { statements, diagnostics };
}

function isBlankChar(c: string): boolean {
  return c === " " || c === "\t" || isBlank(c.charCodeAt(0));
}

/** A word ends at a blank, a comma or a comment. */
function isWordEnd(t: string, i: number): boolean {
  const c = t[i];
  return c === "," || isBlankChar(c) || (c === "/" && t[i + 1] === "*");
}
