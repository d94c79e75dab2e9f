import { Hono } from "hono";
import { objectName } from "../plex/names";
import type { AuthVars } from "./auth";
import { ApiError } from "./errors";
import { doc } from "./openapi";
import { plexName } from "./params";

/** How long a ticket lives (durable-objects/plex/watchers.ts TICKET_TTL_MS), in seconds for the answer. */
const TICKET_SECONDS = 30;

/** A ticket: `<tenant>.<plex>.<secret>`; the secret is 32 base64url characters (24 random bytes). */
const TICKET = /^([a-z0-9][a-z0-9-]{0,31})\.([a-z0-9][a-z0-9-]{0,31})\.([A-Za-z0-9_-]{32})$/;

/**
 * The web console's routes on a plex (docs/console.md): `POST .../tickets` gives a single-use ticket
 * for the plex's WebSocket (a browser cannot send a bearer token on one), `GET .../picture` answers
 * everything the page draws. Mounted inside `plexes`, whose middleware has checked the token.
 */
export const consoleRoutes = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .post(
    "/:plex/tickets",
    doc({
      summary: "A single-use ticket (30 s) for the plex's WebSocket (GET /v1/socket?ticket=)",
      tag: "Plexes",
      status: 201,
      errors: [404],
    }),
    async (c) => {
      const p = plexName(c);
      const ticket = await c.env.PLEX.getByName(objectName(p.tenant, p.name)).ticket();
      if (!ticket) throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
      return c.json({ ticket, expiresIn: TICKET_SECONDS }, 201);
    },
  )
  .get(
    "/:plex/picture",
    doc({
      summary:
        "The plex as the web console draws it: systems, users, volumes, links, CSE flags, spool, network",
      tag: "Plexes",
      errors: [404],
    }),
    async (c) => {
      const p = plexName(c);
      const picture = await c.env.PLEX.getByName(objectName(p.tenant, p.name)).picture();
      if (!picture) throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
      return c.json(picture);
    },
  );

/**
 * `GET /v1/socket?ticket=`: the WebSocket of one plex, for a ticket from `POST .../tickets`. The
 * ticket names its tenant and plex, so the socket reaches only that tenant's Plex, which takes the
 * ticket once (401 when unknown, used or expired) and holds the socket with the hibernation API.
 */
export const socket = new Hono<{ Bindings: Env }>().get(
  "/",
  doc({
    summary: "The web console's WebSocket: events of one plex (a ticket, not a token)",
    tag: "Plexes",
    public: true,
    errors: [400, 401],
    query: { ticket: "From POST /v1/plexes/:plex/tickets; good once, for 30 seconds" },
  }),
  async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      throw new ApiError(400, "BAD_REQUEST", "GET /v1/socket is a WebSocket upgrade");
    const m = TICKET.exec(c.req.query("ticket") ?? "");
    if (!m) throw new ApiError(401, "UNAUTHORIZED", "No valid ticket");
    const [, tenant, plex, secret] = m;
    const stub = c.env.PLEX.getByName(objectName(tenant, plex));
    const res = await stub.fetch(
      new Request(`https://plex.internal/socket?secret=${secret}`, { headers: c.req.raw.headers }),
    );
    if (res.status !== 101 || !res.webSocket)
      throw new ApiError(401, "UNAUTHORIZED", "Ticket refused: unknown, used or expired");
    // A fresh Response: the one from the object has immutable headers the middleware would set.
    return new Response(null, { status: 101, webSocket: res.webSocket });
  },
);
