/**
 * `npm run verify` (issue #17, docs/verify.md): the in-process model check, the linearizability
 * checks (histories made in process and over HTTP against `wrangler dev`) and the chaos run, with
 * a report of runs, operations, histories, violations and time. `-- --large` runs the larger size.
 *
 * Options: --large, --seed N, --port N (first port for wrangler dev), --out DIR (histories as
 * JSON), --network reorder (let node-to-volume calls overtake each other) or outlive (reorder,
 * and a call outlives a restart of the node object that sent it), --no-http.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chaosRun } from "../test/verify/chaos";
import { checkInProcess } from "../test/verify/check-in-process";
import { historyJson, linearizabilityRun } from "../test/verify/http-history";
import type { Network } from "../test/verify/in-process";
import { inProcessHistory } from "../test/verify/in-process-history";
import { REAL } from "../test/verify/sut";
import { VerifyServer } from "../test/verify/servers";

const { values: args } = parseArgs({
  options: {
    large: { type: "boolean", default: false },
    seed: { type: "string" },
    port: { type: "string" },
    out: { type: "string" },
    network: { type: "string", default: "fifo" },
    "no-http": { type: "boolean", default: false },
  },
});
const large = args.large!;
const seed = Number(args.seed ?? Date.now() % 2 ** 31);
const size = large
  ? {
      runs: 100_000,
      maxSteps: 40,
      localHistories: 2_000,
      httpHistories: 4,
      opsPerClient: 25,
      chaosRuns: 2,
      events: 10,
    }
  : {
      runs: 10_000,
      maxSteps: 30,
      localHistories: 100,
      httpHistories: 1,
      opsPerClient: 8,
      chaosRuns: 1,
      events: 3,
    };
const out = args.out ?? join(tmpdir(), `cseplex-verify-${new Date().toISOString().replace(/[:.]/g, "-")}`);
mkdirSync(out, { recursive: true });
const started = Date.now();
const rows: string[][] = [];
let failed = false;
const say = (s: string) => console.log(s);

say(`cseplex verify (${large ? "large" : "CI size"}), seed ${seed}, ${new Date().toISOString()}`);
say(`machine: ${cpus().length} x ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);

// 1. The model check in process.
{
  const r = checkInProcess(REAL, {
    runs: size.runs,
    seed,
    maxSteps: size.maxSteps,
    network: args.network as Network,
  });
  rows.push([
    "model, in process",
    `${r.runs} runs`,
    `${r.operations} operations (${r.steps} steps)`,
    String(r.violations),
    `${(r.ms / 1000).toFixed(1)} s`,
  ]);
  if (r.counterexample) {
    failed = true;
    say(
      `\nVIOLATION (${r.counterexample.invariant}): ${r.counterexample.message}\n${r.counterexample.script}\n`,
    );
  }
}

// 2a. Linearizability of histories made in process (the product's domain code, steps interleaved).
{
  const t0 = performance.now();
  let ops = 0;
  const verdicts: Record<string, number> = {};
  for (let i = 0; i < size.localHistories; i++) {
    const h = inProcessHistory(REAL, seed + i, size.opsPerClient);
    ops += h.ops.length;
    verdicts[h.verdict.result] = (verdicts[h.verdict.result] ?? 0) + 1;
    if (h.verdict.result === "not-linearizable") {
      failed = true;
      writeFileSync(join(out, `in-process-${seed + i}.json`), JSON.stringify(h.ops, null, 1));
    }
  }
  rows.push([
    "linearizability, in process",
    `${size.localHistories} histories`,
    `${ops} operations`,
    String(verdicts["not-linearizable"] ?? 0),
    `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    `${verdicts["too-large"] ?? 0} too large to decide`,
  ]);
}

if (!args["no-http"]) {
  const server = new VerifyServer(args.port ? Number(args.port) : undefined);
  await server.start();
  try {
    // 2b. Linearizability over HTTP.
    const t0 = performance.now();
    let ops = 0;
    const verdicts: Record<string, number> = {};
    for (let i = 0; i < size.httpHistories; i++) {
      const r = await linearizabilityRun(server.base(), `verifylin${i}`, {
        seed: seed + i,
        opsPerClient: size.opsPerClient,
      });
      ops += r.history.ops.length;
      verdicts[r.verdict.result] = (verdicts[r.verdict.result] ?? 0) + 1;
      const file = join(out, `http-history-${i}.json`);
      writeFileSync(file, historyJson(r.history));
      if (r.verdict.result === "not-linearizable") {
        failed = true;
        say(`NOT LINEARIZABLE: ${file} (${JSON.stringify(r.verdict)})`);
      }
    }
    rows.push([
      "linearizability, HTTP",
      `${size.httpHistories} histories`,
      `${ops} operations`,
      String(verdicts["not-linearizable"] ?? 0),
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
      `${verdicts["too-large"] ?? 0} too large to decide`,
    ]);

    // 3. Chaos.
    const t1 = performance.now();
    let chaosOps = 0;
    let violations = 0;
    const notes: string[] = [];
    for (let i = 0; i < size.chaosRuns; i++) {
      const r = await chaosRun(server, `verifychaos${i}`, { seed: seed + i, events: size.events });
      chaosOps += r.operations;
      violations += r.violations.length;
      writeFileSync(join(out, `chaos-history-${i}.json`), historyJson(r.history));
      notes.push(
        `${r.kills} kill -9, ${r.reipls} re-IPLs, ${r.unanswered} unanswered, ${r.linksChecked} links and ${r.punched} files checked`,
      );
      for (const v of r.violations) say(`CHAOS VIOLATION: ${v}`);
    }
    if (violations) failed = true;
    rows.push([
      "chaos, HTTP",
      `${size.chaosRuns} runs`,
      `${chaosOps} operations`,
      String(violations),
      `${((performance.now() - t1) / 1000).toFixed(1)} s`,
      notes.join("; "),
    ]);
  } finally {
    await server.stop();
  }
}

say("");
const head = ["check", "runs", "operations", "violations", "time", "notes"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
for (const r of [head, ...rows])
  say(
    r
      .map((c, i) => (c ?? "").padEnd(widths[i]))
      .join("  ")
      .trimEnd(),
  );
say(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s; histories in ${out}`);
say(failed ? "VIOLATIONS FOUND" : "no violations");
process.exit(failed ? 1 : 0);
