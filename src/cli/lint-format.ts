import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Diagnostic } from "../diagnostics";
import { shownPath } from "./inputs";

/** The output formats of `cseplex lint`. */
export type LintFormat = "text" | "json" | "sarif";

/** What `cseplex lint` answers: POST /v1/lint's answer, and the local file of each finding's CMS file. */
export interface LintReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

const LETTER = { error: "E", warning: "W", info: "I" } as const;

/** The local file a finding is in: its CMS file's source, a PVM file's disk, else undefined. */
function localFile(d: Diagnostic, sources: Map<string, string>): string | undefined {
  return sources.get(d.file) ?? sources.get(d.file.toUpperCase());
}

/**
 * Findings as CPSYNTAX prints them: a line naming the file and record (HCPSYK6700E's
 * "FILE SYSTEM CONFIG X, RECORD 164:"), then the message under its code and severity letter;
 * the local file follows the CMS name when they differ. A count closes it.
 */
export function formatText(report: LintReport): string {
  const out: string[] = [];
  for (const d of report.diagnostics) {
    const local = localFile(d, report.sources);
    const where = [
      `FILE ${d.file}${local ? ` (${shownPath(local)})` : ""}`,
      ...(d.line > 0 ? [`RECORD ${d.line}`] : []),
      ...(d.column > 0 ? [`COLUMN ${d.column}`] : []),
    ].join(", ");
    out.push(`${where}:`, `${d.code} ${LETTER[d.severity]} ${d.message}`);
  }
  const count = (s: Diagnostic["severity"]) => report.diagnostics.filter((d) => d.severity === s).length;
  out.push(
    `${count("error")} errors, ${count("warning")} warnings, ${count("info")} informational${report.ok ? "" : "; CPSYNTAX, DIRECTXA or the IPL would stop"}`,
  );
  return `${out.join("\n")}\n`;
}

/** The answer as POST /v1/lint gives it: `{ok, diagnostics}`. */
export function formatJson(report: LintReport): string {
  return `${JSON.stringify({ ok: report.ok, diagnostics: report.diagnostics }, null, 2)}\n`;
}

/**
 * A file as SARIF names it: relative to the working directory (the repository's root in CI) under
 * the base %SRCROOT% that code hosts resolve, else a file: URL.
 */
function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  const shown = shownPath(path);
  return isAbsolute(shown)
    ? { uri: pathToFileURL(shown).href }
    : { uri: encodeURI(shown), uriBaseId: "%SRCROOT%" };
}

/**
 * SARIF 2.1.0, so a code host shows each finding on its line of the site's file: one run of the
 * tool `cseplex lint`, a rule per code, a result per finding at its file, record and column.
 */
export function formatSarif(report: LintReport, version: string): string {
  const rules = new Map<string, ReportingDescriptor>();
  const results: Result[] = report.diagnostics.map((d) => {
    if (!rules.has(d.code))
      rules.set(d.code, {
        id: d.code,
        ...(/^HCP/.test(d.code) ? { shortDescription: { text: `CP message ${d.code}` } } : {}),
      });
    const local = localFile(d, report.sources);
    const result: Result = {
      ruleId: d.code,
      ruleIndex: [...rules.keys()].indexOf(d.code),
      level: d.severity === "info" ? "note" : d.severity,
      message: { text: `${d.file}: ${d.message}` },
    };
    if (local) {
      const region =
        d.line > 0 ? { startLine: d.line, ...(d.column > 0 ? { startColumn: d.column } : {}) } : undefined;
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(local),
            ...(region ? { region } : {}),
          },
          logicalLocations: [{ name: d.file, kind: "module" }],
        },
      ];
    } else {
      result.locations = [{ logicalLocations: [{ name: d.file, kind: "module" }] }];
    }
    return result;
  });
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cseplex lint",
            version,
            rules: [...rules.values()],
          },
        },
        columnKind: "unicodeCodePoints",
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
