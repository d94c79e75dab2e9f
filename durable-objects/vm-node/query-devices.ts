import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { linkLine, mdiskLine } from "../../src/cp/console-lines";
import { deviceAttached, queryDasd, realFree, systemDasdUsers } from "../../src/cp/layouts/devices";
import { cpuidOf } from "../../src/cp/layouts/system";
import {
  queryVirtualConsole,
  queryVirtualCpu,
  queryVirtualCtc,
  queryVirtualDasd,
  queryVirtualStorage,
  queryVirtualUnitRecord,
} from "../../src/cp/layouts/virtual";
import type { VirtualWhat } from "../../src/cp/parse/query";
import { accessLabel } from "../../src/dasd/link-rules";
import { storageField } from "./indicate";
import type { VdevRow } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/** The console and the reader, punch and printer every user has (see indicate.ts's BASE_DEVICES). */
const CONSOLE_VDEV = "0009";
const UNIT_RECORD_VDEVS = { RDR: "000C", PUN: "000D", PRT: "000E" } as const;

/**
 * QUERY of devices: a user's virtual ones (VIRTUAL, vdev, LINKS, MDISK) and this system's real ones
 * (DASD, rdev), as this system knows them.
 */
export class DeviceQueries {
  constructor(
    private readonly s: NodeState,
    private readonly devices: SpoolDevices,
  ) {}

  /** QUERY VIRTUAL DASD, or QUERY VIRTUAL vdev of any of the user's devices. */
  virtualDasd(userid: string, vdev: string | undefined): CpAnswer {
    const rows = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND pending = 0 ORDER BY vdev`;
    // QUERY VIRTUAL vdev of a channel-to-channel adapter; QUERY VIRTUAL DASD lists DASD only.
    const ctc = vdev === undefined ? undefined : rows.find((d) => d.vdev === vdev && d.kind === "CTC");
    if (ctc) return okAnswer([queryVirtualCtc(ctc.vdev, ctc.rdev ?? "")]);
    const devs = rows.filter((d) => d.kind !== "CTC" && (vdev === undefined || d.vdev === vdev));
    if (vdev !== undefined && devs.length === 0) {
      // The console and the spooled devices every user has (QUERY VIRTUAL 009, 00C ...).
      const base = this.baseDevices(userid).find((b) => b.vdev === vdev);
      return base ? okAnswer(base.lines) : cpAnswer("HCPQVD040E", { vdev });
    }
    return okAnswer(
      queryVirtualDasd(
        devs.map((d) => {
          // A V-DISK: `DASD 0300 9336 (VDSK) R/W 262144 BLK ON DASD  VDSK` (xcat-zvm-rinv-lsvm-output.txt line 53).
          if (d.kind === "VDISK")
            return {
              vdev: d.vdev,
              devtype: "9336",
              volser: "(VDSK)",
              access: accessLabel(d.access ?? ""),
              cylinders: (d.end ?? 0) - (d.start ?? 0) + 1,
              rdev: "VDSK",
              unit: "BLK",
              dedicated: false,
            };
          const v = d.volser ? this.s.volume(d.volser) : undefined;
          return {
            vdev: d.vdev,
            devtype: (v?.info.devtype ?? "3390").slice(0, 4),
            volser: d.volser ?? "",
            access: accessLabel(d.access ?? ""),
            cylinders: (d.end ?? 0) - (d.start ?? 0) + 1,
            rdev: v?.info.rdev,
            dedicated: d.kind === "ATTACHED",
          };
        }),
      ),
    );
  }

  /** QUERY LINKS / MDISK of one of the issuer's own minidisks, as this system knows it (CSE keeps no remote userids). */
  ownMinidisk(userid: string, what: "LINKS" | "MDISK", vdev: string): CpAnswer {
    const mine = this.s.user(userid)?.mdisks.find((m) => m.vdev === vdev);
    if (!mine) return cpAnswer("HCPQVD040E", { vdev });
    if (what === "MDISK") return okAnswer([mdiskLine(mine)]);
    const rows = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE owner = ${userid} AND owner_vdev = ${vdev} AND pending = 0 ORDER BY userid, vdev`;
    return okAnswer(rows.map((r) => linkLine(r.userid, r.vdev, accessLabel(r.access ?? ""))));
  }

  /**
   * QUERY rdev (class B): a CTC of this system (who holds it) or a DASD (as QUERY DASD shows it);
   * undefined when this system has no such device (the word may be a userid: queries.ts asks).
   */
  realDevice(rdev: string): CpAnswer | undefined {
    if (this.s.image()?.ctcs?.some((d) => d.rdev === rdev)) {
      const holder = this.s.sql<{ userid: string; vdev: string }>`
        SELECT userid, vdev FROM vdevs WHERE kind = 'CTC' AND rdev = ${rdev}`[0];
      return okAnswer(
        holder ? deviceAttached(rdev, holder.userid, holder.vdev, "CTCA") : [realFree("CTCA", rdev)],
      );
    }
    const v = this.s.volumeByRdev(rdev);
    if (!v) return undefined;
    const att = this.s.sql<{ userid: string; vdev: string }>`
      SELECT userid, vdev FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
    if (att)
      return okAnswer(
        queryDasd([
          {
            rdev,
            volser: v.info.volser,
            state: "ATTACHED",
            userid: att.userid,
            vdev: att.vdev,
            access: "R/W",
          },
        ]),
      );
    const listed = this.realDasd(rdev);
    return listed.lines.length ? listed : okAnswer([realFree("DASD", rdev)]);
  }

  /**
   * QUERY SYSTEM rdev (class B): a system-attached DASD as QUERY DASD shows it, then each of this
   * system's users linked to minidisks on it (the form is ours: docs/decisions.md).
   */
  systemDasd(rdev: string): CpAnswer {
    const v = this.s.volumeByRdev(rdev);
    const listed = v ? this.realDasd(rdev) : undefined;
    if (!v || !listed || listed.lines.length === 0) return cpAnswer("HCPQVD040E", { vdev: rdev });
    const links = this.s.sql<{ userid: string; vdev: string; access: string | null }>`
      SELECT userid, vdev, access FROM vdevs WHERE volser = ${v.info.volser} AND kind = 'LINK'
        AND access IS NOT NULL ORDER BY userid, vdev`;
    const users = links.map((l) => ({ userid: l.userid, vdev: l.vdev, mode: accessLabel(l.access ?? "") }));
    return okAnswer([...listed.lines, ...systemDasdUsers(users)]);
  }

  /** QUERY DASD: the real volumes attached to SYSTEM or owned by CP, with their users. */
  realDasd(only?: string): CpAnswer {
    const owned = new Set(this.s.image()!.cpOwned);
    const users = (volser: string) =>
      this.s.sql`SELECT 1 FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'`.length;
    return okAnswer(
      queryDasd(
        this.s
          .volumes()
          .filter(
            (v) =>
              v.info.rdev &&
              (only === undefined || v.info.rdev === only) &&
              (v.status === "SYSTEM" || owned.has(v.info.volser)),
          )
          .map((v) => ({
            rdev: v.info.rdev!,
            volser: v.info.volser,
            state: owned.has(v.info.volser) ? ("OWNED" as const) : ("SYSTEM" as const),
            users: users(v.info.volser),
          })),
      ),
    );
  }

  /**
   * The console (0009) and the reader, punch and printer (000C-000E) of a logged-on user, each
   * with its QUERY VIRTUAL lines; their subchannels follow the user's DASD (ours).
   */
  private baseDevices(userid: string): { vdev: string; lines: string[] }[] {
    const dasd = this.s.sql<{ n: number }>`
      SELECT count(*) AS n FROM vdevs WHERE userid = ${userid} AND pending = 0 AND kind <> 'CTC'`[0].n;
    const sc = (i: number) => (dasd + i).toString(16).toUpperCase().padStart(4, "0");
    const row = this.s.sql<{
      disconnected: number;
    }>`SELECT disconnected FROM users WHERE userid = ${userid}`[0];
    const settings = this.devices.settings(userid);
    return [
      {
        vdev: CONSOLE_VDEV,
        lines: queryVirtualConsole(CONSOLE_VDEV, userid, row?.disconnected ? "DSC" : CONSOLE_VDEV, sc(0)),
      },
      ...(["RDR", "PUN", "PRT"] as const).map((kind, i) => {
        const d = settings[kind];
        return {
          vdev: UNIT_RECORD_VDEVS[kind],
          lines: queryVirtualUnitRecord({
            kind,
            vdev: UNIT_RECORD_VDEVS[kind],
            cls: d.cls,
            cont: d.cont,
            hold: d.hold,
            keep: d.keep,
            copies: d.copies,
            to: d.to,
            dist: d.dist ?? userid,
            subchannel: sc(i + 1),
          }),
        };
      }),
    ];
  }

  /** QUERY VIRTUAL [ALL|STORAGE|CONSOLE|READER|PUNCH|PRINTER]; ALL lists every device in vdev order. */
  virtual(userid: string, what: VirtualWhat): CpAnswer {
    const storage = queryVirtualStorage(storageField(this.s.user(userid)?.storage));
    const base = this.baseDevices(userid);
    switch (what) {
      case "STORAGE":
        return okAnswer(storage);
      case "CONSOLE":
        return okAnswer(base[0].lines);
      case "RDR":
      case "PUN":
      case "PRT":
        return okAnswer(base.find((b) => b.vdev === UNIT_RECORD_VDEVS[what])!.lines);
      case "ALL": {
        const dasd = this.virtualDasd(userid, undefined).lines.map((line) => ({
          vdev: line.slice(5, 9),
          lines: [line],
        }));
        const ctcs = this.s
          .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND pending = 0 AND kind = 'CTC'`.map(
          (d) => ({ vdev: d.vdev, lines: [queryVirtualCtc(d.vdev, d.rdev ?? "")] }),
        );
        const devices = [...base, ...dasd, ...ctcs].sort(
          (x, y) => parseInt(x.vdev, 16) - parseInt(y.vdev, 16),
        );
        return okAnswer([
          ...storage,
          ...queryVirtualCpu(cpuidOf(this.s.image()?.identifier)),
          ...devices.flatMap((d) => d.lines),
        ]);
      }
    }
  }
}
