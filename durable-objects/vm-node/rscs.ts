import { punchedFile } from "../plex/spool";
import { usersRunning } from "../../src/cms/programs";
import type { Note } from "../../src/cp/messaging";
import type { NetworkCtc } from "../../src/pvm/types";
import { answerRscsQuery, parseRscsCommand, RSCS_TEXTS } from "../../src/rscs/commands";
import { readRscsConfig } from "../../src/rscs/config";
import { rscsNetwork, rscsReach } from "../../src/rscs/network";
import type {
  RscsArrival,
  RscsFile,
  RscsNetworkLink,
  RscsOutbound,
  RscsReach,
  RscsSent,
  RscsState,
} from "../../src/rscs/types";
import { readerNotice } from "../../src/spool/spool";
import type { ProgramRow } from "./schema";
import type { NodeState } from "./state";

/** RSCS CONFIG texts read lately: every link question reads each peer's text, most often the same. */
const CONFIGS = new Map<string, NonNullable<RscsState["config"]>>();

/** An RSCS CONFIG text as RSCS reads it, kept for the next question (at most 64 texts). */
function parsedConfig(text: string): NonNullable<RscsState["config"]> {
  let config = CONFIGS.get(text);
  if (!config) {
    if (CONFIGS.size >= 64) CONFIGS.clear();
    config = readRscsConfig(text).config;
    CONFIGS.set(text, config);
  }
  return config;
}

/** One system's RSCS as its node reports it to others (the configuration as text, parsed there). */
export type RscsReport = Omit<RscsState, "config" | "system"> & { config: string | null };

/** Answer lines and a return code, as RSCS's commands and the CMS commands over it give them. */
export type RscsAnswer = { rc: number; lines: string[] };

/**
 * This system's RSCS (issue #12; docs/rscs.md): its links (STARTed in `rscs_links` for the RSCS
 * session that started them), its queue (spool files in its reader, kept by the Plex), sending
 * and receiving files and messages, and the interface DirMaint builds on (send, reach, onArrival).
 */
export class Rscs {
  private readonly hooks: ((a: RscsArrival) => Promise<void>)[] = [];

  constructor(
    private readonly s: NodeState,
    /** Puts a note on a user's console here: a message or CP's notice. */
    private readonly deliver: (userid: string, note: Note) => Promise<string> | string,
  ) {}

  /** Registers a hook that runs for every file RSCS delivers to a reader on this system. */
  onArrival(hook: (a: RscsArrival) => Promise<void>): void {
    this.hooks.push(hook);
  }

  /** The RSCS program row here (the user running it and the configuration it read), if it runs. */
  private program(): ProgramRow | undefined {
    if (!this.s.node() || !this.s.isUp()) return undefined;
    return this.s.programs().find((p) => p.program === "RSCS");
  }

  /** The user that runs RSCS here: the running one, else the first the plex's programs name. */
  userid(): string | undefined {
    const p = this.program();
    if (p) return p.userid;
    if (!this.s.node() || !this.s.isUp()) return undefined;
    return usersRunning("RSCS", this.s.image()?.programs, (u) => this.s.directoryUser(u) !== undefined)[0];
  }

  /** This system's RSCS as others need it: running, config text, CTCs attached, links started. */
  report(): RscsReport {
    const p = this.program();
    if (!p) return { running: false, config: null, attached: [], started: [] };
    const attached = this.s.sql<{ vdev: string; rdev: string }>`
      SELECT vdev, rdev FROM vdevs WHERE userid = ${p.userid} AND kind = 'CTC' ORDER BY vdev`;
    const started = this.s.sql<{ linkid: string }>`
      SELECT linkid FROM rscs_links WHERE started_at = ${p.started_at} ORDER BY linkid`.map((r) => r.linkid);
    return { running: true, userid: p.userid, config: p.config, attached, started };
  }

  private stateOf(system: string, r: RscsReport): RscsState {
    const { config, ...rest } = r;
    return { system, ...rest, ...(config !== null ? { config: parsedConfig(config) } : {}) };
  }

  /** The links of this system with their status, asking the named peers (`only`: one of them). */
  async links(
    only?: string,
    known?: readonly RscsState[],
  ): Promise<{ here: RscsState; links: RscsNetworkLink[]; remote: RscsState[] }> {
    const image = this.s.image();
    const here = this.stateOf(this.s.sysname, this.report());
    if (!image) return { here, links: [], remote: [] };
    const named = (here.config?.links ?? []).map((l) => l.linkid).filter((n) => !only || n === only);
    const peers = image.systems.filter((x) => x !== here.system && named.includes(x));
    // Peers whose state the caller just read are not asked again (a START asks once, not three times).
    const remote = await Promise.all(
      peers.map(async (p) => {
        const had = known?.find((k) => k.system === p);
        if (had) return had;
        const r = await this.s
          .nodeStub(p)
          .rscsState()
          .catch(() => undefined);
        return r && this.stateOf(p, r);
      }),
    );
    const ctcs: NetworkCtc[] = (image.ctcs ?? []).map((d) => ({
      a: { system: here.system, rdev: d.rdev },
      b: d.peer,
    }));
    const answered = remote.filter((x): x is RscsState => x !== undefined);
    const links = rscsNetwork([here.system, ...peers], ctcs, [here, ...answered]).filter(
      (l) => l.system === here.system,
    );
    return { here, links, remote: answered };
  }

  /** Whether `node` can be reached through RSCS from here now, and why not. */
  async reach(node: string): Promise<RscsReach> {
    const n = node.toUpperCase();
    const { here, links } = await this.links(n);
    return rscsReach(here, n, links);
  }

  /** An RSCS command (from its PROFILE GCS, or `SMSG RSCS` from `issuer`); the answer lines. */
  async command(text: string, issuer?: { userid: string; system: string }): Promise<RscsAnswer> {
    const c = parseRscsCommand(text);
    const p = this.program();
    if (!p) return { rc: -3, lines: ["RSCS is not running"] };
    switch (c.verb) {
      case "ERROR":
        return { rc: 4, lines: [c.line] };
      case "INIT":
        return { rc: 0, lines: [] };
      case "QUERY": {
        const { here, links } = await this.links();
        const queue = await this.s.plexStub().rscsQueued(this.s.sysname, p.userid);
        return { rc: 0, lines: answerRscsQuery(c, { here: here.system, config: here.config, links, queue }) };
      }
      case "MSG":
        return this.message(issuer?.userid ?? p.userid, c.node, c.userid, c.text);
      case "START":
      case "DRAIN":
        return c.verb === "START" ? this.start(c.linkid, p.started_at) : this.drain(c.linkid, p.started_at);
    }
  }

  private async start(linkid: string, session: string): Promise<RscsAnswer> {
    const { here, remote } = await this.links(linkid);
    const def = here.config?.links.find((l) => l.linkid === linkid);
    if (!def) return { rc: 4, lines: [RSCS_TEXTS.notDefined(linkid)] };
    if (here.started.includes(linkid)) return { rc: 0, lines: [RSCS_TEXTS.alreadyActive(linkid)] };
    this.s.sql`INSERT OR REPLACE INTO rscs_links (linkid, started_at) VALUES (${linkid}, ${session})`;
    const lines = [RSCS_TEXTS.activating(def)];
    const { links } = await this.links(linkid, remote);
    const l = links.find((x) => x.linkid === linkid);
    if (l?.status !== "active") return { rc: 0, lines: [...lines, RSCS_TEXTS.waiting(linkid, l?.why ?? "")] };
    lines.push(RSCS_TEXTS.signon(linkid));
    // Both ends are up now: each side sends what it queued for the other, in order. One call to the
    // Plex reads both queues; the other end is asked to send only when it has something for here.
    const peer = remote.find((r) => r.system === linkid)?.userid;
    const me = this.program()?.userid;
    // RSCS was stopped (FORCE) while it asked: nothing is sent.
    if (!me) return { rc: 0, lines };
    // If the Plex cannot be asked, each end asks for itself as before (the other end's failure is its own).
    const [mine, theirs] =
      (await this.s
        .plexStub()
        .rscsPending([
          { system: this.s.sysname, rscsUser: me, node: linkid },
          ...(peer ? [{ system: linkid, rscsUser: peer, node: this.s.sysname }] : []),
        ])
        .catch(() => undefined)) ?? [];
    lines.push(...(await this.flush(linkid, remote, mine)));
    if (theirs === undefined || theirs.length > 0)
      await this.s
        .nodeStub(linkid)
        .rscsFlush(this.s.sysname, this.report())
        .catch(() => undefined);
    return { rc: 0, lines };
  }

  private async drain(linkid: string, session: string): Promise<RscsAnswer> {
    const { here } = await this.links(linkid);
    const def = here.config?.links.find((l) => l.linkid === linkid);
    if (!def) return { rc: 4, lines: [RSCS_TEXTS.notDefined(linkid)] };
    if (!here.started.includes(linkid)) return { rc: 4, lines: [RSCS_TEXTS.notActive(linkid)] };
    this.s.sql`DELETE FROM rscs_links WHERE linkid = ${linkid} AND started_at = ${session}`;
    return { rc: 0, lines: [RSCS_TEXTS.deactivated(linkid, def.line)] };
  }

  /** Another system's RSCS started its link here and gave its state: what is queued for it goes. */
  flushFor(peer: string, report?: RscsReport): Promise<string[]> {
    return this.flush(peer, report ? [this.stateOf(peer, report)] : undefined);
  }

  /**
   * Takes the tagged files CP put into RSCS's reader onto the queue, then sends what is queued here
   * for link `node` (every link when undefined) if it is active; files for
   * a node RSCS has no link or route to go back to their originators (DMT103E). The RSCS console's
   * lines. `pending`: the queue as the caller just read it from the Plex (rscsPending).
   */
  async flush(node?: string, peers?: readonly RscsState[], pending?: RscsFile[]): Promise<string[]> {
    const p = this.program();
    if (!p) return [];
    const plex = this.s.plexStub();
    // Files CP put into RSCS's reader with a tag (TRANSFER, a punch to RSCS) join the queue first.
    const queued =
      pending ?? (await plex.rscsPending([{ system: this.s.sysname, rscsUser: p.userid, node }]))[0];
    if (queued.length === 0) return [];
    const { here, links } = await this.links(node, peers);
    const lines: string[] = [];
    const local = new Set([this.s.sysname, here.config?.local ?? this.s.sysname]);
    const known = new Set([
      ...local,
      ...(here.config?.links ?? []).map((l) => l.linkid),
      ...(here.config?.routes ?? []).map((r) => r.node),
    ]);
    // A file for this node itself goes to the local user's reader, no link involved.
    for (const n of local) {
      if (!queued.some((q) => q.node === n)) continue;
      const me = { system: this.s.sysname, rscsUser: p.userid };
      const kept = await plex.rscsTransmit(me, n, me);
      if (kept.length) await this.delivered(kept.map((f) => f.spoolid));
    }
    for (const f of queued.filter((q) => !known.has(q.node))) {
      const back = await plex.rscsReject(this.s.sysname, p.userid, f.spoolid);
      if (!back) continue;
      const text = RSCS_TEXTS.rejected(f.spoolid);
      lines.push(text);
      await this.deliver(f.origin.userid, { kind: "MSG", from: p.userid, fromSystem: this.s.sysname, text });
    }
    for (const l of links.filter((x) => x.status === "active" && queued.some((q) => q.node === x.linkid))) {
      const peer =
        peers?.find((x) => x.system === l.linkid) ??
        (await this.s
          .nodeStub(l.linkid)
          .rscsState()
          .catch(() => undefined));
      if (!peer?.userid) continue;
      const sent = await plex.rscsTransmit({ system: this.s.sysname, rscsUser: p.userid }, l.linkid, {
        system: l.linkid,
        rscsUser: peer.userid,
      });
      if (sent.length === 0) continue;
      lines.push(...sent.map((f) => RSCS_TEXTS.sent(f, l.linkid)));
      await this.s
        .nodeStub(l.linkid)
        .rscsDelivered(sent.map((f) => f.spoolid))
        .catch((e: unknown) => console.error(`RSCS ${l.linkid}: arrival notices lost: ${String(e)}`));
    }
    if (lines.length) this.s.consoleWrite(p.userid, lines);
    return lines;
  }

  /**
   * Files RSCS on another system delivered to readers here: CP's reader notice to each owner, a line
   * on RSCS's console, then every arrival hook, in order.
   */
  async delivered(spoolids: string[]): Promise<void> {
    const plex = this.s.plexStub();
    const files = await plex.rscsArrived(spoolids);
    const rscsUser = this.userid();
    for (const f of files) {
      // A user this system's directory lacks: RSCS keeps the file in its own reader, held, and says so.
      if (!this.s.directoryUser(f.owner) && rscsUser) {
        await plex.rscsKeep(f.spoolid, rscsUser);
        this.s.consoleWrite(rscsUser, [
          RSCS_TEXTS.invalidUser(f.owner, this.s.sysname),
          RSCS_TEXTS.received(f, rscsUser),
        ]);
        continue;
      }
      const file = (await plex.spoolList(this.s.sysname, { owner: f.owner, queue: "RDR" })).find(
        (x) => x.spoolid === f.spoolid,
      );
      if (file)
        await this.deliver(f.owner, {
          kind: "CP",
          from: "",
          fromSystem: this.s.sysname,
          text: readerNotice(file),
        });
      if (rscsUser) this.s.consoleWrite(rscsUser, [RSCS_TEXTS.received(f, f.owner)]);
      const arrival: RscsArrival = {
        spoolid: f.spoolid,
        userid: f.owner,
        fn: f.name,
        ft: f.type,
        cls: f.cls,
        origin: f.origin,
        records: f.records,
        consume: async () => {
          await plex.spoolAction(this.s.sysname, f.owner, f.owner, {
            verb: "PURGE",
            queue: "RDR",
            select: { spoolids: [f.spoolid] },
          });
        },
      };
      for (const hook of this.hooks)
        await hook(arrival).catch((e: unknown) => console.error(`RSCS arrival hook: ${String(e)}`));
    }
  }

  /**
   * Gives RSCS a file for `to.userid` at `to.node` (DirMaint's interface; CMS SENDFILE): spooled into
   * RSCS's reader first, so nothing is lost, then sent at once if the link is active.
   */
  async send(f: RscsOutbound): Promise<RscsSent> {
    const node = f.to.node.toUpperCase();
    const rscsUser = this.userid();
    if (!rscsUser) return { ok: false, rc: 1, lines: [`No user runs RSCS on ${this.s.sysname}`] };
    const queued = await this.s
      .plexStub()
      .rscsQueue(
        punchedFile(
          { origin: this.s.sysname, from: f.from, owner: rscsUser, name: f.fn, type: f.ft, cls: f.cls },
          f.records,
        ),
        { node, userid: f.to.userid.toUpperCase() },
        { node: this.s.sysname, userid: f.from },
      );
    if (!queued.ok) return { ok: false, rc: 1, lines: [queued.message] };
    const spoolid = queued.file.spoolid;
    if (node === this.s.sysname) {
      // For this node itself: RSCS spools it to the local user once it runs.
      await this.flush(node);
      const waiting = (await this.s.plexStub().rscsQueued(this.s.sysname, rscsUser, node)).length > 0;
      return waiting
        ? { ok: true, spoolid, link: node, state: "QUEUED", why: `RSCS is not running on ${node}` }
        : { ok: true, spoolid, link: node, state: "SENT" };
    }
    const reach = await this.reach(node);
    if (!reach.ok) {
      // RSCS not running: the file waits in its reader. Running: DMT103E for a node it cannot route.
      const lines = await this.flush(node);
      const rejected = lines.find((l) => l.startsWith("DMT103E"));
      if (rejected) return { ok: false, rc: 12, lines: [rejected] };
      return { ok: true, spoolid, link: reach.link ?? node, state: "QUEUED", why: reach.why };
    }
    await this.flush(node);
    const still = (await this.s.plexStub().rscsQueued(this.s.sysname, rscsUser, node)).some(
      (q) => q.spoolid === spoolid,
    );
    return still
      ? { ok: true, spoolid, link: node, state: "QUEUED", why: "the link went down while sending" }
      : { ok: true, spoolid, link: node, state: "SENT" };
  }

  /** A message for `userid` at `node` (CMS TELL, RSCS MSG): over an active link, never queued. */
  async message(from: string, node: string, userid: string, text: string): Promise<RscsAnswer> {
    const n = node.toUpperCase();
    const u = userid.toUpperCase();
    const image = this.s.image();
    if (!image?.systems.includes(n)) return { rc: 4, lines: [RSCS_TEXTS.invalidLocation(n)] };
    const reach = await this.reach(n);
    if (!reach.ok) return { rc: 4, lines: [RSCS_TEXTS.linkDown(n, reach.why)] };
    const answer = await this.s
      .nodeStub(n)
      .rscsMessage(this.s.sysname, from, u, text)
      .catch(() => ({ rc: 4, lines: [RSCS_TEXTS.linkDown(n, `${n} did not answer`)] }));
    return answer;
  }

  /** A message RSCS on `fromNode` brought for `userid` here: MSG FROM RSCS, `From NODE(USER): text`. */
  async received(fromNode: string, fromUser: string, userid: string, text: string): Promise<RscsAnswer> {
    const rscsUser = this.userid() ?? "RSCS";
    if (!this.s.directoryUser(userid))
      return { rc: 4, lines: [RSCS_TEXTS.invalidUser(userid, this.s.sysname)] };
    const took = await this.deliver(userid, {
      kind: "MSG",
      from: rscsUser,
      fromSystem: this.s.sysname,
      text: RSCS_TEXTS.messageFrom(fromNode, fromUser, text),
    });
    if (took === "delivered") return { rc: 0, lines: [] };
    // CP's answer to RSCS's MSG, relayed to the sender (reference §2.5).
    return {
      rc: 45,
      lines: [
        took === "not logged on"
          ? `HCPMSG045E ${userid} not logged on`
          : `HCPMSG057I ${userid} not receiving; MSG off`,
      ],
    };
  }
}
