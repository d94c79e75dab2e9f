import { DIRMAINT_LINT_FILES } from "./rules/dirmaint";
import { MAIN_FILE } from "../config/files";
import { diag, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics";
import { buildPlex, dedupe, type PlexInput, type PlexView } from "../plex/view";
import { runRules } from "./rules";
import { pvmFileDiagnostics } from "./rules/pvm-network";
import { PVM_LINT_FILES } from "./rules/pvm-setup";
import { rscsFileDiagnostics } from "./rules/rscs-network";
import { RSCS_LINT_FILES } from "./rules/rscs-setup";

export type { PlexInput, PlexView } from "../plex/view";

/** The answer of POST /v1/lint: `ok` is false when any finding would stop CPSYNTAX, DIRECTXA or the IPL. */
export interface LintResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  plex: PlexView;
}

/** Findings an answer carries at most: past them one more says how many were left out (issue #10). */
export const MAX_DIAGNOSTICS = 1000;

/**
 * Parses SYSTEM CONFIG, the source directory, the DASD inventory and the CTCs, then runs every
 * plex-wide rule; PVM's files among the CMS files are read too (the PVM network rules).
 * `ok` counts every finding; the list holds the first MAX_DIAGNOSTICS in file and line order.
 */
export function lintPlex(input: PlexInput): LintResult {
  const plex = buildPlex(input);
  const all = sortDiagnostics(
    dedupe([
      ...plex.diagnostics,
      ...runRules(plex),
      ...pvmFileDiagnostics(plex),
      ...rscsFileDiagnostics(plex),
    ]),
  );
  const ok = !hasErrors(all);
  if (all.length <= MAX_DIAGNOSTICS) return { ok, diagnostics: all, plex };
  const rest = all.slice(MAX_DIAGNOSTICS);
  const errors = rest.filter((d) => d.severity === "error").length;
  const more = diag(
    MAIN_FILE,
    0,
    0,
    "info",
    "LINT-TRUNCATED",
    `${rest.length} more findings are not shown (${errors} of them errors)`,
  );
  return { ok, diagnostics: [...all.slice(0, MAX_DIAGNOSTICS), more], plex };
}

/** The CMS files (FN FT) lint reads from a plex's minidisks: a Plex gives its stored ones when it lints again. */
export const LINT_FILE_NAMES: readonly string[] = [
  ...PVM_LINT_FILES,
  ...RSCS_LINT_FILES,
  ...DIRMAINT_LINT_FILES,
];
