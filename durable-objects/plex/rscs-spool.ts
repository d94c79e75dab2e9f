import { rscsTagDestination } from "../../src/rscs/tag";
import type { RscsFile } from "../../src/rscs/types";
import { unpackRecords } from "../../src/spool/records";
import type { SpoolFile } from "../../src/spool/spool";
import type { Refused } from "../../src/refusal";
import type { Sql } from "../sql";
import type { NewSpoolFile, PlexSpool } from "./spool";

type Row = {
  spoolid: string;
  seq: number;
  node: string;
  userid: string;
  origin_node: string;
  origin_user: string;
  state: "QUEUED" | "ARRIVED";
  name: string;
  type: string;
  cls: string;
  nrecs: number;
};

const toFile = (r: Row): RscsFile => ({
  spoolid: r.spoolid,
  seq: r.seq,
  node: r.node,
  userid: r.userid,
  origin: { node: r.origin_node, userid: r.origin_user },
  state: r.state,
  name: r.name,
  type: r.type,
  cls: r.cls,
  nrecs: r.nrecs,
});

/**
 * RSCS's files in the plex's spool (issue #12): a file for another node is a spool file in the
 * reader of the user running RSCS on its system, with its NJE header (destination, origin) in
 * `rscs_files` beside it; transmitting it over a link moves it, in one transaction, into the
 * destination user's reader on the other system. A queued file is a spool file like any other, so
 * FORCE RSCS or a SHUTDOWN keeps it; a purged one takes its header with it (trigger).
 */
export class RscsSpool {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly sql: Sql,
    private readonly spool: PlexSpool,
  ) {}

  /** Spools a file into RSCS's reader with its destination and origin; refused as spoolCreate is. */
  queue(
    f: NewSpoolFile,
    to: { node: string; userid: string },
    origin: { node: string; userid: string },
  ): Refused<{ file: SpoolFile }> {
    return this.storage.transactionSync(() => {
      const made = this.spool.create(f);
      if (!made.ok) return made;
      const seq = (this.sql<{ n: number | null }>`SELECT max(seq) AS n FROM rscs_files`[0]?.n ?? 0) + 1;
      this.sql`INSERT INTO rscs_files (spoolid, seq, node, userid, origin_node, origin_user, state)
               VALUES (${made.file.spoolid}, ${seq}, ${to.node}, ${to.userid}, ${origin.node}, ${origin.userid}, 'QUEUED')`;
      return { ok: true as const, file: made.file };
    });
  }

  /**
   * Files that landed in `rscsUser`'s reader on `system` by CP (TRANSFER, or a punch spooled to
   * RSCS) with a tag naming `node userid`: RSCS takes each onto its queue, in spool order, with the
   * NJE header `queue` writes (origin: the file's originating user on this system, as CP's TRANSFER
   * keeps the originator; a file RSCS delivered keeps the origin it came with). A file with no tag,
   * a node without a userid, an open or held file stays in the reader as it is. One transaction: a
   * file is taken once.
   */
  intake(system: string, rscsUser: string): RscsFile[] {
    return this.storage.transactionSync(() => {
      // A file RSCS delivered here and its user sends on keeps the NJE origin it came with; one
      // delivered to RSCS's own user is not sent again.
      const waiting = this.sql<{
        spoolid: string;
        tag: string | null;
        from_user: string;
        o_node: string | null;
        o_user: string | null;
      }>`
        SELECT s.spoolid, s.tag, s.from_user, r.origin_node AS o_node, r.origin_user AS o_user
          FROM spool s LEFT JOIN rscs_files r ON r.spoolid = s.spoolid
         WHERE s.owner = ${rscsUser} AND s.queue = 'RDR' AND coalesce(s.home, s.origin) = ${system}
           AND s.lock_sys IS NULL AND s.hold = 'NONE' AND s.tag IS NOT NULL
           AND (r.state IS NULL OR (r.state = 'ARRIVED' AND r.userid <> ${rscsUser}))
         ORDER BY s.ord, s.created, s.spoolid`;
      const taken: string[] = [];
      for (const w of waiting) {
        const to = rscsTagDestination(w.tag);
        if (!to.ok) continue;
        const seq = (this.sql<{ n: number | null }>`SELECT max(seq) AS n FROM rscs_files`[0]?.n ?? 0) + 1;
        this
          .sql`INSERT OR REPLACE INTO rscs_files (spoolid, seq, node, userid, origin_node, origin_user, state)
                 VALUES (${w.spoolid}, ${seq}, ${to.node}, ${to.userid}, ${w.o_node ?? system},
                         ${w.o_user ?? w.from_user}, 'QUEUED')`;
        taken.push(w.spoolid);
      }
      return this.queued(system, rscsUser).filter((f) => taken.includes(f.spoolid));
    });
  }

  /** The files queued in `rscsUser`'s reader on `system`, FIFO; one link's when `node` is given. */
  queued(system: string, rscsUser: string, node?: string): RscsFile[] {
    return this.sql<Row>`
      SELECT r.spoolid, r.seq, r.node, r.userid, r.origin_node, r.origin_user, r.state,
             s.name, s.type, s.cls, s.nrecs
        FROM rscs_files r JOIN spool s ON s.spoolid = r.spoolid
       WHERE r.state = 'QUEUED' AND s.owner = ${rscsUser} AND s.queue = 'RDR'
         AND coalesce(s.home, s.origin) = ${system} AND (${node ?? null} IS NULL OR r.node = ${node ?? null})
       ORDER BY r.seq`.map(toFile);
  }

  /**
   * Sends every file queued for link `node` on `from` over it, in queue order: each goes into its
   * destination user's reader on `to.system`, FROM the RSCS user there. One transaction: a file is
   * sent once, however many systems flush at the same time.
   */
  transmit(
    from: { system: string; rscsUser: string },
    node: string,
    to: { system: string; rscsUser: string },
  ): RscsFile[] {
    return this.storage.transactionSync(() => {
      const files = this.queued(from.system, from.rscsUser, node);
      for (const f of files) {
        this.sql`UPDATE spool SET owner = ${f.userid}, from_user = ${to.rscsUser}, home = ${to.system},
                                  shared = 0, ord = 0, lock_sys = NULL, lock_user = NULL
                 WHERE spoolid = ${f.spoolid}`;
        this.sql`UPDATE rscs_files SET state = 'ARRIVED' WHERE spoolid = ${f.spoolid}`;
      }
      return files.map((f) => ({ ...f, state: "ARRIVED" as const }));
    });
  }

  /**
   * A file RSCS cannot send (DMT103E: no link or route to its node): back to its originator's
   * reader on `system`, FROM RSCS; its header goes.
   */
  reject(system: string, rscsUser: string, spoolid: string): RscsFile | undefined {
    return this.storage.transactionSync(() => {
      const f = this.queued(system, rscsUser).find((x) => x.spoolid === spoolid);
      if (!f) return undefined;
      this
        .sql`UPDATE spool SET owner = ${f.origin.userid}, from_user = ${rscsUser} WHERE spoolid = ${spoolid}`;
      this.sql`DELETE FROM rscs_files WHERE spoolid = ${spoolid}`;
      return f;
    });
  }

  /** An arrived file whose user the receiving system does not have: into RSCS's reader there, held. */
  keepForRscs(spoolid: string, rscsUser: string): void {
    this.sql`UPDATE spool SET owner = ${rscsUser}, hold = 'SYS' WHERE spoolid = ${spoolid}`;
  }

  /** Arrived files with their records as text, for the receiving system's arrival hooks. */
  arrived(spoolids: readonly string[]): (RscsFile & { owner: string; records: string[] })[] {
    const out: (RscsFile & { owner: string; records: string[] })[] = [];
    const decoder = new TextDecoder();
    for (const id of spoolids) {
      const r = this.sql<Row & { owner: string }>`
        SELECT r.spoolid, r.seq, r.node, r.userid, r.origin_node, r.origin_user, r.state,
               s.name, s.type, s.cls, s.nrecs, s.owner
          FROM rscs_files r JOIN spool s ON s.spoolid = r.spoolid
         WHERE r.spoolid = ${id} AND r.state = 'ARRIVED'`[0];
      if (!r) continue;
      const records = unpackRecords(this.spool.store.data(id)).map((b) => decoder.decode(b));
      out.push({ ...toFile(r), owner: r.owner, records });
    }
    return out;
  }

  /** The NJE origin of reader files (for the reader's answer): spoolid → origin. */
  origins(spoolids: readonly string[]): Record<string, { node: string; userid: string }> {
    const out: Record<string, { node: string; userid: string }> = {};
    for (const id of spoolids) {
      const r = this.sql<{ n: string; u: string }>`
        SELECT origin_node AS n, origin_user AS u FROM rscs_files WHERE spoolid = ${id} AND state = 'ARRIVED'`[0];
      if (r) out[id] = { node: r.n, userid: r.u };
    }
    return out;
  }
}
