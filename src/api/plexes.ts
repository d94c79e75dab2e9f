import { Hono, type Context } from "hono";
import { z } from "zod";
import { objectName } from "../../durable-objects/plex";
import { requireTenant, type AuthVars } from "./auth";
import { jsonBody } from "./body";
import { ApiError } from "./errors";
import { dasdSchema, systemConfigSchema } from "./schemas";

type Ctx = Context<{ Bindings: Env; Variables: AuthVars }>;

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/i;
const SYSNAME = /^[A-Z0-9@#$_-]{1,8}$/i;

const createSchema = z.object({
  name: z.string().regex(NAME, "1-32 characters: letters, digits and -"),
  systemConfig: systemConfigSchema,
  directory: z.string(),
  dasd: dasdSchema.optional(),
});
const iplSchema = z.object({ clean: z.boolean().optional(), volume: z.string().min(1).max(6).optional() });
const logonSchema = z.object({ password: z.string().max(8) });
const cpSchema = z.object({ command: z.string().min(1).max(240) });

/** Refusals from the objects become the one error envelope. */
function refuse(r: { status: number; message: string; diagnostics?: unknown }): never {
  const code =
    r.status === 404
      ? "NOT_FOUND"
      : r.status === 422
        ? "INVALID_CONFIG"
        : r.status === 429
          ? "QUOTA"
          : "CONFLICT";
  throw new ApiError(
    r.status as 404,
    code,
    r.message,
    r.diagnostics ? { diagnostics: r.diagnostics } : undefined,
  );
}

/** The plex stub, after checking the tenant holds it (404 for another tenant's names too). */
async function plexOf(c: Ctx) {
  const tenant = c.get("tenant");
  const name = c.req.param("plex")!.toLowerCase();
  if (!NAME.test(name) || !(await c.env.TENANT.getByName(tenant).hasPlex(name)))
    throw new ApiError(404, "NOT_FOUND", `No plex ${name}`);
  return { tenant, name, stub: c.env.PLEX.getByName(objectName(tenant, name)) };
}

async function nodeOf(c: Ctx) {
  const p = await plexOf(c);
  const sys = c.req.param("sys")!.toUpperCase();
  const states = await p.stub.systemStates();
  if (!SYSNAME.test(sys) || !(sys in states))
    throw new ApiError(404, "NOT_FOUND", `No system ${sys} in plex ${p.name}`);
  return { ...p, sys, node: c.env.VMNODE.getByName(objectName(p.tenant, p.name, sys)) };
}

function userid(c: Ctx): string {
  const id = c.req.param("userid")!.toUpperCase();
  if (!/^[A-Z0-9@#$_-]{1,8}$/.test(id))
    throw new ApiError(400, "BAD_REQUEST", `User ID ${id} is not 1-8 characters`);
  return id;
}

function vdev(c: Ctx): string {
  const v = c.req.param("vdev")!.toUpperCase();
  if (!/^[0-9A-F]{1,4}$/.test(v)) throw new ApiError(400, "BAD_REQUEST", `Device ${v} is not 1-4 hex digits`);
  return v.padStart(4, "0");
}

/** A device operation's answer, or its refusal in the error envelope (with the reserve holder in details). */
function device<T extends { ok: boolean }>(c: Ctx, r: T) {
  if (!r.ok) {
    const f = r as unknown as { status: 404 | 409; code: string; message: string; holder?: unknown };
    throw new ApiError(f.status, f.code, f.message, f.holder ? { holder: f.holder } : undefined);
  }
  return c.json(r);
}

/** Plex routes: create, list, topology, delete, directory and config, systems, users, volumes. */
export const plexes = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .use("*", requireTenant)
  .post("/", jsonBody(createSchema), async (c) => {
    const tenant = c.get("tenant");
    const body = c.req.valid("json");
    const name = body.name.toLowerCase();
    const reserved = await c.env.TENANT.getByName(tenant).addPlex(name);
    if (!reserved.ok) refuse(reserved);
    try {
      const created = await c.env.PLEX.getByName(objectName(tenant, name)).create(tenant, name, body);
      if (!created.ok) {
        await c.env.TENANT.getByName(tenant).removePlex(name);
        refuse(created);
      }
      return c.json(created.topology, 201);
    } catch (e) {
      if (!(e instanceof ApiError)) await c.env.TENANT.getByName(tenant).removePlex(name);
      throw e;
    }
  })
  .get("/", async (c) => c.json({ plexes: await c.env.TENANT.getByName(c.get("tenant")).listPlexes() }))
  .get("/:plex", async (c) => {
    const p = await plexOf(c);
    return c.json(await p.stub.topology());
  })
  .delete("/:plex", async (c) => {
    const p = await plexOf(c);
    await p.stub.destroy();
    await c.env.TENANT.getByName(p.tenant).removePlex(p.name);
    return c.body(null, 204);
  })
  .put("/:plex/directory", jsonBody(z.object({ directory: z.string() })), async (c) => {
    const p = await plexOf(c);
    const r = await p.stub.setDirectory(c.req.valid("json").directory);
    if (!r.ok) refuse(r);
    return c.json(r);
  })
  .put(
    "/:plex/config",
    jsonBody(z.object({ systemConfig: systemConfigSchema, dasd: dasdSchema.optional() })),
    async (c) => {
      const p = await plexOf(c);
      const body = c.req.valid("json");
      const r = await p.stub.setConfig(body.systemConfig, body.dasd);
      if (!r.ok) refuse(r);
      return c.json(r);
    },
  )
  .post("/:plex/systems/:sys/ipl", jsonBody(iplSchema), async (c) => {
    const n = await nodeOf(c);
    const body = c.req.valid("json");
    const r = await n.node.ipl(n.tenant, n.name, n.sys, {
      clean: body.clean,
      volume: body.volume?.toUpperCase(),
    });
    if (!r.ok) refuse(r);
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/shutdown", async (c) => {
    const n = await nodeOf(c);
    const r = await n.node.shutdown();
    if (!r.ok) refuse(r);
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/fail", async (c) => {
    const n = await nodeOf(c);
    const r = await n.node.fail();
    if (!r.ok) refuse(r);
    return c.json({ state: r.state, lines: r.lines });
  })
  .post("/:plex/systems/:sys/users/:userid/logon", jsonBody(logonSchema), async (c) => {
    const n = await nodeOf(c);
    const r = await n.node.logon(userid(c), c.req.valid("json").password);
    if ("ok" in r) refuse(r);
    return c.json(r);
  })
  .post("/:plex/systems/:sys/users/:userid/cp", jsonBody(cpSchema), async (c) => {
    const n = await nodeOf(c);
    const r = await n.node.cp(userid(c), c.req.valid("json").command);
    if ("ok" in r) refuse(r);
    return c.json(r);
  })
  .get("/:plex/systems/:sys/users/:userid/console", async (c) => {
    const n = await nodeOf(c);
    const after = Number(c.req.query("after") ?? 0);
    if (!Number.isInteger(after) || after < 0)
      throw new ApiError(400, "BAD_REQUEST", "after must be a whole number");
    const r = await n.node.console(userid(c), after);
    if ("ok" in r) refuse(r);
    return c.json(r);
  })
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/reserve",
    jsonBody(z.object({ wait: z.boolean().optional() })),
    async (c) => {
      const n = await nodeOf(c);
      const r = await n.node.reserveDevice(userid(c), vdev(c), c.req.valid("json").wait ?? false);
      return device(c, r);
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/devices/:vdev/release",
    jsonBody(z.object({ generation: z.number().int().optional() })),
    async (c) => {
      const n = await nodeOf(c);
      return device(c, await n.node.releaseDevice(userid(c), vdev(c), c.req.valid("json").generation));
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
      const n = await nodeOf(c);
      return device(c, await n.node.writeDevice(userid(c), vdev(c), c.req.valid("json").records));
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
      const n = await nodeOf(c);
      const body = c.req.valid("json");
      return device(c, await n.node.readDevice(userid(c), vdev(c), body.from, body.count));
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/break-reserve",
    jsonBody(z.object({ rdev: z.string().regex(/^[0-9A-Fa-f]{1,4}$/) })),
    async (c) => {
      const n = await nodeOf(c);
      return device(
        c,
        await n.node.breakReserve(userid(c), c.req.valid("json").rdev.toUpperCase().padStart(4, "0")),
      );
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/punch",
    jsonBody(
      z.object({
        records: z.array(z.string()).max(100_000),
        name: z.string().max(8).optional(),
        type: z.string().max(8).optional(),
      }),
    ),
    async (c) => {
      const n = await nodeOf(c);
      const body = c.req.valid("json");
      const r = await n.node.punch(userid(c), body);
      if (!r.ok) refuse(r);
      return c.json({ rc: r.rc, lines: r.lines, spoolid: r.spoolid });
    },
  )
  .get("/:plex/systems/:sys/users/:userid/reader/:spoolid", async (c) => {
    const n = await nodeOf(c);
    const spoolid = c.req.param("spoolid");
    if (!/^[0-9]{1,4}$/.test(spoolid))
      throw new ApiError(400, "BAD_REQUEST", `Spool id ${spoolid} is not 1-4 digits`);
    const r = await n.node.readerFile(userid(c), spoolid.padStart(4, "0"));
    if (!r.ok) refuse(r);
    return c.json({ spoolid: r.spoolid, from: r.from, records: r.records });
  })
  // The same object hops as a LINK (Tenant, Plex, VmNode, Volume) with no work: the benchmark's baseline.
  .get("/:plex/systems/:sys/hops", async (c) => {
    const n = await nodeOf(c);
    return c.json({ ok: await n.node.ping((c.req.query("volume") ?? "").toUpperCase()) });
  })
  .get("/:plex/volumes/:volser", async (c) => {
    const p = await plexOf(c);
    const volser = c.req.param("volser").toUpperCase();
    const topo = await p.stub.topology();
    if (!topo?.volumes.some((v) => v.volser === volser))
      throw new ApiError(404, "NOT_FOUND", `No volume ${volser} in plex ${p.name}`);
    const slotNames: Record<number, string> = {};
    for (const s of topo.systems) if (s.xlinkSlot !== null) slotNames[s.xlinkSlot] = s.sysname;
    return c.json(await c.env.VOLUME.getByName(objectName(p.tenant, p.name, volser)).view(slotNames));
  });
