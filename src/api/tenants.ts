import { Hono } from "hono";
import { newToken, requireAdmin, sha256Hex, tokenKey } from "./auth";
import { jsonBody } from "./body";
import { fromRefusal } from "./errors";
import { tenantBodySchema } from "./schemas";

/** `POST /v1/tenants`: the admin creates a tenant and receives its token once. */
export const tenants = new Hono<{ Bindings: Env }>().post(
  "/",
  requireAdmin,
  jsonBody(tenantBodySchema),
  async (c) => {
    const name = c.req.valid("json").name ?? `t-${crypto.randomUUID().slice(0, 8)}`;
    // requireAdmin passed, so ADMIN_TOKEN is set and there is a key.
    const { token, id } = await newToken((await tokenKey(c.env))!, name);
    const created = await c.env.TENANT.getByName(name).create(name, { id, hash: await sha256Hex(token) });
    if (!created.ok) throw fromRefusal(created);
    return c.json({ tenant: name, token }, 201);
  },
);
