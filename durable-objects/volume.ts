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
];

/** What the volume view (GET .../volumes/:volser) shows. */
export interface VolumeView {
  volser: string;
  devtype: string;
  cylinders: number;
  cseArea: { cylinder: number; formatted: { user: string; system: string; at: string } | null };
  flags: { cylinder: number; end: number; system: string; mode: string }[];
  links: {
    system: string;
    userid: string;
    vdev: string;
    owner: string;
    ownerVdev: string;
    start: number;
    end: number;
    mode: string;
    requested: string;
  }[];
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

  /** Records the volume's label and geometry once; later calls change nothing. */
  setup(v: { volser: string; devtype: string; cylinders: number; cseCylinder: number }): void {
    this.atomic(() => {
      if (this.sql`SELECT 1 FROM volume`.length > 0) return;
      this
        .sql`INSERT INTO volume (id, volser, devtype, cylinders, cse_cylinder) VALUES (1, ${v.volser}, ${v.devtype}, ${v.cylinders}, ${v.cseCylinder})`;
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
      this
        .sql`INSERT OR REPLACE INTO links VALUES (${l.system}, ${l.userid}, ${l.vdev}, ${l.owner}, ${l.ownerVdev}, ${l.start}, ${l.end}, ${l.access}, ${l.requested}, ${l.generation}, ${l.virtualReserve ? 1 : 0})`;
      this.sql`UPDATE volume SET next_generation = ${generation + 1}`;
      this.ledger = this.ledger.filter(
        (x) => !(x.system === l.system && x.userid === l.userid && x.vdev === l.vdev),
      );
      this.ledger.push(l);
      if (xlink && req.slot !== undefined) {
        refreshSlot(xlink, req.slot, req.system, this.ledger, l.start, l.end);
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

  /** Drops every link a system holds and clears its slot: its shutdown or its next IPL. */
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

  /** XLINK RESET: clears one slot's flags, as an operator on a surviving system does after a failure. */
  resetSlot(slot: number): boolean {
    return this.atomic(() => {
      if (!this.area) return false;
      this.area.clearSlot(slot);
      this.saveArea();
      return true;
    });
  }

  /** XLINK FORMAT: writes a new CSE area (header, no flags) and forgets every flag. */
  format(by: string, system: string, at: string): void {
    this.atomic(() => {
      const cylinders = this.sql<{ cylinders: number }>`SELECT cylinders FROM volume`[0]?.cylinders ?? 1;
      this.area = new CseArea({ formattedBy: by, system, at, cylinders, systems: MAX_SLOTS });
      this.saveArea();
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
    return {
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
  }
}
