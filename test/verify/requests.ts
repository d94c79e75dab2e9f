import { PENDING } from "../../src/dasd/link-repair";
import type { Answer, Run } from "./in-process";
import { passwordNeeded, type MMode } from "./model";
import { LOCAL_GENERATION, type Device, type NodeSim } from "./node-sim";
import { passwordOf, type Op } from "./ops";
import { DISKS, OPEN_VOLUME, XLINK_VOLUME } from "./plex";
import { Violation } from "./invariants";

/** A request whose node object restarted while its call was on the way (`outlive`): it ends when the call arrives. */
export class Died extends Error {}

/** Ends the request when its node object is no longer the life that sent its call. */
function stillAlive(node: NodeSim, life: number): void {
  if (node.life !== life) throw new Died();
}

// The requests of the in-process check: a node's LINK, DETACH and LOGOFF as durable-objects/vm-node/
// links.ts makes them (each `yield` a point where other requests run: a call on its way to a
// volume, or its answer on the way back), and the operator's FAIL, IPL, XLINK RESET and restart.

const xlinkDisk = (disk: number) => DISKS[disk].volser === XLINK_VOLUME;

/** LINK (links.ts `link` and `linkMinidisk`): checks, the vdev reserved, the volume's decision, the device settled or given back. */
export function* link(
  run: Run,
  sys: string,
  user: string,
  disk: number,
  vdev: string,
  o: Extract<Op, { kind: "link" }>,
): Generator<void, Answer, void> {
  const node = run.nodes.get(sys)!;
  if (!node.up) return "DOWN";
  const d = DISKS[disk];
  const need = run.sut.passwordFor(o.mode, {
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
    const req = node.request(device, DISKS, run.slotNames);
    const got = run.sut.decideLocal(node.localLedger(d.volser, DISKS), null, req, LOCAL_GENERATION).decision;
    compare(run, sys, user, vdev, disk, o.mode, got, LOCAL_GENERATION, run.model.incarnation(sys), node.life);
    if (!got.granted) return got.error.id;
    node.put({ ...device, access: got.access, generation: LOCAL_GENERATION, pending: PENDING.linked });
    run.acked.set(`${sys} ${user} ${vdev}`, LOCAL_GENERATION);
    return got.forcedReadOnly ? "FORCED" : "OK";
  }
  if (!node.checked.has(d.volser)) {
    yield* touch(run, node, d.volser);
    // The system may have gone (or been re-IPLed) while the volume was compared.
    if (!node.up) return "HCPDTV040E";
  }
  if (node.device(user, vdev)) return "HCPLNM110E";
  const token = `T${++run.tokens}`;
  node.put({ ...device, token });
  node.inFlight.add(token);
  const req = node.request({ ...device, token }, DISKS, run.slotNames, node.slot);
  // The incarnation that sent it, as the model counts IPLs (not the node's count).
  const sentIn = run.model.incarnation(sys);
  const life = node.life;
  yield* run.send(node);
  const outcome = run.vol(d.volser).link(req);
  const generation = "link" in outcome ? outcome.link.generation : -1;
  compare(run, sys, user, vdev, disk, o.mode, outcome.decision, generation, sentIn, life);
  yield; // the answer on its way back
  stillAlive(node, life);
  node.inFlight.delete(token);
  if (!outcome.decision.granted) {
    node.deleteByToken(token);
    return outcome.decision.error.id;
  }
  const row = node.byToken(token);
  if (row?.pending !== PENDING.linking) {
    // The device went meanwhile (DETACH, LOGOFF or IPL): the grant is given back.
    if (row) row.generation = generation;
    yield* detachOnVolume(run, node, d.volser, user, vdev, generation, token);
    return "HCPDTV040E";
  }
  row.access = outcome.decision.access;
  row.generation = generation;
  row.pending = PENDING.linked;
  run.acked.set(`${sys} ${user} ${vdev}`, generation);
  return outcome.decision.forcedReadOnly ? "FORCED" : "OK";
}

/** The model decides the same LINK at the same moment; the two must agree. */
export function compare(
  run: Run,
  sys: string,
  user: string,
  vdev: string,
  disk: number,
  mode: MMode,
  got: { granted: boolean; access?: string; forcedReadOnly?: boolean },
  generation: number,
  sentIn: number,
  sentLife: number,
): void {
  // Without the model's fences (`modelFence`, `modelLifeFence` false) the LINK is judged as if sent now.
  const want = run.model.link(
    sys,
    user,
    vdev,
    disk,
    mode,
    generation,
    run.modelFence ? sentIn : run.model.incarnation(sys),
    run.modelLifeFence ? sentLife : undefined,
  );
  const show = (x: { granted: boolean; access?: string; forced?: boolean }) =>
    x.granted ? `granted ${x.access}${x.forced ? " forced R/O" : ""}` : "refused";
  const g = { granted: got.granted, access: got.access, forced: got.forcedReadOnly };
  if (run.checks && show(g) !== show(want))
    throw new Violation(
      "decision",
      `${sys} ${user} LINK ${DISKS[disk].owner} ${DISKS[disk].vdev} ${vdev} ${mode}: ${show(g)}, the model says ${show(want)}`,
    );
}

/** The node's first call to a volume in an incarnation compares its devices there first (link-repair.ts). */
export function* touch(run: Run, node: NodeSim, volser: string): Generator<void, void, void> {
  if (node.checked.has(volser)) return;
  if (run.network === "outlive") {
    // As link-repair.ts: a repair running is waited for, and the list is read before the call.
    yield* run.waitUntil(() => !node.repairing.has(volser));
    if (node.checked.has(volser)) return;
    node.repairing.add(volser);
    const links = node.nodeLinks(volser, DISKS);
    // The incarnation and life it is sent in (link-repair.ts reads the node row before the call).
    const { life, iplCount } = node;
    const sentIn = run.model.incarnation(node.sysname);
    yield* run.send(node);
    const plan = run.vol(volser).repair(node.sysname, node.slot, links, iplCount, life);
    run.model.repaired(volser, node.sysname, sentIn, life);
    for (const e of plan.drop) run.model.release(e.system, e.userid, e.vdev, e.generation);
    stillAlive(node, life);
    node.repairing.delete(volser);
    node.applyRepair(plan);
    node.checked.add(volser);
    return;
  }
  yield* run.send(node);
  repair(run, node, volser);
}

/** Crash repair of one volume: its plan applied to the ledger (by the volume), the model and the node's devices. */
export function repair(run: Run, node: NodeSim, volser: string): void {
  const links = node.nodeLinks(volser, DISKS);
  const plan = run.vol(volser).repair(node.sysname, node.slot, links, node.iplCount, node.life);
  run.model.repaired(volser, node.sysname, run.model.incarnation(node.sysname), node.life);
  for (const e of plan.drop) run.model.release(e.system, e.userid, e.vdev, e.generation);
  node.applyRepair(plan);
  node.checked.add(volser);
}

/** DETACH of a minidisk device (links.ts `detach`). */
export function* detach(run: Run, sys: string, user: string, vdev: string): Generator<void, Answer, void> {
  const node = run.nodes.get(sys)!;
  if (!node.up) return "DOWN";
  run.acked.delete(`${sys} ${user} ${vdev}`);
  let d = node.device(user, vdev);
  if (d && !d.local && !node.checked.has(d.volser)) {
    yield* touch(run, node, d.volser);
    d = node.device(user, vdev);
  }
  if (!d || d.pending) return "HCPDTV040E";
  yield* release(run, node, d);
  return "OK";
}

/** LOGOFF: each of the user's devices given back (sessions.ts `logoffNow`). */
export function* logoff(run: Run, sys: string, user: string): Generator<void, Answer, void> {
  const node = run.nodes.get(sys)!;
  if (!node.up) return "DOWN";
  for (const d of [...node.devices.values()].filter((x) => x.userid === user)) yield* release(run, node, d);
  return "OK";
}

/** Gives a device back (links.ts `release`). */
export function* release(run: Run, node: NodeSim, d: Device): Generator<void, void, void> {
  run.acked.delete(`${node.sysname} ${d.userid} ${d.vdev}`);
  if (d.local) {
    node.devices.delete(`${d.userid} ${d.vdev}`);
    run.model.drop(node.sysname, d.userid, d.vdev);
    return;
  }
  yield* touch(run, node, d.volser);
  const now = node.device(d.userid, d.vdev);
  if (!now || now.volser !== d.volser || now.pending === PENDING.detaching) return;
  const token = now.token ?? `T${++run.tokens}`;
  const wasLinking = now.pending === PENDING.linking;
  now.pending = PENDING.detaching;
  now.token = token;
  // A LINK still awaiting its volume sees the device detaching and gives its grant back itself.
  if (wasLinking && node.inFlight.has(token)) return;
  yield* detachOnVolume(run, node, d.volser, d.userid, d.vdev, now.generation ?? undefined, token);
}

/** Releases a grant on its volume for a device marked detaching, then forgets the device (links.ts). */
export function* detachOnVolume(
  run: Run,
  node: NodeSim,
  volser: string,
  user: string,
  vdev: string,
  generation: number | undefined,
  token: string,
): Generator<void, void, void> {
  node.inFlight.add(token);
  const life = node.life;
  yield* run.send(node);
  run.vol(volser).detach(node.sysname, node.slot, user, vdev, generation);
  run.model.release(node.sysname, user, vdev, generation);
  yield;
  stillAlive(node, life);
  node.inFlight.delete(token);
  node.deleteByToken(token, PENDING.detaching);
}

/** FAIL: the system stops; its devices, ledger entries and flags stay. */
export function fail(run: Run, sys: string): Answer {
  const node = run.nodes.get(sys)!;
  if (!node.up || node.ipling) return "DOWN";
  node.up = false;
  run.model.fail(sys);
  return "OK";
}

/** IPL (after a FAIL; `reipl` fails the system first): the node forgets its devices, then the volume resets it. */
export function* ipl(run: Run, sys: string, reipl = false): Generator<void, Answer, void> {
  const node = run.nodes.get(sys)!;
  if (reipl) fail(run, sys);
  if (node.up || node.ipling) return "UP";
  node.ipling = true;
  node.devices.clear();
  run.model.forgetLocal(sys);
  for (const key of [...run.acked.keys()]) if (key.startsWith(`${sys} `)) run.acked.delete(key);
  const life = node.life;
  yield* run.send(node);
  // The incarnation this IPL brings up, recorded by the volumes it resets (lifecycle.ts resetHeld);
  // the node's count goes up when the IPL completes, as the node row's does.
  const incarnation = node.iplCount + 1;
  run.vol(XLINK_VOLUME).resetSystem(sys, [node.slot], incarnation);
  run.vol(OPEN_VOLUME).resetSystem(sys, [], incarnation);
  run.model.ipl(sys);
  if (node.life !== life) {
    // The IPL was cut short (`outlive`): its reset reached the volumes, the system stays down.
    run.model.fail(sys);
    throw new Died();
  }
  node.iplCount = incarnation;
  node.ipling = false;
  node.up = true;
  return "OK";
}

/** XLINK RESET of a failed system's slot, from a running one (xlink.ts). */
export function* reset(run: Run, by: string, target: string): Generator<void, Answer, void> {
  const node = run.nodes.get(by)!;
  if (!node.up) return "DOWN";
  if (run.nodes.get(target)!.up || run.nodes.get(target)!.ipling) return "HCPXXL9017E";
  yield* run.send(node);
  run.vol(XLINK_VOLUME).resetSlot(run.nodes.get(target)!.slot);
  run.model.reset(target);
  return "OK";
}

/**
 * The node object restarts (and every volume object with it): its requests in flight die where
 * they are, the volumes read their state back from storage, and the node repairs the volumes on
 * which it left devices pending (link-repair.ts `recover`).
 */
export function restart(run: Run, sys: string): Answer {
  const node = run.nodes.get(sys)!;
  // With `outlive` a call already sent survives: its request ends when it arrives (`Died`).
  const dead = run.procs.filter(
    (p) => p.sys === sys && p !== run.current && !(run.network === "outlive" && p.sent),
  );
  // Calls they sent and the volume has not had are lost with them.
  for (const p of dead) if (p.sent) p.sent.node.outbox.splice(p.sent.node.outbox.indexOf(p.sent.id), 1);
  run.procs = run.procs.filter((p) => !dead.includes(p));
  node.inFlight = new Set();
  node.checked = new Set();
  node.repairing = new Set();
  node.life++;
  // An IPL cut short leaves the system down, to be IPLed again (lifecycle.ts recoverCrashedIpl).
  node.ipling = false;
  for (const v of run.volumes.values()) v.restart();
  if (!node.up) return "OK";
  const pending = new Set(
    [...node.devices.values()].filter((d) => d.pending && !d.local).map((d) => d.volser),
  );
  for (const volser of pending) repair(run, node, volser);
  return "OK";
}
