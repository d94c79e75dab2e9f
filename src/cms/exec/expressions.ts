/** Expressions: the tree, reading it from tokens, and evaluating it by REXX's rules. */

import type { Token } from "./lexer";
import { MAX_DEPTH, MAX_VALUE_LENGTH } from "./limits";
import { compare, fromNumber, logical, NOT_SIMULATED, rexxError, wholeNumber } from "./values";

export type Expr =
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
export function parseExpr(
  tokens: Token[],
  start: number,
  stops: ReadonlySet<string> = NO_STOPS,
): { expr: Expr; next: number } | undefined {
  const p = new ExprParser(tokens, start, stops);
  const expr = p.parse();
  return expr ? { expr, next: p.pos } : undefined;
}

/** The whole of tokens[start..] as one expression, or undefined. */
export function parseWholeExpr(tokens: Token[], start: number): Expr | undefined {
  const r = parseExpr(tokens, start);
  return r && r.next === tokens.length ? r.expr : undefined;
}

const NO_STOPS: ReadonlySet<string> = new Set();

/** Evaluates; throws a Failure (caught per clause) for REXX errors and forms not simulated. */
export function evaluate(e: Expr, value: (symbol: string) => string): string {
  switch (e.k) {
    case "lit":
      return e.v;
    case "sym":
      return value(e.name);
    case "un": {
      const v = evaluate(e.e, value);
      if (e.op === "\\") return logical(v) ? "0" : "1";
      const n = wholeNumber(v);
      return fromNumber(e.op === "-" ? -n : n);
    }
    case "bin": {
      const { op } = e;
      if (op === "&" || op === "|" || op === "&&") {
        const a = logical(evaluate(e.a, value));
        const b = logical(evaluate(e.b, value));
        return (op === "&" ? a && b : op === "|" ? a || b : a !== b) ? "1" : "0";
      }
      const a = evaluate(e.a, value);
      const b = evaluate(e.b, value);
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
