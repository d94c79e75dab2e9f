import type { CpAnswer } from "../../src/catalog/answer";
import type { Refusal } from "../../src/refusal";
import type { RscsAnswer, RscsReport } from "./rscs";
import type { RscsReach } from "../../src/rscs/types";
import type { PvmReport } from "../../src/pvm/report";
import { pvmReport } from "./pvm";
import { VmNodeBase } from "./vm-node-base";

/** The VmNode's RPC methods for its service machines: PVM's state, RSCS between nodes, CMS commands, DirMaint's satellites. */
export abstract class VmNodeServices extends VmNodeBase {
  /**
   * This system's PVM as the CSE network needs it: whether its program runs, the configuration it
   * read, and the CTCs attached to it.
   */
  pvmState(): PvmReport {
    return pvmReport(this.s);
  }

  /** A CMS command issued by a logged-on user (src/cms/commands.ts): CMS's rc and lines. */
  async cms(userid: string, text: string): Promise<CpAnswer | Refusal> {
    const refused = this.unknown() ?? this.s.refusalFor(userid, { logon: true });
    if (refused) return refused;
    return this.whileExists(async () => {
      const answer = await this.cmsCommands.run(userid, text);
      this.s.consoleWrite(userid, answer.lines);
      return answer;
    });
  }

  /** A satellite here as `GET /directory` tells it: logged on, running, updates waiting in its reader. */
  async dirmsatStatus(userid: string): Promise<{ loggedOn: boolean; running: boolean; waiting: number }> {
    if (this.unknown() || !this.s.isUp()) return { loggedOn: false, running: false, waiting: 0 };
    return this.dirmaint.status(userid);
  }

  /** This system's RSCS as another system's RSCS needs it (./rscs.ts). */
  rscsState(): RscsReport {
    return this.unknown() ? { running: false, config: null, attached: [], started: [] } : this.rscs.report();
  }

  /** Whether RSCS here reaches `node` now, and why not (docs/rscs.md). */
  async rscsReach(node: string): Promise<RscsReach> {
    return this.unknown() ? { ok: false, why: "No such system" } : this.rscs.reach(node);
  }

  /** Another system's RSCS started its link to this one: send what RSCS here queued for it. */
  async rscsFlush(peer: string, report?: RscsReport): Promise<void> {
    if (!this.unknown()) await this.rscs.flushFor(peer, report);
  }

  /** RSCS on another system delivered files to readers here: notices and arrival hooks. */
  async rscsDelivered(spoolids: string[]): Promise<void> {
    if (!this.unknown()) await this.rscs.delivered(spoolids);
  }

  /** A message RSCS on `fromNode` brought for a user here (TELL over RSCS). */
  async rscsMessage(fromNode: string, fromUser: string, userid: string, text: string): Promise<RscsAnswer> {
    return this.unknown()
      ? { rc: 4, lines: ["No such system"] }
      : this.rscs.received(fromNode, fromUser, userid, text);
  }
}
