import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startWranglerDev, type DevServer } from "../../scripts/wrangler-dev";

const root = new URL("../../", import.meta.url).pathname;
const ADMIN = "e2e-admin-token";

describe("wrangler dev with state on disk", () => {
  const persist = mkdtempSync(join(tmpdir(), "cseplex-e2e-"));
  let server: DevServer | undefined;
  afterAll(async () => {
    if (server) await server.stop();
    rmSync(persist, { recursive: true, force: true });
  });

  it("keeps links, flags, logged-on users, spool files, open reader files and tapes across a restart", async () => {
    server = await startWranglerDev(root, persist, ADMIN);
    const base = server.base;
    const port = Number(new URL(base).port);
    const post = async (path: string, body: unknown, token?: string) => {
      const r = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token ?? ADMIN}` },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const { body: tenant } = await post("/v1/tenants", { name: "e2e" });
    const T = tenant.token as string;
    const plex = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8"));
    expect((await post("/v1/plexes", plex, T)).status).toBe(201);
    const B = "/v1/plexes/ltic/systems";
    for (const s of ["LTICVM1", "LTICVM2"]) expect((await post(`${B}/${s}/ipl`, {}, T)).status).toBe(200);
    const cp = async (s: string, u: string, command: string) =>
      (await post(`${B}/${s}/users/${u}/cp`, { command }, T)).body as { rc: number; lines: string[] };
    expect((await post(`${B}/LTICVM1/users/MAINT/logon`, { password: "LTICMNT" }, T)).body.rc).toBe(0);
    expect((await cp("LTICVM1", "MAINT", "ATTACH 5700 TO * AS 0300")).rc).toBe(0);
    expect((await cp("LTICVM1", "MAINT", "XLINK FORMAT 0300 VMPCOM")).rc).toBe(0);
    expect((await cp("LTICVM1", "MAINT", "DETACH 0300")).rc).toBe(0);
    expect((await post(`${B}/LTICVM2/users/MAINT/logon`, { password: "LTICMNT" }, T)).body.rc).toBe(0);
    for (const s of ["LTICVM1", "LTICVM2"]) expect((await cp(s, "MAINT", "ATTACH 5700 SYSTEM")).rc).toBe(0);
    expect((await cp("LTICVM1", "MAINT", "LINK DIRMAINT 15D 15D M MDIRM")).rc).toBe(0);
    // The spool: a binary file in a reader, one open (locked) on LTICVM1's reader, and a dumped tape.
    expect((await cp("LTICVM1", "MAINT", "SPOOL PUNCH * RDR")).rc).toBe(0);
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString("base64");
    const punched = await post(
      `${B}/LTICVM1/users/MAINT/punch`,
      { records: [bytes, ""], encoding: "base64" },
      T,
    );
    const spoolid = punched.body.spoolid as string;
    expect((await post(`${B}/LTICVM1/users/MAINT/reader/open`, { spoolid }, T)).status).toBe(200);
    expect((await post(`${B}/LTICVM1/users/MAINT/tapes`, { vdev: "181", volser: "E2E001" }, T)).status).toBe(
      200,
    );
    expect((await cp("LTICVM1", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL")).rc).toBe(0);
    const tapeBefore = await (
      await fetch(`${base}/v1/plexes/ltic/tapes/E2E001`, { headers: { Authorization: `Bearer ${T}` } })
    ).json();
    const before = await (
      await fetch(`${base}/v1/plexes/ltic/volumes/VMPCOM`, { headers: { Authorization: `Bearer ${T}` } })
    ).json();

    await server.stop();
    server = await startWranglerDev(root, persist, ADMIN, port);

    const after = await (
      await fetch(`${base}/v1/plexes/ltic/volumes/VMPCOM`, { headers: { Authorization: `Bearer ${T}` } })
    ).json();
    expect(after).toEqual(before);
    expect((after as { flags: unknown[] }).flags).toContainEqual(
      expect.objectContaining({ system: "LTICVM1", mode: "W" }),
    );
    const names = await cp("LTICVM2", "MAINT", "QUERY NAMES AT LTICVM1");
    expect(names.lines.join(" ")).toContain("MAINT");
    const denied = await cp("LTICVM2", "MAINT", "LINK DIRMAINT 15D 15D M MDIRM");
    expect(denied.rc).toBe(105);
    expect(denied.lines[0]).toContain("R/W by LTICVM1");
    const read = await fetch(`${base}${B}/LTICVM1/users/MAINT/reader/${spoolid}`, {
      headers: { Authorization: `Bearer ${T}` },
    });
    expect(await read.json()).toMatchObject({ spoolid, encoding: "base64", records: [bytes, ""] });
    // Still open on LTICVM1's reader after the restart: CLOSE READER finds it and purges it (NOKEEP).
    expect((await cp("LTICVM1", "MAINT", "CLOSE READER")).rc).toBe(0);
    expect((await cp("LTICVM1", "MAINT", "Q RDR")).lines).toEqual(["NO RDR FILES"]);
    const tapeAfter = await (
      await fetch(`${base}/v1/plexes/ltic/tapes/E2E001`, { headers: { Authorization: `Bearer ${T}` } })
    ).json();
    expect(tapeAfter).toEqual(tapeBefore);
  }, 120_000);
});
