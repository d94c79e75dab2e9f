import { type CpAnswer, cpAnswer, okAnswer, rcOfLines } from "../../src/catalog/answer";
import { formatMessage } from "../../src/catalog/messages";
import { realDetached, varied } from "../../src/cp/console-lines";
import { deviceAttached } from "../../src/cp/layouts/devices";
import type { Links } from "./links";
import type { VdevRow, VolumeStatus } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/**
 * Real devices (class B): ATTACH of a volume to a guest (dedicated) or to SYSTEM, and of this
 * system's end of a channel-to-channel adapter; VARY ONLINE/OFFLINE; DETACH rdev.
 */
export class RealDevices {
  constructor(
    private readonly s: NodeState,
    private readonly links: Links,
    private readonly devices: SpoolDevices,
  ) {}

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
      this.s.volumesSql`UPDATE volumes SET status = 'SYSTEM' WHERE volser = ${v.info.volser}`;
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
    if (this.s.vdev(target, vdev) || this.devices.tapes.tapeOn(target, vdev))
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
      this.s.volumesSql`UPDATE volumes SET status = ${status} WHERE volser = ${v.info.volser}`;
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
      await this.links.release(att);
      return okAnswer([realDetached(rdev, att.userid, att.vdev)]);
    }
    if (this.s.sql`SELECT 1 FROM vdevs WHERE volser = ${v.info.volser}`.length > 0)
      return cpAnswer("HCPATT9040E", {
        class: "DASD",
        rdev,
        reason: `in use: minidisks on ${v.info.volser} are linked`,
      });
    this.s.volumesSql`UPDATE volumes SET status = 'FREE' WHERE volser = ${v.info.volser}`;
    return okAnswer([realDetached(rdev, "SYSTEM", v.info.volser)]);
  }
}
