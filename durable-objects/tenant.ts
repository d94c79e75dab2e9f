import { DurableObject } from "cloudflare:workers";
import {
  deploymentLimits,
  limitsPatchSchema,
  quotaExceeded,
  storedOverrides,
  withOverrides,
  type Limits,
  type LimitsPatch,
  type Use,
} from "../src/limits";
import { mapInBatches, OBJECT_CALLS_AT_ONCE } from "./batches";
import { objectName, REGISTRY_NAME } from "../src/plex/names";
import { conflict, refusal, type Refusal } from "../src/refusal";
import type { PlexUsage } from "./plex/limits";
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
  // The admin's overrides of the deployment's limits (JSON, a subset of src/limits.ts's Limits).
  { version: 6, sql: `ALTER TABLE tenant ADD COLUMN limits TEXT` },
  // 1 once the tenant is in the Registry; tenants made before it enter it when they next wake.
  { version: 7, sql: `ALTER TABLE tenant ADD COLUMN registered INTEGER NOT NULL DEFAULT 0` },
];
checkNumbering("Tenant", MIGRATIONS);

/** How many tokens one tenant may hold at once. */
export const MAX_TOKENS_PER_TENANT = 100;

/** A token as its tenant lists it: never the token itself. */
export interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** What a tenant uses against its limits (GET /v1/usage). */
export interface TenantUsage {
  tenant: string;
  limits: Limits;
  /** The tenant's own counts. */
  used: { plexes: Use; tokens: Use };
  /** Each plex's counts against the per-plex limits. */
  plexes: ({ name: string } & PlexUsage)[];
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
  /** True while `destroy` runs: no plex may be added to a tenant being deleted. */
  private deleting = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlHelper(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => {
      if (!this.exists()) return;
      migrate(ctx.storage, this.sql, MIGRATIONS);
      // A tenant from before the Registry enters it now, once, so the admin's list is complete.
      if (this.sql`SELECT 1 FROM tenant WHERE registered = 0`.length > 0) await this.register();
    });
  }

  /** Enters this tenant in the Registry and notes that it did. */
  private async register(): Promise<void> {
    const row = this.sql<{ name: string; created_at: string }>`SELECT name, created_at FROM tenant`[0];
    if (!row) return;
    await this.env.REGISTRY.getByName(REGISTRY_NAME).add(row.name, row.created_at);
    this.sql`UPDATE tenant SET registered = 1`;
  }

  /** The tenant's name, or undefined when it does not exist. */
  private name(): string | undefined {
    return this.exists() ? this.sql<{ name: string }>`SELECT name FROM tenant`[0]?.name : undefined;
  }

  /** The admin's overrides of this tenant's limits (none: the deployment's defaults apply). */
  private overrides(): LimitsPatch {
    return storedOverrides(this.sql<{ limits: string | null }>`SELECT limits FROM tenant`[0]?.limits);
  }

  /** The deployment's limits with this tenant's overrides over them (the defaults when it has none). */
  private effectiveLimits(): Limits {
    return withOverrides(deploymentLimits(this.env.DEFAULT_LIMITS), this.overrides());
  }

  /** True once this object has a schema (it was created); checked, not written. */
  private exists(): boolean {
    if (!this.hasSchema) this.hasSchema = schemaVersion(this.sql) > 0;
    return this.hasSchema;
  }

  /** Registers the tenant with its first token and enters it in the Registry; refuses when it already exists. */
  async create(name: string, token: { id: string; hash: string }): Promise<{ ok: true } | Refusal> {
    migrate(this.ctx.storage, this.sql, MIGRATIONS);
    this.hasSchema = true;
    const made = this.ctx.storage.transactionSync(() => {
      if (this.sql`SELECT 1 FROM tenant`.length > 0)
        return conflict(`Tenant ${name} already exists`, "TENANT_EXISTS");
      const now = new Date().toISOString();
      this.sql`INSERT INTO tenant (id, name, created_at) VALUES (1, ${name}, ${now})`;
      this.sql`INSERT INTO tokens (id, hash, created_at) VALUES (${token.id}, ${token.hash}, ${now})`;
      return { ok: true as const };
    });
    if (made.ok) await this.register();
    return made;
  }

  /**
   * Reserves a plex name for this tenant; refuses a taken name (409) or one past its `plexes`
   * limit (429 QUOTA_EXCEEDED). Answers the admin's overrides, which the plex keeps.
   */
  addPlex(name: string): { ok: true; overrides: LimitsPatch } | Refusal {
    if (!this.exists() || this.deleting) return refusal(404, "NOT_FOUND", "No such tenant");
    const limits = this.effectiveLimits();
    return this.ctx.storage.transactionSync(() => {
      if (this.sql`SELECT 1 FROM plexes WHERE name = ${name}`.length > 0)
        return conflict(`Plex ${name} already exists`);
      const used = this.sql<{ n: number }>`SELECT count(*) AS n FROM plexes`[0].n;
      if (used >= limits.plexes)
        return quotaExceeded("plexes", used, limits.plexes, `A tenant may hold ${limits.plexes} plexes`);
      this.sql`INSERT INTO plexes (name, created_at) VALUES (${name}, ${new Date().toISOString()})`;
      return { ok: true as const, overrides: this.overrides() };
    });
  }

  /**
   * Frees a plex name the tenant holds with no plex behind it, when it was reserved longer than
   * `minAgeMs` ago (a create takes far less; a younger name may be a create still under way).
   */
  releaseStale(name: string, minAgeMs: number): "released" | "young" | "absent" {
    if (!this.exists()) return "absent";
    const row = this.sql<{ created_at: string }>`SELECT created_at FROM plexes WHERE name = ${name}`[0];
    if (!row) return "absent";
    if (Date.now() - Date.parse(row.created_at) < minAgeMs) return "young";
    this.sql`DELETE FROM plexes WHERE name = ${name}`;
    return "released";
  }

  /** Forgets a plex name. */
  removePlex(name: string): void {
    if (this.exists()) this.sql`DELETE FROM plexes WHERE name = ${name}`;
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
   * The tenant's limits when token `id` is one of its tokens and `tokenHash` is its hash
   * (constant-time compare), else null; notes when it was last used (the Worker asks only when its
   * cache misses, so at most every 30 s per isolate).
   */
  confirmToken(id: string, tokenHash: string): Limits | null {
    if (!this.exists()) return null;
    const row = this.sql<{ hash: string }>`SELECT hash FROM tokens WHERE id = ${id}`[0];
    if (row === undefined || !sameHash(row.hash, tokenHash)) return null;
    this.sql`UPDATE tokens SET last_used_at = ${new Date().toISOString()} WHERE id = ${id}`;
    return this.effectiveLimits();
  }

  /** Adds a token (its id and hash); refuses past MAX_TOKENS_PER_TENANT. */
  addToken(token: { id: string; hash: string; name: string }): { ok: true } | Refusal {
    if (!this.exists() || this.deleting) return refusal(404, "NOT_FOUND", "No such tenant");
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

  /** The tenant's limits when `tokenHash` is the hash of its token from before the MAC form (auth.ts), else null. */
  verifyLegacy(tokenHash: string): Limits | null {
    if (!this.exists()) return null;
    const row = this.sql<{ legacy_token_hash: string | null }>`SELECT legacy_token_hash FROM tenant`[0];
    if (row?.legacy_token_hash == null || !sameHash(row.legacy_token_hash, tokenHash)) return null;
    return this.effectiveLimits();
  }

  /**
   * The admin's change of this tenant's limits: `patch` over its overrides (a value equal to the
   * deployment's default is kept as an override all the same). Every plex takes the new limits at
   * once; what they already hold past a lowered limit stays, and only new use is refused.
   */
  async setLimits(
    patch: LimitsPatch,
  ): Promise<{ ok: true; limits: Limits; overrides: LimitsPatch } | Refusal> {
    const name = this.name();
    if (!name) return refusal(404, "NOT_FOUND", "No such tenant");
    const checked = limitsPatchSchema.safeParse(patch);
    if (!checked.success) return refusal(400, "BAD_REQUEST", checked.error.issues[0].message);
    const overrides = { ...this.overrides(), ...checked.data };
    this.sql`UPDATE tenant SET limits = ${JSON.stringify(overrides)}`;
    // Each plex keeps the overrides (the defaults come from the deployment when it reads them).
    await mapInBatches(this.listPlexes(), OBJECT_CALLS_AT_ONCE, (p) =>
      this.env.PLEX.getByName(objectName(name, p.name)).setLimits(overrides),
    );
    return { ok: true, limits: this.effectiveLimits(), overrides };
  }

  /** The tenant's limits, its overrides and when it was made (the admin's view), or a 404. */
  describe():
    { ok: true; name: string; createdAt: string; limits: Limits; overrides: LimitsPatch } | Refusal {
    if (!this.exists()) return refusal(404, "NOT_FOUND", "No such tenant");
    const row = this.sql<{ name: string; created_at: string; limits: string | null }>`
      SELECT name, created_at, limits FROM tenant`[0];
    if (!row) return refusal(404, "NOT_FOUND", "No such tenant");
    return {
      ok: true,
      name: row.name,
      createdAt: row.created_at,
      limits: this.effectiveLimits(),
      overrides: this.overrides(),
    };
  }

  /** What the tenant uses against each limit: its own counts, and each plex's (asked of the plex). */
  async usage(): Promise<TenantUsage | Refusal> {
    const name = this.name();
    if (!name) return refusal(404, "NOT_FOUND", "No such tenant");
    const limits = this.effectiveLimits();
    const plexNames = this.listPlexes().map((p) => p.name);
    const tokens = this.sql<{ n: number }>`SELECT count(*) AS n FROM tokens`[0].n;
    const plexes = await mapInBatches(plexNames, OBJECT_CALLS_AT_ONCE, async (p) => {
      const use = await this.env.PLEX.getByName(objectName(name, p)).usage();
      return use && { name: p, ...use };
    });
    return {
      tenant: name,
      limits,
      used: {
        plexes: { used: plexNames.length, max: limits.plexes },
        tokens: { used: tokens, max: MAX_TOKENS_PER_TENANT },
      },
      plexes: plexes.filter((p) => p !== null),
    };
  }

  /**
   * Deletes the tenant with everything it stored: each plex (its systems, volumes, spool and tapes,
   * finished from the plex's alarm), its tokens, its Registry entry. A plex is forgotten only once
   * its deletion is under way, so a delete that fails half-way can be run again and finishes.
   */
  async destroy(): Promise<boolean> {
    const name = this.name();
    if (!name) return false;
    this.deleting = true;
    try {
      // Tokens go first, so a token confirmed from here on is refused even if the rest fails.
      this.sql`DELETE FROM tokens`;
      this.sql`UPDATE tenant SET legacy_token_hash = NULL`;
      // Each plex writes down what it has to delete and finishes from its own alarm, so this
      // request stays short whatever the plexes hold.
      await Promise.all(
        this.listPlexes().map(async (p) => {
          await this.env.PLEX.getByName(objectName(name, p.name)).destroy({ tenantGone: true });
          this.sql`DELETE FROM plexes WHERE name = ${p.name}`;
        }),
      );
      await this.env.REGISTRY.getByName(REGISTRY_NAME).remove(name);
      await this.ctx.storage.deleteAll();
      this.hasSchema = false;
      return true;
    } finally {
      this.deleting = false;
    }
  }
}
