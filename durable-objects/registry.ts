import { DurableObject } from "cloudflare:workers";
import { checkNumbering, Schema, sqlHelper, type Migration, type Sql } from "./sql";

/** Registry's schema changes, numbered in the source: only ever add one at the end. */
export const REGISTRY_MIGRATIONS: readonly Migration[] = [
  { version: 1, sql: `CREATE TABLE tenants (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)` },
];
checkNumbering("Registry", REGISTRY_MIGRATIONS);

/** A tenant as the admin lists it. */
export interface TenantEntry {
  name: string;
  createdAt: string;
}

/**
 * One object for the deployment: the names of its tenants, so the admin can list them
 * (`GET /v1/tenants`). Durable Objects cannot be enumerated, so each Tenant enters itself here when
 * it is created (and a Tenant made before the registry, the first time it wakes). It is only
 * written by tenant create and delete, never on a tenant's requests.
 */
export class Registry extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly schema: Schema;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    this.schema = new Schema(ctx.storage, this.sql, REGISTRY_MIGRATIONS);
  }

  /** Enters a tenant (again: keeps its first creation time). */
  add(name: string, createdAt: string): void {
    this.schema.ensure();
    this
      .sql`INSERT INTO tenants (name, created_at) VALUES (${name}, ${createdAt}) ON CONFLICT (name) DO NOTHING`;
  }

  /** Removes a tenant's entry. */
  remove(name: string): void {
    if (this.schema.exists) this.sql`DELETE FROM tenants WHERE name = ${name}`;
  }

  /** True when the tenant is entered here. */
  has(name: string): boolean {
    return this.schema.exists && this.sql`SELECT 1 FROM tenants WHERE name = ${name}`.length > 0;
  }

  /** Tenants in name order after `after` (exclusive), at most `limit`. */
  list(after: string, limit: number): TenantEntry[] {
    if (!this.schema.exists) return [];
    return this.sql<{ name: string; created_at: string }>`
      SELECT name, created_at FROM tenants WHERE name > ${after} ORDER BY name LIMIT ${limit}`.map((r) => ({
      name: r.name,
      createdAt: r.created_at,
    }));
  }
}
