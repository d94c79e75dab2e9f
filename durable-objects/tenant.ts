import { DurableObject } from "cloudflare:workers";
import { conflict, refusal, type Refusal } from "../src/refusal";
import { checkNumbering, migrate, schemaVersion, sqlHelper, type Migration, type Sql } from "./sql";

/** Tenant's schema changes, numbered in the source: only ever add one at the end. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE tenant (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
          )`,
  },
  { version: 2, sql: `CREATE TABLE plexes (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)` },
  {
    // Tokens of the MAC form (src/api/auth.ts), one row each; the hash of a token made before them
    // stays in the tenant row as legacy_token_hash (NULL for tenants made since).
    version: 3,
    sql: `CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL, created_at TEXT NOT NULL);
          ALTER TABLE tenant ADD COLUMN legacy_token_hash TEXT;
          UPDATE tenant SET legacy_token_hash = token_hash;
          ALTER TABLE tenant DROP COLUMN token_hash;`,
  },
  // Tokens a tenant makes and revokes itself (#10): a name to tell them apart, and when each was last confirmed.
  { version: 4, sql: `ALTER TABLE tokens ADD COLUMN name TEXT NOT NULL DEFAULT 'first'` },
  { version: 5, sql: `ALTER TABLE tokens ADD COLUMN last_used_at TEXT` },
];
checkNumbering("Tenant", MIGRATIONS);

/** How many plexes one tenant may hold. */
export const MAX_PLEXES_PER_TENANT = 20;

/** How many tokens one tenant may hold at once. */
export const MAX_TOKENS_PER_TENANT = 100;

/** A token as its tenant lists it: never the token itself. */
export interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Compares two hex hashes in constant time. */
function sameHash(stored: string, given: string): boolean {
  const enc = new TextEncoder();
  const a = enc.encode(stored);
  const b = enc.encode(given);
  return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);
}

/**
 * One per tenant: its tokens' ids and SHA-256 hashes (never a token), its plex names and quota. It is
 * the authority on which tokens exist; the Worker checks a token's MAC itself and asks here only when
 * its cache has no answer (src/api/auth.ts).
 *
 * An object nobody created (a name taken from a made-up token) is never written: the schema is made
 * by `create`, reads on such an object answer "nothing here", and the constructor only brings an
 * existing schema up to date.
 */
export class Tenant extends DurableObject<Env> {
  private readonly sql: Sql;
  private hasSchema = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => {
      if (this.exists()) migrate(ctx.storage, this.sql, MIGRATIONS);
    });
  }

  /** True once this object has a schema (it was created); checked, not written. */
  private exists(): boolean {
    if (!this.hasSchema) this.hasSchema = schemaVersion(this.sql) > 0;
    return this.hasSchema;
  }

  /** Registers the tenant with its first token; refuses when the tenant already exists. */
  create(name: string, token: { id: string; hash: string }): { ok: true } | Refusal {
    migrate(this.ctx.storage, this.sql, MIGRATIONS);
    this.hasSchema = true;
    return this.ctx.storage.transactionSync(() => {
      if (this.sql`SELECT 1 FROM tenant`.length > 0)
        return conflict(`Tenant ${name} already exists`, "TENANT_EXISTS");
      const now = new Date().toISOString();
      this.sql`INSERT INTO tenant (id, name, created_at) VALUES (1, ${name}, ${now})`;
      this.sql`INSERT INTO tokens (id, hash, created_at) VALUES (${token.id}, ${token.hash}, ${now})`;
      return { ok: true as const };
    });
  }

  /** Reserves a plex name for this tenant; refuses a taken name (409) or one over the quota (429). */
  addPlex(name: string): { ok: true } | Refusal {
    if (!this.exists()) return refusal(404, "NOT_FOUND", "No such tenant");
    return this.ctx.storage.transactionSync(() => {
      if (this.sql`SELECT 1 FROM plexes WHERE name = ${name}`.length > 0)
        return conflict(`Plex ${name} already exists`);
      const n = this.sql<{ n: number }>`SELECT count(*) AS n FROM plexes`[0].n;
      if (n >= MAX_PLEXES_PER_TENANT)
        return refusal(429, "QUOTA", `A tenant may hold ${MAX_PLEXES_PER_TENANT} plexes`);
      this.sql`INSERT INTO plexes (name, created_at) VALUES (${name}, ${new Date().toISOString()})`;
      return { ok: true as const };
    });
  }

  /** Forgets a plex name. */
  removePlex(name: string): void {
    if (this.exists()) this.sql`DELETE FROM plexes WHERE name = ${name}`;
  }

  /** True when the tenant holds a plex of that name. */
  hasPlex(name: string): boolean {
    return this.exists() && this.sql`SELECT 1 FROM plexes WHERE name = ${name}`.length > 0;
  }

  /** The tenant's plex names, oldest first. */
  listPlexes(): { name: string; createdAt: string }[] {
    if (!this.exists()) return [];
    return this.sql<{
      name: string;
      created_at: string;
    }>`SELECT name, created_at FROM plexes ORDER BY created_at, name`.map((r) => ({
      name: r.name,
      createdAt: r.created_at,
    }));
  }

  /**
   * True when token `id` is one of this tenant's and `tokenHash` is its hash (constant-time compare);
   * notes when it was last used (the Worker asks only when its cache misses, so at most every 30 s).
   */
  confirmToken(id: string, tokenHash: string): boolean {
    if (!this.exists()) return false;
    const row = this.sql<{ hash: string }>`SELECT hash FROM tokens WHERE id = ${id}`[0];
    if (row === undefined || !sameHash(row.hash, tokenHash)) return false;
    this.sql`UPDATE tokens SET last_used_at = ${new Date().toISOString()} WHERE id = ${id}`;
    return true;
  }

  /** Adds a token (its id and hash); refuses past MAX_TOKENS_PER_TENANT. */
  addToken(token: { id: string; hash: string; name: string }): { ok: true } | Refusal {
    if (!this.exists()) return refusal(404, "NOT_FOUND", "No such tenant");
    return this.ctx.storage.transactionSync(() => {
      const used = this.sql<{ n: number }>`SELECT count(*) AS n FROM tokens`[0].n;
      if (used >= MAX_TOKENS_PER_TENANT)
        return refusal(429, "QUOTA_EXCEEDED", `A tenant may hold ${MAX_TOKENS_PER_TENANT} tokens`, {
          limit: "tokens",
          used,
          max: MAX_TOKENS_PER_TENANT,
        });
      this
        .sql`INSERT INTO tokens (id, hash, created_at, name) VALUES (${token.id}, ${token.hash}, ${new Date().toISOString()}, ${token.name})`;
      return { ok: true as const };
    });
  }

  /** The tenant's tokens, oldest first. */
  listTokens(): TokenInfo[] {
    if (!this.exists()) return [];
    return this.sql<{ id: string; name: string; created_at: string; last_used_at: string | null }>`
      SELECT id, name, created_at, last_used_at FROM tokens ORDER BY created_at, id`.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
    }));
  }

  /** Revokes a token: answers whether there was one. */
  revokeToken(id: string): boolean {
    if (!this.exists()) return false;
    const had = this.sql`SELECT 1 FROM tokens WHERE id = ${id}`.length > 0;
    this.sql`DELETE FROM tokens WHERE id = ${id}`;
    return had;
  }

  /** True when `tokenHash` is the hash of this tenant's token from before the MAC form (auth.ts). */
  verifyLegacy(tokenHash: string): boolean {
    if (!this.exists()) return false;
    const row = this.sql<{ legacy_token_hash: string | null }>`SELECT legacy_token_hash FROM tenant`[0];
    return row?.legacy_token_hash != null && sameHash(row.legacy_token_hash, tokenHash);
  }
}
