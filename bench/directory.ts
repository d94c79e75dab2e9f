// npm run bench: speed and memory of the domain code, each as a ratio against a baseline measured in
// the same run (a plain split of the same text into records and words), so numbers compare across machines.
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

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

/** Median of `runs` timings of fn. */
function median(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(time(fn).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const text = generateDirectory(USERS, SYSTEMS, SYSAFFIN_SHARE);
const lines = text.split("\n").length - 1;
const rssBefore = process.memoryUsage().rss;

// The cold pass first, so the peak RSS it leaves is its own and not the repeated runs' garbage.
const total = time(() => {
  const parsed = parseDirectory(text);
  return SYSTEMS.map((s) => resolveDirectory(parsed, s, `${s.slice(-3)}RES`));
});
const peakRss = process.resourceUsage().maxRSS * 1024;

const baseline = median(5, () => {
  let n = 0;
  for (const r of splitRecords(text)) n += words(r.text).length;
  return n;
});
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
const coldRatio = total.ms / baseline;
console.log(
  `parse + resolve, one cold pass         : ${total.ms.toFixed(1)} ms = ${coldRatio.toFixed(2)}x baseline (goal <= ${COLD_GOAL}x; target < 1000 ms)`,
);
console.log(
  `resolve for ${SYSTEMS.length} systems, every user SYSAFFIN: ${worstMs.toFixed(1)} ms = ${(worstMs / baseline).toFixed(2)}x baseline`,
);
console.log(`peak RSS ${mb(peakRss)} MB (process start ${mb(rssBefore)} MB; target < 300 MB)`);
console.log(
  `parse+resolve cold: ${coldRatio.toFixed(1)}x baseline (goal <= ${COLD_GOAL}x)${coldRatio <= COLD_GOAL ? "" : " - not met"}`,
);
