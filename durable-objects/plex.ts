import { DurableObject } from "cloudflare:workers";
import type { SystemConfigInput } from "../src/config/parse";
import type { DasdEntry } from "../src/dasd/inventory";
import type { Diagnostic } from "../src/diagnostics";
import { lintPlex, type PlexInput, type PlexView } from "../src/lint";
import { cseArea, xlinkInclude } from "../src/lint/rules";
import { systemImage, type SystemImage } from "../src/plex/image";
import { topologyOf, type SystemState, type Topology } from "../src/plex/topology";
import type { SpxtapeSelection } from "../src/cp/parse-spool";
import { formatMessage, rcOf } from "../src/cp/messages";
import { type FileAction, planAction } from "../src/spool/actions";
import { toBase64 } from "../src/spool/records";
import {
  MAX_TAPE_BYTES,
  packedSize,
  scanListing,
  selected,
  spxtapeSummary,
  TAPE_FORMAT,
  type TapeDocument,
  type TapeFile,
  tapeFile,
  tapeKey,
} from "../src/spool/spxtape";
import {
  defaultSettings,
  isShared,
  type Queue,
  readable,
  type SpoolFile,
  xspoolFacts,
  type XspoolFacts,
} from "../src/spool/spool";
import { SPOOL_MIGRATIONS, SpoolStore } from "./spool-store";
import { migrate, sqlHelper, type Sql } from "./sql";

const MIGRATIONS = [
  `CREATE TABLE plex (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     tenant TEXT NOT NULL, name TEXT NOT NULL,
     system_config TEXT NOT NULL, directory TEXT NOT NULL, dasd TEXT NOT NULL,
     created_at TEXT NOT NULL
   )`,
  `CREATE TABLE systems (sysname TEXT PRIMARY KEY, state TEXT NOT NULL)`,
  `ALTER TABLE plex ADD COLUMN directory_version INTEGER NOT NULL DEFAULT 1`,
  // The spool: reader files, shared across the complex or kept on their origin system.
  `ALTER TABLE plex ADD COLUMN next_spoolid INTEGER NOT NULL DEFAULT 1`,
  `CREATE TABLE spool (
     spoolid TEXT PRIMARY KEY, origin TEXT NOT NULL, from_user TEXT NOT NULL, owner TEXT NOT NULL,
     cls TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, records TEXT NOT NULL, nrecs INTEGER NOT NULL,
     shared INTEGER NOT NULL, created TEXT NOT NULL
   )`,
  ...SPOOL_MIGRATIONS,
];

/** Identifies one version of the inputs, so a lint result can be reused until they change. */
const cacheKey = (r: { system_config: string; directory: string; dasd: string }) =>
  `${r.system_config}\u0000${r.directory}\u0000${r.dasd}`;

/** Refusals are values: what the route turns into 404/409/422. */
export type PlexRefusal = { ok: false; status: 404 | 409 | 422; message: string; diagnostics?: Diagnostic[] };

/** Object names derive from the tenant and plex, never from input alone (DESIGN.md §2). */
export const objectName = (tenant: string, plex: string, part?: string) =>
  part === undefined ? `${tenant}/${plex}` : `${tenant}/${plex}/${part}`;

/**
 * One per tenant+plex: the source SYSTEM CONFIG and directory (the DirMaint role), the DASD
 * inventory and the registry of systems with their run state.
 */
export class Plex extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly spool: SpoolStore;
  private cached: { key: string; view: PlexView; diagnostics: Diagnostic[] } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    this.spool = new SpoolStore(this.sql);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage, this.sql, MIGRATIONS));
  }

  private row() {
    return this.sql<{
      tenant: string;
      name: string;
      system_config: string;
      directory: string;
      dasd: string;
    }>`SELECT tenant, name, system_config, directory, dasd FROM plex`[0];
  }

  /** The plex read and linted, kept until its inputs change. */
  private plex(): { view: PlexView; diagnostics: Diagnostic[]; name: string; tenant: string } | undefined {
    const r = this.row();
    if (!r) return undefined;
    const key = cacheKey(r);
    if (this.cached?.key !== key) {
      const result = lintPlex(this.input(r));
      this.cached = { key, view: result.plex, diagnostics: result.diagnostics };
    }
    return { ...this.cached, name: r.name, tenant: r.tenant };
  }

  private input(r: { system_config: string; directory: string; dasd: string }): PlexInput {
    return {
      systemConfig: JSON.parse(r.system_config) as SystemConfigInput,
      directory: r.directory,
      dasd: JSON.parse(r.dasd) as DasdEntry[],
    };
  }

  private states(): Record<string, SystemState> {
    return Object.fromEntries(
      this.sql<{ sysname: string; state: SystemState }>`SELECT * FROM systems`.map((r) => [
        r.sysname,
        r.state,
      ]),
    );
  }

  /** Creates the plex from its three inputs; refuses (422) when lint finds an error. */
  async create(
    tenant: string,
    name: string,
    input: { systemConfig: SystemConfigInput; directory: string; dasd?: DasdEntry[] },
  ): Promise<{ ok: true; topology: Topology } | PlexRefusal> {
    if (this.row()) return { ok: false, status: 409, message: `Plex ${name} already exists` };
    const result = lintPlex(input);
    if (!result.ok)
      return {
        ok: false,
        status: 422,
        message: "SYSTEM CONFIG or directory has errors",
        diagnostics: result.diagnostics,
      };
    this.ctx.storage.transactionSync(() => {
      this.sql`INSERT INTO plex (id, tenant, name, system_config, directory, dasd, created_at)
               VALUES (1, ${tenant}, ${name}, ${JSON.stringify(input.systemConfig)}, ${input.directory}, ${JSON.stringify(input.dasd ?? [])}, ${new Date().toISOString()})`;
      for (const s of result.plex.systems)
        this.sql`INSERT INTO systems (sysname, state) VALUES (${s}, 'DOWN')`;
    });
    const stored = this.row()!;
    this.cached = { key: cacheKey(stored), view: result.plex, diagnostics: result.diagnostics };
    await this.setUpVolumes(tenant, name, result.plex);
    return { ok: true, topology: topologyOf(name, result.plex, this.states(), result.diagnostics) };
  }

  private async setUpVolumes(tenant: string, name: string, view: PlexView): Promise<void> {
    const anyModel = [...view.views.values()][0]?.config.model;
    await Promise.all(
      [...view.volumes.values()].map((v) => {
        const inc = anyModel ? xlinkInclude(anyModel, v.volser) : undefined;
        return this.env.VOLUME.getByName(objectName(tenant, name, v.volser)).setup({
          volser: v.volser,
          devtype: v.devtype,
          cylinders: v.cylinders,
          cseCylinder: inc ? cseArea(v, inc).start : 0,
        });
      }),
    );
  }

  /** The plex's topology, or undefined when it does not exist. */
  topology(): Topology | undefined {
    const p = this.plex();
    return p && topologyOf(p.name, p.view, this.states(), p.diagnostics);
  }

  /** What `sysname` reads at IPL (optionally from another volume than its default). */
  image(sysname: string, iplVolume?: string): SystemImage | undefined {
    const p = this.plex();
    const version = this.sql<{ v: number }>`SELECT directory_version AS v FROM plex`[0]?.v ?? 1;
    return p && systemImage(p.view, sysname.toUpperCase(), iplVolume, version);
  }

  /** Records a system's run state, as its node reports IPL, shutdown and failure. */
  setState(sysname: string, state: SystemState): void {
    // An upsert, not REPLACE: the row also keeps the XSPOOL settings the system read at IPL.
    this.sql`INSERT INTO systems (sysname, state) VALUES (${sysname}, ${state})
             ON CONFLICT (sysname) DO UPDATE SET state = excluded.state`;
  }

  /** Run states of every system. */
  systemStates(): Record<string, SystemState> {
    return this.states();
  }

  /** Replaces the source directory after checking it; pushes it to every UP system (DIRMAINT + DIRECTXA). */
  async setDirectory(
    directory: string,
  ): Promise<{ ok: true; topology: Topology; pushedTo: string[] } | PlexRefusal> {
    const r = this.row();
    if (!r) return { ok: false, status: 404, message: "No such plex" };
    const result = lintPlex({ ...this.input(r), directory });
    if (!result.ok)
      return {
        ok: false,
        status: 422,
        message: "The directory has errors; nothing was changed",
        diagnostics: result.diagnostics,
      };
    this.sql`UPDATE plex SET directory = ${directory}, directory_version = directory_version + 1`;
    const states = this.states();
    // A system that is coming up gets the push too: it may have read the directory before this change.
    const up = result.plex.systems.filter((s) => states[s] === "UP" || states[s] === "IPLING");
    await Promise.all(
      up.map((s) => {
        const image = this.image(s)!;
        return this.env.VMNODE.getByName(objectName(r.tenant, r.name, s)).loadDirectory(
          image.users,
          image.directoryVersion,
        );
      }),
    );
    return { ok: true, topology: this.topology()!, pushedTo: up };
  }

  /** Replaces SYSTEM CONFIG (and the inventory) after checking; each system reads it at its next IPL. */
  async setConfig(
    systemConfig: SystemConfigInput,
    dasd?: DasdEntry[],
  ): Promise<{ ok: true; topology: Topology } | PlexRefusal> {
    const r = this.row();
    if (!r) return { ok: false, status: 404, message: "No such plex" };
    const input = { ...this.input(r), systemConfig, ...(dasd ? { dasd } : {}) };
    const result = lintPlex(input);
    if (!result.ok)
      return {
        ok: false,
        status: 422,
        message: "SYSTEM CONFIG has errors; nothing was changed",
        diagnostics: result.diagnostics,
      };
    const known = new Set(Object.keys(this.states()));
    this.ctx.storage.transactionSync(() => {
      this
        .sql`UPDATE plex SET system_config = ${JSON.stringify(systemConfig)}, dasd = ${JSON.stringify(input.dasd ?? [])}`;
      for (const s of result.plex.systems)
        if (!known.has(s)) this.sql`INSERT INTO systems (sysname, state) VALUES (${s}, 'DOWN')`;
    });
    await this.setUpVolumes(r.tenant, r.name, result.plex);
    return { ok: true, topology: this.topology()! };
  }

  /**
   * XSPOOL as `system` read it at its last IPL (a changed SYSTEM CONFIG counts from the next IPL,
   * as in z/VM), or as the stored config says for a system never IPLed.
   */
  private xspool(system: string): XspoolFacts | undefined {
    const saved = this.sql<{ x: string | null }>`SELECT xspool AS x FROM systems WHERE sysname = ${system}`[0]
      ?.x;
    if (saved) return JSON.parse(saved) as XspoolFacts;
    const model = this.plex()?.view.views.get(system)?.config.model;
    return model && xspoolFacts(model, system);
  }

  /**
   * Whether `system` sees a file: a shared file where the system shares spool (`shares`, read once
   * by the caller rather than once per file), else where the file is kept.
   */
  private static sees(system: string, shares: boolean, f: SpoolFile): boolean {
    return f.shared ? shares : f.home === system;
  }

  /** Every system of the plex that sees a file. */
  private seenOn(f: SpoolFile): string[] {
    return (this.plex()?.view.systems ?? []).filter((s) => Plex.sees(s, this.xspool(s)?.shares ?? false, f));
  }

  /** The files `system` sees in `queue` (all queues when undefined), one owner's or every owner's. */
  spoolList(system: string, opts: { owner?: string; queue?: Queue }): SpoolFile[] {
    const shares = this.xspool(system)?.shares ?? false;
    return this.spool
      .all()
      .filter(
        (f) =>
          (opts.owner === undefined || f.owner === opts.owner) &&
          (opts.queue === undefined || f.queue === opts.queue) &&
          Plex.sees(system, shares, f),
      );
  }

  /**
   * Spools a closed file with a spool id unique in the complex; shared or kept on its origin system
   * as XSPOOL says. Answers the file and the systems that see it.
   */
  spoolCreate(
    f: Pick<
      SpoolFile,
      | "origin"
      | "from"
      | "owner"
      | "queue"
      | "made"
      | "cls"
      | "name"
      | "type"
      | "dist"
      | "copies"
      | "hold"
      | "keep"
    > & { packed: Uint8Array; nrecs: number; nbytes: number },
  ): { ok: true; file: SpoolFile; visibleOn: string[] } | PlexRefusal {
    const facts = this.xspool(f.origin);
    if (!facts) return { ok: false, status: 404, message: `No system ${f.origin}` };
    return this.ctx.storage.transactionSync(() => {
      const spoolid = this.spool.allocate();
      if (!spoolid)
        return { ok: false as const, status: 409 as const, message: "The spool is full: 9999 files" };
      const { packed, ...meta } = f;
      const file: SpoolFile = {
        ...meta,
        spoolid,
        home: f.origin,
        shared: isShared(facts, f.from, f.owner, f.queue),
        created: new Date().toISOString(),
        order: 0,
        lock: null,
      };
      this.spool.insert(file, packed);
      return { ok: true as const, file, visibleOn: this.seenOn(file) };
    });
  }

  /**
   * A reader file's records. With `open`, the file is opened on `system`'s virtual reader and
   * locked there until CLOSE (reference §6): the first readable file in order unless `spoolid`
   * names one. Refused when another system has the file open, or, to open, when it is held.
   */
  spoolRead(
    system: string,
    userid: string,
    opts: { spoolid?: string; open: boolean; readerClass?: string },
  ): { ok: true; file: SpoolFile; packed: Uint8Array } | PlexRefusal {
    return this.ctx.storage.transactionSync(() => {
      const mine = this.spoolList(system, { owner: userid, queue: "RDR" });
      const reader = { ...defaultSettings("RDR"), cls: opts.readerClass ?? "*" };
      const f =
        opts.spoolid !== undefined
          ? mine.find((x) => x.spoolid === opts.spoolid)
          : mine.find((x) => readable(x, reader) && (x.lock === null || x.lock === system));
      if (!f) {
        const what = opts.spoolid ? `reader file ${opts.spoolid}` : "readable reader file";
        return { ok: false as const, status: 404 as const, message: `No ${what} for ${userid} on ${system}` };
      }
      if (f.lock !== null && f.lock !== system)
        return {
          ok: false as const,
          status: 409 as const,
          message: `Reader file ${f.spoolid} is open on ${f.lock}: it is locked there until it is closed`,
        };
      if (opts.open) {
        const open = this.spool.openBy(system, userid);
        if (open && open.spoolid !== f.spoolid)
          return {
            ok: false as const,
            status: 409 as const,
            message: `${userid}'s reader has file ${open.spoolid} open: CLOSE READER first`,
          };
        if (f.hold !== "NONE")
          return { ok: false as const, status: 409 as const, message: `Reader file ${f.spoolid} is held` };
        f.lock = system;
        this.spool.update(f, userid);
      }
      return { ok: true as const, file: f, packed: this.spool.data(f.spoolid) };
    });
  }

  /**
   * CLOSE READER: the file open on `system`'s reader is released; it is purged unless the reader
   * (or CLOSE) says KEEP or HOLD, in which case it stays, held when HOLD (CP's reader rules).
   */
  spoolCloseReader(
    system: string,
    userid: string,
    how: { keep: boolean; hold: boolean; purge: boolean },
  ): { closed: string | null; purged: boolean } {
    return this.ctx.storage.transactionSync(() => {
      const f = this.spool.openBy(system, userid);
      if (!f) return { closed: null, purged: false };
      if (how.purge || (!how.keep && !how.hold)) {
        this.spool.remove([f.spoolid]);
        return { closed: f.spoolid, purged: true };
      }
      this.spool.update({
        ...f,
        lock: null,
        hold: how.hold ? (f.hold === "NONE" ? "USER" : f.hold) : f.hold,
      });
      return { closed: f.spoolid, purged: false };
    });
  }

  /** Releases what `userid` (or, at IPL, anyone) has open on `system`'s readers, without purging. */
  spoolRelease(system: string, userid?: string): void {
    this.spool.unlock(system, userid);
  }

  /**
   * PURGE, CHANGE, TRANSFER and ORDER, planned and applied in one transaction, so a lock taken on
   * another system between the check and the change cannot be missed. `owner` undefined means
   * every user's files (class D `... ALL`). Answers CP's lines and the notices with where to send them.
   */
  spoolAction(
    system: string,
    issuer: string,
    owner: string | undefined,
    action: FileAction,
  ): { rc: number; lines: string[]; notices: { userid: string; text: string; systems: string[] }[] } {
    const facts = this.xspool(system);
    if (!facts) return { rc: 0, lines: [], notices: [] };
    return this.ctx.storage.transactionSync(() => {
      const files = this.spoolList(system, {
        owner,
        queue: action.queue === "ALL" ? undefined : action.queue,
      });
      const plan = planAction(files, action, {
        system,
        issuer,
        sharedAs: (f) => isShared(facts, f.from, f.owner, f.queue),
        firstOrder: this.spool.firstOrder(),
      });
      this.spool.remove(plan.purge);
      for (const f of plan.update) this.spool.update(f, f.lock ? this.spool.lockUser(f.spoolid) : null);
      return {
        rc: plan.rc,
        lines: plan.lines,
        notices: plan.notices.map((n) => ({ userid: n.userid, text: n.text, systems: this.seenOn(n.file) })),
      };
    });
  }

  /**
   * At IPL: the system's XSPOOL settings are read from SYSTEM CONFIG, nothing is open on its
   * readers any more, and IPL CLEAN discards its unshared spool.
   */
  spoolIpl(system: string, clean: boolean): number {
    const model = this.plex()?.view.views.get(system)?.config.model;
    return this.ctx.storage.transactionSync(() => {
      if (model)
        this
          .sql`UPDATE systems SET xspool = ${JSON.stringify(xspoolFacts(model, system))} WHERE sysname = ${system}`;
      this.spool.unlock(system);
      if (!clean) return 0;
      const gone = this.spool
        .all()
        .filter((f) => !f.shared && f.home === system)
        .map((f) => f.spoolid);
      this.spool.remove(gone);
      return gone.length;
    });
  }

  /**
   * SPXTAPE on `system` for `issuer`, with the plex tape `volser` on the drive: DUMP writes the
   * selected files the system sees (and purges them with PURGE); LOAD puts the tape's selected
   * files back into the spool, kept on this system or shared as XSPOOL says now, each keeping its
   * spool id when it is free (NODUP skips files already there); SCAN lists the tape. A class G
   * issuer (not `operator`) may write only a scratch tape or one it wrote itself.
   */
  spxtape(
    system: string,
    issuer: string,
    operator: boolean,
    volser: string,
    c: {
      fn: "DUMP" | "LOAD" | "SCAN";
      vdev: string;
      select: SpxtapeSelection;
      sdf: boolean;
      purge: boolean;
      nodup: boolean;
    },
  ): { rc: number; lines: string[] } {
    const facts = this.xspool(system);
    if (!facts) return { rc: 0, lines: [] };
    const started = new Date();
    const refuse = (id: string, vars: Record<string, string>, before: string[] = []) => ({
      rc: rcOf(id),
      lines: [...before, formatMessage(id, vars)],
    });
    return this.ctx.storage.transactionSync(() => {
      const initiated = `SPXTAPE ${c.fn} INITIATED ON VDEV ${c.vdev}`;
      const index = this.spool.tapeIndex(volser);
      if (c.fn === "DUMP") {
        if (!operator && index?.byUser && index.byUser !== issuer)
          return refuse("HCPSPX9063E", { volser, userid: index.byUser });
        const files = this.spoolList(system, {}).filter((f) => selected(f, c.select));
        const size = packedSize(files);
        if (size > MAX_TAPE_BYTES)
          return refuse("HCPSPX9061E", { volser, bytes: String(size), max: String(MAX_TAPE_BYTES) });
        this.spool.writeTape(
          volser,
          { system, user: issuer, at: started.toISOString() },
          files.map((f) => ({ meta: tapeFile(f), packed: this.spool.data(f.spoolid) })),
        );
        // PURGE takes out what was dumped, except files another system has open: they are locked there.
        if (c.purge)
          this.spool.remove(files.filter((f) => f.lock === null || f.lock === system).map((f) => f.spoolid));
        return { rc: 0, lines: [initiated, ...spxtapeSummary("DUMP", c.vdev, files, started, new Date())] };
      }
      if (!index?.written) return refuse("HCPSPX9060E", { volser, vdev: c.vdev });
      const onTape = index.files
        .map((meta, seq) => ({ meta, seq }))
        .filter((t) => selected(t.meta, c.select));
      if (c.fn === "SCAN")
        return {
          rc: 0,
          lines: [
            initiated,
            ...scanListing(onTape.map((t) => t.meta)),
            ...spxtapeSummary(
              "SCAN",
              c.vdev,
              onTape.map((t) => t.meta),
              started,
              new Date(),
            ),
          ],
        };
      // NODUP knows a file by where and when it was made, not by its id, which LOAD may have changed;
      // it compares with the spool as it was before this LOAD, so two like files on a tape both load.
      const present = new Set(this.spool.all().map(tapeKey));
      const loaded: TapeFile[] = [];
      let left = 0;
      for (const { meta, seq } of onTape) {
        if (c.nodup && present.has(tapeKey(meta))) continue;
        // Once the spool is full it stays full in this transaction: count the rest, do not search again.
        const spoolid =
          left > 0 ? undefined : this.spool.free(meta.spoolid) ? meta.spoolid : this.spool.allocate();
        if (!spoolid) {
          left++;
          continue;
        }
        this.spool.insert(
          {
            ...meta,
            spoolid,
            home: system,
            shared: isShared(facts, meta.from, meta.owner, meta.queue),
            order: 0,
            lock: null,
          },
          this.spool.tapeData(volser, seq),
        );
        loaded.push(meta);
      }
      const lines = [initiated, ...spxtapeSummary("LOAD", c.vdev, loaded, started, new Date())];
      return left > 0 ? refuse("HCPSPX9064E", { count: String(left) }, lines) : { rc: 0, lines };
    });
  }

  /** Makes an empty tape of that name unless there is one (mounting a scratch tape). */
  tapeScratch(volser: string): void {
    this.spool.scratch(volser);
  }

  /** The plex's tapes. */
  tapeList(): { volser: string; files: number; bytes: number; written: string | null }[] {
    return this.spool.tapes();
  }

  /** A tape as a document that can be downloaded and uploaded again, or undefined. */
  tapeExport(volser: string): TapeDocument | undefined {
    const index = this.spool.tapeIndex(volser);
    if (!index) return undefined;
    return {
      format: TAPE_FORMAT,
      volser,
      written: index.written,
      writtenBy: index.by,
      files: index.files.map((meta, seq) => ({ ...meta, data: toBase64(this.spool.tapeData(volser, seq)) })),
    };
  }

  /** Writes an uploaded tape (replacing one of that name): its files as they were dumped. */
  tapeImport(volser: string, files: { meta: TapeFile; packed: Uint8Array }[], by: string): void {
    this.ctx.storage.transactionSync(() =>
      this.spool.writeTape(volser, { system: "UPLOAD", user: by, at: new Date().toISOString() }, files),
    );
  }

  /** Removes a tape; answers whether there was one. */
  tapeDelete(volser: string): boolean {
    const had = this.spool.hasTape(volser);
    this.spool.deleteTape(volser);
    return had;
  }

  /** Deletes the plex and every object it made: its systems' nodes and its volumes. */
  async destroy(): Promise<void> {
    const p = this.plex();
    if (p) {
      const names = new Set([...p.view.systems, ...Object.keys(this.states())]);
      await Promise.all([
        ...[...names].map((s) => this.env.VMNODE.getByName(objectName(p.tenant, p.name, s)).destroy()),
        ...[...p.view.volumes.keys()].map((v) =>
          this.env.VOLUME.getByName(objectName(p.tenant, p.name, v)).destroy(),
        ),
      ]);
    }
    await this.ctx.storage.deleteAll();
    migrate(this.ctx.storage, this.sql, MIGRATIONS);
    this.cached = null;
  }
}
