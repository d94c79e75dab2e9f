import { Hono } from "hono";
import { z } from "zod";
import { REGISTRY_NAME } from "../plex/names";
import { limitsPatchSchema } from "../limits";
import { quoted } from "../text/names";
import {
  confirmedTokens,
  forgetRegistryAnswer,
  newToken,
  requestBuckets,
  requireAdmin,
  sha256Hex,
  TENANT_NAME,
  tokenKey,
} from "./auth";
import { jsonBody } from "./body";
import { answerOrThrow, ApiError, fromRefusal } from "./errors";
import { tenantBodySchema, tokenNameSchema } from "./schemas";
import { doc } from "./openapi";

/** The one Registry object. */
const registry = (env: Env) => env.REGISTRY.getByName(REGISTRY_NAME);

/** The tenant the path names (404 for a name no tenant could have). */
function tenantName(name: string): string {
  if (!TENANT_NAME.test(name)) throw new ApiError(404, "NOT_FOUND", `No tenant ${quoted(name)}`);
  return name;
}

/** A query string's text, at most `max` characters of the tenant-name alphabet (else 400). */
function afterName(text: string | undefined): string {
  if (text === undefined) return "";
  if (!/^[a-z0-9-]{0,32}$/.test(text))
    throw new ApiError(400, "BAD_REQUEST", `after must be a tenant name, not ${quoted(text)}`);
  return text;
}

/**
 * The admin's routes (the deployment's ADMIN_TOKEN only): `POST /v1/tenants` creates a tenant and
 * answers its token once; `GET` lists tenants (by name, 100 a page, `?after=name`); `GET /:name`
 * shows one with its limits; `POST /:name/tokens {name?}` makes a token for it (shown once);
 * `PATCH /:name {limits}` overrides any subset of its limits;
 * `DELETE /:name` removes the tenant with everything it stored.
 */
export const tenants = new Hono<{ Bindings: Env }>()
  .use("*", requireAdmin)
  .post(
    "/",
    doc({
      summary: "Create a tenant and its first token (shown once)",
      tag: "Admin",
      status: 201,
      errors: [409],
    }),
    jsonBody(tenantBodySchema),
    async (c) => {
      const name = c.req.valid("json").name ?? `t-${crypto.randomUUID().slice(0, 8)}`;
      // requireAdmin passed, so ADMIN_TOKEN is set and there is a key.
      const { token, id } = await newToken((await tokenKey(c.env))!, name);
      const created = await c.env.TENANT.getByName(name).create(name, { id, hash: await sha256Hex(token) });
      if (!created.ok) throw fromRefusal(created);
      forgetRegistryAnswer(name);
      return c.json({ tenant: name, token }, 201);
    },
  )
  .get(
    "/",
    doc({
      summary: "List tenants, 100 a page",
      tag: "Admin",
      errors: [400],
      query: { after: "The last name of the page before" },
    }),
    async (c) => {
      const page = await registry(c.env).list(afterName(c.req.query("after")), 100);
      return c.json({ tenants: page, next: page.length === 100 ? page[page.length - 1].name : null });
    },
  )
  .get("/:name", doc({ summary: "A tenant with its limits", tag: "Admin", errors: [404] }), async (c) => {
    const { ok: _ok, ...tenant } = answerOrThrow(
      await c.env.TENANT.getByName(tenantName(c.req.param("name"))).describe(),
    );
    return c.json(tenant);
  })
  .post(
    "/:name/tokens",
    doc({ summary: "Make a token for a tenant (shown once)", tag: "Admin", status: 201, errors: [404, 413] }),
    jsonBody(z.object({ name: tokenNameSchema.optional() })),
    async (c) => {
      // The admin's way back in for a tenant that lost its tokens (or holds only one from before MACs).
      const tenant = tenantName(c.req.param("name"));
      const { token, id } = await newToken((await tokenKey(c.env))!, tenant);
      const name = c.req.valid("json").name ?? "admin";
      answerOrThrow(
        await c.env.TENANT.getByName(tenant).addToken({ id, hash: await sha256Hex(token), name }),
      );
      // Waking the tenant entered it in the Registry, if it was from before it.
      forgetRegistryAnswer(tenant);
      return c.json({ tenant, id, name, token }, 201);
    },
  )
  .patch(
    "/:name",
    doc({ summary: "Override any subset of a tenant's limits", tag: "Admin", errors: [404] }),
    jsonBody(z.object({ limits: limitsPatchSchema }).strict()),
    async (c) => {
      const name = tenantName(c.req.param("name"));
      const { ok: _ok, ...changed } = answerOrThrow(
        await c.env.TENANT.getByName(name).setLimits(c.req.valid("json").limits),
      );
      // This isolate applies them at once; another that confirmed a token within 30 s, at its next check.
      confirmedTokens.forgetTenant(name);
      requestBuckets.forget(name);
      return c.json({ tenant: name, ...changed });
    },
  )
  .delete(
    "/:name",
    doc({ summary: "Remove a tenant with everything it stored", tag: "Admin", status: 204, errors: [404] }),
    async (c) => {
      const name = tenantName(c.req.param("name"));
      if (!(await c.env.TENANT.getByName(name).destroy()))
        throw new ApiError(404, "NOT_FOUND", `No tenant ${quoted(name)}`);
      confirmedTokens.forgetTenant(name);
      requestBuckets.forget(name);
      forgetRegistryAnswer(name);
      return c.body(null, 204);
    },
  );
