import type { SystemConfigInput } from "../../src/config/parse";
import type { DasdEntry } from "../../src/dasd/inventory";
import { deploymentLimits, withOverrides, type LimitsPatch } from "../../src/limits";
import { lintPlex } from "../../src/lint";
import type { ProgramsInput } from "../../src/cms/programs";
import type { CtcInput } from "../../src/plex/ctcs";
import { fileRoom, placeFiles, type FilesInput } from "../../src/plex/files";
import { objectName } from "../../src/plex/names";
import { inputQuota } from "../../src/plex/quota";
import { topologyOf, type Topology } from "../../src/plex/topology";
import { conflict, invalidConfig, notFound, type Refused } from "../../src/refusal";
import type { Schema } from "../sql";
import type { CmsFileStore } from "./cms-files";
import type { PlexDeletion } from "./deletion";
import type { PlexInputs } from "./inputs";
import type { PlexLimits } from "./limits";
import type { PlexSystems } from "./systems";

/** What POST /v1/plexes gives a new plex: its three inputs, and optionally its CTCs, files and programs. */
export type CreateInput = {
  systemConfig: SystemConfigInput;
  directory: string;
  dasd?: DasdEntry[];
  ctcs?: CtcInput[];
  files?: FilesInput;
  programs?: ProgramsInput;
};

/**
 * Creating the plex and changing its inputs (PUT /config, /directory, /programs): each change is
 * linted and held to the tenant's limits before anything is stored, then stored in one transaction.
 */
export class PlexChanges {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly schema: Schema,
    private readonly inputs: PlexInputs,
    private readonly files: CmsFileStore,
    private readonly systems: PlexSystems,
    private readonly limits: PlexLimits,
    private readonly deletion: PlexDeletion,
    /** Deletes whatever a create that cannot finish made. */
    private readonly destroy: () => Promise<unknown>,
    /** A PUT /directory is every system's new base (inside its transaction; ./directory.ts). */
    private readonly rebased: (version: number) => void,
  ) {}

  /**
   * Creates the plex from its three inputs under the tenant's limits; refuses (422) when lint finds
   * an error, and (429 QUOTA_EXCEEDED) inputs past the limits on systems, users or volumes.
   */
  async create(
    tenant: string,
    name: string,
    input: CreateInput,
    overrides: LimitsPatch,
  ): Promise<Refused<{ topology: Topology }>> {
    if (this.inputs.row()) return conflict(`Plex ${name} already exists`);
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
      this.inputs.insertPlex(tenant, name, overrides);
      this.inputs.write({
        systemConfig: JSON.stringify(input.systemConfig),
        directory: input.directory,
        dasd: JSON.stringify(input.dasd ?? []),
        ctcs: JSON.stringify(input.ctcs ?? []),
        programs: JSON.stringify(input.programs ?? {}),
      });
      this.files.put(files.placed);
      this.systems.add(result.plex.systems);
    });
    this.inputs.keep(result.plex, result.diagnostics);
    // Volumes are not set up here: each takes its geometry at its first use (a plex of thousands
    // of volumes costs no more to create than one of ten).
    try {
      await this.systems.registerNodes(tenant, name, result.plex.systems);
    } catch (e) {
      // A create that cannot finish leaves nothing behind: the name can be used again.
      await this.destroy();
      throw e;
    }
    return { ok: true, topology: topologyOf(name, result.plex, this.systems.states(), result.diagnostics) };
  }

  /** Replaces the source directory after checking it; pushes it to every UP system (DIRMAINT + DIRECTXA). */
  async setDirectory(directory: string): Promise<Refused<{ topology: Topology; pushedTo: string[] }>> {
    const r = this.inputs.row();
    if (!r) return notFound("No such plex");
    const result = lintPlex({ ...this.inputs.input(), directory });
    if (!result.ok) return invalidConfig("The directory has errors; nothing was changed", result.diagnostics);
    const over = inputQuota(result.plex, this.limits.limits());
    if (over) return over;
    this.ctx.storage.transactionSync(() => {
      this.inputs.writeDirectory(directory);
      this.rebased(this.inputs.versions()!.directory);
    });
    const states = this.systems.states();
    // A system that is coming up gets the push too: it may have read the directory before this change.
    const up = result.plex.systems.filter((s) => states[s] === "UP" || states[s] === "IPLING");
    await Promise.all(
      up.map((s) => {
        const image = this.systems.image(s)!;
        return this.env.VMNODE.getByName(objectName(r.tenant, r.name, s)).loadDirectory(
          image.users,
          image.directoryVersion,
        );
      }),
    );
    return { ok: true, topology: this.systems.topology()!, pushedTo: up };
  }

  /** Replaces SYSTEM CONFIG (and the inventory) after checking; each system reads it at its next IPL. */
  async setConfig(
    systemConfig: SystemConfigInput,
    dasd?: DasdEntry[],
    ctcs?: CtcInput[],
  ): Promise<Refused<{ topology: Topology }>> {
    const r = this.inputs.row();
    if (!r) return notFound("No such plex");
    const input = {
      ...this.inputs.input(),
      systemConfig,
      ...(dasd ? { dasd } : {}),
      ...(ctcs ? { ctcs } : {}),
    };
    const result = lintPlex(input);
    if (!result.ok) return invalidConfig("SYSTEM CONFIG has errors; nothing was changed", result.diagnostics);
    const over = inputQuota(result.plex, this.limits.limits());
    if (over) return over;
    const known = new Set(Object.keys(this.systems.states()));
    const added = result.plex.systems.filter((s) => !known.has(s));
    this.ctx.storage.transactionSync(() => {
      this.inputs.write({
        systemConfig: JSON.stringify(systemConfig),
        dasd: JSON.stringify(input.dasd ?? []),
        ctcs: JSON.stringify(input.ctcs ?? []),
      });
      this.systems.add(added);
    });
    // Volumes are not touched: each takes the new geometry when a system that read it at IPL uses it
    // (Volume.adopt), and only if it fits the links it holds then.
    await this.systems.registerNodes(r.tenant, r.name, added);
    return { ok: true, topology: this.systems.topology()! };
  }

  /**
   * Replaces the `programs` input (checked at the API's edge); each system reads it at its next
   * IPL, as SYSTEM CONFIG. Its lint findings (a userid the directory lacks) come with the topology.
   */
  setPrograms(programs: ProgramsInput): Refused<{ programs: ProgramsInput; topology: Topology }> {
    if (!this.inputs.row()) return notFound("No such plex");
    this.ctx.storage.transactionSync(() => this.inputs.write({ programs: JSON.stringify(programs) }));
    return { ok: true, programs, topology: this.systems.topology()! };
  }
}
