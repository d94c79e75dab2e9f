import { formatMessage } from "../../src/catalog/messages";
import {
  autoLogon,
  cleanDiscarded,
  directoryOnline,
  failedLine,
  iplBanner,
  residenceArea,
  shutdownLines,
  spoolingComplete,
  startupComplete,
} from "../../src/cp/console-lines";
import type { GeometryChange } from "../../src/dasd/geometry-change";
import { geometryOf } from "../../src/dasd/volume-view";
import { type ImageUser, movedResidence, residenceOffline, type SystemImage } from "../../src/plex/image";
import type { SystemState } from "../../src/plex/topology";
import { conflict, notFound, type Refused, systemDown } from "../../src/refusal";
import { mapInBatches, OBJECT_CALLS_AT_ONCE } from "../batches";
import type { Reserves } from "./reserve";
import type { VolumeStatus } from "./schema";
import type { Sessions } from "./sessions";
import type { NodeState } from "./state";

/** A system's answer to IPL, SHUTDOWN or FAIL: its new state and its console lines. */
export type StateAnswer = Refused<{ state: SystemState; lines: string[] }>;

/** The users CP logs on at IPL, disconnected, when the directory has them. */
const AUTO_LOGON = ["OPERATOR", "AUTOLOG1"];

/**
 * A system's life: IPL (reads SYSTEM CONFIG and the directory, brings volumes online, resets its
 * links and flags), SHUTDOWN, FAIL, and the object directory DIRECTXA loads. Users' sessions are
 * `Sessions`' (sessions.ts).
 */
export class Lifecycle {
  constructor(
    private readonly s: NodeState,
    private readonly sessions: Sessions,
    private readonly reserves: Reserves,
  ) {}

  /** Replaces the object directory (what DIRECTXA does when DirMaint pushes a new source). */
  loadDirectory(users: Record<string, ImageUser>, version: number): void {
    this.s.transaction(() => {
      // An older push (raced by an IPL that read a newer directory) changes nothing.
      const current = this.s.sql<{ v: number }>`SELECT directory_version AS v FROM node`[0]?.v ?? 0;
      if (version < current) return;
      this.s.nodeSql`UPDATE node SET directory_version = ${version}`;
      // Users still logged on keep their entry until LOGOFF (retired, unless the new directory has
      // them again), as after DIRECTXA; every other entry is replaced.
      this.s.sql`DELETE FROM directory WHERE userid NOT IN (SELECT userid FROM users)`;
      this.s.sql`UPDATE directory SET retired = 1`;
      // One statement for the whole directory: SQLite splits the JSON array into rows.
      this.s.sql`INSERT OR REPLACE INTO directory (userid, entry, retired)
                 SELECT json_extract(value, '$.userid'), value, 0 FROM json_each(${JSON.stringify(Object.values(users))})`;
    });
  }

  /** A SHUTDOWN of this object is logging users off and resetting volumes (an IPL waits for it). */
  private shuttingDown = false;

  /** IPL: claimed before the first await, so a second IPL (or a LOGON) cannot interleave with it. */
  async ipl(opts: { clean?: boolean; volume?: string }): Promise<StateAnswer> {
    const n = this.s.node()!;
    if (n.state === "UP" || n.state === "IPLING")
      return conflict(
        `${n.sysname} is ${n.state === "UP" ? "already up; shut it down first" : "being IPLed"}`,
      );
    // A SHUTDOWN says DOWN before its users are logged off and its volumes reset: an IPL meanwhile
    // would have its new links reset (and fenced) by the SHUTDOWN's last steps.
    if (this.shuttingDown)
      return conflict(`${n.sysname} is being shut down; IPL it when SHUTDOWN has answered`);
    const before = n.state;
    this.s.nodeSql`UPDATE node SET state = 'IPLING'`;
    const plex = this.s.plexStub();
    try {
      await plex.setState(n.sysname, "IPLING");
      const up = await this.bringUp(n.sysname, n.plex, opts);
      if (up.ok) return up;
      this.s.nodeSql`UPDATE node SET state = ${before}`;
      await plex.setState(n.sysname, before);
      return up;
    } catch (e) {
      // A failure half-way leaves the system down, never stuck "IPLING", and the Plex is told so
      // (if it can be reached), so both agree and the system can be IPLed again.
      this.s.nodeSql`UPDATE node SET state = 'DOWN'`;
      await plex.setState(n.sysname, "DOWN").catch(() => undefined);
      throw e;
    }
  }

  /**
   * At the start of an incarnation: a system left IPLING was cut short by a crash (no IPL runs in a
   * new incarnation), so it is DOWN, for the Plex too, and can be IPLed again.
   */
  async recoverCrashedIpl(): Promise<void> {
    const n = this.s.node();
    if (n?.state !== "IPLING") return;
    this.s.nodeSql`UPDATE node SET state = 'DOWN'`;
    await this.s
      .plexStub()
      .setState(n.sysname, "DOWN")
      .catch((e: unknown) =>
        console.error(`telling the Plex ${n.sysname} is DOWN failed: ${(e as Error).message}`),
      );
  }

  private async bringUp(
    sysname: string,
    plexName: string,
    opts: { clean?: boolean; volume?: string },
  ): Promise<StateAnswer> {
    const plex = this.s.plexStub();
    // The volumes any system of the plex ever used: only those can have a CSE area (or anything) to ask.
    const [image, used] = await Promise.all([plex.image(sysname, opts.volume), plex.usedVolumes()]);
    if (!image) return notFound(`No system ${sysname} in plex ${plexName}`);
    if (opts.volume && !image.volumes.some((v) => v.volser === image.iplVolume))
      return notFound(`No volume ${opts.volume} in plex ${plexName}`);
    const { users, ...rest } = image;
    const old = this.s.image();
    // System_Residence: CP reads and writes its checkpoint and warm start data where the statement
    // says, on a volume it brings online; a warm start finds them only where the last IPL left
    // them, so a moved area needs IPL CLEAN, as the seed's shared-SysRes steps do.
    const offline = residenceOffline(image.residence, image.volumes);
    if (offline.length > 0) {
      const lines = offline.map((o) => formatMessage("HCPIPL9027E", { area: o.area, volid: o.volid }));
      return conflict(lines.join("; "), "RESIDENCE_OFFLINE", { lines });
    }
    const moved = opts.clean ? [] : movedResidence(old?.residence, image.residence);
    if (moved.length > 0) {
      const at = (a: { volid: string; from: number }) => `${a.volid} ${a.from}`;
      const lines = moved.map((m) =>
        formatMessage("HCPIPL9026E", { area: m.area, from: at(m.from), to: at(m.to) }),
      );
      return conflict(lines.join("; "), "WARMSTART_MOVED", { lines });
    }
    this.s.transaction(() => {
      this.s.nodeSql`UPDATE node SET image = ${JSON.stringify(rest)}, directory_version = 0`;
      for (const table of ["users", "vdevs", "volumes", "vreserve", "spool_open", "tape_drives", "programs"])
        this.s.ctx.storage.sql.exec(`DELETE FROM ${table}`);
    });
    // Requests still waiting for a virtual reserve from before the IPL get their answer: gone.
    this.reserves.dropWaiters();
    this.loadDirectory(users, image.directoryVersion);
    const lines = [iplBanner(sysname, image.iplVolume, opts.clean === true)];
    const address = (volid: string) => image.volumes.find((v) => v.volser === volid)?.rdev;
    for (const area of ["checkpoint", "warmstart"] as const) {
      const where = image.residence?.[area];
      if (where) lines.push(residenceArea(area, where, address(where.volid)));
    }
    // A warm IPL keeps the spool; IPL CLEAN discards what this system kept for itself (the seed:
    // "Trashes all spool space", "Rebuilds the checkpoint and warmstart data"). Either way nothing
    // is open on this system's readers any more.
    const discarded = await plex.spoolIpl(sysname, opts.clean === true);
    if (opts.clean) lines.push(cleanDiscarded(discarded));
    lines.push(spoolingComplete());
    // This system's old links, flags and reserves go (an IPL resets its devices), on the volumes it
    // held anything on; an XLINK volume CP would attach to SYSTEM is asked whether it has a CSE area.
    // A volume no system ever used was never formatted: it need not be asked (nor made, at ~10 ms an
    // object under wrangler dev, for an XLINK complex of thousands of volumes).
    const usedSet = new Set(used);
    // The SysRes too: a VMQ* SysRes without a CSE area is not brought online either (seed).
    const ask = image.volumes.filter((v) => v.xlink && v.system && usedSet.has(v.volser));
    const { formatted, reset, geometry } = await this.resetHeld(
      sysname,
      [old, image],
      ask.map((v) => v.volser),
      image,
    );
    // A volume whose geometry SYSTEM CONFIG or the inventory changed takes it now, if it fits.
    for (const g of geometry)
      lines.push(
        g.applied
          ? formatMessage(g.areaDropped ? "HCPIPL9022W" : "HCPIPL9021I", {
              volid: g.volser,
              cylinders: String(g.to.cylinders),
            })
          : formatMessage("HCPIPL9023W", {
              volid: g.volser,
              cylinders: String(g.from.cylinders),
              reason: g.reason ?? "",
            }),
      );
    if (image.xlinkExcluded) lines.push(formatMessage("HCPIPL9025I", { sysname }));
    const volumes = image.volumes.map((v) => {
      // "ANY volume labeled VMQ* without a CSE area will not be brought online, at all" (seed): the
      // SysRes too. CP runs from storage, but nothing on the volume can be linked until it has one
      // (docs/decisions.md, "XLINK as documented").
      const refused = v.system && v.xlink && formatted.get(v.volser) !== true;
      if (refused)
        lines.push(
          formatMessage(v.volser === image.iplVolume ? "HCPIPL9024W" : "HCPIPL9020W", { volid: v.volser }),
        );
      return { info: v, status: (v.system && !refused ? "SYSTEM" : "FREE") satisfies VolumeStatus };
    });
    // The object directory is in use once its volume is online (the seed: "look for the message
    // that the directory on VM9CDS is online").
    const drct = image.directoryVolume;
    if (drct && volumes.some((v) => v.info.volser === drct && v.status === "SYSTEM"))
      lines.push(directoryOnline(drct, image.directoryAddress ?? address(drct) ?? "0000"));
    this.s.transaction(() => {
      this.s.sql`INSERT INTO volumes (volser, info, status)
                 SELECT json_extract(value, '$.info.volser'), json_extract(value, '$.info'), json_extract(value, '$.status')
                 FROM json_each(${JSON.stringify(volumes)})`;
      this.s.released(reset);
      this.s
        .nodeSql`UPDATE node SET state = 'UP', ipl_count = ipl_count + 1, ipl_at = ${new Date().toISOString()}`;
    });
    await plex.setState(sysname, "UP");
    for (const id of AUTO_LOGON) {
      // Another system's XAUTOLOG may have logged it on meanwhile.
      if (!this.s.user(id) || this.s.isLoggedOn(id)) continue;
      const answer = await this.sessions.logonUser(id, { disconnected: true });
      lines.push(autoLogon(id, this.s.userCount()), ...answer.lines);
    }
    lines.push(startupComplete(sysname));
    // A SHUTDOWN or FAIL while AUTOLOG1's profile ran has the last word: answer the state as it is.
    return { ok: true, state: this.s.node()?.state ?? "DOWN", lines };
  }

  /**
   * Resets this system on every volume it held anything on (its links, its XLINK slot's flags, its
   * guests' reserves), with the slot the newest of `images` that has the volume under XLINK gives;
   * and asks the volumes in `ask` whether they have a CSE area. At IPL (`reading`, the new image)
   * each of them is given the geometry the system read, which it takes if newer and it fits.
   * Answers the CSE areas by volser, the volumes it reset (only those leave `held_volumes`; one a
   * LINK noted meanwhile stays) and what became of changed geometries.
   */
  private async resetHeld(
    sysname: string,
    images: readonly (Omit<SystemImage, "users"> | undefined)[],
    ask: readonly string[],
    reading?: Omit<SystemImage, "users">,
  ): Promise<{ formatted: Map<string, boolean>; reset: string[]; geometry: GeometryChange[] }> {
    const held = new Set(this.s.held());
    // The incarnation this IPL brings up: the volumes it resets refuse LINKs an earlier one sent.
    const incarnation = (this.s.node()?.ipl_count ?? 0) + 1;
    // Every slot an image (the old one, the new one) gives the volume under XLINK is this system's
    // to clear: a SYSTEM CONFIG that takes the volume out of XLINK, or moves the system to another
    // slot, must not leave the old slot's flags behind (maps: an image may have thousands).
    const byImage = images
      .filter((im) => im !== undefined)
      .map((im) => ({ slot: im.slot, volumes: new Map(im.volumes.map((v) => [v.volser, v])) }));
    const slotOn = (volser: string): number[] => [
      ...new Set(
        byImage.flatMap((im) => (im.slot !== undefined && im.volumes.get(volser)?.xlink ? [im.slot] : [])),
      ),
    ];
    const volsers = [...new Set([...held, ...ask])];
    const geometry: GeometryChange[] = [];
    const readings = new Map(reading?.volumes.map((v) => [v.volser, v]));
    const answers = await mapInBatches(volsers, OBJECT_CALLS_AT_ONCE, async (volser) => {
      const stub = this.s.volumeStub(volser);
      const read = readings.get(volser);
      if (read) {
        const r = await stub.atIpl(sysname, slotOn(volser), held.has(volser), geometryOf(read), incarnation);
        if (r.geometry) geometry.push(r.geometry);
        // An area formatted for fewer systems than this one's slot has no flags for it: unusable here.
        const fits = reading?.slot === undefined || r.systems === undefined || reading.slot <= r.systems;
        return [volser, r.formatted && fits] as const;
      }
      const formatted = held.has(volser)
        ? (await stub.resetSystem(sysname, slotOn(volser), incarnation)).formatted
        : await stub.formatted();
      return [volser, formatted] as const;
    });
    geometry.sort((a, b) => (a.volser < b.volser ? -1 : 1));
    return { formatted: new Map(answers), reset: [...held], geometry };
  }

  /**
   * SHUTDOWN: every user logged off and every link released. The system is DOWN from the start, so
   * no LOGON or LINK can begin while it empties; one already in flight finds its device gone and
   * gives its grant back.
   */
  async shutdown(): Promise<StateAnswer> {
    if (!this.s.isUp()) return systemDown();
    const image = this.s.image()!;
    const sysname = this.s.sysname;
    this.s.nodeSql`UPDATE node SET state = 'DOWN'`;
    this.shuttingDown = true;
    try {
      for (const { userid } of this.s.sql<{ userid: string }>`SELECT userid FROM users`)
        await this.sessions.logoffUser(userid);
      const { reset } = await this.resetHeld(sysname, [image], []);
      this.s.released(reset);
    } finally {
      this.shuttingDown = false;
      await this.s.plexStub().setState(sysname, "DOWN");
    }
    return { ok: true, state: "DOWN", lines: shutdownLines(sysname) };
  }

  /** FAIL: stops at once. Links stay in the volumes' ledgers and CSE flags, as on real DASD. */
  async fail(): Promise<StateAnswer> {
    if (!this.s.isUp()) return systemDown();
    const sysname = this.s.sysname;
    this.s.nodeSql`UPDATE node SET state = 'FAILED'`;
    await this.s.plexStub().setState(sysname, "FAILED");
    return { ok: true, state: "FAILED", lines: [failedLine(sysname)] };
  }
}
