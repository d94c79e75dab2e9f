import { pathsDown, pvmReport, pvmSmsgAnswer, pvmTakesSmsg } from "./pvm";
import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { COMMAND_COMPLETE, forcedLine } from "../../src/cp/console-lines";
import {
  accepts,
  consoleLine,
  type Delivery,
  messageAnswer,
  messageTargets,
  needsStates,
  type Note,
  unreachable,
} from "../../src/cp/messaging";
import type { MessageCommand } from "../../src/cp/parse/message";
import type { SystemState } from "../../src/plex/topology";
import type { Lifecycle } from "./lifecycle";
import type { NodeState } from "./state";

/** A user logged on to a system, as QUERY NAMES lists it. */
export type NameEntry = { userid: string; terminal: string; system: string };

/**
 * What crosses systems: MSG, SMSG and WARNING to users here or elsewhere, CP's notices, QUERY NAMES
 * AT, FORCE and XAUTOLOG AT, and the path INDICATE AT takes. Another system is reached through its
 * VmNode, found by name.
 */
export class CrossSystem {
  constructor(
    private readonly s: NodeState,
    private readonly lifecycle: Lifecycle,
  ) {}

  private states(): Promise<Record<string, SystemState>> {
    return this.s.plexStub().systemStates();
  }

  /**
   * The systems' states and, in a plex that models its CSE network, why each other UP system has
   * no CSE path from here (src/pvm/network.ts); `only` limits the paths asked about.
   */
  private async reach(
    only?: string,
  ): Promise<{ states: Record<string, SystemState>; noPath: Record<string, string> }> {
    const states = await this.states();
    const here = this.s.sysname;
    const others = Object.keys(states).filter(
      (s) => s !== here && states[s] === "UP" && (!only || s === only),
    );
    return { states, noPath: await pathsDown(this.s, others) };
  }

  /**
   * Puts a message on a user's console here, if the user is logged on and takes that kind. An SMSG
   * to PVM while its program runs goes to the program, which answers (pvmAnswer, the one case
   * that waits: it asks other nodes).
   */
  deliver(userid: string, note: Note): Delivery | Promise<Delivery> {
    if (!this.s.isUp()) return "not logged on";
    const u = this.s.sql<{ msg: number; smsg: number; wng: number }>`
      SELECT msg, smsg, wng FROM users WHERE userid = ${userid}`[0];
    if (!u) return "not logged on";
    if (note.kind === "SMSG" && pvmTakesSmsg(this.s, userid)) return this.pvmAnswer(userid, note);
    const taken =
      note.kind === "CP" ? "delivered" : accepts(note, { msg: !!u.msg, smsg: !!u.smsg, wng: !!u.wng });
    if (taken === "delivered") this.s.consoleWrite(userid, [consoleLine(note, this.s.sysname)]);
    return taken;
  }

  /**
   * PVM takes an SMSG (its program receives SMSG itself, whatever SET SMSG says) and answers the
   * sender as a CMS service machine does, with CP MSG: one `MSG FROM PVM` line per answer line,
   * on the sender's system (over the path the SMSG came by). The sender's SET MSG OFF loses them.
   */
  private async pvmAnswer(userid: string, note: Note): Promise<Delivery> {
    const here = this.s.sysname;
    const lines = await pvmSmsgAnswer(this.s, note.text);
    for (const text of lines) {
      const reply: Note = { kind: "MSG", from: userid, fromSystem: here, text };
      if (note.fromSystem === here) await this.deliver(note.from, reply);
      else await this.s.nodeStub(note.fromSystem).deliver(note.from, reply);
    }
    return "delivered";
  }

  /** Delivers a note to `userid` on each of `systems`: here directly, elsewhere through its node. */
  private deliverOn(systems: string[], userid: string, note: Note): Promise<Delivery[]> {
    const here = this.s.sysname;
    return Promise.all(
      systems.map((s) =>
        s === here ? this.deliver(userid, note) : this.s.nodeStub(s).deliver(userid, note),
      ),
    );
  }

  /** Puts a CP notice on a user's console on each of `systems` that is up (here directly). */
  async notify(userid: string, text: string, systems: string[]): Promise<void> {
    const here = this.s.sysname;
    const note: Note = { kind: "CP", from: "", fromSystem: here, text };
    const states = systems.some((s) => s !== here) ? await this.states() : {};
    await this.deliverOn(
      systems.filter((s) => s === here || states[s] === "UP"),
      userid,
      note,
    );
  }

  /**
   * MSG, MSGNOH, SMSG, WARNING: to a user here, on the system AT names, on every system (AT ALL), or,
   * without AT, wherever the user is logged on when it is not logged on here.
   */
  async message(from: string, c: MessageCommand): Promise<CpAnswer> {
    const here = this.s.sysname;
    const to = c.to === "*" ? from : c.to;
    const note: Note = { kind: c.kind, from, fromSystem: here, text: c.text };
    // To one other system in a plex that models its network: that system checks the path from
    // here as it takes the message, which spares asking it for its PVM first (a hop per message).
    if (c.at && c.at !== "ALL" && c.at !== here && this.s.image()?.cseNetwork) {
      const error = unreachable(c.at, here, await this.states());
      if (error) return error;
      // A node that does not answer is a path that is not there, as pathsDown says it.
      const taken = await this.s
        .nodeStub(c.at)
        .deliverOver(to, note, pvmReport(this.s))
        .catch(() => ({ noPath: `${c.at} did not answer` }));
      if (typeof taken === "object") return cpAnswer("HCPCSE9033E", { sysname: c.at, why: taken.noPath });
      return messageAnswer(to, [taken]);
    }
    const toIsHere = this.s.isLoggedOn(to);
    const { states, noPath } = needsStates(c, here, toIsHere)
      ? await this.reach(c.at && c.at !== "ALL" ? c.at : undefined)
      : { states: {}, noPath: {} };
    const routed = messageTargets(c, here, toIsHere, states, noPath);
    if ("error" in routed) return routed.error;
    return messageAnswer(to, await this.deliverOn(routed.targets, to, note));
  }

  /** Users logged on here, for QUERY NAMES (also asked by other systems for AT ALL). */
  localNames(): NameEntry[] {
    if (!this.s.isUp()) return [];
    const here = this.s.sysname;
    return this.s.sql<{ userid: string; disconnected: number }>`
      SELECT userid, disconnected FROM users ORDER BY userid`.map((r) => ({
      userid: r.userid,
      terminal: r.disconnected ? "DSC" : "0009",
      system: here,
    }));
  }

  /**
   * The users of this system, of system `at`, or of every UP system (AT ALL), with the systems
   * that could not be asked because they are not up: CP leaves them out and says so.
   */
  async namesAt(
    at: string | undefined,
  ): Promise<{ names: NameEntry[]; unreachable: string[]; noPath?: string[] } | CpAnswer> {
    const here = this.s.sysname;
    const image = this.s.image()!;
    if (!at || at === here) return { names: this.localNames(), unreachable: [] };
    if (at !== "ALL" && !image.systems.includes(at)) return cpAnswer("HCPCSE9031E", { sysname: at });
    const { states, noPath } = await this.reach(at === "ALL" ? undefined : at);
    if (at !== "ALL") {
      const error = unreachable(at, here, states, noPath);
      if (error) return error;
    }
    const targets =
      at === "ALL" ? image.systems.filter((s) => s === here || (states[s] === "UP" && !noPath[s])) : [at];
    const lists = await Promise.all(
      targets.map((s) => (s === here ? this.localNames() : this.s.nodeStub(s).localNames())),
    );
    const left = image.systems.filter((s) => !targets.includes(s));
    return {
      names: lists.flat(),
      unreachable: left.filter((s) => !noPath[s]),
      noPath: left.filter((s) => noPath[s]),
    };
  }

  /**
   * The node of system `at` when it is up and, in a plex that models its CSE network, reached over
   * a CSE path; else the CP error that says why not (FORCE, XAUTOLOG and INDICATE AT).
   */
  // A stub is a proxy that answers every property, so the result is wrapped rather than tested with `in`.
  async upNode(at: string): Promise<{ error: CpAnswer } | { node: ReturnType<NodeState["nodeStub"]> }> {
    const { states, noPath } = await this.reach(at);
    const error = unreachable(at, this.s.sysname, states, noPath);
    return error ? { error } : { node: this.s.nodeStub(at) };
  }

  /** FORCE userid [AT sysname]. */
  async force(target: string, at: string | undefined): Promise<CpAnswer> {
    if (!at || at === this.s.sysname) return this.forceLocal(target);
    const up = await this.upNode(at);
    return "error" in up ? up.error : up.node.forceLocal(target);
  }

  /** FORCE of a user logged on here. */
  async forceLocal(target: string): Promise<CpAnswer> {
    if (!this.s.isLoggedOn(target)) return cpAnswer("HCPCQU045E", { userid: target });
    await this.lifecycle.logoffUser(target);
    return okAnswer([forcedLine(target)]);
  }

  /** XAUTOLOG userid [AT sysname]. */
  async xautolog(target: string, at: string | undefined): Promise<CpAnswer> {
    if (!at || at === this.s.sysname) return this.xautologLocal(target);
    const up = await this.upNode(at);
    return "error" in up ? up.error : up.node.xautologLocal(target);
  }

  /**
   * XAUTOLOG of a user onto this system, disconnected. From another system (`remote`), a service
   * machine is logged on without starting its program: a profile that XAUTOLOGs AT others would
   * otherwise run theirs inside the same request, and so on around the plex.
   */
  async xautologLocal(target: string, remote = false): Promise<CpAnswer> {
    if (!this.s.directoryUser(target)) return cpAnswer("HCPLNM053E", { userid: target });
    if (this.s.isLoggedOn(target)) return cpAnswer("HCPLGA054E");
    const a = await this.lifecycle.logonUser(target, { disconnected: true, program: !remote });
    return okAnswer([...a.lines, COMMAND_COMPLETE]);
  }
}
