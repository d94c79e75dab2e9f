import type { SystemConfigInput } from "../../src/config/parse";
import type { DasdEntry } from "../../src/dasd/inventory";
import type { Diagnostic } from "../../src/diagnostics";
import type { LimitsPatch } from "../../src/limits";
import { LINT_FILE_NAMES, lintPlex } from "../../src/lint";
import type { ProgramsInput } from "../../src/cms/programs";
import type { CtcInput } from "../../src/plex/ctcs";
import type { PlexInput, PlexView } from "../../src/plex/view";
import type { Schema, Sql } from "../sql";
import type { CmsFileStore } from "./cms-files";

/** The plex row as read on every call: the inputs themselves are read only when their version changed. */
export type PlexRow = { tenant: string; name: string; inputs_version: number };

/** The inputs as stored, one row each (Plex migration 24; the table takes any kind, so later ones need no migration). */
export type InputKind = "systemConfig" | "directory" | "dasd" | "ctcs" | "programs";

/** The plex read and linted, with its name and tenant. */
export type LintedPlex = { view: PlexView; diagnostics: Diagnostic[]; name: string; tenant: string };

/**
 * The plex row and its stored inputs (SYSTEM CONFIG, directory, DASD inventory, CTCs, programs),
 * with the plex as lint reads them kept until they (or the CMS files lint reads) change.
 */
export class PlexInputs {
  private cached: { key: string; view: PlexView; diagnostics: Diagnostic[] } | null = null;
  /** Counts changes to the CMS files in this instance: lint reads some of them, so they key the cache too. */
  private filesEpoch = 0;

  constructor(
    private readonly sql: Sql,
    private readonly schema: Schema,
    private readonly files: CmsFileStore,
  ) {}

  /** The key the lint cache is kept under: the inputs' version and the files' changes. */
  private lintKey(inputsVersion: number): string {
    return `${inputsVersion} ${this.filesEpoch}`;
  }

  /** The plex row, or undefined when the plex does not exist or is being deleted. */
  row(): PlexRow | undefined {
    if (!this.schema.exists) return undefined;
    return this.sql<PlexRow>`SELECT tenant, name, inputs_version FROM plex WHERE deleting = 0`[0];
  }

  /** The plex read and linted, kept until its inputs change. */
  linted(): LintedPlex | undefined {
    const r = this.row();
    if (!r) return undefined;
    const key = this.lintKey(r.inputs_version);
    if (this.cached?.key !== key) {
      const result = lintPlex(this.input());
      this.cached = { key, view: result.plex, diagnostics: result.diagnostics };
    }
    return { ...this.cached, name: r.name, tenant: r.tenant };
  }

  /** Keeps a lint of the inputs just stored (at create), so the next call need not lint them again. */
  keep(view: PlexView, diagnostics: Diagnostic[]): void {
    this.cached = { key: this.lintKey(this.row()!.inputs_version), view, diagnostics };
  }

  /** Drops the kept lint (the plex is being deleted). */
  forget(): void {
    this.cached = null;
  }

  /** The CMS files changed: lint reads some of them, so the kept lint is stale. */
  filesChanged(): void {
    this.filesEpoch++;
  }

  /** The inputs as stored. */
  input(): PlexInput {
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

  /** Writes the plex row of a new plex (inside the caller's transaction). */
  insertPlex(tenant: string, name: string, overrides: LimitsPatch): void {
    this.sql`INSERT INTO plex (id, tenant, name, created_at, limits)
             VALUES (1, ${tenant}, ${name}, ${new Date().toISOString()}, ${JSON.stringify(overrides)})`;
  }

  /** Replaces some inputs (inside the caller's transaction) and counts a new version of them. */
  write(inputs: Partial<Record<InputKind, string>>): void {
    for (const [kind, text] of Object.entries(inputs))
      this.sql`INSERT INTO inputs (kind, text) VALUES (${kind}, ${text})
               ON CONFLICT (kind) DO UPDATE SET text = excluded.text`;
    this.sql`UPDATE plex SET inputs_version = inputs_version + 1`;
  }

  /** Replaces the directory (inside the caller's transaction) and counts a new version of it too. */
  writeDirectory(directory: string): void {
    this.write({ directory });
    this.sql`UPDATE plex SET directory_version = directory_version + 1`;
  }

  /** The directory's and the inputs' versions, which a system's image carries. */
  versions(): { directory: number; inputs: number } | undefined {
    return this.sql<{ directory: number; inputs: number }>`
      SELECT directory_version AS directory, inputs_version AS inputs FROM plex`[0];
  }
}
