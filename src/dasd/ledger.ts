import type { CseArea } from "./cse-flags";
import { decideLink, type Access, type Holder, type LinkDecision, type LinkMode } from "./link-rules";

/** One granted link to a minidisk on a real volume, as the volume's ledger keeps it. */
export interface LedgerLink {
  system: string;
  userid: string;
  /** The linking user's virtual device (vdev2). */
  vdev: string;
  owner: string;
  ownerVdev: string;
  start: number;
  end: number;
  access: Access;
  /** The mode asked for (MW may share write access on purpose; the ledger says so). */
  requested: LinkMode;
  /** Fencing token: a release must name the generation it was granted. */
  generation: number;
  virtualReserve: boolean;
  /** The token of the node's request that was granted it (crash repair); absent on entries from before. */
  token?: string;
}

/** A LINK as a system asks its volume for it: the link it wants, with the mode instead of an access. */
export type LinkRequest = Pick<
  LedgerLink,
  "system" | "userid" | "vdev" | "owner" | "ownerVdev" | "start" | "end" | "virtualReserve" | "token"
> & {
  /** The system's XLINK slot when the volume is XLINK-controlled there; undefined otherwise. */
  slot?: number;
  /** Slot → system name, for messages that name the other system. */
  slotNames: Record<number, string>;
  mode: LinkMode;
  /**
   * The asking system's incarnation (its IPL count): a LINK sent before an IPL that reaches the
   * volume after the IPL reset it is refused, never granted to a system that no longer asks.
   */
  ipl?: number;
  /**
   * The node object's life that sent it: a LINK that outlived a restart of the node object,
   * arriving after the new life's crash repair on the volume, is refused too.
   */
  life?: number;
};

/** The outcome: the decision, and when granted the new ledger entry. */
export type LinkOutcome =
  | { decision: Extract<LinkDecision, { granted: false }> }
  | { decision: Extract<LinkDecision, { granted: true }>; link: LedgerLink };

/** Strength of an access for one slot's flag: a slot shows the strongest access its system holds. */
const STRENGTH: Record<Access, number> = { R: 1, SR: 2, W: 3, SW: 4, ER: 5, EW: 6 };

/**
 * Decides a LINK on a volume: the other users of the same minidisk on the same system (CP checks
 * by minidisk identity locally), then, on an XLINK volume, every other slot's flags over the
 * extent's cylinders (CSE keeps per-system flags only, so a conflict names the system).
 */
export function decideOnVolume(
  ledger: readonly LedgerLink[],
  area: CseArea | null,
  req: LinkRequest,
  generation: number,
): LinkOutcome {
  const holders: Holder[] = [];
  for (const l of ledger)
    if (l.system === req.system && l.owner === req.owner && l.ownerVdev === req.ownerVdev)
      holders.push({ who: l.userid, access: l.access, remote: false });
  if (area && req.slot !== undefined)
    for (const o of area.othersOver(req.slot, req.start, req.end))
      holders.push({ who: req.slotNames[o.slot] ?? `SLOT${o.slot}`, access: o.access, remote: true });
  // Virtual reserve/release works among one system's guests only: sharing the extent with another
  // system under a V mode would promise protection CSE does not give, so it is refused.
  const remote = holders.find((h) => h.remote);
  if (req.virtualReserve && remote)
    return {
      decision: {
        granted: false,
        error: { id: "HCPLNM9002E", vars: { userid: req.owner, vdev: req.ownerVdev, sysname: remote.who } },
      },
    };
  const decision = decideLink(req.mode, req.owner, req.ownerVdev, holders, req.vdev);
  if (!decision.granted) return { decision };
  return {
    decision,
    link: {
      system: req.system,
      userid: req.userid,
      vdev: req.vdev,
      owner: req.owner,
      ownerVdev: req.ownerVdev,
      start: req.start,
      end: req.end,
      access: decision.access,
      requested: req.mode,
      generation,
      virtualReserve: req.virtualReserve,
      token: req.token,
    },
  };
}

/**
 * Rewrites one slot's flags over start..end from the ledger: each cylinder shows the strongest
 * access any of that system's links holds there, or nothing.
 */
export function refreshSlot(
  area: CseArea,
  slot: number,
  system: string,
  ledger: readonly LedgerLink[],
  start: number,
  end: number,
): void {
  area.clearRange(slot, start, end);
  const mine = ledger
    .filter((l) => l.system === system && l.start <= end && l.end >= start)
    .sort((a, b) => STRENGTH[a.access] - STRENGTH[b.access]);
  // Weaker first, so a stronger access over the same cylinders overwrites it.
  for (const l of mine) area.setRange(slot, Math.max(l.start, start), Math.min(l.end, end), l.access);
}
