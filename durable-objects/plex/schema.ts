import { checkNumbering, type Migration } from "../sql";

/**
 * The Plex's tables, numbered. Never renumber or change a migration that has shipped: add one.
 * 1-5 were the plex's own list and 6-21 the spool's (spliced after them) before they were numbered
 * here; the numbers are the positions they had, so stored objects upgrade in place.
 */
export const PLEX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE plex (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     tenant TEXT NOT NULL, name TEXT NOT NULL,
     system_config TEXT NOT NULL, directory TEXT NOT NULL, dasd TEXT NOT NULL,
     created_at TEXT NOT NULL
   )`,
  },
  { version: 2, sql: `CREATE TABLE systems (sysname TEXT PRIMARY KEY, state TEXT NOT NULL)` },
  { version: 3, sql: `ALTER TABLE plex ADD COLUMN directory_version INTEGER NOT NULL DEFAULT 1` },
  // The spool: reader files, shared across the complex or kept on their origin system.
  { version: 4, sql: `ALTER TABLE plex ADD COLUMN next_spoolid INTEGER NOT NULL DEFAULT 1` },
  {
    version: 5,
    sql: `CREATE TABLE spool (
     spoolid TEXT PRIMARY KEY, origin TEXT NOT NULL, from_user TEXT NOT NULL, owner TEXT NOT NULL,
     cls TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, records TEXT NOT NULL, nrecs INTEGER NOT NULL,
     shared INTEGER NOT NULL, created TEXT NOT NULL
   )`,
  },
  // Queues, hold/keep/copies, locks, data as bytes, tapes.
  { version: 6, sql: `ALTER TABLE spool ADD COLUMN queue TEXT NOT NULL DEFAULT 'RDR'` },
  { version: 7, sql: `ALTER TABLE spool ADD COLUMN made TEXT NOT NULL DEFAULT 'PUN'` },
  { version: 8, sql: `ALTER TABLE spool ADD COLUMN home TEXT` },
  { version: 9, sql: `ALTER TABLE spool ADD COLUMN dist TEXT NOT NULL DEFAULT ''` },
  { version: 10, sql: `ALTER TABLE spool ADD COLUMN copies INTEGER NOT NULL DEFAULT 1` },
  { version: 11, sql: `ALTER TABLE spool ADD COLUMN hold TEXT NOT NULL DEFAULT 'NONE'` },
  { version: 12, sql: `ALTER TABLE spool ADD COLUMN keep INTEGER NOT NULL DEFAULT 0` },
  { version: 13, sql: `ALTER TABLE spool ADD COLUMN nbytes INTEGER NOT NULL DEFAULT 0` },
  { version: 14, sql: `ALTER TABLE spool ADD COLUMN ord INTEGER NOT NULL DEFAULT 0` },
  { version: 15, sql: `ALTER TABLE spool ADD COLUMN lock_sys TEXT` },
  { version: 16, sql: `ALTER TABLE spool ADD COLUMN lock_user TEXT` },
  // Record bytes in parts, so a 1 MiB file stays under SQLite's per-value limit in Durable Objects.
  {
    version: 17,
    sql: `CREATE TABLE spool_data (spoolid TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (spoolid, part))`,
  },
  {
    version: 18,
    sql: `CREATE TABLE tapes (volser TEXT PRIMARY KEY, written TEXT, by_system TEXT, by_user TEXT)`,
  },
  {
    version: 19,
    sql: `CREATE TABLE tape_files (volser TEXT NOT NULL, seq INTEGER NOT NULL, meta TEXT NOT NULL, PRIMARY KEY (volser, seq))`,
  },
  // XSPOOL as each system read it at IPL: a changed SYSTEM CONFIG counts from the next IPL.
  { version: 20, sql: `ALTER TABLE systems ADD COLUMN xspool TEXT` },
  {
    version: 21,
    sql: `CREATE TABLE tape_data (volser TEXT NOT NULL, seq INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (volser, seq, part))`,
  },
  // The tenant's limits as the plex enforces them (JSON, a subset of src/limits.ts's Limits; NULL: defaults).
  { version: 22, sql: `ALTER TABLE plex ADD COLUMN limits TEXT` },
  // A plex being deleted: the objects still to delete, a bounded number per request or alarm.
  {
    version: 23,
    sql: `ALTER TABLE plex ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0;
          CREATE TABLE doomed (kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (kind, name))`,
  },
  // The inputs in rows of their own, so no row holds more than one input (each within the body
  // limit): PUT /config and PUT /directory could otherwise grow one row past 2 MB. The plex row
  // keeps a version of them, which the cache of the linted view is keyed on.
  {
    version: 24,
    sql: `CREATE TABLE inputs (kind TEXT PRIMARY KEY, text TEXT NOT NULL);
          INSERT INTO inputs (kind, text) SELECT 'systemConfig', system_config FROM plex;
          INSERT INTO inputs (kind, text) SELECT 'directory', directory FROM plex;
          INSERT INTO inputs (kind, text) SELECT 'dasd', dasd FROM plex;
          ALTER TABLE plex DROP COLUMN system_config;
          ALTER TABLE plex DROP COLUMN directory;
          ALTER TABLE plex DROP COLUMN dasd;
          ALTER TABLE plex ADD COLUMN inputs_version INTEGER NOT NULL DEFAULT 1`,
  },
  // CMS files on minidisks (#11), each with its minidisk's extent: systems that see one extent see one file.
  {
    version: 25,
    sql: `CREATE TABLE cms_files (
     volser TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, fn TEXT NOT NULL, ft TEXT NOT NULL,
     text TEXT NOT NULL, bytes INTEGER NOT NULL, records INTEGER NOT NULL,
     PRIMARY KEY (volser, start, "end", fn, ft)
   )`,
  },
  // RSCS's NJE header of a spool file it queued or delivered (#12): destination, origin, FIFO order.
  // A purged spool file takes its header with it.
  {
    version: 26,
    sql: `CREATE TABLE rscs_files (
     spoolid TEXT PRIMARY KEY, seq INTEGER NOT NULL, node TEXT NOT NULL, userid TEXT NOT NULL,
     origin_node TEXT NOT NULL, origin_user TEXT NOT NULL, state TEXT NOT NULL
   );
   CREATE TRIGGER rscs_files_purged AFTER DELETE ON spool BEGIN
     DELETE FROM rscs_files WHERE spoolid = old.spoolid;
   END`,
  },
  // DirMaint (#12): the source's versions some system has not applied, the version each system's
  // object directory has, the base every system has (PUT /directory), DIRMAINT's last start, and
  // its AUTHFOR grants and GET locks.
  {
    version: 27,
    sql: `CREATE TABLE directory_versions (
     version INTEGER PRIMARY KEY, text TEXT NOT NULL, requester TEXT NOT NULL, request TEXT NOT NULL,
     changed TEXT NOT NULL, created TEXT NOT NULL
   );
   ALTER TABLE plex ADD COLUMN directory_base INTEGER NOT NULL DEFAULT 1;
   UPDATE plex SET directory_base = directory_version;
   ALTER TABLE systems ADD COLUMN directory_version INTEGER;
   CREATE TABLE dirmaint (
     id INTEGER PRIMARY KEY CHECK (id = 1), system TEXT NOT NULL, userid TEXT NOT NULL, config TEXT
   );
   CREATE TABLE dirmaint_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  },
  // CP TAG (#12): a spool file's tag text (up to 136 characters; NULL or blank: none). RSCS reads a
  // file's tag in its reader as `node [userid]` (docs/rscs.md).
  { version: 28, sql: `ALTER TABLE spool ADD COLUMN tag TEXT` },
];
checkNumbering("Plex", PLEX_MIGRATIONS);
