import { Hono } from "hono";
import { requireTenant, type AuthVars } from "./auth";
import { answerOrThrow } from "./errors";

/** `GET /v1/usage`: the tenant's limits and what it uses of each (its own counts and each plex's). */
export const usage = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .use("*", requireTenant)
  .get("/", async (c) => c.json(answerOrThrow(await c.env.TENANT.getByName(c.get("tenant")).usage())));
