import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { bodyTooLarge, notFound, onError } from "./api/errors";
import { bodyLimitOf, MAX_BODY_BYTES, MAX_DATA_BODY_BYTES, MAX_TAPE_BODY_BYTES } from "./api/body";
import { lint } from "./api/lint";
import { doc, serveOpenApi } from "./api/openapi";
import { plexes } from "./api/plexes";
import { runbooks } from "./api/runbooks";
import { socket } from "./api/console";
import { tenants } from "./api/tenants";
import { tokens } from "./api/tokens";
import { usage } from "./api/usage";

export { Plex } from "../durable-objects/plex/plex";
export { Registry } from "../durable-objects/registry";
export { Tenant } from "../durable-objects/tenant";
export { VmNode } from "../durable-objects/vm-node/vm-node";
export { Volume } from "../durable-objects/volume/volume";

/** The Worker: routes only; state lives in the Durable Objects, decisions in the domain code. */
const app = new Hono<{ Bindings: Env }>();

// One limiter per size, chosen by path: PUNCH, PRINT and tape uploads carry files.
const limiters = new Map(
  [MAX_BODY_BYTES, MAX_DATA_BODY_BYTES, MAX_TAPE_BODY_BYTES].map((maxSize) => [
    maxSize,
    bodyLimit({
      maxSize,
      onError: () => {
        throw bodyTooLarge(maxSize);
      },
    }),
  ]),
);
// Every answer, errors included, says what it is and how a browser may use it (no CORS: none is allowed).
app.use("*", secureHeaders());
app.use("*", (c, next) => limiters.get(bodyLimitOf(c.req.path))!(c, next));
app.get(
  "/v1/health",
  doc({ summary: "Is the service up, and its version", tag: "Service", public: true }),
  (c) => c.json({ ok: true, version: c.env.CSEPLEX_VERSION }),
);
serveOpenApi(app);
app.route("/v1/tenants", tenants);
app.route("/v1/tokens", tokens);
app.route("/v1/usage", usage);
app.route("/v1/lint", lint);
app.route("/v1/plexes", plexes);
// Runbooks replay their steps through this app, in-process, with the caller's token (src/api/runbooks.ts).
app.route(
  "/v1/plexes",
  runbooks((req, env, ctx) => app.fetch(req, env, ctx)),
);
app.route("/v1/socket", socket);
app.notFound(notFound);
app.onError(onError);

export default app;
