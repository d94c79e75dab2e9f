import { punchedFile } from "../plex/spool";
import type { CpAnswer } from "../../src/catalog/answer";
import { maskedText, parseDirm } from "../../src/dirmaint/commands";
import { parseDirmaintConfig, type DirmaintConfig } from "../../src/dirmaint/config";
import { dvh } from "../../src/dirmaint/messages";
import { usersRunning } from "../../src/cms/programs";
import { parseUpdateFile, updateFileRecords } from "../../src/dirmaint/update-file";
import type { ImageUser } from "../../src/plex/image";
import type { RscsArrival } from "../../src/rscs/types";
import { unpackRecords } from "../../src/spool/records";
import type { Rscs } from "./rscs";
import type { NodeState } from "./state";

/** A DIRM request as it waits in DIRMAINT's reader: the requester's command and where it came from. */
const REQUEST_FILE = { fn: "DIRM", ft: "REQUEST" } as const;
/** DIRMAINT's update for a satellite, as it waits in the satellite's reader. */
const UPDATE_FILE = { fn: "DIRMAINT", ft: "UPDATE" } as const;

/** A file in a reader here, with who sent it as CP (or RSCS's NJE header) says: never its records. */
type HeldFile = { spoolid: string; records: string[]; origin: { node: string; userid: string } };

const decoder = new TextDecoder();

/**
 * DirMaint on this system (#12; docs/dirmaint.md): DIRMAINT, the master that keeps the source
 * directory (in the Plex, ./../plex/directory.ts), and DIRMSATn, the satellite that applies its
 * changes to this system's object directory. A DIRM request is a file in DIRMAINT's reader (punched
 * here, or brought by RSCS); DIRMAINT processes it when it runs, puts the change online on its own
 * system and sends each satellite an update file over the route CONFIG DATADVH's FROM=/TO= give.
 * A satellite applies update files in order when they arrive or when it starts, so a satellite
 * that was logged off, or whose RSCS link was down, catches up.
 */
export class DirMaint {
  constructor(
    private readonly s: NodeState,
    private readonly rscs: Rscs,
    /** Loads an object directory here (DIRECTXA's effect). */
    private readonly load: (users: Record<string, ImageUser>, version: number) => void,
  ) {
    rscs.onArrival((a) => this.arrived(a));
  }

  /** The program a logged-on user here runs, from the programs table (DIRMAINT, DIRMSAT, ...). */
  private running(program: "DIRMAINT" | "DIRMSAT"): { userid: string; config: string | null }[] {
    return this.s.programs().filter((p) => p.program === program);
  }

  /** DIRMAINT or a satellite started here (the program's product started): it reads its reader. */
  async started(program: string, userid: string, config: string | null): Promise<void> {
    if (program === "DIRMAINT") {
      await this.s.plexStub().dirmaintStarted(this.s.sysname, userid, config);
      for (const f of await this.waiting(userid, REQUEST_FILE))
        await this.answerLater(await this.process(userid, config, f));
      await this.resync(userid, config);
    } else if (program === "DIRMSAT") {
      for (const f of await this.waiting(userid, UPDATE_FILE)) await this.apply(userid, f);
    }
  }

  /** `DIRM text` from `userid` here: the request goes to DIRMAINT, here or over RSCS. */
  async dirm(userid: string, text: string): Promise<CpAnswer> {
    // DIRM EXEC checks the request's syntax before it sends it, as DIRMAINT does again.
    const parsed = parseDirm(text, userid);
    if (!parsed.ok) return { rc: parsed.rc, lines: parsed.lines };
    const verb = parsed.command.verb;
    // DIRMAINT where it last started; before it ever did, the DIRMAINT user of this system (the
    // request waits in its reader, as a punch to it would).
    const master = (await this.s.plexStub().directoryVersions())?.dirmaint ?? this.localMaster();
    if (!master) return { rc: 1, lines: [`No user runs DIRMAINT on ${this.s.sysname}`] };
    // The request is the command alone: who sent it is the spool file's own (CP's, or RSCS's NJE
    // origin), so nobody can send a request in another user's name.
    const request = [text.trim()];
    if (master.system !== this.s.sysname) {
      const sent = await this.rscs.send({
        from: userid,
        to: { userid: master.userid, node: master.system },
        ...REQUEST_FILE,
        records: request,
      });
      if (!sent.ok) return { rc: sent.rc, lines: sent.lines };
      return {
        rc: 0,
        lines: dvh("DVHXMT1191I", { cmd: verb, dirmaint: master.userid, node: master.system }),
      };
    }
    const spooled = await this.spoolTo(master.userid, userid, REQUEST_FILE, request);
    if (!spooled) return { rc: 1, lines: [`DIRMAINT's reader took no file on ${this.s.sysname}`] };
    const sentLines = dvh("DVHXMT1191I", { cmd: verb, dirmaint: master.userid, node: master.system });
    const dirmaint = this.running("DIRMAINT").find((d) => d.userid === master.userid);
    // Not running: the request waits in its reader until DIRMAINT is XAUTOLOGged.
    if (!dirmaint) return { rc: 0, lines: sentLines };
    const answer = await this.process(dirmaint.userid, dirmaint.config, spooled);
    return { rc: answer?.rc ?? 0, lines: [...sentLines, ...(answer?.lines ?? [])] };
  }

  /** A satellite here: logged on, running its program, update files waiting in its reader. */
  async status(userid: string): Promise<{ loggedOn: boolean; running: boolean; waiting: number }> {
    const files = await this.s.plexStub().spoolList(this.s.sysname, { owner: userid, queue: "RDR" });
    return {
      loggedOn: this.s.isLoggedOn(userid),
      running: this.running("DIRMSAT").some((x) => x.userid === userid),
      waiting: files.filter((f) => f.name === UPDATE_FILE.fn && f.type === UPDATE_FILE.ft).length,
    };
  }

  /** The user this system's programs give DIRMAINT's role, if the directory has one. */
  private localMaster(): { system: string; userid: string } | undefined {
    const programs = this.s.image()?.programs;
    const userid = usersRunning("DIRMAINT", programs, (u) => this.s.directoryUser(u) !== undefined)[0];
    return userid === undefined ? undefined : { system: this.s.sysname, userid };
  }

  /** A file RSCS delivered here: a request for DIRMAINT, or an update for a satellite, if it runs. */
  private async arrived(a: RscsArrival): Promise<void> {
    const file = { spoolid: a.spoolid, records: a.records, origin: a.origin };
    if (a.fn === REQUEST_FILE.fn && a.ft === REQUEST_FILE.ft) {
      const d = this.running("DIRMAINT").find((x) => x.userid === a.userid);
      if (d) await this.answerLater(await this.process(d.userid, d.config, file));
    } else if (a.fn === UPDATE_FILE.fn && a.ft === UPDATE_FILE.ft) {
      if (this.running("DIRMSAT").some((x) => x.userid === a.userid)) await this.apply(a.userid, file);
    }
  }

  /**
   * DIRMAINT processes one request file: the Plex applies it to the source; the answer goes to the
   * requester (here: the caller returns it; elsewhere: by RSCS messages); a change is put online here
   * and sent to every satellite. The request file is purged once processed.
   */
  private async process(
    dirmaint: string,
    configText: string | null,
    f: HeldFile,
  ): Promise<(CpAnswer & { requester: string }) | undefined> {
    const { node: system, userid: requester } = f.origin;
    const text = f.records.join(" ").trim();
    const plex = this.s.plexStub();
    // Taking the file out of the reader claims it: a request processed at once (DIRM) and from
    // DIRMAINT's start can meet; only one of them purges it, and only that one applies it.
    if (!(await this.purge(dirmaint, f.spoolid))) return undefined;
    if (text === "") {
      this.s.consoleWrite(dirmaint, [`Request file ${f.spoolid} is not a DIRM request: discarded`]);
      return undefined;
    }
    const out = await plex.dirmApply({
      requester,
      requesterSystem: system,
      text,
      dirmaint,
      system: this.s.sysname,
    });
    const parsed = parseDirm(text, requester);
    const shown = parsed.ok ? maskedText(parsed.command) : text.split(/\s+/)[0];
    this.s.consoleWrite(dirmaint, [`Request from ${requester} at ${system}: ${shown}`, ...out.lines]);
    if (out.ok && out.reader) {
      const { fn, ft, records } = out.reader;
      if (system === this.s.sysname) await this.spoolTo(requester, dirmaint, { fn, ft }, records);
      else await this.rscs.send({ from: dirmaint, to: { userid: requester, node: system }, fn, ft, records });
    }
    if (out.ok && out.version !== undefined) {
      await this.putOnline(out.version);
      const config = configText === null ? undefined : parseDirmaintConfig(configText);
      const verb = parsed.ok ? parsed.command.verb : "";
      const update = {
        version: out.version,
        requester,
        verb,
        target: out.changed[0] ?? requester,
        changed: out.changed,
      };
      await this.distribute(dirmaint, config, updateFileRecords(update));
    }
    if (system === this.s.sysname) return { rc: out.ok ? 0 : out.rc, lines: out.lines, requester };
    for (const line of out.lines) await this.rscs.message(dirmaint, system, requester, line);
    return undefined;
  }

  /** DirMaint's answer to a request from this system that waited: on the requester's console, if logged on. */
  private async answerLater(answer: (CpAnswer & { requester: string }) | undefined): Promise<void> {
    if (answer && this.s.isLoggedOn(answer.requester)) this.s.consoleWrite(answer.requester, answer.lines);
  }

  /** DIRMAINT puts a change online on its own system at once (DIRECTXA / Diagnose 84 here). */
  private async putOnline(version: number): Promise<void> {
    const got = await this.s.plexStub().objectDirectory(this.s.sysname, version, this.s.image()?.iplVolume);
    if ("users" in got) this.load(got.users, got.version);
  }

  /** Sends the update file to every satellite of another system, over its FROM=/TO= route. */
  private async distribute(
    dirmaint: string,
    config: DirmaintConfig | undefined,
    records: string[],
    only?: ReadonlySet<string>,
  ): Promise<void> {
    const here = this.s.sysname;
    const lines: string[] = [];
    for (const sat of config?.satellites ?? []) {
      if (sat.system === here || (only && !only.has(sat.system))) continue;
      const route = config!.routes.find((r) => r.from === here && r.to === sat.system);
      if (!route) {
        lines.push(
          `No FROM= ${here} TO= ${sat.system} route in CONFIG DATADVH: ${sat.userid} gets no update`,
        );
        continue;
      }
      const sent = await this.rscs.send({
        from: dirmaint,
        to: { userid: sat.userid, node: route.tag },
        ...UPDATE_FILE,
        records,
      });
      lines.push(
        sent.ok
          ? `Update for ${sat.userid} at ${sat.system} ${sent.state === "SENT" ? "sent" : `queued: ${sent.why ?? ""}`}`
          : `Update for ${sat.userid} at ${sat.system} not sent: ${sent.lines.join(" ")}`,
      );
    }
    if (lines.length) this.s.consoleWrite(dirmaint, lines);
  }

  /**
   * DIRMAINT starting sends each satellite whose system is behind the source one update for the
   * current version: a satellite named by a SATELLITE_SERVER= added since, or one whose update was
   * lost (IPL CLEAN), catches up without waiting for the next change. One already on its way makes
   * this one a no-op when applied (a version the system has is skipped).
   */
  private async resync(dirmaint: string, configText: string | null): Promise<void> {
    const v = await this.s.plexStub().directoryVersions();
    if (!v) return;
    // Its own system first: DIRMAINT moved here, or a change it did not put online.
    if ((v.systems[this.s.sysname] ?? v.version) < v.version) await this.putOnline(v.version);
    if (configText === null) return;
    const behind = new Set(Object.keys(v.systems).filter((s) => v.systems[s] < v.version));
    if (behind.size === 0) return;
    const update = { version: v.version, requester: dirmaint, verb: "DIRECT", target: dirmaint, changed: [] };
    await this.distribute(dirmaint, parseDirmaintConfig(configText), updateFileRecords(update), behind);
  }

  /** A satellite applies one update file: the object directory of its version, unless it has it. */
  private async apply(satellite: string, f: HeldFile): Promise<void> {
    const parsed = parseUpdateFile(f.records);
    if (!(await this.purge(satellite, f.spoolid))) return;
    const programs = this.s.image()?.programs;
    if (!usersRunning("DIRMAINT", programs).includes(f.origin.userid)) {
      this.s.consoleWrite(satellite, [
        `Update file ${f.spoolid} from ${f.origin.userid} at ${f.origin.node} discarded: it is not from DIRMAINT`,
      ]);
      return;
    }
    if (!parsed.ok) {
      this.s.consoleWrite(satellite, [`Update file ${f.spoolid} discarded: ${parsed.message}`]);
      return;
    }
    const v = parsed.update.version;
    const got = await this.s.plexStub().objectDirectory(this.s.sysname, v, this.s.image()?.iplVolume);
    if ("users" in got) {
      this.load(got.users, got.version);
      this.s.consoleWrite(satellite, [
        `Directory update ${v} (${parsed.update.verb} ${parsed.update.target}) placed online`,
      ]);
    } else if ("skip" in got) {
      this.s.consoleWrite(satellite, [`Directory update ${v} skipped: this system has version ${got.skip}`]);
    } else this.s.consoleWrite(satellite, [`Directory update ${v} not applied: ${got.missing}`]);
  }

  /** Files named `name` in `userid`'s reader here, oldest first, with their records as text. */
  private async waiting(userid: string, name: { fn: string; ft: string }): Promise<HeldFile[]> {
    const plex = this.s.plexStub();
    const files = (await plex.spoolList(this.s.sysname, { owner: userid, queue: "RDR" })).filter(
      (f) => f.name === name.fn && f.type === name.ft,
    );
    const nje: Record<string, HeldFile["origin"]> =
      files.length > 0 ? await plex.rscsOrigins(files.map((f) => f.spoolid)) : {};
    const out: HeldFile[] = [];
    for (const f of files) {
      const r = await plex.spoolRead(this.s.sysname, userid, { spoolid: f.spoolid, open: false });
      if (!r.ok) continue;
      const records = unpackRecords(r.packed).map((b) => decoder.decode(b));
      out.push({ spoolid: f.spoolid, records, origin: nje[f.spoolid] ?? { node: f.origin, userid: f.from } });
    }
    return out;
  }

  /** Puts a file into `owner`'s reader here, from `from` (a punch to a local user). */
  private async spoolTo(
    owner: string,
    from: string,
    name: { fn: string; ft: string },
    records: readonly string[],
  ): Promise<HeldFile | undefined> {
    const made = await this.s
      .plexStub()
      .spoolCreate(
        punchedFile({ origin: this.s.sysname, from, owner, name: name.fn, type: name.ft }, records),
      );
    return made.ok
      ? { spoolid: made.file.spoolid, records: [...records], origin: { node: this.s.sysname, userid: from } }
      : undefined;
  }

  /** Purges one reader file; true when this call purged it (it was still there). */
  private async purge(owner: string, spoolid: string): Promise<boolean> {
    const r = await this.s.plexStub().spoolAction(this.s.sysname, owner, owner, {
      verb: "PURGE",
      queue: "RDR",
      select: { spoolids: [spoolid] },
    });
    return r.rc === 0 && r.lines.some((l) => /^0*1 FILE PURGED/.test(l));
  }
}
