import { DurableObject } from "cloudflare:workers";
import { CseArea, decodeFlags, encodeFlags, MAX_SLOTS } from "../../src/dasd/cse-flags";
import {
  decideOnVolume,
  refreshSlot,
  type LedgerLink,
  type LinkOutcome,
  type LinkRequest,
} from "../../src/dasd/ledger";
import {
  type ReserveHolder,
  type VolumeGeometry,
  volumeView,
  type VolumeView,
} from "../../src/dasd/volume-view";
import { type NodeLink, planLinkRepair, type RepairPlan } from "../../src/dasd/link-repair";
import {
  type GeometryChange,
  geometryPendingWarning,
  geometryRefusedWarning,
  planGeometry,
} from "../../src/dasd/geometry-change";
import { Schema, sqlHelper, type Sql } from "../sql";
import { type Guest, HardwareReserve, type ReserveAnswer } from "./hardware-reserve";
import { RESERVE_TIMEOUT_MS } from "../../src/dasd/volume-view";
import { linkOf, type LinkRow, VOLUME_MIGRATIONS } from "./schema";

/**
 * One real volume of a plex: its label and geometry, its CSE area (header and per-cylinder,
 * per-slot link flags), the ledger of links to its minidisks and its hardware reserve. Every
 * decision is one synchronous transaction, so concurrent LINKs from several systems are serialised here.
 */
export class Volume extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly schema: Schema;
  private readonly reserves: HardwareReserve;
  private ledger: LedgerLink[] = [];
  private area: CseArea | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    this.reserves = new HardwareReserve(this.sql, () => this.nextGeneration());
    // SQLite storage is synchronous: the schema is read (and an old one migrated) before any request.
    this.schema = new Schema(ctx.storage, this.sql, VOLUME_MIGRATIONS);
    this.load();
  }

  /**
   * The volume's row, made at its first use that changes it (a LINK, FORMAT, RESERVE or write) with
   * the plex's geometry as the caller's system read it at IPL; an existing volume takes a geometry
   * read from newer inputs when it fits (`adopt`). A plex creates no volume objects: one nobody has
   * used costs nothing and answers as an empty volume. Runs inside the caller's transaction; the
   * tables exist already.
   */
  private ensure(g: VolumeGeometry): GeometryChange | undefined {
    const made = this
      .sql`INSERT OR IGNORE INTO volume (id, volser, devtype, cylinders, cse_cylinder, geometry_version)
             VALUES (1, ${g.volser}, ${g.devtype}, ${g.cylinders}, ${g.cseCylinder}, ${g.version ?? 0}) RETURNING 1`;
    return made.length > 0 ? undefined : this.adopt(g);
  }

  /**
   * A geometry a system read from newer plex inputs (SYSTEM CONFIG and the inventory count from the
   * IPL that reads them, issue #10): taken when it fits what the volume holds (a new size or CSE
   * cylinder drops the CSE area, to be formatted again), else kept aside as refused, with the
   * reason, until one that fits comes (src/dasd/geometry-change.ts). Inside the caller's transaction.
   */
  private adopt(g: VolumeGeometry): GeometryChange | undefined {
    const row = this.sql<{
      devtype: string;
      cylinders: number;
      cse_cylinder: number;
      geometry_version: number;
    }>`
      SELECT devtype, cylinders, cse_cylinder, geometry_version FROM volume`[0];
    const stored = {
      devtype: row.devtype,
      cylinders: row.cylinders,
      cseCylinder: row.cse_cylinder,
      version: row.geometry_version,
    };
    const plan = planGeometry(stored, g, { links: this.ledger, formatted: this.area !== null });
    const from = { cylinders: stored.cylinders, cseCylinder: stored.cseCylinder };
    const to = { cylinders: g.cylinders, cseCylinder: g.cseCylinder };
    switch (plan.kind) {
      case "keep":
        return undefined;
      case "same":
        this.sql`UPDATE volume SET geometry_version = ${g.version ?? 0}, geometry_refused = NULL`;
        return undefined;
      case "refuse":
        this
          .sql`UPDATE volume SET geometry_refused = ${JSON.stringify({ ...to, version: g.version ?? 0, reason: plan.reason })}`;
        return { volser: g.volser, applied: false, from, to, reason: plan.reason };
      case "apply":
        this
          .sql`UPDATE volume SET devtype = ${g.devtype}, cylinders = ${g.cylinders}, cse_cylinder = ${g.cseCylinder},
                 geometry_version = ${g.version ?? 0}, geometry_refused = NULL`;
        if (plan.dropArea) {
          this.area = null;
          this.saveArea();
        }
        return { volser: g.volser, applied: true, from, to, areaDropped: plan.dropArea };
    }
  }

  private load(): void {
    if (!this.schema.exists) return;
    this.ledger = this.sql<LinkRow>`SELECT * FROM links`.map(linkOf);
    const row = this.sql<{ cse_area: string | null }>`SELECT cse_area FROM volume`[0];
    this.area = row?.cse_area ? decodeFlags(row.cse_area) : null;
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
          this.ensure(g);
          return fn();
        });
      return this.ctx.storage.transactionSync(fn);
    } catch (e) {
      this.load();
      throw e;
    }
  }

  private saveArea(): void {
    this.sql`UPDATE volume SET cse_area = ${this.area ? encodeFlags(this.area) : null}`;
  }

  private nextGeneration(): number {
    const g = this.sql<{ g: number }>`SELECT next_generation AS g FROM volume`[0]?.g ?? 1;
    this.sql`UPDATE volume SET next_generation = ${g + 1}`;
    return g;
  }

  /** True when XLINK FORMAT has written the CSE area. */
  formatted(): boolean {
    return this.area !== null;
  }

  /**
   * Decides a LINK against this volume's ledger and, under XLINK, the other systems' flags; records a
   * grant. With `repairFirst` (the system's devices on this volume, at its first call to it in an
   * incarnation), crash repair runs first in the same transaction and its plan comes back with the
   * outcome: one call instead of two for each volume a LOGON brings into use.
   */
  link(req: LinkRequest, g: VolumeGeometry, repairFirst?: NodeLink[]): LinkOutcome & { repair?: RepairPlan } {
    return this.atomic(() => {
      const repair = repairFirst ? this.repairIn(req.system, req.slot, repairFirst) : undefined;
      return { ...this.decide(req), ...(repair ? { repair } : {}) };
    }, g);
  }

  /** LINK's decision and, when granted, its entry in the ledger and flags. Inside the caller's transaction. */
  private decide(req: LinkRequest): LinkOutcome {
    const generation = this.sql<{ g: number }>`SELECT next_generation AS g FROM volume`[0]?.g ?? 1;
    const xlink = req.slot !== undefined ? this.area : null;
    const outcome = decideOnVolume(this.ledger, xlink, req, generation);
    if (!outcome.decision.granted || !("link" in outcome)) return outcome;
    const l = outcome.link;
    const sameVdev = (x: LedgerLink) => x.system === l.system && x.userid === l.userid && x.vdev === l.vdev;
    const replaced = this.ledger.find(sameVdev);
    this.sql`INSERT OR REPLACE INTO links
        (system, userid, vdev, owner, owner_vdev, start, "end", access, requested, generation, virtual_reserve, token)
      VALUES (${l.system}, ${l.userid}, ${l.vdev}, ${l.owner}, ${l.ownerVdev}, ${l.start}, ${l.end}, ${l.access}, ${l.requested}, ${l.generation}, ${l.virtualReserve ? 1 : 0}, ${l.token ?? null})`;
    this.sql`UPDATE volume SET next_generation = ${generation + 1}`;
    this.ledger = this.ledger.filter((x) => !sameVdev(x));
    this.ledger.push(l);
    if (xlink && req.slot !== undefined) {
      refreshSlot(xlink, req.slot, req.system, this.ledger, l.start, l.end);
      // A link that replaced another under the same vdev leaves its old cylinders to be redone.
      if (replaced) refreshSlot(xlink, req.slot, req.system, this.ledger, replaced.start, replaced.end);
      this.saveArea();
    }
    return outcome;
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
    return this.atomic(() => {
      const l = this.ledger.find((x) => x.system === system && x.userid === userid && x.vdev === vdev);
      if (!l || (generation !== undefined && l.generation !== generation)) return false;
      this.sql`DELETE FROM links WHERE system = ${system} AND userid = ${userid} AND vdev = ${vdev}`;
      this.ledger = this.ledger.filter((x) => x !== l);
      if (this.area && slot !== undefined) {
        refreshSlot(this.area, slot, system, this.ledger, l.start, l.end);
        this.saveArea();
      }
      return true;
    });
  }

  /**
   * Crash repair: compares a system's devices on this volume (as its node records them) with the
   * ledger, drops the system's entries no device accounts for (and their flags) in one transaction,
   * and answers the plan, whose verdicts the node applies to its devices (src/dasd/link-repair.ts).
   */
  reconcile(system: string, slot: number | undefined, links: NodeLink[]): RepairPlan {
    if (!this.schema.exists) return planLinkRepair(system, links, []);
    return this.atomic(() => this.repairIn(system, slot, links));
  }

  /** Crash repair's plan, with the entries it drops gone from the ledger and flags. Inside the caller's transaction. */
  private repairIn(system: string, slot: number | undefined, links: NodeLink[]): RepairPlan {
    const plan = planLinkRepair(system, links, this.ledger);
    if (plan.drop.length === 0) return plan;
    for (const l of plan.drop)
      this.sql`DELETE FROM links WHERE system = ${system} AND userid = ${l.userid} AND vdev = ${l.vdev}`;
    const dropped = new Set(plan.drop);
    this.ledger = this.ledger.filter((x) => !dropped.has(x));
    if (this.area && slot !== undefined) {
      for (const l of plan.drop) refreshSlot(this.area, slot, system, this.ledger, l.start, l.end);
      this.saveArea();
    }
    return plan;
  }

  /**
   * A system's IPL (or shutdown) as this volume sees it: the system's links, flags and reserves go,
   * and the answer says whether the volume has a CSE area. One call per volume.
   */
  resetSystem(system: string, slots: number | readonly number[] | undefined): { formatted: boolean } {
    if (!this.schema.exists) return { formatted: false };
    const cleared = slots === undefined ? [] : typeof slots === "number" ? [slots] : slots;
    this.atomic(() => {
      this.sql`DELETE FROM links WHERE system = ${system}`;
      this.ledger = this.ledger.filter((x) => x.system !== system);
      if (this.area && cleared.length > 0) {
        for (const slot of cleared) this.area.clearSlot(slot);
        this.saveArea();
      }
      this.reserves.releaseOf(system);
    });
    return { formatted: this.area !== null };
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
  ): { formatted: boolean; geometry?: GeometryChange } {
    // A volume nobody used is not made here: its first use makes it, and a use from a system on an
    // older image is corrected by the first from a newer one (`ensure`).
    if (!this.schema.exists) return { formatted: false };
    if (reset) this.resetSystem(system, slot);
    const geometry = this.atomic(() => this.ensure(g));
    return geometry ? { formatted: this.area !== null, geometry } : { formatted: this.area !== null };
  }

  /** XLINK RESET: clears one slot's flags, as an operator on a surviving system does after a failure. */
  resetSlot(slot: number): boolean {
    if (!this.schema.exists) return false;
    return this.atomic(() => {
      if (!this.area) return false;
      this.area.clearSlot(slot);
      this.saveArea();
      return true;
    });
  }

  /** XLINK FORMAT: writes a new CSE area (header, no flags); refused while links exist. */
  format(by: string, system: string, at: string, g: VolumeGeometry): boolean {
    return this.atomic(() => {
      // Formatting under live links would lose their flags and open them to the other systems.
      if (this.ledger.length > 0) return false;
      const cylinders = this.sql<{ cylinders: number }>`SELECT cylinders FROM volume`[0]?.cylinders ?? 1;
      this.area = new CseArea({ formattedBy: by, system, at, cylinders, systems: MAX_SLOTS });
      this.saveArea();
      return true;
    }, g);
  }

  private volser(): string | undefined {
    if (!this.schema.exists) return undefined;
    return this.sql<{ volser: string }>`SELECT volser FROM volume`[0]?.volser;
  }

  /** XLINK DISPLAY body, with slot numbers named after their systems. */
  display(slotNames: Record<number, string>, opts: { start?: number; noHeader?: boolean }): string[] | null {
    const volser = this.volser();
    return this.area && volser ? this.area.display(volser, slotNames, opts) : null;
  }

  /** The header variables HCPXXL2876I prints, or null when unformatted. */
  formattedVars(): Record<string, string> | null {
    const volser = this.volser();
    return this.area && volser ? this.area.formattedVars(volser) : null;
  }

  /** The volume as the API shows it (src/dasd/volume-view.ts); one nobody has used, as an empty volume of geometry `g`. */
  view(slotNames: Record<number, string>, g: VolumeGeometry, localLinks: LedgerLink[] = []): VolumeView {
    const v = this.schema.exists
      ? this.sql<{
          volser: string;
          devtype: string;
          cylinders: number;
          cse_cylinder: number;
          geometry_version: number;
          geometry_refused: string | null;
        }>`SELECT volser, devtype, cylinders, cse_cylinder, geometry_version, geometry_refused FROM volume`[0]
      : undefined;
    const meta = v
      ? { volser: v.volser, devtype: v.devtype, cylinders: v.cylinders, cseCylinder: v.cse_cylinder }
      : g;
    const holder = v ? (this.reserves.holder() ?? null) : null;
    const ledger = localLinks.length ? [...this.ledger, ...localLinks] : this.ledger;
    const view = volumeView(meta, this.area, ledger, holder, this.reserves.waiting(), slotNames);
    if (!v) return view;
    // `g` is the plex's geometry now: one the volume has not taken yet is pending or was refused.
    const refused = v.geometry_refused
      ? (JSON.parse(v.geometry_refused) as { cylinders: number; reason: string; version: number })
      : null;
    const extra: string[] = [];
    if (refused) extra.push(geometryRefusedWarning(refused.cylinders, refused.reason));
    const differs =
      g.cylinders !== v.cylinders || g.cseCylinder !== v.cse_cylinder || g.devtype !== v.devtype;
    if (differs && (g.version ?? 0) > Math.max(v.geometry_version, refused?.version ?? 0))
      extra.push(geometryPendingWarning(g.cylinders));
    return extra.length ? { ...view, warnings: [...view.warnings, ...extra] } : view;
  }

  /** Hardware RESERVE by a guest: granted when free (or its own), else busy or, with `wait`, queued in order. */
  async reserve(
    who: Guest,
    wait: boolean,
    g: VolumeGeometry,
    timeoutMs = RESERVE_TIMEOUT_MS,
  ): Promise<ReserveAnswer & { timedOut?: boolean }> {
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
    this.ledger = [];
    this.area = null;
    this.reserves.dropWaiters();
  }
}
