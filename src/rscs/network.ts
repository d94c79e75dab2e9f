import type { NetworkCtc } from "../pvm/types";
import { deviceNumber } from "../text/names";
import type { RscsLinkDef, RscsNetworkLink, RscsReach, RscsState } from "./types";

/**
 * The RSCS network of a plex (issue #12): each system's links, active when both ends' RSCS run,
 * each end's LINKDEFINE names the other node, both LINE vdevs are attached to RSCS on the two ends
 * of one CTC, and both links are STARTed; else connect (started here, waiting for the rest) or
 * inactive (not started), with the first missing piece. Nodes are named by system: a LOCAL that
 * differs from its system's name keeps the links to it down (lint: RSCS-LOCAL).
 */

const dev = (d: string): string => deviceNumber(d) ?? d;

/** One system's RSCS, indexed. */
interface Node {
  system: string;
  state?: RscsState;
  rdevOfVdev: Map<string, string>;
  links: Map<string, RscsLinkDef>;
  started: Set<string>;
}

function nodeOf(system: string, state: RscsState | undefined): Node {
  const n: Node = { system, state, rdevOfVdev: new Map(), links: new Map(), started: new Set() };
  for (const a of state?.attached ?? []) n.rdevOfVdev.set(dev(a.vdev), dev(a.rdev));
  for (const l of state?.config?.links ?? []) if (!n.links.has(l.linkid)) n.links.set(l.linkid, l);
  for (const s of state?.started ?? []) n.started.add(s.toUpperCase());
  return n;
}

/** The far end of each system's real CTC device: `system rdev` → the other end. */
function endsOf(ctcs: readonly NetworkCtc[]): Map<string, { system: string; rdev: string }> {
  const ends = new Map<string, { system: string; rdev: string }>();
  for (const c of ctcs) {
    ends.set(`${c.a.system} ${dev(c.a.rdev)}`, { system: c.b.system, rdev: dev(c.b.rdev) });
    ends.set(`${c.b.system} ${dev(c.b.rdev)}`, { system: c.a.system, rdev: dev(c.a.rdev) });
  }
  return ends;
}

/** Why `link` of `n` is not active (undefined: active), and whether it is started here at all. */
function linkWhy(
  n: Node,
  link: RscsLinkDef,
  nodes: Map<string, Node>,
  ends: Map<string, { system: string; rdev: string }>,
): string | undefined {
  const s = n.system;
  const peer = link.linkid;
  if (!n.state?.running) return `RSCS is not running on ${s}`;
  const local = n.state.config?.local ?? s;
  if (local !== s) return `${s}'s RSCS CONFIG says LOCAL ${local}, not ${s}`;
  if (!n.started.has(peer)) return `${s} did not START ${peer}`;
  if (link.type !== "NJE") return `link type ${link.type} is not simulated`;
  if (!link.line) return `LINKDEFINE ${peer} on ${s} names no LINE`;
  const rdev = n.rdevOfVdev.get(link.line);
  if (!rdev) return `${s}'s RSCS has no device at ${link.line} (no CTC attached there)`;
  const far = ends.get(`${s} ${rdev}`);
  if (!far) return `${s} ${rdev} (at ${link.line}) is not a CTC of the plex`;
  if (far.system !== peer) return `${s} ${rdev} (at ${link.line}) leads to ${far.system}, not ${peer}`;
  const t = nodes.get(peer);
  if (!t) return `${peer} is not a system of this plex`;
  if (!t.state?.running) return `RSCS is not running on ${peer}`;
  const farLocal = t.state.config?.local ?? peer;
  if (farLocal !== peer) return `${peer}'s RSCS CONFIG says LOCAL ${farLocal}, not ${peer}`;
  const back = t.links.get(s);
  if (!back) return `${peer}'s RSCS CONFIG has no LINKDEFINE ${s}`;
  const backRdev = back.line ? t.rdevOfVdev.get(back.line) : undefined;
  if (backRdev !== far.rdev)
    return back.line && backRdev
      ? `${peer}'s link ${s} is on ${backRdev} (at ${back.line}), not ${far.rdev}, the other end of ${s} ${rdev}`
      : `${peer} ${far.rdev} (the other end of ${s} ${rdev}) is not attached to RSCS at ${back.line ?? "its LINE"}`;
  if (!t.started.has(s)) return `${peer} did not START ${s}`;
  return undefined;
}

/** Every link of every system's RSCS CONFIG, systems order then link order, with its status. */
export function rscsNetwork(
  systems: readonly string[],
  ctcs: readonly NetworkCtc[],
  states: readonly RscsState[],
): RscsNetworkLink[] {
  const stateOf = new Map(states.map((s) => [s.system, s]));
  const nodes = new Map(systems.map((s) => [s, nodeOf(s, stateOf.get(s))]));
  const ends = endsOf(ctcs);
  const out: RscsNetworkLink[] = [];
  for (const system of systems) {
    const n = nodes.get(system)!;
    for (const link of n.links.values()) {
      const why = linkWhy(n, link, nodes, ends);
      const status = !why
        ? "active"
        : n.state?.running && n.started.has(link.linkid)
          ? "connect"
          : "inactive";
      out.push({
        system,
        linkid: link.linkid,
        type: link.type,
        ...(link.line ? { line: link.line } : {}),
        status,
        ...(why ? { why } : {}),
      });
    }
  }
  return out;
}

/**
 * Whether `here`'s RSCS reaches `node` now: the link of that name (a ROUTE's store-and-forward
 * through a third node is not simulated), given the network computed with at least here and node.
 */
export function rscsReach(here: RscsState, node: string, links: readonly RscsNetworkLink[]): RscsReach {
  if (!here.running) return { ok: false, why: `RSCS is not running on ${here.system}` };
  const def = here.config?.links.find((l) => l.linkid === node);
  if (!def) {
    const route = here.config?.routes.find((r) => r.node === node);
    return route
      ? {
          ok: false,
          link: route.via,
          why: `ROUTE ${node} TO ${route.via}: store-and-forward is not simulated`,
        }
      : { ok: false, why: `${node} is not a link or a route of ${here.system}'s RSCS` };
  }
  const l = links.find((x) => x.system === here.system && x.linkid === node);
  if (l?.status === "active") return { ok: true, link: node };
  return { ok: false, link: node, why: l?.why ?? `link ${node} is not active` };
}
