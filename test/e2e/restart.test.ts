import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const ADMIN = "e2e-admin-token";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Starts `wrangler dev` on its own process group with state kept in `persist`. */
async function startWrangler(persist: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    join(root, "node_modules/.bin/wrangler"),
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persist,
      "--var",
      `ADMIN_TOKEN:${ADMIN}`,
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: root,
      detached: true,
      stdio: "ignore",
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    },
  );
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/v1/health`)).ok) return child;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop(child);
  throw new Error("wrangler dev did not start");
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
      resolve();
    }, 5000);
  });
}

describe("wrangler dev with state on disk", () => {
  const persist = mkdtempSync(join(tmpdir(), "cseplex-e2e-"));
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child) await stop(child);
    rmSync(persist, { recursive: true, force: true });
  });

  it("keeps links, flags and logged-on users across a restart", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = await startWrangler(persist, port);
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
    const before = await (
      await fetch(`${base}/v1/plexes/ltic/volumes/VMPCOM`, { headers: { Authorization: `Bearer ${T}` } })
    ).json();

    await stop(child);
    child = await startWrangler(persist, port);

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
  }, 120_000);
});
