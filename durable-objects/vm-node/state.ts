import { deploymentLimits, storedLimits, type Limits } from "../../src/limits";
import { objectName } from "../../src/plex/names";
import type { ImageUser, ImageVolume, SystemImage } from "../../src/plex/image";
import { notInDirectory, notLoggedOn, type Refusal, systemDown } from "../../src/refusal";
import type { Schema, Sql } from "../sql";
import type { NodeRow, ProgramRow, VdevRow, VolumeStatus } from "./schema";

/**
 * Characters of console lines one INSERT stores at most: their JSON is one bound value, and a
 * Durable Object's SQLite refuses a string over 2 MB (a console of 100,000 lines goes in pieces).
 */
const CONSOLE_INSERT_CHARS = 256 * 1024;

/** How many users' logon times, or volumes, a node keeps read at most (then it starts over). */
const KEPT_AT_MOST = 10_000;

/**
 * What `kept` holds for `key` (null: there is none), else what `read` answers, kept. Only so many
 * keys: past KEPT_AT_MOST the map starts over, so made-up names cannot grow an object's memory.
 */
function keptOrRead<V>(kept: Map<string, V | null>, key: string, read: () => V | null): V | undefined {
  let v = kept.get(key);
  if (v === undefined) {
    v = read();
    if (kept.size >= KEPT_AT_MOST) kept.clear();
    kept.set(key, v);
  }
  return v ?? undefined;
}

/** A volume as this system has it: what it read at IPL, and its status here now. */
export type NodeVolume = { info: ImageVolume; status: VolumeStatus };

type VolumeRow = { info: string; status: VolumeStatus };
const volumeOf = (r: VolumeRow): NodeVolume => ({
  info: JSON.parse(r.info) as ImageVolume,
  status: r.status,
});

/**
 * The node's stored state and the stubs it talks to, shared by the concern modules (lifecycle,
 * links, queries, cross-system, reserve, xlink, spool devices). Reads and small writes only; every
 * decision is made by a concern module or by plain code under src/.
 */
export class NodeState {
  /** The node row as last read (null: there is none), kept because every request reads it several times. */
  private row: NodeRow | null | undefined;
  /** The image parsed from `row`, for the same reason. */
  private parsedImage: { text: string; image: Omit<SystemImage, "users"> } | undefined;
  /** The tenant's limits as this node stores them, read once until the node row is written. */
  private limitsRead: Limits | undefined;
  /** Console lines each user keeps, as counted here since the last transaction (read again after one). */
  private consoleCounts = new Map<string, number>();
  /** Console lines answered and not yet stored, in order (writeConsole stores them). */
  private unwrittenConsole: { userid: string; text: string }[] = [];
  /** The programs table as last read (every program running here), until it is written. */
  private programRows: ProgramRow[] | undefined;
  /** When each user asked about logged on (null: not logged on), until the users table is written. */
  private logons = new Map<string, string | null>();
  /** Volumes as read, by volser (null: none), and the whole list, until the volumes table is written. */
  private volumeRows = new Map<string, NodeVolume | null>();
  private volumeList: NodeVolume[] | undefined;
  /** Directory entries as parsed, by userid, until the object directory is replaced. */
  private users = new Map<string, { user: ImageUser; retired: boolean }>();

  /** Called on every console write: the web console's notice, if anyone watches (./watchers.ts). */
  changed: () => void = () => {};

  constructor(
    readonly ctx: DurableObjectState,
    readonly env: Env,
    readonly sql: Sql,
    readonly schema: Schema,
  ) {}

  /** This node's row, or undefined while the Plex has not registered it (or after its plex was deleted). */
  node(): NodeRow | undefined {
    if (this.row === undefined)
      this.row = this.schema.exists
        ? (this.sql<NodeRow>`SELECT tenant, plex, sysname, state, image, ipl_count, life FROM node`[0] ??
          null)
        : null;
    return this.row ?? undefined;
  }

  /** Writes to the node row (and only to it): the kept copy is read again next time. */
  readonly nodeSql: Sql = this.writer(() => {
    this.row = undefined;
    this.limitsRead = undefined;
  });

  /** An `sql` for writes to one table: before each statement, `forget` drops what is kept of it. */
  private writer(forget: () => void): Sql {
    return (strings, ...values) => {
      forget();
      return this.sql(strings, ...values);
    };
  }

  /** The tenant's limits here: the overrides the Plex last gave this node over the deployment's defaults now. */
  limits(): Limits {
    if (this.limitsRead === undefined) {
      const json = this.schema.exists
        ? this.sql<{ limits: string | null }>`SELECT limits FROM node`[0]?.limits
        : undefined;
      this.limitsRead = storedLimits(json, deploymentLimits(this.env.DEFAULT_LIMITS));
    }
    return this.limitsRead;
  }

  /** One transaction; the kept node row is read again afterwards, whether it committed or not. */
  transaction<T>(fn: () => T): T {
    const queue = this.unwrittenConsole;
    const unwritten = queue.length;
    try {
      return this.ctx.storage.transactionSync(fn);
    } catch (e) {
      // Lines written inside a transaction that rolled back are not there: count again, and drop
      // the ones queued inside it (all of them if they were stored inside it: that rolled back too).
      this.consoleCounts.clear();
      this.unwrittenConsole = this.unwrittenConsole === queue ? queue.slice(0, unwritten) : [];
      throw e;
    } finally {
      this.row = undefined;
      this.programRows = undefined;
      this.logons.clear();
      this.forgetVolumes();
      this.users.clear();
    }
  }

  /** The object forgot everything (its plex was deleted). */
  async drop(): Promise<void> {
    await this.schema.drop();
    this.row = undefined;
    this.limitsRead = undefined;
    this.users.clear();
    this.consoleCounts.clear();
    this.unwrittenConsole = [];
    this.programRows = undefined;
    this.logons.clear();
    this.forgetVolumes();
    // A plex made again under the same name must note its volumes afresh.
    this.touched.clear();
  }

  /**
   * The programs running here (PVM, RSCS, DirMaint's servers), oldest start first, kept because
   * RSCS and PVM ask on every link and message; `programsSql` writes them.
   */
  programs(): readonly ProgramRow[] {
    this.programRows ??= this.sql<ProgramRow>`
      SELECT userid, program, config, started_at FROM programs ORDER BY started_at, userid`;
    return this.programRows;
  }

  /** Writes to the programs table (and only to it): the kept rows are read again next time. */
  readonly programsSql: Sql = this.writer(() => (this.programRows = undefined));

  /** The system's name (the node must exist). */
  get sysname(): string {
    return this.node()!.sysname;
  }

  /** What the system read at its last IPL, without its directory (kept per user). */
  image(): Omit<SystemImage, "users"> | undefined {
    const text = this.node()?.image;
    if (!text) return undefined;
    if (this.parsedImage?.text !== text)
      this.parsedImage = { text, image: JSON.parse(text) as Omit<SystemImage, "users"> };
    return this.parsedImage.image;
  }

  /**
   * A user's directory entry as its own session sees it: also an entry the directory no longer has
   * while the user is still logged on (`retired`, kept until LOGOFF as after DIRECTXA).
   */
  user(userid: string): ImageUser | undefined {
    return this.entry(userid)?.user;
  }

  /** A user of the object directory as others find it (LOGON, LINK to its minidisks, SPOOL TO): never a retired entry. */
  directoryUser(userid: string): ImageUser | undefined {
    const e = this.entry(userid);
    return e && !e.retired ? e.user : undefined;
  }

  private entry(userid: string): { user: ImageUser; retired: boolean } | undefined {
    const kept = this.users.get(userid);
    if (kept) return kept;
    // Only users that exist are kept: a made-up userid must not grow the object's memory.
    const row = this.sql<{ entry: string; retired: number }>`
      SELECT entry, retired FROM directory WHERE userid = ${userid}`[0];
    if (!row) return undefined;
    const e = { user: JSON.parse(row.entry) as ImageUser, retired: row.retired === 1 };
    this.users.set(userid, e);
    return e;
  }

  /** After LOGOFF: a retired entry goes with its user. */
  dropRetired(userid: string): void {
    this.sql`DELETE FROM directory WHERE userid = ${userid} AND retired = 1`;
    this.users.delete(userid);
  }

  /** A volume as this system has it (kept until the volumes table is written: read-only). */
  volume(volser: string): NodeVolume | undefined {
    return keptOrRead(this.volumeRows, volser, () => {
      const row = this.sql<VolumeRow>`SELECT info, status FROM volumes WHERE volser = ${volser}`[0];
      return row ? volumeOf(row) : null;
    });
  }

  /** Every volume this system read at IPL (kept until the volumes table is written: read-only). */
  volumes(): readonly NodeVolume[] {
    this.volumeList ??= this.sql<VolumeRow>`SELECT info, status FROM volumes`.map(volumeOf);
    return this.volumeList;
  }

  /** Writes to the volumes table: the kept volumes are read again next time. */
  readonly volumesSql: Sql = this.writer(() => this.forgetVolumes());

  /** Writes to the users table (a LOGON, a LOGOFF): the kept logon times are read again next time. */
  readonly usersSql: Sql = this.writer(() => this.logons.clear());

  private forgetVolumes(): void {
    this.volumeRows.clear();
    this.volumeList = undefined;
  }

  /** When the user logged on here (ISO time), or undefined when it is not logged on. */
  logonAt(userid: string): string | undefined {
    return keptOrRead(
      this.logons,
      userid,
      () =>
        this.sql<{ at: string }>`SELECT logged_on_at AS at FROM users WHERE userid = ${userid}`[0]?.at ??
        null,
    );
  }

  /** The volume on real device `rdev` (four hex digits). */
  volumeByRdev(rdev: string): NodeVolume | undefined {
    return this.volumes().find((v) => v.info.rdev === rdev);
  }

  /** One of a user's virtual devices. */
  vdev(userid: string, vdev: string): VdevRow | undefined {
    return this.sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev}`[0];
  }

  /** Notes that this system is about to hold something on a volume (before it awaits the volume). */
  holds(volser: string): void {
    this.sql`INSERT OR IGNORE INTO held_volumes (volser) VALUES (${volser})`;
  }

  /** Takes volumes out of `held_volumes` once they are reset (a LINK noted meanwhile on another stays). */
  released(volsers: readonly string[]): void {
    this
      .sql`DELETE FROM held_volumes WHERE volser IN (SELECT value FROM json_each(${JSON.stringify(volsers)}))`;
  }

  /** The volumes this system may hold something on since its last reset. */
  held(): string[] {
    return this.sql<{ volser: string }>`SELECT volser FROM held_volumes ORDER BY volser`.map((r) => r.volser);
  }

  /** True when the system is UP (not DOWN, IPLING or FAILED). */
  isUp(): boolean {
    return this.node()?.state === "UP";
  }

  /** True when the user is logged on here (connected or disconnected). */
  isLoggedOn(userid: string): boolean {
    return this.logonAt(userid) !== undefined;
  }

  /** How many users are logged on here. */
  userCount(): number {
    return this.sql<{ n: number }>`SELECT count(*) AS n FROM users`[0].n;
  }

  /**
   * Appends lines to a user's console. They are stored right after the answer leaves, not before
   * (docs/decisions.md, "Console lines are written behind the answer"): a command that changes
   * nothing else, such as a QUERY, then answers without waiting for a storage commit. Every read of
   * the console stores them first, so no reader ever misses one.
   */
  consoleWrite(userid: string, lines: readonly string[]): void {
    // Every command's answer comes here, silent ones (a LINK, the sender's MSG) too: all are changes.
    this.changed();
    if (lines.length === 0) return;
    if (this.unwrittenConsole.length === 0)
      setTimeout(() => {
        try {
          this.writeConsole();
        } catch (e) {
          // Nobody waits for the timer: say what was lost (the plex deleted meanwhile, broken storage).
          console.error(`console lines of ${this.node()?.sysname ?? "a deleted system"} lost: ${String(e)}`);
        }
      }, 0);
    for (const text of lines) this.unwrittenConsole.push({ userid, text });
  }

  /**
   * Stores the console lines not yet stored, and trims each user's oldest lines past the tenant's
   * consoleLines. The count is kept in memory (read once by the index, then added to), so a write
   * costs its own lines and, when over, one DELETE of as many old ones; sequence numbers never
   * repeat, so paging with `after` goes on across a trim.
   */
  writeConsole(): void {
    const lines = this.unwrittenConsole;
    if (lines.length === 0) return;
    this.unwrittenConsole = [];
    // The plex was deleted since the lines were answered: there is no console to keep them.
    if (!this.schema.exists || !this.node()) return;
    const added = new Map<string, number>();
    for (const { userid } of lines) added.set(userid, (added.get(userid) ?? 0) + 1);
    // Few statements (each one costs), in order: seq follows json_each's order. One bound value
    // holds at most CONSOLE_INSERT_CHARS of JSON, well under SQLite's largest string.
    for (let i = 0; i < lines.length;) {
      const rows: [string, string][] = [];
      for (let chars = 0; i < lines.length && chars < CONSOLE_INSERT_CHARS; i++) {
        rows.push([lines[i].userid, lines[i].text]);
        chars += lines[i].userid.length + lines[i].text.length + 8;
      }
      this.sql`INSERT INTO console (userid, text)
               SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')
                 FROM json_each(${JSON.stringify(rows)}) ORDER BY key`;
    }
    const max = this.limits().consoleLines;
    for (const [userid, count] of added) {
      let n = this.consoleCounts.get(userid);
      n =
        n === undefined
          ? this.sql<{ n: number }>`SELECT count(*) AS n FROM console WHERE userid = ${userid}`[0].n
          : n + count;
      if (n > max) {
        this.sql`DELETE FROM console WHERE seq IN (
                   SELECT seq FROM console WHERE userid = ${userid} ORDER BY seq LIMIT ${n - max})`;
        n = max;
      }
      this.consoleCounts.set(userid, n);
    }
  }

  /**
   * Why a request for `userid` cannot be served here, if it cannot: the system is not up (409),
   * the user is not in its directory (404) or, when `logon`, not logged on (409). `code` is the
   * code of the 409s (the device routes have always said SYSTEM_DOWN and NOT_LOGGED_ON).
   */
  refusalFor(
    userid: string,
    opts: { directory?: boolean; logon?: boolean; codes?: { down: string; logon: string } } = {},
  ): Refusal | undefined {
    if (!this.isUp()) return systemDown(opts.codes?.down);
    if (opts.directory !== false && !this.user(userid)) return notInDirectory(userid, this.sysname);
    if (opts.logon && !this.isLoggedOn(userid)) return notLoggedOn(userid, this.sysname, opts.codes?.logon);
    return undefined;
  }

  /** Volumes noted in touched_volumes since this object started (a set, so the hot path skips the write). */
  private readonly touched = new Set<string>();

  /** The Volume object of one of the plex's volumes; notes that this node used it (touched_volumes). */
  volumeStub(volser: string) {
    const n = this.node()!;
    if (!this.touched.has(volser)) {
      this.sql`INSERT OR IGNORE INTO touched_volumes (volser) VALUES (${volser})`;
      this.touched.add(volser);
    }
    return this.env.VOLUME.getByName(objectName(n.tenant, n.plex, volser));
  }

  /** Every volume this node ever called. */
  touchedVolumes(): string[] {
    return this.sql<{ volser: string }>`SELECT volser FROM touched_volumes ORDER BY volser`.map(
      (r) => r.volser,
    );
  }

  /** The plex's Plex object. */
  plexStub() {
    const n = this.node()!;
    return this.env.PLEX.getByName(objectName(n.tenant, n.plex));
  }

  /** The VmNode of another system of the plex. */
  nodeStub(sysname: string) {
    const n = this.node()!;
    return this.env.VMNODE.getByName(objectName(n.tenant, n.plex, sysname));
  }
}
