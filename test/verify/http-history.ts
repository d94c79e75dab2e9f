import { answerClass, httpModel, ledgerText, type HttpInput, type HttpOutput } from "./http-model";
import { HTTP_SYSTEMS, HttpPlex, random } from "./http-plex";
import { checkLinearizable, type HistoryOp, type Verdict } from "./linearizability";
import { MODES, passwordNeeded } from "./model";
import { DISKS, USERS, VDEVS } from "./plex";

/** A recorded history, as exported for other checkers (docs/verify.md gives the format). */
export interface History {
  format: "cseplex-history/1";
  seed: number;
  systems: string[];
  ops: HistoryOp<HttpInput, HttpOutput>[];
}

/** The history as JSON: times in ms from its start, `ret: null` for an operation that got no answer. */
export function historyJson(h: History): string {
  return JSON.stringify(
    { ...h, ops: h.ops.map((o) => ({ ...o, ret: Number.isFinite(o.ret) ? o.ret : null })) },
    null,
    1,
  );
}

/** Records and answers operations, with invocation and return times. */
export class Recorder {
  readonly ops: HistoryOp<HttpInput, HttpOutput>[] = [];
  private readonly t0 = performance.now();

  constructor(private readonly plex: HttpPlex) {}

  now(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  /** Runs one operation and records it; an operation with no answer gets `ret: Infinity`. */
  async run(client: string, input: HttpInput): Promise<HttpOutput | undefined> {
    const op: HistoryOp<HttpInput, HttpOutput> = {
      id: this.ops.length,
      client,
      input,
      invoke: this.now(),
      ret: Infinity,
    };
    this.ops.push(op);
    try {
      op.output = await this.perform(input);
      op.ret = this.now();
    } catch {
      // No answer: the server died, or the request timed out. Its effect is unknown.
    }
    return op.output;
  }

  private async perform(input: HttpInput): Promise<HttpOutput> {
    const p = this.plex;
    switch (input.op) {
      case "LINK": {
        const d = DISKS[input.disk];
        const a = await p.cp(
          input.sys,
          input.user,
          `LINK ${d.owner} ${d.vdev} ${input.vdev} ${input.mode} ${input.password}`.trim(),
        );
        return a ? answerClass(a.rc, a.lines) : "DOWN";
      }
      case "DETACH": {
        const a = await p.cp(input.sys, input.user, `DETACH ${input.vdev}`);
        return a ? answerClass(a.rc, a.lines) : "DOWN";
      }
      case "FAIL":
        return (await p.fail(input.sys)) === 200 ? "OK" : "DOWN";
      case "RESET": {
        const a = await p.cp(input.by, "MAINT", `XLINK RESET ${input.target} ALL`);
        return a ? (a.rc === 0 ? "OK" : answerClass(a.rc, a.lines)) : "DOWN";
      }
      case "VIEW":
        return ledgerText((await p.view()).links);
    }
  }
}

/** A random LINK or DETACH for one client (mostly right passwords, every mode). */
export function randomOp(rnd: () => number, sys: string, user: string): HttpInput {
  const vdev = VDEVS[Math.floor(rnd() * VDEVS.length)];
  if (rnd() < 0.3) return { op: "DETACH", sys, user, vdev };
  const disk = Math.floor(rnd() * DISKS.length);
  const mode = MODES[Math.floor(rnd() * MODES.length)];
  const need = passwordNeeded(mode, DISKS[disk]).value;
  const password = rnd() < 0.1 ? "WRONGPW" : need || "NOPASS";
  return { op: "LINK", sys, user, disk, vdev, mode, password };
}

/** What a linearizability run did and found. */
export interface LinearizabilityReport {
  history: History;
  verdict: Verdict;
  ms: number;
}

/**
 * The linearizability run: SYS4 links and FAILs (its flags stay), then the users of SYS1-SYS3
 * LINK and DETACH concurrently while SYS1's MAINT resets SYS4's flags (XLINK RESET) at a random
 * moment; the volume is read last. The history is checked against the model (http-model.ts).
 */
export async function linearizabilityRun(
  base: string,
  name: string,
  opts: { seed: number; opsPerClient: number; bound?: number },
): Promise<LinearizabilityReport> {
  const t0 = performance.now();
  const rnd = random(opts.seed);
  const plex = await HttpPlex.create(base, name);
  const rec = new Recorder(plex);
  const [s1, , , s4] = HTTP_SYSTEMS;
  // Before: SYS4 holds a write link over OWNER 0191's cylinders and an SR link on OWNER2 0200, then fails.
  await rec.run(`${s4} U1`, {
    op: "LINK",
    sys: s4,
    user: "U1",
    disk: 0,
    vdev: "0300",
    mode: "W",
    password: "WPASS",
  });
  await rec.run(`${s4} U2`, {
    op: "LINK",
    sys: s4,
    user: "U2",
    disk: 2,
    vdev: "0300",
    mode: "SR",
    password: "RPASS",
  });
  await rec.run("operator", { op: "FAIL", sys: s4 });
  const clients = HTTP_SYSTEMS.slice(0, 3).flatMap((sys) => USERS.map((user) => ({ sys, user })));
  const resetAfter = Math.floor(rnd() * opts.opsPerClient * 30);
  await Promise.all([
    ...clients.map(async ({ sys, user }) => {
      const r = random(Math.floor(rnd() * 2 ** 31));
      for (let i = 0; i < opts.opsPerClient; i++) await rec.run(`${sys} ${user}`, randomOp(r, sys, user));
    }),
    (async () => {
      await new Promise((r) => setTimeout(r, resetAfter));
      await rec.run(`${s1} MAINT`, { op: "RESET", by: s1, target: s4 });
    })(),
  ]);
  await rec.run("observer", { op: "VIEW" });
  const history: History = {
    format: "cseplex-history/1",
    seed: opts.seed,
    systems: HTTP_SYSTEMS,
    ops: rec.ops,
  };
  const verdict = checkLinearizable(rec.ops, httpModel(HTTP_SYSTEMS), opts.bound);
  return { history, verdict, ms: Math.round(performance.now() - t0) };
}
