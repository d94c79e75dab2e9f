import { objectName } from "../../src/plex/names";
import { OBJECT_CALLS_AT_ONCE } from "../batches";
import type { Schema, Sql } from "../sql";

/** When a step that failed (the object it called threw) is tried again. */
const RETRY_MS = 5_000;

/**
 * Objects one request deletes at most; a plex of more finishes from its alarm. Deleting an object
 * costs its instantiation: about 10 ms under wrangler dev here, several times that on a busy
 * machine, so a request stays well under 2 s.
 */
export const DELETE_STEP = 50;

/** Objects one alarm deletes at most (an alarm may run longer than a request), before the next alarm. */
export const ALARM_STEP = 500;

/** Where a deletion stands: done, or how many objects are left for the alarm. */
export type DeletionState = { done: true } | { done: false; remaining: number };

/**
 * Deleting a plex in bounded steps (issue #10): its nodes are written down first, in the same
 * transaction that marks the plex as being deleted, and each node's used volumes when its turn
 * comes; each step deletes up to DELETE_STEP of them and crosses them off; the last step drops the Plex's own storage and frees the name in the
 * Tenant. A step that leaves some sets an alarm, which runs the next. A crash between steps loses
 * nothing: the list is stored, and deleting an object twice is harmless.
 */
export class PlexDeletion {
  /** The step running now, so concurrent callers (DELETE twice, an alarm) share it. */
  private running: Promise<DeletionState> | undefined;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly sql: Sql,
    private readonly schema: Schema,
    /** Every volume of the plex, for a node that cannot say which it used. */
    private readonly allVolumes: () => string[],
  ) {}

  /** True while the plex is being deleted. */
  get active(): boolean {
    return this.schema.exists && this.sql`SELECT 1 FROM plex WHERE deleting > 0`.length > 0;
  }

  /** Lets the alarm run the first step (the caller answers at once); done when there is nothing. */
  async later(): Promise<DeletionState> {
    if (!this.active) return { done: true };
    await this.ctx.storage.setAlarm(Date.now());
    return { done: false, remaining: this.remaining() };
  }

  /** How many objects are left to delete (none when the plex has no storage). */
  remaining(): number {
    if (!this.schema.exists) return 0;
    return this.sql<{ n: number }>`SELECT count(*) AS n FROM doomed`[0].n;
  }

  /** The tenant is being deleted too: the deletion under way must not call it back when done. */
  tenantGone(): void {
    if (this.active) this.sql`UPDATE plex SET deleting = 2`;
  }

  /**
   * Marks the plex as being deleted and writes down its systems' nodes (each node, when its turn
   * comes, adds the volumes it used). With `tenantGone` the tenant is being deleted too: the last
   * step does not call it back. A safety alarm is set, so a step that fails is run again.
   */
  async begin(nodes: readonly string[], tenantGone: boolean): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      this.sql`UPDATE plex SET deleting = ${tenantGone ? 2 : 1}`;
      this
        .sql`INSERT OR IGNORE INTO doomed (kind, name) SELECT 'node', value FROM json_each(${JSON.stringify(nodes)})`;
    });
    await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
  }

  /** Writes volumes down to delete. */
  private doom(volumes: readonly string[]): void {
    this
      .sql`INSERT OR IGNORE INTO doomed (kind, name) SELECT 'volume', value FROM json_each(${JSON.stringify(volumes)})`;
  }

  /** Runs one step of at most `size` objects (or joins the one running). */
  step(size = DELETE_STEP): Promise<DeletionState> {
    this.running ??= this.runStep(size).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runStep(size: number): Promise<DeletionState> {
    if (!this.schema.exists) return { done: true };
    const r = this.sql<{ tenant: string; name: string; deleting: number }>`
      SELECT tenant, name, deleting FROM plex`[0];
    // Up to `size` objects, OBJECT_CALLS_AT_ONCE at a time: the nodes first, then the volumes they named.
    let deleted = 0;
    while (r && deleted < size) {
      // One kind at a time: every node is gone before any volume, so no request still running in a
      // node can make again a volume this step has deleted.
      const batch = this.sql<{ kind: string; name: string }>`
        SELECT kind, name FROM doomed WHERE kind = (SELECT min(kind) FROM doomed)
        ORDER BY name LIMIT ${Math.min(OBJECT_CALLS_AT_ONCE, size - deleted)}`;
      if (batch.length === 0) break;
      await Promise.all(
        batch.map(async (o) => {
          if (o.kind === "volume")
            return this.env.VOLUME.getByName(objectName(r.tenant, r.name, o.name)).destroy();
          // A node's volumes are written down before the node goes: only volumes a node used have
          // anything stored (making one nobody used in order to delete it costs its creation).
          const node = this.env.VMNODE.getByName(objectName(r.tenant, r.name, o.name));
          // A node that cannot say (its storage is broken) counts as having used every volume.
          const used = await node.touchedVolumes().catch(() => this.allVolumes());
          this.doom(used);
          // What a request still running in the node called meanwhile goes too.
          this.doom(await node.destroy());
        }),
      );
      this
        .sql`DELETE FROM doomed WHERE (kind, name) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(batch.map((o) => [o.kind, o.name]))}))`;
      deleted += batch.length;
    }
    const remaining = r ? this.remaining() : 0;
    if (remaining > 0) {
      await this.ctx.storage.setAlarm(Date.now());
      return { done: false, remaining };
    }
    await this.schema.drop();
    // The name is the tenant's again only now, so a new plex of that name never meets old objects.
    // A tenant being deleted is not called back (that would make its object again).
    if (r?.deleting === 1) await this.env.TENANT.getByName(r.tenant).removePlex(r.name);
    return { done: true };
  }
}
