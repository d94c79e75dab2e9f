import { DurableObject } from "cloudflare:workers";
import type { LedgerLink, LinkOutcome, LinkRequest } from "../../src/dasd/ledger";
import {
  type ReserveHolder,
  type VolumeGeometry,
  volumeView,
  type VolumeView,
} from "../../src/dasd/volume-view";
import { type NodeLink, planLinkRepair, type RepairPlan } from "../../src/dasd/link-repair";
import type { GeometryChange } from "../../src/dasd/geometry-change";
import { Schema, sqlHelper, type Sql } from "../sql";
import { ensureVolume, type GeometryRow, geometryWarnings } from "./geometry";
import { type Guest, HardwareReserve, type ReserveAnswer } from "./hardware-reserve";
import { LINK_FENCED, LinkLedger } from "./link-ledger";
import { RESERVE_TIMEOUT_MS } from "../../src/dasd/volume-view";
import { VOLUME_MIGRATIONS } from "./schema";

/**
 * One real volume of a plex: its label and geometry, its CSE area (header and per-cylinder,
 * per-slot link flags), the ledger of links to its minidisks and its hardware reserve. Every
 * decision is one synchronous transaction, so concurrent LINKs from several systems are serialised here.
 */
export class Volume extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly schema: Schema;
  private readonly reserves: HardwareReserve;
  /** The link ledger and CSE area (link-ledger.ts), as storage holds them. */
  private readonly ledger: LinkLedger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    this.ledger = new LinkLedger(this.sql);
    this.reserves = new HardwareReserve(this.sql, () => this.nextGeneration());
    // SQLite storage is synchronous: the schema is read (and an old one migrated) before any request.
    this.schema = new Schema(ctx.storage, this.sql, VOLUME_MIGRATIONS);
    this.load();
  }

  /** Reads the ledger and the area, when the volume has tables. */
  private load(): void {
    if (!this.schema.exists) return;
    this.ledger.load();
  }

  /**
   * Runs `fn` as one transaction; on failure the in-memory copy is reloaded so it never drifts from
   * storage. With `g`, the volume is made first if it was never used: its tables in their own
   * transaction (so a rolled-back `fn` cannot take them away), its row inside `fn`'s.
   */
  private atomic<T>(fn: () => T, g?: VolumeGeometry): T {
    if (g) this.schema.ensure();
    try {
      if (g)
        return this.ctx.storage.transactionSync(() => {
          ensureVolume(this.sql, g, this.ledger);
          return fn();
        });
      return this.ctx.storage.transactionSync(fn);
    } catch (e) {
      this.load();
      throw e;
    }
  }

  private nextGeneration(): number {
    const g = this.sql<{ g: number }>`SELECT next_generation AS g FROM volume`[0]?.g ?? 1;
    this.sql`UPDATE volume SET next_generation = ${g + 1}`;
    return g;
  }

  /** True when XLINK FORMAT has written the CSE area. */
  formatted(): boolean {
    return this.ledger.area !== null;
  }

  /**
   * Decides a LINK against this volume's ledger and, under XLINK, the other systems' flags; records a
   * grant. With `repairFirst` (the system's devices on this volume, at its first call to it in an
   * incarnation), crash repair runs first in the same transaction and its plan comes back with the
   * outcome: one call instead of two for each volume a LOGON brings into use.
   */
  link(req: LinkRequest, g: VolumeGeometry, repairFirst?: NodeLink[]): LinkOutcome & { repair?: RepairPlan } {
    return this.atomic(() => {
      // A late call from an incarnation an IPL replaced neither repairs nor links: the devices it
      // carries are gone, and repairing by them would drop the current incarnation's links.
      if (this.ledger.fenced(req.system, req.ipl, req.life)) return LINK_FENCED(req.vdev);
      if (repairFirst) this.ledger.repairedBy(req.system, req.life);
      const repair = repairFirst ? this.ledger.repair(req.system, req.slot, repairFirst) : undefined;
      return { ...this.ledger.decide(req), ...(repair ? { repair } : {}) };
    }, g);
  }

  /**
   * Releases one link. With `generation`, only that grant is released: a stale release (from before
   * a re-IPL or a reset) changes nothing and answers false.
   */
  detach(
    system: string,
    slot: number | undefined,
    userid: string,
    vdev: string,
    generation?: number,
  ): boolean {
    return this.atomic(() => this.ledger.detach(system, slot, userid, vdev, generation));
  }

  /**
   * Crash repair: compares a system's devices on this volume (as its node records them) with the
   * ledger, drops the system's entries no device accounts for (and their flags) in one transaction,
   * and answers the plan, whose verdicts the node applies to its devices (src/dasd/link-repair.ts).
   */
  reconcile(
    system: string,
    slot: number | undefined,
    links: NodeLink[],
    ipl?: number,
    life?: number,
  ): RepairPlan {
    if (!this.schema.exists) {
      if (life === undefined) return planLinkRepair(system, links, []);
      // The system has devices here (it is repairing them): the volume is made so the life is
      // recorded, and a LINK a former life sent as its first call here meets the fence.
      this.schema.ensure();
      this.load();
    }
    // A repair from an incarnation an IPL replaced, or from a former life of the node object,
    // changes nothing here (see `link`).
    if (this.ledger.fenced(system, ipl, life)) return { drop: [], orphans: [], verdicts: [] };
    return this.atomic(() => {
      this.ledger.repairedBy(system, life);
      return this.ledger.repair(system, slot, links);
    });
  }

  /**
   * A system's IPL (or shutdown) as this volume sees it: the system's links, flags and reserves go
   * (with `ipl`, the incarnation being IPLed fences out LINKs an earlier one sent), and the answer
   * says whether the volume has a CSE area. One call per volume.
   */
  resetSystem(
    system: string,
    slots: number | readonly number[] | undefined,
    ipl?: number,
  ): { formatted: boolean; systems?: number } {
    if (!this.schema.exists) {
      if (ipl === undefined) return { formatted: false };
      // A volume the system held but that stored nothing yet (its first call may still be on its
      // way): made now, only so the fence that call must meet is recorded.
      this.schema.ensure();
      this.load();
    }
    const cleared = slots === undefined ? [] : typeof slots === "number" ? [slots] : slots;
    this.atomic(() => {
      this.ledger.resetSystem(system, cleared, ipl);
      this.reserves.releaseOf(system);
    });
    return this.areaAnswer();
  }

  /** Whether the volume has a CSE area and, when it has, for how many systems (slots) it was formatted. */
  private areaAnswer(): { formatted: boolean; systems?: number } {
    const area = this.ledger.area;
    return area ? { formatted: true, systems: area.header.systems } : { formatted: false };
  }

  /**
   * What an IPL asks of a volume the system will use: with `reset`, the system's old links, flags
   * and reserves go first (as `resetSystem`); the geometry it read is taken if newer and it fits;
   * the answer says whether there is a CSE area and what became of the geometry, for the IPL's console.
   */
  atIpl(
    system: string,
    slot: number | readonly number[] | undefined,
    reset: boolean,
    g: VolumeGeometry,
    ipl?: number,
  ): { formatted: boolean; systems?: number; geometry?: GeometryChange } {
    // A volume nobody used is not made here: its first use makes it, and a use from a system on an
    // older image is corrected by the first from a newer one (`ensureVolume`).
    if (!this.schema.exists && !(reset && ipl !== undefined)) return { formatted: false };
    if (reset) this.resetSystem(system, slot, ipl);
    const geometry = this.atomic(() => ensureVolume(this.sql, g, this.ledger));
    return geometry ? { ...this.areaAnswer(), geometry } : this.areaAnswer();
  }

  /** XLINK RESET: clears one slot's flags, as an operator on a surviving system does after a failure. */
  resetSlot(slot: number): boolean {
    if (!this.schema.exists) return false;
    return this.atomic(() => this.ledger.resetSlot(slot));
  }

  /**
   * XLINK FORMAT: writes a new CSE area (header for `opts.systems` slots, no flags); refused while
   * links exist other than the formatter's own (`opts.own`, the minidisk it formats through).
   */
  format(
    by: string,
    system: string,
    at: string,
    g: VolumeGeometry,
    opts: { systems?: number; own?: { userid: string; vdev: string }; slot?: number } = {},
  ): boolean {
    return this.atomic(() => this.ledger.format(by, system, at, opts), g);
  }

  private volser(): string | undefined {
    if (!this.schema.exists) return undefined;
    return this.sql<{ volser: string }>`SELECT volser FROM volume`[0]?.volser;
  }

  /** XLINK DISPLAY body, with slot numbers named after their systems. */
  display(slotNames: Record<number, string>, opts: { start?: number; noHeader?: boolean }): string[] | null {
    const volser = this.volser();
    return this.ledger.area && volser ? this.ledger.area.display(volser, slotNames, opts) : null;
  }

  /** The header variables HCPXXL2876I prints, or null when unformatted. */
  formattedVars(): Record<string, string> | null {
    const volser = this.volser();
    return this.ledger.area && volser ? this.ledger.area.formattedVars(volser) : null;
  }

  /** The volume as the API shows it (src/dasd/volume-view.ts); one nobody has used, as an empty volume of geometry `g`. */
  view(slotNames: Record<number, string>, g: VolumeGeometry, localLinks: LedgerLink[] = []): VolumeView {
    const v = this.schema.exists
      ? this.sql<
          GeometryRow & { volser: string }
        >`SELECT volser, devtype, cylinders, cse_cylinder, geometry_version, geometry_refused FROM volume`[0]
      : undefined;
    const meta = v
      ? { volser: v.volser, devtype: v.devtype, cylinders: v.cylinders, cseCylinder: v.cse_cylinder }
      : g;
    const holder = v ? (this.reserves.holder() ?? null) : null;
    const ledger = localLinks.length ? [...this.ledger.links, ...localLinks] : this.ledger.links;
    const view = volumeView(meta, this.ledger.area, ledger, holder, this.reserves.waiting(), slotNames);
    if (!v) return view;
    // `g` is the plex's geometry now: one the volume has not taken yet is pending or was refused.
    const extra = geometryWarnings(v, g);
    return extra.length ? { ...view, warnings: [...view.warnings, ...extra] } : view;
  }

  /** Hardware RESERVE by a guest: granted when free (or its own), else busy or, with `wait`, queued in order. */
  async reserve(
    who: Guest,
    wait: boolean,
    g: VolumeGeometry,
    timeoutMs = RESERVE_TIMEOUT_MS,
    ipl?: number,
  ): Promise<ReserveAnswer & { timedOut?: boolean }> {
    // A RESERVE an earlier incarnation sent, arriving after the IPL released the system's reserves
    // here, is not granted (nor queued): nobody would release it (the IPL fence, as for LINK).
    if (this.schema.exists && this.ledger.fenced(who.system, ipl)) return { granted: false, fenced: true };
    const now = this.atomic(() => this.reserves.tryReserve(who, wait), g);
    return now ?? this.reserves.enqueue(who, timeoutMs);
  }

  /** RELEASE: frees the reserve when `generation` is the current grant's; a stale one changes nothing. */
  release(who: Guest, generation?: number): { ok: true } | { ok: false; holder?: ReserveHolder } {
    if (!this.schema.exists) return { ok: false };
    return this.atomic(() => this.reserves.release(who, generation));
  }

  /** Frees what one guest holds or waits for: its DETACH, LOGOFF or FORCE. */
  releaseReservesOfUser(system: string, userid: string, vdev?: string): void {
    if (!this.schema.exists) return;
    this.atomic(() => this.reserves.releaseOf(system, userid, vdev));
  }

  /** The operator's break-reserve on a surviving system: takes the reserve from its holder, whoever it is. */
  breakReserve(): ReserveHolder | undefined {
    if (!this.schema.exists) return undefined;
    return this.atomic(() => this.reserves.breakReserve());
  }

  /** The current reserve holder, if any. */
  reserveHolder(): ReserveHolder | undefined {
    return this.schema.exists ? this.reserves.holder() : undefined;
  }

  /**
   * Writes numbered records as one transaction, unless another guest holds the reserve (the
   * protection hardware reserve gives a dedicated volume). `area` is a minidisk or "" (whole volume).
   */
  write(
    who: Guest,
    area: { owner: string; ownerVdev: string },
    records: { n: number; data: string }[],
    honourReserve: boolean,
    g: VolumeGeometry,
  ): { ok: true } | { ok: false; holder: ReserveHolder } {
    return this.atomic(() => {
      const blocker = honourReserve ? this.reserves.blocker(who) : undefined;
      if (blocker) return { ok: false as const, holder: blocker };
      for (const r of records)
        this
          .sql`INSERT OR REPLACE INTO records (owner, owner_vdev, n, data) VALUES (${area.owner}, ${area.ownerVdev}, ${r.n}, ${r.data})`;
      return { ok: true as const };
    }, g);
  }

  /** Reads records `from`..`from+count-1` (those written), refused like write when another holds the reserve. */
  read(
    who: Guest,
    area: { owner: string; ownerVdev: string },
    from: number,
    count: number,
    honourReserve: boolean,
  ): { ok: true; records: { n: number; data: string }[] } | { ok: false; holder: ReserveHolder } {
    if (!this.schema.exists) return { ok: true, records: [] };
    const blocker = honourReserve ? this.reserves.blocker(who) : undefined;
    if (blocker) return { ok: false, holder: blocker };
    const records = this.sql<{ n: number; data: string }>`SELECT n, data FROM records
      WHERE owner = ${area.owner} AND owner_vdev = ${area.ownerVdev} AND n >= ${from} AND n < ${from + count} ORDER BY n`;
    return { ok: true, records };
  }

  /** No work: the end of the benchmark's baseline path. */
  ping(): boolean {
    return true;
  }

  /** Forgets everything: the plex was deleted. */
  async destroy(): Promise<void> {
    await this.schema.drop();
    this.ledger.clear();
    this.reserves.dropWaiters();
  }
}
