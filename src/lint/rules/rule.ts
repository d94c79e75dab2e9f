import type { Severity } from "../../diagnostics";
import type { SourceRef } from "../../config/model";
import { MAIN_FILE } from "../../config/files";
import { DASD_FILE, type DasdVolume } from "../../dasd/inventory";
import type { MdiskDef } from "../../directory/types";
import type { PlexView } from "../../plex/view";

/** A plex-wide lint rule: a stable code, what it checks, and the check. */
export interface LintRule {
  code: string;
  severity: Severity;
  title: string;
  check: (plex: PlexView, report: Reporter) => void;
}

/** Collects one rule's findings, stamping them with its code and severity. */
export type Reporter = (
  at: { file: string; line: number; column: number },
  message: string,
  severity?: Severity,
) => void;

// Where a finding points: a statement of SYSTEM CONFIG, a directory record, a DASD inventory entry.

/** The file name findings about the directory point at. */
export const DIRECTORY_FILE = "USER DIRECT";

/** Where a SYSTEM CONFIG statement stands. */
export const at = (r: SourceRef) => ({ file: r.file, line: r.line, column: r.column });
/** Where an MDISK statement stands in the directory. */
export const mdAt = (md: MdiskDef) => ({ file: DIRECTORY_FILE, line: md.line, column: md.column });
/** Where a volume's DASD inventory entry stands. */
export const dasdAt = (v: DasdVolume) => ({ file: DASD_FILE, line: v.entry, column: 0 });
/** A finding about the plex as a whole: SYSTEM CONFIG, line 0. */
export const nowhere = { file: MAIN_FILE, line: 0, column: 0 };
