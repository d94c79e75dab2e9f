import { blob, joinParts, packRecords, splitParts } from "../../src/spool/records";
import type { SpoolUse, TapeUse } from "../../src/spool/quota";
import type { Hold, Queue, SpoolFile } from "../../src/spool/spool";
import type { TapeFile } from "../../src/spool/spxtape";
import type { Sql } from "../sql";

type SpoolRow = {
  spoolid: string;
  origin: string;
  from_user: string;
  owner: string;
  cls: string;
  name: string;
  type: string;
  records: string;
  nrecs: number;
  shared: number;
  created: string;
  queue: Queue;
  made: "PUN" | "PRT";
  home: string | null;
  dist: string;
  copies: number;
  hold: Hold;
  keep: number;
  nbytes: number;
  ord: number;
  lock_sys: string | null;
  lock_user: string | null;
};

function toFile(r: SpoolRow): SpoolFile {
  return {
    spoolid: r.spoolid,
    origin: r.origin,
    home: r.home ?? r.origin,
    from: r.from_user,
    owner: r.owner,
    queue: r.queue,
    made: r.made,
    cls: r.cls,
    name: r.name,
    type: r.type,
    dist: r.dist,
    copies: r.copies,
    hold: r.hold,
    keep: r.keep === 1,
    nrecs: r.nrecs,
    nbytes: r.nbytes,
    shared: r.shared === 1,
    created: r.created,
    order: r.ord,
    lock: r.lock_sys,
  };
}

/** The Plex's spool tables: spool files with their packed records, and SPXTAPE tapes. Storage only. */
export class SpoolStore {
  constructor(private readonly sql: Sql) {}

  /** Every spool file, in queue order. */
  all(): SpoolFile[] {
    return this.sql<SpoolRow>`SELECT * FROM spool ORDER BY ord, created, spoolid`.map(toFile);
  }

  /** One file, or undefined. */
  get(spoolid: string): SpoolFile | undefined {
    const r = this.sql<SpoolRow>`SELECT * FROM spool WHERE spoolid = ${spoolid}`[0];
    return r && toFile(r);
  }

  /** The next free spool id of the complex (0001-9999, wrapping, skipping ids in use), or undefined. */
  allocate(): string | undefined {
    for (let tries = 0; tries < 9999; tries++) {
      const n = this.sql<{ n: number }>`SELECT next_spoolid AS n FROM plex`[0].n;
      this.sql`UPDATE plex SET next_spoolid = ${(n % 9999) + 1}`;
      const id = String(n).padStart(4, "0");
      if (!this.get(id)) return id;
    }
    return undefined;
  }

  /** Whether a spool id is free. */
  free(spoolid: string): boolean {
    return !this.get(spoolid);
  }

  /** Stores a new file and its packed records. */
  insert(f: SpoolFile, packed: Uint8Array): void {
    this
      .sql`INSERT INTO spool (spoolid, origin, from_user, owner, cls, name, type, records, nrecs, shared, created,
                                queue, made, home, dist, copies, hold, keep, nbytes, ord, lock_sys, lock_user)
             VALUES (${f.spoolid}, ${f.origin}, ${f.from}, ${f.owner}, ${f.cls}, ${f.name}, ${f.type}, '', ${f.nrecs},
                     ${f.shared ? 1 : 0}, ${f.created}, ${f.queue}, ${f.made}, ${f.home}, ${f.dist}, ${f.copies},
                     ${f.hold}, ${f.keep ? 1 : 0}, ${f.nbytes}, ${f.order}, ${f.lock}, NULL)`;
    splitParts(packed).forEach((p, i) => {
      this.sql`INSERT INTO spool_data (spoolid, part, data) VALUES (${f.spoolid}, ${i}, ${blob(p)})`;
    });
  }

  /** Writes a file's changed attributes (owner, queue, class, hold, ...). */
  update(f: SpoolFile, lockUser: string | null = null): void {
    this
      .sql`UPDATE spool SET owner = ${f.owner}, queue = ${f.queue}, cls = ${f.cls}, name = ${f.name}, type = ${f.type},
                              dist = ${f.dist}, copies = ${f.copies}, hold = ${f.hold}, keep = ${f.keep ? 1 : 0},
                              shared = ${f.shared ? 1 : 0}, home = ${f.home}, ord = ${f.order},
                              lock_sys = ${f.lock}, lock_user = ${f.lock ? lockUser : null}
             WHERE spoolid = ${f.spoolid}`;
  }

  /** A file's CP TAG text, or null when it has none. */
  tagOf(spoolid: string): string | null {
    return (
      this.sql<{ t: string | null }>`SELECT tag AS t FROM spool WHERE spoolid = ${spoolid}`[0]?.t ?? null
    );
  }

  /** Sets (or, with null, clears) a file's CP TAG text. */
  setTag(spoolid: string, tag: string | null): void {
    this.sql`UPDATE spool SET tag = ${tag} WHERE spoolid = ${spoolid}`;
  }

  /** The user that has a file open on its lock system. */
  lockUser(spoolid: string): string | null {
    return (
      this.sql<{ u: string | null }>`SELECT lock_user AS u FROM spool WHERE spoolid = ${spoolid}`[0]?.u ??
      null
    );
  }

  /** The file `userid` has open on `system`'s virtual reader, if any. */
  openBy(system: string, userid: string): SpoolFile | undefined {
    const r = this
      .sql<SpoolRow>`SELECT * FROM spool WHERE lock_sys = ${system} AND lock_user = ${userid} ORDER BY spoolid`[0];
    return r && toFile(r);
  }

  /** Releases every lock `system` holds (its IPL: nothing is open on it any more), or one user's. */
  unlock(system: string, userid?: string): void {
    if (userid === undefined)
      this.sql`UPDATE spool SET lock_sys = NULL, lock_user = NULL WHERE lock_sys = ${system}`;
    else
      this
        .sql`UPDATE spool SET lock_sys = NULL, lock_user = NULL WHERE lock_sys = ${system} AND lock_user = ${userid}`;
  }

  /** A file's packed records. Files from before records were bytes kept them as a JSON list. */
  data(spoolid: string): Uint8Array {
    const parts = this.sql<{
      data: ArrayBuffer;
    }>`SELECT data FROM spool_data WHERE spoolid = ${spoolid} ORDER BY part`.map((r) => r.data);
    if (parts.length > 0) return joinParts(parts);
    const old = this.sql<{ records: string }>`SELECT records FROM spool WHERE spoolid = ${spoolid}`[0]
      ?.records;
    if (!old) return new Uint8Array(0);
    const utf8 = new TextEncoder();
    return packRecords((JSON.parse(old) as string[]).map((r) => utf8.encode(r)));
  }

  /** Deletes files and their records. */
  remove(spoolids: readonly string[]): void {
    for (const id of spoolids) {
      this.sql`DELETE FROM spool WHERE spoolid = ${id}`;
      this.sql`DELETE FROM spool_data WHERE spoolid = ${id}`;
    }
  }

  /**
   * What the spool holds: its files, and their bytes as stored (records with their 4-byte
   * lengths), counted from the table each time so the count cannot drift from the files.
   */
  use(): SpoolUse {
    return this
      .sql<SpoolUse>`SELECT count(*) AS files, coalesce(sum(nbytes + 4 * nrecs), 0) AS bytes FROM spool`[0];
  }

  /** The lowest queue position, so ORDER can put files before it. */
  firstOrder(): number {
    return this.sql<{ n: number | null }>`SELECT min(ord) AS n FROM spool`[0]?.n ?? 0;
  }

  // Tapes: SPXTAPE's cartridges, kept by the plex so they can be downloaded and uploaded.

  /** Names and sizes of the plex's tapes. */
  tapes(): { volser: string; files: number; bytes: number; written: string | null }[] {
    return this.sql<{ volser: string; files: number; bytes: number | null; written: string | null }>`
      SELECT t.volser, t.written,
             (SELECT count(*) FROM tape_files f WHERE f.volser = t.volser) AS files,
             (SELECT sum(length(d.data)) FROM tape_data d WHERE d.volser = t.volser) AS bytes
      FROM tapes t ORDER BY t.volser`.map((r) => ({ ...r, bytes: r.bytes ?? 0 }));
  }

  /** What the plex's tapes hold: how many, and their bytes (records packed with their lengths). */
  tapeUse(): TapeUse {
    return this.sql<TapeUse>`SELECT (SELECT count(*) FROM tapes) AS tapes,
                                    (SELECT coalesce(sum(length(data)), 0) FROM tape_data) AS bytes`[0];
  }

  /** The bytes one tape holds now (0 for a scratch tape or none). */
  tapeBytes(volser: string): number {
    return this.sql<{
      n: number;
    }>`SELECT coalesce(sum(length(data)), 0) AS n FROM tape_data WHERE volser = ${volser}`[0].n;
  }

  /** Whether a tape exists. */
  hasTape(volser: string): boolean {
    return this.sql`SELECT 1 FROM tapes WHERE volser = ${volser}`.length > 0;
  }

  /** Makes an empty (scratch) tape, if there is none of that name. */
  scratch(volser: string): void {
    this.sql`INSERT OR IGNORE INTO tapes (volser) VALUES (${volser})`;
  }

  /** Writes a tape from its start: what was on it is gone, as SPXTAPE DUMP without APPEND does. */
  writeTape(
    volser: string,
    by: { system: string; user: string; at: string },
    files: readonly { meta: TapeFile; packed: Uint8Array }[],
  ): void {
    this.deleteTape(volser);
    this
      .sql`INSERT INTO tapes (volser, written, by_system, by_user) VALUES (${volser}, ${by.at}, ${by.system}, ${by.user})`;
    files.forEach((f, seq) => {
      this
        .sql`INSERT INTO tape_files (volser, seq, meta) VALUES (${volser}, ${seq}, ${JSON.stringify(f.meta)})`;
      splitParts(f.packed).forEach((p, part) => {
        this
          .sql`INSERT INTO tape_data (volser, seq, part, data) VALUES (${volser}, ${seq}, ${part}, ${blob(p)})`;
      });
    });
  }

  /** The tape's header and its files' metadata, without records. */
  tapeIndex(
    volser: string,
  ): { written: string | null; by: string | null; byUser: string | null; files: TapeFile[] } | undefined {
    const t = this.sql<{ written: string | null; by_system: string | null; by_user: string | null }>`
      SELECT written, by_system, by_user FROM tapes WHERE volser = ${volser}`[0];
    if (!t) return undefined;
    const files = this.sql<{
      meta: string;
    }>`SELECT meta FROM tape_files WHERE volser = ${volser} ORDER BY seq`.map(
      (r) => JSON.parse(r.meta) as TapeFile,
    );
    return {
      written: t.written,
      by: t.by_system && `${t.by_user} AT ${t.by_system}`,
      byUser: t.by_user,
      files,
    };
  }

  /** The packed records of the tape's file number `seq` (0-based). */
  tapeData(volser: string, seq: number): Uint8Array {
    return joinParts(
      this.sql<{
        data: ArrayBuffer;
      }>`SELECT data FROM tape_data WHERE volser = ${volser} AND seq = ${seq} ORDER BY part`.map(
        (r) => r.data,
      ),
    );
  }

  /** Removes a tape and everything on it. */
  deleteTape(volser: string): void {
    this.sql`DELETE FROM tapes WHERE volser = ${volser}`;
    this.sql`DELETE FROM tape_files WHERE volser = ${volser}`;
    this.sql`DELETE FROM tape_data WHERE volser = ${volser}`;
  }
}
