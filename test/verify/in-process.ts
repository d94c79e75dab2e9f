import { PENDING } from "../../src/dasd/link-repair";
import { checkQuiescent, checkStep, Violation } from "./invariants";
import type { HistoryOp } from "./linearizability";
import { Model, passwordNeeded } from "./model";
import { LOCAL_GENERATION, NodeSim, type Device } from "./node-sim";
import { passwordOf, type Op, type Scenario } from "./ops";
import { CYLINDERS, DISKS, OPEN_VOLUME, SYSTEMS, USERS, VDEVS, XLINK_VOLUME } from "./plex";

export { Violation };
import type { Sut, VolumeSut } from "./sut";

/** What a request answered: OK, FORCED (R/O with a warning), DOWN (system not up) or a message id. */
export type Answer = string;
type Proc = {
  sys: string;
  gen: Generator<void, Answer, void>;
  label: string;
  /** The call this request has sent and not yet delivered: its node and number. */
  sent?: { node: NodeSim; id: number };
};

/**
 * How calls from a node to a volume travel: `fifo` delivers each node's calls in the order it sent
 * them (what workerd does within one process); `reorder` lets any call overtake another, as
 * nothing in the Workers runtime promises between two stubs (docs/verify.md, "What the in-process
 * check found").
 */
export type Network = "fifo" | "reorder";

const xlinkDisk = (disk: number) => DISKS[disk].volser === XLINK_VOLUME;
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
  private tokens = 0;
  private calls = 0;
  private procs: Proc[] = [];
  private current: Proc | undefined;
  /** Counters for the report. */
  steps = 0;
  operations = 0;

  constructor(
    private readonly sut: Sut,
    k: number,
    private readonly network: Network = "fifo",
    /** False to run without checking (a history for the linearizability checker to judge). */
    private readonly checks = true,
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

  private readonly slotNames: Record<number, string>;

  private vol(volser: string): VolumeSut {
    return this.volumes.get(volser)!;
  }

  /** Gives the volumes' databases back for the next run. */
  close(): void {
    for (const v of this.volumes.values()) v.close();
  }

  /** Runs a whole scenario; throws a Violation on the first broken invariant. */
  run(s: Scenario): void {
    for (const st of s.steps) {
      if (st.kind === "burst") this.burst(st.ops, st.schedule);
      else this.burst([st], [], true);
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
      label: JSON.stringify(o),
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
    return this.network === "reorder" || !p.sent || p.sent.node.outbox[0] === p.sent.id;
  }

  /** Sends a call from `node` to a volume: the request waits until it is delivered. */
  private *send(node: NodeSim): Generator<void, void, void> {
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
    const r = p.gen.next();
    this.current = undefined;
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
        return this.link(SYSTEMS[o.sys % k], USERS[o.user], o.disk, VDEVS[o.vdev], o);
      case "detach":
        return this.detach(SYSTEMS[o.sys % k], USERS[o.user], VDEVS[o.vdev]);
      case "logoff":
        return this.logoff(SYSTEMS[o.sys % k], USERS[o.user]);
      case "fail":
        return this.atOnce(() => this.fail(SYSTEMS[o.sys % k]));
      case "ipl":
        return this.ipl(SYSTEMS[o.sys % k]);
      case "reipl":
        return this.ipl(SYSTEMS[o.sys % k], true);
      case "reset":
        return this.reset(SYSTEMS[o.by % k], SYSTEMS[o.target % k]);
      case "restart":
        return this.atOnce(() => this.restart(SYSTEMS[o.sys % k]));
    }
  }

  private *atOnce(fn: () => Answer): Generator<void, Answer, void> {
    return fn();
  }

  // ---- the node's requests, after durable-objects/vm-node/links.ts ----

  private *link(
    sys: string,
    user: string,
    disk: number,
    vdev: string,
    o: Extract<Op, { kind: "link" }>,
  ): Generator<void, Answer, void> {
    const node = this.nodes.get(sys)!;
    if (!node.up) return "DOWN";
    const d = DISKS[disk];
    const need = this.sut.passwordFor(o.mode, {
      readPassword: d.read || undefined,
      writePassword: d.write || undefined,
      multiPassword: d.multi || undefined,
    });
    if ("missing" in need) return need.missing;
    const needValue = passwordNeeded(o.mode, d).value;
    if (need.password !== "ALL" && passwordOf(o, needValue).toUpperCase() !== need.password)
      return "HCPLNM114E";
    if (node.device(user, vdev)) return "HCPLNM110E";
    const device: Device = {
      userid: user,
      vdev,
      disk,
      volser: d.volser,
      access: null,
      generation: null,
      pending: PENDING.linking,
      token: null,
      mode: o.mode,
      local: !xlinkDisk(disk),
    };
    if (device.local) {
      // The node decides alone, in one synchronous step (local-links.ts).
      const req = node.request(device, DISKS, this.slotNames);
      const got = this.sut.decideLocal(
        node.localLedger(d.volser, DISKS),
        null,
        req,
        LOCAL_GENERATION,
      ).decision;
      this.compare(sys, user, vdev, disk, o.mode, got, LOCAL_GENERATION);
      if (!got.granted) return got.error.id;
      node.put({ ...device, access: got.access, generation: LOCAL_GENERATION, pending: PENDING.linked });
      this.acked.set(`${sys} ${user} ${vdev}`, LOCAL_GENERATION);
      return got.forcedReadOnly ? "FORCED" : "OK";
    }
    if (!node.checked.has(d.volser)) {
      yield* this.touch(node, d.volser);
      // The system may have gone (or been re-IPLed) while the volume was compared.
      if (!node.up) return "HCPDTV040E";
    }
    if (node.device(user, vdev)) return "HCPLNM110E";
    const token = `T${++this.tokens}`;
    node.put({ ...device, token });
    node.inFlight.add(token);
    const req = node.request({ ...device, token }, DISKS, this.slotNames, node.slot);
    yield* this.send(node);
    const outcome = this.vol(d.volser).link(req);
    const generation = "link" in outcome ? outcome.link.generation : -1;
    this.compare(sys, user, vdev, disk, o.mode, outcome.decision, generation);
    yield; // the answer on its way back
    node.inFlight.delete(token);
    if (!outcome.decision.granted) {
      node.deleteByToken(token);
      return outcome.decision.error.id;
    }
    const row = node.byToken(token);
    if (row?.pending !== PENDING.linking) {
      // The device went meanwhile (DETACH, LOGOFF or IPL): the grant is given back.
      if (row) row.generation = generation;
      yield* this.detachOnVolume(node, d.volser, user, vdev, generation, token);
      return "HCPDTV040E";
    }
    row.access = outcome.decision.access;
    row.generation = generation;
    row.pending = PENDING.linked;
    this.acked.set(`${sys} ${user} ${vdev}`, generation);
    return outcome.decision.forcedReadOnly ? "FORCED" : "OK";
  }

  /** The model decides the same LINK at the same moment; the two must agree. */
  private compare(
    sys: string,
    user: string,
    vdev: string,
    disk: number,
    mode: Op extends never ? never : Extract<Op, { kind: "link" }>["mode"],
    got: { granted: boolean; access?: string; forcedReadOnly?: boolean },
    generation: number,
  ): void {
    const want = this.model.link(sys, user, vdev, disk, mode, generation);
    const show = (x: { granted: boolean; access?: string; forced?: boolean }) =>
      x.granted ? `granted ${x.access}${x.forced ? " forced R/O" : ""}` : "refused";
    const g = { granted: got.granted, access: got.access, forced: got.forcedReadOnly };
    if (this.checks && show(g) !== show(want))
      throw new Violation(
        "decision",
        `${sys} ${user} LINK ${DISKS[disk].owner} ${DISKS[disk].vdev} ${vdev} ${mode}: ${show(g)}, the model says ${show(want)}`,
      );
  }

  /** The node's first call to a volume in an incarnation compares its devices there first (link-repair.ts). */
  private *touch(node: NodeSim, volser: string): Generator<void, void, void> {
    if (node.checked.has(volser)) return;
    yield* this.send(node);
    this.repair(node, volser);
  }

  private repair(node: NodeSim, volser: string): void {
    const plan = this.vol(volser).repair(node.sysname, node.slot, node.nodeLinks(volser, DISKS));
    for (const e of plan.drop) this.model.release(e.system, e.userid, e.vdev, e.generation);
    node.applyRepair(plan);
    node.checked.add(volser);
  }

  private *detach(sys: string, user: string, vdev: string): Generator<void, Answer, void> {
    const node = this.nodes.get(sys)!;
    if (!node.up) return "DOWN";
    this.acked.delete(`${sys} ${user} ${vdev}`);
    let d = node.device(user, vdev);
    if (d && !d.local && !node.checked.has(d.volser)) {
      yield* this.touch(node, d.volser);
      d = node.device(user, vdev);
    }
    if (!d || d.pending) return "HCPDTV040E";
    yield* this.release(node, d);
    return "OK";
  }

  private *logoff(sys: string, user: string): Generator<void, Answer, void> {
    const node = this.nodes.get(sys)!;
    if (!node.up) return "DOWN";
    for (const d of [...node.devices.values()].filter((x) => x.userid === user)) yield* this.release(node, d);
    return "OK";
  }

  /** Gives a device back (links.ts `release`). */
  private *release(node: NodeSim, d: Device): Generator<void, void, void> {
    this.acked.delete(`${node.sysname} ${d.userid} ${d.vdev}`);
    if (d.local) {
      node.devices.delete(`${d.userid} ${d.vdev}`);
      this.model.drop(node.sysname, d.userid, d.vdev);
      return;
    }
    yield* this.touch(node, d.volser);
    const now = node.device(d.userid, d.vdev);
    if (!now || now.volser !== d.volser || now.pending === PENDING.detaching) return;
    const token = now.token ?? `T${++this.tokens}`;
    const wasLinking = now.pending === PENDING.linking;
    now.pending = PENDING.detaching;
    now.token = token;
    // A LINK still awaiting its volume sees the device detaching and gives its grant back itself.
    if (wasLinking && node.inFlight.has(token)) return;
    yield* this.detachOnVolume(node, d.volser, d.userid, d.vdev, now.generation ?? undefined, token);
  }

  private *detachOnVolume(
    node: NodeSim,
    volser: string,
    user: string,
    vdev: string,
    generation: number | undefined,
    token: string,
  ): Generator<void, void, void> {
    node.inFlight.add(token);
    yield* this.send(node);
    this.vol(volser).detach(node.sysname, node.slot, user, vdev, generation);
    this.model.release(node.sysname, user, vdev, generation);
    yield;
    node.inFlight.delete(token);
    node.deleteByToken(token, PENDING.detaching);
  }

  // ---- the operator's actions ----

  private fail(sys: string): Answer {
    const node = this.nodes.get(sys)!;
    if (!node.up || node.ipling) return "DOWN";
    node.up = false;
    this.model.fail(sys);
    return "OK";
  }

  /** IPL (after a FAIL; `reipl` fails the system first): the node forgets its devices, then the volume resets it. */
  private *ipl(sys: string, reipl = false): Generator<void, Answer, void> {
    const node = this.nodes.get(sys)!;
    if (reipl) this.fail(sys);
    if (node.up || node.ipling) return "UP";
    node.ipling = true;
    node.devices.clear();
    this.model.forgetLocal(sys);
    for (const key of [...this.acked.keys()]) if (key.startsWith(`${sys} `)) this.acked.delete(key);
    yield* this.send(node);
    this.vol(XLINK_VOLUME).resetSystem(sys, [node.slot]);
    this.vol(OPEN_VOLUME).resetSystem(sys, []);
    this.model.ipl(sys);
    node.ipling = false;
    node.up = true;
    return "OK";
  }

  private *reset(by: string, target: string): Generator<void, Answer, void> {
    const node = this.nodes.get(by)!;
    if (!node.up) return "DOWN";
    if (this.nodes.get(target)!.up || this.nodes.get(target)!.ipling) return "HCPXXL9017E";
    yield* this.send(node);
    this.vol(XLINK_VOLUME).resetSlot(this.nodes.get(target)!.slot);
    this.model.reset(target);
    return "OK";
  }

  /**
   * The node object restarts (and every volume object with it): its requests in flight die where
   * they are, the volumes read their state back from storage, and the node repairs the volumes on
   * which it left devices pending (link-repair.ts `recover`).
   */
  private restart(sys: string): Answer {
    const node = this.nodes.get(sys)!;
    const dead = this.procs.filter((p) => p.sys === sys && p !== this.current);
    // Calls they sent and the volume has not had are lost with them.
    for (const p of dead) if (p.sent) p.sent.node.outbox.splice(p.sent.node.outbox.indexOf(p.sent.id), 1);
    this.procs = this.procs.filter((p) => !dead.includes(p));
    node.inFlight = new Set();
    node.checked = new Set();
    // An IPL cut short leaves the system down, to be IPLed again (lifecycle.ts recoverCrashedIpl).
    node.ipling = false;
    for (const v of this.volumes.values()) v.restart();
    if (!node.up) return "OK";
    const pending = new Set(
      [...node.devices.values()].filter((d) => d.pending && !d.local).map((d) => d.volser),
    );
    for (const volser of pending) this.repair(node, volser);
    return "OK";
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
      if (node.up && !node.checked.has(XLINK_VOLUME)) this.repair(node, XLINK_VOLUME);
    checkQuiescent(this);
  }
}
