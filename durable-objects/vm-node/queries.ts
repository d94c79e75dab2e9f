import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { formatMessage } from "../../src/catalog/messages";
import { linkLine, mdiskLine } from "../../src/cp/console-lines";
import {
  queryCplevel,
  queryDasd,
  queryNames,
  queryTime,
  queryUser,
  queryUserid,
  queryUsers,
  queryVirtualCtc,
  queryVirtualDasd,
} from "../../src/cp/layouts";
import type { QueryCommand } from "../../src/cp/parse/query";
import { accessLabel } from "../../src/dasd/link-rules";
import type { CrossSystem } from "./cross-system";
import type { VdevRow } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/** What QUERY CPLEVEL reports: the z/VM level cseplex answers as (CSE's XLINK still ships in 7.3). */
const CP_LEVEL = { version: 7, release: 3, modification: 0, serviceLevel: "2401" };
const CP_GENERATED = "2024-01-15T12:00:00Z";

/** QUERY: what this system knows, laid out as CP lays it out (src/cp/layouts.ts). */
export class Queries {
  constructor(
    private readonly s: NodeState,
    private readonly cross: CrossSystem,
    private readonly devices: SpoolDevices,
  ) {}

  /** Answers one QUERY command of `userid`. */
  async query(userid: string, c: QueryCommand): Promise<CpAnswer> {
    switch (c.what) {
      case "USERID":
        return okAnswer(queryUserid(userid, this.s.sysname));
      case "NAMES":
      case "USERS": {
        const found = await this.cross.namesAt(c.at);
        if ("rc" in found) return found;
        const { names, unreachable, noPath } = found;
        return okAnswer([
          ...(c.what === "USERS" ? queryUsers(names.length) : queryNames(names, { at: c.at })),
          ...unreachable.map((sysname) => formatMessage("HCPCSE9032I", { sysname })),
          ...(noPath ?? []).map((sysname) => formatMessage("HCPCSE9034I", { sysname })),
        ]);
      }
      case "USER": {
        const target = c.userid!;
        const names = await this.cross.namesAt(c.at);
        if ("rc" in names) return names;
        const found = names.names.filter((x) => x.userid === target);
        if (found.length === 0) return cpAnswer("HCPCQU045E", { userid: target });
        return okAnswer(found.flatMap((x) => queryUser(x.userid, x.terminal)));
      }
      case "VIRTUAL_DASD":
        return this.virtualDasd(userid, c.vdev);
      case "TIME": {
        const since = this.s.sql<{
          logged_on_at: string;
        }>`SELECT logged_on_at FROM users WHERE userid = ${userid}`[0];
        const now = new Date();
        return okAnswer(
          queryTime(now, {
            connectSeconds: (now.getTime() - Date.parse(since?.logged_on_at ?? now.toISOString())) / 1000,
          }),
        );
      }
      case "CPLEVEL": {
        const at = this.s.sql<{ ipl_at: string | null }>`SELECT ipl_at FROM node`[0]?.ipl_at;
        return okAnswer(queryCplevel(CP_LEVEL, new Date(CP_GENERATED), new Date(at ?? Date.now())));
      }
      case "LINKS":
      case "MDISK":
        return this.ownMinidisk(userid, c.what, c.vdev!);
      case "FILES":
        return this.devices.query(userid, c);
      case "DASD":
        return this.realDasd();
      default:
        return cpAnswer("HCPCQV003E", { option: c.what });
    }
  }

  private virtualDasd(userid: string, vdev: string | undefined): CpAnswer {
    const rows = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND pending = 0 ORDER BY vdev`;
    // QUERY VIRTUAL vdev of a channel-to-channel adapter; QUERY VIRTUAL DASD lists DASD only.
    const ctc = vdev === undefined ? undefined : rows.find((d) => d.vdev === vdev && d.kind === "CTC");
    if (ctc) return okAnswer([queryVirtualCtc(ctc.vdev, ctc.rdev ?? "")]);
    const devs = rows.filter((d) => d.kind !== "CTC" && (vdev === undefined || d.vdev === vdev));
    if (vdev !== undefined && devs.length === 0) return cpAnswer("HCPQVD040E", { vdev });
    return okAnswer(
      queryVirtualDasd(
        devs.map((d) => {
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
  private ownMinidisk(userid: string, what: "LINKS" | "MDISK", vdev: string): CpAnswer {
    const mine = this.s.user(userid)?.mdisks.find((m) => m.vdev === vdev);
    if (!mine) return cpAnswer("HCPQVD040E", { vdev });
    if (what === "MDISK") return okAnswer([mdiskLine(mine)]);
    const rows = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE owner = ${userid} AND owner_vdev = ${vdev} AND pending = 0 ORDER BY userid, vdev`;
    return okAnswer(rows.map((r) => linkLine(r.userid, r.vdev, accessLabel(r.access ?? ""))));
  }

  /** QUERY DASD: the real volumes attached to SYSTEM or owned by CP, with their users. */
  private realDasd(): CpAnswer {
    const owned = new Set(this.s.image()!.cpOwned);
    const users = (volser: string) =>
      this.s.sql`SELECT 1 FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'`.length;
    return okAnswer(
      queryDasd(
        this.s
          .volumes()
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
}
