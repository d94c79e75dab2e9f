import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics";
import { buildPlex, dedupe, type PlexInput, type PlexView } from "../plex/view";
import { runRules } from "./rules";

export type { PlexInput, PlexView } from "../plex/view";

/** The answer of POST /v1/lint: `ok` is false when any finding would stop CPSYNTAX, DIRECTXA or the IPL. */
export interface LintResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  plex: PlexView;
}

/** Parses SYSTEM CONFIG, the source directory and the DASD inventory, then runs every plex-wide rule. */
export function lintPlex(input: PlexInput): LintResult {
  const plex = buildPlex(input);
  const diagnostics = sortDiagnostics(dedupe([...plex.diagnostics, ...runRules(plex)]));
  return { ok: !hasErrors(diagnostics), diagnostics, plex };
}
