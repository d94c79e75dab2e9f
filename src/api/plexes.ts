import { Hono } from "hono";
import { z } from "zod";
import { objectName } from "../plex/names";
import { isRefusal } from "../refusal";
import { checkPacked, fromBase64, MAX_FILE_BYTES, MAX_FILE_RECORDS } from "../spool/records";
import { MAX_TAPE_BYTES, type TapeFile } from "../spool/spxtape";
import { requireTenant, type AuthVars } from "./auth";
import { jsonBody } from "./body";
import { doc } from "./openapi";
import { answerOrThrow, ApiError, fromRefusal } from "./errors";
import { plexName, plexOf, sysname, tapeVolser, userid, vdev } from "./params";
import { quoted } from "../text/names";
import { systems } from "./systems";
import { consoleRoutes } from "./console";
import {
  createSchema,
  ctcsSchema,
  dasdSchema,
  filesSchema,
  programsSchema,
  systemConfigSchema,
  tapeSchema,
} from "./schemas";
import { cmsFileName } from "../plex/files";

/** How old a plex name with no plex behind it must be before DELETE frees it (a create takes far less). */
const STALE_NAME_MS = 60_000;

/** Plex routes: create, list, topology, delete, directory and config, volumes and tapes; and the systems' routes. */

/** The CMS file (FN FT) a route's path names, or a 404 that says what one is. */
function cmsFileOf(c: { req: { param(name: string): string } }): { fn: string; ft: string } {
  const file = cmsFileName(`${c.req.param("fn")} ${c.req.param("ft")}`);
  if (!file) throw new ApiError(404, "NOT_FOUND", "A CMS file is FN FT, each 1-8 characters");
  return file;
}
/** What each plex route does and may refuse, for the OpenAPI document (src/api/openapi.ts). */
const d = {
  create: doc({
    summary: "Create a plex from SYSTEM CONFIG, the directory and the DASD inventory",
    tag: "Plexes",
    status: 201,
    errors: [409, 413, 422],
  }),
  list: doc({ summary: "List the tenant's plexes", tag: "Plexes" }),
  topology: doc({
    summary: "A plex's systems, volumes and CTCs (or its deletion under way)",
    tag: "Plexes",
    errors: [404],
  }),
  remove: doc({
    summary: "Delete a plex and everything in it (202 while it continues)",
    tag: "Plexes",
    status: 204,
    errors: [404, 409],
  }),
  directory: doc({
    summary: "Replace the source directory (USER DIRECT)",
    tag: "Plexes",
    errors: [404, 409, 413, 422],
  }),
  directoryVersions: doc({
    summary: "The source directory's version and each system's object directory: how far behind, and why",
    tag: "Plexes",
    errors: [404],
  }),
  config: doc({
    summary: "Replace SYSTEM CONFIG, the DASD inventory and CTCs",
    tag: "Plexes",
    errors: [404, 409, 413, 422],
  }),
  programs: doc({ summary: "Which user runs which service machine's program", tag: "Plexes", errors: [404] }),
  setPrograms: doc({
    summary: "Set which user runs which program (read at each IPL)",
    tag: "Plexes",
    errors: [404],
  }),
  files: doc({ summary: "Put CMS files on minidisks", tag: "Plexes", errors: [404, 409, 413, 422] }),
  minidiskFiles: doc({ summary: "List the CMS files on a minidisk", tag: "Plexes", errors: [400, 404, 409] }),
  readFile: doc({
    summary: "Read a CMS file on a minidisk",
    tag: "Plexes",
    errors: [400, 404, 409],
    content: "text",
  }),
  eraseFile: doc({
    summary: "Erase a CMS file on a minidisk",
    tag: "Plexes",
    status: 204,
    errors: [400, 404, 409],
  }),
  network: doc({
    summary: "The plex's PVM and RSCS network as its files define it",
    tag: "Plexes",
    errors: [404],
  }),
  tapes: doc({ summary: "List the plex's SPXTAPE tapes", tag: "Plexes", errors: [404] }),
  exportTape: doc({
    summary: "Download an SPXTAPE tape (cseplex-spxtape JSON)",
    tag: "Plexes",
    errors: [400, 404],
  }),
  importTape: doc({ summary: "Upload an SPXTAPE tape", tag: "Plexes", errors: [404, 409, 413] }),
  deleteTape: doc({ summary: "Delete a tape", tag: "Plexes", status: 204, errors: [400, 404, 409] }),
  volume: doc({
    summary: "A volume: label, CSE area, links and reserves, with warnings",
    tag: "Plexes",
    errors: [404],
  }),
};
export const plexes = new Hono<{ Bindings: Env; Variables: AuthVars }>()
  .use("*", requireTenant)
  .post("/", d.create, jsonBody(createSchema), async (c) => {
    const tenant = c.get("tenant");
    const body = c.req.valid("json");
    const name = body.name.toLowerCase();
    const tenantStub = c.env.TENANT.getByName(tenant);
    const { overrides } = answerOrThrow(await tenantStub.addPlex(name));
    try {
      const created = await c.env.PLEX.getByName(objectName(tenant, name)).create(
        tenant,
        name,
        body,
        overrides,
      );
      if (isRefusal(created)) {
        await tenantStub.removePlex(name);
        throw fromRefusal(created);
      }
      return c.json(created.topology, 201);
    } catch (e) {
      if (!(e instanceof ApiError)) await tenantStub.removePlex(name);
      throw e;
    }
  })
  .get("/", d.list, async (c) =>
    c.json({ plexes: await c.env.TENANT.getByName(c.get("tenant")).listPlexes() }),
  )
  .get("/:plex", d.topology, async (c) => {
    const p = plexName(c);
    const stub = c.env.PLEX.getByName(objectName(p.tenant, p.name));
    const topology = await stub.topology();
    if (topology) return c.json(topology);
    // A plex whose deletion continues from its alarm says so until it is gone.
    const remaining = await stub.deletingRemaining();
    if (remaining !== undefined) return c.json({ name: p.name, state: "deleting", remaining });
    throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
  })
  .delete("/:plex", d.remove, async (c) => {
    const p = plexName(c);
    const stub = c.env.PLEX.getByName(objectName(p.tenant, p.name));
    if (!(await stub.exists()) && (await stub.deletingRemaining()) === undefined) {
      // A name the tenant holds with no plex behind it (a crash between the two objects' writes)
      // is freed here, so it can be used again; a young one may be a create under way.
      const released = await c.env.TENANT.getByName(p.tenant).releaseStale(p.name, STALE_NAME_MS);
      if (released === "absent") throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
      if (released === "young")
        throw new ApiError(409, "PLEX_CREATING", `Plex ${p.name} is being created; try again`);
      return c.body(null, 204);
    }
    // The Plex frees the name in the Tenant once everything is gone (now, or from its alarm).
    const state = await stub.destroy();
    if (state.done) return c.body(null, 204);
    return c.json({ name: p.name, state: "deleting", remaining: state.remaining }, 202);
  })
  .put("/:plex/directory", d.directory, jsonBody(z.object({ directory: z.string() })), async (c) => {
    const p = await plexOf(c);
    return c.json(answerOrThrow(await p.stub.setDirectory(c.req.valid("json").directory)));
  })
  .get("/:plex/directory", d.directoryVersions, async (c) => {
    // One object call: the Plex answers null when it does not exist.
    const p = plexName(c);
    const report = await c.env.PLEX.getByName(objectName(p.tenant, p.name)).directoryReport();
    if (!report) throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
    return c.json(report);
  })
  .put(
    "/:plex/config",
    d.config,
    jsonBody(
      z.object({
        systemConfig: systemConfigSchema,
        dasd: dasdSchema.optional(),
        ctcs: ctcsSchema.optional(),
      }),
    ),
    async (c) => {
      const p = await plexOf(c);
      const body = c.req.valid("json");
      return c.json(answerOrThrow(await p.stub.setConfig(body.systemConfig, body.dasd, body.ctcs)));
    },
  )
  .get("/:plex/programs", d.programs, async (c) => {
    // One object call: the Plex answers undefined when it does not exist.
    const p = plexName(c);
    const programs = await c.env.PLEX.getByName(objectName(p.tenant, p.name)).programs();
    if (!programs) throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
    return c.json({ programs });
  })
  // Which user runs which service machine's program (src/cms/programs.ts); each system reads it at its next IPL.
  .put("/:plex/programs", d.setPrograms, jsonBody(z.object({ programs: programsSchema })), async (c) => {
    const p = await plexOf(c);
    return c.json(answerOrThrow(await p.stub.setPrograms(c.req.valid("json").programs)));
  })
  .put("/:plex/files", d.files, jsonBody(z.object({ files: filesSchema })), async (c) => {
    const p = await plexOf(c);
    const { ok: _ok, ...stored } = answerOrThrow(await p.stub.putFiles(c.req.valid("json").files));
    return c.json(stored);
  })
  .get("/:plex/systems/:sys/users/:userid/minidisks/:vdev/files", d.minidiskFiles, async (c) => {
    const p = plexName(c);
    const stub = c.env.PLEX.getByName(objectName(p.tenant, p.name));
    const listed = answerOrThrow(await stub.minidiskFiles(sysname(c), userid(c), vdev(c)));
    return c.json({ files: listed.files });
  })
  .get("/:plex/systems/:sys/users/:userid/minidisks/:vdev/files/:fn/:ft", d.readFile, async (c) => {
    const p = plexName(c);
    const file = cmsFileOf(c);
    const stub = c.env.PLEX.getByName(objectName(p.tenant, p.name));
    const read = answerOrThrow(await stub.readFile(sysname(c), userid(c), vdev(c), file.fn, file.ft));
    return c.text(read.text);
  })
  .delete("/:plex/systems/:sys/users/:userid/minidisks/:vdev/files/:fn/:ft", d.eraseFile, async (c) => {
    const p = plexName(c);
    const file = cmsFileOf(c);
    const stub = c.env.PLEX.getByName(objectName(p.tenant, p.name));
    answerOrThrow(await stub.eraseFile(sysname(c), userid(c), vdev(c), file.fn, file.ft));
    return c.body(null, 204);
  })
  .get("/:plex/network", d.network, async (c) => {
    // One object call: the Plex answers null when it does not exist.
    const p = plexName(c);
    const network = await c.env.PLEX.getByName(objectName(p.tenant, p.name)).network();
    if (!network) throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
    return c.json(network);
  })
  .get("/:plex/tapes", d.tapes, async (c) => {
    const p = await plexOf(c);
    return c.json({ tapes: await p.stub.tapeList() });
  })
  .get("/:plex/tapes/:volser", d.exportTape, async (c) => {
    const p = await plexOf(c);
    const tape = await p.stub.tapeExport(tapeVolser(c));
    if (!tape) throw new ApiError(404, "NOT_FOUND", `No tape ${tapeVolser(c)} in plex ${p.name}`);
    c.header("Content-Disposition", `attachment; filename="${tape.volser}.spxtape.json"`);
    return c.json(tape);
  })
  .put("/:plex/tapes/:volser", d.importTape, jsonBody(tapeSchema), async (c) => {
    const p = await plexOf(c);
    const volser = tapeVolser(c);
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
    answerOrThrow(await p.stub.tapeImport(volser, files, p.tenant));
    return c.json({ volser, files: files.length, bytes: size });
  })
  .delete("/:plex/tapes/:volser", d.deleteTape, async (c) => {
    const p = await plexOf(c);
    if (!(await p.stub.tapeDelete(tapeVolser(c))))
      throw new ApiError(404, "NOT_FOUND", `No tape ${tapeVolser(c)} in plex ${p.name}`);
    return c.body(null, 204);
  })
  .get("/:plex/volumes/:volser", d.volume, async (c) => {
    const p = await plexOf(c);
    const view = await p.stub.volumeView(c.req.param("volser").toUpperCase());
    if (!view)
      throw new ApiError(
        404,
        "NOT_FOUND",
        `No volume ${quoted(c.req.param("volser").toUpperCase())} in plex ${p.name}`,
      );
    return c.json(view);
  })
  .route("/", systems)
  .route("/", consoleRoutes);
