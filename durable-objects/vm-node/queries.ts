import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { formatMessage } from "../../src/catalog/messages";
import { queryTime } from "../../src/cp/layouts/time";
import { queryNames, queryUser, queryUserid, queryUsers } from "../../src/cp/layouts/users";
import type { IndicateCommand } from "../../src/cp/parse/indicate";
import type { QueryCommand } from "../../src/cp/parse/query";
import type { CrossSystem } from "./cross-system";
import { Indicate } from "./indicate";
import { DeviceQueries } from "./query-devices";
import { SystemQueries } from "./query-system";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/**
 * QUERY and INDICATE: what this system knows, laid out as CP lays it out (src/cp/layouts/). This
 * dispatches and answers the users' queries (USERID, NAMES, USERS, USER, TIME); devices are
 * query-devices.ts's, the system and the issuer's settings query-system.ts's, INDICATE indicate.ts's.
 */
export class Queries {
  private readonly deviceQueries: DeviceQueries;
  private readonly systemQueries: SystemQueries;
  private readonly indicator: Indicate;

  constructor(
    private readonly s: NodeState,
    private readonly cross: CrossSystem,
    private readonly devices: SpoolDevices,
  ) {
    this.deviceQueries = new DeviceQueries(s, devices);
    this.systemQueries = new SystemQueries(s);
    this.indicator = new Indicate(s, cross);
  }

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
        return this.deviceQueries.virtualDasd(userid, c.vdev);
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
      case "CPLEVEL":
        return this.systemQueries.cplevel();
      case "LINKS":
      case "MDISK":
        return this.deviceQueries.ownMinidisk(userid, c.what, c.vdev!);
      case "FILES":
        return this.devices.query(userid, c);
      case "DASD":
        return this.deviceQueries.realDasd();
      case "REAL": {
        // QUERY rdev: when this system has no such device and the word is a userid too, that user.
        const rdev = c.rdev!;
        const device = this.deviceQueries.realDevice(rdev);
        if (device) return device;
        if (c.userid) return this.query(userid, { verb: "QUERY", what: "USER", userid: c.userid });
        return cpAnswer("HCPQVD040E", { vdev: rdev });
      }
      case "SYSTEM":
        return this.deviceQueries.systemDasd(c.rdev!);
      case "CPOWNED":
        return this.systemQueries.cpowned(c.volid);
      case "ALLOC":
        return this.systemQueries.alloc(c.alloc ?? { kind: "ALL", volids: [] });
      case "CPUID":
        return this.systemQueries.cpuid();
      case "SET":
        return this.systemQueries.set(userid);
      case "PRIVCLAS":
        return this.systemQueries.privclas(userid);
      case "VIRTUAL":
        return this.deviceQueries.virtual(userid, c.virtual ?? "ALL");
      default:
        return cpAnswer("HCPCQV003E", { option: c.what });
    }
  }

  /**
   * INDICATE of `userid` (holding `classes`): here, or with AT on another system (indicate.ts).
   * Another user's resources need class E (recalled).
   */
  indicate(userid: string, classes: string, c: IndicateCommand): Promise<CpAnswer> {
    return this.indicator.indicate(userid, classes, c);
  }

  /** INDICATE as this system answers it (also for another system's INDICATE ... AT). */
  indicateLocal(c: IndicateCommand): CpAnswer {
    return this.indicator.local(c);
  }
}
