/** The shapes applyDirm takes and gives (re-exported by apply.ts, where callers import them). */
import type { Authorization } from "./authority";

/** What DIRMAINT knows when it processes one request. */
export interface DirmContext {
  requester: string;
  requesterSystem: string;
  /** The whole USER DIRECT text now. */
  source: string;
  /** AUTHFOR grants in force (kept by the caller, changed by AUTHFOR/DROPFOR results). */
  authorizations: Authorization[];
  /** The requester's A-disk files (`userid DIRECT` for ADD and REPLACE). */
  files: (userid: string, fn: string, ft: string) => string | undefined;
  /** `name PROTODIR` files stored on DIRMAINT. */
  prototypes: (name: string) => string | undefined;
  /** Entry -> who holds its GET lock. */
  locks: Record<string, string>;
}

/** A file DIRMAINT sends to the requester's reader. */
export interface DirmReaderFile {
  fn: string;
  ft: string;
  records: string[];
}

/** The answer to one request. Refusals change nothing. */
export type DirmResult =
  | {
      ok: true;
      /** The new source text, when it changed. */
      source?: string;
      /** DVH lines for the requester: 2288I accepted, what was done, 2289I completed. */
      lines: string[];
      /** REVIEW, GET, USER WITHPASS: a file for the requester's reader. */
      reader?: DirmReaderFile;
      /** The grants in force after AUTHFOR/DROPFOR. */
      authorizations?: Authorization[];
      /** The locks after GET LOCK/REPLACE/UNLOCK/PURGE. */
      locks?: Record<string, string>;
      /** Userids whose entries changed. */
      changed: string[];
    }
  | { ok: false; rc: number; lines: string[] };

/** A refusal: DirMaint's rc and lines, ending with the 2289E completion. */
export type DirmRefusal = { ok: false; rc: number; lines: string[] };
