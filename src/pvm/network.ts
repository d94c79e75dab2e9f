import { deviceNumber } from "../text/names";
import type { Network, NetworkCtc, NetworkLine, NetworkPath, PvmLink, PvmState } from "./types";

/**
 * The CSE network as the PVMs make it (issue #11 item 5): which lines and point-to-point CSECOM
 * paths are up, and for each one down the first missing piece in plain words. A pure function of
 * the systems, the plex's CTCs and each PVM's state, so the API, SMSG PVM and the path check for
 * cross-system commands all answer alike.
 */

/** Who holds a CTC end a node's PVM report lists when the report does not name its user (older nodes): PVM. */
const PVM_USER = "PVM";

/** A device number as four hex digits, or the text upper-cased when it is not one. */
function dev(text: string): string {
  return deviceNumber(text) ?? text.toUpperCase();
}

/** One system's PVM, indexed for the checks below. */
interface Node {
  system: string;
  state?: PvmState;
  /** rdev → vdev and vdev → rdev of the CTCs attached to PVM. */
  vdevOfRdev: Map<string, string>;
  rdevOfVdev: Map<string, string>;
  linkAt: Map<string, PvmLink>;
  started: Set<string>;
}

/** The other end of the CTC whose one end is `system`'s `rdev`, or undefined when no CTC has it. */
type EndIndex = Map<string, { system: string; rdev: string }>;

const endKey = (system: string, rdev: string) => `${system} ${rdev}`;

/** Why `system`'s PVM cannot take part at all (not running, no file, wrong LOCAL), else undefined. */
function nodeWhy(n: Node): string | undefined {
  const s = n.state;
  if (!s?.running) return `PVM is not running on ${n.system}`;
  if (!s.config) return `${n.system}'s PVM has no configuration file`;
  // A node named otherwise is another node to its neighbours: nothing pairs with it.
  if (s.config.local === undefined) return `${n.system}'s PVM has no LOCAL statement`;
  if (s.config.local !== n.system) return `${n.system} LOCAL is ${s.config.local}, not ${n.system}`;
  return undefined;
}

/** Why the line `link` of system `n` is down, or undefined when it is up; the first missing piece. */
function lineWhy(n: Node, link: PvmLink, nodes: Map<string, Node>, ends: EndIndex): string | undefined {
  const s = n.system;
  const why = nodeWhy(n);
  if (why) return why;
  const t = nodes.get(link.node);
  if (link.node === s) return `${s}'s LINK ${link.vdev} names ${s} itself`;
  if (!t) return `${s}'s LINK ${link.vdev} names ${link.node}, which is not a system of this plex`;
  if (link.type !== "CTCA")
    return `${s}'s LINK ${link.vdev} is line type ${link.type}; only CTCA is simulated`;
  if (!n.started.has(link.vdev)) return `${s} did not START LINE ${link.vdev}`;
  const rdev = n.rdevOfVdev.get(link.vdev);
  if (rdev === undefined) return `${s} ${link.vdev} is not attached to PVM`;
  const far = ends.get(endKey(s, rdev));
  if (!far) return `${s} ${rdev} is not an end of any CTC`;
  if (far.system !== t.system) return `the CTC at ${s} ${rdev} leads to ${far.system}, not ${t.system}`;

  // The far side: its PVM, a LINK back to us, its end of this CTC attached at that LINK's vdev, started.
  const tWhy = nodeWhy(t);
  if (tWhy) return tWhy;
  const back = [...t.linkAt.values()].filter((l) => l.node === s);
  if (back.length === 0) return `${t.system}'s PVM has no LINK to ${s}`;
  const farVdev = t.vdevOfRdev.get(far.rdev);
  if (farVdev === undefined)
    return `${t.system} ${far.rdev} (the CTC from ${s} ${rdev}) is not attached to PVM`;
  const farLink = t.linkAt.get(farVdev);
  if (!farLink || farLink.node !== s) {
    return `${t.system} ${far.rdev} is attached to PVM at ${farVdev}, but ${t.system}'s LINK to ${s} is at ${back
      .map((l) => l.vdev)
      .join(", ")}`;
  }
  if (farLink.type !== "CTCA")
    return `${t.system}'s LINK ${farVdev} is line type ${farLink.type}; only CTCA is simulated`;
  if (!t.started.has(farVdev)) return `${t.system} did not START LINE ${farVdev}`;
  return undefined;
}

/** Indexes one system's PVM state (a system with no state is a PVM not running). */
function nodeOf(system: string, state: PvmState | undefined): Node {
  const n: Node = {
    system,
    state,
    vdevOfRdev: new Map(),
    rdevOfVdev: new Map(),
    linkAt: new Map(),
    started: new Set(),
  };
  for (const a of state?.attached ?? []) {
    n.vdevOfRdev.set(dev(a.rdev), dev(a.vdev));
    n.rdevOfVdev.set(dev(a.vdev), dev(a.rdev));
  }
  for (const l of state?.config?.links ?? []) {
    const vdev = dev(l.vdev);
    // The config reader refuses a second LINK at one vdev; keep the first if one comes anyway.
    if (!n.linkAt.has(vdev))
      n.linkAt.set(vdev, { ...l, vdev, node: l.node.toUpperCase(), type: l.type.toUpperCase() });
  }
  for (const v of state?.config?.startLines ?? []) n.started.add(dev(v));
  return n;
}

/** The plex's CSE network: each CTC with who holds its ends, each PVM line and each pair's path, up or down with why. */
export function pvmNetwork(systems: string[], ctcs: NetworkCtc[], states: PvmState[]): Network {
  const stateOf = new Map(states.map((s) => [s.system.toUpperCase(), s]));
  const nodes = new Map<string, Node>();
  for (const system of systems) nodes.set(system, nodeOf(system, stateOf.get(system.toUpperCase())));

  const ends: EndIndex = new Map();
  for (const c of ctcs) {
    ends.set(endKey(c.a.system, dev(c.a.rdev)), { system: c.b.system, rdev: dev(c.b.rdev) });
    ends.set(endKey(c.b.system, dev(c.b.rdev)), { system: c.a.system, rdev: dev(c.a.rdev) });
  }

  // Who holds each end: the user running PVM when its attached list has that rdev (whatever the
  // site calls it, src/cms/programs.ts), else not said (RSCS etc. are not ours).
  const holder = (system: string, rdev: string) => {
    const n = nodes.get(system);
    return n?.vdevOfRdev.has(dev(rdev)) ? (n.state?.userid ?? PVM_USER) : undefined;
  };
  const outCtcs = ctcs.map((c) => {
    const row: Network["ctcs"][number] = { a: { ...c.a }, b: { ...c.b } };
    const aUser = holder(c.a.system, c.a.rdev);
    const bUser = holder(c.b.system, c.b.rdev);
    if (aUser) row.aUser = aUser;
    if (bUser) row.bUser = bUser;
    return row;
  });

  // Lines: every LINK of every system's configuration, systems order then vdev.
  const lines: NetworkLine[] = [];
  const upPairs = new Set<string>();
  const firstDown = new Map<string, string>();
  for (const system of systems) {
    const n = nodes.get(system)!;
    const links = [...n.linkAt.values()].sort((x, y) => x.vdev.localeCompare(y.vdev));
    for (const link of links) {
      const why = lineWhy(n, link, nodes, ends);
      const line: NetworkLine = { system, vdev: link.vdev, node: link.node, state: why ? "DOWN" : "UP" };
      if (why) line.why = why;
      lines.push(line);
      const key = `${system} ${link.node}`;
      if (!why) upPairs.add(key);
      else if (!firstDown.has(key)) firstDown.set(key, why);
    }
  }

  // Paths: each unordered pair, point to point; a third system never carries another pair's traffic.
  const paths: NetworkPath[] = [];
  for (let i = 0; i < systems.length; i++) {
    for (let j = i + 1; j < systems.length; j++) {
      const [a, b] = [systems[i], systems[j]].sort();
      const why = pathWhy(nodes.get(a)!, nodes.get(b)!, upPairs, firstDown);
      const path: NetworkPath = { a, b, state: why ? "DOWN" : "UP" };
      if (why) path.why = why;
      paths.push(path);
    }
  }
  return { ctcs: outCtcs, lines, paths };
}

/** Why the path between `a` and `b` is down, or undefined when it is up. */
function pathWhy(a: Node, b: Node, upPairs: Set<string>, firstDown: Map<string, string>): string | undefined {
  const why = nodeWhy(a) ?? nodeWhy(b);
  if (why) return why;
  if (!upPairs.has(`${a.system} ${b.system}`)) {
    // The first line's reason names the missing piece; with no LINK either way, say that.
    return (
      firstDown.get(`${a.system} ${b.system}`) ??
      firstDown.get(`${b.system} ${a.system}`) ??
      `${a.system}'s PVM has no LINK to ${b.system}`
    );
  }
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    if (!x.state!.config!.startCsecom.includes(y.system))
      return `${x.system} did not START CSECOM ${y.system}`;
  }
  return undefined;
}
