import { type CpAnswer, cpAnswer, lineOf, okAnswer, rcOfLines } from "../../src/catalog/answer";
import { formatMessage, rcOf } from "../../src/catalog/messages";
import { realDetached, varied } from "../../src/cp/console-lines";
import { deviceAttached, deviceDetached } from "../../src/cp/layouts";
import type { LinkCommand } from "../../src/cp/parse/devices";
import type { LinkRequest } from "../../src/dasd/ledger";
import { geometryOf } from "../../src/dasd/volume-view";
import { parseLinkMode, passwordFor, type LinkDecision } from "../../src/dasd/link-rules";
import type { MdiskDef } from "../../src/directory/types";
import type { ImageUser } from "../../src/plex/image";
import type { Reserves } from "./reserve";
import type { VdevRow, VolumeStatus } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/**
 * A user's devices: LINK (password and device checks here, the conflict decision in the volume's
 * object), DETACH, ATTACH and DETACH of real volumes, VARY. This object keeps per-device order by
 * reserving a vdev (a `pending` row) before it awaits a volume.
 */
export class Links {
  constructor(
    private readonly s: NodeState,
    private readonly reserves: Reserves,
    private readonly devices: SpoolDevices,
  ) {}

  /** LINK as a command or a directory LINK statement (no password needed from the directory). */
  async link(
    userid: string,
    c: Pick<LinkCommand, "owner" | "ownerVdev" | "vdev" | "mode" | "password">,
    fromDirectory: boolean,
  ): Promise<CpAnswer> {
    const ownerId = c.owner === "*" ? userid : c.owner.toUpperCase();
    // One's own minidisks are defined for the session; another user's must be in the directory now.
    const owner = ownerId === userid ? this.s.user(ownerId) : this.s.directoryUser(ownerId);
    if (!owner) return cpAnswer("HCPLNM053E", { userid: ownerId });
    const md = owner.mdisks.find((m) => m.vdev === c.ownerVdev);
    if (!md) return cpAnswer("HCPLNM107E", { userid: ownerId, vdev: c.ownerVdev });
    const isOwner = ownerId === userid;
    const modeText = c.mode ?? (isOwner ? md.mode : "R");
    if (!fromDirectory && !isOwner) {
      const need = passwordFor(modeText, md);
      if ("missing" in need) return cpAnswer(need.missing, { userid: ownerId, vdev: c.ownerVdev });
      if (need.password !== "ALL" && (c.password ?? "").toUpperCase() !== need.password)
        return cpAnswer("HCPLNM114E", { userid: ownerId, vdev: c.ownerVdev });
    }
    return this.linkMinidisk(userid, owner, md, c.vdev, modeText);
  }

  /** Links one minidisk as `vdev`: its own at LOGON, or another's after LINK's checks. */
  async linkMinidisk(
    userid: string,
    owner: ImageUser,
    md: MdiskDef,
    vdev: string,
    modeText: string,
  ): Promise<CpAnswer> {
    const image = this.s.image()!;
    const parsedMode = parseLinkMode(modeText);
    if (!parsedMode) return cpAnswer("HCPCFC026E");
    // T-DISK, V-DISK and DEVNO minidisks are local and not modelled for links yet.
    if (md.kind !== "extent" || md.volser === undefined || md.start === undefined) return okAnswer();
    const vol = this.s.volume(md.volser);
    if (!vol || vol.status !== "SYSTEM")
      return cpAnswer("HCPLNM108E", { userid: owner.userid, vdev: md.vdev, volid: md.volser });
    // Reserve vdev2 before awaiting the volume, so a second LINK to the same vdev sees it taken.
    if (this.s.vdev(userid, vdev))
      return cpAnswer("HCPLNM110E", { userid: owner.userid, vdev: md.vdev, vdev2: vdev });
    const count = md.count ?? vol.info.cylinders - md.start;
    const end = md.start + Math.max(count, 1) - 1;
    if (end >= vol.info.cylinders)
      return cpAnswer("HCPLNM9003E", {
        userid: owner.userid,
        vdev: md.vdev,
        volid: md.volser,
        cylinders: vol.info.cylinders,
      });
    const token = crypto.randomUUID();
    this.s.holds(md.volser);
    this.s
      .sql`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", pending, token) VALUES (${userid}, ${vdev}, 'LINK', ${owner.userid}, ${md.vdev}, ${md.volser}, ${md.start}, ${end}, 1, ${token})`;
    const req: LinkRequest = {
      system: image.sysname,
      slot: vol.info.xlink ? image.slot : undefined,
      slotNames: image.slotNames,
      userid,
      vdev,
      owner: owner.userid,
      ownerVdev: md.vdev,
      start: md.start,
      end,
      mode: parsedMode.mode,
      virtualReserve: parsedMode.virtualReserve,
    };
    let outcome: { decision: LinkDecision; link?: { generation: number } };
    try {
      outcome = await this.s.volumeStub(md.volser).link(req, geometryOf(vol.info));
    } catch (e) {
      this.s.sql`DELETE FROM vdevs WHERE token = ${token}`;
      throw e;
    }
    const d = outcome.decision;
    if (!d.granted) {
      this.s.sql`DELETE FROM vdevs WHERE token = ${token}`;
      return cpAnswer(d.error.id, d.error.vars);
    }
    const generation = outcome.link!.generation;
    // The reservation may be gone (LOGOFF or IPL while the volume decided): give the grant back.
    if (this.s.sql`SELECT 1 FROM vdevs WHERE token = ${token}`.length === 0) {
      await this.s.volumeStub(md.volser).detach(image.sysname, req.slot, userid, vdev, generation);
      return cpAnswer("HCPDTV040E", { vdev });
    }
    this.s
      .sql`UPDATE vdevs SET access = ${d.access}, generation = ${generation}, pending = 0 WHERE token = ${token}`;
    const lines = d.warning ? [lineOf(d.warning)] : [];
    if (parsedMode.virtualReserve && vol.info.xlink) lines.push(formatMessage("HCPLNM9001I", { vdev }));
    return { rc: d.warning ? rcOf(d.warning.id) : 0, lines };
  }

  /** Gives a device back: its virtual reserve, its hardware reserves, its link on the volume. */
  async release(d: VdevRow): Promise<void> {
    this.s.sql`DELETE FROM vdevs WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
    this.reserves.forget(d);
    if (!d.volser) return;
    const image = this.s.image()!;
    if (d.kind === "ATTACHED") {
      await this.s.volumeStub(d.volser).releaseReservesOfUser(image.sysname, d.userid, d.vdev);
      return;
    }
    const v = this.s.volume(d.volser);
    await this.s
      .volumeStub(d.volser)
      .detach(
        image.sysname,
        v?.info.xlink ? image.slot : undefined,
        d.userid,
        d.vdev,
        d.generation ?? undefined,
      );
  }

  /** DETACH vdev: a tape drive, or a minidisk or dedicated volume. */
  async detach(userid: string, vdev: string): Promise<CpAnswer> {
    if (this.devices.detachTape(userid, vdev)) return okAnswer(deviceDetached(vdev, "TAPE"));
    const d = this.s.vdev(userid, vdev);
    if (!d || d.pending) return cpAnswer("HCPDTV040E", { vdev });
    await this.release(d);
    return okAnswer(deviceDetached(vdev));
  }

  /** ATTACH rdev TO userid [AS vdev] (dedicated, R/W), or TO SYSTEM (for minidisks; an XLINK volume needs its CSE area). */
  async attach(rdev: string, to: string, as: string | undefined): Promise<CpAnswer> {
    const v = this.s.volumeByRdev(rdev);
    if (!v) return cpAnswer("HCPQVD040E", { vdev: rdev });
    const holder = this.s.sql<{
      userid: string;
    }>`SELECT userid FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
    if (holder) return cpAnswer("HCPATT9040E", { rdev, reason: `already attached to ${holder.userid}` });
    if (to.toUpperCase() === "SYSTEM") {
      if (v.info.xlink && !(await this.s.volumeStub(v.info.volser).formatted()))
        return cpAnswer("HCPIPL9020W", { volid: v.info.volser });
      this.s.sql`UPDATE volumes SET status = 'SYSTEM' WHERE volser = ${v.info.volser}`;
      return okAnswer(deviceAttached(v.info.rdev!, "SYSTEM", v.info.volser));
    }
    if (v.status === "SYSTEM")
      return cpAnswer("HCPATT9040E", { rdev, reason: `in use by SYSTEM ${v.info.volser}` });
    const target = to.toUpperCase();
    if (!this.s.isLoggedOn(target)) return cpAnswer("HCPCQU045E", { userid: target });
    const vdev = as ?? rdev;
    if (this.s.vdev(target, vdev))
      return cpAnswer("HCPATT9040E", { rdev, reason: `${vdev} already defined for ${target}` });
    this.s.sql`INSERT INTO vdevs (userid, vdev, kind, volser, start, "end", access, generation, pending)
             VALUES (${target}, ${vdev}, 'ATTACHED', ${v.info.volser}, 0, ${v.info.cylinders - 1}, 'W', 0, 0)`;
    return okAnswer(deviceAttached(v.info.rdev!, target, vdev));
  }

  /** VARY ONLINE/OFFLINE rdev: an offline volume serves no minidisks; online ones return as they were at IPL. */
  async vary(online: boolean, rdevs: string[]): Promise<CpAnswer> {
    const lines: string[] = [];
    for (const rdev of rdevs) {
      const v = this.s.volumeByRdev(rdev);
      if (!v) {
        lines.push(formatMessage("HCPQVD040E", { vdev: rdev }));
        continue;
      }
      if (!online && this.s.sql`SELECT 1 FROM vdevs WHERE volser = ${v.info.volser}`.length > 0) {
        lines.push(formatMessage("HCPATT9040E", { rdev, reason: `in use: ${v.info.volser} has links` }));
        continue;
      }
      const formatted = !v.info.xlink || (await this.s.volumeStub(v.info.volser).formatted());
      const status: VolumeStatus = online && formatted ? "SYSTEM" : "FREE";
      this.s.sql`UPDATE volumes SET status = ${status} WHERE volser = ${v.info.volser}`;
      lines.push(varied(rdev, online));
    }
    return { rc: rcOfLines(lines), lines };
  }

  /** DETACH rdev (class B): frees a dedicated volume, or takes it from SYSTEM when no minidisk is linked on it. */
  async detachReal(rdev: string): Promise<CpAnswer> {
    const v = this.s.volumeByRdev(rdev);
    if (!v) return cpAnswer("HCPQVD040E", { vdev: rdev });
    const att = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
    if (att) {
      await this.release(att);
      return okAnswer([realDetached(rdev, att.userid, att.vdev)]);
    }
    if (this.s.sql`SELECT 1 FROM vdevs WHERE volser = ${v.info.volser}`.length > 0)
      return cpAnswer("HCPATT9040E", { rdev, reason: `in use: minidisks on ${v.info.volser} are linked` });
    this.s.sql`UPDATE volumes SET status = 'FREE' WHERE volser = ${v.info.volser}`;
    return okAnswer([realDetached(rdev, "SYSTEM", v.info.volser)]);
  }
}
