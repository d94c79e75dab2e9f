import {
  checkAnswer,
  checkDirectory,
  checkNetwork,
  checkVolume,
  linesOf,
  showLines,
  type Answer,
  type Failure,
} from "./expect";
import { DEFAULT_WAIT_MS, MAX_RUN_MS, type Runbook } from "./schema";
import type { ResolvedStep } from "./sources";

/**
 * Runs a runbook's steps, one after another, through the plex's HTTP API: every step is the
 * request a user would send (the transport is the Worker's own app in-process, or fetch over
 * HTTP), so no command has a second implementation here. The first failing step stops the run;
 * the plex stays as that step left it, and the rest are skipped.
 */

/** Sends one request to the plex's routes (`path` under /v1/plexes/:plex) and answers its status and JSON. */
export type Transport = (method: string, path: string, body?: unknown) => Promise<Answer>;

/** One step's result. */
export interface StepResult {
  index: number;
  line: number;
  kind: string;
  name: string;
  status: "pass" | "fail" | "skipped";
  durationMs: number;
  failures?: Failure[];
  /** The answer's lines (of a failed step, or when asked for). */
  lines?: string[];
}

/** A run's result. */
export interface RunResult {
  name: string;
  plex: string;
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  steps: StepResult[];
}

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const enc = encodeURIComponent;

/** How a step reads: `cp LTICVM1 MAINT: XLINK FORMAT 0300 VMPCOM`. */
export function describeStep(s: ResolvedStep): string {
  if (s.name) return s.name;
  const a = s.args as Record<string, unknown>;
  const sys = typeof a === "string" ? a : (a.system as string | undefined);
  const who = [sys, a.user].filter(Boolean).join(" ");
  switch (s.kind) {
    case "cp":
    case "cms":
      return `${s.kind} ${who}: ${s.args.command}`;
    case "wait":
      return `wait ${who}: ${s.args.for}`;
    case "device":
      return `device ${who} ${s.args.vdev} ${s.args.op}${s.args.to ? ` to ${s.args.to}` : ""}`;
    case "ipl":
      return `ipl ${sys}${typeof s.args !== "string" && s.args.clean ? " clean" : ""}`;
    case "check":
      return `check: ${s.args}`;
    default:
      return who ? `${s.kind} ${who}` : s.kind;
  }
}

/** Sends a request, waiting out RATE_LIMITED answers (a runbook is many requests) while the run has time. */
async function send(
  t: Transport,
  deadline: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  for (;;) {
    const a = await t(method, path, body);
    const err = (a.body as { error?: { code?: string; details?: { retryAfterMs?: number } } })?.error;
    if (a.status !== 429 || err?.code !== "RATE_LIMITED") return a;
    const wait = Math.max(50, err.details?.retryAfterMs ?? 1000);
    if (Date.now() + wait > deadline) return a;
    await sleep(wait);
  }
}

/** The request a step sends, as method, path and body. */
function requestOf(s: ResolvedStep): [string, string, unknown] | undefined {
  const a = s.args as Record<string, unknown>;
  const sys = enc(typeof s.args === "string" ? s.args : String(a.system));
  const user = `/systems/${sys}/users/${enc(String(a.user))}`;
  switch (s.kind) {
    case "ipl":
      return [
        "POST",
        `/systems/${sys}/ipl`,
        typeof s.args === "string" ? {} : { clean: s.args.clean, volume: s.args.volume },
      ];
    case "shutdown":
    case "fail":
      return ["POST", `/systems/${sys}/${s.kind}`, {}];
    case "logon":
      return ["POST", `${user}/logon`, { password: s.args.password }];
    case "logoff":
      return ["POST", `${user}/cp`, { command: "LOGOFF" }];
    case "cp":
    case "cms":
      return ["POST", `${user}/${s.kind}`, { command: s.args.command }];
    case "punch":
      return ["POST", `${user}/punch`, { records: s.args.records, name: s.args.name, type: s.args.type }];
    case "tape":
      return ["POST", `${user}/tapes`, { vdev: s.args.vdev, volser: s.args.volser }];
    case "device":
      if (s.args.op === "copy") return undefined;
      return [
        "POST",
        `${user}/devices/${enc(s.args.vdev)}/${s.args.op}`,
        s.args.op === "reserve"
          ? { wait: s.args.wait ?? false }
          : s.args.op === "write"
            ? { records: s.args.records ?? [] }
            : s.args.op === "read"
              ? { from: 0, count: 1000 }
              : {},
      ];
    case "put config":
      return ["PUT", "/config", s.body];
    case "put directory":
      return ["PUT", "/directory", s.body];
    case "put files":
      return ["PUT", "/files", s.body];
    default:
      return undefined;
  }
}

/** A runner over one transport, with the run's deadline and the consoles' read positions. */
class Run {
  /** Per console (SYS/USER), the line the last `wait` on it matched: the next one reads after it. */
  private readonly matched = new Map<string, number>();

  constructor(
    private readonly t: Transport,
    readonly deadline: number,
  ) {}

  send(method: string, path: string, body?: unknown): Promise<Answer> {
    return send(this.t, this.deadline, method, path, body);
  }

  /** DDR's copy: every record of one device written to another, through the read and write routes. */
  private async copy(s: Extract<ResolvedStep, { kind: "device" }>): Promise<Answer> {
    const user = `/systems/${enc(s.args.system)}/users/${enc(s.args.user)}/devices`;
    const read = await this.send("POST", `${user}/${enc(s.args.vdev)}/read`, { from: 0, count: 1000 });
    if (read.status !== 200 || !s.args.to) return read;
    const records = (read.body as { records: unknown[] }).records;
    if (records.length === 0) return { status: 200, body: { lines: [`${s.args.vdev} holds no records`] } };
    const write = await this.send("POST", `${user}/${enc(s.args.to)}/write`, { records });
    if (write.status !== 200) return write;
    return {
      status: 200,
      body: {
        lines: [
          `${records.length} record${records.length === 1 ? "" : "s"} copied from ${s.args.vdev} to ${s.args.to}`,
        ],
      },
    };
  }

  /** Reads a console until a line has the text (its answer), or the wait's bound (or the run's) passes (a failure). */
  private async wait(
    s: Extract<ResolvedStep, { kind: "wait" }>,
  ): Promise<Answer | { failure: Failure; lines: string[] }> {
    const key = `${s.args.system}/${s.args.user}`.toUpperCase();
    const path = `/systems/${enc(s.args.system)}/users/${enc(s.args.user)}/console`;
    const started = Date.now();
    const until = Math.min(this.deadline, started + (s.args.timeoutMs ?? DEFAULT_WAIT_MS));
    const test = s.args.regex
      ? (l: string) => new RegExp(s.args.for).test(l)
      : (l: string) => l.includes(s.args.for);
    const seen: string[] = [];
    let after = this.matched.get(key) ?? 0;
    for (;;) {
      const a = await this.send("GET", `${path}?after=${after}`);
      if (a.status !== 200) return a;
      const page = a.body as { lines: { seq: number; text: string }[]; next: number };
      for (const l of page.lines) {
        seen.push(l.text);
        if (test(l.text)) {
          this.matched.set(key, l.seq);
          return { status: 200, body: { lines: [l.text] } };
        }
      }
      after = page.next ?? after;
      if (page.lines.length > 0) continue;
      if (Date.now() + POLL_MS > until) break;
      await sleep(POLL_MS);
    }
    const ms = until - started;
    const lines = seen.slice(-12);
    const why = `no console line of ${s.args.user} on ${s.args.system} ${s.args.regex ? "matched" : "contained"} "${s.args.for}" within ${ms} ms${until === this.deadline ? " (the run's time bound)" : ""}`;
    return {
      failure: { expected: `console text "${s.args.for}"`, got: `${why}; last lines: ${showLines(lines)}` },
      lines,
    };
  }

  /** Does a step and checks its expectations. */
  async step(s: ResolvedStep): Promise<{ failures: Failure[]; lines: string[] }> {
    let a: Answer;
    if (s.kind === "wait") {
      const w = await this.wait(s);
      if ("failure" in w) return { failures: [w.failure], lines: w.lines };
      a = w;
    } else if (s.kind === "device" && s.args.op === "copy") a = await this.copy(s);
    else if (s.kind === "check") a = { status: 200, body: {} };
    else {
      const [method, path, body] = requestOf(s)!;
      a = await this.send(method, path, body);
    }
    const e = s.expect ?? {};
    const failures = checkAnswer(s.kind, e, a);
    if (failures.length === 0) failures.push(...(await this.world(e)));
    return { failures, lines: linesOf(a) };
  }

  /** The expectations on the plex after the step: volume, reader, network, directory. */
  private async world(e: NonNullable<ResolvedStep["expect"]>): Promise<Failure[]> {
    const out: Failure[] = [];
    if (e.volume) {
      const v = await this.send("GET", `/volumes/${enc(e.volume.volser.toUpperCase())}`);
      out.push(...checkVolume(e.volume, v.status, v.body));
    }
    if (e.reader) {
      const r = e.reader;
      const user = `/systems/${enc(r.system)}/users/${enc(r.user)}`;
      if (r.count !== undefined) {
        // The user's own QUERY READER ALL: one heading line, then a line per file.
        const q = await this.send("POST", `${user}/cp`, { command: "QUERY READER ALL" });
        const lines = linesOf(q);
        const count = lines[0] === "NO RDR FILES" ? 0 : Math.max(0, lines.length - 1);
        if (q.status !== 200 || count !== r.count)
          out.push({
            expected: `${r.count} reader files for ${r.user} on ${r.system}`,
            got: `${count}: ${showLines(lines)}`,
          });
      }
      if (r.spoolid !== undefined) {
        const f = await this.send("GET", `${user}/reader/${r.spoolid.padStart(4, "0")}`);
        const records = (f.body as { records?: string[] }).records;
        if (f.status !== 200)
          out.push({
            expected: `reader file ${r.spoolid} of ${r.user} on ${r.system}`,
            got: `HTTP ${f.status}: ${showLines(linesOf(f))}`,
          });
        else if (r.records && JSON.stringify(records) !== JSON.stringify(r.records))
          out.push({ expected: `records ${JSON.stringify(r.records)}`, got: JSON.stringify(records) });
      }
    }
    if (e.network) {
      const n = await this.send("GET", "/network");
      out.push(...checkNetwork(e.network, n.body));
    }
    if (e.directory) {
      const d = await this.send("GET", "/directory");
      out.push(...checkDirectory(e.directory, d.status, d.body));
    }
    return out;
  }
}

/** Runs the steps in order; the first failure stops the run (the plex stays as it left it). */
export async function runSteps(
  runbook: Pick<Runbook, "name" | "timeoutMs">,
  steps: ResolvedStep[],
  plex: string,
  transport: Transport,
  opts: { maxMs?: number; now?: () => number; verbose?: boolean } = {},
): Promise<RunResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const bound = Math.min(runbook.timeoutMs, opts.maxMs ?? MAX_RUN_MS);
  const run = new Run(transport, started + bound);
  const results: StepResult[] = [];
  let stopped = false;
  for (const [index, s] of steps.entries()) {
    const base = { index, line: s.line, kind: s.kind, name: describeStep(s) };
    if (stopped) {
      results.push({ ...base, status: "skipped", durationMs: 0 });
      continue;
    }
    const t0 = now();
    if (t0 >= run.deadline) {
      stopped = true;
      results.push({
        ...base,
        status: "fail",
        durationMs: 0,
        failures: [
          {
            expected: `the run to finish within ${bound} ms`,
            got: `${t0 - started} ms had passed before this step`,
          },
        ],
      });
      continue;
    }
    let r: { failures: Failure[]; lines: string[] };
    try {
      r = await run.step(s);
    } catch (e) {
      r = {
        failures: [{ expected: "an answer", got: `the request failed: ${(e as Error).message}` }],
        lines: [],
      };
    }
    const failed = r.failures.length > 0;
    if (failed) stopped = true;
    results.push({
      ...base,
      status: failed ? "fail" : "pass",
      durationMs: now() - t0,
      ...(failed ? { failures: r.failures } : {}),
      ...(failed || opts.verbose ? { lines: r.lines } : {}),
    });
  }
  const count = (st: StepResult["status"]) => results.filter((r) => r.status === st).length;
  return {
    name: runbook.name,
    plex,
    ok: count("fail") === 0,
    passed: count("pass"),
    failed: count("fail"),
    skipped: count("skipped"),
    durationMs: now() - started,
    steps: results,
  };
}
