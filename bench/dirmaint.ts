// npm run bench (DirMaint part, #12): a DIRM change on LTICVM1 until every satellite has placed it
// online on its system, against six sequential no-op calls (one to each system's node) in the
// same run, over real HTTP on `wrangler dev`.
import { pct, timed } from "./measure";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, fastTenant, startWranglerDev } from "../scripts/wrangler-dev";

const root = new URL("../", import.meta.url).pathname;
const ADMIN = "bench-admin-token";
const ROUNDS = 40;
const SYSTEMS = ["LTICVM1", "LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"];
const SATELLITES = ["LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"].map((s) => [
  s,
  `DIRMSAT${s.slice(-1)}`,
]);

const ms = (x: number) => `${x.toFixed(1)} ms`;

const persist = mkdtempSync(join(tmpdir(), "cseplex-bench-dirm-"));
const server = await startWranglerDev(root, persist, ADMIN);
try {
  const req = apiClient(server.base);
  const T = await fastTenant(server.base, ADMIN, "bench");
  const plex = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8"));
  await req("/v1/plexes", T, { ...plex, name: "ltic" });
  const B = "/v1/plexes/ltic/systems";
  const run = async (kind: "cp" | "cms", s: string, command: string) => {
    const a = (await req(`${B}/${s}/users/MAINT/${kind}`, T, { command })) as { rc: number; lines: string[] };
    if (a.rc !== 0) throw new Error(`${s} ${command}: ${a.lines.join(" ")}`);
    return a;
  };
  for (const s of SYSTEMS) await req(`${B}/${s}/ipl`, T, {});
  for (const s of SYSTEMS) await req(`${B}/${s}/users/MAINT/logon`, T, { password: "LTICMNT" });
  for (const c of ["ATTACH 5700 TO * AS 0300", "XLINK FORMAT 0300 VMPCOM", "DETACH 0300"])
    await run("cp", "LTICVM1", c);
  for (const s of SYSTEMS) await run("cp", s, "ATTACH 5700 SYSTEM");
  await run("cp", "LTICVM1", "XAUTOLOG DIRMAINT");
  for (const [s, sat] of SATELLITES) await run("cp", s, `XAUTOLOG ${sat}`);

  type Report = { source: { version: number }; systems: { behind: number }[] };
  // One change: AMDISK, then DMDISK of the same minidisk, so the source does not grow. Done when
  // GET /directory shows no system behind (DIRMAINT sends over RSCS within the request here).
  const change = async (i: number) => {
    await run(
      "cms",
      "LTICVM1",
      i % 2 === 0 ? "DIRM FOR TCPIP AMDISK 0193 3390 3200 10 VMPCOM MR" : "DIRM FOR TCPIP DMDISK 0193",
    );
    for (;;) {
      const d = (await req("/v1/plexes/ltic/directory", T)) as unknown as Report;
      if (d.systems.every((s) => s.behind === 0)) return;
    }
  };
  const noOps = () =>
    (async () => {
      for (const s of SYSTEMS) await req(`${B}/${s}/hops`, T);
    })();
  for (let i = 0; i < 4; i++) (await change(i), await noOps());
  const changes: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    changes.push(await timed(() => change(i)));
    base.push(await timed(noOps));
  }
  const [c50, b50] = [pct(changes, 50), pct(base, 50)];
  console.log(
    `DIRM change until all 6 systems have it p50 ${ms(c50)}, p99 ${ms(pct(changes, 99))}; ` +
      `six sequential no-op node calls p50 ${ms(b50)} -> ${(c50 / b50).toFixed(2)}x`,
  );
} finally {
  await server.stop();
  rmSync(persist, { recursive: true, force: true });
}
