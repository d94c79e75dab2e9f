import { Hono, type Context } from "hono";
import { z } from "zod";
import { junitOf } from "../runbook/junit";
import { parseRunbook, type RunbookDiagnostic } from "../runbook/parse";
import { runSteps, type Transport } from "../runbook/runner";
import { MAX_RUN_MS } from "../runbook/schema";
import { resolveSteps, SourceError } from "../runbook/sources";
import type { AuthVars } from "./auth";
import { jsonBody } from "./body";
import { ApiError } from "./errors";
import { doc } from "./openapi";
import { plexOf } from "./params";

/** How the route reaches the API it replays steps through: the Worker's own app, in-process. */
export type Dispatch = (req: Request, env: Env, ctx: Context["executionCtx"]) => Response | Promise<Response>;

const bodySchema = z.object({
  runbook: z.string().min(1).meta({ description: "The runbook's YAML text (docs/runbooks.md)" }),
  files: z.record(z.string(), z.string()).optional().meta({
    description:
      "The files the runbook names ({file: path}, plex: examples/ltic), by the path it names them with",
  }),
  timeoutMs: z.number().int().min(1000).max(MAX_RUN_MS).optional(),
  verbose: z
    .boolean()
    .optional()
    .meta({ description: "Every step's answer lines, not only a failed step's" }),
});

/** A runbook that cannot run: 422 with each problem's line, before any step. */
function invalid(diagnostics: RunbookDiagnostic[]): ApiError {
  const first = diagnostics[0];
  return new ApiError(422, "RUNBOOK_INVALID", `Runbook line ${first.line}: ${first.message}`, {
    diagnostics: diagnostics.map((d) => ({
      file: "runbook",
      line: d.line,
      column: d.column,
      severity: "error",
      code: "RUNBOOK",
      path: d.path,
      message: d.message,
    })),
  });
}

/**
 * POST /v1/plexes/:plex/runbooks: runs a runbook's steps against the plex, each through this
 * Worker's own routes with the caller's token (so every step is what the same request over HTTP
 * does, rate limit included), and answers each step's result. Mounted under /v1/plexes after
 * `plexes`, whose middleware has checked the token.
 */
export function runbooks(dispatch: Dispatch) {
  return new Hono<{ Bindings: Env; Variables: AuthVars }>().post(
    "/:plex/runbooks",
    doc({
      summary: "Run a runbook's steps against the plex: each step's pass, failure (expected, got) or skip",
      tag: "Plexes",
      errors: [404, 422],
      query: { format: "junit: the result as JUnit XML (a suite, a case per step) instead of JSON" },
    }),
    jsonBody(bodySchema),
    async (c) => {
      if (!c.get("tenant")) throw new ApiError(401, "UNAUTHORIZED", "Token is not valid");
      const body = c.req.valid("json");
      const parsed = parseRunbook(body.runbook);
      if (!parsed.ok) throw invalid(parsed.diagnostics);
      const files = body.files ?? {};
      let steps;
      try {
        steps = resolveSteps(parsed.runbook, (path) => files[path]);
      } catch (e) {
        if (!(e instanceof SourceError)) throw e;
        throw invalid([{ line: e.line, column: 1, path: "", message: e.message }]);
      }
      const p = await plexOf(c);
      const base = new URL(`/v1/plexes/${encodeURIComponent(p.name)}`, c.req.url).href;
      const authorization = c.req.header("Authorization") ?? "";
      const transport: Transport = async (method, path, payload) => {
        const res = await dispatch(
          new Request(base + path, {
            method,
            headers: { Authorization: authorization, "Content-Type": "application/json" },
            body: payload === undefined ? undefined : JSON.stringify(payload),
          }),
          c.env,
          c.executionCtx,
        );
        const text = await res.text();
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          json = { lines: [text] };
        }
        return { status: res.status, body: json };
      };
      const run = await runSteps(parsed.runbook, steps, p.name, transport, {
        maxMs: body.timeoutMs ?? MAX_RUN_MS,
        verbose: body.verbose,
      });
      if (c.req.query("format") === "junit")
        return c.body(junitOf(run, parsed.runbook.name), 200, {
          "Content-Type": "application/xml; charset=utf-8",
        });
      return c.json(run);
    },
  );
}
