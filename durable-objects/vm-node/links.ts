import { type CpAnswer, cpAnswer, lineOf, okAnswer, rcOfLines } from "../../src/catalog/answer";
import { formatMessage, rcOf } from "../../src/catalog/messages";
import { realDetached, varied } from "../../src/cp/console-lines";
import { deviceAttached, deviceDetached } from "../../src/cp/layouts";
import type { LinkCommand } from "../../src/cp/parse/devices";
import { decideOnVolume, type LedgerLink, type LinkRequest } from "../../src/dasd/ledger";
import { linkState, type NodeLink, PENDING, repairLine, type RepairPlan } from "../../src/dasd/link-repair";
import { geometryOf } from "../../src/dasd/volume-view";
import {
  type Access,
  isWriteAccess,
  parseLinkMode,
  passwordFor,
  type LinkDecision,
} from "../../src/dasd/link-rules";
import type { MdiskDef } from "../../src/directory/types";
import type { ImageUser } from "../../src/plex/image";
import type { Reserves } from "./reserve";
import { isLocalLink, LOCAL_GENERATION, type VdevRow, type VolumeStatus } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/** The console that hears of link repairs besides the device's user: the system operator's. */
const SYSTEM_CONSOLE = "OPERATOR";

/**
 * A user's devices: LINK (password and device checks here, the conflict decision in the volume's
 * object), DETACH, ATTACH and DETACH of real volumes, VARY. This object keeps per-device order by
 * reserving a vdev (a `pending` row) before it awaits a volume.
 *
 * Crash repair (src/dasd/link-repair.ts): a minidisk device records its intent before the volume is
 * called (`pending` linking or detaching) and settles it after the answer. A pending device whose
 * request is not running in this incarnation of the object is in doubt: its request died with an
 * earlier one (a crash) or its call failed. At startup the volumes with devices in doubt are
 * repaired before the node serves anything; every other volume is compared with its ledger at the
 * node's first call to it in an incarnation, and again after a call to it failed.
 */
export class Links {
  /** Tokens of the volume calls this incarnation awaits: a pending device whose token is not here is in doubt. */
  private readonly inFlight = new Set<string>();
  /** Volumes whose ledger this incarnation has compared with its devices (and not called in vain since). */
  private readonly checked = new Set<string>();
  /** Repairs running, by volume: calls to the volume wait for them. */
  private readonly repairs = new Map<string, Promise<void>>();

  constructor(
    private readonly s: NodeState,
    private readonly reserves: Reserves,
    private readonly devices: SpoolDevices,
  ) {
    // Before the first request of this incarnation: what an earlier one left pending is settled.
    if (s.schema.exists) void s.ctx.blockConcurrencyWhile(() => this.recover());
  }

  /** At startup: repairs every volume on which a device was left pending (nothing is in flight yet). */
  private async recover(): Promise<void> {
    if (!this.s.isUp()) return;
    const volsers = this.s.sql<{ volser: string }>`SELECT DISTINCT volser FROM vdevs
      WHERE pending != ${PENDING.linked} AND kind = 'LINK' AND volser IS NOT NULL`;
    await Promise.all(
      volsers.map(({ volser }) =>
        this.repair(volser).catch((e: unknown) => {
          // The volume stays unchecked: the node's next call to it repairs it.
          console.error(`link repair of ${volser} at startup failed: ${(e as Error).message}`);
        }),
      ),
    );
  }

  /**
   * Before a call to a volume: its first in this incarnation (or the first after one failed)
   * compares this system's devices on it with its ledger; calls meanwhile wait for that.
   */
  private touch(volser: string): Promise<void> | undefined {
    if (this.checked.has(volser)) return undefined;
    return this.repairs.get(volser) ?? this.repair(volser);
  }

  /** Runs one repair of a volume; it counts as checked once it has run with the system up. */
  private repair(volser: string): Promise<void> {
    const run = (async () => {
      try {
        if (await this.reconcile(volser)) this.checked.add(volser);
      } finally {
        this.repairs.delete(volser);
      }
    })();
    this.repairs.set(volser, run);
    return run;
  }

  /** A call to the volume failed: whether it did its work is unknown, so the next call compares again. */
  private suspect(volser: string): void {
    this.checked.delete(volser);
  }

  /** Compares this system's devices on a volume with its ledger and applies the verdicts; false when not up. */
  private async reconcile(volser: string): Promise<boolean> {
    const image = this.s.image();
    const vol = this.s.volume(volser);
    if (!this.s.isUp() || !image) return false;
    const slot = vol?.info.xlink ? image.slot : undefined;
    const plan = await this.s.volumeStub(volser).reconcile(image.sysname, slot, this.nodeLinks(volser));
    this.applyRepair(volser, plan);
    return true;
  }

  /** This system's devices on a volume as crash repair compares them with the volume's ledger. */
  private nodeLinks(volser: string): NodeLink[] {
    const rows = this.s.sql<VdevRow & { token: string | null }>`
      SELECT * FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'
        AND generation IS NOT ${LOCAL_GENERATION}`;
    return rows.map((r) => ({
      userid: r.userid,
      vdev: r.vdev,
      owner: r.owner ?? "",
      ownerVdev: r.owner_vdev ?? "",
      state: linkState(r.pending),
      generation: r.generation,
      token: r.token,
      inFlight: r.token !== null && this.inFlight.has(r.token),
    }));
  }

  /**
   * Applies a repair's verdicts to the devices, each only if the device is still as it was compared
   * (a request may have changed it meanwhile), and reports each repair on the system operator's
   * console and the user's.
   */
  private applyRepair(volser: string, plan: RepairPlan): void {
    // Nearly always nothing to repair: no transaction then (it would drop the node's kept directory
    // entries, to be parsed again at the next request).
    if (plan.verdicts.length === 0 && plan.orphans.length === 0) return;
    const reports: { userid: string; text: string }[] = [];
    this.s.transaction(() => {
      for (const v of plan.verdicts) {
        const l = v.link;
        const unchanged = this.s.sql`SELECT 1 FROM vdevs WHERE userid = ${l.userid} AND vdev = ${l.vdev}
          AND pending = ${PENDING[l.state]} AND token IS ${l.token} AND generation IS ${l.generation}`;
        if (unchanged.length === 0) continue;
        if (v.kind === "completed")
          this.s.sql`UPDATE vdevs SET access = ${v.entry.access}, generation = ${v.entry.generation},
            pending = ${PENDING.linked} WHERE userid = ${l.userid} AND vdev = ${l.vdev}`;
        else this.s.sql`DELETE FROM vdevs WHERE userid = ${l.userid} AND vdev = ${l.vdev}`;
        reports.push({ userid: l.userid, text: repairLine(volser, v) });
      }
    });
    for (const entry of plan.orphans)
      reports.push({ userid: entry.userid, text: repairLine(volser, { kind: "orphan", entry }) });
    for (const r of reports) {
      this.s.consoleWrite(SYSTEM_CONSOLE, [r.text]);
      if (r.userid !== SYSTEM_CONSOLE) this.s.consoleWrite(r.userid, [r.text]);
    }
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
    // T-DISK, V-DISK and DEVNO minidisks are local and not modelled for links yet.
    if (md.kind !== "extent" || md.volser === undefined || md.start === undefined) return okAnswer();
    // A volume that is not online is not called at all (not even to compare it for crash repair).
    const online = this.s.volume(md.volser);
    if (!online || online.status !== "SYSTEM")
      return cpAnswer("HCPLNM108E", { userid: owner.userid, vdev: md.vdev, volid: md.volser });
    if (!online.info.xlink) return this.linkHere(userid, owner, md, vdev, modeText);
    // At the node's first call to the volume in this incarnation, a LINK carries the repair itself
    // (below) when this system has no device there (only ledger entries can be wrong then, and the
    // volume drops those before it decides); devices there are compared first, as they may be the
    // very one asked for. A repair already running is waited for.
    const running = this.checked.has(md.volser)
      ? undefined
      : (this.repairs.get(md.volser) ??
        (this.nodeLinks(md.volser).length > 0 ? this.repair(md.volser) : undefined));
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
      .sql`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", pending, token) VALUES (${userid}, ${vdev}, 'LINK', ${owner.userid}, ${md.vdev}, ${md.volser}, ${md.start}, ${end}, ${PENDING.linking}, ${token})`;
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
      token,
    };
    let outcome: { decision: LinkDecision; link?: { generation: number } };
    // Not yet compared in this incarnation and no repair running: this call is the repair, and
    // calls to the volume meanwhile wait for it as for any repair.
    const carries = !this.checked.has(md.volser) && !this.repairs.has(md.volser);
    const volser = md.volser;
    let carried: () => void = () => undefined;
    if (carries) this.repairs.set(volser, new Promise<void>((resolve) => (carried = resolve)));
    this.inFlight.add(token);
    try {
      const answer = await this.s
        .volumeStub(md.volser)
        // Without this LINK's own row: a stale ledger entry under its userid and vdev is an orphan
        // to drop, not an entry an in-flight request keeps (the vdev was free when checked above).
        .link(
          req,
          geometryOf(vol.info),
          carries ? this.nodeLinks(md.volser).filter((l) => l.token !== token) : undefined,
        );
      if (answer.repair) {
        this.applyRepair(md.volser, answer.repair);
        this.checked.add(md.volser);
      }
      outcome = answer;
    } catch (e) {
      // The volume may have granted it before the call failed: the device stays in doubt until
      // the next call to the volume compares it with the ledger.
      this.suspect(md.volser);
      throw e;
    } finally {
      this.inFlight.delete(token);
      if (carries) this.repairs.delete(volser);
      carried();
    }
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
    if (parsedMode.virtualReserve && vol.info.xlink) lines.push(formatMessage("HCPLNM9001I", { vdev }));
    return { rc: d.warning ? rcOf(d.warning.id) : 0, lines };
  }

  /**
   * LINK on a volume no XLINK covers: as in z/VM without CSE, only this system's CP knows the links
   * to its minidisks, so the node decides against its own devices there, at once and in one
   * synchronous step, and calls no Volume object (a LOGON of a user with minidisks on a thousand
   * such volumes makes no thousand objects). The volume view asks the nodes for these links.
   */
  private linkHere(userid: string, owner: ImageUser, md: MdiskDef, vdev: string, modeText: string): CpAnswer {
    const image = this.s.image()!;
    const vol = this.s.volume(md.volser!)!;
    const parsedMode = parseLinkMode(modeText)!;
    if (this.s.vdev(userid, vdev))
      return cpAnswer("HCPLNM110E", { userid: owner.userid, vdev: md.vdev, vdev2: vdev });
    const start = md.start!;
    const end = start + Math.max(md.count ?? vol.info.cylinders - start, 1) - 1;
    if (end >= vol.info.cylinders)
      return cpAnswer("HCPLNM9003E", {
        userid: owner.userid,
        vdev: md.vdev,
        volid: md.volser!,
        cylinders: vol.info.cylinders,
      });
    const req: LinkRequest = {
      system: image.sysname,
      slot: undefined,
      slotNames: image.slotNames,
      userid,
      vdev,
      owner: owner.userid,
      ownerVdev: md.vdev,
      start,
      end,
      mode: parsedMode.mode,
      virtualReserve: parsedMode.virtualReserve,
    };
    // Against every link this system holds there: its own, and any a Volume granted before links
    // on such volumes became the node's (until the next IPL resets them).
    const d = decideOnVolume(this.linksOn(md.volser!, true), null, req, LOCAL_GENERATION).decision;
    if (!d.granted) return cpAnswer(d.error.id, d.error.vars);
    this.s
      .sql`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", access, generation, pending, link_mode)
      VALUES (${userid}, ${vdev}, 'LINK', ${owner.userid}, ${md.vdev}, ${md.volser!}, ${start}, ${end}, ${d.access}, ${LOCAL_GENERATION}, ${PENDING.linked}, ${modeText.toUpperCase()})`;
    return d.warning ? { rc: rcOf(d.warning.id), lines: [lineOf(d.warning)] } : okAnswer();
  }

  /** The links this node decided alone on a volume, as ledger entries (for the volume view and XLINK FORMAT). */
  localLinks(volser: string): LedgerLink[] {
    return this.linksOn(volser, false);
  }

  /**
   * This system's links on a volume as ledger entries: those it decided alone, or (`all`) every
   * granted one (a link a Volume granted has no mode kept here: its access stands for it).
   */
  private linksOn(volser: string, all: boolean): LedgerLink[] {
    const here = this.s.sysname;
    const rows = all
      ? this.s
          .sql<VdevRow>`SELECT * FROM vdevs WHERE volser = ${volser} AND kind = 'LINK' AND access IS NOT NULL`
      : this.s.sql<VdevRow>`SELECT * FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'
          AND generation = ${LOCAL_GENERATION}`;
    return rows.flatMap((r) => {
      const mode = parseLinkMode(r.link_mode ?? (isWriteAccess(r.access as Access) ? "W" : "R"));
      if (!mode || !r.owner || !r.owner_vdev || r.start === null || r.end === null) return [];
      return [
        {
          system: here,
          userid: r.userid,
          vdev: r.vdev,
          owner: r.owner,
          ownerVdev: r.owner_vdev,
          start: r.start,
          end: r.end,
          access: r.access as LedgerLink["access"],
          requested: mode.mode,
          generation: LOCAL_GENERATION,
          virtualReserve: mode.virtualReserve,
        },
      ];
    });
  }

  /** Gives a device back: its virtual reserve, its hardware reserves, its link on the volume. */
  async release(d: VdevRow): Promise<void> {
    this.reserves.forget(d);
    if (!d.volser || d.kind === "ATTACHED" || isLocalLink(d)) {
      this.s.sql`DELETE FROM vdevs WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
      // A dedicated volume's hardware reserve is the volume's; a link decided here has none.
      if (d.volser && d.kind === "ATTACHED")
        await this.s.volumeStub(d.volser).releaseReservesOfUser(this.s.image()!.sysname, d.userid, d.vdev);
      return;
    }
    const checking = this.touch(d.volser);
    if (checking) await checking;
    // The device as it is now: a repair or another request may have settled it meanwhile.
    const now = this.s.sql<VdevRow & { token: string | null }>`
      SELECT * FROM vdevs WHERE userid = ${d.userid} AND vdev = ${d.vdev}`[0];
    if (!now || now.volser !== d.volser || now.pending === PENDING.detaching) return;
    const token = now.token ?? crypto.randomUUID();
    // The intent first: a crash from here on leaves a DETACH in doubt, which a repair finishes.
    this.s
      .sql`UPDATE vdevs SET pending = ${PENDING.detaching}, token = ${token} WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
    // A LINK still awaiting its volume sees the device detaching and gives its grant back itself.
    if (now.pending === PENDING.linking && this.inFlight.has(token)) return;
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
    this.inFlight.add(token);
    try {
      await this.s.volumeStub(volser).detach(this.s.image()!.sysname, slot, userid, vdev, generation);
    } catch (e) {
      // The device stays detaching, in doubt: the next call to the volume finishes it.
      this.suspect(volser);
      throw e;
    } finally {
      this.inFlight.delete(token);
    }
    this.s.sql`DELETE FROM vdevs WHERE token = ${token} AND pending = ${PENDING.detaching}`;
  }

  /** DETACH vdev: a tape drive, a channel-to-channel adapter, or a minidisk or dedicated volume. */
  async detach(userid: string, vdev: string): Promise<CpAnswer> {
    if (this.devices.detachTape(userid, vdev)) return okAnswer(deviceDetached(vdev, "TAPE"));
    if (
      this.s.sql`DELETE FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev} AND kind = 'CTC' RETURNING 1`
        .length
    )
      return okAnswer(deviceDetached(vdev, "CTCA"));
    let d = this.s.vdev(userid, vdev);
    const checking = d?.volser && d.kind !== "ATTACHED" && !isLocalLink(d) ? this.touch(d.volser) : undefined;
    if (checking) {
      // A device in doubt is settled first: DETACH then finds it linked, or not there.
      await checking;
      d = this.s.vdev(userid, vdev);
    }
    if (!d || d.pending) return cpAnswer("HCPDTV040E", { vdev });
    await this.release(d);
    return okAnswer(deviceDetached(vdev));
  }

  /** ATTACH rdev TO userid [AS vdev] (dedicated, R/W), or TO SYSTEM (for minidisks; an XLINK volume needs its CSE area). */
  async attach(rdev: string, to: string, as: string | undefined): Promise<CpAnswer> {
    const ctc = this.s.image()?.ctcs?.find((d) => d.rdev === rdev);
    if (ctc) return this.attachCtc(rdev, to.toUpperCase(), as);
    const v = this.s.volumeByRdev(rdev);
    if (!v) return cpAnswer("HCPQVD040E", { vdev: rdev });
    const holder = this.s.sql<{
      userid: string;
    }>`SELECT userid FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
    if (holder)
      return cpAnswer("HCPATT9040E", { class: "DASD", rdev, reason: `already attached to ${holder.userid}` });
    if (to.toUpperCase() === "SYSTEM") {
      if (v.info.xlink && !(await this.s.volumeStub(v.info.volser).formatted()))
        return cpAnswer("HCPIPL9020W", { volid: v.info.volser });
      this.s.sql`UPDATE volumes SET status = 'SYSTEM' WHERE volser = ${v.info.volser}`;
      return okAnswer(deviceAttached(v.info.rdev!, "SYSTEM", v.info.volser));
    }
    if (v.status === "SYSTEM")
      return cpAnswer("HCPATT9040E", { class: "DASD", rdev, reason: `in use by SYSTEM ${v.info.volser}` });
    const target = to.toUpperCase();
    if (!this.s.isLoggedOn(target)) return cpAnswer("HCPCQU045E", { userid: target });
    const vdev = as ?? rdev;
    if (this.s.vdev(target, vdev))
      return cpAnswer("HCPATT9040E", {
        class: "DASD",
        rdev,
        reason: `${vdev} already defined for ${target}`,
      });
    this.s.sql`INSERT INTO vdevs (userid, vdev, kind, volser, start, "end", access, generation, pending)
             VALUES (${target}, ${vdev}, 'ATTACHED', ${v.info.volser}, 0, ${v.info.cylinders - 1}, 'W', 0, 0)`;
    return okAnswer(deviceAttached(v.info.rdev!, target, vdev));
  }

  /**
   * ATTACH of this system's end of a channel-to-channel adapter to a guest (the seed's
   * `CP ATT DB44 * DB4`): one guest at a time, never SYSTEM.
   */
  private attachCtc(rdev: string, target: string, as: string | undefined): CpAnswer {
    if (target === "SYSTEM")
      return cpAnswer("HCPATT9040E", {
        class: "CTCA",
        rdev,
        reason: "a CTC is attached to a guest, not to SYSTEM",
      });
    const holder = this.s.sql<{ userid: string; vdev: string }>`
      SELECT userid, vdev FROM vdevs WHERE kind = 'CTC' AND rdev = ${rdev}`[0];
    if (holder)
      return cpAnswer("HCPATT9040E", {
        class: "CTCA",
        rdev,
        reason: `already attached to ${holder.userid} ${holder.vdev}`,
      });
    if (!this.s.isLoggedOn(target)) return cpAnswer("HCPCQU045E", { userid: target });
    const vdev = as ?? rdev;
    if (this.s.vdev(target, vdev) || this.devices.tapeOn(target, vdev))
      return cpAnswer("HCPATT9040E", {
        class: "CTCA",
        rdev,
        reason: `${vdev} already defined for ${target}`,
      });
    this.s.sql`INSERT INTO vdevs (userid, vdev, kind, rdev, generation, pending)
               VALUES (${target}, ${vdev}, 'CTC', ${rdev}, 0, 0)`;
    return okAnswer(deviceAttached(rdev, target, vdev, "CTCA"));
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
        lines.push(
          formatMessage("HCPATT9040E", { class: "DASD", rdev, reason: `in use: ${v.info.volser} has links` }),
        );
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
  async detachReal(rdev: string, from?: string, issuer?: string): Promise<CpAnswer> {
    // A channel-to-channel adapter is taken from the guest that holds it (PVM's line then drops),
    // when FROM names that guest (`*` the issuer) or ALL; never SYSTEM's.
    const ctc = this.s.sql<{ userid: string; vdev: string }>`
      SELECT userid, vdev FROM vdevs WHERE kind = 'CTC' AND rdev = ${rdev}`[0];
    if (ctc) {
      const named = from === "*" ? issuer : from;
      if (named !== undefined && named !== "ALL" && named !== ctc.userid)
        return cpAnswer("HCPATT9040E", {
          class: "CTCA",
          rdev,
          reason: `attached to ${ctc.userid} ${ctc.vdev}, not to ${named}`,
        });
      this.s.sql`DELETE FROM vdevs WHERE kind = 'CTC' AND rdev = ${rdev}`;
      return okAnswer([realDetached(rdev, ctc.userid, ctc.vdev, "CTCA")]);
    }
    const v = this.s.volumeByRdev(rdev);
    if (!v) return cpAnswer("HCPQVD040E", { vdev: rdev });
    const att = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
    if (att) {
      await this.release(att);
      return okAnswer([realDetached(rdev, att.userid, att.vdev)]);
    }
    if (this.s.sql`SELECT 1 FROM vdevs WHERE volser = ${v.info.volser}`.length > 0)
      return cpAnswer("HCPATT9040E", {
        class: "DASD",
        rdev,
        reason: `in use: minidisks on ${v.info.volser} are linked`,
      });
    this.s.sql`UPDATE volumes SET status = 'FREE' WHERE volser = ${v.info.volser}`;
    return okAnswer([realDetached(rdev, "SYSTEM", v.info.volser)]);
  }
}
