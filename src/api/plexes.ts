import { Hono, type Context } from "hono";
import { z } from "zod";
import { objectName } from "../../durable-objects/plex";
import { requireTenant, type AuthVars } from "./auth";
import { jsonBody } from "./body";
import { ApiError } from "./errors";
import { dasdSchema, systemConfigSchema } from "./schemas";
import {
  checkPacked,
  fromBase64,
  isBase64,
  MAX_FILE_BYTES,
  MAX_FILE_RECORDS,
  type RecordEncoding,
  recordsToBytes,
} from "../spool/records";
import { MAX_TAPE_BYTES, TAPE_FORMAT, type TapeFile } from "../spool/spxtape";
import { HEX_DEVICE, SPOOL_CLASS, SPOOL_NAME, SPOOLID, SYSNAME, USERID, VOLSER } from "../text/names";

type Ctx = Context<{ Bindings: Env; Variables: AuthVars }>;

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/i;

const createSchema = z.object({
  name: z.string().regex(NAME, "1-32 characters: letters, digits and -"),
  systemConfig: systemConfigSchema,
  directory: z.string(),
  dasd: dasdSchema.optional(),
});
const iplSchema = z.object({ clean: z.boolean().optional(), volume: z.string().min(1).max(6).optional() });
const logonSchema = z.object({ password: z.string().max(8) });
const cpSchema = z.object({ command: z.string().min(1).max(240) });

const writeSchema = z.object({
  records: z.array(z.string()).max(MAX_FILE_RECORDS),
  encoding: z.enum(["utf8", "base64"]).optional(),
  name: z.string().max(8).optional(),
  type: z.string().max(8).optional(),
});
const SPOOL_NAME_OR_NONE = z.string().regex(SPOOL_NAME).or(z.literal(""));
const tapeSchema = z.object({
  format: z.literal(TAPE_FORMAT),
  files: z
    .array(
      z.object({
        spoolid: z.string().regex(/^(?!0000)[0-9]{4}$/, "0001-9999"),
        origin: z.string().regex(SYSNAME),
        from: z.string().regex(USERID),
        owner: z.string().regex(USERID),
        queue: z.enum(["RDR", "PRT", "PUN"]),
        made: z.enum(["PUN", "PRT"]),
        cls: z.string().regex(SPOOL_CLASS),
        name: SPOOL_NAME_OR_NONE,
        type: SPOOL_NAME_OR_NONE,
        dist: SPOOL_NAME_OR_NONE,
        copies: z.number().int().min(1).max(255),
        hold: z.enum(["NONE", "USER", "SYS", "USYS"]),
        keep: z.boolean(),
        created: z.iso.datetime(),
        // The longest a file's packed records can be, in base64: checked before the content is.
        data: z
          .string()
          .max(Math.ceil((MAX_FILE_BYTES + 4 * MAX_FILE_RECORDS) / 3) * 4)
          .refine(isBase64, "base64 of the packed records"),
      }),
    )
    .max(9999),
});

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
  if (!USERID.test(id)) throw new ApiError(400, "BAD_REQUEST", `User ID ${id} is not 1-8 characters`);
  return id;
}

function vdev(c: Ctx): string {
  const v = c.req.param("vdev")!.toUpperCase();
  if (!/^[0-9A-F]{1,4}$/.test(v)) throw new ApiError(400, "BAD_REQUEST", `Device ${v} is not 1-4 hex digits`);
  return v.padStart(4, "0");
}

function spoolid(c: Ctx): string {
  const id = c.req.param("spoolid")!;
  if (!SPOOLID.test(id)) throw new ApiError(400, "BAD_REQUEST", `Spool id ${id} is not 1-4 digits`);
  return id.padStart(4, "0");
}

function volserOf(c: Ctx): string {
  const v = c.req.param("volser")!.toUpperCase();
  if (!VOLSER.test(v)) throw new ApiError(400, "BAD_REQUEST", `Tape ${v} is not a volser of 1-6 characters`);
  return v;
}

/** `?encoding=base64` asks for records as base64 even when they are text. */
function encodingOf(c: Ctx): RecordEncoding | undefined {
  const e = c.req.query("encoding");
  if (e === undefined) return undefined;
  if (e !== "utf8" && e !== "base64")
    throw new ApiError(400, "BAD_REQUEST", `encoding must be utf8 or base64, not ${e}`);
  return e;
}

/** PUNCH and PRINT: records checked and turned into bytes here, spooled by the node. */
async function writeRoute(c: Ctx, device: "PUN" | "PRT") {
  const n = await nodeOf(c);
  const body = (c.req as unknown as { valid(t: "json"): z.output<typeof writeSchema> }).valid("json");
  const r = recordsToBytes(body.records, body.encoding ?? "utf8");
  if (!r.ok)
    throw new ApiError(
      r.tooLarge ? 413 : 400,
      r.tooLarge ? "FILE_TOO_LARGE" : "BAD_RECORD",
      `records[${r.error.index}] ${r.error.message}`,
    );
  const w = await n.node.write(userid(c), device, r.records, { name: body.name, type: body.type });
  if (!w.ok) {
    if (w.status === 413) throw new ApiError(413, "FILE_TOO_LARGE", w.message);
    refuse(w);
  }
  return c.json({ rc: w.rc, lines: w.lines, spoolid: w.spoolid });
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
  .post("/:plex/systems/:sys/users/:userid/punch", jsonBody(writeSchema), (c) => writeRoute(c, "PUN"))
  .post("/:plex/systems/:sys/users/:userid/print", jsonBody(writeSchema), (c) => writeRoute(c, "PRT"))
  .get("/:plex/systems/:sys/users/:userid/reader/:spoolid", async (c) => {
    const n = await nodeOf(c);
    const r = await n.node.read(userid(c), { spoolid: spoolid(c), open: false, encoding: encodingOf(c) });
    if (!r.ok) refuse(r);
    const { ok: _ok, ...file } = r;
    return c.json(file);
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
      const n = await nodeOf(c);
      const body = c.req.valid("json");
      const r = await n.node.read(userid(c), {
        spoolid: body.spoolid?.padStart(4, "0"),
        open: true,
        encoding: body.encoding,
      });
      if (!r.ok) refuse(r);
      const { ok: _ok, ...file } = r;
      return c.json(file);
    },
  )
  .post(
    "/:plex/systems/:sys/users/:userid/tapes",
    jsonBody(
      z.object({
        vdev: z.string().toUpperCase().regex(HEX_DEVICE),
        volser: z.string().toUpperCase().regex(VOLSER),
      }),
    ),
    async (c) => {
      const n = await nodeOf(c);
      const body = c.req.valid("json");
      const r = await n.node.mountTape(userid(c), body.vdev.padStart(4, "0"), body.volser);
      if ("ok" in r) refuse(r);
      return c.json(r);
    },
  )
  .get("/:plex/tapes", async (c) => {
    const p = await plexOf(c);
    return c.json({ tapes: await p.stub.tapeList() });
  })
  .get("/:plex/tapes/:volser", async (c) => {
    const p = await plexOf(c);
    const tape = await p.stub.tapeExport(volserOf(c));
    if (!tape) throw new ApiError(404, "NOT_FOUND", `No tape ${volserOf(c)} in plex ${p.name}`);
    c.header("Content-Disposition", `attachment; filename="${tape.volser}.spxtape.json"`);
    return c.json(tape);
  })
  .put("/:plex/tapes/:volser", jsonBody(tapeSchema), async (c) => {
    const p = await plexOf(c);
    const volser = volserOf(c);
    const files: { meta: TapeFile; packed: Uint8Array }[] = [];
    let size = 0;
    for (const [i, f] of c.req.valid("json").files.entries()) {
      const { data, ...meta } = f;
      const packed = fromBase64(data);
      const check = checkPacked(packed);
      if (!check.ok) throw new ApiError(400, "BAD_RECORD", `files[${i}].data ${check.message}`);
      if (check.nbytes > MAX_FILE_BYTES || check.nrecs > MAX_FILE_RECORDS)
        throw new ApiError(
          413,
          "FILE_TOO_LARGE",
          `files[${i}] holds ${check.nbytes} bytes in ${check.nrecs} records; a spool file holds at most ${MAX_FILE_BYTES} bytes and ${MAX_FILE_RECORDS} records`,
        );
      size += packed.length;
      if (size > MAX_TAPE_BYTES)
        throw new ApiError(413, "TAPE_TOO_LARGE", `files[${i}] takes the tape past ${MAX_TAPE_BYTES} bytes`);
      files.push({ meta: { ...meta, nrecs: check.nrecs, nbytes: check.nbytes }, packed });
    }
    await p.stub.tapeImport(volser, files, p.tenant);
    return c.json({ volser, files: files.length, bytes: size });
  })
  .delete("/:plex/tapes/:volser", async (c) => {
    const p = await plexOf(c);
    if (!(await p.stub.tapeDelete(volserOf(c))))
      throw new ApiError(404, "NOT_FOUND", `No tape ${volserOf(c)} in plex ${p.name}`);
    return c.body(null, 204);
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
