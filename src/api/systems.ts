import { Hono } from "hono";
import { z } from "zod";
import { MAX_RESERVE_TIMEOUT_MS } from "../dasd/volume-view";
import { recordsToBytes } from "../spool/records";
import { SPOOLID } from "../text/names";
import type { AuthVars } from "./auth";
import { jsonBody } from "./body";
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

/**
 * System routes: IPL, SHUTDOWN, FAIL, and what a user does on a system (LOGON, CP commands, the
 * console, device RESERVE and I/O, PUNCH, PRINT, the reader, tape drives). Each is one call to
 * the system's node (src/api/params.ts `onNode`). Mounted inside `plexes`, whose middleware has
 * checked the token.
 */
export const systems = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .post("/:plex/systems/:sys/ipl", jsonBody(iplSchema), async (c) => {
    const body = c.req.valid("json");
    const r = await onNode(c, (node) => node.ipl({ clean: body.clean, volume: body.volume?.toUpperCase() }));
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/shutdown", async (c) => {
    const r = await onNode(c, (node) => node.shutdown());
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/fail", async (c) => {
    const r = await onNode(c, (node) => node.fail());
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/users/:userid/logon", jsonBody(logonSchema), async (c) => {
    const id = userid(c);
    return c.json(await onNode(c, (node) => node.logon(id, c.req.valid("json").password)));
  })
  .post("/:plex/systems/:sys/users/:userid/cp", jsonBody(cpSchema), async (c) => {
    const id = userid(c);
    return c.json(await onNode(c, (node) => node.cp(id, c.req.valid("json").command)));
  })
  .get("/:plex/systems/:sys/users/:userid/console", async (c) => {
    const after = queryNumber(c, "after", 0);
    const id = userid(c);
    return c.json(withoutOk(await onNode(c, (node) => node.console(id, after))));
  })
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/reserve",
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
    jsonBody(z.object({ generation: z.number().int().optional() })),
    async (c) => {
      const [id, dev] = [userid(c), vdev(c)];
      return c.json(await onNode(c, (node) => node.releaseDevice(id, dev, c.req.valid("json").generation)));
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/write",
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
    jsonBody(z.object({ rdev: deviceSchema })),
    async (c) => {
      const id = userid(c);
      const rdev = c.req.valid("json").rdev;
      return c.json(await onNode(c, (node) => node.breakReserve(id, rdev)));
    },
  )
  .post("/:plex/systems/:sys/users/:userid/punch", jsonBody(writeSchema), (c) =>
    writeRoute(c, "PUN", c.req.valid("json")),
  )
  .post("/:plex/systems/:sys/users/:userid/print", jsonBody(writeSchema), (c) =>
    writeRoute(c, "PRT", c.req.valid("json")),
  )
  .get("/:plex/systems/:sys/users/:userid/reader/:spoolid", async (c) => {
    const [id, sid, encoding] = [userid(c), spoolid(c), encodingOf(c)];
    return c.json(
      withoutOk(await onNode(c, (node) => node.read(id, { spoolid: sid, open: false, encoding }))),
    );
  })
  .post(
    "/:plex/systems/:sys/users/:userid/reader/open",
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
    jsonBody(z.object({ vdev: deviceSchema, volser: volserSchema })),
    async (c) => {
      const id = userid(c);
      const body = c.req.valid("json");
      return c.json(await onNode(c, (node) => node.mountTape(id, body.vdev, body.volser)));
    },
  )
  // The same object hops as a LINK (Worker, VmNode, Volume) with no work: the benchmark's baseline.
  .get("/:plex/systems/:sys/hops", async (c) => {
    const volser = (c.req.query("volume") ?? "").toUpperCase();
    const r = await onNode(c, (node) => node.ping(volser));
    return c.json({ ok: r.pinged });
  });
