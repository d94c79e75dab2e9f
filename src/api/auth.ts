import { createMiddleware } from "hono/factory";
import { ApiError } from "./errors";

/** A tenant name: lower-case, digits and dashes, as it appears in tokens and object names. */
export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

const TOKEN = /^cpx_([a-z0-9][a-z0-9-]{0,31})_([A-Za-z0-9_-]{43})$/;

/** Hex SHA-256 of a string; tokens are stored only as this. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two strings in time that depends only on their length, via their SHA-256 digests. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", enc.encode(a)),
    crypto.subtle.digest("SHA-256", enc.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

/** A new tenant token: `cpx_<tenant>_<32 random bytes, base64url>`; the tenant name routes it to its object. */
export function newToken(tenant: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const b64 = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  return `cpx_${tenant}_${b64}`;
}

function bearer(header: string | undefined): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m) throw new ApiError(401, "UNAUTHORIZED", "Missing Authorization: Bearer <token> header");
  return m[1];
}

/** Variables the auth middleware sets. */
export type AuthVars = { tenant: string };

/** Resolves the bearer token to its tenant (Tenant Durable Object checks the hash), or answers 401. */
export const requireTenant = createMiddleware<{ Bindings: Env; Variables: AuthVars }>(async (c, next) => {
  const token = bearer(c.req.header("Authorization"));
  const m = TOKEN.exec(token);
  if (!m) throw new ApiError(401, "UNAUTHORIZED", "Token is not valid");
  const tenant = m[1];
  const ok = await c.env.TENANT.getByName(tenant).verify(await sha256Hex(token));
  if (!ok) throw new ApiError(401, "UNAUTHORIZED", "Token is not valid");
  c.set("tenant", tenant);
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
