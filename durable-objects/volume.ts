import { DurableObject } from "cloudflare:workers";
import { CseArea, decodeFlags, encodeFlags, MAX_SLOTS } from "../src/dasd/cse-flags";
import {
  decideOnVolume,
  refreshSlot,
  type LedgerLink,
  type LinkOutcome,
  type LinkRequest,
} from "../src/dasd/ledger";
import { migrate, sqlHelper, type Sql } from "./sql";

const MIGRATIONS = [
  `CREATE TABLE volume (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     volser TEXT NOT NULL, devtype TEXT NOT NULL, cylinders INTEGER NOT NULL,
     cse_cylinder INTEGER, cse_area TEXT, next_generation INTEGER NOT NULL DEFAULT 1
   )`,
  `CREATE TABLE links (
     system TEXT NOT NULL, userid TEXT NOT NULL, vdev TEXT NOT NULL,
     owner TEXT NOT NULL, owner_vdev TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
     access TEXT NOT NULL, requested TEXT NOT NULL, generation INTEGER NOT NULL, virtual_reserve INTEGER NOT NULL,
     PRIMARY KEY (system, userid, vdev)
   )`,
  `CREATE TABLE reserve (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     system TEXT NOT NULL, userid TEXT NOT NULL, vdev TEXT NOT NULL, generation INTEGER NOT NULL
   )`,
  // Records written to the volume, by the minidisk (owner, owner_vdev) or "" for the whole (dedicated) volume.
  `CREATE TABLE records (
     owner TEXT NOT NULL, owner_vdev TEXT NOT NULL, n INTEGER NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (owner, owner_vdev, n)
   )`,
];

/** Who holds the hardware reserve of a volume. */
export interface ReserveHolder {
  system: string;
  userid: string;
  vdev: string;
  generation: number;
}

/** The answer to RESERVE: granted with a fencing generation, or busy with the holder. */
export type ReserveAnswer = { granted: true; generation: number } | { granted: false; holder: ReserveHolder };

/** What the volume view (GET .../volumes/:volser) shows. */
export interface VolumeView {
  volser: string;
  devtype: string;
  cylinders: number;
  cseArea: { cylinder: number; formatted: { user: string; system: string; at: string } | null };
  flags: { cylinder: number; end: number; system: string; mode: string }[];
  /** The current hardware reserve, if a guest holds one. */
  reserve: ReserveHolder | null;
  /** What a systems programmer should know, e.g. virtual reserve/release that other systems ignore. */
  warnings: string[];
  /** The ledger as CP would phrase it: R/O or R/W (or the stable/exclusive access) and the mode asked for. */
  links: (Pick<
    LedgerLink,
    "system" | "userid" | "vdev" | "owner" | "ownerVdev" | "start" | "end" | "requested"
  > & {
    mode: string;
  })[];
}

type LinkRow = {
  system: string;
  userid: string;
  vdev: string;
  owner: string;
  owner_vdev: string;
  start: number;
  end: number;
  access: LedgerLink["access"];
  requested: LedgerLink["requested"];
  generation: number;
  virtual_reserve: number;
};

/**
 * One real volume of a plex: its label and geometry, its CSE area (header and per-cylinder,
 * per-slot link flags) and the ledger of links to its minidisks. Every decision is one synchronous
 * transaction, so concurrent LINKs from several systems are serialised here.
 */
export class Volume extends DurableObject<Env> {
  private readonly sql: Sql;
  private ledger: LedgerLink[] = [];
  /** RESERVEs waiting for the volume, in arrival order; in memory, as the waiting requests are. */
  private waiters: { who: Omit<ReserveHolder, "generation">; grant: (a: ReserveAnswer) => void }[] = [];
  private area: CseArea | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, this.sql, MIGRATIONS);
      this.load();
    });
  }

  private load(): void {
    this.ledger = this.sql<LinkRow>`SELECT * FROM links`.map((r) => ({
      system: r.system,
      userid: r.userid,
      vdev: r.vdev,
      owner: r.owner,
      ownerVdev: r.owner_vdev,
      start: r.start,
      end: r.end,
      access: r.access,
      requested: r.requested,
      generation: r.generation,
      virtualReserve: r.virtual_reserve === 1,
    }));
    const row = this.sql<{ cse_area: string | null }>`SELECT cse_area FROM volume`[0];
    this.area = row?.cse_area ? decodeFlags(row.cse_area) : null;
  }

  /** Runs `fn` as one transaction; on failure the in-memory copy is reloaded so it never drifts from storage. */
  private atomic<T>(fn: () => T): T {
    try {
      return this.ctx.storage.transactionSync(fn);
    } catch (e) {
      this.load();
      throw e;
    }
  }

  private saveArea(): void {
    this.sql`UPDATE volume SET cse_area = ${this.area ? encodeFlags(this.area) : null}`;
  }

  /**
   * Records the volume's label and geometry. A later call with another geometry (a new DASD
   * inventory) re-initialises it: the CSE area no longer fits and must be formatted again.
   */
  setup(v: { volser: string; devtype: string; cylinders: number; cseCylinder: number }): void {
    this.atomic(() => {
      const row = this.sql<{
        devtype: string;
        cylinders: number;
        cse_cylinder: number;
      }>`SELECT devtype, cylinders, cse_cylinder FROM volume`[0];
      if (!row) {
        this
          .sql`INSERT INTO volume (id, volser, devtype, cylinders, cse_cylinder) VALUES (1, ${v.volser}, ${v.devtype}, ${v.cylinders}, ${v.cseCylinder})`;
        return;
      }
      if (row.devtype === v.devtype && row.cylinders === v.cylinders && row.cse_cylinder === v.cseCylinder)
        return;
      this
        .sql`UPDATE volume SET devtype = ${v.devtype}, cylinders = ${v.cylinders}, cse_cylinder = ${v.cseCylinder}`;
      if (row.cylinders !== v.cylinders) {
        this.area = null;
        this.saveArea();
      }
    });
  }

  /** True when XLINK FORMAT has written the CSE area. */
  formatted(): boolean {
    return this.area !== null;
  }

  /** Decides a LINK against this volume's ledger and, under XLINK, the other systems' flags; records a grant. */
  link(req: LinkRequest): LinkOutcome {
    return this.atomic(() => {
      const generation = this.sql<{ g: number }>`SELECT next_generation AS g FROM volume`[0]?.g ?? 1;
      const xlink = req.slot !== undefined ? this.area : null;
      const outcome = decideOnVolume(this.ledger, xlink, req, generation);
      if (!outcome.decision.granted || !("link" in outcome)) return outcome;
      const l = outcome.link;
      const replaced = this.ledger.find(
        (x) => x.system === l.system && x.userid === l.userid && x.vdev === l.vdev,
      );
      this
        .sql`INSERT OR REPLACE INTO links VALUES (${l.system}, ${l.userid}, ${l.vdev}, ${l.owner}, ${l.ownerVdev}, ${l.start}, ${l.end}, ${l.access}, ${l.requested}, ${l.generation}, ${l.virtualReserve ? 1 : 0})`;
      this.sql`UPDATE volume SET next_generation = ${generation + 1}`;
      this.ledger = this.ledger.filter(
        (x) => !(x.system === l.system && x.userid === l.userid && x.vdev === l.vdev),
      );
      this.ledger.push(l);
      if (xlink && req.slot !== undefined) {
        refreshSlot(xlink, req.slot, req.system, this.ledger, l.start, l.end);
        // A link that replaced another under the same vdev leaves its old cylinders to be redone.
        if (replaced) refreshSlot(xlink, req.slot, req.system, this.ledger, replaced.start, replaced.end);
        this.saveArea();
      }
      return outcome;
    });
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

  /** Drops every link a system holds and clears its slot: its shutdown or its next IPL (reserves: releaseReservesOf). */
  releaseSystem(system: string, slot: number | undefined): number {
    return this.atomic(() => {
      const before = this.ledger.length;
      this.sql`DELETE FROM links WHERE system = ${system}`;
      this.ledger = this.ledger.filter((x) => x.system !== system);
      if (this.area && slot !== undefined) {
        this.area.clearSlot(slot);
        this.saveArea();
      }
      return before - this.ledger.length;
    });
  }

  /**
   * A system's IPL (or shutdown) as this volume sees it: the system's links, flags and reserves go,
   * and the answer says whether the volume has a CSE area. One call instead of three per volume.
   */
  resetSystem(system: string, slot: number | undefined): { formatted: boolean } {
    this.releaseSystem(system, slot);
    this.releaseReservesOf(system);
    return { formatted: this.area !== null };
  }

  /** XLINK RESET: clears one slot's flags, as an operator on a surviving system does after a failure. */
  resetSlot(slot: number): boolean {
    return this.atomic(() => {
      if (!this.area) return false;
      this.area.clearSlot(slot);
      this.saveArea();
      return true;
    });
  }

  /** XLINK FORMAT: writes a new CSE area (header, no flags); refused while links exist. */
  format(by: string, system: string, at: string): boolean {
    return this.atomic(() => {
      // Formatting under live links would lose their flags and open them to the other systems.
      if (this.ledger.length > 0) return false;
      const cylinders = this.sql<{ cylinders: number }>`SELECT cylinders FROM volume`[0]?.cylinders ?? 1;
      this.area = new CseArea({ formattedBy: by, system, at, cylinders, systems: MAX_SLOTS });
      this.saveArea();
      return true;
    });
  }

  /** XLINK DISPLAY body, with slot numbers named after their systems. */
  display(slotNames: Record<number, string>, opts: { start?: number; noHeader?: boolean }): string[] | null {
    const v = this.sql<{ volser: string }>`SELECT volser FROM volume`[0];
    if (!this.area || !v) return null;
    return this.area.display(v.volser, slotNames, opts);
  }

  /** The header variables HCPXXL2876I prints, or null when unformatted. */
  formattedVars(): Record<string, string> | null {
    const v = this.sql<{ volser: string }>`SELECT volser FROM volume`[0];
    return this.area && v ? this.area.formattedVars(v.volser) : null;
  }

  /** The volume as the API shows it: CSE area, flags by cylinder run and system, and the link ledger. */
  view(slotNames: Record<number, string>): VolumeView | null {
    const v = this.sql<{
      volser: string;
      devtype: string;
      cylinders: number;
      cse_cylinder: number;
    }>`SELECT * FROM volume`[0];
    if (!v) return null;
    const flags: VolumeView["flags"] = [];
    if (this.area)
      for (const slot of this.area.usedSlots())
        for (const r of this.area.runs(slot))
          flags.push({
            cylinder: r.start,
            end: r.end,
            system: slotNames[slot] ?? `SLOT${slot}`,
            mode: r.access,
          });
    flags.sort((a, b) => a.cylinder - b.cylinder || a.system.localeCompare(b.system));
    const h = this.area?.header;
    const warnings: string[] = [];
    for (const l of this.ledger.filter((x) => x.virtualReserve)) {
      const others = this.ledger.filter((x) => x.system !== l.system && x.start <= l.end && l.start <= x.end);
      if (others.length > 0)
        warnings.push(
          `${l.owner} ${l.ownerVdev} is linked ${l.requested}V on ${l.system} but also from ${[...new Set(others.map((o) => o.system))].join(", ")}: virtual reserve/release is not extended across systems, so the minidisk is unprotected`,
        );
    }
    return {
      reserve: this.holder() ?? null,
      warnings: [...new Set(warnings)],
      volser: v.volser,
      devtype: v.devtype,
      cylinders: v.cylinders,
      cseArea: {
        cylinder: v.cse_cylinder,
        formatted: h ? { user: h.formattedBy, system: h.system, at: h.at } : null,
      },
      flags,
      links: this.ledger.map((l) => ({
        system: l.system,
        userid: l.userid,
        vdev: l.vdev,
        owner: l.owner,
        ownerVdev: l.ownerVdev,
        start: l.start,
        end: l.end,
        mode: l.access === "R" ? "R/O" : l.access === "W" ? "R/W" : l.access,
        requested: l.requested,
      })),
    };
  }

  private holder(): ReserveHolder | undefined {
    return this.sql<ReserveHolder>`SELECT system, userid, vdev, generation FROM reserve`[0];
  }

  private nextGeneration(): number {
    const g = this.sql<{ g: number }>`SELECT next_generation AS g FROM volume`[0]?.g ?? 1;
    this.sql`UPDATE volume SET next_generation = ${g + 1}`;
    return g;
  }

  /** Hands the reserve to the first waiter, if any; runs inside the releasing transaction. */
  private grantNext(): void {
    const next = this.waiters.shift();
    if (!next) return;
    const generation = this.nextGeneration();
    this
      .sql`INSERT INTO reserve (id, system, userid, vdev, generation) VALUES (1, ${next.who.system}, ${next.who.userid}, ${next.who.vdev}, ${generation})`;
    next.grant({ granted: true, generation });
  }

  /**
   * Hardware RESERVE by a guest: granted at once when free (or already its own); otherwise busy,
   * or with `wait` queued in arrival order until the holder releases it.
   */
  async reserve(who: Omit<ReserveHolder, "generation">, wait: boolean): Promise<ReserveAnswer> {
    const now = this.atomic((): ReserveAnswer | null => {
      const h = this.holder();
      if (h && h.system === who.system && h.userid === who.userid && h.vdev === who.vdev)
        return { granted: true, generation: h.generation };
      if (!h && this.waiters.length === 0) {
        const generation = this.nextGeneration();
        this
          .sql`INSERT INTO reserve (id, system, userid, vdev, generation) VALUES (1, ${who.system}, ${who.userid}, ${who.vdev}, ${generation})`;
        return { granted: true, generation };
      }
      return wait ? null : { granted: false, holder: h ?? { ...this.waiters[0].who, generation: 0 } };
    });
    if (now) return now;
    return new Promise<ReserveAnswer>((grant) => this.waiters.push({ who, grant }));
  }

  /** RELEASE: frees the reserve when `generation` is the current grant's; a stale one changes nothing. */
  release(
    who: Omit<ReserveHolder, "generation">,
    generation?: number,
  ): { ok: true } | { ok: false; holder?: ReserveHolder } {
    return this.atomic(() => {
      const h = this.holder();
      const mine = h && h.system === who.system && h.userid === who.userid && h.vdev === who.vdev;
      // Without a generation the guest releases what it holds; with one, only that grant.
      if (!h || !mine || (generation !== undefined && h.generation !== generation))
        return { ok: false as const, holder: h };
      this.sql`DELETE FROM reserve`;
      this.grantNext();
      return { ok: true as const };
    });
  }

  /** Frees whatever reserve a system's guests hold here: its IPL resets its devices. */
  releaseReservesOf(system: string): boolean {
    return this.atomic(() => {
      const h = this.holder();
      this.waiters = this.waiters.filter((w) => {
        if (w.who.system !== system) return true;
        w.grant({ granted: false, holder: h ?? { system, userid: "", vdev: "", generation: 0 } });
        return false;
      });
      if (!h || h.system !== system) return false;
      this.sql`DELETE FROM reserve`;
      this.grantNext();
      return true;
    });
  }

  /** Frees what one guest holds or waits for: its DETACH, LOGOFF or FORCE. */
  releaseReservesOfUser(system: string, userid: string, vdev?: string): void {
    this.atomic(() => {
      const mine = (w: { system: string; userid: string; vdev: string }) =>
        w.system === system && w.userid === userid && (vdev === undefined || w.vdev === vdev);
      const h = this.holder();
      this.waiters = this.waiters.filter((w) => {
        if (!mine(w.who)) return true;
        w.grant({ granted: false, holder: h ?? { system, userid, vdev: w.who.vdev, generation: 0 } });
        return false;
      });
      if (h && mine(h)) {
        this.sql`DELETE FROM reserve`;
        this.grantNext();
      }
    });
  }

  /** The operator's break-reserve on a surviving system: takes the reserve from its holder, whoever it is. */
  breakReserve(): ReserveHolder | undefined {
    return this.atomic(() => {
      const h = this.holder();
      if (!h) return undefined;
      this.sql`DELETE FROM reserve`;
      this.grantNext();
      return h;
    });
  }

  /** The current reserve holder, if any. */
  reserveHolder(): ReserveHolder | undefined {
    return this.holder();
  }

  /**
   * Writes numbered records as one transaction, unless another system's guest holds the reserve
   * (the protection hardware reserve gives a dedicated volume). `area` is a minidisk or "" (whole volume).
   */
  write(
    who: Omit<ReserveHolder, "generation">,
    area: { owner: string; ownerVdev: string },
    records: { n: number; data: string }[],
    honourReserve: boolean,
  ): { ok: true } | { ok: false; holder: ReserveHolder } {
    return this.atomic(() => {
      const h = this.holder();
      if (honourReserve && h && !(h.system === who.system && h.userid === who.userid && h.vdev === who.vdev))
        return { ok: false as const, holder: h };
      for (const r of records)
        this
          .sql`INSERT OR REPLACE INTO records (owner, owner_vdev, n, data) VALUES (${area.owner}, ${area.ownerVdev}, ${r.n}, ${r.data})`;
      return { ok: true as const };
    });
  }

  /** Reads records `from`..`from+count-1` (those written), refused like write when another holds the reserve. */
  read(
    who: Omit<ReserveHolder, "generation">,
    area: { owner: string; ownerVdev: string },
    from: number,
    count: number,
    honourReserve: boolean,
  ): { ok: true; records: { n: number; data: string }[] } | { ok: false; holder: ReserveHolder } {
    const h = this.holder();
    if (honourReserve && h && !(h.system === who.system && h.userid === who.userid && h.vdev === who.vdev))
      return { ok: false, holder: h };
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
    await this.ctx.storage.deleteAll();
    // The object may live on and be set up again under the same name: give it its schema back.
    migrate(this.ctx.storage, this.sql, MIGRATIONS);
    this.ledger = [];
    this.area = null;
    for (const w of this.waiters)
      w.grant({ granted: false, holder: { system: "", userid: "", vdev: "", generation: 0 } });
    this.waiters = [];
  }
}
