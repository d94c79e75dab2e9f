import { checkQuiescent, checkStep, Violation } from "./invariants";
import { detach, Died, fail, ipl, link, logoff, repair, reset, restart } from "./requests";
import type { HistoryOp } from "./linearizability";
import { Model, passwordNeeded } from "./model";
import { NodeSim } from "./node-sim";
import { commandOf, passwordOf, type Op, type Scenario } from "./ops";
import { CYLINDERS, DISKS, OPEN_VOLUME, SYSTEMS, USERS, VDEVS, XLINK_VOLUME } from "./plex";
import type { Sut, VolumeSut } from "./sut";

export { Violation };

/** What a request answered: OK, FORCED (R/O with a warning), DOWN (system not up) or a message id. */
export type Answer = string;
export type Proc = {
  sys: string;
  gen: Generator<void, Answer, void>;
  label: string;
  /** The call this request has sent and not yet delivered: its node and number. */
  sent?: { node: NodeSim; id: number };
  /** While this is true the request waits (for a repair its node runs: `outlive` only). */
  waits?: () => boolean;
};

/**
 * How calls from a node to a volume travel: `fifo` delivers each node's calls in the order it sent
 * them (what workerd does within one process); `reorder` lets any call overtake another, as
 * nothing in the Workers runtime promises between two stubs (docs/verify.md, "What it found");
 * `outlive` reorders too, and a call already sent outlives a restart of the node object that sent
 * it (it reaches the volume later, and nobody hears its answer). With `outlive` crash repair is
 * simulated closer to link-repair.ts: the list is read before the call, and calls to a volume wait
 * for a repair of it running.
 */
export type Network = "fifo" | "reorder" | "outlive";

const MISSING = { read: "HCPLNM111E", write: "HCPLNM112E", multi: "HCPLNM113E" } as const;

/**
 * One generated run of the in-process check: nodes simulated after links.ts over the product's
 * volume code (the `Sut`), the reference model beside them, and every invariant checked after each
 * step (docs/verify.md lists them).
 */
export class Run {
  readonly systems: string[];
  readonly nodes = new Map<string, NodeSim>();
  readonly volumes = new Map<string, VolumeSut>();
  readonly model: Model;
  /** Links answered as granted and not since given up: `SYS USER VDEV` → generation. */
  readonly acked = new Map<string, number>();
  readonly trace: string[] = [];
  /** The last request token given (requests.ts). */
  tokens = 0;
  private calls = 0;
  /** The requests under way, and the one advancing now (requests.ts ends some at a restart). */
  procs: Proc[] = [];
  current: Proc | undefined;
  /**
   * Whether the model refuses a LINK its system sent before its last IPL (the volume's IPL fence);
   * false only to show what the fence prevents (test/unit/verify-ipl-fence.test.ts).
   */
  modelFence = true;
  /**
   * Whether the model refuses a LINK a former life of its node object sent, once a later life's
   * crash repair ran on the volume; false only to show the harm (test/unit/verify-life-fence.test.ts).
   */
  modelLifeFence = true;
  /** Counters for the report. */
  steps = 0;
  operations = 0;

  constructor(
    readonly sut: Sut,
    k: number,
    readonly network: Network = "fifo",
    /** False to run without checking (a history for the linearizability checker to judge). */
    readonly checks = true,
  ) {
    this.systems = SYSTEMS.slice(0, k);
    this.systems.forEach((s, i) => this.nodes.set(s, new NodeSim(s, i + 1)));
    this.slotNames = Object.fromEntries(this.systems.map((s, i) => [i + 1, s]));
    const world = {
      running: (s: string) => this.nodes.get(s)?.up ?? false,
      systemOf: (slot: number) => this.systems[slot - 1],
    };
    for (const [volser, xlink] of [
      [XLINK_VOLUME, true],
      [OPEN_VOLUME, false],
    ] as const)
      this.volumes.set(volser, sut.volume({ volser, cylinders: CYLINDERS, xlink }, world));
    this.model = new Model(DISKS, new Set([XLINK_VOLUME]), this.systems);
  }

  readonly slotNames: Record<number, string>;

  /** The volume object of a volser. */
  vol(volser: string): VolumeSut {
    return this.volumes.get(volser)!;
  }

  /** Gives the volumes' databases back for the next run. */
  close(): void {
    for (const v of this.volumes.values()) v.close();
  }

  /** Runs a whole scenario; throws a Violation on the first broken invariant. */
  run(s: Scenario): void {
    for (const st of s.steps) {
      if (st.kind === "burst" && st.ops.length > 1) this.burst(st.ops, st.schedule);
      else this.burst(st.kind === "burst" ? st.ops : [st], [], true);
    }
  }

  /** Starts `ops` together and advances them in the order `schedule` picks; each step is checked. */
  private burst(ops: Op[], schedule: number[], sequential = false): void {
    const k = this.systems.length;
    for (const o of ops) {
      const expected = sequential ? this.expect(o) : undefined;
      const proc = this.begin(o);
      const label = proc.label;
      if (expected !== undefined) {
        // One at a time: the answer must be the model's.
        const answer = this.finish(proc);
        if (answer !== expected)
          throw new Violation("answer", `${label} answered ${answer}, the model says ${expected}`);
        this.quiescent();
      }
    }
    let i = 0;
    while (this.procs.length > 0) {
      const ready = this.procs.filter((p) => this.ready(p));
      if (ready.length === 0) throw new Error("no request can advance (the checker's scheduler is wrong)");
      this.advance(ready[(schedule[i++] ?? 0) % ready.length]);
    }
    this.quiescent();
  }

  /** Starts a request. */
  private begin(o: Op): Proc {
    const k = this.systems.length;
    const proc: Proc = {
      sys: SYSTEMS[("sys" in o ? o.sys : o.by) % k],
      gen: this.start(o),
      label: commandOf(o, k),
    };
    this.procs.push(proc);
    this.operations++;
    return proc;
  }

  private finish(p: Proc): Answer {
    for (;;) {
      const r = this.advance(p);
      if (r !== undefined) return r;
    }
  }

  /** A request may advance unless its call waits, under `fifo`, behind one its node sent earlier. */
  private ready(p: Proc): boolean {
    if (p.waits?.()) return false;
    return this.network !== "fifo" || !p.sent || p.sent.node.outbox[0] === p.sent.id;
  }

  /** The request waits until `done` holds. */
  *waitUntil(done: () => boolean): Generator<void, void, void> {
    if (done()) return;
    const p = this.current!;
    p.waits = () => !done();
    yield;
    p.waits = undefined;
  }

  /** Sends a call from `node` to a volume: the request waits until it is delivered. */
  *send(node: NodeSim): Generator<void, void, void> {
    const p = this.current!;
    p.sent = { node, id: ++this.calls };
    node.outbox.push(p.sent.id);
    yield;
    node.outbox.splice(node.outbox.indexOf(p.sent.id), 1);
    p.sent = undefined;
  }

  /** One step of one request, then every invariant; the request's answer when it ends. */
  private advance(p: Proc): Answer | undefined {
    this.current = p;
    let r: IteratorResult<void, Answer>;
    try {
      r = p.gen.next();
    } catch (e) {
      if (!(e instanceof Died)) throw e;
      r = { done: true, value: "DIED" };
    } finally {
      this.current = undefined;
    }
    this.steps++;
    if (r.done) {
      this.procs = this.procs.filter((x) => x !== p);
      this.trace.push(`${p.label} -> ${r.value}`);
    }
    this.check();
    return r.done ? r.value : undefined;
  }

  /** What the model says a request done alone answers. */
  private expect(o: Op): Answer | undefined {
    const k = this.systems.length;
    if (o.kind !== "link" && o.kind !== "detach") return undefined;
    const sys = SYSTEMS[o.sys % k];
    if (!this.model.state.up[sys]) return "DOWN";
    const user = USERS[o.user];
    const vdev = VDEVS[o.vdev];
    const held = this.model.state.links.some((l) => l.sys === sys && l.user === user && l.vdev === vdev);
    if (o.kind === "detach") return held ? "OK" : "HCPDTV040E";
    const need = passwordNeeded(o.mode, DISKS[o.disk]);
    if (need.value === "") return MISSING[need.kind];
    if (need.value !== "ALL" && passwordOf(o, need.value).toUpperCase() !== need.value) return "HCPLNM114E";
    if (held) return "HCPLNM110E";
    // The decision itself is compared where the volume (or node) makes it.
    return undefined;
  }

  private start(o: Op): Generator<void, Answer, void> {
    const k = this.systems.length;
    switch (o.kind) {
      case "link":
        return link(this, SYSTEMS[o.sys % k], USERS[o.user], o.disk, VDEVS[o.vdev], o);
      case "detach":
        return detach(this, SYSTEMS[o.sys % k], USERS[o.user], VDEVS[o.vdev]);
      case "logoff":
        return logoff(this, SYSTEMS[o.sys % k], USERS[o.user]);
      case "fail":
        return this.atOnce(() => fail(this, SYSTEMS[o.sys % k]));
      case "ipl":
        return ipl(this, SYSTEMS[o.sys % k]);
      case "reipl":
        return ipl(this, SYSTEMS[o.sys % k], true);
      case "reset":
        return reset(this, SYSTEMS[o.by % k], SYSTEMS[o.target % k]);
      case "restart":
        return this.atOnce(() => restart(this, SYSTEMS[o.sys % k]));
    }
  }

  private *atOnce(fn: () => Answer): Generator<void, Answer, void> {
    return fn();
  }

  /**
   * Runs each client's operations one after another, the clients at once in the order `pick`
   * chooses (an index below its argument), and records the history, invocation and return as
   * ticks of one clock, for the linearizability checker.
   */
  history(
    clients: { name: string; ops: Op[]; after?: number }[],
    pick: (n: number) => number,
  ): HistoryOp<Op, Answer>[] {
    const out: HistoryOp<Op, Answer>[] = [];
    const active = new Map<number, { proc: Proc; rec: HistoryOp<Op, Answer> }>();
    const next = clients.map(() => 0);
    let clock = 0;
    for (;;) {
      const live = clients
        .map((_, i) => i)
        .filter((i) =>
          active.has(i)
            ? this.ready(active.get(i)!.proc)
            : next[i] < clients[i].ops.length && clock >= (clients[i].after ?? 0),
        );
      if (live.length === 0) {
        // Only clients that start later are left: time passes.
        if (clients.some((c, i) => next[i] < c.ops.length)) {
          clock++;
          continue;
        }
        break;
      }
      const i = live[pick(live.length)];
      const a = active.get(i);
      if (!a) {
        const o = clients[i].ops[next[i]++];
        const proc = this.begin(o);
        const rec: HistoryOp<Op, Answer> = {
          id: out.length,
          client: clients[i].name,
          input: o,
          invoke: ++clock,
          ret: Infinity,
        };
        out.push(rec);
        active.set(i, { proc, rec });
        continue;
      }
      const r = this.advance(a.proc);
      if (r === undefined) continue;
      a.rec.output = r;
      a.rec.ret = ++clock;
      active.delete(i);
    }
    return out;
  }

  /** After every step: the ledger, flags and local links are the model's, and writers are safe (invariants.ts). */
  check(): void {
    if (this.checks) checkStep(this);
  }

  /** With nothing in flight: crash repair has run, nodes and volumes agree, nothing answered is lost (invariants.ts). */
  quiescent(): void {
    if (!this.checks) return;
    for (const node of this.nodes.values())
      if (node.up && !node.checked.has(XLINK_VOLUME)) repair(this, node, XLINK_VOLUME);
    checkQuiescent(this);
  }
}
