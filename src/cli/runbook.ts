import { writeFileSync } from "node:fs";
import { runRunbookFile } from "../runbook/client";
import { junitOf, junitOfInvalid } from "../runbook/junit";
import type { Command } from "./context";
import { UsageError } from "./exit";

/** `cseplex runbook`'s exit codes, as `npm run runbook` gives them (scripts/runbook.ts). */
export const RUNBOOK_EXIT = { PASSED: 0, FAILED: 1, INVALID: 2, COULD_NOT_RUN: 3 } as const;

/**
 * `runbook FILE [--junit OUT.xml] [--keep]`: runs a runbook (#14) through the runbooks' own client
 * (src/runbook/client.ts): checked here first (an invalid one runs nothing and names its lines),
 * the plex it names created under a fresh name unless --plex gives one, and the steps run by the
 * server. Prints each step PASS, FAIL or SKIP at its line.
 */
export const runbook: Command = async (c) => {
  const [file] = c.args;
  if (!file) throw new UsageError("Missing FILE");
  const junit = typeof c.flags.junit === "string" ? c.flags.junit : undefined;
  const r = await runRunbookFile(file, {
    url: c.url,
    token: c.token,
    plex: c.plex,
    keep: c.flags.keep === true,
  });
  if (r.kind === "error") {
    c.err(`cseplex: runbook ${file}: ${r.message}\n`);
    return RUNBOOK_EXIT.COULD_NOT_RUN;
  }
  if (r.kind === "invalid") {
    for (const d of r.diagnostics) c.err(`${file}:${d.line}:${d.column}: ${d.message}\n`);
    if (junit) writeFileSync(junit, junitOfInvalid(r.name, file, r.diagnostics));
    return RUNBOOK_EXIT.INVALID;
  }
  const run = r.result;
  if (junit) writeFileSync(junit, junitOf(run, file));
  if (c.json) c.out(`${JSON.stringify(run, null, 2)}\n`);
  else {
    const lines = [`${run.name} on plex ${run.plex}`];
    for (const s of run.steps) {
      const mark = s.status === "pass" ? "PASS" : s.status === "fail" ? "FAIL" : "SKIP";
      lines.push(
        `${mark} ${String(s.index + 1).padStart(2)} ${file}:${s.line} ${s.name} (${s.durationMs} ms)`,
      );
      for (const f of s.failures ?? [])
        lines.push(`       expected ${f.expected}`, `       got      ${f.got}`);
    }
    lines.push(
      `${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped in ${run.durationMs} ms` +
        (r.deleted ? `; plex ${run.plex} deleted` : r.created ? `; plex ${run.plex} kept` : ""),
    );
    c.out(lines.map((l) => `${l}\n`).join(""));
  }
  return run.ok ? RUNBOOK_EXIT.PASSED : RUNBOOK_EXIT.FAILED;
};
