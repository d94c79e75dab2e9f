import { DurableObject } from "cloudflare:workers";
import type { SystemConfigInput } from "../src/config/parse";
import type { DasdEntry } from "../src/dasd/inventory";
import type { Diagnostic } from "../src/diagnostics";
import { lintPlex, type PlexInput, type PlexView } from "../src/lint";
import { cseArea, xlinkInclude } from "../src/lint/rules";
import { systemImage, type SystemImage } from "../src/plex/image";
import { topologyOf, type SystemState, type Topology } from "../src/plex/topology";
import { isShared, visibleOn, type SpoolFile } from "../src/spool/spool";
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
];

type SpoolRow = {
  spoolid: string;
  origin: string;
  from_user: string;
  owner: string;
  cls: string;
  name: string;
  type: string;
  records: string;
  nrecs: number;
  shared: number;
  created: string;
};

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
  private cached: { key: string; view: PlexView; diagnostics: Diagnostic[] } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
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
    this.sql`INSERT OR REPLACE INTO systems (sysname, state) VALUES (${sysname}, ${state})`;
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

  private visibleHere(r: SpoolRow, system: string): boolean {
    const model = this.plex()?.view.views.get(system)?.config.model;
    if (!model) return false;
    return visibleOn(this.toFile(r, false), model).includes(system);
  }

  private toFile(r: SpoolRow, withRecords: boolean): SpoolFile {
    return {
      spoolid: r.spoolid,
      origin: r.origin,
      from: r.from_user,
      owner: r.owner,
      cls: r.cls,
      name: r.name,
      type: r.type,
      records: withRecords ? (JSON.parse(r.records) as string[]) : new Array<string>(r.nrecs).fill(""),
      shared: r.shared === 1,
      created: r.created,
    };
  }

  /**
   * Spools a punched file to `owner`'s reader with a spool id unique in the complex; shared or kept
   * on its origin system as XSPOOL says. Answers the file (without records) and the systems that see it.
   */
  spoolPunch(f: {
    origin: string;
    from: string;
    owner: string;
    cls: string;
    name: string;
    type: string;
    records: string[];
  }): { ok: true; file: SpoolFile; visibleOn: string[] } | PlexRefusal {
    const p = this.plex();
    const model = p?.view.views.get(f.origin)?.config.model;
    if (!p || !model) return { ok: false, status: 404, message: `No system ${f.origin}` };
    return this.ctx.storage.transactionSync(() => {
      const n = this.sql<{ n: number }>`SELECT next_spoolid AS n FROM plex`[0].n;
      this.sql`UPDATE plex SET next_spoolid = ${(n % 9999) + 1}`;
      const spoolid = String(n).padStart(4, "0");
      const shared = isShared(model, f.origin, f.from, f.owner);
      const created = new Date().toISOString();
      this.sql`DELETE FROM spool WHERE spoolid = ${spoolid}`;
      this
        .sql`INSERT INTO spool VALUES (${spoolid}, ${f.origin}, ${f.from}, ${f.owner}, ${f.cls}, ${f.name}, ${f.type},
               ${JSON.stringify(f.records)}, ${f.records.length}, ${shared ? 1 : 0}, ${created})`;
      const file: SpoolFile = {
        ...f,
        spoolid,
        shared,
        created,
        records: new Array<string>(f.records.length).fill(""),
      };
      return { ok: true as const, file, visibleOn: visibleOn(file, model) };
    });
  }

  /** Reader files a system sees: one owner's, or every owner's (QUERY READER ALL). */
  spoolReader(system: string, owner?: string): SpoolFile[] {
    const rows = owner
      ? this.sql<SpoolRow>`SELECT * FROM spool WHERE owner = ${owner} ORDER BY created, spoolid`
      : this.sql<SpoolRow>`SELECT * FROM spool ORDER BY owner, created, spoolid`;
    return rows.filter((r) => this.visibleHere(r, system)).map((r) => this.toFile(r, false));
  }

  /** One reader file with its records, when `system` sees it and `owner` owns it. */
  spoolFile(system: string, owner: string, spoolid: string): SpoolFile | undefined {
    const r = this.sql<SpoolRow>`SELECT * FROM spool WHERE spoolid = ${spoolid} AND owner = ${owner}`[0];
    return r && this.visibleHere(r, system) ? this.toFile(r, true) : undefined;
  }

  /**
   * TRANSFER and CHANGE of an owner's reader file that `system` sees: a new owner, or a new class.
   * Answers the changed file and the systems that see it, or undefined when there is no such file.
   */
  spoolAlter(
    system: string,
    owner: string,
    spoolid: string,
    change: { owner?: string; cls?: string },
  ): { file: SpoolFile; visibleOn: string[] } | undefined {
    const f = this.spoolReader(system, owner).find((x) => x.spoolid === spoolid);
    const model = this.plex()?.view.views.get(system)?.config.model;
    if (!f || !model) return undefined;
    const next = { ...f, owner: change.owner ?? f.owner, cls: change.cls ?? f.cls };
    // A transferred file is shared only if its new owner may receive shared files.
    next.shared = f.shared && isShared(model, f.origin, f.from, next.owner);
    this
      .sql`UPDATE spool SET owner = ${next.owner}, cls = ${next.cls}, shared = ${next.shared ? 1 : 0} WHERE spoolid = ${spoolid}`;
    return { file: next, visibleOn: visibleOn(next, model) };
  }

  /** IPL CLEAN: the system's unshared spool is discarded; shared files live on in the complex. */
  spoolClean(system: string): number {
    const gone = this.sql<{
      n: number;
    }>`SELECT count(*) AS n FROM spool WHERE origin = ${system} AND shared = 0`[0].n;
    this.sql`DELETE FROM spool WHERE origin = ${system} AND shared = 0`;
    return gone;
  }

  /** PURGE READER: removes an owner's files that `system` sees; answers how many. */
  spoolPurge(system: string, owner: string, spoolid?: string): number {
    const mine = this.spoolReader(system, owner).filter(
      (f) => spoolid === undefined || f.spoolid === spoolid,
    );
    for (const f of mine) this.sql`DELETE FROM spool WHERE spoolid = ${f.spoolid}`;
    return mine.length;
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
