import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** A free TCP port on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * True while a process of group `pgid` still runs. Zombies do not count: killed processes whose
 * parent died wait for PID 1 to reap them, which a container may do late. Without /proc (not
 * Linux), any process of the group counts.
 */
function groupRunning(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (!existsSync("/proc/self/stat")) return true;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // After "pid (comm) ": state, ppid, pgrp, ...
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/** A running `wrangler dev` (workerd) on its own process group. */
export interface DevServer {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** SIGKILL to wrangler and workerd at once, as a crash: nothing is flushed or closed. Resolves once they are gone. */
  kill(): Promise<void>;
}

/** Starts `wrangler dev` from `root` with state in `persist` and the given admin token; waits for /v1/health. */
export async function startWranglerDev(
  root: string,
  persist: string,
  adminToken: string,
  port?: number,
  /** More arguments for `wrangler dev` (e.g. `--inspector-port N`). */
  extraArgs: readonly string[] = [],
): Promise<DevServer> {
  const p = port ?? (await freePort());
  // Run wrangler's CLI on this very Node (22 under npm), whatever `node` is first on PATH.
  const child = spawn(
    process.execPath,
    [
      join(root, "node_modules/wrangler/bin/wrangler.js"),
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(p),
      "--persist-to",
      persist,
      "--var",
      `ADMIN_TOKEN:${adminToken}`,
      "--show-interactive-dev-session=false",
      ...extraArgs,
    ],
    {
      cwd: root,
      detached: true,
      stdio: "ignore",
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
        resolve();
      }, 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  const kill = async () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      return; // already gone
    }
    // Until no process of the group runs (workerd is wrangler's child, in the same group).
    for (let i = 0; i < 100 && groupRunning(child.pid!); i++) await new Promise((r) => setTimeout(r, 20));
  };
  const base = `http://127.0.0.1:${p}`;
  for (let i = 0; i < 480; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${base}/v1/health`)).ok) return { base, child, stop, kill };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error("wrangler dev did not start");
}

/** A JSON client of the API on a running server: GET without a body, POST with one; throws on 4xx and 5xx. */
export function apiClient(base: string) {
  return async (path: string, token: string, body?: unknown): Promise<Record<string, unknown>> => {
    const r = await fetch(`${base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (r.status >= 400) throw new Error(`${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/**
 * A tenant for a benchmark or profile on a running server, its rate raised so that back-to-back
 * requests measure the plex, not 429s (the limiter stays in the path). Answers its token.
 */
export async function fastTenant(base: string, admin: string, name: string): Promise<string> {
  const token = (await apiClient(base)("/v1/tenants", admin, { name })).token as string;
  const raised = await fetch(`${base}/v1/tenants/${name}`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${admin}` },
    body: JSON.stringify({ limits: { requestsPerSecond: 10_000, burst: 20_000 } }),
  });
  if (raised.status !== 200)
    throw new Error(`PATCH /v1/tenants/${name}: ${raised.status} ${await raised.text()}`);
  return token;
}
