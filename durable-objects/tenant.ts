import { DurableObject } from "cloudflare:workers";
import { migrate, sqlHelper, type Sql } from "./sql";

const MIGRATIONS = [
  `CREATE TABLE tenant (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL,
     created_at TEXT NOT NULL
   )`,
  `CREATE TABLE plexes (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)`,
];

/** How many plexes one tenant may hold. */
export const MAX_PLEXES_PER_TENANT = 20;

/** One per tenant: the SHA-256 hash of its token (never the token), and later its plex names and quotas. */
export class Tenant extends DurableObject<Env> {
  private readonly sql: Sql;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage, this.sql, MIGRATIONS));
  }

  /** Registers the tenant with its token hash; refuses when the tenant already exists. */
  create(name: string, tokenHash: string): { ok: true } | { ok: false; message: string } {
    return this.ctx.storage.transactionSync(() => {
      if (this.sql`SELECT 1 FROM tenant`.length > 0)
        return { ok: false as const, message: `Tenant ${name} already exists` };
      this
        .sql`INSERT INTO tenant (id, name, token_hash, created_at) VALUES (1, ${name}, ${tokenHash}, ${new Date().toISOString()})`;
      return { ok: true as const };
    });
  }

  /** Reserves a plex name for this tenant; refuses a taken name or one over the quota. */
  addPlex(name: string): { ok: true } | { ok: false; status: 409 | 429; message: string } {
    return this.ctx.storage.transactionSync(() => {
      if (this.sql`SELECT 1 FROM plexes WHERE name = ${name}`.length > 0)
        return { ok: false as const, status: 409 as const, message: `Plex ${name} already exists` };
      const n = this.sql<{ n: number }>`SELECT count(*) AS n FROM plexes`[0].n;
      if (n >= MAX_PLEXES_PER_TENANT)
        return {
          ok: false as const,
          status: 429 as const,
          message: `A tenant may hold ${MAX_PLEXES_PER_TENANT} plexes`,
        };
      this.sql`INSERT INTO plexes (name, created_at) VALUES (${name}, ${new Date().toISOString()})`;
      return { ok: true as const };
    });
  }

  /** Forgets a plex name. */
  removePlex(name: string): void {
    this.sql`DELETE FROM plexes WHERE name = ${name}`;
  }

  /** True when the tenant holds a plex of that name. */
  hasPlex(name: string): boolean {
    return this.sql`SELECT 1 FROM plexes WHERE name = ${name}`.length > 0;
  }

  /** The tenant's plex names, oldest first. */
  listPlexes(): { name: string; createdAt: string }[] {
    return this.sql<{
      name: string;
      created_at: string;
    }>`SELECT name, created_at FROM plexes ORDER BY created_at, name`.map((r) => ({
      name: r.name,
      createdAt: r.created_at,
    }));
  }

  /** True when `tokenHash` is this tenant's token hash; compared in constant time. */
  verify(tokenHash: string): boolean {
    const row = this.sql<{ token_hash: string }>`SELECT token_hash FROM tenant`[0];
    if (!row) return false;
    const enc = new TextEncoder();
    const a = enc.encode(row.token_hash);
    const b = enc.encode(tokenHash);
    return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);
  }
}
