import type { RscsOutbound, RscsSent } from "../rscs/types";
import { SENDFILE, TELL } from "./commands-rscs";

/**
 * The CMS commands a user issues through `POST .../users/:userid/cms` (issue #12): one table, each
 * entry its name, shortest abbreviation and handler. A handler is plain TypeScript over a host the
 * node plugs in (CP, the user's A-disk, RSCS); adding a command (DIRM) is one entry here, and a
 * capability on CmsHost if it needs one. A command CMS does not know answers as CMS does:
 * `Unknown CP/CMS command`, rc -3 (the text the EXEC runner's profiles use, src/cms/profiles.ts).
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

/** DIRM: DirMaint's command; the request goes to DIRMAINT (docs/dirmaint.md). */
const DIRM: CmsCommand = { name: "DIRM", min: 4, run: (host, operands) => host.dirm(operands) };

/** The table: every CMS command the plex simulates. */
export const CMS_COMMANDS: readonly CmsCommand[] = [TELL, SENDFILE, DIRM];

/** CMS's answer to a command it does not know. */
export const UNKNOWN_CMS_COMMAND: CmsAnswer = { rc: -3, lines: ["Unknown CP/CMS command"] };

/** The command of the table `word` names (by name, abbreviation or synonym), or undefined. */
export function findCmsCommand(word: string): CmsCommand | undefined {
  const w = word.toUpperCase();
  return CMS_COMMANDS.find(
    (c) =>
      c.synonyms?.includes(w) || (w.length >= c.min && w.length <= c.name.length && c.name.startsWith(w)),
  );
}

/** Runs one CMS command line: `CP cmd` goes to CP; a command of the table runs; anything else is unknown. */
export async function runCmsCommand(host: CmsHost, text: string): Promise<CmsAnswer> {
  const t = text.trim();
  const m = /^(\S+)\s*([\s\S]*)$/.exec(t);
  if (!m) return UNKNOWN_CMS_COMMAND;
  const [, word, operands] = m;
  if (word.toUpperCase() === "CP") return host.cp(operands);
  const command = findCmsCommand(word);
  return command ? command.run(host, operands) : UNKNOWN_CMS_COMMAND;
}
