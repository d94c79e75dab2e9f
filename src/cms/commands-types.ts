import type { RscsOutbound, RscsSent } from "../rscs/types";

/**
 * The types of the CMS command table (./commands.ts) and its handlers (./commands-rscs.ts, DIRM),
 * apart so that the table and the handlers import them without importing each other.
 */

/** What a CMS command answers: its return code and the lines on the user's console. */
export interface CmsAnswer {
  rc: number;
  lines: string[];
}

/** What a CMS command can reach, as the node gives it. */
export interface CmsHost {
  /** This system's name: the node a command means when it names none. */
  sysname: string;
  /** The user issuing the command. */
  userid: string;
  /** Runs a CP command as the user (CMS's `CP cmd`). */
  cp(text: string): Promise<CmsAnswer>;
  /** A file on the user's A-disk (its 191), or undefined when there is none. */
  readFile(fn: string, ft: string): Promise<string | undefined>;
  /** Whether `node` is a system of the plex. */
  knowsNode(node: string): boolean;
  /** Punches a file to a user's reader on this system (SENDFILE to a local user). */
  punchLocal(f: RscsOutbound): Promise<CmsAnswer & { spoolid?: string }>;
  /** Gives a file to RSCS for another node (docs/rscs.md). */
  rscsSend(f: RscsOutbound): Promise<RscsSent>;
  /** Sends a message through RSCS to `userid` at `node` (RSCS's MSG). */
  rscsMessage(node: string, userid: string, text: string): Promise<CmsAnswer>;
  /** Sends a DIRM request to DIRMAINT, here or over RSCS, and answers what DirMaint says (#12). */
  dirm(text: string): Promise<CmsAnswer>;
}

/** One CMS command of the table. */
export interface CmsCommand {
  name: string;
  /** The shortest abbreviation CMS takes (SENDFILE: SF is its synonym, listed in `synonyms`). */
  min: number;
  synonyms?: string[];
  /** Runs the command; `operands` is the text after the command name, as typed. */
  run(host: CmsHost, operands: string): Promise<CmsAnswer>;
}
