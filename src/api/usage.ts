import { Hono } from "hono";
import { requireTenant, type AuthVars } from "./auth";
import { answerOrThrow } from "./errors";
import { doc } from "./openapi";

/** `GET /v1/usage`: the tenant's limits and what it uses of each (its own counts and each plex's). */
export const usage = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .use("*", requireTenant)
  .get(
    "/",
    doc({ summary: "The tenant's limits and what it uses of each", tag: "Tenant", errors: [404] }),
    async (c) => c.json(answerOrThrow(await c.env.TENANT.getByName(c.get("tenant")).usage())),
  );
