/** The lexer: an EXEC's source to clauses of tokens, comments and continuations removed. */

import { MAX_TOKENS } from "./limits";

type TokenKind = "str" | "sym" | "op";

export interface Token {
  kind: TokenKind;
  /** The string's value, the symbol as written, or the operator. */
  text: string;
  /** Preceded by a blank (or a comment): decides blank concatenation versus abuttal. */
  blank: boolean;
}

export interface Clause {
  line: number;
  tokens: Token[];
  /** Why the lexer could not read it (unmatched quote, invalid character, hex string). */
  bad?: boolean;
  /** The clause's source text, blanks collapsed, comments removed. */
  text: string;
}

const SYMBOL_CHAR = /[A-Za-z0-9.!?_@#$]/;
const OPERATORS = [
  "\\==",
  "¬==",
  ">>=",
  "<<=",
  "\\>>",
  "\\<<",
  "¬>>",
  "¬<<",
  "\\=",
  "¬=",
  "==",
  "<>",
  "><",
  ">=",
  "<=",
  ">>",
  "<<",
  "\\<",
  "\\>",
  "¬<",
  "¬>",
  "||",
  "&&",
  "**",
  "//",
  "=",
  "<",
  ">",
  "|",
  "&",
  "+",
  "-",
  "*",
  "/",
  "%",
  "\\",
  "¬",
  "(",
  ")",
  ",",
  ":",
];

function tokenText(t: Token): string {
  return t.kind === "str" ? `'${t.text.replaceAll("'", "''")}'` : t.text;
}

/** A clause's text rebuilt from its tokens, as a note shows it. */
export function clauseText(tokens: Token[]): string {
  let s = "";
  for (const t of tokens) s += (s !== "" && t.blank ? " " : "") + tokenText(t);
  return s;
}

interface LexResult {
  clauses: Clause[];
  /** First line of an unterminated comment, if any. */
  openComment?: number;
}

/** Splits source into clauses of tokens; never throws (what it cannot read is a bad clause). */
export function lex(source: string): LexResult {
  const clauses: Clause[] = [];
  let tokens: Token[] = [];
  let raw = "";
  let bad = false;
  let start = 1;
  let line = 1;
  let blank = false;
  let openComment: number | undefined;
  const n = source.length;
  let i = 0;

  const end = () => {
    if (tokens.length > 0 || bad) {
      const text = raw.replace(/\s+/g, " ").trim();
      clauses.push({ line: start, tokens, bad: bad || tokens.length > MAX_TOKENS || undefined, text });
    }
    tokens = [];
    raw = "";
    bad = false;
    blank = false;
  };
  const push = (kind: TokenKind, text: string) => {
    if (tokens.length === 0 && !bad) start = line;
    tokens.push({ kind, text, blank });
    blank = false;
  };

  while (i < n) {
    const c = source[i];
    if (c === "/" && source[i + 1] === "*") {
      // REXX comments nest.
      const from = line;
      let depth = 0;
      while (i < n) {
        if (source[i] === "/" && source[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (source[i] === "*" && source[i + 1] === "/") {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else {
          if (source[i] === "\n") line++;
          i++;
        }
      }
      if (depth > 0) openComment = from;
      blank = true;
      raw += " ";
      continue;
    }
    if (c === "\n") {
      const last = tokens[tokens.length - 1];
      if (last && last.kind === "op" && last.text === ",") {
        // Continuation: the comma stands for a blank.
        tokens.pop();
        blank = true;
        raw = raw.replace(/,\s*$/, " ");
      } else {
        end();
      }
      line++;
      i++;
      continue;
    }
    if (c === ";") {
      end();
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      blank = true;
      raw += " ";
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = "";
      let closed = false;
      while (j < n && source[j] !== "\n") {
        if (source[j] === c) {
          if (source[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += source[j];
        j++;
      }
      raw += source.slice(i, j);
      if (!closed) {
        if (tokens.length === 0) start = line;
        bad = true;
        i = j;
        continue;
      }
      // 'C1'X and '0101'B are hex and binary strings: not simulated.
      if (/[xXbB]/.test(source[j] ?? "") && !SYMBOL_CHAR.test(source[j + 1] ?? "")) {
        if (tokens.length === 0) start = line;
        bad = true;
        raw += source[j];
        i = j + 1;
        continue;
      }
      push("str", value);
      i = j;
      continue;
    }
    if (SYMBOL_CHAR.test(c)) {
      let j = i;
      while (j < n && SYMBOL_CHAR.test(source[j])) j++;
      // A number's exponent may carry a sign: 1E+5.
      if (
        /^(\d+\.?\d*|\.\d+)[eE]$/.test(source.slice(i, j)) &&
        (source[j] === "+" || source[j] === "-") &&
        /\d/.test(source[j + 1] ?? "")
      ) {
        j++;
        while (j < n && /\d/.test(source[j])) j++;
      }
      push("sym", source.slice(i, j));
      raw += source.slice(i, j);
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      push("op", op);
      raw += op;
      i += op.length;
      if (op === ":" && tokens.length === 2 && tokens[0].kind === "sym") end(); // a label is a clause
      continue;
    }
    // A character REXX does not allow in a program.
    if (tokens.length === 0 && !bad) start = line;
    bad = true;
    raw += c;
    i++;
  }
  end();
  return { clauses, openComment };
}

/** A symbol that can be a variable: not a number or other constant symbol. */
export const isVariableName = (s: string): boolean => !/^[0-9.]/.test(s);
