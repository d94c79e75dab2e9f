import { Hono } from "hono";
import { newToken, requireAdmin, sha256Hex } from "./auth";
import { jsonBody } from "./body";
import { ApiError } from "./errors";
import { tenantBodySchema } from "./schemas";

/** `POST /v1/tenants`: the admin creates a tenant and receives its token once. */
export const tenants = new Hono<{ Bindings: Env }>().post(
  "/",
  requireAdmin,
  jsonBody(tenantBodySchema),
  async (c) => {
    const name = c.req.valid("json").name ?? `t-${crypto.randomUUID().slice(0, 8)}`;
    const token = newToken(name);
    const created = await c.env.TENANT.getByName(name).create(name, await sha256Hex(token));
    if (!created.ok) throw new ApiError(409, "TENANT_EXISTS", created.message);
    return c.json({ tenant: name, token }, 201);
  },
);
