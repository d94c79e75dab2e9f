import { DurableObject } from "cloudflare:workers";
import type { CpAnswer } from "../../src/catalog/answer";
import { parseCommand } from "../../src/cp/parse-command";
import { NO_SYSTEM, notFound, type Refusal } from "../../src/refusal";
import { Schema, sqlHelper } from "../sql";
import { type Concerns, execute } from "./commands";
import { CrossSystem } from "./cross-system";
import { Lifecycle } from "./lifecycle";
import { Sessions } from "./sessions";
import { Profiles } from "./profiles";
import { CmsCommands } from "./cms";
import { Rscs } from "./rscs";
import { DirMaint } from "./dirmaint";
import { spoolPathDown } from "./pvm";
import { Links } from "./links";
import { LocalLinks } from "./local-links";
import { Queries } from "./queries";
import { RealDevices } from "./real-devices";
import { Reserves } from "./reserve";
import { VM_NODE_MIGRATIONS } from "./schema";
import { SpoolAccess } from "./spool-access";
import { SpoolDevices } from "./spool-devices";
import { NodeState } from "./state";
import { NodeWatchers } from "./watchers";

/**
 * A VmNode's state and concerns, made once per object, and what every request shares: whether
 * the node exists, and surviving the plex's deletion (./vm-node.ts is the class the Worker binds;
 * its RPC surface is split over ./vm-node-services.ts and ./vm-node.ts).
 */
export abstract class VmNodeBase extends DurableObject<Env> {
  protected readonly s: NodeState;
  protected readonly n: Concerns;
  protected readonly reserves: Reserves;
  /** This system's RSCS (./rscs.ts): DirMaint's way to other nodes (docs/rscs.md). */
  readonly rscs: Rscs;
  protected readonly cmsCommands: CmsCommands;
  /** DIRMAINT and its satellites on this system (./dirmaint.ts, #12). */
  protected readonly dirmaint: DirMaint;
  /** Notices to the web console while the plex has watchers (./watchers.ts). */
  protected readonly watchers: NodeWatchers;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = sqlHelper(ctx.storage.sql);
    // SQLite storage is synchronous: the schema is read (and an old one migrated) before any request.
    const schema = new Schema(ctx.storage, sql, VM_NODE_MIGRATIONS);
    this.s = new NodeState(ctx, env, sql, schema);
    // A new life: LINKs a former life of this object sent are fenced out once this one repairs.
    if (schema.exists) this.s.nodeSql`UPDATE node SET life = life + 1`;
    this.reserves = new Reserves(this.s);
    this.watchers = new NodeWatchers(this.s);
    this.s.changed = () => this.watchers.changed();
    // The spool devices tell users on other systems through CrossSystem, which is made after them.
    // A file that lands in the reader of the user running RSCS here (TRANSFER, a punch to RSCS) is
    // RSCS's to take if it is tagged `node userid` (docs/rscs.md): RSCS reads its reader at once.
    const notify = async (userid: string, text: string, systems: string[]): Promise<void> => {
      await cross.notify(userid, text, systems);
      if (!systems.includes(this.s.sysname) || userid !== this.rscs.userid()) return;
      await this.rscs.flush().catch((e: unknown) => console.error(`RSCS reader: ${String(e)}`));
    };
    const devices = new SpoolDevices(sql, {
      limits: () => this.s.limits(),
      sysname: () => this.s.sysname,
      plex: () => this.s.plexStub(),
      notify,
      pathDown: (file) => spoolPathDown(this.s, file),
      sharedPathDown: () => spoolPathDown(this.s),
    });
    const localLinks = new LocalLinks(this.s);
    const links = new Links(this.s, this.reserves, devices, localLinks);
    const realDevices = new RealDevices(this.s, links, devices);
    const sessions = new Sessions(this.s, links, realDevices, this.reserves, devices);
    const lifecycle = new Lifecycle(this.s, sessions, this.reserves);
    // A service machine CP logs on runs its program (AUTOLOG1's PROFILE EXEC), its commands as CP's.
    this.rscs = new Rscs(this.s, (userid, note) => cross.deliver(userid, note));
    const profiles = new Profiles(
      this.s,
      (userid, text) => this.command(userid, text),
      (_product, userid, text) => this.rscs.command(text, { userid, system: this.s.sysname }),
    );
    sessions.afterAutoLogon = (userid) => profiles.afterAutoLogon(userid);
    // DirMaint's servers (./dirmaint.ts): DIRMAINT and DIRMSATn read their readers when they start.
    this.dirmaint = new DirMaint(this.s, this.rscs, (users, version) =>
      lifecycle.loadDirectory(users, version),
    );
    profiles.afterStart = (product, userid, config) => this.dirmaint.started(product, userid, config);
    const cross: CrossSystem = new CrossSystem(this.s, sessions);
    // SMSG to the user running RSCS goes to RSCS, which answers as PVM does.
    cross.smsgTakers.push((userid, note) =>
      this.rscs.userid() === userid && this.rscs.report().running
        ? this.rscs.command(note.text, { userid: note.from, system: note.fromSystem }).then((a) => a.lines)
        : undefined,
    );
    this.cmsCommands = new CmsCommands(
      this.s,
      (userid, text) => this.command(userid, text),
      this.rscs,
      (userid, text) => cross.deliver(userid, { kind: "CP", from: "", fromSystem: this.s.sysname, text }),
    );
    this.cmsCommands.dirm = (userid, text) => this.dirmaint.dirm(userid, text);
    // An IPL a crash cut short left IPLING behind: no IPL runs in a new incarnation, so it is DOWN.
    if (schema.exists) void ctx.blockConcurrencyWhile(() => lifecycle.recoverCrashedIpl());
    this.n = {
      s: this.s,
      links,
      localLinks,
      realDevices,
      lifecycle,
      sessions,
      cross,
      queries: new Queries(this.s, cross, devices),
      devices,
      spool: new SpoolAccess(this.s, devices, notify),
    };
  }

  /** Counts this object's deletions: a request that began before one cannot finish what it began. */
  protected epoch = 0;

  /**
   * Runs a request; one that fails because its plex was deleted meanwhile (the node's storage went
   * under it) answers as for a system that does not exist, never a 500.
   */
  protected async whileExists<T>(fn: () => Promise<T>): Promise<T | Refusal> {
    const epoch = this.epoch;
    const gone = () => notFound("No such system: its plex was deleted", NO_SYSTEM);
    try {
      const answer = await fn();
      // Its plex was deleted meanwhile: what it did (and its console lines) went with it.
      return this.epoch === epoch ? answer : gone();
    } catch (e) {
      if (this.epoch !== epoch) return gone();
      throw e;
    }
  }

  /** The refusal of every request to a node its Plex never registered. */
  protected unknown(): Refusal | undefined {
    return this.s.node() ? undefined : notFound("No such system", NO_SYSTEM);
  }

  /** A CP command of a logged-on user, parsed with its classes and run; the caller writes its console. */
  protected async command(userid: string, text: string): Promise<CpAnswer> {
    const u = this.s.user(userid)!;
    const parsed = parseCommand(text, u.classes);
    return parsed.ok ? execute(this.n, userid, u, parsed.command) : { rc: parsed.rc, lines: parsed.lines };
  }
}
