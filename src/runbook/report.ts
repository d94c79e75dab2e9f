import type { RunbookDiagnostic } from "./parse";
import type { RunResult } from "./runner";

/** How `npm run runbook` and the CLI print a run and an invalid runbook (plain text, one step a line). */

/** A run: each step (PASS, FAIL with expected and got, SKIP) and a summary line. */
export function formatRun(
  run: RunResult,
  file: string,
  plex: { created: boolean; deleted: boolean },
): string {
  const out = [`${run.name} on plex ${run.plex}`];
  for (const s of run.steps) {
    const mark = s.status === "pass" ? "PASS" : s.status === "fail" ? "FAIL" : "SKIP";
    out.push(`${mark} ${String(s.index + 1).padStart(2)} ${file}:${s.line} ${s.name} (${s.durationMs} ms)`);
    for (const f of s.failures ?? []) out.push(`       expected ${f.expected}`, `       got      ${f.got}`);
  }
  out.push(
    `${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped in ${run.durationMs} ms` +
      (plex.deleted ? `; plex ${run.plex} deleted` : plex.created ? `; plex ${run.plex} kept` : ""),
  );
  return out.join("\n");
}

/** An invalid runbook: `file:line:column: message`, one a line. */
export function formatInvalid(file: string, diagnostics: RunbookDiagnostic[]): string {
  return diagnostics.map((d) => `${file}:${d.line}:${d.column}: ${d.message}`).join("\n");
}
