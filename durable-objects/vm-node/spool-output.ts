import type { Refused } from "../../src/refusal";
import { noPathRefusal } from "../../src/spool/quota";
import { joinParts, packRecords } from "../../src/spool/records";
import { type Queue as SpoolQueue, readerNotice, sentAnswer, type SpoolFile } from "../../src/spool/spool";
import type { OpenFile, OpenFiles } from "./open-files";
import type { SpoolHost } from "./spool-host";
import type { SpoolSettings } from "./spool-settings";

/**
 * Spooling an output device's file into the Plex: the open (CONT) file and the request's records
 * as one file, to a reader or the output queue as the device's settings say, with CP's answer and
 * the receiver's notices. An open file the spool does not take stays on its device.
 */
export class OutputSpooler {
  constructor(
    private readonly open: OpenFiles,
    private readonly settings: SpoolSettings,
    private readonly host: SpoolHost,
  ) {}

  /**
   * Spools the device's open file (if any) with `more` records after it, as one file; callers run
   * it in the device's `serial` order. If the spool refuses the file or the call fails, the open
   * file is put back as it was, and the request's own records are not kept (its answer says so).
   */
  async spoolOpen(
    userid: string,
    device: "PUN" | "PRT",
    open: OpenFile | undefined,
    more: Uint8Array[],
    attrs: { name?: string; type?: string; hold?: boolean; keep?: boolean; dist?: string },
  ): Promise<Refused<{ file: SpoolFile; lines: string[] }>> {
    const held = open ? this.open.data(userid, device) : new Uint8Array(0);
    // The row goes first (its parts with it, by trigger), so a file is never spooled twice.
    this.open.drop(userid, device);
    // Packed buffers join end to end: what the device holds is not unpacked.
    const packed = more.length === 0 ? held : joinParts([held, packRecords(more)]);
    let made: Awaited<ReturnType<OutputSpooler["create"]>>;
    try {
      made = await this.create(userid, device, {
        packed,
        nrecs: (open?.nrecs ?? 0) + more.length,
        nbytes: (open?.nbytes ?? 0) + more.reduce((n, r) => n + r.length, 0),
        ...attrs,
      });
    } catch (e) {
      if (open) this.open.putBack(userid, device, open, held);
      throw e;
    }
    if (!made.ok) {
      if (open) this.open.putBack(userid, device, open, held);
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
    const s = this.settings.get(userid)[device];
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
      tag: s.tag,
    });
    if (!made.ok) {
      // A full spool or a quota is the caller's to answer; any other refusal means the Plex does
      // not know this system: a bug.
      if (made.status === 404) throw new Error(`spoolCreate refused ${this.host.sysname()}: ${made.message}`);
      return made;
    }
    // NAME applies to one file: the next one is unnamed again (CP's SPOOL NAME). Read again after
    // the await, so a SPOOL command that came in meanwhile is kept.
    const now = this.settings.get(userid);
    if (s.name !== null && now[device].name === s.name && now[device].type === s.type) {
      now[device] = { ...now[device], name: null, type: null };
      this.settings.save(userid, now);
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
}
