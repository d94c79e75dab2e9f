import { createMiddleware } from "hono/factory";
import { REGISTRY_NAME } from "../plex/names";
import type { Limits } from "../limits";
import { TokenBuckets } from "../rate-limit";
import { ApiError } from "./errors";
import { documents, errorResponses } from "./openapi";

/** A tenant name: lower-case, digits and dashes, as it appears in tokens and object names. */
export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** A tenant token: `cpx_<tenant>_<id: 16 hex>_<mac: 43 base64url>` (docs/decisions.md, API). */
const TOKEN = /^cpx_([a-z0-9][a-z0-9-]{0,31})_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * A token made before the MAC scheme: `cpx_<tenant>_<43 random chars>`, whose SHA-256 is kept as one
 * hash in the Tenant's `tenant` row. Such tokens still work, so existing on-disk state keeps its
 * tokens, but only through the Tenant object (the slow path, on every request), and only for a
 * tenant the Registry lists: nothing in them lets the Worker check them alone, and asking the
 * Tenant of a made-up name would make that object. Tenant names hold no `_`, so the forms never overlap.
 */
const LEGACY_TOKEN = /^cpx_([a-z0-9][a-z0-9-]{0,31})_([A-Za-z0-9_-]{43})$/;

/** HKDF `info` for the key derived from ADMIN_TOKEN when TOKEN_SECRET is not set. */
const KEY_INFO = "cseplex token key v1";

/**
 * How long the Worker trusts a token its Tenant object confirmed without asking the object again.
 * `DELETE /v1/tokens/:id` forgets the token in the isolate that serves it, so there it is 401 at
 * once; another isolate that confirmed it may take it for up to this long (docs/decisions.md).
 */
export const TOKEN_CACHE_TTL_MS = 30_000;

/** The secrets the token key comes from (a subset of Env, so plain objects do in unit tests). */
export interface TokenSecrets {
  TOKEN_SECRET?: string;
  ADMIN_TOKEN?: string;
}

const enc = new TextEncoder();

/** Hex SHA-256 of a string; tokens are stored only as this. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", enc.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two strings in time that depends only on their length, via their SHA-256 digests. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", enc.encode(a)),
    crypto.subtle.digest("SHA-256", enc.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/** The HMAC key, imported once per isolate: keyed by where it came from and the secret's text. */
let cachedKey: { source: string; key: Promise<CryptoKey> } | undefined;

async function importKey(secrets: { tokenSecret?: string; adminToken?: string }): Promise<CryptoKey> {
  const hmac = { name: "HMAC", hash: "SHA-256" };
  if (secrets.tokenSecret)
    return crypto.subtle.importKey("raw", enc.encode(secrets.tokenSecret), hmac, false, ["sign", "verify"]);
  const base = await crypto.subtle.importKey("raw", enc.encode(secrets.adminToken), "HKDF", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: enc.encode(KEY_INFO) },
    base,
    { ...hmac, length: 256 },
    false,
    ["sign", "verify"],
  );
}

/**
 * The key tenant tokens are signed with: TOKEN_SECRET when set, else HKDF-SHA256 of ADMIN_TOKEN
 * (info "cseplex token key v1"), so a set-up with only an admin token works. Undefined when neither
 * is set: then no tenant token is valid.
 */
export function tokenKey(env: TokenSecrets): Promise<CryptoKey> | undefined {
  const tokenSecret = env.TOKEN_SECRET || undefined;
  const adminToken = env.ADMIN_TOKEN || undefined;
  if (!tokenSecret && !adminToken) return undefined;
  const source = tokenSecret ? `secret:${tokenSecret}` : `admin:${adminToken}`;
  if (cachedKey?.source !== source) {
    const key = importKey({ tokenSecret, adminToken });
    cachedKey = { source, key };
    // A failed import is not kept: the next request tries again.
    key.catch(() => {
      if (cachedKey?.key === key) cachedKey = undefined;
    });
  }
  return cachedKey.key;
}

/** base64url (43 chars) of HMAC-SHA256(key, `${tenant}/${id}`). */
export async function tokenMac(key: CryptoKey, tenant: string, id: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(`${tenant}/${id}`))));
}

/** A new tenant token and its id: `cpx_<tenant>_<16 random hex>_<mac>`. */
export async function newToken(key: CryptoKey, tenant: string): Promise<{ token: string; id: string }> {
  const id = [...crypto.getRandomValues(new Uint8Array(8))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return { token: `cpx_${tenant}_${id}_${await tokenMac(key, tenant, id)}`, id };
}

/** What a bearer token says it is, by its shape alone; nothing is checked here. */
export type ParsedToken =
  { kind: "mac"; tenant: string; id: string; mac: string } | { kind: "legacy"; tenant: string } | undefined;

/** Reads a bearer token's form (MAC or legacy) and its parts; checks nothing. */
export function parseToken(token: string): ParsedToken {
  const m = TOKEN.exec(token);
  if (m) return { kind: "mac", tenant: m[1], id: m[2], mac: m[3] };
  const l = LEGACY_TOKEN.exec(token);
  if (l) return { kind: "legacy", tenant: l[1] };
  return undefined;
}

/**
 * True when `mac` is the MAC of `${tenant}/${id}` under `key`. crypto.subtle.verify compares in
 * constant time. The text must be the canonical encoding of the 32 bytes (a 43rd char with its
 * unused low bits set would decode to the same bytes), so one MAC has one spelling.
 */
export async function checkMac(key: CryptoKey, tenant: string, id: string, mac: string): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(mac);
  } catch {
    return false;
  }
  if (bytes.byteLength !== 32 || base64url(bytes) !== mac) return false;
  return crypto.subtle.verify("HMAC", key, bytes, enc.encode(`${tenant}/${id}`));
}

/**
 * A per-isolate map whose entries count for `ttlMs` after they were added. Grows to at most `max`
 * entries: past that, expired entries are swept, and if none were, it starts over.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { until: number; value: V }>();

  constructor(
    private readonly ttlMs = TOKEN_CACHE_TTL_MS,
    private readonly max = 10_000,
  ) {}

  /** The value `key` was added with less than the TTL ago, or undefined (an expired entry is dropped). */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** True when `key` was added less than the TTL ago. */
  has(key: string, now = Date.now()): boolean {
    return this.get(key, now) !== undefined;
  }

  /** Adds `key` with its value, sweeping expired entries when the map is full. */
  add(key: string, value: V, now = Date.now()): void {
    if (this.entries.size >= this.max) {
      for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
      if (this.entries.size >= this.max) this.entries.clear();
    }
    this.entries.set(key, { until: now + this.ttlMs, value });
  }

  /** Forgets one key. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key that starts with `prefix`. */
  deletePrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  /** Forgets everything (tests). */
  clear(): void {
    this.entries.clear();
  }

  /** How many entries are kept. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Tokens (their whole text) whose MAC checked out and whose Tenant object confirmed them, with the
 * tenant's limits it answered. The TTL (TOKEN_CACHE_TTL_MS) bounds how stale it can be.
 */
export class ConfirmedTokens extends TtlCache<Limits> {
  /** Forgets the confirmations of one token id of a tenant (it was revoked). */
  forget(tenant: string, id: string): void {
    this.deletePrefix(`cpx_${tenant}_${id}_`);
  }

  /** Forgets every confirmation of a tenant's tokens (its limits changed, or it was deleted). */
  forgetTenant(tenant: string): void {
    this.deletePrefix(`cpx_${tenant}_`);
  }
}

/** This isolate's confirmed tokens. Exported for tests and for #10's revocation, which must clear it. */
export const confirmedTokens = new ConfirmedTokens();

/** A token's tenant with the limits its Tenant object answered. */
export interface TokenOwner {
  tenant: string;
  limits: Limits;
}

/**
 * The tenant a token belongs to, with its limits, or undefined. A token of the current form costs no Durable Object
 * call when its MAC is wrong (a made-up tenant included: no object is created) or when the Tenant
 * confirmed it less than TOKEN_CACHE_TTL_MS ago; otherwise its Tenant object confirms the id and
 * hash (it is the authority on which tokens exist). A legacy token always asks its Tenant object.
 */
export async function tenantOfToken(env: Env, token: string): Promise<TokenOwner | undefined> {
  const parsed = parseToken(token);
  if (!parsed) return undefined;
  if (parsed.kind === "legacy") {
    if (!(await registered(env, parsed.tenant))) return undefined;
    const limits = await env.TENANT.getByName(parsed.tenant).verifyLegacy(await sha256Hex(token));
    return limits ? { tenant: parsed.tenant, limits } : undefined;
  }
  const { tenant, id, mac } = parsed;
  // The hot path: a token this isolate checked and its Tenant confirmed lately is known by its whole
  // text, so neither the MAC nor the object is asked again. The lookup is a hash-map probe keyed by
  // the full token: a guess that is not a confirmed token never compares against one byte by byte.
  const cached = confirmedTokens.get(token);
  if (cached) return { tenant, limits: cached };
  const key = tokenKey(env);
  if (!key || !(await checkMac(await key, tenant, id, mac))) return undefined;
  const limits = await env.TENANT.getByName(tenant).confirmToken(id, await sha256Hex(token));
  if (!limits) return undefined;
  confirmedTokens.add(token, limits);
  return { tenant, limits };
}

/** What the Registry answered of tenants named by legacy-form tokens, for TOKEN_CACHE_TTL_MS. */
const registryAnswers = new TtlCache<boolean>();

/**
 * True when the Registry lists `tenant`; asked at most every TOKEN_CACHE_TTL_MS per name and
 * isolate (bounded to 10,000 names), so legacy-form tokens cannot load the one Registry object.
 */
async function registered(env: Env, tenant: string): Promise<boolean> {
  const known = registryAnswers.get(tenant);
  if (known !== undefined) return known;
  const member = await env.REGISTRY.getByName(REGISTRY_NAME).has(tenant);
  registryAnswers.add(tenant, member);
  return member;
}

/** Forgets what the Registry answered of a tenant (it was just entered, or removed). */
export function forgetRegistryAnswer(tenant: string): void {
  registryAnswers.delete(tenant);
}

/**
 * This isolate's request buckets, one per tenant (src/rate-limit.ts). Each isolate counts alone:
 * deployed, a tenant whose requests land on several isolates gets the rate on each (docs/decisions.md).
 */
export const requestBuckets = new TokenBuckets();

function bearer(header: string | undefined): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m) throw new ApiError(401, "UNAUTHORIZED", "Missing Authorization: Bearer <token> header");
  return m[1];
}

/** Variables the auth middleware sets. */
export type AuthVars = { tenant: string };

/**
 * Resolves the bearer token to its tenant (tenantOfToken), or answers 401; then takes the request
 * from the tenant's bucket, or answers 429 RATE_LIMITED with Retry-After (whole seconds).
 */
export const requireTenant = createMiddleware<{ Bindings: Env; Variables: AuthVars }>(async (c, next) => {
  const owner = await tenantOfToken(c.env, bearer(c.req.header("Authorization")));
  if (!owner) throw new ApiError(401, "UNAUTHORIZED", "Token is not valid");
  const { requestsPerSecond, burst } = owner.limits;
  const waitMs = requestBuckets.take(owner.tenant, requestsPerSecond, burst);
  if (waitMs > 0) {
    c.header("Retry-After", String(Math.ceil(waitMs / 1000)));
    throw new ApiError(
      429,
      "RATE_LIMITED",
      `Tenant ${owner.tenant} is over its rate of ${requestsPerSecond} requests per second (burst ${burst})`,
      { limit: "requestsPerSecond", max: requestsPerSecond, burst, retryAfterMs: waitMs },
    );
  }
  c.set("tenant", owner.tenant);
  await next();
});

/** Accepts only the deployment's ADMIN_TOKEN; a Worker without one has no admin access at all. */
export const requireAdmin = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const token = bearer(c.req.header("Authorization"));
  const admin = c.env.ADMIN_TOKEN;
  if (!admin || !(await constantTimeEqual(token, admin)))
    throw new ApiError(401, "UNAUTHORIZED", "Admin token is not valid");
  await next();
});

// What the token checks add to every route they guard, in the OpenAPI document (src/api/openapi.ts).
documents(requireTenant, { responses: errorResponses([401, 429]) });
documents(requireAdmin, { responses: errorResponses([401]) });
