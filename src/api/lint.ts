import { Hono } from "hono";
import { lintPlex } from "../lint";
import { requireTenant, type AuthVars } from "./auth";
import { jsonBody } from "./body";
import { lintBodySchema } from "./schemas";
import { doc } from "./openapi";
import { lintAnswerSchema } from "./openapi-responses";

/** `POST /v1/lint`: checks SYSTEM CONFIG, directory, DASD inventory, CTCs, PVM's files and programs together; stores nothing. */
export const lint = new Hono<{ Bindings: Env; Variables: AuthVars }>().post(
  "/",
  doc({
    summary: "Lint a plex's inputs (stores nothing)",
    description:
      "Checks SYSTEM CONFIG, the directory, the DASD inventory, CTCs, PVM's files and programs together, as POST /v1/plexes would. `cseplex lint` runs the same rules offline.",
    tag: "Lint",
    response: lintAnswerSchema,
  }),
  requireTenant,
  jsonBody(lintBodySchema),
  (c) => {
    const body = c.req.valid("json");
    const result = lintPlex({
      systemConfig: body.systemConfig,
      directory: body.directory,
      dasd: body.dasd,
      ctcs: body.ctcs,
      files: body.files,
      programs: body.programs,
    });
    return c.json({ ok: result.ok, diagnostics: result.diagnostics });
  },
);
