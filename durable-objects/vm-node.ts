import { DurableObject } from "cloudflare:workers";
import type { Command } from "../src/cp/commands";
import {
  deviceAttached,
  deviceDetached,
  queryCplevel,
  queryDasd,
  queryNames,
  queryUser,
  queryUserid,
  queryUsers,
  queryTime,
  queryVirtualDasd,
  xlinkCheck,
} from "../src/cp/layouts";
import { formatMessage, rcOf } from "../src/cp/messages";
import { parseCommand } from "../src/cp/parse-command";
import { allows } from "../src/cp/privileges";
import type { LinkDecision } from "../src/dasd/link-rules";
import { parseLinkMode } from "../src/dasd/link-rules";
import type { LinkRequest } from "../src/dasd/ledger";
import type { MdiskDef } from "../src/directory/types";
import type { ImageUser, ImageVolume, SystemImage } from "../src/plex/image";
import type { SystemState } from "../src/plex/topology";
import type { FileAction } from "../src/spool/actions";
import { recordsForAnswer, type RecordEncoding, unpackRecords } from "../src/spool/records";
import { objectName } from "./plex";
import { type DataRefusal, SPOOL_DEVICE_MIGRATIONS, SpoolDevices } from "./spool-devices";
import { migrate, sqlHelper, type Sql } from "./sql";

const MIGRATIONS = [
  `CREATE TABLE node (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     tenant TEXT NOT NULL, plex TEXT NOT NULL, sysname TEXT NOT NULL,
     state TEXT NOT NULL, image TEXT, ipl_count INTEGER NOT NULL DEFAULT 0, ipl_at TEXT
   )`,
  `CREATE TABLE directory (userid TEXT PRIMARY KEY, entry TEXT NOT NULL)`,
  `CREATE TABLE volumes (volser TEXT PRIMARY KEY, info TEXT NOT NULL, status TEXT NOT NULL)`,
  `CREATE TABLE users (userid TEXT PRIMARY KEY, logged_on_at TEXT NOT NULL, disconnected INTEGER NOT NULL DEFAULT 1)`,
  `CREATE TABLE vdevs (
     userid TEXT NOT NULL, vdev TEXT NOT NULL, kind TEXT NOT NULL,
     owner TEXT, owner_vdev TEXT, volser TEXT, start INTEGER, "end" INTEGER,
     access TEXT, generation INTEGER, pending INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (userid, vdev)
   )`,
  `CREATE TABLE console (seq INTEGER PRIMARY KEY AUTOINCREMENT, userid TEXT NOT NULL, text TEXT NOT NULL)`,
  // SET MSG/SMSG/WNG, per logged-on user (CP's defaults: MSG and WNG on, SMSG off).
  `ALTER TABLE users ADD COLUMN msg INTEGER NOT NULL DEFAULT 1`,
  `ALTER TABLE users ADD COLUMN smsg INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE users ADD COLUMN wng INTEGER NOT NULL DEFAULT 1`,
  // A unique token per vdev reservation, so a LINK's answer finds its own row and no later one.
  `ALTER TABLE vdevs ADD COLUMN token TEXT`,
  // Counters: virtual-reserve generations (Date.now() does not advance inside a request) and the
  // directory version, so an older push never overwrites a newer one.
  `ALTER TABLE node ADD COLUMN next_vgen INTEGER NOT NULL DEFAULT 1`,
  `ALTER TABLE node ADD COLUMN directory_version INTEGER NOT NULL DEFAULT 0`,
  // SPOOL PUNCH settings per logged-on user: where punched files go, and their class.
  `ALTER TABLE users ADD COLUMN punch_to TEXT`,
  `ALTER TABLE users ADD COLUMN punch_at TEXT`,
  `ALTER TABLE users ADD COLUMN punch_class TEXT NOT NULL DEFAULT 'A'`,
  // Virtual reserve/release (V modes) is this system's alone: CSE does not carry it to the others.
  `CREATE TABLE vreserve (
     owner TEXT NOT NULL, owner_vdev TEXT NOT NULL, userid TEXT NOT NULL, vdev TEXT NOT NULL, generation INTEGER NOT NULL,
     PRIMARY KEY (owner, owner_vdev)
   )`,
  ...SPOOL_DEVICE_MIGRATIONS,
];

/** A device operation's refusal: HTTP 404 (no such device) or 409 (busy, reserved, not reservable). */
export type DeviceRefusal = { ok: false; status: 404 | 409; code: string; message: string; holder?: unknown };

/** A message on its way to a console: what kind, from whom and where, and the text. */
export interface Note {
  /** CP is a notice from CP itself (RDR FILE ... SENT FROM): SET MSG OFF does not stop it. */
  kind: "MSG" | "MSGNOH" | "SMSG" | "WARNING" | "CP";
  from: string;
  fromSystem: string;
  text: string;
}

/** The answer to a CP command or a LOGON: CP's return code and its lines. */
export interface CpAnswer {
  rc: number;
  lines: string[];
}

/** Refusals the routes turn into HTTP statuses (a CP error is an rc, not one of these). */
export type NodeRefusal = { ok: false; status: 404 | 409; message: string };

/** How a volume stands on this system: SYSTEM (usable for minidisks), FREE (online, not for minidisks). */
type VolumeStatus = "SYSTEM" | "FREE";

type VdevRow = {
  userid: string;
  vdev: string;
  kind: "MDISK" | "LINK" | "ATTACHED";
  owner: string | null;
  owner_vdev: string | null;
  volser: string | null;
  start: number | null;
  end: number | null;
  access: string | null;
  generation: number | null;
  pending: number;
};

/** What QUERY CPLEVEL reports: the z/VM level cseplex answers as (CSE's XLINK still ships in 7.3). */
const CP_LEVEL = { version: 7, release: 3, modification: 0, serviceLevel: "2401" };
const CP_GENERATED = "2024-01-15T12:00:00Z";

const msg = (id: string, vars: Record<string, string | number> = {}): CpAnswer => ({
  rc: rcOf(id),
  lines: [formatMessage(id, vars)],
});
const ok = (lines: string[] = []): CpAnswer => ({ rc: 0, lines });
const fromDecision = (m: { id: string; vars: Record<string, string> }) => formatMessage(m.id, m.vars);

/**
 * One z/VM system of a plex: its IPL state, its object directory, logged-on users, their virtual
 * devices and links, and their consoles. LINK decisions are made by the Volume objects; this
 * object keeps per-device order by reserving a vdev before it awaits a volume.
 */
export class VmNode extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly devices: SpoolDevices;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    this.devices = new SpoolDevices(this.sql, {
      sysname: () => this.node()!.sysname,
      plex: () => this.plexStub(),
      notify: (userid, text, systems) => this.notify(userid, text, systems),
    });
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage, this.sql, MIGRATIONS));
  }

  private node() {
    return this.sql<{
      tenant: string;
      plex: string;
      sysname: string;
      state: SystemState;
      image: string | null;
    }>`
      SELECT tenant, plex, sysname, state, image FROM node`[0];
  }

  private image(): Omit<SystemImage, "users"> | undefined {
    const n = this.node();
    return n?.image ? (JSON.parse(n.image) as Omit<SystemImage, "users">) : undefined;
  }

  private user(userid: string): ImageUser | undefined {
    const row = this.sql<{ entry: string }>`SELECT entry FROM directory WHERE userid = ${userid}`[0];
    return row ? (JSON.parse(row.entry) as ImageUser) : undefined;
  }

  private volume(volser: string): { info: ImageVolume; status: VolumeStatus } | undefined {
    const row = this.sql<{
      info: string;
      status: VolumeStatus;
    }>`SELECT info, status FROM volumes WHERE volser = ${volser}`[0];
    return row ? { info: JSON.parse(row.info) as ImageVolume, status: row.status } : undefined;
  }

  private volumeStub(volser: string) {
    const n = this.node()!;
    return this.env.VOLUME.getByName(objectName(n.tenant, n.plex, volser));
  }

  private plexStub() {
    const n = this.node()!;
    return this.env.PLEX.getByName(objectName(n.tenant, n.plex));
  }

  /** Puts a CP notice on a user's console on each of `systems` that is up (here directly). */
  private async notify(userid: string, text: string, systems: string[]): Promise<void> {
    const n = this.node()!;
    const note: Note = { kind: "CP", from: "", fromSystem: n.sysname, text };
    const states: Record<string, SystemState> = systems.some((s) => s !== n.sysname)
      ? await this.plexStub().systemStates()
      : {};
    await this.deliverOn(
      systems.filter((s) => s === n.sysname || states[s] === "UP"),
      userid,
      note,
    );
  }

  /** Delivers a note to `userid` on each of `systems`: here directly, elsewhere through its node. */
  private deliverOn(systems: string[], userid: string, note: Note) {
    const n = this.node()!;
    return Promise.all(
      systems.map((s) =>
        s === n.sysname
          ? this.deliver(userid, note)
          : this.env.VMNODE.getByName(objectName(n.tenant, n.plex, s)).deliver(userid, note),
      ),
    );
  }

  private isUp(): boolean {
    return this.node()?.state === "UP";
  }

  private consoleWrite(userid: string, lines: string[]): void {
    for (const text of lines) this.sql`INSERT INTO console (userid, text) VALUES (${userid}, ${text})`;
  }

  /** Replaces the object directory (what DIRECTXA does when DirMaint pushes a new source). */
  loadDirectory(users: Record<string, ImageUser>, version: number): void {
    this.ctx.storage.transactionSync(() => {
      // An older push (raced by an IPL that read a newer directory) changes nothing.
      const current = this.sql<{ v: number }>`SELECT directory_version AS v FROM node`[0]?.v ?? 0;
      if (version < current) return;
      this.sql`UPDATE node SET directory_version = ${version}`;
      this.sql`DELETE FROM directory`;
      for (const u of Object.values(users))
        this.sql`INSERT INTO directory (userid, entry) VALUES (${u.userid}, ${JSON.stringify(u)})`;
    });
  }

  /**
   * IPL: reads the plex's SYSTEM CONFIG and directory as they are now, brings volumes online
   * (refusing XLINK volumes without a CSE area), clears this system's stale links and flags, and
   * logs on OPERATOR and AUTOLOG1.
   */
  async ipl(
    tenant: string,
    plex: string,
    sysname: string,
    opts: { clean?: boolean; volume?: string },
  ): Promise<{ ok: true; state: SystemState; lines: string[] } | NodeRefusal> {
    const existing = this.node();
    if (existing?.state === "UP" || existing?.state === "IPLING")
      return {
        ok: false,
        status: 409,
        message: `${sysname} is ${existing.state === "UP" ? "already up; shut it down first" : "being IPLed"}`,
      };
    const before: SystemState = existing?.state ?? "DOWN";
    // Claim the IPL before the first await, so a second IPL (or a LOGON) cannot interleave with it.
    this
      .sql`INSERT INTO node (id, tenant, plex, sysname, state) VALUES (1, ${tenant}, ${plex}, ${sysname}, 'IPLING')
             ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, plex = excluded.plex, sysname = excluded.sysname, state = 'IPLING'`;
    const plexStub = this.env.PLEX.getByName(objectName(tenant, plex));
    const giveUp = async (status: 404 | 409, message: string): Promise<NodeRefusal> => {
      this.sql`UPDATE node SET state = ${before}`;
      await plexStub.setState(sysname, before);
      return { ok: false, status, message };
    };
    try {
      await plexStub.setState(sysname, "IPLING");
      return await this.bringUp(plexStub, sysname, plex, opts, giveUp);
    } catch (e) {
      // A failure half-way leaves the system down, never stuck "IPLING".
      this.sql`UPDATE node SET state = 'DOWN'`;
      throw e;
    }
  }

  private async bringUp(
    plexStub: DurableObjectStub<import("./plex").Plex>,
    sysname: string,
    plex: string,
    opts: { clean?: boolean; volume?: string },
    giveUp: (status: 404 | 409, message: string) => Promise<NodeRefusal>,
  ): Promise<{ ok: true; state: SystemState; lines: string[] } | NodeRefusal> {
    const image = await plexStub.image(sysname, opts.volume);
    if (!image) return giveUp(404, `No system ${sysname} in plex ${plex}`);
    if (opts.volume && !image.volumes.some((v) => v.volser === image.iplVolume))
      return giveUp(404, `No volume ${opts.volume} in plex ${plex}`);
    const { users, ...rest } = image;
    this.ctx.storage.transactionSync(() => {
      this.sql`UPDATE node SET image = ${JSON.stringify(rest)}, directory_version = 0`;
      this.sql`DELETE FROM users`;
      this.sql`DELETE FROM vdevs`;
      this.sql`DELETE FROM volumes`;
      this.sql`DELETE FROM vreserve`;
      this.sql`DELETE FROM spool_open`;
      this.sql`DELETE FROM tape_drives`;
    });
    // Requests still waiting for a virtual reserve from before the IPL get their answer: gone.
    for (const queue of this.vwaiters.values()) for (const w of queue) w.grant(null);
    this.vwaiters.clear();
    this.loadDirectory(users, image.directoryVersion);
    const lines = [`z/VM SYSTEM ${sysname} IPL FROM ${image.iplVolume}${opts.clean ? " (CLEAN)" : ""}`];
    // A warm IPL keeps the spool; IPL CLEAN discards what this system kept for itself. Either way
    // nothing is open on this system's readers any more.
    const discarded = await plexStub.spoolIpl(sysname, opts.clean === true);
    if (opts.clean) lines.push(`${discarded} UNSHARED SPOOL FILES DISCARDED BY IPL CLEAN`);
    // Every volume: this system's old links go (an IPL resets them) and its slot is cleared.
    const checks = await Promise.all(
      image.volumes.map(async (v) => {
        // An IPL resets the system's devices: its links, flags and reserves go.
        const reset = await this.volumeStub(v.volser).resetSystem(sysname, v.xlink ? image.slot : undefined);
        return { v, formatted: !v.xlink || reset.formatted };
      }),
    );
    this.ctx.storage.transactionSync(() => {
      for (const { v, formatted } of checks) {
        // The SysRes is online whatever its CSE area: the system is running from it.
        const refused = v.system && !formatted && v.volser !== image.iplVolume;
        const status: VolumeStatus = v.system && !refused ? "SYSTEM" : "FREE";
        this
          .sql`INSERT INTO volumes (volser, info, status) VALUES (${v.volser}, ${JSON.stringify(v)}, ${status})`;
        if (refused) lines.push(formatMessage("HCPIPL9020W", { volid: v.volser }));
      }
      this.sql`UPDATE node SET state = 'UP', ipl_count = ipl_count + 1, ipl_at = ${new Date().toISOString()}`;
    });
    await plexStub.setState(sysname, "UP");
    for (const id of ["OPERATOR", "AUTOLOG1"]) {
      if (!this.user(id)) continue;
      const answer = await this.logonUser(id, { disconnected: true });
      lines.push(`AUTO LOGON  ***  ${id}    USERS = ${this.userCount()}`, ...answer.lines);
    }
    lines.push(`HCPWRP963I STARTUP COMPLETE ON ${sysname}`);
    return { ok: true, state: "UP", lines };
  }

  private userCount(): number {
    return this.sql<{ n: number }>`SELECT count(*) AS n FROM users`[0].n;
  }

  /** SHUTDOWN: every user logged off and every link released. */
  async shutdown(): Promise<{ ok: true; state: SystemState; lines: string[] } | NodeRefusal> {
    const n = this.node();
    if (!n || n.state !== "UP") return { ok: false, status: 409, message: "The system is not up" };
    const image = this.image()!;
    const userids = this.sql<{ userid: string }>`SELECT userid FROM users`.map((r) => r.userid);
    for (const id of userids) await this.logoffUser(id);
    await Promise.all(
      image.volumes.map((v) =>
        this.volumeStub(v.volser).resetSystem(n.sysname, v.xlink ? image.slot : undefined),
      ),
    );
    this.sql`UPDATE node SET state = 'DOWN'`;
    await this.plexStub().setState(n.sysname, "DOWN");
    return {
      ok: true,
      state: "DOWN",
      lines: [`SYSTEM SHUTDOWN COMPLETE`, `HCPWRP961W SYSTEM ${n.sysname} DOWN`],
    };
  }

  /** FAIL: stops at once. Links stay in the volumes' ledgers and CSE flags, as on real DASD. */
  async fail(): Promise<{ ok: true; state: SystemState; lines: string[] } | NodeRefusal> {
    const n = this.node();
    if (!n || n.state !== "UP") return { ok: false, status: 409, message: "The system is not up" };
    this.sql`UPDATE node SET state = 'FAILED'`;
    await this.plexStub().setState(n.sysname, "FAILED");
    return {
      ok: true,
      state: "FAILED",
      lines: [`SYSTEM ${n.sysname} FAILED; ITS LINKS REMAIN ON SHARED DASD`],
    };
  }

  /** LOGON with the directory password. */
  async logon(userid: string, password: string): Promise<CpAnswer | NodeRefusal> {
    if (!this.isUp()) return { ok: false, status: 409, message: "The system is not up" };
    const u = this.user(userid);
    if (!u) return msg("HCPLGA053E", { userid });
    if (!u.password || u.password === "NOLOG" || u.password.toUpperCase() !== password.toUpperCase())
      return msg("HCPLGA050E");
    const already = this.isLoggedOn(userid);
    if (already) return msg("HCPLGA054E");
    return this.logonUser(userid, { disconnected: false });
  }

  /** Logs a user on: its directory minidisks and LINK statements become devices, through the same checks as LINK. */
  private async logonUser(userid: string, opts: { disconnected: boolean }): Promise<CpAnswer> {
    const u = this.user(userid)!;
    const n = this.node()!;
    this
      .sql`INSERT OR REPLACE INTO users (userid, logged_on_at, disconnected) VALUES (${userid}, ${new Date().toISOString()}, ${opts.disconnected ? 1 : 0})`;
    const lines: string[] = [];
    // Each device reserves its vdev before it awaits its volume, so they can all go at once; the
    // answers keep the directory's order. Own minidisks first, as CP defines them before LINKs.
    const own = await Promise.all(
      u.mdisks.map((md) => this.linkMinidisk(userid, u, md, md.vdev, md.mode, undefined, true)),
    );
    const linked = await Promise.all(
      u.links.map((l) =>
        this.link(userid, { owner: l.owner, ownerVdev: l.ownerVdev, vdev: l.vdev, mode: l.mode }, true),
      ),
    );
    for (const a of [...own, ...linked]) lines.push(...a.lines);
    for (const d of u.dedicates) {
      const rdev =
        d.rdev ??
        this.sql<{ info: string }>`SELECT info FROM volumes`
          .map((r) => JSON.parse(r.info) as ImageVolume)
          .find((v) => v.volser === d.volser)?.rdev;
      const a = rdev
        ? await this.attach(rdev, userid, d.vdev)
        : msg("HCPQVD040E", { vdev: d.volser ?? d.vdev });
      if (a.rc !== 0) lines.push(...a.lines);
    }
    // An interactive LOGON tells the user what waits in its spool, as CP does before LOGON AT.
    if (!opts.disconnected) lines.push(await this.devices.filesLine(userid));
    const now = new Date();
    lines.push(
      `LOGON AT ${now.toISOString().slice(11, 19)} UTC ${now.toISOString().slice(0, 10)} ON ${n.sysname}`,
    );
    this.consoleWrite(userid, lines);
    return ok(lines);
  }

  /** Logs a user off: open output files are spooled, devices released. Answers CP's lines about the files. */
  private async logoffUser(userid: string): Promise<string[]> {
    const lines = await this.devices.closeOutput(userid);
    const devs = this.sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid}`;
    for (const d of devs) await this.release(d);
    this.sql`DELETE FROM users WHERE userid = ${userid}`;
    await this.devices.forget(userid);
    return lines;
  }

  private async release(d: VdevRow): Promise<void> {
    this.sql`DELETE FROM vdevs WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
    const heldVirtual =
      this.sql`SELECT 1 FROM vreserve WHERE userid = ${d.userid} AND vdev = ${d.vdev}`.length > 0;
    this.sql`DELETE FROM vreserve WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
    if (heldVirtual && d.owner) this.wakeVirtual(d.owner, d.owner_vdev!);
    if (d.volser && d.kind === "ATTACHED")
      await this.volumeStub(d.volser).releaseReservesOfUser(this.image()!.sysname, d.userid, d.vdev);
    if (d.volser && d.kind !== "ATTACHED") {
      const image = this.image()!;
      const v = this.volume(d.volser);
      await this.volumeStub(d.volser).detach(
        image.sysname,
        v?.info.xlink ? image.slot : undefined,
        d.userid,
        d.vdev,
        d.generation ?? undefined,
      );
    }
  }

  /** A CP command issued by a logged-on user. */
  async cp(userid: string, text: string): Promise<CpAnswer | NodeRefusal> {
    if (!this.isUp()) return { ok: false, status: 409, message: "The system is not up" };
    const u = this.user(userid);
    if (!u)
      return {
        ok: false,
        status: 404,
        message: `${userid} is not in the directory of ${this.node()!.sysname}`,
      };
    if (!this.isLoggedOn(userid))
      return { ok: false, status: 409, message: `${userid} is not logged on to ${this.node()!.sysname}` };
    const parsed = parseCommand(text, u.classes);
    const answer = parsed.ok
      ? await this.execute(userid, u, parsed.command)
      : { rc: parsed.rc, lines: parsed.lines };
    this.consoleWrite(userid, answer.lines);
    return answer;
  }

  private async execute(userid: string, u: ImageUser, c: Command): Promise<CpAnswer> {
    switch (c.verb) {
      case "LINK":
        return this.link(userid, c, false);
      case "DETACH":
        return this.detach(userid, c.vdev);
      case "LOGOFF":
        return ok([
          ...(await this.logoffUser(userid)),
          `LOGOFF AT ${new Date().toISOString().slice(11, 19)} UTC`,
        ]);
      case "DISCONNECT":
        this.sql`UPDATE users SET disconnected = 1 WHERE userid = ${userid}`;
        return ok([`DISCONNECT AT ${new Date().toISOString().slice(11, 19)} UTC`]);
      case "QUERY":
        return this.query(userid, c);
      case "FORCE":
        return this.force(c.userid, c.at);
      case "XAUTOLOG":
        return this.xautolog(c.userid, c.at);
      case "XLINK":
        return this.xlink(userid, c);
      case "ATTACH":
        return this.attach(c.rdev, c.to === "*" ? userid : c.to, c.as);
      case "VARY":
        return this.vary(c.online, c.rdevs);
      case "MESSAGE":
        return this.message(userid, c);
      case "SPOOL": {
        const to = c.options.to;
        if (to !== undefined && to !== "*" && to !== "SYSTEM" && to !== "OFF" && !this.user(to))
          return msg("HCPSPL053E", { userid: to });
        return this.devices.spool(userid, c);
      }
      case "CLOSE":
        return this.devices.close(userid, c);
      case "PURGE":
      case "CHANGE":
      case "TRANSFER":
      case "ORDER":
        return this.fileAction(userid, u, c);
      case "SPXTAPE":
        return this.spxtape(userid, u, c);
      case "SET":
        this.sql`UPDATE users SET msg = CASE WHEN ${c.what} = 'MSG' THEN ${c.on ? 1 : 0} ELSE msg END,
                                  smsg = CASE WHEN ${c.what} = 'SMSG' THEN ${c.on ? 1 : 0} ELSE smsg END,
                                  wng = CASE WHEN ${c.what} = 'WNG' THEN ${c.on ? 1 : 0} ELSE wng END
                 WHERE userid = ${userid}`;
        return ok();
      case "DETACH_REAL":
        return this.detachReal(c.rdev);
    }
  }

  /**
   * MSG, MSGNOH, SMSG, WARNING: to a user here, on the system AT names, on every system (AT ALL), or,
   * without AT, wherever the user is logged on when it is not logged on here.
   */
  private async message(from: string, c: Extract<Command, { verb: "MESSAGE" }>): Promise<CpAnswer> {
    const n = this.node()!;
    const to = c.to === "*" ? from : c.to;
    const note: Note = { kind: c.kind, from, fromSystem: n.sysname, text: c.text };
    const needStates = (c.at !== undefined && c.at !== n.sysname) || !this.isLoggedOn(to);
    const states: Record<string, SystemState> = needStates ? await this.plexStub().systemStates() : {};
    let targets: string[];
    if (c.at === "ALL") targets = Object.keys(states).filter((s) => states[s] === "UP");
    else if (c.at) {
      if (c.at !== n.sysname && !(c.at in states)) return msg("HCPCSE9031E", { sysname: c.at });
      if (c.at !== n.sysname && states[c.at] !== "UP") return msg("HCPCSE9030E", { sysname: c.at });
      targets = [c.at];
    } else if (this.isLoggedOn(to)) targets = [n.sysname];
    else targets = Object.keys(states).filter((s) => states[s] === "UP" && s !== n.sysname);
    const answers = await this.deliverOn(targets, to, note);
    if (answers.some((a) => a === "delivered")) return ok();
    const off = answers.find((a) => a !== "not logged on");
    if (off) return msg("HCPMSG057I", { userid: to, what: off });
    return msg("HCPMSG045E", { userid: to });
  }

  private isLoggedOn(userid: string): boolean {
    return this.sql`SELECT 1 FROM users WHERE userid = ${userid}`.length > 0;
  }

  /** Puts a message on a user's console here, if the user is logged on and takes that kind. */
  deliver(userid: string, note: Note): "delivered" | "not logged on" | "MSG" | "SMSG" | "WNG" {
    if (!this.isUp()) return "not logged on";
    const u = this.sql<{
      msg: number;
      smsg: number;
      wng: number;
    }>`SELECT msg, smsg, wng FROM users WHERE userid = ${userid}`[0];
    if (!u) return "not logged on";
    if ((note.kind === "MSG" || note.kind === "MSGNOH") && !u.msg) return "MSG";
    if (note.kind === "SMSG" && !u.smsg) return "SMSG";
    if (note.kind === "WARNING" && !u.wng) return "WNG";
    if (note.kind === "CP") {
      this.consoleWrite(userid, [note.text]);
      return "delivered";
    }
    const here = this.node()!.sysname;
    const sender = `${note.from.padEnd(8)}${note.fromSystem !== here ? ` AT ${note.fromSystem}` : ""}`;
    const line =
      note.kind === "MSGNOH"
        ? note.text
        : `${note.kind === "WARNING" ? "WNG" : note.kind} FROM ${sender}: ${note.text}`;
    this.consoleWrite(userid, [line]);
    return "delivered";
  }

  /**
   * Why a data route (punch, print, read, tape mount) cannot serve `userid` here, if it cannot:
   * the system is down (409), the user is not in its directory (404) or, when `logon`, not logged on (409).
   */
  private dataRefusal(userid: string, logon: boolean): NodeRefusal | undefined {
    if (!this.isUp()) return { ok: false, status: 409, message: "The system is not up" };
    if (!this.user(userid))
      return { ok: false, status: 404, message: `${userid} is not in the directory of this system` };
    if (logon && !this.isLoggedOn(userid))
      return { ok: false, status: 409, message: `${userid} is not logged on to ${this.node()!.sysname}` };
    return undefined;
  }

  /**
   * PURGE, CHANGE, TRANSFER, ORDER: planned and applied by the Plex over the spool this system
   * sees; new owners are told on every system that sees their files. Class D may name any user.
   */
  private async fileAction(userid: string, u: ImageUser, c: FileAction): Promise<CpAnswer> {
    const operator = allows(u.classes, "D");
    if (c.user !== undefined && !operator) return msg("HCPCFC026E");
    if (c.verb === "TRANSFER" && !this.user(c.to)) return msg("HCPLNM053E", { userid: c.to });
    const owner = c.user === "ALL" ? undefined : (c.user ?? userid);
    const n = this.node()!;
    const done = await this.plexStub().spoolAction(n.sysname, userid, owner, c);
    for (const note of done.notices) await this.notify(note.userid, note.text, note.systems);
    return { rc: done.rc, lines: done.lines };
  }

  /** SPXTAPE DUMP, LOAD, SCAN on the tape mounted on the user's drive; class G only its own files. */
  private async spxtape(
    userid: string,
    u: ImageUser,
    c: Extract<Command, { verb: "SPXTAPE" }>,
  ): Promise<CpAnswer> {
    const volser = this.devices.tapeOn(userid, c.vdev);
    if (!volser) return msg("HCPSPX040E", { vdev: c.vdev });
    const operator = allows(u.classes, "D");
    if (!operator && c.select.user !== undefined && c.select.user !== userid)
      return msg("HCPSPX9062E", { userid });
    const select = operator ? c.select : { ...c.select, user: userid };
    const n = this.node()!;
    const done = await this.plexStub().spxtape(n.sysname, userid, operator, volser, { ...c, select });
    return { rc: done.rc, lines: done.lines };
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
  ): Promise<{ ok: true; rc: number; lines: string[]; spoolid: string | null } | NodeRefusal | DataRefusal> {
    const refused = this.dataRefusal(userid, true);
    if (refused) return refused;
    const r = await this.devices.write(userid, device, records, file);
    if (r.ok) this.consoleWrite(userid, r.lines);
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
  ): Promise<
    | {
        ok: true;
        spoolid: string;
        from: string;
        name: string;
        type: string;
        encoding: RecordEncoding;
        records: string[];
      }
    | NodeRefusal
  > {
    const refused = this.dataRefusal(userid, opts.open);
    if (refused) return refused;
    const n = this.node()!;
    const r = await this.plexStub().spoolRead(n.sysname, userid, {
      spoolid: opts.spoolid,
      open: opts.open,
      readerClass: this.devices.settings(userid).RDR.cls,
    });
    if (!r.ok) return { ok: false, status: r.status === 404 ? 404 : 409, message: r.message };
    // A LOGOFF that finished while the Plex opened the file: the lock must not outlive the session.
    if (opts.open && !this.isLoggedOn(userid)) {
      await this.plexStub().spoolRelease(n.sysname, userid);
      return { ok: false, status: 409, message: `${userid} logged off from ${n.sysname}` };
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

  /** Mounts a plex tape on a tape drive of a logged-on user, for SPXTAPE. */
  async mountTape(userid: string, vdev: string, volser: string): Promise<CpAnswer | NodeRefusal> {
    if (!this.isUp()) return { ok: false, status: 409, message: "The system is not up" };
    if (!this.isLoggedOn(userid))
      return { ok: false, status: 409, message: `${userid} is not logged on to ${this.node()!.sysname}` };
    const d = this.sql`SELECT 1 FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev}`;
    if (d.length > 0) return msg("HCPATT9041E", { vdev });
    await this.plexStub().tapeScratch(volser);
    const lines = this.devices.mount(userid, vdev, volser);
    this.consoleWrite(userid, lines);
    return ok(lines);
  }

  /** LINK: password and device checks here, the conflict decision in the volume's object. */
  private async link(
    userid: string,
    c: { owner: string; ownerVdev: string; vdev: string; mode?: string; password?: string },
    fromDirectory: boolean,
  ): Promise<CpAnswer> {
    const ownerId = c.owner === "*" ? userid : c.owner.toUpperCase();
    const owner = this.user(ownerId);
    if (!owner) return msg("HCPLNM053E", { userid: ownerId });
    const md = owner.mdisks.find((m) => m.vdev === c.ownerVdev);
    if (!md) return msg("HCPLNM107E", { userid: ownerId, vdev: c.ownerVdev });
    const isOwner = ownerId === userid;
    const modeText = c.mode ?? (isOwner ? md.mode : "R");
    if (!fromDirectory && !isOwner) {
      const need = passwordFor(modeText, md);
      if ("missing" in need) return msg(need.missing, { userid: ownerId, vdev: c.ownerVdev });
      if (need.password !== "ALL" && (c.password ?? "").toUpperCase() !== need.password)
        return msg("HCPLNM114E", { userid: ownerId, vdev: c.ownerVdev });
    }
    return this.linkMinidisk(userid, owner, md, c.vdev, modeText, ownerId, fromDirectory);
  }

  private async linkMinidisk(
    userid: string,
    owner: ImageUser,
    md: MdiskDef,
    vdev: string,
    modeText: string,
    ownerId = owner.userid,
    _fromDirectory = false,
  ): Promise<CpAnswer> {
    const image = this.image()!;
    const parsedMode = parseLinkMode(modeText);
    if (!parsedMode) return msg("HCPCFC026E");
    if (md.kind !== "extent" || md.volser === undefined || md.start === undefined) return ok([]); // T-DISK, V-DISK and DEVNO minidisks are local and not modelled for links yet
    const vol = this.volume(md.volser);
    if (!vol || vol.status !== "SYSTEM")
      return msg("HCPLNM108E", { userid: ownerId, vdev: md.vdev, volid: md.volser });
    // Reserve vdev2 before awaiting the volume, so a second LINK to the same vdev sees it taken.
    const taken = this.sql`SELECT 1 FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev}`.length > 0;
    if (taken) return msg("HCPLNM110E", { userid: ownerId, vdev: md.vdev, vdev2: vdev });
    const count = md.count ?? vol.info.cylinders - md.start;
    const end = md.start + Math.max(count, 1) - 1;
    if (end >= vol.info.cylinders)
      return msg("HCPLNM9003E", {
        userid: ownerId,
        vdev: md.vdev,
        volid: md.volser,
        cylinders: vol.info.cylinders,
      });
    const token = crypto.randomUUID();
    this
      .sql`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", pending, token) VALUES (${userid}, ${vdev}, 'LINK', ${ownerId}, ${md.vdev}, ${md.volser}, ${md.start}, ${end}, 1, ${token})`;
    const req: LinkRequest = {
      system: image.sysname,
      slot: vol.info.xlink ? image.slot : undefined,
      slotNames: image.slotNames,
      userid,
      vdev,
      owner: ownerId,
      ownerVdev: md.vdev,
      start: md.start,
      end,
      mode: parsedMode.mode,
      virtualReserve: parsedMode.virtualReserve,
    };
    let outcome: { decision: LinkDecision; link?: { generation: number } };
    try {
      outcome = await this.volumeStub(md.volser).link(req);
    } catch (e) {
      this.sql`DELETE FROM vdevs WHERE token = ${token}`;
      throw e;
    }
    const d = outcome.decision;
    if (!d.granted) {
      this.sql`DELETE FROM vdevs WHERE token = ${token}`;
      return { rc: rcOf(d.error.id), lines: [fromDecision(d.error)] };
    }
    const generation = outcome.link!.generation;
    // The reservation may be gone (LOGOFF or IPL while the volume decided): give the grant back.
    if (this.sql`SELECT 1 FROM vdevs WHERE token = ${token}`.length === 0) {
      await this.volumeStub(md.volser).detach(image.sysname, req.slot, userid, vdev, generation);
      return msg("HCPDTV040E", { vdev });
    }
    this
      .sql`UPDATE vdevs SET access = ${d.access}, generation = ${generation}, pending = 0 WHERE token = ${token}`;
    const lines = d.warning ? [fromDecision(d.warning)] : [];
    if (parsedMode.virtualReserve && vol.info.xlink) lines.push(formatMessage("HCPLNM9001I", { vdev }));
    return { rc: d.warning ? rcOf(d.warning.id) : 0, lines };
  }

  private volumeByRdev(rdev: string): { info: ImageVolume; status: VolumeStatus } | undefined {
    const want = rdev.toUpperCase().padStart(4, "0");
    return this.sql<{ info: string; status: VolumeStatus }>`SELECT info, status FROM volumes`
      .map((r) => ({ info: JSON.parse(r.info) as ImageVolume, status: r.status }))
      .find((v) => v.info.rdev === want);
  }

  /** ATTACH rdev TO userid [AS vdev] (dedicated, R/W), or TO SYSTEM (for minidisks; an XLINK volume needs its CSE area). */
  private async attach(rdev: string, to: string, as: string | undefined): Promise<CpAnswer> {
    const v = this.volumeByRdev(rdev);
    if (!v) return msg("HCPQVD040E", { vdev: rdev });
    const holder = this.sql<{
      userid: string;
    }>`SELECT userid FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
    if (holder) return msg("HCPATT9040E", { rdev, reason: `already attached to ${holder.userid}` });
    if (to.toUpperCase() === "SYSTEM") {
      if (v.info.xlink && !(await this.volumeStub(v.info.volser).formatted()))
        return { rc: rcOf("HCPIPL9020W"), lines: [formatMessage("HCPIPL9020W", { volid: v.info.volser })] };
      this.sql`UPDATE volumes SET status = 'SYSTEM' WHERE volser = ${v.info.volser}`;
      return ok(deviceAttached(v.info.rdev!, "SYSTEM", v.info.volser));
    }
    if (v.status === "SYSTEM")
      return msg("HCPATT9040E", { rdev, reason: `in use by SYSTEM ${v.info.volser}` });
    const target = to.toUpperCase();
    if (!this.isLoggedOn(target)) return msg("HCPCQU045E", { userid: target });
    const vdev = (as ?? rdev).toUpperCase().padStart(4, "0");
    if (this.sql`SELECT 1 FROM vdevs WHERE userid = ${target} AND vdev = ${vdev}`.length > 0)
      return msg("HCPATT9040E", { rdev, reason: `${vdev} already defined for ${target}` });
    this.sql`INSERT INTO vdevs (userid, vdev, kind, volser, start, "end", access, generation, pending)
             VALUES (${target}, ${vdev}, 'ATTACHED', ${v.info.volser}, 0, ${v.info.cylinders - 1}, 'W', 0, 0)`;
    return ok(deviceAttached(v.info.rdev!, target, vdev));
  }

  /** VARY ONLINE/OFFLINE rdev: an offline volume serves no minidisks; online ones return as they were at IPL. */
  private async vary(online: boolean, rdevs: string[]): Promise<CpAnswer> {
    const lines: string[] = [];
    for (const rdev of rdevs) {
      const v = this.volumeByRdev(rdev);
      if (!v) {
        lines.push(formatMessage("HCPQVD040E", { vdev: rdev }));
        continue;
      }
      if (!online && this.sql`SELECT 1 FROM vdevs WHERE volser = ${v.info.volser}`.length > 0) {
        lines.push(formatMessage("HCPATT9040E", { rdev, reason: `in use: ${v.info.volser} has links` }));
        continue;
      }
      const formatted = !v.info.xlink || (await this.volumeStub(v.info.volser).formatted());
      const status: VolumeStatus = online && formatted ? "SYSTEM" : "FREE";
      this.sql`UPDATE volumes SET status = ${status} WHERE volser = ${v.info.volser}`;
      lines.push(`${rdev} varied ${online ? "online" : "offline"}`);
    }
    const failed = lines.find((l) => l.startsWith("HCP"));
    return { rc: failed ? rcOf(failed.slice(0, failed.indexOf(" "))) : 0, lines };
  }

  /** DETACH rdev (class B): frees a dedicated volume, or takes it from SYSTEM when no minidisk is linked on it. */
  private async detachReal(rdev: string): Promise<CpAnswer> {
    const v = this.volumeByRdev(rdev);
    if (!v) return msg("HCPQVD040E", { vdev: rdev });
    const att = this
      .sql<VdevRow>`SELECT * FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
    if (att) {
      await this.release(att);
      return ok([`DASD ${rdev} DETACHED ${att.userid} ${att.vdev}`]);
    }
    if (this.sql`SELECT 1 FROM vdevs WHERE volser = ${v.info.volser}`.length > 0)
      return msg("HCPATT9040E", { rdev, reason: `in use: minidisks on ${v.info.volser} are linked` });
    this.sql`UPDATE volumes SET status = 'FREE' WHERE volser = ${v.info.volser}`;
    return ok([`DASD ${rdev} DETACHED SYSTEM ${v.info.volser}`]);
  }

  private async detach(userid: string, vdev: string): Promise<CpAnswer> {
    if (this.devices.detachTape(userid, vdev)) return ok(deviceDetached(vdev));
    const d = this.sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev}`[0];
    if (!d || d.pending) return msg("HCPDTV040E", { vdev });
    await this.release(d);
    return ok(deviceDetached(vdev));
  }

  private async query(userid: string, c: Extract<Command, { verb: "QUERY" }>): Promise<CpAnswer> {
    const n = this.node()!;
    switch (c.what) {
      case "USERID":
        return ok(queryUserid(userid, n.sysname));
      case "NAMES":
      case "USERS": {
        const found = await this.namesAt(c.at);
        if ("rc" in found) return found;
        const { names, unreachable } = found;
        return ok([
          ...(c.what === "USERS" ? queryUsers(names.length) : queryNames(names, { at: c.at })),
          ...unreachable.map((sysname) => formatMessage("HCPCSE9032I", { sysname })),
        ]);
      }
      case "USER": {
        const target = c.userid!;
        const names = await this.namesAt(c.at);
        if ("rc" in names) return names;
        const found = names.names.filter((x) => x.userid === target);
        if (found.length === 0) return msg("HCPCQU045E", { userid: target });
        return ok(found.flatMap((x) => queryUser(x.userid, x.terminal)));
      }
      case "VIRTUAL_DASD": {
        const devs = this
          .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND pending = 0 ORDER BY vdev`.filter(
          (d) => c.vdev === undefined || d.vdev === c.vdev,
        );
        if (c.vdev !== undefined && devs.length === 0) return msg("HCPQVD040E", { vdev: c.vdev });
        return ok(
          queryVirtualDasd(
            devs.map((d) => {
              const v = d.volser ? this.volume(d.volser) : undefined;
              return {
                vdev: d.vdev,
                devtype: (v?.info.devtype ?? "3390").slice(0, 4),
                volser: d.volser ?? "",
                access: d.access === "W" || d.access === "SW" || d.access === "EW" ? "R/W" : "R/O",
                cylinders: (d.end ?? 0) - (d.start ?? 0) + 1,
                rdev: v?.info.rdev,
                dedicated: d.kind === "ATTACHED",
              };
            }),
          ),
        );
      }
      case "TIME": {
        const since = this.sql<{
          logged_on_at: string;
        }>`SELECT logged_on_at FROM users WHERE userid = ${userid}`[0];
        const now = new Date();
        return ok(
          queryTime(now, {
            connectSeconds: (now.getTime() - Date.parse(since?.logged_on_at ?? now.toISOString())) / 1000,
          }),
        );
      }
      case "CPLEVEL": {
        const at = this.sql<{ ipl_at: string | null }>`SELECT ipl_at FROM node`[0]?.ipl_at;
        return ok(queryCplevel(CP_LEVEL, new Date(CP_GENERATED), new Date(at ?? Date.now())));
      }
      case "LINKS":
      case "MDISK": {
        // Links to one of the issuer's own minidisks, as this system knows them (CSE keeps no remote userids).
        const vdev = c.vdev!;
        const mine = this.user(userid)?.mdisks.find((m) => m.vdev === vdev);
        if (!mine) return msg("HCPQVD040E", { vdev });
        const rows = this
          .sql<VdevRow>`SELECT * FROM vdevs WHERE owner = ${userid} AND owner_vdev = ${vdev} AND pending = 0 ORDER BY userid, vdev`;
        if (c.what === "MDISK")
          return ok([
            `DASD ${vdev} ${mine.devtype} ${mine.volser ?? ""} ${mine.start ?? ""} ${mine.count ?? "END"} ${mine.mode}`.replace(
              / +/g,
              " ",
            ),
          ]);
        return ok(
          rows.map(
            (r) =>
              `${r.userid.padEnd(8)} ${r.vdev} ${r.access === "R" || r.access === "SR" || r.access === "ER" ? "R/O" : "R/W"}`,
          ),
        );
      }
      case "FILES":
        return this.devices.query(userid, c);
      case "DASD": {
        const vols = this.sql<{ info: string; status: VolumeStatus }>`SELECT info, status FROM volumes`.map(
          (r) => ({
            info: JSON.parse(r.info) as ImageVolume,
            status: r.status,
          }),
        );
        const users = (volser: string) =>
          this.sql`SELECT 1 FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'`.length;
        const owned = new Set(this.image()!.cpOwned);
        return ok(
          queryDasd(
            vols
              .filter((v) => v.info.rdev && (v.status === "SYSTEM" || owned.has(v.info.volser)))
              .map((v) => ({
                rdev: v.info.rdev!,
                volser: v.info.volser,
                state: owned.has(v.info.volser) ? ("OWNED" as const) : ("SYSTEM" as const),
                users: users(v.info.volser),
              })),
          ),
        );
      }
      default:
        return msg("HCPCQV003E", { option: c.what });
    }
  }

  /** Users logged on here, for QUERY NAMES (also asked by other systems for AT ALL). */
  localNames(): { userid: string; terminal: string; system: string }[] {
    const n = this.node();
    if (!n || n.state !== "UP") return [];
    return this.sql<{
      userid: string;
      disconnected: number;
    }>`SELECT userid, disconnected FROM users ORDER BY userid`.map((r) => ({
      userid: r.userid,
      terminal: r.disconnected ? "DSC" : "0009",
      system: n.sysname,
    }));
  }

  /**
   * The users of this system, of system `at`, or of every UP system (AT ALL), with the systems
   * that could not be asked because they are not up: CP leaves them out and says so.
   */
  private async namesAt(
    at: string | undefined,
  ): Promise<
    { names: { userid: string; terminal: string; system: string }[]; unreachable: string[] } | CpAnswer
  > {
    const n = this.node()!;
    const image = this.image()!;
    if (!at || at === n.sysname) return { names: this.localNames(), unreachable: [] };
    if (at !== "ALL" && !image.systems.includes(at)) return msg("HCPCSE9031E", { sysname: at });
    const states = await this.plexStub().systemStates();
    if (at !== "ALL" && states[at] !== "UP") return msg("HCPCSE9030E", { sysname: at });
    const targets = at === "ALL" ? image.systems.filter((s) => s === n.sysname || states[s] === "UP") : [at];
    const lists = await Promise.all(
      targets.map((s) =>
        s === n.sysname
          ? this.localNames()
          : this.env.VMNODE.getByName(objectName(n.tenant, n.plex, s)).localNames(),
      ),
    );
    return { names: lists.flat(), unreachable: image.systems.filter((s) => !targets.includes(s)) };
  }

  /** The node of system `at` when it is up, or the CP error that says why it cannot be reached. */
  // A stub is a proxy that answers every property, so the result is wrapped rather than tested with `in`.
  private async upNode(at: string): Promise<{ node: DurableObjectStub<VmNode> } | { error: CpAnswer }> {
    const n = this.node()!;
    const states = await this.plexStub().systemStates();
    if (!(at in states)) return { error: msg("HCPCSE9031E", { sysname: at }) };
    if (states[at] !== "UP") return { error: msg("HCPCSE9030E", { sysname: at }) };
    return { node: this.env.VMNODE.getByName(objectName(n.tenant, n.plex, at)) };
  }

  private async force(target: string, at: string | undefined): Promise<CpAnswer> {
    if (!at || at === this.node()!.sysname) return this.forceLocal(target);
    const up = await this.upNode(at);
    return "error" in up ? up.error : up.node.forceLocal(target);
  }

  /** FORCE of a user logged on here. */
  async forceLocal(target: string): Promise<CpAnswer> {
    if (!this.isLoggedOn(target)) return msg("HCPCQU045E", { userid: target });
    await this.logoffUser(target);
    return ok([`USER ${target.padEnd(8)} FORCED BY SYSTEM`]);
  }

  private async xautolog(target: string, at: string | undefined): Promise<CpAnswer> {
    if (!at || at === this.node()!.sysname) return this.xautologLocal(target);
    const up = await this.upNode(at);
    return "error" in up ? up.error : up.node.xautologLocal(target);
  }

  /** XAUTOLOG of a user onto this system, disconnected. */
  async xautologLocal(target: string): Promise<CpAnswer> {
    if (!this.user(target)) return msg("HCPLNM053E", { userid: target });
    if (this.isLoggedOn(target)) return msg("HCPLGA054E");
    const a = await this.logonUser(target, { disconnected: true });
    return ok([...a.lines, `Command complete`]);
  }

  private async xlink(userid: string, c: Extract<Command, { verb: "XLINK" }>): Promise<CpAnswer> {
    const image = this.image()!;
    switch (c.sub) {
      case "CHECK": {
        const v = this.volume(c.volid);
        if (!v || !v.info.xlink) return msg("HCPXXL9012E", { volid: c.volid });
        const formatted = await this.volumeStub(c.volid).formatted();
        if (!formatted) return msg("HCPXXL9013E", { volid: c.volid });
        return ok(xlinkCheck(c.volid));
      }
      case "FORMAT":
      case "DISPLAY": {
        const d = this
          .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND vdev = ${c.vdev} AND pending = 0`[0];
        if (!d || !d.volser) return msg("HCPQVD040E", { vdev: c.vdev });
        const v = this.volume(d.volser)!;
        if (c.sub === "FORMAT") {
          if (d.volser !== c.volid)
            return msg("HCPXXL9010E", { vdev: c.vdev, label: d.volser, volid: c.volid });
          if (!(d.access === "W" || d.access === "SW" || d.access === "EW"))
            return msg("HCPXXL9011E", { vdev: c.vdev });
          if (!(await this.volumeStub(d.volser).format(userid, image.sysname, new Date().toISOString())))
            return msg("HCPXXL9016E", { volid: c.volid });
          return ok([`XLINK FORMAT of ${c.volid} complete: CSE area at cylinder ${v.info.cseCylinder}`]);
        }
        if (c.cyl !== undefined && c.cyl >= v.info.cylinders) return msg("HCPCFC026E");
        const stub = this.volumeStub(d.volser);
        const vars = await stub.formattedVars();
        if (!vars) return msg("HCPXXL9013E", { volid: d.volser });
        const lines: string[] = [];
        if (!v.info.xlink) lines.push(formatMessage("HCPXXL2867I", { volid: d.volser }));
        lines.push(formatMessage("HCPXXL2876I", vars));
        lines.push(...((await stub.display(image.slotNames, { start: c.cyl, noHeader: c.noHeader })) ?? []));
        return ok(lines);
      }
      case "RESET": {
        const slot = Object.entries(image.slotNames).find(([, name]) => name === c.sysname)?.[0];
        if (!slot) return msg("HCPXXL9014E", { sysname: c.sysname });
        // Clearing a running system's flags would let another system write over its links.
        const n = this.node()!;
        const state = (await this.plexStub().systemStates())[c.sysname];
        if (state === "UP" || state === "IPLING") return msg("HCPXXL9017E", { sysname: c.sysname });
        const vols = image.volumes.filter((v) => v.xlink && (c.volid === "ALL" || v.volser === c.volid));
        const done = await Promise.all(vols.map((v) => this.volumeStub(v.volser).resetSlot(Number(slot))));
        return ok([formatMessage("HCPXXL9015I", { sysname: c.sysname, count: done.filter(Boolean).length })]);
      }
      default:
        return msg("HCPCFC026E");
    }
  }

  /** Console lines of a user after sequence number `after`. */
  console(
    userid: string,
    after: number,
  ): { lines: { seq: number; text: string }[]; next: number } | NodeRefusal {
    if (!this.user(userid))
      return { ok: false, status: 404, message: `${userid} is not in the directory of this system` };
    const lines = this.sql<{
      seq: number;
      text: string;
    }>`SELECT seq, text FROM console WHERE userid = ${userid} AND seq > ${after} ORDER BY seq LIMIT 1000`;
    return { lines, next: lines.length ? lines[lines.length - 1].seq : after };
  }

  /** Virtual RESERVEs waiting on this system, by minidisk, in arrival order. */
  private vwaiters = new Map<string, { userid: string; vdev: string; grant: (g: number | null) => void }[]>();

  private nextVirtualGeneration(): number {
    const g = this.sql<{ g: number }>`SELECT next_vgen AS g FROM node`[0]?.g ?? 1;
    this.sql`UPDATE node SET next_vgen = ${g + 1}`;
    return g;
  }

  /** Gives a free virtual reserve to the first waiter still holding its device. */
  private wakeVirtual(owner: string, ownerVdev: string): void {
    const key = `${owner} ${ownerVdev}`;
    if (this.sql`SELECT 1 FROM vreserve WHERE owner = ${owner} AND owner_vdev = ${ownerVdev}`.length > 0)
      return;
    const queue = this.vwaiters.get(key) ?? [];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (this.sql`SELECT 1 FROM vdevs WHERE userid = ${next.userid} AND vdev = ${next.vdev}`.length === 0) {
        next.grant(null);
        continue;
      }
      const generation = this.nextVirtualGeneration();
      this
        .sql`INSERT INTO vreserve (owner, owner_vdev, userid, vdev, generation) VALUES (${owner}, ${ownerVdev}, ${next.userid}, ${next.vdev}, ${generation})`;
      next.grant(generation);
      return;
    }
  }

  private device(userid: string, vdev: string): VdevRow | DeviceRefusal {
    if (!this.isUp()) return { ok: false, status: 409, code: "SYSTEM_DOWN", message: "The system is not up" };
    if (!this.isLoggedOn(userid))
      return {
        ok: false,
        status: 409,
        code: "NOT_LOGGED_ON",
        message: `${userid} is not logged on to ${this.node()!.sysname}`,
      };
    const d = this
      .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev} AND pending = 0`[0];
    if (!d || !d.volser)
      return { ok: false, status: 404, code: "NO_DEVICE", message: `${userid} has no DASD ${vdev}` };
    return d;
  }

  private virtualReserveAllowed(d: VdevRow): boolean {
    const md = d.owner ? this.user(d.owner)?.mdisks.find((m) => m.vdev === d.owner_vdev) : undefined;
    return !!md && /V$/.test(md.mode.toUpperCase());
  }

  /**
   * RESERVE by a guest on one of its devices: a hardware reserve on a dedicated volume (serialised
   * across the plex by the volume), or a virtual reserve on a minidisk whose MDISK mode has V
   * (among this system's guests only). With `wait`, queued in order until the holder releases.
   */
  async reserveDevice(
    userid: string,
    vdev: string,
    wait: boolean,
  ): Promise<{ ok: true; generation: number; kind: "hardware" | "virtual" } | DeviceRefusal> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    const sysname = this.node()!.sysname;
    if (d.kind === "ATTACHED") {
      const a = await this.volumeStub(d.volser!).reserve({ system: sysname, userid, vdev }, wait);
      if (a.granted) return { ok: true, generation: a.generation, kind: "hardware" };
      return reservedBy(vdev, a.holder, sysname);
    }
    if (!this.virtualReserveAllowed(d))
      return {
        ok: false,
        status: 409,
        code: "NOT_RESERVABLE",
        message: `${d.owner} ${d.owner_vdev} is not defined for virtual reserve/release (its MDISK mode has no V)`,
      };
    const held = this.sql<{
      userid: string;
      vdev: string;
      generation: number;
    }>`SELECT userid, vdev, generation FROM vreserve WHERE owner = ${d.owner} AND owner_vdev = ${d.owner_vdev}`[0];
    if (held && held.userid === userid && held.vdev === vdev)
      return { ok: true, generation: held.generation, kind: "virtual" };
    if (!held) {
      const generation = this.nextVirtualGeneration();
      this
        .sql`INSERT INTO vreserve (owner, owner_vdev, userid, vdev, generation) VALUES (${d.owner}, ${d.owner_vdev}, ${userid}, ${vdev}, ${generation})`;
      return { ok: true, generation, kind: "virtual" };
    }
    if (!wait) return reservedBy(vdev, { system: sysname, ...held }, sysname);
    const key = `${d.owner} ${d.owner_vdev}`;
    const generation = await new Promise<number | null>((grant) =>
      this.vwaiters.set(key, [...(this.vwaiters.get(key) ?? []), { userid, vdev, grant }]),
    );
    if (generation === null)
      return {
        ok: false,
        status: 409,
        code: "NO_DEVICE",
        message: `DASD ${vdev} was detached while waiting`,
      };
    return { ok: true, generation, kind: "virtual" };
  }

  /** RELEASE by a guest; with `generation`, a stale one (an older grant) is refused and changes nothing. */
  async releaseDevice(
    userid: string,
    vdev: string,
    generation?: number,
  ): Promise<{ ok: true } | DeviceRefusal> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    const sysname = this.node()!.sysname;
    if (d.kind === "ATTACHED") {
      const r = await this.volumeStub(d.volser!).release({ system: sysname, userid, vdev }, generation);
      if (r.ok) return { ok: true };
      return {
        ok: false,
        status: 409,
        code: "STALE_RELEASE",
        message: `DASD ${vdev}: release refused, this guest does not hold that reserve (generation ${generation ?? "none"})`,
        holder: r.holder,
      };
    }
    const held = this.sql<{
      userid: string;
      vdev: string;
      generation: number;
    }>`SELECT userid, vdev, generation FROM vreserve WHERE owner = ${d.owner} AND owner_vdev = ${d.owner_vdev}`[0];
    if (
      !held ||
      held.userid !== userid ||
      held.vdev !== vdev ||
      (generation !== undefined && generation !== held.generation)
    )
      return {
        ok: false,
        status: 409,
        code: "STALE_RELEASE",
        message: `DASD ${vdev}: release refused, this guest does not hold that reserve`,
      };
    this.sql`DELETE FROM vreserve WHERE owner = ${d.owner} AND owner_vdev = ${d.owner_vdev}`;
    this.wakeVirtual(d.owner!, d.owner_vdev!);
    return { ok: true };
  }

  private ioTarget(
    d: VdevRow,
    userid: string,
  ): { area: { owner: string; ownerVdev: string }; hardware: boolean; blockedBy?: string } {
    if (d.kind === "ATTACHED") return { area: { owner: "", ownerVdev: "" }, hardware: true };
    const held = this.sql<{
      userid: string;
    }>`SELECT userid FROM vreserve WHERE owner = ${d.owner} AND owner_vdev = ${d.owner_vdev}`[0];
    return {
      area: { owner: d.owner!, ownerVdev: d.owner_vdev! },
      hardware: false,
      blockedBy: held && held.userid !== userid ? held.userid : undefined,
    };
  }

  /** Writes numbered records to a device, refused while another guest holds its reserve. */
  async writeDevice(
    userid: string,
    vdev: string,
    records: { n: number; data: string }[],
  ): Promise<{ ok: true; written: number } | DeviceRefusal> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    if (!(d.access === "W" || d.access === "SW" || d.access === "EW"))
      return { ok: false, status: 409, code: "READ_ONLY", message: `DASD ${vdev} is linked R/O` };
    const t = this.ioTarget(d, userid);
    const sysname = this.node()!.sysname;
    if (t.blockedBy) return reservedBy(vdev, { system: sysname, userid: t.blockedBy }, sysname);
    const r = await this.volumeStub(d.volser!).write(
      { system: sysname, userid, vdev },
      t.area,
      records,
      t.hardware,
    );
    if (!r.ok) return reservedBy(vdev, r.holder, sysname);
    return { ok: true, written: records.length };
  }

  /** Reads numbered records from a device, refused while another guest holds its reserve. */
  async readDevice(
    userid: string,
    vdev: string,
    from: number,
    count: number,
  ): Promise<{ ok: true; records: { n: number; data: string }[] } | DeviceRefusal> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    const t = this.ioTarget(d, userid);
    const sysname = this.node()!.sysname;
    if (t.blockedBy) return reservedBy(vdev, { system: sysname, userid: t.blockedBy }, sysname);
    const r = await this.volumeStub(d.volser!).read(
      { system: sysname, userid, vdev },
      t.area,
      from,
      count,
      t.hardware,
    );
    if (!r.ok) return reservedBy(vdev, r.holder, sysname);
    return { ok: true, records: r.records };
  }

  /** The operator's break-reserve (class B): takes a dedicated volume's reserve from whoever holds it, e.g. a failed system. */
  async breakReserve(userid: string, rdev: string): Promise<{ ok: true; broke: unknown } | DeviceRefusal> {
    if (!this.isUp()) return { ok: false, status: 409, code: "SYSTEM_DOWN", message: "The system is not up" };
    const u = this.user(userid);
    if (!u || !this.isLoggedOn(userid))
      return { ok: false, status: 409, code: "NOT_LOGGED_ON", message: `${userid} is not logged on` };
    if (!/B/.test(u.classes))
      return {
        ok: false,
        status: 409,
        code: "NOT_AUTHORIZED",
        message: `${userid} needs privilege class B to break a reserve`,
      };
    const v = this.volumeByRdev(rdev);
    if (!v) return { ok: false, status: 404, code: "NO_DEVICE", message: `No real DASD ${rdev}` };
    const broke = await this.volumeStub(v.info.volser).breakReserve();
    return { ok: true, broke: broke ?? null };
  }

  /** No work: the benchmark's baseline hop (Worker → Tenant → Plex → VmNode → Volume). */
  async ping(volser: string): Promise<boolean> {
    const n = this.node();
    // Only a volume of this plex: a made-up name must not create an object.
    if (!n || !this.volume(volser)) return false;
    return this.volumeStub(volser).ping();
  }

  /** Forgets everything: the plex was deleted. */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAll();
    migrate(this.ctx.storage, this.sql, MIGRATIONS);
  }
}

/** Which MDISK password a LINK mode needs, and whether the minidisk has one. */
function passwordFor(mode: string, md: MdiskDef): { password: string } | { missing: string } {
  const m = mode.toUpperCase().replace(/V$/, "");
  const [kind, pw] =
    m.startsWith("M") || m === "SM"
      ? (["HCPLNM113E", md.multiPassword] as const)
      : m.startsWith("W") || m === "SW" || m === "EW"
        ? (["HCPLNM112E", md.writePassword] as const)
        : (["HCPLNM111E", md.readPassword] as const);
  return pw ? { password: pw.toUpperCase() } : { missing: kind };
}

/** The refusal of I/O or RESERVE on a device another guest holds, naming where that guest is. */
function reservedBy(vdev: string, holder: { system: string; userid: string }, here: string): DeviceRefusal {
  const where =
    holder.system === here ? `${holder.userid} on this system` : `another system (${holder.system})`;
  return {
    ok: false,
    status: 409,
    code: "DEVICE_RESERVED",
    message: `DASD ${vdev} is reserved by ${where}`,
    holder,
  };
}
