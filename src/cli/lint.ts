import { lintBodySchema } from "../api/schemas";
import { lintPlex } from "../lint";
import { formatJson, formatSarif, formatText, type LintFormat, type LintReport } from "./lint-format";
import { InputError, readPlexInputs } from "./inputs";
import { UsageError } from "./exit";

/** `cseplex lint`'s exit codes: clean, warnings (only with --strict), errors (or unreadable input). */
export const LINT_EXIT = { CLEAN: 0, WARNINGS: 1, ERRORS: 2 } as const;

/**
 * Lints a site's files offline with the rules `POST /v1/lint` runs: the same body schema, then
 * the same `lintPlex`. Answers what to print and the exit code.
 */
export function lintFiles(
  paths: readonly string[],
  opts: { format: LintFormat; strict: boolean; version: string },
): { out: string; exit: number } {
  const folder = readPlexInputs(paths);
  const { name: _name, ...body } = folder.body;
  const parsed = lintBodySchema.safeParse(body);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new InputError(`${i.path.join(".") || "input"}: ${i.message}`);
  }
  const result = lintPlex(parsed.data);
  const report: LintReport = { ok: result.ok, diagnostics: result.diagnostics, sources: folder.sources };
  const out =
    opts.format === "json"
      ? formatJson(report)
      : opts.format === "sarif"
        ? formatSarif(report, opts.version)
        : formatText(report);
  const exit = !result.ok
    ? LINT_EXIT.ERRORS
    : opts.strict && result.diagnostics.some((d) => d.severity === "warning")
      ? LINT_EXIT.WARNINGS
      : LINT_EXIT.CLEAN;
  return { out, exit };
}

/** The --format value, checked. */
export function lintFormat(value: string | undefined): LintFormat {
  const f = value ?? "text";
  if (f !== "text" && f !== "json" && f !== "sarif")
    throw new UsageError(`--format is text, json or sarif, not ${f}`);
  return f;
}
