import { formatMessage, rcOf } from "../catalog/messages";
import {
  type FileChanges,
  fileCount,
  type Hold,
  type Queue,
  type Selection,
  selectFiles,
  type SpoolFile,
  transferAnswer,
  transferNotice,
} from "./spool";

/** A class G file command on spool files (class D may name another user, or ALL users). */
export type FileAction =
  | { verb: "PURGE"; queue: Queue | "ALL"; select: Selection; user?: string }
  | { verb: "CHANGE"; queue: Queue; select: Selection; changes: FileChanges; user?: string }
  | { verb: "TRANSFER"; queue: Queue; select: Selection; to: string; toQueue: Queue; user?: string }
  | { verb: "ORDER"; queue: Queue; spoolids: string[]; user?: string };

/** What a file command does: CP's answer, files to delete, files changed, and notices to send. */
export interface ActionPlan {
  rc: number;
  lines: string[];
  purge: string[];
  update: SpoolFile[];
  notices: { file: SpoolFile; userid: string; text: string }[];
}

/** What the plan needs to know beyond the files. */
export interface ActionContext {
  /** The system the command was issued on. */
  system: string;
  issuer: string;
  /** Whether the file with this new owner and queue is shared (XSPOOL rules for the issuing system). */
  sharedAs(f: SpoolFile): boolean;
  /** The queue position before every file (ORDER puts files there). */
  firstOrder: number;
}

const message = (id: string, vars: Record<string, string>) => formatMessage(id, vars);

const applyHold = (h: Hold, on: boolean): Hold =>
  on ? (h === "SYS" || h === "USYS" ? "USYS" : "USER") : h === "USYS" || h === "SYS" ? "SYS" : "NONE";

/**
 * Plans PURGE, CHANGE, TRANSFER or ORDER over `files`, the files the issuer may act on in the
 * queue(s) the command names. A file another system has open is locked there and left alone
 * (reference §6); every other named file is acted on. Missing spool ids are reported, as CP does.
 */
export function planAction(files: readonly SpoolFile[], action: FileAction, ctx: ActionContext): ActionPlan {
  const plan: ActionPlan = { rc: 0, lines: [], purge: [], update: [], notices: [] };
  const refuse = (id: string, vars: Record<string, string>) => {
    plan.lines.push(message(id, vars));
    plan.rc = rcOf(id);
  };
  const select: Selection = action.verb === "ORDER" ? { spoolids: action.spoolids } : action.select;
  const { found, missing } = selectFiles(files, select);
  const whose = action.user !== undefined && action.user !== "ALL" ? action.user : ctx.issuer;
  for (const id of missing) refuse("HCPCSP042E", { userid: whose, spoolid: id });
  const usable = found.filter((f) => {
    if (f.lock === null || f.lock === ctx.system) return true;
    refuse("HCPCSP9050E", { spoolid: f.spoolid, sysname: f.lock });
    return false;
  });
  switch (action.verb) {
    case "PURGE":
      plan.purge = usable.map((f) => f.spoolid);
      plan.lines.push(fileCount(usable.length, "PURGED"));
      break;
    case "CHANGE": {
      const c = action.changes;
      plan.update = usable.map((f) => ({
        ...f,
        cls: c.cls ?? f.cls,
        hold: c.hold === undefined ? f.hold : applyHold(f.hold, c.hold),
        keep: c.keep ?? f.keep,
        copies: c.copies ?? f.copies,
        name: c.name ?? f.name,
        type: c.name !== undefined ? (c.type ?? "") : f.type,
        dist: c.dist ?? f.dist,
      }));
      plan.lines.push(fileCount(usable.length, "CHANGED"));
      break;
    }
    case "TRANSFER":
      for (const f of usable) {
        const moved: SpoolFile = { ...f, owner: action.to, queue: action.toQueue, lock: null };
        // A file moved to an excluded user or queue stays on the system where it was moved.
        moved.shared = f.shared && ctx.sharedAs(moved);
        if (!moved.shared) moved.home = f.shared ? ctx.system : f.home;
        plan.update.push(moved);
        plan.lines.push(transferAnswer(moved, f.queue));
        plan.notices.push({ file: moved, userid: action.to, text: transferNotice(moved, f.owner, f.queue) });
      }
      break;
    case "ORDER":
      // The named files go to the front, in the order named.
      usable
        .sort((a, b) => action.spoolids.indexOf(a.spoolid) - action.spoolids.indexOf(b.spoolid))
        .forEach((f, i) => plan.update.push({ ...f, order: ctx.firstOrder - usable.length + i }));
      plan.lines.push(fileCount(usable.length, "ORDERED"));
      break;
  }
  return plan;
}
