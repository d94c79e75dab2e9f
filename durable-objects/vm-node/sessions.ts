import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { type TimeZoneDef, zoneAt } from "../../src/config/timezone";
import {
  connectLine,
  disconnectLine,
  logoffLine,
  logonLine,
  reconnectLine,
} from "../../src/cp/console-lines";
import { mapInBatches } from "../batches";
import type { Links } from "./links";
import type { RealDevices } from "./real-devices";
import type { Reserves } from "./reserve";
import type { VdevRow } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/** How many of a user's devices a LOGON links, or a LOGOFF releases, at once (each calls its volume). */
export const LOGON_LINKS_AT_ONCE = 250;

/** The zone this system prints times in at `now`: SYSTEM CONFIG's, as the IPL read it (UTC when none). */
export function zoneOf(s: NodeState, now: Date): TimeZoneDef {
  return zoneAt(s.image()?.timezone, now);
}

/**
 * Users' sessions on a system: LOGON (and the reconnect of a disconnected user), LOGOFF,
 * DISCONNECT, and logging a user on or off for CP (IPL, XAUTOLOG, FORCE, SHUTDOWN): its directory
 * minidisks and LINKs become devices, and go again.
 */
export class Sessions {
  /** Users whose LOGON (or XAUTOLOG) is still making their devices, in this incarnation. */
  private readonly loggingOn = new Set<string>();
  /** Users whose LOGOFF (or FORCE) is still releasing their devices, in this incarnation. */
  private readonly loggingOff = new Set<string>();

  /** What runs after CP logs a user on disconnected (VmNode sets it: a service machine's program). */
  afterAutoLogon?: (userid: string) => Promise<void>;

  constructor(
    private readonly s: NodeState,
    private readonly links: Links,
    private readonly realDevices: RealDevices,
    private readonly reserves: Reserves,
    private readonly devices: SpoolDevices,
  ) {}

  /** LOGON with the directory password. */
  async logon(userid: string, password: string): Promise<CpAnswer> {
    const u = this.s.directoryUser(userid);
    if (!u) return cpAnswer("HCPLGA053E", { userid });
    if (!u.password || u.password === "NOLOG" || u.password.toUpperCase() !== password.toUpperCase())
      return cpAnswer("HCPLGA050E");
    // A session still being made (XAUTOLOG's links) is logged on already; one being ended (LOGOFF,
    // FORCE) is not there to reconnect to.
    if (this.loggingOff.has(userid)) return cpAnswer("HCPLGA361E", { userid });
    if (this.loggingOn.has(userid)) return cpAnswer("HCPLGA054E");
    const on = this.s.sql<{
      disconnected: number;
    }>`SELECT disconnected FROM users WHERE userid = ${userid}`[0];
    if (on && !on.disconnected) return cpAnswer("HCPLGA054E");
    if (on) return this.reconnect(userid);
    return this.logonUser(userid, { disconnected: false });
  }

  /**
   * LOGON of a disconnected user reconnects it: what waits in its spool, then `RECONNECTED AT
   * 10:04:48 CET MONDAY 02/26/16` [C: tessia lines 16-17]; its devices and program go on as they were.
   */
  private async reconnect(userid: string): Promise<CpAnswer> {
    this.s.sql`UPDATE users SET disconnected = 0 WHERE userid = ${userid}`;
    const now = new Date();
    const lines = [await this.devices.filesLine(userid), reconnectLine(now, zoneOf(this.s, now))];
    this.s.consoleWrite(userid, lines);
    return okAnswer(lines);
  }

  /** Seconds since the user logged on, for the CONNECT= line. */
  private connectSeconds(userid: string, now: Date): number {
    const at = this.s.logonAt(userid);
    return at ? (now.getTime() - Date.parse(at)) / 1000 : 0;
  }

  /** LOGOFF by the user: CP's lines about its files, the session's times, then LOGOFF AT. */
  async logoff(userid: string): Promise<string[]> {
    const now = new Date();
    const connect = connectLine(this.connectSeconds(userid, now));
    const lines = await this.logoffUser(userid);
    return [...lines, connect, logoffLine(now, zoneOf(this.s, now))];
  }

  /** DISCONNECT: the session's times, then DISCONNECT AT; the user stays logged on. */
  disconnect(userid: string): string[] {
    const now = new Date();
    const lines = [connectLine(this.connectSeconds(userid, now)), disconnectLine(now, zoneOf(this.s, now))];
    this.s.sql`UPDATE users SET disconnected = 1 WHERE userid = ${userid}`;
    return lines;
  }

  /** Logs a user on: its directory minidisks and LINK statements become devices, through the same checks as LINK. */
  async logonUser(userid: string, opts: { disconnected: boolean; program?: boolean }): Promise<CpAnswer> {
    this.loggingOn.add(userid);
    try {
      return await this.logonNow(userid, opts);
    } finally {
      this.loggingOn.delete(userid);
    }
  }

  private async logonNow(
    userid: string,
    opts: { disconnected: boolean; program?: boolean },
  ): Promise<CpAnswer> {
    const u = this.s.user(userid)!;
    this.s
      .usersSql`INSERT OR REPLACE INTO users (userid, logged_on_at, disconnected) VALUES (${userid}, ${new Date().toISOString()}, ${opts.disconnected ? 1 : 0})`;
    const lines: string[] = [];
    // Each device reserves its vdev before it awaits its volume, so they can go together (in waves,
    // for a user of thousands); the answers keep the directory's order. Own minidisks first, as CP
    // defines them before LINKs.
    const own = await mapInBatches(u.mdisks, LOGON_LINKS_AT_ONCE, (md) =>
      this.links.linkMinidisk(userid, u, md, md.vdev, md.mode),
    );
    const linked = await mapInBatches(u.links, LOGON_LINKS_AT_ONCE, (l) =>
      this.links.link(userid, { owner: l.owner, ownerVdev: l.ownerVdev, vdev: l.vdev, mode: l.mode }, true),
    );
    for (const a of [...own, ...linked]) lines.push(...a.lines);
    for (const d of u.dedicates) {
      const rdev = d.rdev ?? this.s.volume(d.volser ?? "")?.info.rdev;
      const a = rdev
        ? await this.realDevices.attach(rdev, userid, d.vdev)
        : cpAnswer("HCPQVD040E", { vdev: d.volser ?? d.vdev });
      if (a.rc !== 0) lines.push(...a.lines);
    }
    // An interactive LOGON tells the user what waits in its spool, as CP does before LOGON AT.
    if (!opts.disconnected) lines.push(await this.devices.filesLine(userid));
    const now = new Date();
    lines.push(logonLine(now, zoneOf(this.s, now)));
    this.s.consoleWrite(userid, lines);
    // A service machine starts its program whoever logs it on (IPL, XAUTOLOG, an operator's
    // LOGON: its directory IPLs CMS, which runs PROFILE EXEC); not an XAUTOLOG from another system.
    if (opts.program !== false) await this.afterAutoLogon?.(userid);
    return okAnswer(lines);
  }

  /** Logs a user off: open output files are spooled, devices released. Answers CP's lines about the files. */
  async logoffUser(userid: string): Promise<string[]> {
    this.loggingOff.add(userid);
    try {
      return await this.logoffNow(userid);
    } finally {
      this.loggingOff.delete(userid);
    }
  }

  private async logoffNow(userid: string): Promise<string[]> {
    const lines = await this.devices.closeOutput(userid);
    // Released in waves, as LOGON links them: each device calls its own volume.
    this.reserves.dropWaitersOf(userid);
    await mapInBatches(
      this.s.sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid}`,
      LOGON_LINKS_AT_ONCE,
      (d) => this.links.release(d),
    );
    this.s.usersSql`DELETE FROM users WHERE userid = ${userid}`;
    // Its program (PVM) stops with it.
    this.s.programsSql`DELETE FROM programs WHERE userid = ${userid}`;
    this.s.dropRetired(userid);
    await this.devices.forget(userid);
    return lines;
  }
}
