// npm run bench (part 2): the plex runtime through real HTTP on `wrangler dev` (workerd), each number
// printed beside a baseline measured in the same run, so ratios compare across machines.
import { pct, timed } from "./measure";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, fastTenant, startWranglerDev } from "../scripts/wrangler-dev";

const root = new URL("../", import.meta.url).pathname;
const ADMIN = "bench-admin-token";
const ROUNDS = 200;

const ms = (x: number) => `${x.toFixed(2)} ms`;

const persist = mkdtempSync(join(tmpdir(), "cseplex-bench-"));
const server = await startWranglerDev(root, persist, ADMIN);
try {
  const req = apiClient(server.base);
  // The rate limiter stays in the path (#10: the hop ratio is measured with it); the bench tenant's
  // rate is raised so that the bursts below measure the plex, not 429s.
  const T = await fastTenant(server.base, ADMIN, "bench");
  const plex = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8"));
  const SYSTEMS = ["LTICVM1", "LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"];

  // 1. Create + IPL the six-system LTIC plex, against linting the same input (the same parsing, no
  // objects). Three plexes, the median one counts (one run swings with the machine); "ltic" is last.
  // The goal (issue 9: <= 4x) is in the measure: the fastest of 3 lints at once in the
  // fresh isolate, which compiles the parser on the way and shares one thread, so it is 4-6 times a
  // warm lint and swings with the machine. Like for like, a warm lint (the median of 7 after 3
  // unmeasured, as the creates run warm) is printed beside it (docs/directory-speed.md).
  const lintMs = Math.min(...(await Promise.all([0, 1, 2].map(() => timed(() => req("/v1/lint", T, plex))))));
  const lints: number[] = [];
  for (let i = 0; i < 10; i++) lints.push(await timed(() => req("/v1/lint", T, plex)));
  const warmLintMs = pct(lints.slice(3), 50);
  const runs: { create: number; ipl: number }[] = [];
  for (const name of ["ltic-a", "ltic-b", "ltic"]) {
    const create = await timed(() => req("/v1/plexes", T, { ...plex, name }));
    const ipl = await timed(() =>
      Promise.all(SYSTEMS.map((s) => req(`/v1/plexes/${name}/systems/${s}/ipl`, T, {}))),
    );
    runs.push({ create, ipl });
  }
  const median = [...runs].sort((a, b) => a.create + a.ipl - (b.create + b.ipl))[1];
  const createMs = median.create + median.ipl;
  console.log(
    `create + IPL of the 6-system LTIC plex: median of 3 ${ms(createMs)} (create ${ms(median.create)}, IPL ${ms(median.ipl)}) = ` +
      `${(createMs / lintMs).toFixed(1)}x one lint of it (${ms(lintMs)}, cold) (goal <= 4x)` +
      `${createMs / lintMs <= 4 ? "" : " - not met"}; target < 1000 ms; ` +
      `like for like ${(createMs / warmLintMs).toFixed(1)}x a warm lint (${ms(warmLintMs)})`,
  );

  // Set up: VMPCOM formatted and given to SYSTEM everywhere; MAINT on every system; LTICVM1 holds a read link.
  const B = "/v1/plexes/ltic/systems";
  const cp = async (s: string, command: string) => {
    const a = (await req(`${B}/${s}/users/MAINT/cp`, T, { command })) as { rc: number; lines: string[] };
    if (a.rc !== 0) throw new Error(`${s} ${command}: ${a.lines.join(" ")}`);
    return a;
  };
  for (const s of SYSTEMS)
    await req(`${B}/${s}/users/MAINT/logon`, T, { password: "LTICMNT" }).catch(() => undefined);
  await cp("LTICVM1", "ATTACH 5700 TO * AS 0300");
  await cp("LTICVM1", "XLINK FORMAT 0300 VMPCOM");
  await cp("LTICVM1", "DETACH 0300");
  for (const s of SYSTEMS) await cp(s, "ATTACH 5700 SYSTEM");
  await cp("LTICVM1", "LINK DIRMAINT 155 0F55 RR");

  // 1b. The hot path: a CP command that needs no other object (QUERY USERID) against GET /v1/health,
  // which reaches no object at all; between them, the node with no work (the hops route without a
  // volume), which splits the difference into the object hop and the node's own work. Interleaved.
  const health = () => fetch(`${server.base}/v1/health`).then((r) => r.json());
  const userid = () => cp("LTICVM1", "QUERY USERID");
  const nodeOnly = () => req(`${B}/LTICVM1/hops`, T);
  for (let i = 0; i < 20; i++) await Promise.all([health(), userid(), nodeOnly()]);
  const healthLat: number[] = [];
  const useridLat: number[] = [];
  const nodeLat: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    healthLat.push(await timed(health));
    useridLat.push(await timed(userid));
    nodeLat.push(await timed(nodeOnly));
  }
  const [h50, u50, n50] = [pct(healthLat, 50), pct(useridLat, 50), pct(nodeLat, 50)];
  console.log(
    `QUERY USERID p50 ${ms(u50)} against GET /v1/health p50 ${ms(h50)} -> ${(u50 / h50).toFixed(2)}x (goal <= 1.5x); ` +
      `the node with no work p50 ${ms(n50)}: ${ms(n50 - h50)} for the hop, ${ms(u50 - n50)} for the command and its console line`,
  );

  // 2. A cross-system LINK + DETACH, against the baseline route with the same object hops and no work.
  const hops = () => req(`${B}/LTICVM2/hops?volume=VMPCOM`, T);
  for (let i = 0; i < 20; i++) await hops();
  const base: number[] = [];
  const pair: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push(await timed(async () => (await hops(), await hops())));
    pair.push(
      await timed(
        async () => (
          await cp("LTICVM2", "LINK DIRMAINT 155 0F55 M MDIRM"),
          await cp("LTICVM2", "DETACH 0F55")
        ),
      ),
    );
  }
  const p50 = pct(pair, 50);
  const b50 = pct(base, 50);
  console.log(
    `cross-system LINK + DETACH p50 ${ms(p50)}, p99 ${ms(pct(pair, 99))}; baseline (2 hops requests) p50 ${ms(b50)} -> ${(p50 / b50).toFixed(2)}x (target <= 2x); ` +
      `${(p50 / (2 * h50)).toFixed(2)}x two GET /v1/health`,
  );

  // 3. Four systems linking R to one minidisk at once, against four systems calling the baseline at once.
  const FOUR = ["LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7"];
  const burst = async (op: (s: string, i: number) => Promise<unknown>) => {
    const lat: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      FOUR.map(async (s) => {
        for (let i = 0; i < ROUNDS / 4; i++) lat.push(await timed(() => op(s, i)));
      }),
    );
    return { lat, perSecond: (FOUR.length * (ROUNDS / 4)) / ((performance.now() - t0) / 1000) };
  };
  const baseBurst = await burst((s) => req(`${B}/${s}/hops?volume=VMPCOM`, T));
  const linkBurst = await burst(async (s, i) => {
    const vdev = (0x1000 + i).toString(16).toUpperCase();
    await cp(s, `LINK DIRMAINT 155 ${vdev} RR`);
  });
  console.log(
    `4 systems linking R to one minidisk at once: ${linkBurst.perSecond.toFixed(0)} links/s, p99 ${ms(pct(linkBurst.lat, 99))}; ` +
      `baseline ${baseBurst.perSecond.toFixed(0)} req/s, p99 ${ms(pct(baseBurst.lat, 99))} -> throughput ${(linkBurst.perSecond / baseBurst.perSecond).toFixed(2)}x, p99 ${(pct(linkBurst.lat, 99) / pct(baseBurst.lat, 99)).toFixed(2)}x`,
  );

  // 4. RESERVE + write + RELEASE round trips on one dedicated volume, against three baseline requests.
  await cp("LTICVM1", "XAUTOLOG RACFVM");
  const D = `${B}/LTICVM1/users/RACFVM/devices/0200`;
  const rounds: number[] = [];
  const baseRounds: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++)
    rounds.push(
      await timed(async () => {
        await req(`${D}/reserve`, T, { wait: true });
        await req(`${D}/write`, T, { records: [{ n: i % 10, data: `record ${i}` }] });
        await req(`${D}/release`, T, {});
      }),
    );
  const perSecond = ROUNDS / ((performance.now() - t0) / 1000);
  const b0 = performance.now();
  for (let i = 0; i < ROUNDS; i++)
    baseRounds.push(await timed(async () => (await hops(), await hops(), await hops())));
  const basePerSecond = ROUNDS / ((performance.now() - b0) / 1000);
  console.log(
    `RESERVE + write + RELEASE: ${perSecond.toFixed(0)} round trips/s, p50 ${ms(pct(rounds, 50))}; ` +
      `baseline (3 hops requests) ${basePerSecond.toFixed(0)}/s, p50 ${ms(pct(baseRounds, 50))} -> ${(perSecond / basePerSecond).toFixed(2)}x`,
  );

  // 5. Cross-system MSG, against the baseline; and a 1 MiB spool file punched and read back, against
  // the same bytes sent through the Worker to the node and refused there (no spool work).
  await cp("LTICVM2", "SET MSG ON");
  const msgLat: number[] = [];
  const m0 = performance.now();
  for (let i = 0; i < ROUNDS; i++)
    msgLat.push(await timed(() => cp("LTICVM1", `MSG MAINT AT LTICVM2 message ${i}`)));
  const msgPerSecond = ROUNDS / ((performance.now() - m0) / 1000);
  console.log(
    `cross-system MSG: ${msgPerSecond.toFixed(0)}/s, p50 ${ms(pct(msgLat, 50))}, p99 ${ms(pct(msgLat, 99))}; ` +
      `baseline p50 ${ms(pct(base, 50) / 2)} -> ${(pct(msgLat, 50) / (pct(base, 50) / 2)).toFixed(2)}x; ${(pct(msgLat, 50) / h50).toFixed(2)}x GET /v1/health`,
  );
  // 1 MiB exactly: 13,107 card images of 80 bytes and one of 16, as base64 (any byte content).
  const card = (i: number) =>
    Buffer.from(`${String(i).padStart(8, "0")} ${"X".repeat(71)}`).toString("base64");
  const records = [
    ...Array.from({ length: 13_107 }, (_, i) => card(i)),
    Buffer.alloc(16, 0xc1).toString("base64"),
  ];
  const bytes = 13_107 * 80 + 16;
  await cp("LTICVM1", "SPOOL PUNCH * RDR");
  const fileRounds = 5;
  const punch: number[] = [];
  const read: number[] = [];
  const refused: number[] = [];
  for (let i = 0; i < fileRounds; i++) {
    let spoolid = "";
    punch.push(
      await timed(async () => {
        const r = await req(`${B}/LTICVM1/users/MAINT/punch`, T, { records, encoding: "base64" });
        spoolid = (r as { spoolid: string }).spoolid;
      }),
    );
    read.push(await timed(() => req(`${B}/LTICVM1/users/MAINT/reader/${spoolid}?encoding=base64`, T)));
    await cp("LTICVM1", `PURGE RDR ${spoolid}`);
    // Baseline: a user that is not logged on; the node refuses the same bytes with 409.
    refused.push(
      await timed(() =>
        fetch(`${server.base}${B}/LTICVM1/users/TCPMAINT/punch`, {
          method: "POST",
          headers: { Authorization: `Bearer ${T}` },
          body: JSON.stringify({ records, encoding: "base64" }),
        }).then((r) => r.text()),
      ),
    );
  }
  const [punch50, read50, refused50] = [pct(punch, 50), pct(read, 50), pct(refused, 50)];
  console.log(
    `spool file of ${bytes} bytes (1 MiB): punch p50 ${ms(punch50)} + read p50 ${ms(read50)} = ${ms(punch50 + read50)}; ` +
      `baseline (the same bytes to the node and refused, no spool work) p50 ${ms(refused50)} -> ` +
      `punch ${(punch50 / refused50).toFixed(2)}x, punch + read ${((punch50 + read50) / (2 * refused50)).toFixed(2)}x two baselines`,
  );
} finally {
  await server.stop();
  rmSync(persist, { recursive: true, force: true });
}
