import { Hono } from "hono";
import { z } from "zod";
import { confirmedTokens, newToken, requireTenant, sha256Hex, tokenKey, type AuthVars } from "./auth";
import { jsonBody } from "./body";
import { tokenNameSchema } from "./schemas";
import { answerOrThrow, ApiError } from "./errors";
import { doc } from "./openapi";

const TOKEN_ID = /^[0-9a-f]{16}$/;

/**
 * A tenant's own tokens: `POST /v1/tokens {name}` makes one (shown once), `GET /v1/tokens` lists
 * them (never the tokens), `DELETE /v1/tokens/:id` revokes one.
 */
export const tokens = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .use("*", requireTenant)
  .post(
    "/",
    doc({ summary: "Make a token (shown once)", tag: "Tenant", status: 201, errors: [404, 409, 413] }),
    jsonBody(z.object({ name: tokenNameSchema })),
    async (c) => {
      const tenant = c.get("tenant");
      const key = tokenKey(c.env);
      // Only a legacy token gets here without a key: tokens of the new form need one to be made.
      if (!key)
        throw new ApiError(
          409,
          "NO_TOKEN_KEY",
          "This deployment has no TOKEN_SECRET or ADMIN_TOKEN to sign tokens with",
        );
      const { token, id } = await newToken(await key, tenant);
      const name = c.req.valid("json").name;
      answerOrThrow(
        await c.env.TENANT.getByName(tenant).addToken({ id, hash: await sha256Hex(token), name }),
      );
      return c.json({ id, name, token }, 201);
    },
  )
  .get("/", doc({ summary: "List the tenant's tokens (never the tokens)", tag: "Tenant" }), async (c) =>
    c.json({ tokens: await c.env.TENANT.getByName(c.get("tenant")).listTokens() }),
  )
  .delete(
    "/:id",
    doc({ summary: "Revoke a token", tag: "Tenant", status: 204, errors: [404] }),
    async (c) => {
      const tenant = c.get("tenant");
      const id = c.req.param("id");
      if (!TOKEN_ID.test(id) || !(await c.env.TENANT.getByName(tenant).revokeToken(id)))
        throw new ApiError(404, "NOT_FOUND", "No such token");
      confirmedTokens.forget(tenant, id);
      return c.body(null, 204);
    },
  );
