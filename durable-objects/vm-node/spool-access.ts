import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import type { SpxtapeCommand } from "../../src/cp/parse/spool";
import { allows } from "../../src/cp/privileges";
import type { ImageUser } from "../../src/plex/image";
import { conflict, type Refusal, type Refused } from "../../src/refusal";
import type { FileAction } from "../../src/spool/actions";
import { recordsForAnswer, type RecordEncoding, unpackRecords } from "../../src/spool/records";
import { noPathRefusal } from "../../src/spool/quota";
import { spoolPathDown } from "./pvm";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/** A reader file as RECEIVE reads it. */
export type ReaderFile = {
  spoolid: string;
  from: string;
  name: string;
  type: string;
  encoding: RecordEncoding;
  records: string[];
};

/**
 * The spool as a user of this system reaches it: file commands (PURGE, CHANGE, TRANSFER, ORDER),
 * SPXTAPE, and the data routes (PUNCH and PRINT, reading a reader file, mounting a tape). The
 * spool itself is the Plex's; the devices are SpoolDevices'.
 */
export class SpoolAccess {
  constructor(
    private readonly s: NodeState,
    private readonly devices: SpoolDevices,
    private readonly notify: (userid: string, text: string, systems: string[]) => Promise<void>,
  ) {}

  /**
   * PURGE, CHANGE, TRANSFER, ORDER: planned and applied by the Plex over the spool this system
   * sees; new owners are told on every system that sees their files. Class D may name any user.
   */
  async fileAction(userid: string, u: ImageUser, c: FileAction): Promise<CpAnswer> {
    const operator = allows(u.classes, "D");
    if (c.user !== undefined && !operator) return cpAnswer("HCPCFC026E");
    if (c.verb === "TRANSFER" && !this.s.directoryUser(c.to)) return cpAnswer("HCPLNM053E", { userid: c.to });
    const owner = c.user === "ALL" ? undefined : (c.user ?? userid);
    // A change to a shared file must reach every system sharing the spool: the Plex refuses it
    // (and changes nothing) while one of them has no CSE path from here.
    const noPath = await spoolPathDown(this.s);
    const done = await this.s.plexStub().spoolAction(this.s.sysname, userid, owner, c, noPath);
    for (const note of done.notices) await this.notify(note.userid, note.text, note.systems);
    return { rc: done.rc, lines: done.lines };
  }

  /** SPXTAPE DUMP, LOAD, SCAN on the tape mounted on the user's drive; class G only its own files. */
  async spxtape(userid: string, u: ImageUser, c: SpxtapeCommand): Promise<CpAnswer> {
    const volser = this.devices.tapes.tapeOn(userid, c.vdev);
    if (!volser) return cpAnswer("HCPSPX040E", { vdev: c.vdev });
    const operator = allows(u.classes, "D");
    if (!operator && c.select.user !== undefined && c.select.user !== userid)
      return cpAnswer("HCPSPX9062E", { userid });
    const select = operator ? c.select : { ...c.select, user: userid };
    return this.s.plexStub().spxtape(this.s.sysname, userid, operator, volser, { ...c, select });
  }

  /**
   * What CMS PUNCH and PRINT do: writes records to the user's virtual punch or printer, which
   * spools them as its SPOOL settings say (closed now, or kept open with CONT).
   */
  async write(
    userid: string,
    device: "PUN" | "PRT",
    records: Uint8Array[],
    file: { name?: string; type?: string },
  ): Promise<Refused<{ rc: number; lines: string[]; spoolid: string | null }>> {
    const refused = this.s.refusalFor(userid, { logon: true });
    if (refused) return refused;
    const r = await this.devices.write(userid, device, records, file);
    if (r.ok) this.s.consoleWrite(userid, r.lines);
    return r;
  }

  /**
   * A reader file's records, as RECEIVE reads them. Without `open` it only looks (PEEK); with
   * `open` the file is opened on the user's virtual reader and locked to this system until CLOSE
   * READER: the file `spoolid` names, or the first the reader may read.
   */
  async read(
    userid: string,
    opts: { spoolid?: string; open: boolean; encoding?: RecordEncoding },
  ): Promise<Refused<ReaderFile>> {
    const refused = this.s.refusalFor(userid, { logon: opts.open });
    if (refused) return refused;
    const sysname = this.s.sysname;
    const r = await this.s.plexStub().spoolRead(sysname, userid, {
      spoolid: opts.spoolid,
      open: opts.open,
      readerClass: this.devices.settings(userid).RDR.cls,
    });
    if (!r.ok) return r;
    // A LOGOFF that finished while the Plex opened the file: the lock must not outlive the session.
    if (opts.open && !this.s.isLoggedOn(userid)) {
      await this.s.plexStub().spoolRelease(sysname, userid);
      return conflict(`${userid} logged off from ${sysname}`);
    }
    // Opening a shared file locks it on every system sharing the spool: without a path to one,
    // the lock is given back and the file stays unread.
    let noPath;
    try {
      noPath = opts.open && r.file.shared ? await spoolPathDown(this.s) : undefined;
    } catch (e) {
      await this.s.plexStub().spoolRelease(sysname, userid);
      throw e;
    }
    if (noPath) {
      await this.s.plexStub().spoolRelease(sysname, userid);
      return noPathRefusal(noPath);
    }
    const out = recordsForAnswer(unpackRecords(r.packed), opts.encoding);
    return {
      ok: true,
      spoolid: r.file.spoolid,
      from: r.file.from,
      name: r.file.name,
      type: r.file.type,
      ...out,
    };
  }

  /** Mounts a plex tape on a tape drive of a logged-on user, for SPXTAPE; a new volser is a scratch tape, within the plex's tapes. */
  async mountTape(userid: string, vdev: string, volser: string): Promise<CpAnswer | Refusal> {
    const refused = this.s.refusalFor(userid, { directory: false, logon: true });
    if (refused) return refused;
    if (this.s.vdev(userid, vdev)) return cpAnswer("HCPATT9041E", { vdev });
    const scratch = await this.s.plexStub().tapeScratch(volser);
    if (!scratch.ok) return scratch;
    // Asked again: an ATTACH (a CTC) may have taken the vdev while the Plex was asked.
    if (this.s.vdev(userid, vdev) || !this.s.isLoggedOn(userid)) return cpAnswer("HCPATT9041E", { vdev });
    const lines = this.devices.tapes.mount(userid, vdev, volser);
    this.s.consoleWrite(userid, lines);
    return okAnswer(lines);
  }
}
