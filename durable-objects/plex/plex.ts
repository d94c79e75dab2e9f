import { DurableObject } from "cloudflare:workers";
import type { CpAnswer } from "../../src/catalog/answer";
import type { SystemConfigInput } from "../../src/config/parse";
import type { DasdEntry } from "../../src/dasd/inventory";
import type { Diagnostic } from "../../src/diagnostics";
import {
  deploymentLimits,
  storedOverrides,
  withOverrides,
  type Limits,
  type LimitsPatch,
} from "../../src/limits";
import type { LedgerLink } from "../../src/dasd/ledger";
import { LINT_FILE_NAMES, lintPlex } from "../../src/lint";
import { volumeGeometries } from "../../src/plex/geometry";
import { systemImage, type SystemImage } from "../../src/plex/image";
import { objectName } from "../../src/plex/names";
import type { CtcInput } from "../../src/plex/ctcs";
import type { ProgramsInput } from "../../src/cms/programs";
import { fileRoom, placeFiles, type FilesInput } from "../../src/plex/files";
import { inputQuota, inputUse } from "../../src/plex/quota";
import { slotNames, topologyOf, type SystemState, type Topology } from "../../src/plex/topology";
import type { PlexInput, PlexView } from "../../src/plex/view";
import type { VolumeView } from "../../src/dasd/volume-view";
import { conflict, invalidConfig, notFound, type Refused } from "../../src/refusal";
import type { FileAction } from "../../src/spool/actions";
import type { NoPath, Queue, SpoolFile } from "../../src/spool/spool";
import type { TapeDocument, TapeFile } from "../../src/spool/spxtape";
import type { SpxtapeRequest } from "../../src/spool/spxtape-plan";
import { mapInBatches, OBJECT_CALLS_AT_ONCE } from "../batches";
import { Schema, sqlHelper, type Sql } from "../sql";
import { CmsFileStore, type FileEntry } from "./cms-files";
import { ALARM_STEP, PlexDeletion, type DeletionState } from "./deletion";
import { localLinksOn, mostConsoleLines, type NodesOf, pvmStates, usedVolumes } from "./node-questions";
import { pvmNetwork } from "../../src/pvm/network";
import type { Network } from "../../src/pvm/types";
import { PLEX_MIGRATIONS } from "./schema";
import { type NewSpoolFile, PlexSpool } from "./spool";

/** The plex row as read on every call: the inputs themselves are read only when their version changed. */
type PlexRow = { tenant: string; name: string; inputs_version: number };

/** The inputs as stored, one row each (Plex migration 24; the table takes any kind, so later ones need no migration). */
type InputKind = "systemConfig" | "directory" | "dasd" | "ctcs" | "programs";

/**
 * What one plex uses of the tenant's per-plex limits (GET /v1/usage); `consoleLines` is the most
 * any user of any system keeps.
 */
export type PlexUsage = Pick<
  Limits,
  | "systemsPerPlex"
  | "users"
  | "volumes"
  | "spoolFiles"
  | "spoolBytes"
  | "tapes"
  | "tapeBytes"
  | "fileBytes"
  | "consoleLines"
>;

/** Whether the Plex knows a system, for a route that reached a node the Plex never registered. */
export type SystemLookup = "registered" | "no-plex" | "no-system";

/**
 * One per tenant+plex: the source SYSTEM CONFIG and directory (the DirMaint role), the DASD
 * inventory, the registry of systems with their run state, and the shared spool (./spool.ts).
 */
export class Plex extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly schema: Schema;
  private readonly spool: PlexSpool;
  private cached: { key: string; view: PlexView; diagnostics: Diagnostic[] } | null = null;
  /** Counts changes to the CMS files in this instance: lint reads some of them, so they key the cache too. */
  private filesEpoch = 0;

  /** The key the lint cache is kept under: the inputs' version and the files' changes. */
  private lintKey(inputsVersion: number): string {
    return `${inputsVersion} ${this.filesEpoch}`;
  }
  /** The plex's CMS files on minidisks (./cms-files.ts). */
  private readonly files: CmsFileStore;
  /** The round of usedVolumes questions under way, which callers meanwhile share. */
  private usedInFlight: Promise<string[]> | undefined;
  /** Deleting the plex in bounded steps (./deletion.ts); while it runs the plex answers as gone. */
  private readonly deletion: PlexDeletion;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    // SQLite storage is synchronous: the schema is read (and an old one migrated) before any request.
    const schema = new Schema(ctx.storage, this.sql, PLEX_MIGRATIONS);
    this.schema = schema;
    this.files = new CmsFileStore(ctx.storage, this.sql);
    this.deletion = new PlexDeletion(ctx, env, this.sql, schema, () => [
      ...lintPlex(this.input()).plex.volumes.keys(),
    ]);
    this.spool = new PlexSpool(
      ctx.storage,
      this.sql,
      () => {
        const view = this.plex()?.view;
        return { systems: view?.systems ?? [], config: (s) => view?.views.get(s)?.config };
      },
      () => this.limits(),
    );
  }

  private row(): PlexRow | undefined {
    if (!this.schema.exists) return undefined;
    return this.sql<PlexRow>`SELECT tenant, name, inputs_version FROM plex WHERE deleting = 0`[0];
  }

  /** The plex read and linted, kept until its inputs change. */
  private plex(): { view: PlexView; diagnostics: Diagnostic[]; name: string; tenant: string } | undefined {
    const r = this.row();
    if (!r) return undefined;
    const key = this.lintKey(r.inputs_version);
    if (this.cached?.key !== key) {
      const result = lintPlex(this.input());
      this.cached = { key, view: result.plex, diagnostics: result.diagnostics };
    }
    return { ...this.cached, name: r.name, tenant: r.tenant };
  }

  /** The inputs as stored. */
  private input(): PlexInput {
    const text = Object.fromEntries(
      this.sql<{ kind: InputKind; text: string }>`SELECT kind, text FROM inputs`.map((r) => [r.kind, r.text]),
    ) as Record<InputKind, string>;
    return {
      systemConfig: JSON.parse(text.systemConfig) as SystemConfigInput,
      directory: text.directory,
      dasd: JSON.parse(text.dasd) as DasdEntry[],
      // A plex from before CTCs has none.
      ctcs: text.ctcs ? (JSON.parse(text.ctcs) as CtcInput[]) : [],
      // The files lint reads (PVM's), as stored: linting stored inputs again checks them too.
      storedFiles: this.files.named(LINT_FILE_NAMES),
      // A plex from before `programs` has none: every user runs its name's program.
      programs: text.programs ? (JSON.parse(text.programs) as ProgramsInput) : {},
    };
  }

  /** Replaces some inputs (inside the caller's transaction) and counts a new version of them. */
  private writeInputs(inputs: Partial<Record<InputKind, string>>): void {
    for (const [kind, text] of Object.entries(inputs))
      this.sql`INSERT INTO inputs (kind, text) VALUES (${kind}, ${text})
               ON CONFLICT (kind) DO UPDATE SET text = excluded.text`;
    this.sql`UPDATE plex SET inputs_version = inputs_version + 1`;
  }

  private states(): Record<string, SystemState> {
    if (!this.schema.exists) return {};
    return Object.fromEntries(
      this.sql<{ sysname: string; state: SystemState }>`SELECT sysname, state FROM systems`.map((r) => [
        r.sysname,
        r.state,
      ]),
    );
  }

  /**
   * Creates the plex from its three inputs under the tenant's limits; refuses (422) when lint finds
   * an error, and (429 QUOTA_EXCEEDED) inputs past the limits on systems, users or volumes.
   */
  async create(
    tenant: string,
    name: string,
    input: {
      systemConfig: SystemConfigInput;
      directory: string;
      dasd?: DasdEntry[];
      ctcs?: CtcInput[];
      files?: FilesInput;
      programs?: ProgramsInput;
    },
    overrides: LimitsPatch = {},
  ): Promise<Refused<{ topology: Topology }>> {
    if (this.row()) return conflict(`Plex ${name} already exists`);
    if (this.deletion.active) return conflict(`Plex ${name} is still being deleted`, "PLEX_DELETING");
    const result = lintPlex(input);
    if (!result.ok) return invalidConfig("SYSTEM CONFIG or directory has errors", result.diagnostics);
    const limits = withOverrides(deploymentLimits(this.env.DEFAULT_LIMITS), overrides);
    const over = inputQuota(result.plex, limits);
    if (over) return over;
    const files = placeFiles(result.plex, input.files ?? {});
    if (files.diagnostics.length > 0) return invalidConfig("The files have errors", files.diagnostics);
    const tooMany = fileRoom(files.placed, 0, limits.fileBytes);
    if (tooMany) return tooMany;
    this.schema.ensure();
    this.ctx.storage.transactionSync(() => {
      this.sql`INSERT INTO plex (id, tenant, name, created_at, limits)
               VALUES (1, ${tenant}, ${name}, ${new Date().toISOString()}, ${JSON.stringify(overrides)})`;
      this.writeInputs({
        systemConfig: JSON.stringify(input.systemConfig),
        directory: input.directory,
        dasd: JSON.stringify(input.dasd ?? []),
        ctcs: JSON.stringify(input.ctcs ?? []),
        programs: JSON.stringify(input.programs ?? {}),
      });
      this.files.put(files.placed);
      for (const s of result.plex.systems)
        this.sql`INSERT INTO systems (sysname, state) VALUES (${s}, 'DOWN')`;
    });
    this.cached = {
      key: this.lintKey(this.row()!.inputs_version),
      view: result.plex,
      diagnostics: result.diagnostics,
    };
    // Volumes are not set up here: each takes its geometry at its first use (a plex of thousands
    // of volumes costs no more to create than one of ten).
    try {
      await this.registerNodes(tenant, name, result.plex.systems);
    } catch (e) {
      // A create that cannot finish leaves nothing behind: the name can be used again.
      await this.destroy();
      throw e;
    }
    return { ok: true, topology: topologyOf(name, result.plex, this.states(), result.diagnostics) };
  }

  /** Tells each system's node which system of which plex it is, and the admin's overrides, so it can answer for itself. */
  private async registerNodes(tenant: string, name: string, systems: readonly string[]): Promise<void> {
    const overrides = this.overrides();
    await mapInBatches(systems, OBJECT_CALLS_AT_ONCE, (s) =>
      this.env.VMNODE.getByName(objectName(tenant, name, s)).register(tenant, name, s, overrides),
    );
  }

  /** The admin's overrides of the tenant's limits, as this plex keeps them. */
  private overrides(): LimitsPatch {
    return storedOverrides(
      this.schema.exists ? this.sql<{ limits: string | null }>`SELECT limits FROM plex`[0]?.limits : null,
    );
  }

  /** The tenant's limits as this plex enforces them: its overrides over the deployment's defaults now. */
  private limits(): Limits {
    return withOverrides(deploymentLimits(this.env.DEFAULT_LIMITS), this.overrides());
  }

  /** The admin changed the tenant's limits: the plex and each of its systems keep the new overrides. */
  async setLimits(overrides: LimitsPatch): Promise<void> {
    const r = this.row();
    if (!r) return;
    this.sql`UPDATE plex SET limits = ${JSON.stringify(overrides)}`;
    await mapInBatches(Object.keys(this.states()), OBJECT_CALLS_AT_ONCE, (s) =>
      this.env.VMNODE.getByName(objectName(r.tenant, r.name, s)).setLimits(overrides),
    );
  }

  /** What the plex uses of the tenant's per-plex limits, or null when it does not exist. */
  async usage(): Promise<PlexUsage | null> {
    const p = this.plex();
    if (!p) return null;
    // Counted as the quotas count them (./spool-store.ts): stored bytes, records with their lengths.
    const spool = this.spool.store.use();
    const tapes = this.spool.store.tapeUse();
    return {
      ...inputUse(p.view),
      spoolFiles: spool.files,
      spoolBytes: spool.bytes,
      tapes: tapes.tapes,
      tapeBytes: tapes.bytes,
      fileBytes: this.files.bytes(),
      consoleLines: await mostConsoleLines(this.env, this.nodesOf(p)),
    };
  }

  /** The CSE network: every CTC, PVM line and CSE path with its state and why it is down. */
  async network(): Promise<Network | null> {
    const p = this.plex();
    if (!p) return null;
    const states = await pvmStates(this.env, { tenant: p.tenant, plex: p.name, systems: p.view.systems });
    return pvmNetwork(p.view.systems, p.view.ctcs, states);
  }

  /** The plex's name and the systems it has run, whose nodes a question goes to. */
  private nodesOf(p: { tenant: string; name: string }): NodesOf {
    return { tenant: p.tenant, plex: p.name, systems: Object.keys(this.states()) };
  }

  /** Registers the node of `sysname` when the plex has that system (nodes made before registration existed). */
  async registerSystem(sysname: string): Promise<SystemLookup> {
    const r = this.row();
    if (!r) return "no-plex";
    if (!(sysname in this.states())) return "no-system";
    await this.registerNodes(r.tenant, r.name, [sysname]);
    return "registered";
  }

  /** True when the plex exists (it was created and not deleted). */
  exists(): boolean {
    return this.row() !== undefined;
  }

  /** How many of its objects a plex being deleted has left, or undefined when it is not being deleted. */
  deletingRemaining(): number | undefined {
    return this.deletion.active ? this.deletion.remaining() : undefined;
  }

  /** A volume of the plex as the API shows it (its Volume object's view with slots named), or null. */
  async volumeView(volser: string): Promise<VolumeView | null> {
    const p = this.plex();
    const g = p && volumeGeometries(p.view).get(volser);
    if (!p || !g) return null;
    const version = this.sql<{ v: number }>`SELECT inputs_version AS v FROM plex`[0]?.v ?? 0;
    const local = await this.localLinks(volser);
    return this.env.VOLUME.getByName(objectName(p.tenant, p.name, volser)).view(
      slotNames(p.view),
      { ...g, version },
      local,
    );
  }

  /**
   * The links UP systems (but `except`) decided alone on a volume no XLINK covers there: each
   * system's node knows its own, not the volume (docs/decisions.md).
   */
  async localLinks(volser: string, except?: string): Promise<LedgerLink[]> {
    const p = this.plex();
    if (!p) return [];
    const up = Object.entries(this.states())
      .filter(([s, state]) => state === "UP" && s !== except)
      .map(([s]) => s);
    return localLinksOn(this.env, { tenant: p.tenant, plex: p.name, systems: up }, volser);
  }

  /** The plex's topology, or undefined when it does not exist. */
  topology(): Topology | undefined {
    const p = this.plex();
    return p && topologyOf(p.name, p.view, this.states(), p.diagnostics);
  }

  /** What `sysname` reads at IPL (optionally from another volume than its default). */
  image(sysname: string, iplVolume?: string): SystemImage | undefined {
    const p = this.plex();
    if (!p) return undefined;
    const v = this.sql<{ directory: number; inputs: number }>`
      SELECT directory_version AS directory, inputs_version AS inputs FROM plex`[0];
    return systemImage(p.view, sysname.toUpperCase(), iplVolume, v?.directory ?? 1, v?.inputs ?? 0);
  }

  /**
   * Adds or replaces CMS files on minidisks (each kept with its minidisk's extent); refuses (422)
   * files on minidisks the plex does not have, and (413) files past the tenant's fileBytes.
   */
  putFiles(files: FilesInput): Refused<{ files: number; bytes: number }> {
    const p = this.plex();
    if (!p) return notFound("No such plex");
    const put = this.files.putChecked(p.view, files, this.limits().fileBytes);
    if (put.ok) this.filesEpoch++;
    return put;
  }

  /** The CMS files on minidisk `vdev` of `owner` as system `sysname` sees it. */
  minidiskFiles(sysname: string, owner: string, vdev: string): Refused<{ files: FileEntry[] }> {
    const p = this.plex();
    return p ? this.files.listOn(p.view, p.name, sysname, owner, vdev) : notFound("No such plex");
  }

  /** Erases one CMS file from a minidisk as `sysname` sees it. */
  eraseFile(sysname: string, owner: string, vdev: string, fn: string, ft: string): Refused<{ erased: true }> {
    const p = this.plex();
    if (!p) return notFound("No such plex");
    const erased = this.files.eraseOn(p.view, p.name, sysname, owner, vdev, fn, ft);
    if (erased.ok) this.filesEpoch++;
    return erased;
  }

  /** One CMS file's text on a minidisk as `sysname` sees it. */
  readFile(sysname: string, owner: string, vdev: string, fn: string, ft: string): Refused<{ text: string }> {
    const p = this.plex();
    return p ? this.files.readOn(p.view, p.name, sysname, owner, vdev, fn, ft) : notFound("No such plex");
  }

  /**
   * The volumes any system of the plex ever called (each node notes them before its first call), so
   * an IPL asks only volumes that can hold something. A node that cannot say counts as all of them.
   */
  usedVolumes(): Promise<string[]> {
    // Systems IPLed at once share one round of questions (64 IPLs would otherwise ask 64 x 64).
    this.usedInFlight ??= this.askUsedVolumes().finally(() => (this.usedInFlight = undefined));
    return this.usedInFlight;
  }

  private async askUsedVolumes(): Promise<string[]> {
    const p = this.plex();
    return p ? usedVolumes(this.env, this.nodesOf(p), () => [...p.view.volumes.keys()]) : [];
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
  async setDirectory(directory: string): Promise<Refused<{ topology: Topology; pushedTo: string[] }>> {
    const r = this.row();
    if (!r) return notFound("No such plex");
    const result = lintPlex({ ...this.input(), directory });
    if (!result.ok) return invalidConfig("The directory has errors; nothing was changed", result.diagnostics);
    const over = inputQuota(result.plex, this.limits());
    if (over) return over;
    this.ctx.storage.transactionSync(() => {
      this.writeInputs({ directory });
      this.sql`UPDATE plex SET directory_version = directory_version + 1`;
    });
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
    ctcs?: CtcInput[],
  ): Promise<Refused<{ topology: Topology }>> {
    const r = this.row();
    if (!r) return notFound("No such plex");
    const input = { ...this.input(), systemConfig, ...(dasd ? { dasd } : {}), ...(ctcs ? { ctcs } : {}) };
    const result = lintPlex(input);
    if (!result.ok) return invalidConfig("SYSTEM CONFIG has errors; nothing was changed", result.diagnostics);
    const over = inputQuota(result.plex, this.limits());
    if (over) return over;
    const known = new Set(Object.keys(this.states()));
    const added = result.plex.systems.filter((s) => !known.has(s));
    this.ctx.storage.transactionSync(() => {
      this.writeInputs({
        systemConfig: JSON.stringify(systemConfig),
        dasd: JSON.stringify(input.dasd ?? []),
        ctcs: JSON.stringify(input.ctcs ?? []),
      });
      for (const s of added) this.sql`INSERT INTO systems (sysname, state) VALUES (${s}, 'DOWN')`;
    });
    // Volumes are not touched: each takes the new geometry when a system that read it at IPL uses it
    // (Volume.adopt), and only if it fits the links it holds then.
    await this.registerNodes(r.tenant, r.name, added);
    return { ok: true, topology: this.topology()! };
  }

  /** The plex's `programs` input (src/cms/programs.ts), or undefined when the plex does not exist. */
  programs(): ProgramsInput | undefined {
    return this.row() ? (this.input().programs ?? {}) : undefined;
  }

  /**
   * Replaces the `programs` input (checked at the API's edge); each system reads it at its next
   * IPL, as SYSTEM CONFIG. Its lint findings (a userid the directory lacks) come with the topology.
   */
  setPrograms(programs: ProgramsInput): Refused<{ programs: ProgramsInput; topology: Topology }> {
    if (!this.row()) return notFound("No such plex");
    this.ctx.storage.transactionSync(() => this.writeInputs({ programs: JSON.stringify(programs) }));
    return { ok: true, programs, topology: this.topology()! };
  }

  // The spool (./spool.ts): one call per operation, each one transaction.

  /** The files `system` sees in `queue` (all queues when undefined), one owner's or every owner's. */
  spoolList(system: string, opts: { owner?: string; queue?: Queue }): SpoolFile[] {
    return this.spool.list(system, opts);
  }

  /** Spools a closed file with a spool id unique in the complex; answers it and the systems that see it. */
  spoolCreate(f: NewSpoolFile): Refused<{ file: SpoolFile; visibleOn: string[] }> {
    return this.spool.create(f);
  }

  /** A reader file's records; with `open`, locked to `system`'s reader until CLOSE. */
  spoolRead(system: string, userid: string, opts: { spoolid?: string; open: boolean; readerClass?: string }) {
    return this.spool.read(system, userid, opts);
  }

  /** CLOSE READER: the open file is released, purged unless KEEP or HOLD. */
  spoolCloseReader(system: string, userid: string, how: { keep: boolean; hold: boolean; purge: boolean }) {
    return this.spool.closeReader(system, userid, how);
  }

  /** Releases what `userid` (or, at IPL, anyone) has open on `system`'s readers, without purging. */
  spoolRelease(system: string, userid?: string): void {
    this.spool.store.unlock(system, userid);
  }

  /** PURGE, CHANGE, TRANSFER and ORDER in one transaction; answers CP's lines and the notices to send. */
  spoolAction(
    system: string,
    issuer: string,
    owner: string | undefined,
    action: FileAction,
    noPath?: NoPath,
  ) {
    return this.spool.action(system, issuer, owner, action, noPath);
  }

  /** At IPL: XSPOOL read, readers released, IPL CLEAN discards the system's unshared spool. */
  spoolIpl(system: string, clean: boolean): number {
    return this.spool.ipl(system, clean);
  }

  /** SPXTAPE DUMP, LOAD or SCAN on the plex tape `volser`. */
  spxtape(system: string, issuer: string, operator: boolean, volser: string, c: SpxtapeRequest): CpAnswer {
    return this.spool.spxtape(system, issuer, operator, volser, c);
  }

  /** Makes an empty tape of that name unless there is one (mounting a scratch tape); refused past the plex's tapes. */
  tapeScratch(volser: string): Refused<{ made: boolean }> {
    return this.spool.scratch(volser);
  }

  /** The plex's tapes. */
  tapeList(): { volser: string; files: number; bytes: number; written: string | null }[] {
    return this.spool.store.tapes();
  }

  /** A tape as a document that can be downloaded and uploaded again, or undefined. */
  tapeExport(volser: string): TapeDocument | undefined {
    return this.spool.tapeExport(volser);
  }

  /** Writes an uploaded tape (replacing one of that name); refused past the plex's tapes or tapeBytes. */
  tapeImport(
    volser: string,
    files: { meta: TapeFile; packed: Uint8Array }[],
    by: string,
  ): Refused<{ bytes: number }> {
    return this.spool.tapeImport(volser, files, by);
  }

  /** Removes a tape; answers whether there was one. */
  tapeDelete(volser: string): boolean {
    const had = this.spool.store.hasTape(volser);
    this.spool.store.deleteTape(volser);
    return had;
  }

  /**
   * Deletes the plex and every object it made (its systems' nodes and its volumes) in bounded steps:
   * done within this call for a plex of up to DELETE_STEP objects, else finished from the alarm.
   * With `tenantGone` (the tenant is being deleted) every step runs from the alarm and the tenant
   * is not called back.
   */
  async destroy(opts: { tenantGone?: boolean } = {}): Promise<DeletionState> {
    const p = this.plex();
    if (!p && opts.tenantGone) this.deletion.tenantGone();
    if (p) {
      await this.deletion.begin(
        [...new Set([...p.view.systems, ...Object.keys(this.states())])],
        opts.tenantGone ?? false,
      );
      this.cached = null;
    }
    return opts.tenantGone ? this.deletion.later() : this.deletion.step();
  }

  /** The next step of a deletion that one request could not finish. */
  override async alarm(): Promise<void> {
    if (this.deletion.active) await this.deletion.step(ALARM_STEP);
  }
}
