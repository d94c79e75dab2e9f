import { systemImage, type SystemImage } from "../../src/plex/image";
import type { LimitsPatch } from "../../src/limits";
import { objectName } from "../../src/plex/names";
import { topologyOf, type SystemState, type Topology } from "../../src/plex/topology";
import { mapInBatches, OBJECT_CALLS_AT_ONCE } from "../batches";
import type { Schema, Sql } from "../sql";
import type { PlexInputs } from "./inputs";
import { type NodesOf, usedVolumes } from "./node-questions";

/** Whether the Plex knows a system, for a route that reached a node the Plex never registered. */
export type SystemLookup = "registered" | "no-plex" | "no-system";

/**
 * The plex's systems: each one's run state as its node reports it, the registration of their
 * nodes, and what a system reads at IPL (its image, the volumes worth asking).
 */
export class PlexSystems {
  /** The round of usedVolumes questions under way, which callers meanwhile share. */
  private usedInFlight: Promise<string[]> | undefined;

  constructor(
    private readonly env: Env,
    private readonly sql: Sql,
    private readonly schema: Schema,
    private readonly inputs: PlexInputs,
    /** The admin's overrides of the tenant's limits, which each node is given. */
    private readonly overrides: () => LimitsPatch,
  ) {}

  /** Run states of every system the plex has (or had run). */
  states(): Record<string, SystemState> {
    if (!this.schema.exists) return {};
    return Object.fromEntries(
      this.sql<{ sysname: string; state: SystemState }>`SELECT sysname, state FROM systems`.map((r) => [
        r.sysname,
        r.state,
      ]),
    );
  }

  /** Records a system's run state, as its node reports IPL, shutdown and failure. */
  setState(sysname: string, state: SystemState): void {
    // An upsert, not REPLACE: the row also keeps the XSPOOL settings the system read at IPL.
    this.sql`INSERT INTO systems (sysname, state) VALUES (${sysname}, ${state})
             ON CONFLICT (sysname) DO UPDATE SET state = excluded.state`;
  }

  /** Adds new systems, DOWN (inside the caller's transaction). */
  add(systems: readonly string[]): void {
    for (const s of systems) this.sql`INSERT INTO systems (sysname, state) VALUES (${s}, 'DOWN')`;
  }

  /** The plex's name and the systems it has run, whose nodes a question goes to. */
  nodesOf(p: { tenant: string; name: string }): NodesOf {
    return { tenant: p.tenant, plex: p.name, systems: Object.keys(this.states()) };
  }

  /** The systems UP now, but `except`. */
  up(except?: string): string[] {
    return Object.entries(this.states())
      .filter(([s, state]) => state === "UP" && s !== except)
      .map(([s]) => s);
  }

  /** Tells each system's node which system of which plex it is, and the admin's overrides, so it can answer for itself. */
  async registerNodes(tenant: string, name: string, systems: readonly string[]): Promise<void> {
    const overrides = this.overrides();
    await mapInBatches(systems, OBJECT_CALLS_AT_ONCE, (s) =>
      this.env.VMNODE.getByName(objectName(tenant, name, s)).register(tenant, name, s, overrides),
    );
  }

  /** Registers the node of `sysname` when the plex has that system (nodes made before registration existed). */
  async register(sysname: string): Promise<SystemLookup> {
    const r = this.inputs.row();
    if (!r) return "no-plex";
    if (!(sysname in this.states())) return "no-system";
    await this.registerNodes(r.tenant, r.name, [sysname]);
    return "registered";
  }

  /** The plex's topology, or undefined when it does not exist. */
  topology(): Topology | undefined {
    const p = this.inputs.linted();
    return p && topologyOf(p.name, p.view, this.states(), p.diagnostics);
  }

  /** What `sysname` reads at IPL (optionally from another volume than its default). */
  image(sysname: string, iplVolume?: string): SystemImage | undefined {
    const p = this.inputs.linted();
    if (!p) return undefined;
    const v = this.inputs.versions();
    return systemImage(p.view, sysname.toUpperCase(), iplVolume, v?.directory ?? 1, v?.inputs ?? 0);
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
    const p = this.inputs.linted();
    return p ? usedVolumes(this.env, this.nodesOf(p), () => [...p.view.volumes.keys()]) : [];
  }
}
