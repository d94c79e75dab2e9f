// Profiles the Worker and its Durable Objects inside `wrangler dev` (workerd) while creating and
// IPLing the LTIC plex: connects to workerd's V8 inspector, records a CPU profile, and prints the
// functions with the most self time. `npx tsx scripts/profile-workerd.ts [rounds]`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { apiClient, fastTenant, freePort, startWranglerDev } from "./wrangler-dev";

const root = new URL("../", import.meta.url).pathname;
const rounds = Number(process.argv[2] ?? 3);
/** `create` profiles create + IPL of LTIC; `cp` profiles QUERY USERID, the hot path of a CP command. */
const mode = process.argv[3] ?? "create";
const inspector = await freePort();
const persist = mkdtempSync(join(tmpdir(), "cseplex-prof-"));
const server = await startWranglerDev(root, persist, "prof", undefined, [
  "--inspector-port",
  String(inspector),
]);
try {
  const targets = (await (await fetch(`http://127.0.0.1:${inspector}/json`)).json()) as {
    webSocketDebuggerUrl: string;
    title: string;
  }[];
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl, {
    headers: { Origin: "https://devtools.devprod.cloudflare.dev" },
  });
  await new Promise((r, reject) => {
    ws.once("open", r);
    ws.once("error", reject);
  });
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  ws.on("message", (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  const req = apiClient(server.base);
  // Rounds run back to back: the tenant's rate is raised so they measure the plex, not 429s.
  const T = await fastTenant(server.base, "prof", "prof");
  const plex = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8"));
  const SYSTEMS = ["LTICVM1", "LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"];
  if (mode === "cp") {
    await req("/v1/plexes", T, { ...plex, name: "cp" });
    await req("/v1/plexes/cp/systems/LTICVM1/ipl", T, {});
    await req("/v1/plexes/cp/systems/LTICVM1/users/MAINT/logon", T, { password: "LTICMNT" });
  }
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  for (let r = 0; r < rounds; r++) {
    if (mode === "cp") {
      await req("/v1/plexes/cp/systems/LTICVM1/users/MAINT/cp", T, { command: "QUERY USERID" });
      continue;
    }
    await req("/v1/plexes", T, { ...plex, name: `p${r}` });
    await Promise.all(SYSTEMS.map((s) => req(`/v1/plexes/p${r}/systems/${s}/ipl`, T, {})));
  }
  const { profile } = (await send("Profiler.stop")) as {
    profile: {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  writeFileSync(join(tmpdir(), "cseplex-workerd.cpuprofile"), JSON.stringify(profile));
  const self = new Map<number, number>();
  profile.samples.forEach((n, i) => self.set(n, (self.get(n) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const t = (self.get(node.id) ?? 0) / 1000;
    total += t;
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
  }
  console.log(`total sampled ${total.toFixed(0)} ms over ${rounds} rounds of ${mode}`);
  for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${t.toFixed(1).padStart(8)} ms  ${k}`);
  ws.close();
} finally {
  await server.stop();
  rmSync(persist, { recursive: true, force: true });
}
