import { DurableObject } from "cloudflare:workers";
import { lintPlex } from "../../src/lint";
import { Schema, sqlHelper } from "../sql";
import { PlexChanges } from "./changes";
import { CmsFileStore } from "./cms-files";
import { PlexDeletion, type DeletionState } from "./deletion";
import { PlexDirectory } from "./directory";
import { PlexInputs } from "./inputs";
import { PlexLimits } from "./limits";
import { LiveViews } from "./live-views";
import { RscsSpool } from "./rscs-spool";
import { PLEX_MIGRATIONS } from "./schema";
import { PlexSpool } from "./spool";
import { PlexSystems } from "./systems";
import { PlexWatchers } from "./watchers";

/**
 * The Plex's state and concerns, made once per object (./plex.ts is the class the Worker binds;
 * its RPC surface is split by concern over ./plex-spool-rpc.ts and ./plex.ts).
 */
export abstract class PlexBase extends DurableObject<Env> {
  protected readonly inputs: PlexInputs;
  protected readonly limits: PlexLimits;
  protected readonly systems: PlexSystems;
  protected readonly changes: PlexChanges;
  protected readonly views: LiveViews;
  protected readonly spool: PlexSpool;
  /** RSCS's queued and delivered files in the spool (./rscs-spool.ts). */
  protected readonly rscs: RscsSpool;
  /** The plex's CMS files on minidisks (./cms-files.ts). */
  protected readonly files: CmsFileStore;
  /** Deleting the plex in bounded steps (./deletion.ts); while it runs the plex answers as gone. */
  protected readonly deletion: PlexDeletion;
  /** The source directory's versions and DIRMAINT's changes (./directory.ts, #12). */
  protected readonly directory: PlexDirectory;
  /** The web console's sockets (./watchers.ts, hibernation API). */
  protected readonly watchers: PlexWatchers;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = sqlHelper(ctx.storage.sql);
    // SQLite storage is synchronous: the schema is read (and an old one migrated) before any request.
    const schema = new Schema(ctx.storage, sql, PLEX_MIGRATIONS);
    this.files = new CmsFileStore(ctx.storage, sql);
    this.inputs = new PlexInputs(sql, schema, this.files);
    this.limits = new PlexLimits(env, sql, schema);
    this.systems = new PlexSystems(env, sql, schema, this.inputs, () => this.limits.overrides());
    this.deletion = new PlexDeletion(ctx, env, sql, schema, () => [
      ...lintPlex(this.inputs.input()).plex.volumes.keys(),
    ]);
    this.spool = new PlexSpool(
      ctx.storage,
      sql,
      () => {
        const view = this.inputs.linted()?.view;
        return { systems: view?.systems ?? [], config: (s) => view?.views.get(s)?.config };
      },
      () => this.limits.limits(),
    );
    this.rscs = new RscsSpool(ctx.storage, sql, this.spool);
    this.changes = new PlexChanges(
      ctx,
      env,
      schema,
      this.inputs,
      this.files,
      this.systems,
      this.limits,
      this.deletion,
      () => this.destroy(),
      (version) => this.directory.rebased(version),
    );
    this.views = new LiveViews(env, this.inputs, this.systems);
    this.directory = new PlexDirectory(ctx.storage, sql, this.inputs, this.files, () => this.limits.limits());
    this.watchers = new PlexWatchers(ctx, env, () => {
      const r = this.inputs.row();
      return r && { tenant: r.tenant, name: r.name, systems: Object.keys(this.systems.states()) };
    });
  }

  /** Deletes the plex and every object it made (./plex.ts). */
  abstract destroy(opts?: { tenantGone?: boolean }): Promise<DeletionState>;
}
