import { type CpAnswer as Answer, cpAnswer, okAnswer as ok } from "../../src/catalog/answer";
import type { QueryCommand } from "../../src/cp/parse/query";
import type { CloseCommand, SpoolCommand } from "../../src/cp/parse/spool";
import { quotaExceeded } from "../../src/limits";
import { refusal, type Refused } from "../../src/refusal";
import { closeRefused, NO_CSE_PATH } from "../../src/spool/quota";
import { MAX_FILE_BYTES, MAX_FILE_RECORDS } from "../../src/spool/records";
import { applySpoolOptions, filesSummary, noFiles, queryFiles, type UnitRecord } from "../../src/spool/spool";
import type { Sql } from "../sql";
import { OpenFiles } from "./open-files";
import type { SpoolHost } from "./spool-host";
import { type Settings, SpoolSettings } from "./spool-settings";
import { OutputSpooler } from "./spool-output";
import { TapeDrives } from "./tape-drives";

/**
 * A system's virtual unit record devices: each logged-on user's reader, punch and printer with
 * their SPOOL settings, files being written with CONT (stored by open-files.ts), and tape drives
 * for SPXTAPE (tape-drives.ts). The spool itself (closed files, locks) is the Plex's; this only
 * talks to it.
 */
export class SpoolDevices {
  /** The users' tape drives. */
  readonly tapes: TapeDrives;
  /** The output files being written with CONT. */
  private readonly open: OpenFiles;
  /** The users' SPOOL settings. */
  private readonly store: SpoolSettings;
  /** Spools the output devices' files into the Plex. */
  private readonly output: OutputSpooler;

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
    sql: Sql,
    private readonly host: SpoolHost,
  ) {
    this.tapes = new TapeDrives(sql);
    this.open = new OpenFiles(sql);
    this.store = new SpoolSettings(sql);
    this.output = new OutputSpooler(this.open, this.store, host);
  }

  /** The user's three devices' settings (CP's defaults after LOGON). */
  settings(userid: string): Settings {
    return this.store.get(userid);
  }

  /** SPOOL: changes the device's settings; CLOSE and PURGE act on its open file. CP says nothing otherwise. */
  async spool(userid: string, c: SpoolCommand): Promise<Answer> {
    const all = this.settings(userid);
    all[c.device] = applySpoolOptions(all[c.device], c.options, userid);
    this.store.save(userid, all);
    if (c.options.purge)
      return this.serial(userid, c.device, async () => {
        this.open.drop(userid, c.device);
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
      // Unlocking (and purging) a shared file must reach every system sharing the spool: without
      // a path to one, the file stays open here and nothing changes (XSPOOL over PVM).
      const noPath = await this.host.sharedPathDown();
      const closed = await this.host.plex().spoolCloseReader(
        this.host.sysname(),
        userid,
        {
          keep: c.options.keep ?? s.keep,
          hold: c.options.hold ?? s.hold,
          purge: c.options.purge ?? false,
        },
        noPath,
      );
      return closed.refused ? cpAnswer("HCPCSE9033E", { ...closed.refused }) : ok();
    }
    const device = c.device;
    const o = c.options;
    return this.serial(userid, device, async () => {
      const open = this.open.get(userid, device);
      if (!open) return ok();
      if (o.purge) {
        this.open.drop(userid, device);
        return ok();
      }
      const made = await this.output.spoolOpen(userid, device, open, [], {
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
    const open = this.open.get(userid, device);
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
      const held = this.open.heldBytes();
      if (held + added > limits.spoolBytes)
        return quotaExceeded(
          "spoolBytes",
          held + added,
          limits.spoolBytes,
          `Open (CONT) spool files on this system would hold ${held + added} bytes; at most ${limits.spoolBytes}`,
        );
      this.open.append(userid, device, records, { nrecs, nbytes, name, type });
      return { ok: true, rc: 0, lines: [], spoolid: null };
    }
    const made = await this.output.spoolOpen(userid, device, open, records, {
      name: name ?? undefined,
      type: type ?? undefined,
    });
    if (made.ok) return { ok: true, rc: 0, lines: made.lines, spoolid: made.file.spoolid };
    // A quota answers as such (429 or 413); a spool without free ids as CP says it.
    return made.code === "QUOTA_EXCEEDED" || made.code === NO_CSE_PATH
      ? made
      : refusal(409, "CONFLICT", closeRefused(made, 0).lines[0]);
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
    for (const device of ["PUN", "PRT"] as const) if (!keep.has(device)) this.open.drop(userid, device);
    this.tapes.forget(userid);
    await this.host.plex().spoolRelease(this.host.sysname(), userid);
  }
}
