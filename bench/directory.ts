// npm run bench: speed and memory of the domain code, each as a ratio against a baseline measured in
// the same run (a plain split of the same text into records and words), so numbers compare across machines.
import { execFileSync } from "node:child_process";
import { parseDirectory } from "../src/directory/parse";
import { resolveDirectory } from "../src/directory/resolve";
import { splitRecords, words } from "../src/text/records";
import { generateDirectory } from "./generate";

const SYSTEMS = ["LTICVM1", "LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9", "LTICVMA", "LTICVMB"];
const USERS = 10_000;
/** Issue 9: one cold parse + resolve of all systems within this many times the baseline. */
const COLD_GOAL = 3;
/** Share of users whose entries differ by system (SYSAFFIN): service machines, at a real CSE site. */
const SYSAFFIN_SHARE = 0.1;
/**
 * A cold pass happens once per process, and one sample swings by a third with the machine's load:
 * the cold ratio is the median of this many fresh processes, each against its own baseline.
 */
const COLD_PROCESSES = 5;
/** Set in the fresh processes: print the cold pass and the baseline, as JSON, and stop. */
const COLD_ONLY = process.env.CSEPLEX_BENCH_COLD_ONLY === "1";
/** Set in other fresh processes: print the baseline's own cold pass (the first split of a process), and stop. */
const COLD_BASELINE_ONLY = process.env.CSEPLEX_BENCH_COLD_ONLY === "baseline";

/** This thread's CPU time in ms (GC and compiler helper threads not counted); NaN before Node 22.19. */
function threadCpuMs(): number {
  if (typeof process.threadCpuUsage !== "function") return NaN;
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall time and this thread's CPU time of fn. */
function time<T>(fn: () => T): { ms: number; cpuMs: number; result: T } {
  const c0 = threadCpuMs();
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, cpuMs: threadCpuMs() - c0, result };
}

const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median of `runs` timings of fn: wall time, and this thread's CPU time. */
function medians(runs: number, fn: () => unknown): { ms: number; cpuMs: number } {
  const runsDone = Array.from({ length: runs }, () => time(fn));
  return { ms: middle(runsDone.map((r) => r.ms)), cpuMs: middle(runsDone.map((r) => r.cpuMs)) };
}

/** Median wall time of `runs` timings of fn. */
function median(runs: number, fn: () => unknown): number {
  return medians(runs, fn).ms;
}

const text = generateDirectory(USERS, SYSTEMS, SYSAFFIN_SHARE);
const lines = text.split("\n").length - 1;
const rssBefore = process.memoryUsage().rss;

/** One split of the text into records and words: the baseline. */
function split(): number {
  let n = 0;
  for (const r of splitRecords(text)) n += words(r.text).length;
  return n;
}
if (COLD_BASELINE_ONLY) {
  const first = time(split);
  console.log(JSON.stringify({ ms: first.ms, cpuMs: first.cpuMs }));
  process.exit(0);
}

// The cold pass first, so the peak RSS it leaves is its own and not the repeated runs' garbage.
const total = time(() => {
  const parsed = parseDirectory(text);
  return SYSTEMS.map((s) => resolveDirectory(parsed, s, `${s.slice(-3)}RES`));
});
const peakRss = process.resourceUsage().maxRSS * 1024;

const base = medians(5, split);
const baseline = base.ms;
/** The cold pass against the baseline: in wall time, and in this thread's CPU time (which a loaded machine sways less). */
const cold = {
  ratio: total.ms / baseline,
  cpuRatio: total.cpuMs / base.cpuMs,
  ms: total.ms,
  cpuMs: total.cpuMs,
};
if (COLD_ONLY) {
  console.log(JSON.stringify(cold));
  process.exit(0);
}
/** Cold ratios of fresh processes (this one's first), and their median. */
const coldRatios = [cold.ratio];
const coldCpuRatios = [cold.cpuRatio];
const coldMs = [cold.ms];
/** This script's last line of output in a fresh process, as JSON. */
const fresh = <T>(mode: string): T => {
  const out = execFileSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname], {
    env: { ...process.env, CSEPLEX_BENCH_COLD_ONLY: mode },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop()!) as T;
};
for (let i = 1; i < COLD_PROCESSES; i++) {
  const r = fresh<typeof cold>("1");
  coldRatios.push(r.ratio);
  coldCpuRatios.push(typeof r.cpuRatio === "number" ? r.cpuRatio : NaN); // JSON writes NaN as null
  coldMs.push(r.ms);
}
const coldRatio = middle(coldRatios);
// The goal (issue 9: <= 3x) is in the issue's measure, the cold pass against the warm split. Like for
// like, the cold pass against the baseline's own cold pass (the first split of a fresh process,
// which compiles its code on the way as the parser's first pass does) is printed beside it.
const coldBaselineMs = Array.from({ length: COLD_PROCESSES }, () => fresh<{ ms: number }>("baseline").ms);
const coldOnColdRatio = middle(coldMs) / middle(coldBaselineMs);
const parseMs = median(5, () => parseDirectory(text));
const src = parseDirectory(text);
const resolveMs = median(5, () => SYSTEMS.map((s) => resolveDirectory(src, s, `${s.slice(-3)}RES`)));

// The worst case: every entry differs by system, so nothing is shared between the eight resolutions.
const worst = generateDirectory(USERS, SYSTEMS, 1);
const worstSrc = parseDirectory(worst);
const worstMs = median(3, () => SYSTEMS.map((s) => resolveDirectory(worstSrc, s, `${s.slice(-3)}RES`)));

const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
const errors = src.diagnostics.filter((d) => d.severity === "error").length;
console.log(
  `directory: ${USERS} users (${SYSAFFIN_SHARE * 100}% with SYSAFFIN), ${SYSTEMS.length} systems, ${lines} lines (${(text.length / 1024 / 1024).toFixed(1)} MiB), ${errors} errors`,
);
console.log(`baseline  split into records and words: ${baseline.toFixed(1)} ms`);
console.log(
  `parse                                  : ${parseMs.toFixed(1)} ms = ${(parseMs / baseline).toFixed(2)}x baseline, ${Math.round(lines / (parseMs / 1000)).toLocaleString("en")} lines/s`,
);
console.log(
  `resolve for ${SYSTEMS.length} systems                  : ${resolveMs.toFixed(1)} ms = ${(resolveMs / baseline).toFixed(2)}x baseline`,
);
console.log(
  `parse + resolve, one cold pass         : ${total.ms.toFixed(1)} ms = ${(total.ms / baseline).toFixed(2)}x baseline (target < 1000 ms); ` +
    `in ${COLD_PROCESSES} fresh processes ${coldRatios.map((r) => `${r.toFixed(1)}x`).join(" ")}`,
);
console.log(
  `  the same in main-thread CPU time     : ${coldCpuRatios.map((r) => `${r.toFixed(1)}x`).join(" ")}, median ${middle(coldCpuRatios).toFixed(1)}x ` +
    `(GC and compiler threads not counted)`,
);
console.log(
  `resolve for ${SYSTEMS.length} systems, every user SYSAFFIN: ${worstMs.toFixed(1)} ms = ${(worstMs / baseline).toFixed(2)}x baseline`,
);
console.log(`peak RSS ${mb(peakRss)} MB (process start ${mb(rssBefore)} MB; target < 300 MB)`);
console.log(
  `parse+resolve cold: ${coldRatio.toFixed(1)}x baseline, median of ${COLD_PROCESSES} processes (goal <= ${COLD_GOAL}x)` +
    `${coldRatio <= COLD_GOAL ? "" : " - not met"}; like for like ${coldOnColdRatio.toFixed(1)}x the baseline's own cold pass ` +
    `(${middle(coldMs).toFixed(0)} ms against ${middle(coldBaselineMs).toFixed(0)} ms, medians of ${COLD_PROCESSES} fresh processes each)`,
);
