import { addGrant, dropGrant, mayIssue } from "./authority";
import type { DirmCommand } from "./commands";
import { applyEntryVerb } from "./apply-entries";
import { applyStatementVerb } from "./apply-statements";
import { acceptedLines, completedLines, failed } from "./result";
import { SourceText } from "./source";
import type { DirmContext, DirmResult } from "./types";

export { refusalForDiagnostics } from "./result";

export type { DirmContext, DirmReaderFile, DirmRefusal, DirmResult } from "./types";

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
  // A LINK statement is linked at LOGON without its password, so adding one to another user's
  // disk needs authority over that disk's entry too: one's own entry alone is not enough.
  if (
    cmd.verb === "LINK" &&
    !cmd.delete &&
    cmd.owner !== requester &&
    cmd.owner !== "*" &&
    !mayIssue(requester, ctx.requesterSystem.toUpperCase(), "LINK", cmd.owner, ctx.authorizations, false)
  ) {
    return failed(cmd, "DVHREQ2284E", { user: requester, cmd: cmd.verb, target: cmd.owner });
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
