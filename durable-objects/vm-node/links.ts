import { type CpAnswer, cpAnswer, lineOf, okAnswer } from "../../src/catalog/answer";
import { formatMessage, rcOf } from "../../src/catalog/messages";
import { deviceDetached } from "../../src/cp/layouts/devices";
import type { LinkCommand } from "../../src/cp/parse/devices";
import type { LinkRequest } from "../../src/dasd/ledger";
import { PENDING, type RepairPlan } from "../../src/dasd/link-repair";
import { geometryOf } from "../../src/dasd/volume-view";
import {
  fullPackOf,
  parseLinkMode,
  passwordFor,
  reserveGoesToHardware,
  type LinkDecision,
} from "../../src/dasd/link-rules";
import type { MdiskDef } from "../../src/directory/types";
import type { ImageUser } from "../../src/plex/image";
import { LinkRepair } from "./link-repair";
import type { LocalLinks } from "./local-links";
import type { Reserves } from "./reserve";
import { isLocalLink, type VdevRow } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/** What a volume answers a LINK: its decision, the grant, and the verdicts of a repair it carried. */
type LinkOutcome = { decision: LinkDecision; link?: { generation: number }; repair?: RepairPlan };

/**
 * A user's minidisk devices: LINK (password and device checks here, the conflict decision in the
 * volume's object, or in this node on a volume no XLINK covers: local-links.ts), DETACH, and the
 * release of a device. This object keeps per-device order by reserving a vdev (a `pending` row)
 * before it awaits a volume; crash repair (link-repair.ts) settles the devices left in doubt.
 */
export class Links {
  /** Crash repair of this system's devices on the volumes it calls. */
  private readonly repair: LinkRepair;

  constructor(
    private readonly s: NodeState,
    private readonly reserves: Reserves,
    private readonly devices: SpoolDevices,
    private readonly local: LocalLinks,
  ) {
    this.repair = new LinkRepair(s);
  }

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
    const parsedMode = parseLinkMode(modeText);
    if (!parsedMode) return cpAnswer("HCPCFC026E");
    // A T-DISK exists only in its owner's virtual machine: its own at LOGON (TDSK space is not
    // modelled, so it gets no device), and no LINK reaches it, its owner's included.
    if (md.kind === "t-disk") {
      const ownAtLogon = owner.userid === userid && vdev === md.vdev && !this.s.vdev(userid, vdev);
      return ownAtLogon ? okAnswer() : cpAnswer("HCPLNM109E", { userid: owner.userid, vdev: md.vdev });
    }
    // A V-DISK is this system's, shared by the links to it here (local-links.ts).
    if (md.kind === "v-disk") return this.local.linkVdisk(userid, owner, md, vdev, modeText);
    // A DEVNO minidisk is the whole real device: a full-pack extent of the volume at that rdev.
    let devno: string | undefined;
    if (md.kind === "devno") {
      const real = md.devno ? this.s.volumeByRdev(md.devno) : undefined;
      if (!real || real.status !== "SYSTEM")
        return cpAnswer("HCPLNM108E", {
          userid: owner.userid,
          vdev: md.vdev,
          volid: real?.info.volser ?? md.devno ?? "",
        });
      devno = md.devno;
      md = fullPackOf(md, real.info);
    }
    if (md.kind !== "extent" || md.volser === undefined || md.start === undefined) return okAnswer();
    // With a V mode on a device SYSTEM CONFIG marks shared, RESERVE goes to the hardware and
    // protects the device across systems: the link is no "virtual reserve only" one.
    const hardware = reserveGoesToHardware(md.mode, devno, this.s.image()?.sharedDasd);
    // A volume that is not online is not called at all (not even to compare it for crash repair).
    const online = this.s.volume(md.volser);
    if (!online || online.status !== "SYSTEM")
      return cpAnswer("HCPLNM108E", { userid: owner.userid, vdev: md.vdev, volid: md.volser });
    if (!online.info.xlink) return this.local.link(userid, owner, md, vdev, modeText, devno);
    // Compared first for crash repair when this LINK cannot carry the repair itself (link-repair.ts).
    const running = this.repair.beforeLink(md.volser);
    if (running) {
      await running;
      // The system or the session may have ended while the volume was compared.
      if (!this.s.isUp() || !this.s.isLoggedOn(userid)) return cpAnswer("HCPDTV040E", { vdev });
    }
    const image = this.s.image()!;
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
      .sql`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", pending, token, rdev) VALUES (${userid}, ${vdev}, 'LINK', ${owner.userid}, ${md.vdev}, ${md.volser}, ${md.start}, ${end}, ${PENDING.linking}, ${token}, ${devno ?? null})`;
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
      virtualReserve: parsedMode.virtualReserve && !hardware,
      token,
      ipl: this.s.node()!.ipl_count,
      life: this.s.node()!.life,
    };
    const volser = md.volser;
    const outcome = await this.repair.linkCall<LinkOutcome>(volser, token, (repairFirst) =>
      this.s.volumeStub(volser).link(req, geometryOf(vol.info), repairFirst),
    );
    const d = outcome.decision;
    if (!d.granted) {
      this.s.sql`DELETE FROM vdevs WHERE token = ${token}`;
      return cpAnswer(d.error.id, d.error.vars);
    }
    const generation = outcome.link!.generation;
    const row = this.s.sql<{ pending: number }>`SELECT pending FROM vdevs WHERE token = ${token}`[0];
    if (row?.pending !== PENDING.linking) {
      // The device went (DETACH, LOGOFF or IPL while the volume decided): give the grant back.
      this.s.sql`UPDATE vdevs SET generation = ${generation} WHERE token = ${token}`;
      await this.detachOnVolume(md.volser, req.slot, userid, vdev, generation, token);
      return cpAnswer("HCPDTV040E", { vdev });
    }
    this.s
      .sql`UPDATE vdevs SET access = ${d.access}, generation = ${generation}, pending = ${PENDING.linked} WHERE token = ${token}`;
    const lines = d.warning ? [lineOf(d.warning)] : [];
    if (parsedMode.virtualReserve && !hardware && vol.info.xlink)
      lines.push(formatMessage("HCPLNM9001I", { vdev }));
    return { rc: d.warning ? rcOf(d.warning.id) : 0, lines };
  }

  /** Gives a device back: its virtual reserve, its hardware reserves, its link on the volume. */
  async release(d: VdevRow): Promise<void> {
    this.reserves.forget(d);
    // A dedicated volume's hardware reserve, or a DEVNO device's on a shared volume, is the
    // volume's; it is released once the device is gone or marked going, so that no RESERVE of
    // the device can be granted after it (RESERVE checks the device again after its grant).
    const hardware = d.volser !== null && this.reserves.hardwareReserve(d);
    const releaseHardware = async () => {
      if (hardware)
        await this.s.volumeStub(d.volser!).releaseReservesOfUser(this.s.image()!.sysname, d.userid, d.vdev);
    };
    if (!d.volser || d.kind === "ATTACHED" || isLocalLink(d)) {
      this.s.sql`DELETE FROM vdevs WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
      await releaseHardware();
      return;
    }
    const checking = this.repair.touch(d.volser);
    if (checking) await checking;
    // The device as it is now: a repair or another request may have settled it meanwhile.
    const now = this.s.sql<VdevRow & { token: string | null }>`
      SELECT * FROM vdevs WHERE userid = ${d.userid} AND vdev = ${d.vdev}`[0];
    if (!now || now.volser !== d.volser || now.pending === PENDING.detaching) {
      await releaseHardware();
      return;
    }
    const token = now.token ?? crypto.randomUUID();
    // The intent first: a crash from here on leaves a DETACH in doubt, which a repair finishes.
    this.s
      .sql`UPDATE vdevs SET pending = ${PENDING.detaching}, token = ${token} WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
    await releaseHardware();
    // A LINK still awaiting its volume sees the device detaching and gives its grant back itself.
    if (now.pending === PENDING.linking && this.repair.awaits(token)) return;
    const image = this.s.image()!;
    const v = this.s.volume(d.volser);
    await this.detachOnVolume(
      d.volser,
      v?.info.xlink ? image.slot : undefined,
      d.userid,
      d.vdev,
      now.generation ?? undefined,
      token,
    );
  }

  /** Releases a grant on its volume for a device marked detaching, then forgets the device. */
  private async detachOnVolume(
    volser: string,
    slot: number | undefined,
    userid: string,
    vdev: string,
    generation: number | undefined,
    token: string,
  ): Promise<void> {
    // If the call fails, the device stays detaching, in doubt: the next call to the volume finishes it.
    await this.repair.call(volser, token, () =>
      this.s.volumeStub(volser).detach(this.s.image()!.sysname, slot, userid, vdev, generation),
    );
    this.s.sql`DELETE FROM vdevs WHERE token = ${token} AND pending = ${PENDING.detaching}`;
  }

  /** DETACH vdev: a tape drive, a channel-to-channel adapter, or a minidisk or dedicated volume. */
  async detach(userid: string, vdev: string): Promise<CpAnswer> {
    if (this.devices.tapes.detach(userid, vdev)) return okAnswer(deviceDetached(vdev, "TAPE"));
    if (
      this.s.sql`DELETE FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev} AND kind = 'CTC' RETURNING 1`
        .length
    )
      return okAnswer(deviceDetached(vdev, "CTCA"));
    let d = this.s.vdev(userid, vdev);
    const checking =
      d?.volser && d.kind !== "ATTACHED" && !isLocalLink(d) ? this.repair.touch(d.volser) : undefined;
    if (checking) {
      // A device in doubt is settled first: DETACH then finds it linked, or not there.
      await checking;
      d = this.s.vdev(userid, vdev);
    }
    if (!d || d.pending) return cpAnswer("HCPDTV040E", { vdev });
    await this.release(d);
    return okAnswer(deviceDetached(vdev));
  }
}
