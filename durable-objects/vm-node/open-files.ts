import { blob, joinParts, packRecords, splitParts } from "../../src/spool/records";
import type { UnitRecord } from "../../src/spool/spool";
import type { Sql } from "../sql";

/**
 * An output file being written with CONT, until CLOSE: its counts and name here, its packed records
 * in `spool_open_data` parts (read only when the file is spooled).
 */
export type OpenFile = { nrecs: number; nbytes: number; name: string | null; type: string | null };

/**
 * The output files this system's users are writing with CONT (`spool_open` and its parts in
 * `spool_open_data`). Storage only: when a file is spooled is SpoolDevices' decision.
 */
export class OpenFiles {
  constructor(private readonly sql: Sql) {}

  /** The device's open file, if any. */
  get(userid: string, device: UnitRecord): OpenFile | undefined {
    return this.sql<OpenFile>`
      SELECT nrecs, nbytes, name, type FROM spool_open WHERE userid = ${userid} AND device = ${device}`[0];
  }

  /** Drops the device's open file (its parts with it, by trigger). */
  drop(userid: string, device: UnitRecord): void {
    this.sql`DELETE FROM spool_open WHERE userid = ${userid} AND device = ${device}`;
  }

  /** The bytes all open files on this system hold together. */
  heldBytes(): number {
    return this.sql<{ n: number }>`SELECT coalesce(sum(nbytes), 0) AS n FROM spool_open`[0].n;
  }

  /** The open file's packed records: its parts joined (only CLOSE reads them). */
  data(userid: string, device: UnitRecord): Uint8Array {
    return joinParts(
      this.sql<{ data: ArrayBuffer }>`
        SELECT data FROM spool_open_data WHERE userid = ${userid} AND device = ${device} ORDER BY part`.map(
        (r) => r.data,
      ),
    );
  }

  /**
   * A CONT write: the records go after what the open file holds, as new parts, and its counts and
   * name are updated. What is stored is neither read nor packed again, so a write costs its own
   * records, whatever the file holds.
   */
  append(userid: string, device: UnitRecord, records: Uint8Array[], f: OpenFile): void {
    this.sql`INSERT INTO spool_open (userid, device, nrecs, nbytes, name, type)
             VALUES (${userid}, ${device}, ${f.nrecs}, ${f.nbytes}, ${f.name}, ${f.type})
             ON CONFLICT (userid, device) DO UPDATE SET nrecs = excluded.nrecs, nbytes = excluded.nbytes,
                                                         name = excluded.name, type = excluded.type`;
    this.putParts(userid, device, packRecords(records));
  }

  /** Puts an open file back as it was (its records in parts again) when the spool did not take it. */
  putBack(userid: string, device: UnitRecord, f: OpenFile, packed: Uint8Array): void {
    this.sql`INSERT INTO spool_open (userid, device, nrecs, nbytes, name, type)
             VALUES (${userid}, ${device}, ${f.nrecs}, ${f.nbytes}, ${f.name}, ${f.type})`;
    this.putParts(userid, device, packed);
  }

  /** Stores packed records as the open file's next parts, each at most PART_BYTES. */
  private putParts(userid: string, device: UnitRecord, packed: Uint8Array): void {
    let part = this.sql<{ n: number }>`
      SELECT coalesce(max(part) + 1, 0) AS n FROM spool_open_data WHERE userid = ${userid} AND device = ${device}`[0]
      .n;
    for (const p of splitParts(packed))
      this
        .sql`INSERT INTO spool_open_data (userid, device, part, data) VALUES (${userid}, ${device}, ${part++}, ${blob(p)})`;
  }
}
