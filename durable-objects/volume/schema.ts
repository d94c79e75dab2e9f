import type { LedgerLink } from "../../src/dasd/ledger";
import { checkNumbering, type Migration } from "../sql";

/** The Volume's tables, numbered. Never renumber or change a migration that has shipped: add one. */
export const VOLUME_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE volume (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     volser TEXT NOT NULL, devtype TEXT NOT NULL, cylinders INTEGER NOT NULL,
     cse_cylinder INTEGER, cse_area TEXT, next_generation INTEGER NOT NULL DEFAULT 1
   )`,
  },
  {
    version: 2,
    sql: `CREATE TABLE links (
     system TEXT NOT NULL, userid TEXT NOT NULL, vdev TEXT NOT NULL,
     owner TEXT NOT NULL, owner_vdev TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
     access TEXT NOT NULL, requested TEXT NOT NULL, generation INTEGER NOT NULL, virtual_reserve INTEGER NOT NULL,
     PRIMARY KEY (system, userid, vdev)
   )`,
  },
  {
    version: 3,
    sql: `CREATE TABLE reserve (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     system TEXT NOT NULL, userid TEXT NOT NULL, vdev TEXT NOT NULL, generation INTEGER NOT NULL
   )`,
  },
  // Records written to the volume, by the minidisk (owner, owner_vdev) or "" for the whole (dedicated) volume.
  {
    version: 4,
    sql: `CREATE TABLE records (
     owner TEXT NOT NULL, owner_vdev TEXT NOT NULL, n INTEGER NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (owner, owner_vdev, n)
   )`,
  },
  // The token of the node's LINK that was granted each entry, so crash repair knows its request.
  { version: 5, sql: `ALTER TABLE links ADD COLUMN token TEXT` },
  // Which version of the plex's inputs the geometry comes from, and a newer one it could not take.
  {
    version: 6,
    sql: `ALTER TABLE volume ADD COLUMN geometry_version INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE volume ADD COLUMN geometry_refused TEXT`,
  },
  // Each system's incarnation as its last IPL reset it here: a LINK from an earlier one is refused.
  { version: 7, sql: `CREATE TABLE fences (system TEXT PRIMARY KEY, ipl INTEGER NOT NULL)` },
  // And the life of the system's node object whose crash repair ran here last.
  { version: 8, sql: `ALTER TABLE fences ADD COLUMN life INTEGER NOT NULL DEFAULT 0` },
];
checkNumbering("Volume", VOLUME_MIGRATIONS);

/** A row of the link ledger. */
export type LinkRow = {
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
  token: string | null;
};

/** A ledger entry from its row. */
export function linkOf(r: LinkRow): LedgerLink {
  return {
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
    ...(r.token === null ? {} : { token: r.token }),
  };
}
