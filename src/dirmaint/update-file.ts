/**
 * The spool file DIRMAINT sends each satellite for one change: the source version it makes and
 * what changed, so a satellite applies files in order and skips ones it already has.
 */

/** One directory update for the satellites. */
export interface DirectoryUpdate {
  /** The source version this change makes (1, 2, 3 ... in order). */
  version: number;
  requester: string;
  verb: string;
  target: string;
  /** Userids whose entries changed. */
  changed: string[];
}

/** The records of the update file. */
export function updateFileRecords(update: DirectoryUpdate): string[] {
  void update;
  throw new Error("updateFileRecords: not yet");
}

/** Reads an update file back; a malformed file is refused with the record and what is wrong. */
export function parseUpdateFile(
  records: readonly string[],
): { ok: true; update: DirectoryUpdate } | { ok: false; message: string } {
  void records;
  throw new Error("parseUpdateFile: not yet");
}
