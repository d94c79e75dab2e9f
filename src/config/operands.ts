import { diag, type Diagnostic } from "../diagnostics";
import { isAbbrev } from "../text/records";
import type { ConfigWord } from "./lexer";
import type { ConfigStatement, SystemConfigModel } from "./model";

/** A cursor over a statement's operands that reports problems at the right column. */
export class Operands {
  private i = 0;
  readonly words: ConfigWord[];
  constructor(
    readonly stmt: ConfigStatement,
    readonly diagnostics: Diagnostic[],
  ) {
    this.words = stmt.raw.words.slice(1);
  }
  get done(): boolean {
    return this.i >= this.words.length;
  }
  peek(): ConfigWord | undefined {
    return this.words[this.i];
  }
  next(): ConfigWord | undefined {
    return this.words[this.i++];
  }
  /** Consumes the next word when it abbreviates `keyword` (at least `min` characters). */
  accept(keyword: string, min = keyword.length): boolean {
    const w = this.peek();
    if (w && isAbbrev(w.text, keyword, min)) {
      this.i++;
      return true;
    }
    return false;
  }
  error(message: string, at?: ConfigWord, code = "CFG-OPERAND"): void {
    const w = at ?? this.peek() ?? this.words[this.words.length - 1];
    this.diagnostics.push(
      diag(
        this.stmt.file,
        w?.line ?? this.stmt.line,
        w?.column ?? this.stmt.column,
        "error",
        code,
        `${this.stmt.keyword}: ${message}`,
      ),
    );
  }
  /** Reads a decimal number in [lo, hi]; reports and returns undefined when it is not. */
  number(what: string, lo: number, hi: number): number | undefined {
    const w = this.next();
    if (!w) {
      this.error(`${what} is missing`);
      return undefined;
    }
    if (!/^[0-9]+$/.test(w.text)) {
      this.error(`${what} ${w.text} is not a number`, w);
      return undefined;
    }
    const n = Number(w.text);
    if (n < lo || n > hi) {
      this.error(`${what} ${n} is out of range ${lo}-${hi}`, w);
      return undefined;
    }
    return n;
  }
  /** Reads a 1-8 character name (system, user or volume label). */
  name(what: string, maxLength = 8): string | undefined {
    const w = this.next();
    if (!w) {
      this.error(`${what} is missing`);
      return undefined;
    }
    const t = w.text.toUpperCase();
    if (t.length > maxLength || !/^[A-Z0-9@#$_&-]+$/.test(t)) {
      this.error(`${what} ${w.text} is not a valid name of 1-${maxLength} characters`, w);
      return undefined;
    }
    return t;
  }
  extra(): void {
    if (!this.done) this.error(`unexpected operand ${this.peek()!.text}`, undefined, "HCPCQV003E");
  }
}

// The model's entries spell out the statement's place (file, line, column, qualifier) rather than
// spreading an object that holds it: V8 copies a spread through a slow path, and a plex reads its
// SYSTEM CONFIG once per system; writing them out took a third off a warm lint of examples/ltic.

/** Reads one statement's operands into the model, reporting what is wrong with them. */
export type Handler = (stmt: ConfigStatement, model: SystemConfigModel, diagnostics: Diagnostic[]) => void;
