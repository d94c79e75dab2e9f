import type { LedgerLink } from "./ledger";
import { accessLabel } from "./link-rules";

/**
 * Crash repair of links (issue #10 item 6). A LINK or DETACH changes two objects, the system's node
 * and the volume, one after the other; a crash between them leaves them disagreeing. The node
 * writes its intent before it calls the volume (a `pending` device) and settles it after the
 * answer, so after a crash the node knows which of its devices are in doubt, and the volume's
 * ledger entries carry the LINK's token to say which request granted them. This module decides,
 * from both sides, what a mismatch is and what to do about it; the objects only apply it.
 */

/**
 * How a device stands towards its volume, as the node's `pending` column stores it: settled (the
 * answer recorded), a LINK asked of the volume, or a DETACH asked of it.
 */
export const PENDING = { linked: 0, linking: 1, detaching: 2 } as const;

/** A node device's state towards its volume. */
export type NodeLinkState = keyof typeof PENDING;

/** The state a stored `pending` value means (an unknown value is read as a LINK in doubt). */
export function linkState(pending: number): NodeLinkState {
  return pending === PENDING.linked ? "linked" : pending === PENDING.detaching ? "detaching" : "linking";
}

/** One of a system's minidisk devices on a volume, as its node records it. */
export interface NodeLink {
  userid: string;
  vdev: string;
  owner: string;
  ownerVdev: string;
  state: NodeLinkState;
  /** The grant's generation, once the volume's answer was recorded. */
  generation: number | null;
  /** The token of the device's LINK, which the volume's ledger entry carries. */
  token: string | null;
  /** True while the node (this incarnation of it) awaits the volume for it: not judged. */
  inFlight: boolean;
}

/** What the node does with one of its devices after comparing it with the ledger. */
export type RepairVerdict =
  /** The volume granted a LINK whose answer the node never recorded: the link stands. */
  | { kind: "completed"; link: NodeLink; entry: LedgerLink }
  /** The volume never granted the LINK: the device goes. */
  | { kind: "undone"; link: NodeLink }
  /** A DETACH whose answer the node never recorded: it is finished on both sides. */
  | { kind: "detached"; link: NodeLink }
  /** The node shows a link the ledger does not have: it protects nothing, so it goes. */
  | { kind: "missing"; link: NodeLink };

/** The repair of one system's links on one volume. */
export interface RepairPlan {
  /** Ledger entries of the system to remove (with their flags). */
  drop: LedgerLink[];
  /** Those of them no device of the node accounts for: a link no node shows. */
  orphans: LedgerLink[];
  /** What the node does with its devices that are not in flight and disagree with the ledger. */
  verdicts: RepairVerdict[];
}

const keyOf = (x: { userid: string; vdev: string }) => `${x.userid} ${x.vdev}`;

/**
 * Compares a system's devices on a volume with the volume's ledger. A device and an entry match
 * when they are the same (userid, vdev) and the entry is the device's grant: the same generation
 * for a settled link, the same LINK token for one in doubt. An entry no device claims is dropped
 * (nobody can DETACH it); a LINK in doubt is completed when the volume granted it and undone when
 * it did not; a DETACH in doubt is finished; a settled link the ledger lacks is dropped. Devices in
 * flight and their entries are left alone: their own request settles them.
 */
export function planLinkRepair(
  system: string,
  links: readonly NodeLink[],
  ledger: readonly LedgerLink[],
): RepairPlan {
  const mine = new Map(ledger.filter((e) => e.system === system).map((e) => [keyOf(e), e]));
  const kept = new Set<LedgerLink>();
  const finished = new Set<LedgerLink>();
  const verdicts: RepairVerdict[] = [];
  for (const l of links) {
    const e = mine.get(keyOf(l));
    if (l.inFlight) {
      if (e) kept.add(e);
      continue;
    }
    const granted = e !== undefined && l.generation !== null && e.generation === l.generation;
    const byToken = e !== undefined && l.token !== null && e.token === l.token;
    if (l.state === "linked") {
      if (granted) kept.add(e);
      else verdicts.push({ kind: "missing", link: l });
    } else if (l.state === "linking") {
      if (byToken) {
        kept.add(e);
        verdicts.push({ kind: "completed", link: l, entry: e });
      } else verdicts.push({ kind: "undone", link: l });
    } else {
      if (granted || byToken) finished.add(e);
      verdicts.push({ kind: "detached", link: l });
    }
  }
  const drop = [...mine.values()].filter((e) => !kept.has(e));
  return { drop, orphans: drop.filter((e) => !finished.has(e)), verdicts };
}

/** The console line of one repair (ours, not CP's: CP has no such message; docs/decisions.md). */
export function repairLine(volser: string, r: RepairVerdict | { kind: "orphan"; entry: LedgerLink }): string {
  const who = r.kind === "orphan" ? r.entry : r.link;
  const head = `LINK REPAIR ON ${volser}: ${who.userid} ${who.vdev} (${who.owner} ${who.ownerVdev})`;
  switch (r.kind) {
    case "completed":
      return `${head} LINK COMPLETED ${accessLabel(r.entry.access)}: THE VOLUME HAD GRANTED IT`;
    case "undone":
      return `${head} LINK UNDONE: THE VOLUME HAD NOT GRANTED IT`;
    case "detached":
      return `${head} DETACH COMPLETED`;
    case "missing":
      return `${head} LINK DROPPED: NOT IN THE VOLUME'S LEDGER`;
    case "orphan":
      return `${head} LINK REMOVED FROM THE VOLUME: NO SUCH DEVICE ON ${r.entry.system}`;
  }
}
