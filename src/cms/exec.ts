import { splitRecords } from "../text/records";

/**
 * The EXEC runner (issue #11 item 3): the REXX that sites put in a service machine's profile
 * (AUTOLOG1's `PROFILE EXEC`, RSCS's `PROFILE GCS`), parsed and run clause by clause against a host
 * that the caller plugs in (CP, CMS, GCS, RSCS commands). Plain TypeScript; no eval, no Function.
 *
 * Decisions:
 * - **The subset.** Comments (nested, over lines); clauses ended by `;` or a line end; a trailing
 *   comma continues a clause; labels; `var = expr` (simple and compound symbols, `stem. = v`);
 *   `SAY`; `ADDRESS env [expr]`, `ADDRESS` alone (back to the previous environment); `IF .. THEN ..
 *   [ELSE ..]`; `DO; .. END`, `DO n`, `DO var = a [TO b] [BY c] [FOR n]`, `DO FOREVER`, `WHILE` and
 *   `UNTIL` on any of them; `LEAVE`, `ITERATE`; `SIGNAL label`; `EXIT [n]` and `RETURN [n]` (a
 *   main program has no caller: RETURN ends it as EXIT does); `NOP`; `TRACE O|N` (the default).
 *   Expressions: literal strings, symbols, parentheses, concatenation (`||`, blank, abuttal),
 *   comparisons (`= \= ¬= <> >< > < >= <= \> \<` and the strict `== \== >> << >>= <<=`), `\`, `&`,
 *   `|`, `&&`, and `+ - * / % // **` on whole numbers of at most 9 digits.
 * - **REXX's rules where implemented.** An unset symbol is its own name in upper case (`rc` before any
 *   command is `RC`); a compound symbol's tail is substituted; `=` compares numerically when both
 *   sides are numbers, else as strings with leading and trailing blanks stripped and the shorter
 *   padded with blanks; strict comparisons compare exactly; a clause that is only an expression is a
 *   command: its value goes to the current environment (so an unquoted `LINKDEFINE LTICVM2 ...` is
 *   sent too, as REXX would), and `RC` is set to the return code. The environment starts as `CMS`
 *   (`GCS` for a file of type GCS) unless the caller says otherwise; `ADDRESS ''` passes the null
 *   environment name through to the host, which decides what it means. Strings compare by UTF-16
 *   code unit, not in EBCDIC order as on VM.
 * - **The first line.** CMS runs a file as REXX only if it starts with a comment; a file that does
 *   not is EXEC 2 or CMS EXEC, which we do not simulate: nothing runs and one line says so.
 * - **Not simulated** (a line on the console, the clause skipped, the run goes on): any clause the
 *   parser does not understand, including function calls, ARG, PARSE, PULL, PUSH, QUEUE, CALL,
 *   DROP, NUMERIC, INTERPRET, SELECT (skipped up to its END), ADDRESS VALUE, SIGNAL ON, TRACE other
 *   than O or N, hex and binary strings, decimal or exponential arithmetic, a DO without END, a
 *   SIGNAL to a label inside a DO; the line reads `PROFILE EXEC line 7: not simulated: <clause>`
 *   (the clause's text with blanks collapsed, cut to 57 characters and "..." past 60). The note is
 *   shown when the clause is reached, not for a branch not taken. An IF or DO whose expression is
 *   not simulated is skipped whole, branches and body. Files nested more than 50 deep do not run.
 * - **REXX errors stop the run** in what we do simulate, as they stop a real exec, with rc 20000 plus
 *   the REXX error number (what CMS returns): 16 label not found, 26 not a whole number, 28 LEAVE or
 *   ITERATE outside a loop, 34 logical value not 0 or 1, 41 bad arithmetic conversion, 42 division
 *   by zero, 5 a value over 65,536 characters (our bound). The line reads `PROFILE EXEC line 7:
 *   error 34: logical value not 0 or 1`; `stopped` is "error".
 * - **Bounded.** Every clause executed and every loop iteration is one step; past `maxSteps` the run
 *   stops with `PROFILE EXEC line 7: stopped after 1000 steps`, `stopped` "steps" and rc 20004 (REXX
 *   error 4, program interrupted, as if halted). A clause of more than 1,000 tokens is not simulated.
 * - **The host.** Each command is recorded with its line, environment, text and rc; the host's lines
 *   go to the console in order. A host that throws is treated as rc -3 (CMS: command not found) with
 *   a console line, so a run never throws.
 */

/** What the runner asks of the machine it runs on. */
export interface ExecHost {
  command(environment: string, text: string): Promise<{ rc: number; lines: string[] }>;
}

/** A host command the EXEC issued. */
export interface ExecCommand {
  line: number;
  environment: string;
  text: string;
  rc: number;
}

export interface ExecResult {
  /** Console lines in order: SAY output, host command output, notes. */
  lines: string[];
  commands: ExecCommand[];
  /** Why the run ended early: past the step bound, an EXIT (or RETURN), or a REXX error. */
  stopped?: "steps" | "exit" | "error";
  /** The EXEC's return code: EXIT's value, 0 at the end of the file, 20000 + error number. */
  rc: number;
}

export interface ExecOptions {
  /** The file's name and type, e.g. "PROFILE EXEC"; shown on every note. */
  file: string;
  host: ExecHost;
  /** Clauses (and loop iterations) the run may execute. */
  maxSteps: number;
  /** The initial ADDRESS environment; CMS, or GCS for a file of type GCS. */
  environment?: string;
}

export const DEFAULT_MAX_STEPS = 10_000;
/** Longest value a variable or expression may hold (REXX error 5 past it). */
export const MAX_VALUE_LENGTH = 65_536;
/** Deepest nesting of IF, DO and parentheses. */
const MAX_DEPTH = 50;
/** Most tokens in one clause. */
const MAX_TOKENS = 1_000;
/** Longest clause text on a note. */
const NOTE_TEXT = 60;

// ---------------------------------------------------------------------------------------------
// Lexer: source to clauses.

type TokenKind = "str" | "sym" | "op";

interface Token {
  kind: TokenKind;
  /** The string's value, the symbol as written, or the operator. */
  text: string;
  /** Preceded by a blank (or a comment): decides blank concatenation versus abuttal. */
  blank: boolean;
}

interface Clause {
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

function clauseText(tokens: Token[]): string {
  let s = "";
  for (const t of tokens) s += (s !== "" && t.blank ? " " : "") + tokenText(t);
  return s;
}

interface LexResult {
  clauses: Clause[];
  /** First line of an unterminated comment, if any. */
  openComment?: number;
}

function lex(source: string): LexResult {
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

// ---------------------------------------------------------------------------------------------
// Expressions.

type Expr =
  | { k: "lit"; v: string }
  | { k: "sym"; name: string }
  | { k: "un"; op: string; e: Expr }
  | { k: "bin"; op: string; a: Expr; b: Expr };

const COMPARISONS = new Set([
  "=",
  "\\=",
  "¬=",
  "<>",
  "><",
  ">",
  "<",
  ">=",
  "<=",
  "\\>",
  "\\<",
  "¬>",
  "¬<",
  "==",
  "\\==",
  "¬==",
  ">>",
  "<<",
  ">>=",
  "<<=",
  "\\>>",
  "\\<<",
  "¬>>",
  "¬<<",
]);

/** Reads one expression from tokens[pos..], stopping at a symbol in `stops` or an unknown token. */
class ExprParser {
  pos: number;
  failed = false;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    start: number,
    private readonly stops: ReadonlySet<string>,
  ) {
    this.pos = start;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isOp(t: Token | undefined, ...ops: string[]): boolean {
    return !!t && t.kind === "op" && ops.includes(t.text);
  }
  private isStop(t: Token | undefined): boolean {
    return !!t && t.kind === "sym" && this.stops.has(t.text.toUpperCase());
  }

  /** An expression, or undefined when there is none or it cannot be read. */
  parse(): Expr | undefined {
    const e = this.or();
    return this.failed ? undefined : e;
  }

  private or(): Expr {
    let a = this.and();
    while (!this.failed && this.isOp(this.peek(), "|", "&&")) {
      const op = this.tokens[this.pos++].text;
      a = { k: "bin", op, a, b: this.and() };
    }
    return a;
  }
  private and(): Expr {
    let a = this.comparison();
    while (!this.failed && this.isOp(this.peek(), "&")) {
      this.pos++;
      a = { k: "bin", op: "&", a, b: this.comparison() };
    }
    return a;
  }
  private comparison(): Expr {
    let a = this.concat();
    while (!this.failed) {
      const t = this.peek();
      if (!t || t.kind !== "op" || !COMPARISONS.has(t.text)) break;
      this.pos++;
      a = { k: "bin", op: t.text, a, b: this.concat() };
    }
    return a;
  }
  private concat(): Expr {
    let a = this.additive();
    while (!this.failed) {
      const t = this.peek();
      if (this.isOp(t, "||")) {
        this.pos++;
        a = { k: "bin", op: "||", a, b: this.additive() };
      } else if (t && (t.kind === "str" || (t.kind === "sym" && !this.isStop(t)) || this.isOp(t, "("))) {
        a = { k: "bin", op: t.blank ? " " : "||", a, b: this.additive() };
      } else break;
    }
    return a;
  }
  private additive(): Expr {
    let a = this.multiplicative();
    while (!this.failed && this.isOp(this.peek(), "+", "-")) {
      const op = this.tokens[this.pos++].text;
      a = { k: "bin", op, a, b: this.multiplicative() };
    }
    return a;
  }
  private multiplicative(): Expr {
    let a = this.power();
    while (!this.failed && this.isOp(this.peek(), "*", "/", "%", "//")) {
      const op = this.tokens[this.pos++].text;
      a = { k: "bin", op, a, b: this.power() };
    }
    return a;
  }
  private power(): Expr {
    let a = this.prefix();
    while (!this.failed && this.isOp(this.peek(), "**")) {
      this.pos++;
      a = { k: "bin", op: "**", a, b: this.prefix() };
    }
    return a;
  }
  private prefix(): Expr {
    const t = this.peek();
    if (this.isOp(t, "\\", "¬", "-", "+")) {
      this.pos++;
      if (++this.depth > MAX_DEPTH) return this.fail();
      const e = this.prefix();
      this.depth--;
      return { k: "un", op: t!.text === "¬" ? "\\" : t!.text, e };
    }
    return this.term();
  }
  private term(): Expr {
    const t = this.peek();
    if (!t || this.isStop(t)) return this.fail();
    if (t.kind === "str") {
      this.pos++;
      // A string followed at once by "(" is a function call.
      if (this.isOp(this.peek(), "(") && !this.peek()!.blank) return this.fail();
      return { k: "lit", v: t.text };
    }
    if (t.kind === "sym") {
      this.pos++;
      if (this.isOp(this.peek(), "(") && !this.peek()!.blank) return this.fail();
      return { k: "sym", name: t.text };
    }
    if (t.text === "(") {
      this.pos++;
      if (++this.depth > MAX_DEPTH) return this.fail();
      const e = this.or();
      this.depth--;
      if (!this.isOp(this.peek(), ")")) return this.fail();
      this.pos++;
      return e;
    }
    return this.fail();
  }
  private fail(): Expr {
    this.failed = true;
    return { k: "lit", v: "" };
  }
}

/** Parses tokens[start..] up to a stop word; `next` is where it stopped. */
function parseExpr(
  tokens: Token[],
  start: number,
  stops: ReadonlySet<string> = NO_STOPS,
): { expr: Expr; next: number } | undefined {
  const p = new ExprParser(tokens, start, stops);
  const expr = p.parse();
  return expr ? { expr, next: p.pos } : undefined;
}

/** The whole of tokens[start..] as one expression, or undefined. */
function parseWholeExpr(tokens: Token[], start: number): Expr | undefined {
  const r = parseExpr(tokens, start);
  return r && r.next === tokens.length ? r.expr : undefined;
}

const NO_STOPS: ReadonlySet<string> = new Set();

// ---------------------------------------------------------------------------------------------
// Statements.

type Stmt = { line: number; text: string } & (
  | { k: "say"; e: Expr }
  | { k: "assign"; name: string; e: Expr }
  | { k: "command"; env?: string; e: Expr }
  | { k: "address"; env?: string }
  | { k: "if"; cond: Expr; then: Stmt; else?: Stmt }
  | { k: "do"; loop: Loop; body: Stmt[] }
  | { k: "exit"; e?: Expr }
  | { k: "signal"; label: string }
  | { k: "leave" | "iterate"; name?: string }
  | { k: "label"; name: string }
  | { k: "nop" }
  | { k: "unsupported" }
);

interface Loop {
  control?: { name: string; from: Expr; to?: Expr; by?: Expr; for?: Expr };
  count?: Expr;
  forever?: boolean;
  while?: Expr;
  until?: Expr;
}

/** A parsed EXEC: its top-level statements, and labels by name (top level only). */
export interface ExecProgram {
  statements: Stmt[];
  labels: Map<string, number>;
  /** Labels inside DO blocks or IFs: a SIGNAL there is not simulated. */
  nestedLabels: Set<string>;
  /** Why the whole file does not run, if it does not. */
  refused?: { line: number; reason: string };
}

/** Instructions REXX has that the runner does not simulate. */
const UNSIMULATED = new Set([
  "ARG",
  "CALL",
  "DROP",
  "INTERPRET",
  "NUMERIC",
  "OPTIONS",
  "PARSE",
  "PROCEDURE",
  "PULL",
  "PUSH",
  "QUEUE",
  "UPPER",
  "WHEN",
  "OTHERWISE",
]);

const DO_STOPS: ReadonlySet<string> = new Set(["TO", "BY", "FOR", "WHILE", "UNTIL"]);
const COND_STOPS: ReadonlySet<string> = new Set(["WHILE", "UNTIL"]);

const isSym = (t: Token | undefined, word?: string): boolean =>
  !!t && t.kind === "sym" && (word === undefined || t.text.toUpperCase() === word);
const isOpTok = (t: Token | undefined, op: string): boolean => !!t && t.kind === "op" && t.text === op;
/** A symbol that can be a variable: not a number or other constant symbol. */
const isVariableName = (s: string): boolean => !/^[0-9.]/.test(s);

class Parser {
  private i = 0;
  /** Rests of clauses split at THEN, ELSE, END: read before the next clause of the file. */
  private readonly pending: Clause[] = [];
  tooDeep?: number;
  readonly labels = new Map<string, number>();
  readonly nestedLabels = new Set<string>();

  constructor(private readonly clauses: Clause[]) {}

  program(): Stmt[] {
    const out: Stmt[] = [];
    while (this.peek() && this.tooDeep === undefined) {
      const s = this.instruction(0);
      if (!s) break;
      if (s.k === "label" && !this.labels.has(s.name)) this.labels.set(s.name, out.length);
      out.push(s);
    }
    return out;
  }

  private next(): Clause | undefined {
    return this.pending.pop() ?? this.clauses[this.i++];
  }
  private peek(): Clause | undefined {
    return this.pending[this.pending.length - 1] ?? this.clauses[this.i];
  }
  /** Puts the rest of a clause back, to be read as the next clause. */
  private pushBack(line: number, tokens: Token[]): void {
    if (tokens.length === 0) return;
    this.pending.push({ line, tokens, text: clauseText(tokens) });
  }

  /** Skips clauses up to the END that closes a DO or SELECT just read. */
  private skipBlock(): void {
    let depth = 1;
    while (depth > 0) {
      const c = this.next();
      if (!c) return;
      const t = c.tokens;
      for (let j = 0; j < t.length; j++) {
        const starts =
          j === 0 ||
          (t[j - 1].kind === "sym" && ["THEN", "ELSE", "OTHERWISE"].includes(t[j - 1].text.toUpperCase())) ||
          isOpTok(t[j - 1], ":");
        if (!starts || t[j].kind !== "sym" || isOpTok(t[j + 1], "=")) continue;
        const w = t[j].text.toUpperCase();
        if (w === "DO" || w === "SELECT") depth++;
        else if (w === "END" && j === 0) depth--;
      }
    }
  }

  private unsupported(c: Clause, tokens: Token[] = c.tokens): Stmt {
    return { k: "unsupported", line: c.line, text: tokens === c.tokens ? c.text : clauseText(tokens) };
  }

  /** One instruction (with its IF branches or DO body), or undefined at the end of the file. */
  instruction(depth: number): Stmt | undefined {
    const c = this.next();
    if (!c) return undefined;
    if (depth > MAX_DEPTH) {
      this.tooDeep = c.line;
      return this.unsupported(c);
    }
    if (c.bad) return this.unsupported(c);
    const t = c.tokens;
    const line = c.line;
    const text = c.text;
    const t0 = t[0];

    if (isSym(t0) && isOpTok(t[1], ":") && t.length === 2) {
      const name = t0.text.toUpperCase();
      if (depth > 0) this.nestedLabels.add(name);
      return { k: "label", line, text, name };
    }
    if (isSym(t0) && isOpTok(t[1], "=")) {
      if (!isVariableName(t0.text)) return this.unsupported(c);
      const e = t.length === 2 ? ({ k: "lit", v: "" } as Expr) : parseWholeExpr(t, 2);
      if (!e) return this.unsupported(c);
      return { k: "assign", line, text, name: t0.text.toUpperCase(), e };
    }
    const word = isSym(t0) ? t0.text.toUpperCase() : "";
    switch (word) {
      case "SAY": {
        const e = t.length === 1 ? ({ k: "lit", v: "" } as Expr) : parseWholeExpr(t, 1);
        return e ? { k: "say", line, text, e } : this.unsupported(c);
      }
      case "ADDRESS": {
        if (t.length === 1) return { k: "address", line, text };
        const env = t[1];
        if (env.kind === "op" || isSym(env, "VALUE")) return this.unsupported(c);
        const name = env.kind === "sym" ? env.text.toUpperCase() : env.text;
        if (t.length === 2) return { k: "address", line, text, env: name };
        const e = parseWholeExpr(t, 2);
        return e ? { k: "command", line, text, env: name, e } : this.unsupported(c);
      }
      case "IF":
        return this.ifInstruction(c, depth);
      case "DO":
        return this.doInstruction(c, depth);
      case "SELECT":
        this.skipBlock();
        return this.unsupported(c);
      case "EXIT":
      case "RETURN": {
        if (t.length === 1) return { k: "exit", line, text };
        const e = parseWholeExpr(t, 1);
        return e ? { k: "exit", line, text, e } : this.unsupported(c);
      }
      case "SIGNAL":
        if (t.length === 2 && isSym(t[1]) && !["ON", "OFF", "VALUE"].includes(t[1].text.toUpperCase())) {
          return { k: "signal", line, text, label: t[1].text.toUpperCase() };
        }
        return this.unsupported(c);
      case "LEAVE":
      case "ITERATE":
        if (t.length === 1) return { k: word === "LEAVE" ? "leave" : "iterate", line, text };
        if (t.length === 2 && isSym(t[1]))
          return { k: word === "LEAVE" ? "leave" : "iterate", line, text, name: t[1].text.toUpperCase() };
        return this.unsupported(c);
      case "NOP":
        return t.length === 1 ? { k: "nop", line, text } : this.unsupported(c);
      case "TRACE": {
        // TRACE Off and TRACE Normal (the default) change nothing we show.
        const setting = t.length === 2 && t[1].kind !== "op" ? t[1].text.replace(/^[?!]+/, "") : "";
        return /^[oOnN]/.test(setting) ? { k: "nop", line, text } : this.unsupported(c);
      }
      case "END":
      case "THEN":
      case "ELSE":
        return this.unsupported(c);
    }
    if (UNSIMULATED.has(word)) return this.unsupported(c);
    const e = parseWholeExpr(t, 0);
    return e ? { k: "command", line, text, e } : this.unsupported(c);
  }

  private ifInstruction(c: Clause, depth: number): Stmt {
    const t = c.tokens;
    // THEN ends the condition: in this clause, or starting the next one.
    let at = t.findIndex((x, j) => j > 0 && isSym(x, "THEN"));
    let rest: Token[];
    if (at >= 0) {
      rest = t.slice(at + 1);
    } else {
      const n = this.peek();
      if (!n || n.bad || !isSym(n.tokens[0], "THEN")) return this.unsupported(c);
      this.next();
      at = t.length;
      rest = n.tokens.slice(1);
    }
    const header = t.slice(0, at + 1);
    const cond = parseWholeExpr(t.slice(0, at), 1);
    // The branches are read even when the condition is not simulated: they are skipped with it.
    this.pushBack(c.line, rest);
    const thenStmt = this.instruction(depth + 1);
    let elseStmt: Stmt | undefined;
    const n = this.peek();
    if (thenStmt && n && !n.bad && isSym(n.tokens[0], "ELSE") && !isOpTok(n.tokens[1], "=")) {
      this.next();
      this.pushBack(n.line, n.tokens.slice(1));
      elseStmt = this.instruction(depth + 1) ?? this.unsupported(n);
    }
    if (!cond || !thenStmt || thenStmt.k === "label" || elseStmt?.k === "label") {
      return this.unsupported(c, at < t.length ? c.tokens : header);
    }
    const stmt: Stmt = { k: "if", line: c.line, text: clauseText(header), cond, then: thenStmt };
    if (elseStmt) stmt.else = elseStmt;
    return stmt;
  }

  private doInstruction(c: Clause, depth: number): Stmt {
    const loop = this.loopHeader(c.tokens);
    if (!loop) {
      this.skipBlock();
      return this.unsupported(c);
    }
    const body: Stmt[] = [];
    for (;;) {
      const n = this.peek();
      if (!n) return this.unsupported(c); // DO without END
      if (!n.bad && isSym(n.tokens[0], "END") && !isOpTok(n.tokens[1], "=")) {
        this.next();
        // END [name]; anything after it is a clause of its own.
        const more = isSym(n.tokens[1]) ? n.tokens.slice(2) : n.tokens.slice(1);
        this.pushBack(n.line, more);
        break;
      }
      const s = this.instruction(depth + 1);
      if (!s || this.tooDeep !== undefined) return this.unsupported(c);
      body.push(s);
    }
    return { k: "do", line: c.line, text: clauseText(c.tokens), loop, body };
  }

  /** The repetitor and conditions after DO, or undefined for forms not simulated. */
  private loopHeader(t: Token[]): Loop | undefined {
    const loop: Loop = {};
    let i = 1;
    if (i < t.length && !isSym(t[i], "WHILE") && !isSym(t[i], "UNTIL")) {
      if (isSym(t[i], "FOREVER")) {
        loop.forever = true;
        i++;
      } else if (isSym(t[i]) && isOpTok(t[i + 1], "=")) {
        if (!isVariableName(t[i].text)) return undefined;
        const name = t[i].text.toUpperCase();
        const from = parseExpr(t, i + 2, DO_STOPS);
        if (!from) return undefined;
        const control: Loop["control"] = { name, from: from.expr };
        i = from.next;
        while (i < t.length && !isSym(t[i], "WHILE") && !isSym(t[i], "UNTIL")) {
          const kw = t[i].text.toUpperCase() as "TO" | "BY" | "FOR";
          const key = kw === "TO" ? "to" : kw === "BY" ? "by" : "for";
          if (control[key]) return undefined;
          const e = parseExpr(t, i + 1, DO_STOPS);
          if (!e) return undefined;
          control[key] = e.expr;
          i = e.next;
        }
        loop.control = control;
      } else {
        const e = parseExpr(t, i, COND_STOPS);
        if (!e) return undefined;
        loop.count = e.expr;
        i = e.next;
      }
    }
    if (i < t.length) {
      const kw = t[i].text.toUpperCase();
      const e = parseExpr(t, i + 1);
      if (!e || e.next !== t.length) return undefined;
      if (kw === "WHILE") loop.while = e.expr;
      else loop.until = e.expr;
    }
    return loop;
  }
}

/** Parses an EXEC's text; never throws. */
export function parseExec(text: string | readonly string[]): ExecProgram {
  const records = typeof text === "string" ? splitRecords(text).map((r) => r.text) : [...text];
  const empty = { statements: [], labels: new Map(), nestedLabels: new Set<string>() };
  if (!/^\s*\/\*/.test(records[0] ?? "")) {
    return { ...empty, refused: { line: 1, reason: "not REXX: line 1 is not a comment" } };
  }
  const { clauses, openComment } = lex(records.join("\n"));
  const parser = new Parser(clauses);
  const statements = parser.program();
  if (parser.tooDeep !== undefined) {
    return { ...empty, refused: { line: parser.tooDeep, reason: `nested more than ${MAX_DEPTH} deep` } };
  }
  if (openComment !== undefined) {
    statements.push({ k: "unsupported", line: openComment, text: "/* (comment not ended)" });
  }
  return { statements, labels: parser.labels, nestedLabels: parser.nestedLabels };
}

// ---------------------------------------------------------------------------------------------
// Values.

/** A REXX number: blanks, sign, digits with a point, exponent, blanks. */
const NUMBER = /^ *[+-]? *(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/;
/** The numbers we compute with: whole, at most 9 digits, no point or exponent. */
const WHOLE = /^ *([+-]?) *(\d+) *$/;

/** A REXX error (stops the run) or a form we do not simulate (skips the clause). */
type Fault = { error: number; message: string } | { unsupported: true };

class Failure {
  constructor(readonly fault: Fault) {}
}

function rexxError(error: number, message: string): Failure {
  return new Failure({ error, message });
}
const NOT_SIMULATED = new Failure({ unsupported: true });

function wholeNumber(v: string): number {
  const m = WHOLE.exec(v);
  if (!m) {
    if (NUMBER.test(v)) throw NOT_SIMULATED;
    throw rexxError(41, "bad arithmetic conversion");
  }
  const digits = m[2].replace(/^0+(?=\d)/, "");
  if (digits.length > 9) throw NOT_SIMULATED;
  const n = Number(digits);
  return m[1] === "-" ? -n : n;
}

function fromNumber(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) >= 1e9) throw NOT_SIMULATED;
  return String(n === 0 ? 0 : n);
}

function stripBlanks(s: string): string {
  return s.replace(/^ +| +$/g, "");
}

/** REXX's normal comparison: numeric when both are numbers, else blank-stripped and padded. */
function compareNormal(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) {
    const x = Number(a.replace(/ /g, ""));
    const y = Number(b.replace(/ /g, ""));
    return x === y ? 0 : x < y ? -1 : 1;
  }
  let x = stripBlanks(a);
  let y = stripBlanks(b);
  if (x.length < y.length) x = x.padEnd(y.length, " ");
  else y = y.padEnd(x.length, " ");
  return x === y ? 0 : x < y ? -1 : 1;
}

function compareStrict(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compare(op: string, a: string, b: string): boolean {
  const strict = ["==", "\\==", "¬==", ">>", "<<", ">>=", "<<=", "\\>>", "\\<<", "¬>>", "¬<<"].includes(op);
  const c = strict ? compareStrict(a, b) : compareNormal(a, b);
  switch (op.replace("¬", "\\")) {
    case "=":
    case "==":
      return c === 0;
    case "\\=":
    case "\\==":
    case "<>":
    case "><":
      return c !== 0;
    case ">":
    case ">>":
      return c > 0;
    case "<":
    case "<<":
      return c < 0;
    case ">=":
    case ">>=":
    case "\\<":
    case "\\<<":
      return c >= 0;
    default: // <= <<= \> \>>
      return c <= 0;
  }
}

function logical(v: string): boolean {
  if (v === "1") return true;
  if (v === "0") return false;
  throw rexxError(34, "logical value not 0 or 1");
}

// ---------------------------------------------------------------------------------------------
// Interpreter.

type Flow =
  | { k: "next" }
  | { k: "leave" | "iterate"; name?: string; line: number }
  | { k: "signal"; label: string; line: number }
  | { k: "end" };

const NEXT: Flow = { k: "next" };
const END: Flow = { k: "end" };

class Run {
  readonly lines: string[] = [];
  readonly commands: ExecCommand[] = [];
  stopped?: ExecResult["stopped"];
  rc = 0;
  private steps = 0;
  private readonly vars = new Map<string, string>();
  private readonly stems = new Map<string, string>();
  private env: string;
  private previousEnv: string;

  constructor(
    private readonly program: ExecProgram,
    private readonly file: string,
    private readonly host: ExecHost,
    private readonly maxSteps: number,
    environment: string,
  ) {
    this.env = environment;
    this.previousEnv = environment;
  }

  note(line: number, text: string): void {
    this.lines.push(`${this.file} line ${line}: ${text}`);
  }

  private notSimulated(line: number, text: string): void {
    const t = text.length > NOTE_TEXT ? `${text.slice(0, NOTE_TEXT - 3)}...` : text;
    this.note(line, `not simulated: ${t}`);
  }

  /** Counts a step; false (and the run stopped) past the bound. */
  private step(line: number): boolean {
    if (++this.steps <= this.maxSteps) return true;
    this.note(line, `stopped after ${this.maxSteps} steps`);
    this.stopped = "steps";
    this.rc = 20004;
    return false;
  }

  private fault(line: number, text: string, f: unknown): Flow {
    if (!(f instanceof Failure)) throw f;
    if ("unsupported" in f.fault) {
      this.notSimulated(line, text);
      return NEXT;
    }
    this.note(line, `error ${f.fault.error}: ${f.fault.message}`);
    this.stopped = "error";
    this.rc = 20000 + f.fault.error;
    return END;
  }

  // Values of symbols.

  private derivedName(symbol: string): string {
    const up = symbol.toUpperCase();
    const dot = up.indexOf(".");
    if (dot < 0 || dot === up.length - 1 || !isVariableName(up)) return up;
    const tails = up
      .slice(dot + 1)
      .split(".")
      .map((part) => (part !== "" && isVariableName(part) ? (this.vars.get(part) ?? part) : part));
    return up.slice(0, dot + 1) + tails.join(".");
  }

  private value(symbol: string): string {
    if (!isVariableName(symbol)) return symbol.toUpperCase();
    const name = this.derivedName(symbol);
    const v = this.vars.get(name);
    if (v !== undefined) return v;
    const dot = name.indexOf(".");
    return dot >= 0 ? (this.stems.get(name.slice(0, dot + 1)) ?? name) : name;
  }

  private assign(symbol: string, v: string): void {
    const name = this.derivedName(symbol);
    if (name.endsWith(".") && name.indexOf(".") === name.length - 1) {
      for (const k of [...this.vars.keys()]) if (k.startsWith(name)) this.vars.delete(k);
      this.stems.set(name, v);
    } else this.vars.set(name, v);
  }

  /** Evaluates; throws a Failure (caught per clause) for REXX errors and forms not simulated. */
  private evaluate(e: Expr): string {
    switch (e.k) {
      case "lit":
        return e.v;
      case "sym":
        return this.value(e.name);
      case "un": {
        const v = this.evaluate(e.e);
        if (e.op === "\\") return logical(v) ? "0" : "1";
        const n = wholeNumber(v);
        return fromNumber(e.op === "-" ? -n : n);
      }
      case "bin": {
        const { op } = e;
        if (op === "&" || op === "|" || op === "&&") {
          const a = logical(this.evaluate(e.a));
          const b = logical(this.evaluate(e.b));
          return (op === "&" ? a && b : op === "|" ? a || b : a !== b) ? "1" : "0";
        }
        const a = this.evaluate(e.a);
        const b = this.evaluate(e.b);
        if (op === "||" || op === " ") {
          if (a.length + b.length + 1 > MAX_VALUE_LENGTH) {
            throw rexxError(5, `value longer than ${MAX_VALUE_LENGTH} characters`);
          }
          return op === " " ? `${a} ${b}` : a + b;
        }
        if (COMPARISONS.has(op)) return compare(op, a, b) ? "1" : "0";
        const x = wholeNumber(a);
        const y = wholeNumber(b);
        switch (op) {
          case "+":
            return fromNumber(x + y);
          case "-":
            return fromNumber(x - y);
          case "*":
            return fromNumber(x * y);
          case "**":
            if (y < 0 || y > 64) throw NOT_SIMULATED;
            return fromNumber(x ** y);
        }
        if (y === 0) throw rexxError(42, "arithmetic overflow/underflow (division by zero)");
        if (op === "/") return fromNumber(x / y);
        if (op === "%") return fromNumber(Math.trunc(x / y));
        return fromNumber(x % y); // "//": the remainder has the sign of the dividend
      }
    }
  }

  /** Runs the program from its first statement; SIGNAL goes to a top-level label. */
  async main(): Promise<void> {
    const { statements, labels, nestedLabels } = this.program;
    let pc = 0;
    while (pc < statements.length) {
      const flow = await this.exec(statements[pc]);
      if (flow.k === "end") return;
      if (flow.k === "next") {
        pc++;
        continue;
      }
      if (flow.k === "signal") {
        const target = labels.get(flow.label);
        if (target !== undefined) {
          this.vars.set("SIGL", String(flow.line));
          pc = target;
          continue;
        }
        if (nestedLabels.has(flow.label)) {
          this.notSimulated(flow.line, `SIGNAL ${flow.label} (a label inside DO or IF)`);
          pc++;
          continue;
        }
        this.fault(flow.line, "", rexxError(16, `label not found: ${flow.label}`));
        return;
      }
      this.fault(flow.line, "", rexxError(28, `${flow.k.toUpperCase()} outside a loop`));
      return;
    }
  }

  private async block(body: Stmt[]): Promise<Flow> {
    for (const s of body) {
      const flow = await this.exec(s);
      if (flow.k !== "next") return flow;
    }
    return NEXT;
  }

  private async exec(s: Stmt): Promise<Flow> {
    if (!this.step(s.line)) return END;
    try {
      switch (s.k) {
        case "label":
        case "nop":
          return NEXT;
        case "unsupported":
          this.notSimulated(s.line, s.text);
          return NEXT;
        case "say":
          this.lines.push(this.evaluate(s.e));
          return NEXT;
        case "assign":
          this.assign(s.name, this.evaluate(s.e));
          return NEXT;
        case "address":
          if (s.env === undefined) [this.env, this.previousEnv] = [this.previousEnv, this.env];
          else [this.previousEnv, this.env] = [this.env, s.env];
          return NEXT;
        case "command":
          await this.command(s.line, s.env ?? this.env, this.evaluate(s.e));
          return NEXT;
        case "if":
          return logical(this.evaluate(s.cond))
            ? await this.exec(s.then)
            : s.else
              ? await this.exec(s.else)
              : NEXT;
        case "do":
          return await this.loop(s);
        case "exit": {
          const v = s.e ? this.evaluate(s.e) : "";
          let rc = 0;
          if (stripBlanks(v) !== "") {
            const n = NUMBER.test(v) ? Number(v.replace(/ /g, "")) : NaN;
            if (!Number.isInteger(n) || Math.abs(n) >= 1e9) throw rexxError(26, `not a whole number: ${v}`);
            rc = n;
          }
          this.rc = rc;
          this.stopped = "exit";
          return END;
        }
        case "signal":
          return { k: "signal", label: s.label, line: s.line };
        case "leave":
        case "iterate":
          return { k: s.k, name: s.name, line: s.line };
      }
    } catch (f) {
      return this.fault(s.line, s.text, f);
    }
  }

  private async command(line: number, environment: string, text: string): Promise<void> {
    let rc: number;
    let out: string[];
    try {
      const answer = await this.host.command(environment, text);
      rc = Number.isFinite(answer?.rc) ? Math.trunc(answer.rc) : -3;
      out = Array.isArray(answer?.lines) ? answer.lines.map(String) : [];
    } catch (err) {
      rc = -3;
      out = [];
      const message = err instanceof Error ? err.message : String(err);
      this.note(line, `command failed in the simulator: ${message.slice(0, NOTE_TEXT)}`);
    }
    this.commands.push({ line, environment, text, rc });
    this.lines.push(...out);
    this.vars.set("RC", String(rc));
  }

  private async loop(s: Stmt & { k: "do" }): Promise<Flow> {
    const { loop } = s;
    const control = loop.control;
    let to: number | undefined;
    let by = 1;
    let limit: number | undefined;
    if (control) {
      this.assign(control.name, fromNumber(wholeNumber(this.evaluate(control.from))));
      if (control.to) to = wholeNumber(this.evaluate(control.to));
      if (control.by) by = wholeNumber(this.evaluate(control.by));
      if (control.for) limit = this.count(this.evaluate(control.for));
    } else if (loop.count) limit = this.count(this.evaluate(loop.count));
    const once = !control && !loop.count && !loop.forever && !loop.while && !loop.until;
    for (let n = 0; ; n++) {
      if (once && n > 0) return NEXT;
      if (n > 0 && !this.step(s.line)) return END;
      if (limit !== undefined && n >= limit) return NEXT;
      if (control && to !== undefined) {
        const v = wholeNumber(this.value(control.name));
        if (by >= 0 ? v > to : v < to) return NEXT;
      }
      if (loop.while && !logical(this.evaluate(loop.while))) return NEXT;
      const flow = await this.block(s.body);
      if (flow.k === "end" || flow.k === "signal") return flow;
      if (flow.k === "leave" || flow.k === "iterate") {
        if (flow.name !== undefined && flow.name !== control?.name) return flow; // an outer loop's
        if (flow.k === "leave") return NEXT;
      }
      if (loop.until && logical(this.evaluate(loop.until))) return NEXT;
      if (control) this.assign(control.name, fromNumber(wholeNumber(this.value(control.name)) + by));
    }
  }

  private count(v: string): number {
    const n = NUMBER.test(v) ? Number(v.replace(/ /g, "")) : NaN;
    if (!Number.isInteger(n) || n < 0) throw rexxError(26, `not a whole number: ${v}`);
    return n;
  }
}

/** The environment commands go to when the EXEC has not said: CMS, or GCS for a GCS file. */
export function defaultEnvironment(file: string): string {
  return /\sGCS$/i.test(file.trim()) ? "GCS" : "CMS";
}

/** Runs an EXEC against a host. Never throws (a host that throws is rc -3); always ends. */
export async function runExec(text: string | readonly string[], options: ExecOptions): Promise<ExecResult> {
  const file = options.file.trim().replace(/\s+/g, " ").toUpperCase();
  const maxSteps = Number.isFinite(options.maxSteps) ? Math.max(0, Math.floor(options.maxSteps)) : 0;
  const program = parseExec(text);
  const run = new Run(program, file, options.host, maxSteps, options.environment ?? defaultEnvironment(file));
  if (program.refused) {
    run.note(program.refused.line, `not simulated: ${program.refused.reason}`);
  } else {
    try {
      await run.main();
    } catch (err) {
      // Not expected: every Failure is caught per clause. Say so rather than throw.
      run.note(0, `runner failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 80));
      run.stopped = "error";
      run.rc = 20049;
    }
  }
  return {
    lines: run.lines,
    commands: run.commands,
    ...(run.stopped ? { stopped: run.stopped } : {}),
    rc: run.rc,
  };
}
