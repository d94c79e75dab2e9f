import { objectName } from "../../src/plex/names";
import type { Schema, Sql } from "../sql";

/**
 * Objects one request or one alarm deletes at most (all at once); a plex of more finishes from its
 * alarm. Deleting an object costs its creation when nobody used it (a volume is made at first use):
 * measured about 13 ms an object under workerd here, so a step stays well under 2 s.
 */
export const DELETE_STEP = 100;

/** Where a deletion stands: done, or how many objects are left for the alarm. */
export type DeletionState = { done: true } | { done: false; remaining: number };

/**
 * Deleting a plex in bounded steps (issue #10): the objects to delete are written down first, in
 * the same transaction that marks the plex as being deleted; each step deletes up to DELETE_STEP of
 * them and crosses them off; the last step drops the Plex's own storage and frees the name in the
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
  ) {}

  /** True while the plex is being deleted. */
  get active(): boolean {
    return this.schema.exists && this.sql`SELECT 1 FROM plex WHERE deleting > 0`.length > 0;
  }

  /** Lets the alarm run the first step (the caller answers at once). */
  async later(): Promise<DeletionState> {
    await this.ctx.storage.setAlarm(Date.now());
    return { done: false, remaining: this.remaining() };
  }

  /** How many objects are left to delete. */
  remaining(): number {
    return this.sql<{ n: number }>`SELECT count(*) AS n FROM doomed`[0].n;
  }

  /**
   * Marks the plex as being deleted and writes down its systems' nodes and its volumes. With
   * `tenantGone` the tenant is being deleted too: the last step does not call it back.
   */
  begin(nodes: readonly string[], volumes: readonly string[], tenantGone: boolean): void {
    this.ctx.storage.transactionSync(() => {
      this.sql`UPDATE plex SET deleting = ${tenantGone ? 2 : 1}`;
      this
        .sql`INSERT OR IGNORE INTO doomed (kind, name) SELECT 'node', value FROM json_each(${JSON.stringify(nodes)})`;
      this
        .sql`INSERT OR IGNORE INTO doomed (kind, name) SELECT 'volume', value FROM json_each(${JSON.stringify(volumes)})`;
    });
  }

  /** Runs one step (or joins the one running). */
  step(): Promise<DeletionState> {
    this.running ??= this.runStep().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runStep(): Promise<DeletionState> {
    if (!this.schema.exists) return { done: true };
    const r = this.sql<{ tenant: string; name: string; deleting: number }>`
      SELECT tenant, name, deleting FROM plex`[0];
    if (r) {
      const batch = this.sql<{ kind: string; name: string }>`
        SELECT kind, name FROM doomed ORDER BY kind, name LIMIT ${DELETE_STEP}`;
      await Promise.all(
        batch.map((o) =>
          o.kind === "node"
            ? this.env.VMNODE.getByName(objectName(r.tenant, r.name, o.name)).destroy()
            : this.env.VOLUME.getByName(objectName(r.tenant, r.name, o.name)).destroy(),
        ),
      );
      this
        .sql`DELETE FROM doomed WHERE (kind, name) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(batch.map((o) => [o.kind, o.name]))}))`;
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
