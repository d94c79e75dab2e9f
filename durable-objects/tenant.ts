import { DurableObject } from "cloudflare:workers";
import { migrate, sqlHelper, type Sql } from "./sql";

const MIGRATIONS = [
  `CREATE TABLE tenant (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL,
     created_at TEXT NOT NULL
   )`,
];

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
