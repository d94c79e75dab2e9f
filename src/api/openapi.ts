import type { Hono, MiddlewareHandler } from "hono";
import { generateSpecs, resolver, uniqueSymbol } from "hono-openapi";
import { z } from "zod";
import { referencePage } from "./openapi-page";

/**
 * The API's OpenAPI 3.1 document, built from the app itself (hono-openapi walks `app.routes`): a
 * route is documented by a `doc({...})` middleware in its chain, its request body by the
 * `jsonBody(schema)` validator it already has (src/api/body.ts marks it), the token check and its
 * 401/429 by `requireTenant`/`requireAdmin` (src/api/auth.ts). docs/openapi.md says how.
 */

/** The one error envelope (src/api/errors.ts), as the document names it. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable code: NOT_FOUND, CONFLICT, INVALID_CONFIG, ..." }),
      message: z.string().meta({ description: "For people; names what and where" }),
      details: z.unknown().optional().meta({ description: "Diagnostics, a quota, a reserve's holder" }),
    }),
  })
  .meta({ id: "Error", description: "The one error envelope of the API" });

/** The error statuses a route may answer, each in the envelope. */
export type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 422 | 429 | 500;

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: "Bad request (BAD_REQUEST, BAD_JSON, BAD_RECORD): the message names the field",
  401: "UNAUTHORIZED: no bearer token, or not a valid one",
  404: "NOT_FOUND: no such plex, system, user, file or tape (another tenant's names too)",
  409: "CONFLICT: the state forbids it now (system not up, user not logged on, name taken)",
  413: "Over a size limit (BODY_TOO_LARGE, FILE_TOO_LARGE, TAPE_TOO_LARGE) or a tenant quota",
  422: "INVALID_CONFIG: SYSTEM CONFIG or the directory has errors; details.diagnostics say where",
  429: "RATE_LIMITED (Retry-After says when to try again) or QUOTA_EXCEEDED (a count limit of the tenant)",
  500: "INTERNAL: the request did not complete; GET shows the state",
};

/** The responses for these error statuses, each in the envelope. */
export function errorResponses(statuses: readonly ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: ERROR_TEXT[s],
        ...(s === 429
          ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds" } } }
          : {}),
        content: { "application/json": { schema: resolver(errorSchema) } },
      },
    ]),
  );
}

/** What a route's `doc()` says. */
export interface RouteDoc {
  /** One line: what the route does. */
  summary: string;
  description?: string;
  /** The group in the reference page (Plexes, Systems, Users, ...). */
  tag: string;
  /** Error statuses of the route itself; 500 is added, and the middleware adds its own (401, 429, 400, 413). */
  errors?: readonly ErrorStatus[];
  /** The success status: 200 by default. */
  status?: 200 | 201 | 202 | 204;
  /** What a success answers; JSON of no stated schema by default. */
  content?: "json" | "text" | "html" | "none";
  /** A zod schema of the success answer, when one exists. */
  response?: z.ZodType;
  /** Query parameters: name and description. */
  query?: Record<string, string>;
  /** No token needed. */
  public?: boolean;
}

/** Documents the route it stands in front of (a middleware that only carries the description). */
export function doc(d: RouteDoc): MiddlewareHandler {
  const status = d.status ?? 200;
  const content =
    d.content === "none" || status === 204
      ? undefined
      : d.content === "text" || d.content === "html"
        ? { [d.content === "html" ? "text/html" : "text/plain"]: { schema: { type: "string" as const } } }
        : { "application/json": d.response ? { schema: resolver(d.response) } : {} };
  // hono-openapi's describeRoute, but passing straight on (no async frame of its own per request).
  return documents((_c, next) => next(), {
    summary: d.summary,
    ...(d.description ? { description: d.description } : {}),
    tags: [d.tag],
    ...(d.public ? { security: [] } : {}),
    ...(d.query
      ? {
          parameters: Object.entries(d.query).map(([name, description]) => ({
            in: "query" as const,
            name,
            description,
            required: false,
            schema: { type: "string" as const },
          })),
        }
      : {}),
    responses: {
      [status]: {
        description: status === 204 ? "Done; no body" : "Success",
        ...(content ? { content } : {}),
      },
      ...errorResponses([...(d.errors ?? []), 500]),
    },
  });
}

/** Marks a middleware (the token checks, the body validator) with what it adds to every route it guards. */
export function documents<M extends MiddlewareHandler>(middleware: M, spec: object): M {
  return Object.assign(middleware, { [uniqueSymbol]: { spec } });
}

/** The document's header: title, servers, the bearer scheme every route needs unless it says `public`. */
const DOCUMENTATION = {
  info: {
    title: "cseplex API",
    version: "1",
    description:
      "A sandbox of IBM z/VM systems joined by Cross System Extensions (CSE). Every route but health and the documentation needs `Authorization: Bearer <token>`; errors are one envelope (`Error`).",
  },
  tags: [
    { name: "Service", description: "Health and this document" },
    { name: "Admin", description: "Tenants (the deployment's ADMIN_TOKEN)" },
    { name: "Tenant", description: "A tenant's tokens and usage" },
    { name: "Lint", description: "Checks a plex's inputs without storing them" },
    { name: "Plexes", description: "Plexes: create, list, delete, their directory, config, files and tapes" },
    { name: "Systems", description: "IPL, SHUTDOWN, FAIL" },
    {
      name: "Users",
      description: "What a user does on a system: LOGON, CP commands, the console, spool, devices",
    },
  ],
  components: {
    securitySchemes: { bearer: { type: "http" as const, scheme: "bearer" } },
  },
  security: [{ bearer: [] }],
};

/** Builds the document from the app's routes (async: the schema converters load on first use). */
export function openApiDocument(app: Hono<never> | Hono<{ Bindings: Env }>, version?: string) {
  return generateSpecs(app as unknown as Hono, {
    documentation: { ...DOCUMENTATION, info: { ...DOCUMENTATION.info, version: version ?? "1" } },
    // jsonBody documents its own 400 and 413, in the envelope.
    defaultValidationErrorResponse: false,
    // Else hono-openapi leaves out /v1/openapi.json as a "static file".
    excludeStaticFile: false,
  });
}

let built: ReturnType<typeof openApiDocument> | undefined;

/** Serves the document at `GET /v1/openapi.json` and the reference page at `GET /v1/docs` (built once per isolate). */
export function serveOpenApi(app: Hono<{ Bindings: Env }>): void {
  const documentOf = (version: string | undefined) => (built ??= openApiDocument(app, version));
  app.get(
    "/v1/openapi.json",
    doc({ summary: "This API's OpenAPI 3.1 document", tag: "Service", public: true }),
    async (c) => c.json(await documentOf(c.env.CSEPLEX_VERSION)),
  );
  app.get(
    "/v1/docs",
    doc({ summary: "The API reference page (HTML)", tag: "Service", public: true, content: "html" }),
    async (c) => c.html(referencePage((await documentOf(c.env.CSEPLEX_VERSION)) as never)),
  );
}
