import { diag, type Diagnostic } from "../diagnostics";
import { splitRecords } from "../text/records";

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

/**
 * Reads a SYSTEM CONFIG file into statements: drops comments, joins records continued by a
 * trailing comma, splits off `sysname:` qualifiers. Problems become diagnostics, never exceptions.
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

  for (const record of splitRecords(text)) {
    // Blank out comments so columns stay true; a comment may run over several records.
    const t = record.text;
    let body = t;
    if (inComment || t.includes("/*")) {
      body = "";
      let i = 0;
      while (i < t.length) {
        if (inComment) {
          const close = t.indexOf("*/", i);
          const to = close < 0 ? t.length : close + 2;
          body += " ".repeat(to - i);
          if (close >= 0) inComment = null;
          i = to;
        } else {
          const open = t.indexOf("/*", i);
          if (open < 0) {
            body += t.slice(i);
            break;
          }
          body += `${t.slice(i, open)}  `;
          inComment = { line: record.line, column: open + 1 };
          i = open + 2;
        }
      }
    }
    const trimmed = body.trimEnd();
    if (trimmed === "") continue;
    const continues = trimmed.endsWith(",");
    const content = continues ? trimmed.slice(0, -1) : trimmed;
    const re = /[^\s,]+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(content)) !== null)
      pending.push({ text: m[0], line: record.line, column: m.index + 1 });
    pendingEndsWithComma = continues;
    if (!continues) flush();
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
