import {
  deploymentLimits,
  storedOverrides,
  withOverrides,
  type Limits,
  type LimitsPatch,
} from "../../src/limits";
import { objectName } from "../../src/plex/names";
import { inputUse } from "../../src/plex/quota";
import { mapInBatches, OBJECT_CALLS_AT_ONCE } from "../batches";
import type { Schema, Sql } from "../sql";
import type { CmsFileStore } from "./cms-files";
import type { LintedPlex } from "./inputs";
import { mostConsoleLines, type NodesOf } from "./node-questions";
import type { SpoolStore } from "./spool-store";

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

/** The tenant's limits as the plex keeps them (the admin's overrides) and what the plex uses of them. */
export class PlexLimits {
  constructor(
    private readonly env: Env,
    private readonly sql: Sql,
    private readonly schema: Schema,
  ) {}

  /** The admin's overrides of the tenant's limits, as this plex keeps them. */
  overrides(): LimitsPatch {
    return storedOverrides(
      this.schema.exists ? this.sql<{ limits: string | null }>`SELECT limits FROM plex`[0]?.limits : null,
    );
  }

  /** The tenant's limits as this plex enforces them: its overrides over the deployment's defaults now. */
  limits(): Limits {
    return withOverrides(deploymentLimits(this.env.DEFAULT_LIMITS), this.overrides());
  }

  /** Keeps the admin's new overrides, and gives them to each system's node. */
  async set(nodes: NodesOf, overrides: LimitsPatch): Promise<void> {
    this.sql`UPDATE plex SET limits = ${JSON.stringify(overrides)}`;
    await mapInBatches(nodes.systems, OBJECT_CALLS_AT_ONCE, (s) =>
      this.env.VMNODE.getByName(objectName(nodes.tenant, nodes.plex, s)).setLimits(overrides),
    );
  }

  /** What the plex uses of the tenant's per-plex limits. */
  async usage(p: LintedPlex, nodes: NodesOf, spool: SpoolStore, files: CmsFileStore): Promise<PlexUsage> {
    // Counted as the quotas count them (./spool-store.ts): stored bytes, records with their lengths.
    const spoolUse = spool.use();
    const tapes = spool.tapeUse();
    return {
      ...inputUse(p.view),
      spoolFiles: spoolUse.files,
      spoolBytes: spoolUse.bytes,
      tapes: tapes.tapes,
      tapeBytes: tapes.bytes,
      fileBytes: files.bytes(),
      consoleLines: await mostConsoleLines(this.env, nodes),
    };
  }
}
