/** Where a finding is and what it says; the one shape every parser and lint rule returns. */
export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  /** The file name as the user knows it, e.g. "SYSTEM CONFIG", "VM9 SYSRES", "USER DIRECT", "dasd". */
  file: string;
  /** 1-based record number in that file (0 when the finding concerns no single line). */
  line: number;
  /** 1-based column of the offending token (0 when unknown). */
  column: number;
  severity: Severity;
  /** A stable code: an HCP message id where CP has one, else a cseplex rule id (e.g. "CSE-SLOT-DUP"). */
  code: string;
  message: string;
}

/** Builds a diagnostic; keeps call sites short and the field order in one place. */
export function diag(
  file: string,
  line: number,
  column: number,
  severity: Severity,
  code: string,
  message: string,
): Diagnostic {
  return { file, line, column, severity, code, message };
}

/** True when any diagnostic would stop CPSYNTAX, DIRECTXA or the IPL. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, line, column so output is stable. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
