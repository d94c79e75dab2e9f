import { evictDurableObject, listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { confirmedTokens, sha256Hex, tenantOfToken, tokenKey, tokenMac } from "../../src/api/auth";
import { schemaVersion, sqlHelper } from "../../durable-objects/sql";
import { MIGRATIONS } from "../../durable-objects/tenant";
import { ADMIN, call } from "./helpers";

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}-${counter++}`;

/** Creates a tenant called `name` and returns its token. */
async function tenantNamed(name: string): Promise<string> {
  const res = await call("/v1/tenants", { token: ADMIN, body: { name } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** The status of a call that needs a tenant token (it touches nothing but the Tenant's plex list). */
async function statusWith(token: string): Promise<number> {
  return (await call("/v1/plexes", { token })).status;
}

/** True when the Tenant object of `name` has ever been created (has storage), asked without creating it. */
async function tenantObjectExists(name: string): Promise<boolean> {
  const id = env.TENANT.idFromName(name);
  return (await listDurableObjectIds(env.TENANT)).some((other) => other.equals(id));
}

/** The tables in the Tenant object of `name` (this instantiates the object; its constructor writes nothing). */
function tablesOf(name: string): Promise<string[]> {
  return runInDurableObject(env.TENANT.getByName(name), (_, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .toArray()
      .map((r) => r.name),
  );
}

const randomHex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

/** A 43-char base64url string that is a canonical encoding of 32 bytes (last char's spare bits 0). */
const fakeMac = () => "Z".repeat(42) + "A";

describe("tenant tokens", () => {
  it("have the MAC form and work", async () => {
    const name = uniqueName("tok");
    const token = await tenantNamed(name);
    expect(token).toMatch(new RegExp(`^cpx_${name}_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$`));
    expect(await statusWith(token)).toBe(200);
    expect(await statusWith(token)).toBe(200);
  });

  it("refuse a token with one MAC character changed", async () => {
    const token = await tenantNamed(uniqueName("flip"));
    const i = token.length - 10;
    const flipped = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
    expect(await statusWith(flipped)).toBe(401);
    // The id changed instead: the MAC no longer matches either.
    const idAt = token.lastIndexOf("_") - 1;
    const otherId = token.slice(0, idAt) + (token[idAt] === "0" ? "1" : "0") + token.slice(idAt + 1);
    expect(await statusWith(otherId)).toBe(401);
    expect(await statusWith(token)).toBe(200);
  });

  it("refuse a made-up tenant's token without creating its object", async () => {
    const name = uniqueName("madeup");
    const token = `cpx_${name}_${randomHex(8)}_${fakeMac()}`;
    expect(await statusWith(token)).toBe(401);
    expect(await tenantObjectExists(name)).toBe(false);
    // The same holds for a tenant token used as if it were another tenant's.
    const real = await tenantNamed(uniqueName("real"));
    const other = uniqueName("other");
    expect(await statusWith(real.replace(/^cpx_[^_]+_/, `cpx_${other}_`))).toBe(401);
    expect(await tenantObjectExists(other)).toBe(false);
  });

  it("ask the Tenant about a well-signed token of a tenant that does not exist, which writes nothing", async () => {
    // Only a holder of the key can make this token (the test derives it as the Worker does).
    const name = uniqueName("ghost");
    const id = randomHex(8);
    const token = `cpx_${name}_${id}_${await tokenMac((await tokenKey({ ADMIN_TOKEN: ADMIN }))!, name, id)}`;
    expect(await statusWith(token)).toBe(401);
    expect(await tablesOf(name)).toEqual([]);
  });

  it("are refused when the Worker has no key at all", async () => {
    const name = uniqueName("nokey");
    const token = await tenantNamed(name);
    const bare = { TENANT: env.TENANT, ADMIN_TOKEN: "", TOKEN_SECRET: "" } as unknown as Env;
    expect(await tenantOfToken(bare, token)).toBeUndefined();
    expect((await tenantOfToken(env, token))?.tenant).toBe(name);
  });

  it("are confirmed by the Tenant once, then served from the isolate's cache until it is cleared", async () => {
    const name = uniqueName("cache");
    const token = await tenantNamed(name);
    expect(await statusWith(token)).toBe(200); // a miss: the Tenant confirms it
    // Remove the token from the Tenant behind the Worker's back (as #10's revocation will).
    await runInDurableObject(env.TENANT.getByName(name), (_, state) => {
      state.storage.sql.exec("DELETE FROM tokens");
    });
    expect(await statusWith(token)).toBe(200); // a hit: no Durable Object call
    confirmedTokens.clear();
    expect(await statusWith(token)).toBe(401); // a miss again: the Tenant no longer knows it
  });
});

describe("tokens made before the MAC form", () => {
  const legacyToken = (name: string) => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const b64 = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    return `cpx_${name}_${b64}`;
  };

  it("still work through the Tenant object", async () => {
    const name = uniqueName("old");
    await tenantNamed(name);
    const old = legacyToken(name);
    const hash = await sha256Hex(old);
    await runInDurableObject(env.TENANT.getByName(name), (_, state) => {
      state.storage.sql.exec("UPDATE tenant SET legacy_token_hash = ?", hash);
    });
    expect(await statusWith(old)).toBe(200);
    expect(await statusWith(old)).toBe(200);
    expect(await statusWith(legacyToken(name))).toBe(401);
  });

  it("of a made-up tenant are refused, and its object is left without tables", async () => {
    const name = uniqueName("oldghost");
    expect(await statusWith(legacyToken(name))).toBe(401);
    expect(await tablesOf(name)).toEqual([]);
  });

  it("keep working when a Tenant written with the old schema (versions 1-2) is migrated", async () => {
    const name = uniqueName("v2");
    const old = legacyToken(name);
    const hash = await sha256Hex(old);
    const stub = env.TENANT.getByName(name);
    // What a Tenant made before this change holds: the first two migrations, version 2, one hash.
    await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql;
      expect(sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray()).toEqual([]);
      sql.exec(`CREATE TABLE tenant (
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  name TEXT NOT NULL,
                  token_hash TEXT NOT NULL,
                  created_at TEXT NOT NULL
                )`);
      sql.exec("CREATE TABLE plexes (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)");
      sql.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      sql.exec("INSERT INTO schema_version (version) VALUES (2)");
      sql.exec("INSERT INTO tenant VALUES (1, ?, ?, '2026-01-01T00:00:00.000Z')", name, hash);
      sql.exec("INSERT INTO plexes VALUES ('kept', '2026-01-02T00:00:00.000Z')");
    });
    // Not in the Registry, its legacy token is refused without asking it (a made-up name looks the same).
    expect(await statusWith(old)).toBe(401);
    // The admin's token for it wakes it: the next instance's constructor migrates it and enters it
    // in the Registry, and from then on the old token works too.
    await evictDurableObject(stub);
    const minted = await call(`/v1/tenants/${name}/tokens`, { token: ADMIN, body: {} });
    expect(minted.status).toBe(201);
    const res = await call("/v1/plexes", { token: old });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ plexes: [{ name: "kept", createdAt: "2026-01-02T00:00:00.000Z" }] });
    const after = await runInDurableObject(stub, (_, state) => {
      const sql = sqlHelper(state.storage.sql);
      return {
        version: schemaVersion(sql),
        tenant: sql`SELECT name, legacy_token_hash FROM tenant`,
        columns: sql<{ name: string }>`SELECT name FROM pragma_table_info('tenant')`.map((c) => c.name),
        tokens: sql<{ name: string }>`SELECT name FROM tokens`,
      };
    });
    expect(after).toEqual({
      version: MIGRATIONS[MIGRATIONS.length - 1].version,
      tenant: [{ name, legacy_token_hash: hash }],
      columns: ["id", "name", "created_at", "legacy_token_hash", "limits", "registered"],
      tokens: [{ name: "admin" }],
    });
    expect(after.version).toBe(7);
    // Migrated, it entered the Registry, so the admin's list names it.
    const listed = await call(`/v1/tenants?after=${name.slice(0, -1)}`, { token: ADMIN });
    expect(((await listed.json()) as { tenants: { name: string }[] }).tenants.map((t) => t.name)).toContain(
      name,
    );
    expect(await statusWith(old)).toBe(200);
    expect(await statusWith(legacyToken(name))).toBe(401);
  });
});
