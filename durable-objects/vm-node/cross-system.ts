import { pathsDown, pvmReport, pvmSmsgAnswer, pvmTakesSmsg } from "./pvm";
import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { formatMessage } from "../../src/catalog/messages";
import {
  accountingLine,
  autoLogon,
  COMMAND_ACCEPTED,
  COMMAND_COMPLETE,
  logoffLine,
} from "../../src/cp/console-lines";
import {
  accepts,
  broadcastTargets,
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
import { type Sessions, zoneOf } from "./sessions";
import type { NodeState } from "./state";

/** A user logged on to a system, as QUERY NAMES lists it. */
export type NameEntry = { userid: string; terminal: string; system: string };

/** The operator, who gets CP's accounting lines (reference §5) when someone else FORCEs or XAUTOLOGs. */
const OPERATOR = "OPERATOR";

/** A logged-on user's terminal as QUERY NAMES and the accounting lines show it: DSC, or the console's. */
/**
 * The terminal QUERY NAMES shows for a connected user: a session over the API is a logical device,
 * as a TN3270 session through TCP/IP is (`Lnnnn`, reference §7, recalled), numbered by the session's
 * row (a new LOGON takes a new one).
 */
const logicalDevice = (row: number): string =>
  `L${((row - 1) & 0xffff).toString(16).toUpperCase().padStart(4, "0")}`;

const terminalOf = (disconnected: boolean): string => (disconnected ? "DSC" : "0009");

/**
 * What crosses systems: MSG, SMSG and WARNING to users here or elsewhere, CP's notices, QUERY NAMES
 * AT, FORCE and XAUTOLOG AT, and the path INDICATE AT takes. Another system is reached through its
 * VmNode, found by name.
 */
export class CrossSystem {
  /**
   * Service machines other than PVM that take SMSG themselves while their program runs (RSCS): each
   * answers the lines to send back, or undefined when `userid` is not its user.
   */
  readonly smsgTakers: ((userid: string, note: Note) => Promise<string[]> | undefined)[] = [];

  constructor(
    private readonly s: NodeState,
    private readonly sessions: Sessions,
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
    if (note.kind === "SMSG")
      for (const take of this.smsgTakers) {
        const lines = take(userid, note);
        if (lines) return this.answerWith(userid, note, lines);
      }
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
  private pvmAnswer(userid: string, note: Note): Promise<Delivery> {
    return this.answerWith(userid, note, pvmSmsgAnswer(this.s, note.text));
  }

  /** A service machine's answer to an SMSG, each line a MSG back to the sender on its system. */
  private async answerWith(userid: string, note: Note, answer: Promise<string[]>): Promise<Delivery> {
    const here = this.s.sysname;
    const lines = await answer;
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

  /**
   * Puts a CP notice on a user's console on each of `systems` that is up (here directly). In a plex
   * that models its network a notice crosses only over a CSE path: the target checks it as it takes
   * the notice (`deliverOver`), and one with no path is not delivered (XSPOOL over PVM).
   */
  async notify(userid: string, text: string, systems: string[]): Promise<void> {
    const here = this.s.sysname;
    const note: Note = { kind: "CP", from: "", fromSystem: here, text };
    if (!this.s.image()?.cseNetwork) {
      const states = systems.some((s) => s !== here) ? await this.states() : {};
      await this.deliverOn(
        systems.filter((s) => s === here || states[s] === "UP"),
        userid,
        note,
      );
      return;
    }
    const sender = pvmReport(this.s);
    await Promise.all(
      systems.map((s) =>
        s === here ? this.deliver(userid, note) : this.s.nodeStub(s).deliverOver(userid, note, sender),
      ),
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
    if (c.all) return this.broadcast(note, c.at);
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

  /**
   * MSG ALL, MSGNOH ALL, WARNING ALL: every user logged on here, or on the system AT names, or on
   * every UP system (AT ALL); another system only over a CSE path in a plex that models its
   * network, as MSG AT. Each user's SET MSG/WNG decides, as for a message to one user; CP says
   * nothing to the sender when all went (z/VM 7.3 MESSAGE ALL shows no response: ours).
   */
  private async broadcast(note: Note, at: string | undefined): Promise<CpAnswer> {
    const here = this.s.sysname;
    if (at && at !== "ALL" && at !== here && this.s.image()?.cseNetwork) {
      const error = unreachable(at, here, await this.states());
      if (error) return error;
      const taken = await this.s
        .nodeStub(at)
        .broadcastOver(note, pvmReport(this.s))
        .catch(() => ({ noPath: `${at} did not answer` }));
      if (typeof taken === "object") return cpAnswer("HCPCSE9033E", { sysname: at, why: taken.noPath });
      return okAnswer();
    }
    const { states, noPath } =
      at && at !== here ? await this.reach(at === "ALL" ? undefined : at) : { states: {}, noPath: {} };
    const routed = broadcastTargets(at, here, states, noPath);
    if ("error" in routed) return routed.error;
    await Promise.all(
      routed.targets.map((s) => (s === here ? this.broadcastHere(note) : this.s.nodeStub(s).broadcast(note))),
    );
    return okAnswer();
  }

  /** Puts a broadcast on the console of every user logged on here that takes it; answers how many did. */
  broadcastHere(note: Note): number {
    if (!this.s.isUp()) return 0;
    let n = 0;
    for (const { userid } of this.s.sql<{ userid: string }>`SELECT userid FROM users ORDER BY userid`)
      if (this.deliver(userid, note) === "delivered") n++;
    return n;
  }

  /** Users logged on here, for QUERY NAMES (also asked by other systems for AT ALL). */
  localNames(): NameEntry[] {
    if (!this.s.isUp()) return [];
    const here = this.s.sysname;
    return this.s.sql<{ userid: string; disconnected: number; ldev: number }>`
      SELECT userid, disconnected, rowid AS ldev FROM users ORDER BY userid`.map((r) => ({
      userid: r.userid,
      terminal: r.disconnected ? "DSC" : logicalDevice(r.ldev),
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

  /** FORCE userid [AT sysname], by `issuer`. */
  async force(target: string, at: string | undefined, issuer: string): Promise<CpAnswer> {
    if (!at || at === this.s.sysname) return this.forceLocal(target, issuer);
    const up = await this.upNode(at);
    return "error" in up ? up.error : up.node.forceLocal(target, issuer);
  }

  /**
   * FORCE of a user logged on here: its console ends `LOGOFF AT ... BY SYSTEM` (tessia line 150;
   * VM/370 Operator's Guide), and the issuer (and the operator) get CP's accounting line, `USER DSC
   * LOGOFF AS  LINUX2   USERS = 31    FORCED BY MAINT` [C: BC-DRV, reference §6]. No HCPSIG2114I:
   * no guest here enables signal-shutdown.
   */
  async forceLocal(target: string, issuer: string): Promise<CpAnswer> {
    const u = this.s.sql<{
      disconnected: number;
    }>`SELECT disconnected FROM users WHERE userid = ${target}`[0];
    if (!u) return cpAnswer("HCPCQU045E", { userid: target });
    const now = new Date();
    this.s.consoleWrite(target, [logoffLine(now, zoneOf(this.s, now), true)]);
    await this.sessions.logoffUser(target);
    const line = accountingLine(
      { terminal: terminalOf(!!u.disconnected), action: "LOGOFF" },
      target,
      this.s.userCount(),
      issuer,
    );
    this.toOperator(issuer, [line]);
    return okAnswer([line]);
  }

  /** XAUTOLOG userid [SYNCH] [AT sysname], by `issuer`. */
  async xautolog(target: string, at: string | undefined, issuer: string, synch = false): Promise<CpAnswer> {
    if (!at || at === this.s.sysname) return this.xautologLocal(target, { issuer, synch });
    const up = await this.upNode(at);
    return "error" in up ? up.error : up.node.xautologLocal(target, issuer, synch);
  }

  /**
   * XAUTOLOG of a user onto this system, disconnected. CP answers `Command accepted` at once and the
   * logon's accounting line `AUTO LOGON  ***       LINUX2   USERS = 32` after it, then, for a
   * directory that IPLs, HCPCLS6056I [C: BC-DRV, reference §6]; with SYNCH, `Command complete` once
   * the logon is done [R]. The target's own LOGON lines go to its console, not the issuer's. From
   * another system (`remote`), a service machine is logged on without starting its program: a
   * profile that XAUTOLOGs AT others would otherwise run theirs inside the same request, and so on
   * around the plex.
   */
  async xautologLocal(
    target: string,
    opts: { issuer: string; synch?: boolean; remote?: boolean },
  ): Promise<CpAnswer> {
    const user = this.s.directoryUser(target);
    if (!user) return cpAnswer("HCPLNM053E", { userid: target });
    if (this.s.isLoggedOn(target)) return cpAnswer("HCPLGA054E");
    await this.sessions.logonUser(target, { disconnected: true, program: !opts.remote });
    const auto = autoLogon(target, this.s.userCount());
    this.toOperator(opts.issuer, [auto]);
    if (opts.synch) return okAnswer([auto, COMMAND_COMPLETE]);
    // [I] CP says it when the logon IPLs (LINUX2's directory IPLs), not with SYNCH, which verifies first.
    const ipl = user.ipl ? [formatMessage("HCPCLS6056I", { userid: target })] : [];
    return okAnswer([COMMAND_ACCEPTED, auto, ...ipl]);
  }

  /** CP's accounting lines to the operator logged on here, when someone else caused them. */
  private toOperator(issuer: string, lines: string[]): void {
    if (issuer !== OPERATOR && this.s.isLoggedOn(OPERATOR)) this.s.consoleWrite(OPERATOR, lines);
  }
}
