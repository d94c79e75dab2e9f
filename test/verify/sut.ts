import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { Sql } from "../../durable-objects/sql";
import { LinkLedger } from "../../durable-objects/volume/link-ledger";
import { VOLUME_MIGRATIONS } from "../../durable-objects/volume/schema";
import type { CseArea } from "../../src/dasd/cse-flags";
import { decideOnVolume, type LedgerLink, type LinkOutcome, type LinkRequest } from "../../src/dasd/ledger";
import type { NodeLink, RepairPlan } from "../../src/dasd/link-repair";
import { passwordFor } from "../../src/dasd/link-rules";

/**
 * The system under test of the in-process check: the domain code the Volume and VmNode objects
 * call, as a set of functions a test can wrap to plant a bug (test/verify/mutants.ts). The volume
 * is the Volume object's own LinkLedger (durable-objects/volume/link-ledger.ts) over a real SQLite
 * database (node:sqlite) with the Volume's migrations, each call one transaction as Volume.atomic
 * runs it; the node's decisions are the functions local-links.ts and links.ts call.
 */
export interface Sut {
  /** A volume object: `xlink` when XLINK FORMAT has written its CSE area. */
  volume(config: VolumeConfig, world: World): VolumeSut;
  /** The node's own decision on a volume no XLINK covers (local-links.ts). */
  decideLocal: typeof decideOnVolume;
  /** Which MDISK password a LINK needs (links.ts). */
  passwordFor: typeof passwordFor;
}

/** The volume's label and size, and whether it is under XLINK (formatted for 16 slots). */
export interface VolumeConfig {
  volser: string;
  cylinders: number;
  xlink: boolean;
}

/** What a planted bug may ask of the plex (no product code asks this: the volume does not know). */
export interface World {
  running(system: string): boolean;
  systemOf(slot: number): string | undefined;
}

/** The Volume object's link methods (volume.ts), each one transaction. */
export interface VolumeSut {
  link(req: LinkRequest): LinkOutcome;
  detach(
    system: string,
    slot: number | undefined,
    userid: string,
    vdev: string,
    generation?: number,
  ): boolean;
  /**
   * Crash repair (Volume.reconcile): from an incarnation an IPL replaced (`ipl`) or a former life of
   * the node object (`life`) it changes nothing; else it records `life` as the one that repaired.
   */
  repair(
    system: string,
    slot: number | undefined,
    links: NodeLink[],
    ipl?: number,
    life?: number,
  ): RepairPlan;
  /** With `ipl`, the incarnation being IPLed: the volume refuses LINKs an earlier one sent (its fence). */
  resetSystem(system: string, slots: readonly number[], ipl?: number): void;
  resetSlot(slot: number): boolean;
  /** Writes the area as memory holds it to storage (LinkLedger.saveArea). */
  saveArea(): void;
  /** The object restarted: its memory is read back from storage. */
  restart(): void;
  /** The run is over: its database may be emptied and used again. */
  close(): void;
  /** The ledger and area as the object holds them in memory. */
  links(): readonly LedgerLink[];
  area(): CseArea | null;
  /** The ledger and area as storage holds them (what a restarted object would read). */
  stored(): { links: readonly LedgerLink[]; area: CseArea | null };
}

/** A `Sql` over a node:sqlite database, with statements kept by their text. */
function sqlOver(db: DatabaseSync): Sql {
  const statements = new Map<string, StatementSync>();
  return <T>(strings: TemplateStringsArray, ...values: unknown[]): T[] => {
    const query = strings.join("?");
    let st = statements.get(query);
    if (!st) statements.set(query, (st = db.prepare(query)));
    return st.all(...(values as (string | number | null)[])) as T[];
  };
}

/** Databases of closed volumes, by volser and size, emptied for the next run (making one costs more than a run). */
const FREE = new Map<string, { db: DatabaseSync; sql: Sql }[]>();

/** A database with the Volume's schema and an empty volume row. */
function database(config: VolumeConfig): { db: DatabaseSync; sql: Sql } {
  const key = `${config.volser} ${config.cylinders}`;
  const free = FREE.get(key)?.pop();
  if (free) {
    free.db.exec(`DELETE FROM links; DELETE FROM reserve; DELETE FROM records; DELETE FROM fences;
      UPDATE volume SET next_generation = 1, cse_area = NULL`);
    return free;
  }
  const db = new DatabaseSync(":memory:");
  for (const m of VOLUME_MIGRATIONS) db.exec(m.sql);
  const sql = sqlOver(db);
  sql`INSERT INTO volume (id, volser, devtype, cylinders, cse_cylinder) VALUES (1, ${config.volser}, '3390-9', ${config.cylinders}, 0)`;
  return { db, sql };
}

/** The real volume: LinkLedger over SQLite with the Volume's schema, formatted when under XLINK. */
export function realVolume(config: VolumeConfig): VolumeSut {
  const held = database(config);
  const { db, sql } = held;
  let ledger = new LinkLedger(sql);
  ledger.load();
  // As Volume.atomic: one transaction, and the memory read back from storage when it fails.
  const atomic = <T>(fn: () => T): T => {
    db.exec("BEGIN");
    try {
      const out = fn();
      db.exec("COMMIT");
      return out;
    } catch (e) {
      db.exec("ROLLBACK");
      ledger.load();
      throw e;
    }
  };
  if (config.xlink) atomic(() => ledger.format("MAINT", "SYS1", "2026-01-01T00:00:00Z", { systems: 16 }));
  return {
    link: (req) => atomic(() => ledger.decide(req)),
    detach: (system, slot, userid, vdev, generation) =>
      atomic(() => ledger.detach(system, slot, userid, vdev, generation)),
    repair: (system, slot, links, ipl, life) => {
      // As Volume.reconcile: fenced, nothing changes; else the life is recorded in the repair's transaction.
      if (ledger.fenced(system, ipl, life)) return { drop: [], orphans: [], verdicts: [] };
      return atomic(() => {
        ledger.repairedBy(system, life);
        return ledger.repair(system, slot, links);
      });
    },
    resetSystem: (system, slots, ipl) => atomic(() => ledger.resetSystem(system, slots, ipl)),
    resetSlot: (slot) => atomic(() => ledger.resetSlot(slot)),
    saveArea: () => atomic(() => ledger.saveArea()),
    restart: () => {
      ledger = new LinkLedger(sql);
      ledger.load();
    },
    close: () => {
      const key = `${config.volser} ${config.cylinders}`;
      FREE.set(key, [...(FREE.get(key) ?? []), held]);
    },
    links: () => ledger.links,
    area: () => ledger.area,
    stored: () => {
      const fresh = new LinkLedger(sql);
      fresh.load();
      return { links: fresh.links, area: fresh.area };
    },
  };
}

/** The product as it is. */
export const REAL: Sut = {
  volume: (config) => realVolume(config),
  decideLocal: decideOnVolume,
  passwordFor,
};
