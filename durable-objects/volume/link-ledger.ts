import { CseArea, decodeFlags, encodeFlags, MAX_SLOTS } from "../../src/dasd/cse-flags";
import {
  decideOnVolume,
  refreshSlot,
  type LedgerLink,
  type LinkOutcome,
  type LinkRequest,
} from "../../src/dasd/ledger";
import { type NodeLink, planLinkRepair, type RepairPlan } from "../../src/dasd/link-repair";
import type { Sql } from "../sql";
import { linkOf, type LinkRow } from "./schema";

/** CP's answer to a LINK from an incarnation an IPL has since replaced: the device is gone. */
export const LINK_FENCED = (vdev: string): LinkOutcome => ({
  decision: { granted: false, error: { id: "HCPDTV040E", vars: { vdev } } },
});

/**
 * A volume's link ledger and CSE area (header and per-cylinder, per-slot link flags), kept in
 * memory as the `links` table and the `cse_area` column hold them. Every method that changes them
 * runs inside the Volume's transaction (`atomic`), which reloads this copy when one fails.
 */
export class LinkLedger {
  /** The links granted on this volume. */
  links: LedgerLink[] = [];
  /** The CSE area, or null until XLINK FORMAT writes one. */
  area: CseArea | null = null;
  /** Each system's fence as the `fences` table holds it: its last IPL here, its last repair's life. */
  private fences = new Map<string, { ipl: number; life: number }>();

  constructor(private readonly sql: Sql) {}

  /** Reads the ledger and the area from storage (the tables exist). */
  load(): void {
    this.links = this.sql<LinkRow>`SELECT * FROM links`.map(linkOf);
    const row = this.sql<{ cse_area: string | null }>`SELECT cse_area FROM volume`[0];
    this.area = row?.cse_area ? decodeFlags(row.cse_area) : null;
    this.fences = new Map(
      this.sql<{ system: string; ipl: number; life: number }>`SELECT system, ipl, life FROM fences`.map(
        (r) => [r.system, { ipl: r.ipl, life: r.life }],
      ),
    );
  }

  /** Forgets both: the volume was dropped. */
  clear(): void {
    this.links = [];
    this.area = null;
    this.fences.clear();
  }

  /** Writes the area (or its absence) to the volume row. */
  saveArea(): void {
    this.sql`UPDATE volume SET cse_area = ${this.area ? encodeFlags(this.area) : null}`;
  }

  /** Drops the CSE area: a new size or CSE cylinder leaves it to be formatted again. */
  dropArea(): void {
    this.area = null;
    this.saveArea();
  }

  /**
   * True when `ipl` is an incarnation of `system` before the one its last IPL here recorded, or
   * `life` a life of its node object before the one whose crash repair ran here last.
   */
  fenced(system: string, ipl: number | undefined, life?: number): boolean {
    const f = this.fences.get(system);
    return f !== undefined && ((ipl !== undefined && ipl < f.ipl) || (life !== undefined && life < f.life));
  }

  /** A crash repair of `system` by its node object's life `life` ran here. Inside the caller's transaction. */
  repairedBy(system: string, life: number | undefined): void {
    if (life === undefined) return;
    this.sql`INSERT INTO fences (system, ipl, life) VALUES (${system}, 0, ${life})
             ON CONFLICT (system) DO UPDATE SET life = max(life, excluded.life)`;
    const f = this.fences.get(system) ?? { ipl: 0, life: 0 };
    this.fences.set(system, { ...f, life: Math.max(f.life, life) });
  }

  /** LINK's decision and, when granted, its entry in the ledger and flags. Inside the caller's transaction. */
  decide(req: LinkRequest): LinkOutcome {
    // A LINK from before the system's last IPL (it overtook nothing: the IPL's reset came first)
    // answers as for a device that is gone; the node that sent it is no longer waiting.
    if (this.fenced(req.system, req.ipl, req.life)) return LINK_FENCED(req.vdev);
    const generation = this.sql<{ g: number }>`SELECT next_generation AS g FROM volume`[0]?.g ?? 1;
    const xlink = req.slot !== undefined ? this.area : null;
    // An area formatted for fewer systems than this one's slot has no flags for it: the volume
    // is not usable for its links (the IPL leaves it offline; this guards a LINK that raced it).
    if (xlink && req.slot !== undefined && !xlink.hasSlot(req.slot)) {
      const volser = this.sql<{ volser: string }>`SELECT volser FROM volume`[0]?.volser ?? "";
      return {
        decision: {
          granted: false,
          error: { id: "HCPLNM108E", vars: { userid: req.owner, vdev: req.ownerVdev, volid: volser } },
        },
      };
    }
    const outcome = decideOnVolume(this.links, xlink, req, generation);
    if (!outcome.decision.granted || !("link" in outcome)) return outcome;
    const l = outcome.link;
    const sameVdev = (x: LedgerLink) => x.system === l.system && x.userid === l.userid && x.vdev === l.vdev;
    const replaced = this.links.find(sameVdev);
    this.sql`INSERT OR REPLACE INTO links
        (system, userid, vdev, owner, owner_vdev, start, "end", access, requested, generation, virtual_reserve, token)
      VALUES (${l.system}, ${l.userid}, ${l.vdev}, ${l.owner}, ${l.ownerVdev}, ${l.start}, ${l.end}, ${l.access}, ${l.requested}, ${l.generation}, ${l.virtualReserve ? 1 : 0}, ${l.token ?? null})`;
    this.sql`UPDATE volume SET next_generation = ${generation + 1}`;
    this.links = this.links.filter((x) => !sameVdev(x));
    this.links.push(l);
    if (xlink && req.slot !== undefined) {
      refreshSlot(xlink, req.slot, req.system, this.links, l.start, l.end);
      // A link that replaced another under the same vdev leaves its old cylinders to be redone.
      if (replaced) refreshSlot(xlink, req.slot, req.system, this.links, replaced.start, replaced.end);
      this.saveArea();
    }
    return outcome;
  }

  /**
   * Releases one link and its flags. With `generation`, only that grant is released: a stale
   * release changes nothing and answers false. Inside the caller's transaction.
   */
  detach(
    system: string,
    slot: number | undefined,
    userid: string,
    vdev: string,
    generation?: number,
  ): boolean {
    const l = this.links.find((x) => x.system === system && x.userid === userid && x.vdev === vdev);
    if (!l || (generation !== undefined && l.generation !== generation)) return false;
    this.sql`DELETE FROM links WHERE system = ${system} AND userid = ${userid} AND vdev = ${vdev}`;
    this.links = this.links.filter((x) => x !== l);
    if (this.area && slot !== undefined) {
      refreshSlot(this.area, slot, system, this.links, l.start, l.end);
      this.saveArea();
    }
    return true;
  }

  /** Crash repair's plan, with the entries it drops gone from the ledger and flags. Inside the caller's transaction. */
  repair(system: string, slot: number | undefined, links: NodeLink[]): RepairPlan {
    const plan = planLinkRepair(system, links, this.links);
    if (plan.drop.length === 0) return plan;
    for (const l of plan.drop)
      this.sql`DELETE FROM links WHERE system = ${system} AND userid = ${l.userid} AND vdev = ${l.vdev}`;
    const dropped = new Set(plan.drop);
    this.links = this.links.filter((x) => !dropped.has(x));
    if (this.area && slot !== undefined) {
      for (const l of plan.drop) refreshSlot(this.area, slot, system, this.links, l.start, l.end);
      this.saveArea();
    }
    return plan;
  }

  /**
   * A system's links go, and its slots' flags; with `ipl`, the incarnation being IPLed is recorded
   * so a LINK an earlier one sent is refused when it arrives late. Inside the caller's transaction.
   */
  resetSystem(system: string, slots: readonly number[], ipl?: number): void {
    if (ipl !== undefined) {
      this.sql`INSERT INTO fences (system, ipl) VALUES (${system}, ${ipl})
               ON CONFLICT (system) DO UPDATE SET ipl = max(ipl, excluded.ipl)`;
      const f = this.fences.get(system) ?? { ipl: 0, life: 0 };
      this.fences.set(system, { ...f, ipl: Math.max(f.ipl, ipl) });
    }
    this.sql`DELETE FROM links WHERE system = ${system}`;
    this.links = this.links.filter((x) => x.system !== system);
    if (this.area && slots.length > 0) {
      for (const slot of slots) this.area.clearSlot(slot);
      this.saveArea();
    }
  }

  /** XLINK RESET: clears one slot's flags; false when there is no CSE area. Inside the caller's transaction. */
  resetSlot(slot: number): boolean {
    if (!this.area) return false;
    this.area.clearSlot(slot);
    this.saveArea();
    return true;
  }

  /**
   * XLINK FORMAT: writes a new CSE area (a header for `systems` slots, no flags). Refused while any
   * link but the formatter's own (`own`: the minidisk it formats through) exists; the formatter's
   * own link, when its system has `slot` on this volume, gets its flags in the new area. Inside the
   * caller's transaction.
   */
  format(
    by: string,
    system: string,
    at: string,
    opts: { systems?: number; own?: { userid: string; vdev: string }; slot?: number } = {},
  ): boolean {
    const own = opts.own;
    const isOwn = (l: LedgerLink) =>
      own !== undefined && l.system === system && l.userid === own.userid && l.vdev === own.vdev;
    // Formatting under live links would lose their flags and open them to the other systems.
    if (this.links.some((l) => !isOwn(l))) return false;
    const cylinders = this.sql<{ cylinders: number }>`SELECT cylinders FROM volume`[0]?.cylinders ?? 1;
    const systems = opts.systems ?? MAX_SLOTS;
    this.area = new CseArea({ formattedBy: by, system, at, cylinders, systems });
    const area = this.area;
    if (opts.slot !== undefined && area.hasSlot(opts.slot))
      for (const l of this.links) refreshSlot(area, opts.slot, system, this.links, l.start, l.end);
    this.saveArea();
    return true;
  }
}
