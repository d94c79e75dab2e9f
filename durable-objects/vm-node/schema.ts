import type { SystemState } from "../../src/plex/topology";
import { checkNumbering, type Migration } from "../sql";

/**
 * The VmNode's tables, numbered. Never renumber or change a migration that has shipped: add one.
 * 1-16 were the node's own list and 17-19 the spool devices' (spliced after them) before they were
 * numbered here; the numbers are the positions they had, so stored objects upgrade in place.
 */
export const VM_NODE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE node (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     tenant TEXT NOT NULL, plex TEXT NOT NULL, sysname TEXT NOT NULL,
     state TEXT NOT NULL, image TEXT, ipl_count INTEGER NOT NULL DEFAULT 0, ipl_at TEXT
   )`,
  },
  { version: 2, sql: `CREATE TABLE directory (userid TEXT PRIMARY KEY, entry TEXT NOT NULL)` },
  {
    version: 3,
    sql: `CREATE TABLE volumes (volser TEXT PRIMARY KEY, info TEXT NOT NULL, status TEXT NOT NULL)`,
  },
  {
    version: 4,
    sql: `CREATE TABLE users (userid TEXT PRIMARY KEY, logged_on_at TEXT NOT NULL, disconnected INTEGER NOT NULL DEFAULT 1)`,
  },
  {
    version: 5,
    sql: `CREATE TABLE vdevs (
     userid TEXT NOT NULL, vdev TEXT NOT NULL, kind TEXT NOT NULL,
     owner TEXT, owner_vdev TEXT, volser TEXT, start INTEGER, "end" INTEGER,
     access TEXT, generation INTEGER, pending INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (userid, vdev)
   )`,
  },
  {
    version: 6,
    sql: `CREATE TABLE console (seq INTEGER PRIMARY KEY AUTOINCREMENT, userid TEXT NOT NULL, text TEXT NOT NULL)`,
  },
  // SET MSG/SMSG/WNG, per logged-on user (CP's defaults: MSG and WNG on, SMSG off).
  { version: 7, sql: `ALTER TABLE users ADD COLUMN msg INTEGER NOT NULL DEFAULT 1` },
  { version: 8, sql: `ALTER TABLE users ADD COLUMN smsg INTEGER NOT NULL DEFAULT 0` },
  { version: 9, sql: `ALTER TABLE users ADD COLUMN wng INTEGER NOT NULL DEFAULT 1` },
  // A unique token per vdev reservation, so a LINK's answer finds its own row and no later one.
  { version: 10, sql: `ALTER TABLE vdevs ADD COLUMN token TEXT` },
  // Counters: virtual-reserve generations (Date.now() does not advance inside a request) and the
  // directory version, so an older push never overwrites a newer one.
  { version: 11, sql: `ALTER TABLE node ADD COLUMN next_vgen INTEGER NOT NULL DEFAULT 1` },
  { version: 12, sql: `ALTER TABLE node ADD COLUMN directory_version INTEGER NOT NULL DEFAULT 0` },
  // SPOOL PUNCH settings per logged-on user, from before SPOOL settings were one JSON column (17).
  { version: 13, sql: `ALTER TABLE users ADD COLUMN punch_to TEXT` },
  { version: 14, sql: `ALTER TABLE users ADD COLUMN punch_at TEXT` },
  { version: 15, sql: `ALTER TABLE users ADD COLUMN punch_class TEXT NOT NULL DEFAULT 'A'` },
  // Virtual reserve/release (V modes) is this system's alone: CSE does not carry it to the others.
  {
    version: 16,
    sql: `CREATE TABLE vreserve (
     owner TEXT NOT NULL, owner_vdev TEXT NOT NULL, userid TEXT NOT NULL, vdev TEXT NOT NULL, generation INTEGER NOT NULL,
     PRIMARY KEY (owner, owner_vdev)
   )`,
  },
  // SPOOL settings of the three unit record devices, per logged-on user.
  { version: 17, sql: `ALTER TABLE users ADD COLUMN spool TEXT` },
  // An output file being written with CONT on: its records, until CLOSE.
  {
    version: 18,
    sql: `CREATE TABLE spool_open (
     userid TEXT NOT NULL, device TEXT NOT NULL, data BLOB NOT NULL, nrecs INTEGER NOT NULL, nbytes INTEGER NOT NULL,
     name TEXT, type TEXT, PRIMARY KEY (userid, device)
   )`,
  },
  {
    version: 19,
    sql: `CREATE TABLE tape_drives (userid TEXT NOT NULL, vdev TEXT NOT NULL, volser TEXT NOT NULL, PRIMARY KEY (userid, vdev))`,
  },
  // Volumes this system may hold links, flags or reserves on: what its next IPL or SHUTDOWN resets,
  // so a system that never used a volume does not call it. Objects from before start from their devices.
  { version: 20, sql: `CREATE TABLE held_volumes (volser TEXT PRIMARY KEY)` },
  {
    version: 21,
    sql: `INSERT OR IGNORE INTO held_volumes (volser) SELECT DISTINCT volser FROM vdevs WHERE volser IS NOT NULL`,
  },
  // A user the directory no longer has but who is logged on keeps its entry until LOGOFF, as after
  // DIRECTXA in z/VM; such an entry is `retired`: its own session uses it, nobody else finds it.
  { version: 22, sql: `ALTER TABLE directory ADD COLUMN retired INTEGER NOT NULL DEFAULT 0` },
  // The tenant's limits as this system enforces them (JSON, a subset of src/limits.ts's Limits; NULL: defaults).
  { version: 23, sql: `ALTER TABLE node ADD COLUMN limits TEXT` },
  // An open (CONT) file's records in parts of at most 512 KiB (PART_BYTES), one or more per write,
  // so a write appends without reading what is there. Files from before move into parts; a trigger
  // drops the parts with their file wherever the file's row is deleted (CLOSE, PURGE, LOGOFF, IPL).
  {
    version: 24,
    sql: `CREATE TABLE spool_open_data (
     userid TEXT NOT NULL, device TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,
     PRIMARY KEY (userid, device, part)
   );
   WITH RECURSIVE parts(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM parts WHERE n < 7)
   INSERT INTO spool_open_data (userid, device, part, data)
     SELECT o.userid, o.device, p.n, substr(o.data, p.n * 524288 + 1, 524288)
     FROM spool_open o JOIN parts p ON p.n * 524288 < length(o.data);
   ALTER TABLE spool_open DROP COLUMN data;
   CREATE TRIGGER spool_open_parts AFTER DELETE ON spool_open BEGIN
     DELETE FROM spool_open_data WHERE userid = OLD.userid AND device = OLD.device;
   END`,
  },
  // A user's console read and trimmed by its own lines (consoleLines), not by scanning everyone's.
  { version: 25, sql: `CREATE INDEX console_by_user ON console (userid, seq)` },
  // Volumes this node ever called, so deleting the plex deletes only the volume objects that were
  // used (making one nobody used in order to delete it is what made a large plex's DELETE slow). A
  // node from before does not know: it names every volume it has seen.
  {
    version: 26,
    sql: `CREATE TABLE touched_volumes (volser TEXT PRIMARY KEY);
          INSERT OR IGNORE INTO touched_volumes SELECT volser FROM volumes;
          INSERT OR IGNORE INTO touched_volumes SELECT volser FROM held_volumes`,
  },
  // A channel-to-channel adapter attached to a guest is a virtual device too (kind 'CTC'), with its real device.
  { version: 27, sql: `ALTER TABLE vdevs ADD COLUMN rdev TEXT` },
  // A service machine's program that runs (PVM): its user, the configuration it read, since when.
  {
    version: 28,
    sql: `CREATE TABLE programs (userid TEXT PRIMARY KEY, program TEXT NOT NULL, config TEXT, started_at TEXT NOT NULL)`,
  },
  // A link on a volume no XLINK covers is this node's alone (generation 0, no Volume call): the mode
  // asked for is kept with it, for the volume view and its warnings.
  { version: 29, sql: `ALTER TABLE vdevs ADD COLUMN link_mode TEXT` },
  // RSCS's STARTed links (#12), for the RSCS session (its programs row's started_at) that started them:
  // a new session (FORCE and XAUTOLOG, IPL) starts with none, without a cleanup.
  { version: 30, sql: `CREATE TABLE rscs_links (linkid TEXT PRIMARY KEY, started_at TEXT NOT NULL)` },
  // How many times this object has started: a LINK a former life sent, arriving after the new
  // life's crash repair on its volume, is refused there (the volumes' fence by life).
  { version: 31, sql: `ALTER TABLE node ADD COLUMN life INTEGER NOT NULL DEFAULT 0` },
];
checkNumbering("VmNode", VM_NODE_MIGRATIONS);

/** The node row: which system of which plex this object is, and how it stands. */
export type NodeRow = {
  tenant: string;
  plex: string;
  sysname: string;
  state: SystemState;
  image: string | null;
  /** The system's incarnation: how many times it was IPLed. */
  ipl_count: number;
  /** The object's life: how many times it has started (each start counts one). */
  life: number;
};

/** A program a logged-on user runs here (PVM, RSCS, DIRMAINT, DIRMSAT), with the configuration it read. */
export type ProgramRow = { userid: string; program: string; config: string | null; started_at: string };

/** A virtual device of a logged-on user: a minidisk (own or linked) or a dedicated volume. */
export type VdevRow = {
  userid: string;
  vdev: string;
  /** VDISK: a V-DISK's link (local-links.ts), on no volume. */
  kind: "MDISK" | "LINK" | "ATTACHED" | "CTC" | "VDISK";
  owner: string | null;
  owner_vdev: string | null;
  volser: string | null;
  start: number | null;
  end: number | null;
  access: string | null;
  generation: number | null;
  pending: number;
  /** The real device of a CTC (kind CTC) or of a DEVNO minidisk's link (kind LINK); null for the others. */
  rdev?: string | null;
  /** The LINK mode asked for, on a link this node decided alone (generation LOCAL_GENERATION). */
  link_mode?: string | null;
};

/**
 * The generation of a link this node decided alone, on a volume no XLINK covers: a Volume's grants
 * start at 1, so 0 tells such a link from one its volume's ledger holds.
 */
export const LOCAL_GENERATION = 0;

/** Whether a device is a link this node decided alone (no volume ledger holds it). */
export function isLocalLink(d: Pick<VdevRow, "kind" | "generation">): boolean {
  return d.kind === "LINK" && d.generation === LOCAL_GENERATION;
}

/** How a volume stands on this system: SYSTEM (usable for minidisks), FREE (online, not for minidisks). */
export type VolumeStatus = "SYSTEM" | "FREE";
