import { type CpAnswer as Answer, okAnswer as ok } from "../../src/catalog/answer";
import { tapeMounted } from "../../src/cp/console-lines";
import type { QueryCommand } from "../../src/cp/parse/query";
import type { CloseCommand, SpoolCommand } from "../../src/cp/parse/spool";
import { quotaExceeded, type Limits } from "../../src/limits";
import { refusal, type Refused } from "../../src/refusal";
import { closeRefused, NO_CSE_PATH, noPathRefusal } from "../../src/spool/quota";
import {
  blob,
  joinParts,
  MAX_FILE_BYTES,
  MAX_FILE_RECORDS,
  packRecords,
  splitParts,
} from "../../src/spool/records";
import {
  applySpoolOptions,
  defaultSettings,
  type DeviceSettings,
  filesSummary,
  type NoPath,
  noFiles,
  type Queue as SpoolQueue,
  queryFiles,
  readerNotice,
  sentAnswer,
  type SpoolFile,
  type UnitRecord,
} from "../../src/spool/spool";
import type { Plex } from "../plex/plex";
import type { Sql } from "../sql";

/**
 * An output file being written with CONT, until CLOSE: its counts and name here, its packed records
 * in `spool_open_data` parts (read only when the file is spooled).
 */
type OpenFile = { nrecs: number; nbytes: number; name: string | null; type: string | null };
type Settings = Record<UnitRecord, DeviceSettings>;

/** What the device layer needs from its VmNode. */
export interface SpoolHost {
  /** The tenant's limits as this system enforces them now. */
  limits(): Limits;
  sysname(): string;
  plex(): DurableObjectStub<Plex>;
  /** Puts a CP notice on `userid`'s console on each of `systems` that is up. */
  notify(userid: string, text: string, systems: string[]): Promise<void>;
  /** A system sharing the spool that a new shared file could not reach (XSPOOL over PVM). */
  pathDown(file: { from: string; owner: string; queue: SpoolQueue }): Promise<NoPath | undefined>;
}

/**
 * A system's virtual unit record devices: each logged-on user's reader, punch and printer with
 * their SPOOL settings, files being written with CONT, and tape drives for SPXTAPE. The spool
 * itself (closed files, locks) is the Plex's; this only talks to it.
 */
export class SpoolDevices {
  /**
   * Users whose LOGOFF is under way, with the devices whose open file the spool refused: `forget`
   * keeps those files (nothing stored is lost to a full spool) and drops the rest. In memory, as
   * LOGOFF's two steps run in one request.
   */
  private readonly refusedAtLogoff = new Map<string, Set<UnitRecord>>();

  /**
   * Per output device (`userid/PUN`), the tail of the operations on it: PUNCH, CLOSE and SPOOL
   * PURGE of one device run one after another, as CMS drives one device at a time, so an await on
   * the Plex cannot let a second request spool the same open file or mix records into it. In
   * memory, as the awaits it orders are.
   */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly sql: Sql,
    private readonly host: SpoolHost,
  ) {}

  /** The user's three devices' settings (CP's defaults after LOGON). */
  settings(userid: string): Settings {
    const row = this.sql<{ spool: string | null }>`SELECT spool FROM users WHERE userid = ${userid}`[0];
    const saved = row?.spool ? (JSON.parse(row.spool) as Partial<Settings>) : {};
    return {
      RDR: saved.RDR ?? defaultSettings("RDR"),
      PUN: saved.PUN ?? defaultSettings("PUN"),
      PRT: saved.PRT ?? defaultSettings("PRT"),
    };
  }

  private save(userid: string, s: Settings): void {
    this.sql`UPDATE users SET spool = ${JSON.stringify(s)} WHERE userid = ${userid}`;
  }

  /** SPOOL: changes the device's settings; CLOSE and PURGE act on its open file. CP says nothing otherwise. */
  async spool(userid: string, c: SpoolCommand): Promise<Answer> {
    const all = this.settings(userid);
    all[c.device] = applySpoolOptions(all[c.device], c.options, userid);
    this.save(userid, all);
    if (c.options.purge)
      return this.serial(userid, c.device, async () => {
        this.sql`DELETE FROM spool_open WHERE userid = ${userid} AND device = ${c.device}`;
        return ok();
      });
    if (c.options.close) return this.close(userid, { verb: "CLOSE", device: c.device, options: {} });
    return ok();
  }

  /** Runs `fn` after every earlier operation on the device has finished (failed ones too). */
  private serial<T>(userid: string, device: UnitRecord, fn: () => Promise<T>): Promise<T> {
    const key = `${userid}/${device}`;
    const run = (this.chains.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return run;
  }

  /**
   * CLOSE: the reader's open file is released (purged unless KEEP or HOLD); an output device's
   * open file is spooled, to a reader or to the output queue, as its settings say.
   */
  async close(userid: string, c: CloseCommand): Promise<Answer> {
    const s = this.settings(userid)[c.device];
    if (c.device === "RDR") {
      await this.host.plex().spoolCloseReader(this.host.sysname(), userid, {
        keep: c.options.keep ?? s.keep,
        hold: c.options.hold ?? s.hold,
        purge: c.options.purge ?? false,
      });
      return ok();
    }
    const device = c.device;
    const o = c.options;
    return this.serial(userid, device, async () => {
      const open = this.openFile(userid, device);
      if (!open) return ok();
      if (o.purge) {
        this.sql`DELETE FROM spool_open WHERE userid = ${userid} AND device = ${device}`;
        return ok();
      }
      const made = await this.spoolOpen(userid, device, open, [], {
        name: o.name ?? open.name ?? undefined,
        type: o.name !== undefined ? (o.type ?? "") : (open.type ?? undefined),
        hold: o.hold,
        keep: o.keep,
        dist: o.dist,
      });
      return made.ok ? ok(made.lines) : closeRefused(made, open.nbytes + 4 * open.nrecs);
    });
  }

  /**
   * What CMS PUNCH and PRINT do: writes records to the user's punch or printer. With CONT the file
   * stays open for more; otherwise it is closed and spooled now. Answers CP's lines and the spool id.
   */
  async write(
    userid: string,
    device: "PUN" | "PRT",
    records: Uint8Array[],
    file: { name?: string; type?: string },
  ): Promise<Refused<{ rc: number; lines: string[]; spoolid: string | null }>> {
    return this.serial(userid, device, () => this.writeNow(userid, device, records, file));
  }

  private async writeNow(
    userid: string,
    device: "PUN" | "PRT",
    records: Uint8Array[],
    file: { name?: string; type?: string },
  ): Promise<Refused<{ rc: number; lines: string[]; spoolid: string | null }>> {
    const s = this.settings(userid)[device];
    const open = this.openFile(userid, device);
    const nbytes = (open?.nbytes ?? 0) + records.reduce((n, r) => n + r.length, 0);
    const nrecs = (open?.nrecs ?? 0) + records.length;
    const what = `The ${device === "PUN" ? "punch" : "printer"} file would hold ${nbytes} bytes in ${nrecs} records`;
    if (nbytes > MAX_FILE_BYTES || nrecs > MAX_FILE_RECORDS)
      return refusal(
        413,
        "FILE_TOO_LARGE",
        `${what}; a spool file holds at most ${MAX_FILE_BYTES} bytes and ${MAX_FILE_RECORDS} records`,
      );
    // The first PUNCH of an open file names it, unless a later one names it again.
    const name = file.name?.toUpperCase().slice(0, 8) ?? open?.name ?? null;
    const type = file.type?.toUpperCase().slice(0, 8) ?? open?.type ?? null;
    if (s.cont) {
      const limits = this.host.limits();
      if (nrecs > limits.deviceRecords)
        return quotaExceeded("deviceRecords", open?.nrecs ?? 0, limits.deviceRecords, what);
      // Open files are spool too: all those on this system together stay within spoolBytes, so
      // many users' CONT files cannot hold more than the closed spool may.
      const added = nbytes - (open?.nbytes ?? 0);
      const held = this.sql<{ n: number }>`SELECT coalesce(sum(nbytes), 0) AS n FROM spool_open`[0].n;
      if (held + added > limits.spoolBytes)
        return quotaExceeded(
          "spoolBytes",
          held + added,
          limits.spoolBytes,
          `Open (CONT) spool files on this system would hold ${held + added} bytes; at most ${limits.spoolBytes}`,
        );
      this.append(userid, device, records, { nrecs, nbytes, name, type });
      return { ok: true, rc: 0, lines: [], spoolid: null };
    }
    const made = await this.spoolOpen(userid, device, open, records, {
      name: name ?? undefined,
      type: type ?? undefined,
    });
    if (made.ok) return { ok: true, rc: 0, lines: made.lines, spoolid: made.file.spoolid };
    // A quota answers as such (429 or 413); a spool without free ids as CP says it.
    return made.code === "QUOTA_EXCEEDED" || made.code === NO_CSE_PATH
      ? made
      : refusal(409, "CONFLICT", closeRefused(made, 0).lines[0]);
  }

  private openFile(userid: string, device: UnitRecord): OpenFile | undefined {
    return this.sql<OpenFile>`
      SELECT nrecs, nbytes, name, type FROM spool_open WHERE userid = ${userid} AND device = ${device}`[0];
  }

  /** The open file's packed records: its parts joined (only CLOSE reads them). */
  private openData(userid: string, device: UnitRecord): Uint8Array {
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
  private append(userid: string, device: UnitRecord, records: Uint8Array[], f: OpenFile): void {
    this.sql`INSERT INTO spool_open (userid, device, nrecs, nbytes, name, type)
             VALUES (${userid}, ${device}, ${f.nrecs}, ${f.nbytes}, ${f.name}, ${f.type})
             ON CONFLICT (userid, device) DO UPDATE SET nrecs = excluded.nrecs, nbytes = excluded.nbytes,
                                                         name = excluded.name, type = excluded.type`;
    this.putParts(userid, device, packRecords(records));
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

  /** Puts an open file back as it was (its records in parts again) when the spool did not take it. */
  private putBack(userid: string, device: UnitRecord, f: OpenFile, packed: Uint8Array): void {
    this.sql`INSERT INTO spool_open (userid, device, nrecs, nbytes, name, type)
             VALUES (${userid}, ${device}, ${f.nrecs}, ${f.nbytes}, ${f.name}, ${f.type})`;
    this.putParts(userid, device, packed);
  }

  /**
   * Spools the device's open file (if any) with `more` records after it, as one file; callers run
   * it in the device's `serial` order. If the spool refuses the file or the call fails, the open
   * file is put back as it was, and the request's own records are not kept (its answer says so).
   */
  private async spoolOpen(
    userid: string,
    device: "PUN" | "PRT",
    open: OpenFile | undefined,
    more: Uint8Array[],
    attrs: { name?: string; type?: string; hold?: boolean; keep?: boolean; dist?: string },
  ): Promise<Refused<{ file: SpoolFile; lines: string[] }>> {
    const held = open ? this.openData(userid, device) : new Uint8Array(0);
    // The row goes first (its parts with it, by trigger), so a file is never spooled twice.
    this.sql`DELETE FROM spool_open WHERE userid = ${userid} AND device = ${device}`;
    // Packed buffers join end to end: what the device holds is not unpacked.
    const packed = more.length === 0 ? held : joinParts([held, packRecords(more)]);
    let made: Awaited<ReturnType<SpoolDevices["create"]>>;
    try {
      made = await this.create(userid, device, {
        packed,
        nrecs: (open?.nrecs ?? 0) + more.length,
        nbytes: (open?.nbytes ?? 0) + more.reduce((n, r) => n + r.length, 0),
        ...attrs,
      });
    } catch (e) {
      if (open) this.putBack(userid, device, open, held);
      throw e;
    }
    if (!made.ok) {
      if (open) this.putBack(userid, device, open, held);
      return made;
    }
    return { ok: true, file: made.file, lines: await this.tell(userid, made.file, made.visibleOn) };
  }

  /** Spools a closed output file as the device's settings say. */
  private async create(
    userid: string,
    device: "PUN" | "PRT",
    f: {
      packed: Uint8Array;
      nrecs: number;
      nbytes: number;
      name?: string;
      type?: string;
      hold?: boolean;
      keep?: boolean;
      dist?: string;
    },
  ): Promise<Refused<{ file: SpoolFile; visibleOn: string[] }>> {
    const s = this.settings(userid)[device];
    const owner = s.to ?? userid;
    const queue: SpoolQueue = s.to !== null ? "RDR" : device;
    // The systems that share the spool must hear of a shared file: without a path to one, CLOSE
    // keeps the file open on the device, as for a full spool.
    const noPath = await this.host.pathDown({ from: userid, owner, queue });
    if (noPath) return noPathRefusal(noPath);
    const made = await this.host.plex().spoolCreate({
      origin: this.host.sysname(),
      from: userid,
      owner,
      queue,
      made: device,
      cls: s.cls,
      name: f.name ?? s.name ?? "",
      type: f.type ?? s.type ?? "",
      dist: f.dist ?? s.dist ?? userid,
      copies: s.copies,
      hold: (f.hold ?? s.hold) ? "USER" : "NONE",
      keep: f.keep ?? s.keep,
      packed: f.packed,
      nrecs: f.nrecs,
      nbytes: f.nbytes,
    });
    if (!made.ok) {
      // A full spool or a quota is the caller's to answer; any other refusal means the Plex does
      // not know this system: a bug.
      if (made.status === 404) throw new Error(`spoolCreate refused ${this.host.sysname()}: ${made.message}`);
      return made;
    }
    // NAME applies to one file: the next one is unnamed again (CP's SPOOL NAME). Read again after
    // the await, so a SPOOL command that came in meanwhile is kept.
    const now = this.settings(userid);
    if (s.name !== null && now[device].name === s.name && now[device].type === s.type) {
      now[device] = { ...now[device], name: null, type: null };
      this.save(userid, now);
    }
    return { ok: true, file: made.file, visibleOn: made.visibleOn };
  }

  /**
   * CP's answer for a spooled file, and the receiver's notice on every system that sees it. The
   * file exists by now: a notice that cannot be delivered is lost, not the file.
   */
  private async tell(userid: string, f: SpoolFile, visibleOn: string[]): Promise<string[]> {
    const toReader = f.queue === "RDR";
    // A file for one's own reader gets only the reader notice, as the corpus shows for `spool punch * rdr`.
    const lines = toReader && f.owner === userid ? [readerNotice(f)] : [sentAnswer(f)];
    const systems =
      toReader && f.owner === userid ? visibleOn.filter((x) => x !== this.host.sysname()) : visibleOn;
    if (toReader)
      await this.host.notify(f.owner, readerNotice(f), systems).catch((e: unknown) => {
        console.error(`spool notice for ${f.owner} (file ${f.spoolid}) not delivered: ${String(e)}`);
      });
    return lines;
  }

  /** QUERY READER / PRINTER / PUNCH: own files, or (class D) a user's or every user's. */
  async query(userid: string, c: QueryCommand): Promise<Answer> {
    const queue = c.queue!;
    const owner = c.user === "ALL" ? undefined : (c.user ?? userid);
    const files = await this.host.plex().spoolList(this.host.sysname(), { owner, queue });
    if (files.length === 0) return ok([noFiles(queue)]);
    return ok(queryFiles(files, { owners: c.user !== undefined, all: c.all === true }));
  }

  /** The LOGON line that counts the user's reader, printer and punch files. */
  async filesLine(userid: string): Promise<string> {
    return filesSummary(await this.host.plex().spoolList(this.host.sysname(), { owner: userid }));
  }

  /** Mounts a plex tape on a tape drive of the user's (the operator's ATTACH and mount in one). */
  mount(userid: string, vdev: string, volser: string): string[] {
    this
      .sql`INSERT OR REPLACE INTO tape_drives (userid, vdev, volser) VALUES (${userid}, ${vdev}, ${volser})`;
    return tapeMounted(userid, vdev, volser);
  }

  /** The tape mounted on the user's drive `vdev`, if there is such a drive. */
  tapeOn(userid: string, vdev: string): string | undefined {
    return this.sql<{
      volser: string;
    }>`SELECT volser FROM tape_drives WHERE userid = ${userid} AND vdev = ${vdev}`[0]?.volser;
  }

  /** DETACH of a tape drive: answers whether there was one. */
  detachTape(userid: string, vdev: string): boolean {
    const had = this.tapeOn(userid, vdev) !== undefined;
    this.sql`DELETE FROM tape_drives WHERE userid = ${userid} AND vdev = ${vdev}`;
    return had;
  }

  /**
   * LOGOFF, first step: output files still open are closed and spooled, as CP closes them.
   * Answers CP's lines, with the refusal when the spool cannot take one: that file then stays on
   * the device (`forget` keeps it), for a later session to CLOSE or PURGE.
   */
  async closeOutput(userid: string): Promise<string[]> {
    const lines: string[] = [];
    const refused = new Set<UnitRecord>();
    for (const device of ["PUN", "PRT"] as const) {
      const answer = await this.close(userid, { verb: "CLOSE", device, options: {} });
      if (answer.rc !== 0) refused.add(device);
      lines.push(...answer.lines);
    }
    this.refusedAtLogoff.set(userid, refused);
    return lines;
  }

  /**
   * LOGOFF, last step, once the user is gone: what a request racing the LOGOFF left (an open file,
   * a drive) is dropped, but not a file the spool refused at `closeOutput`; the reader's file is
   * released; a read that lands later releases itself.
   */
  async forget(userid: string): Promise<void> {
    const keep = this.refusedAtLogoff.get(userid) ?? new Set<UnitRecord>();
    this.refusedAtLogoff.delete(userid);
    for (const device of ["PUN", "PRT"] as const)
      if (!keep.has(device)) this.sql`DELETE FROM spool_open WHERE userid = ${userid} AND device = ${device}`;
    this.sql`DELETE FROM tape_drives WHERE userid = ${userid}`;
    await this.host.plex().spoolRelease(this.host.sysname(), userid);
  }
}
