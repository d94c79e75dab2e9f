/** The parser: clauses to the program tree (statements, IF branches, DO bodies, labels). */

import { splitRecords } from "../../text/records";
import { type Expr, parseExpr, parseWholeExpr } from "./expressions";
import { type Clause, clauseText, isVariableName, lex, type Token } from "./lexer";
import { MAX_DEPTH } from "./limits";

export type Stmt = { line: number; text: string } & (
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

export interface Loop {
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
