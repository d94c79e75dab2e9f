import { Hono } from "hono";
import { z } from "zod";
import { MAX_RESERVE_TIMEOUT_MS } from "../dasd/volume-view";
import { recordsToBytes } from "../spool/records";
import { SPOOLID } from "../text/names";
import type { AuthVars } from "./auth";
import { jsonBody } from "./body";
import { doc } from "./openapi";
import { consolePageSchema, cpAnswerSchema, stateAnswerSchema } from "./openapi-responses";
import { ApiError } from "./errors";
import { type Ctx, encodingOf, onNode, queryNumber, spoolid, userid, vdev, withoutOk } from "./params";
import { cpSchema, deviceSchema, iplSchema, logonSchema, volserSchema, writeSchema } from "./schemas";

/** PUNCH and PRINT: records checked and turned into bytes here, spooled by the node. */
async function writeRoute(c: Ctx, device: "PUN" | "PRT", body: z.output<typeof writeSchema>) {
  const r = recordsToBytes(body.records, body.encoding ?? "utf8");
  if (!r.ok)
    throw new ApiError(
      r.tooLarge ? 413 : 400,
      r.tooLarge ? "FILE_TOO_LARGE" : "BAD_RECORD",
      `records[${r.error.index}] ${r.error.message}`,
    );
  const id = userid(c);
  const w = await onNode(c, (node) =>
    node.write(id, device, r.records, { name: body.name, type: body.type }),
  );
  return c.json({ rc: w.rc, lines: w.lines, spoolid: w.spoolid });
}

/** What each system route does and may refuse, for the OpenAPI document (src/api/openapi.ts). */
const d = {
  ipl: doc({
    summary: "IPL the system (CP's IPL lines)",
    tag: "Systems",
    errors: [404, 409, 422],
    response: stateAnswerSchema,
  }),
  shutdown: doc({
    summary: "SHUTDOWN the system",
    tag: "Systems",
    errors: [404, 409],
    response: stateAnswerSchema,
  }),
  fail: doc({
    summary: "Fail the system as a crash would (no SHUTDOWN)",
    tag: "Systems",
    errors: [404, 409],
    response: stateAnswerSchema,
  }),
  logon: doc({
    summary: "LOGON a user (CP's lines and rc)",
    tag: "Users",
    errors: [400, 404, 409, 429],
    response: cpAnswerSchema,
  }),
  cp: doc({
    summary: "Issue a CP command as the user: CP's lines and rc, as vmcp prints them",
    description: "A CP error is an rc and CP's lines in a 200 answer, not an error status.",
    tag: "Users",
    errors: [400, 404, 409],
    response: cpAnswerSchema,
  }),
  cms: doc({
    summary: "Issue a CMS command as the user (TELL, SENDFILE ...): CMS's lines and rc",
    description: "A CMS error (unknown command, bad operands, unknown node) is an rc in a 200 answer.",
    tag: "Users",
    errors: [400, 404, 409],
  }),
  console: doc({
    summary: "The user's console lines after line `after`",
    tag: "Users",
    errors: [400, 404, 409],
    query: { after: "The last line number already read (0: from the start)" },
    response: consolePageSchema,
  }),
  reserve: doc({ summary: "RESERVE a device (wait or not)", tag: "Users", errors: [400, 404, 409] }),
  release: doc({ summary: "RELEASE a device's reserve", tag: "Users", errors: [400, 404, 409] }),
  write: doc({
    summary: "Write records to a device (under its reserve)",
    tag: "Users",
    errors: [400, 404, 409],
  }),
  read: doc({ summary: "Read records from a device", tag: "Users", errors: [400, 404, 409] }),
  breakReserve: doc({
    summary: "Break another system's reserve on a real device",
    tag: "Users",
    errors: [400, 404, 409],
  }),
  punch: doc({
    summary: "PUNCH records to a reader (CP's lines, rc, spool id)",
    tag: "Users",
    errors: [404, 409, 429],
  }),
  print: doc({ summary: "PRINT records (CP's lines, rc, spool id)", tag: "Users", errors: [404, 409, 429] }),
  readFile: doc({
    summary: "Look at a reader file's records without opening it",
    tag: "Users",
    errors: [400, 404, 409],
    query: { encoding: "utf8 or base64" },
  }),
  openReader: doc({
    summary: "Open and read a reader file (the next one, or by spool id)",
    tag: "Users",
    errors: [404, 409],
  }),
  mountTape: doc({ summary: "Mount a plex tape on a virtual tape drive", tag: "Users", errors: [404, 409] }),
  hops: doc({
    summary: "The object hops of a LINK with no work (the benchmark's baseline)",
    tag: "Systems",
    errors: [404],
    query: { volume: "A volser to ping too" },
  }),
};

/**
 * System routes: IPL, SHUTDOWN, FAIL, and what a user does on a system (LOGON, CP commands, the
 * console, device RESERVE and I/O, PUNCH, PRINT, the reader, tape drives). Each is one call to
 * the system's node (src/api/params.ts `onNode`). Mounted inside `plexes`, whose middleware has
 * checked the token.
 */
export const systems = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .post("/:plex/systems/:sys/ipl", d.ipl, jsonBody(iplSchema), async (c) => {
    const body = c.req.valid("json");
    const r = await onNode(c, (node) => node.ipl({ clean: body.clean, volume: body.volume?.toUpperCase() }));
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/shutdown", d.shutdown, async (c) => {
    const r = await onNode(c, (node) => node.shutdown());
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/fail", d.fail, async (c) => {
    const r = await onNode(c, (node) => node.fail());
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/users/:userid/logon", d.logon, jsonBody(logonSchema), async (c) => {
    const id = userid(c);
    return c.json(await onNode(c, (node) => node.logon(id, c.req.valid("json").password)));
  })
  .post("/:plex/systems/:sys/users/:userid/cp", d.cp, jsonBody(cpSchema), async (c) => {
    const id = userid(c);
    return c.json(await onNode(c, (node) => node.cp(id, c.req.valid("json").command)));
  })
  .post("/:plex/systems/:sys/users/:userid/cms", d.cms, jsonBody(cpSchema), async (c) => {
    const id = userid(c);
    return c.json(await onNode(c, (node) => node.cms(id, c.req.valid("json").command)));
  })
  .get("/:plex/systems/:sys/users/:userid/console", d.console, async (c) => {
    const after = queryNumber(c, "after", 0);
    const id = userid(c);
    return c.json(withoutOk(await onNode(c, (node) => node.console(id, after))));
  })
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/reserve",
    d.reserve,
    jsonBody(
      z.object({
        wait: z.boolean().optional(),
        timeoutMs: z.number().int().min(1).max(MAX_RESERVE_TIMEOUT_MS).optional(),
      }),
    ),
    async (c) => {
      const [id, dev] = [userid(c), vdev(c)];
      const body = c.req.valid("json");
      return c.json(
        await onNode(c, (node) => node.reserveDevice(id, dev, body.wait ?? false, body.timeoutMs)),
      );
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/release",
    d.release,
    jsonBody(z.object({ generation: z.number().int().optional() })),
    async (c) => {
      const [id, dev] = [userid(c), vdev(c)];
      return c.json(await onNode(c, (node) => node.releaseDevice(id, dev, c.req.valid("json").generation)));
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/write",
    d.write,
    jsonBody(
      z.object({
        records: z
          .array(z.object({ n: z.number().int().nonnegative().max(1_000_000), data: z.string().max(65_536) }))
          .min(1)
          .max(1000),
      }),
    ),
    async (c) => {
      const [id, dev] = [userid(c), vdev(c)];
      return c.json(await onNode(c, (node) => node.writeDevice(id, dev, c.req.valid("json").records)));
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/read",
    d.read,
    jsonBody(
      z.object({
        from: z.number().int().nonnegative().default(0),
        count: z.number().int().positive().max(1000).default(100),
      }),
    ),
    async (c) => {
      const [id, dev] = [userid(c), vdev(c)];
      const body = c.req.valid("json");
      return c.json(await onNode(c, (node) => node.readDevice(id, dev, body.from, body.count)));
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/break-reserve",
    d.breakReserve,
    jsonBody(z.object({ rdev: deviceSchema })),
    async (c) => {
      const id = userid(c);
      const rdev = c.req.valid("json").rdev;
      return c.json(await onNode(c, (node) => node.breakReserve(id, rdev)));
    },
  )
  .post("/:plex/systems/:sys/users/:userid/punch", d.punch, jsonBody(writeSchema), (c) =>
    writeRoute(c, "PUN", c.req.valid("json")),
  )
  .post("/:plex/systems/:sys/users/:userid/print", d.print, jsonBody(writeSchema), (c) =>
    writeRoute(c, "PRT", c.req.valid("json")),
  )
  .get("/:plex/systems/:sys/users/:userid/reader/:spoolid", d.readFile, async (c) => {
    const [id, sid, encoding] = [userid(c), spoolid(c), encodingOf(c)];
    return c.json(
      withoutOk(await onNode(c, (node) => node.read(id, { spoolid: sid, open: false, encoding }))),
    );
  })
  .post(
    "/:plex/systems/:sys/users/:userid/reader/open",
    d.openReader,
    jsonBody(
      z.object({
        spoolid: z.string().regex(SPOOLID).optional(),
        encoding: z.enum(["utf8", "base64"]).optional(),
      }),
    ),
    async (c) => {
      const id = userid(c);
      const body = c.req.valid("json");
      const opts = { spoolid: body.spoolid?.padStart(4, "0"), open: true, encoding: body.encoding };
      return c.json(withoutOk(await onNode(c, (node) => node.read(id, opts))));
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/tapes",
    d.mountTape,
    jsonBody(z.object({ vdev: deviceSchema, volser: volserSchema })),
    async (c) => {
      const id = userid(c);
      const body = c.req.valid("json");
      return c.json(await onNode(c, (node) => node.mountTape(id, body.vdev, body.volser)));
    },
  )
  // The same object hops as a LINK (Worker, VmNode, Volume) with no work: the benchmark's baseline.
  .get("/:plex/systems/:sys/hops", d.hops, async (c) => {
    const volser = (c.req.query("volume") ?? "").toUpperCase();
    const r = await onNode(c, (node) => node.ping(volser));
    return c.json({ ok: r.pinged });
  });
