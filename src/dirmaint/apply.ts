import { addGrant, dropGrant, mayIssue, type Authorization } from "./authority";
import type { DirmCommand } from "./commands";
import { applyEntryVerb } from "./apply-entries";
import { applyStatementVerb } from "./apply-statements";
import { acceptedLines, completedLines, failed } from "./result";

export { refusalForDiagnostics } from "./result";
import { SourceText } from "./source";

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
export type { DirmRefusal } from "./result";

/** Verbs that change the target's entry (and GET LOCK): refused while someone else holds its GET lock. */
const CHANGES_ENTRY = new Set([
  "PURGE",
  "AMDISK",
  "DMDISK",
  "LINK",
  "SETPW",
  "PW",
  "CLASS",
  "GET",
  "REPLACE",
]);
/** Verbs whose target need not be an entry. */
const NO_ENTRY_NEEDED = new Set(["ADD", "USER", "DIRECT", "AUTHFOR", "DROPFOR"]);

/** Applies one request to the source text. Never throws for bad input: it refuses, changing nothing. */
export function applyDirm(cmd: DirmCommand, ctx: DirmContext): DirmResult {
  const requester = ctx.requester.toUpperCase();
  if (!mayIssue(requester, ctx.requesterSystem.toUpperCase(), cmd.verb, cmd.target, ctx.authorizations)) {
    return failed(cmd, "DVHREQ2284E", { user: requester, cmd: cmd.verb, target: cmd.target });
  }
  const source = new SourceText(ctx.source);
  const entry = cmd.target === "ALL" ? undefined : source.find(cmd.target);
  const needsEntry = !NO_ENTRY_NEEDED.has(cmd.verb) || (cmd.verb === "AUTHFOR" && cmd.target !== "ALL");
  if (needsEntry && !entry) return failed(cmd, "DVHUSR3201E", { userid: cmd.target });
  const holder = ctx.locks[cmd.target];
  const changes = CHANGES_ENTRY.has(cmd.verb) && (cmd.verb !== "GET" || cmd.lock);
  if (changes && holder !== undefined && holder !== requester) {
    return failed(cmd, "DVHLOC3602E", { userid: cmd.target, holder });
  }
  switch (cmd.verb) {
    case "AUTHFOR": {
      const grant = {
        target: cmd.target,
        user: cmd.user,
        node: cmd.userNode,
        cmdLevel: cmd.cmdLevel,
        cmdSets: cmd.cmdSets,
      };
      const authorizations = addGrant(ctx.authorizations, grant);
      return {
        ok: true,
        lines: [...acceptedLines(cmd), ...completedLines(cmd)],
        authorizations,
        changed: [],
      };
    }
    case "DROPFOR": {
      const authorizations = dropGrant(ctx.authorizations, {
        target: cmd.target,
        user: cmd.user,
        node: cmd.userNode,
        cmdLevel: cmd.cmdLevel,
        cmdSets: cmd.cmdSets,
      });
      if (!authorizations) return failed(cmd, "DVHAUT3366E", { user: cmd.user, target: cmd.target });
      return {
        ok: true,
        lines: [...acceptedLines(cmd), ...completedLines(cmd)],
        authorizations,
        changed: [],
      };
    }
    case "AMDISK":
    case "DMDISK":
    case "LINK":
    case "DLINK":
    case "SETPW":
    case "PW":
    case "CLASS":
      return applyStatementVerb(cmd, { ...ctx, requester }, source, entry!);
    default:
      return applyEntryVerb(cmd, { ...ctx, requester }, source, entry);
  }
}
