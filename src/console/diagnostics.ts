import type { Diagnostic } from "../diagnostics";

/** One record of an input file with the findings at it. */
export interface AnnotatedLine {
  line: number;
  text: string;
  findings: Diagnostic[];
}

/** A file of the plex's inputs as the console shows it: findings at their records, the others apart. */
export interface AnnotatedFile {
  file: string;
  /** Records with findings, each with a little context before it (what an editor would show). */
  lines: AnnotatedLine[];
  /** Findings on no record (line 0) or on a file the console does not have the text of. */
  general: Diagnostic[];
}

/** Lines of context kept before a record with findings. */
const CONTEXT = 2;

/**
 * Puts lint findings at their lines in the files they name: `files` maps a file name as the
 * findings give it ("SYSTEM CONFIG", "USER DIRECT", an IMBEDded "VM9 SYSRES") to its text. Files
 * come in the order of their first finding; within a file, by record.
 */
export function annotate(
  diagnostics: readonly Diagnostic[],
  files: Readonly<Record<string, string>>,
): AnnotatedFile[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const out: AnnotatedFile[] = [];
  for (const [file, found] of byFile) {
    const text = files[file];
    const records = text === undefined ? undefined : text.split(/\r?\n/);
    const general = found.filter((d) => !records || d.line < 1 || d.line > records.length);
    const at = new Map<number, Diagnostic[]>();
    for (const d of found) if (!general.includes(d)) at.set(d.line, [...(at.get(d.line) ?? []), d]);
    const shown = new Set<number>();
    for (const line of at.keys()) for (let n = Math.max(1, line - CONTEXT); n <= line; n++) shown.add(n);
    const lines = [...shown]
      .sort((a, b) => a - b)
      .map((n) => ({ line: n, text: records![n - 1], findings: at.get(n) ?? [] }));
    out.push({ file, lines, general });
  }
  return out;
}
