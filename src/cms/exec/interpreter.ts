/** The interpreter: runs the program tree clause by clause against the host, counting steps. */

import { evaluate, type Expr } from "./expressions";
import { isVariableName } from "./lexer";
import { NOTE_TEXT } from "./limits";
import { type ExecProgram, parseExec, type Stmt } from "./parser";
import type { ExecCommand, ExecHost, ExecOptions, ExecResult } from "./types";
import { Failure, fromNumber, logical, NUMBER, rexxError, stripBlanks, wholeNumber } from "./values";

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
    return evaluate(e, (symbol) => this.value(symbol));
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
