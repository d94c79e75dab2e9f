import { SENDFILE, TELL } from "./commands-rscs";
import type { CmsAnswer, CmsCommand, CmsHost } from "./commands-types";

export type { CmsAnswer, CmsCommand, CmsHost } from "./commands-types";

/**
 * The CMS commands a user issues through `POST .../users/:userid/cms` (issue #12): one table, each
 * entry its name, shortest abbreviation and handler. A handler is plain TypeScript over a host the
 * node plugs in (CP, the user's A-disk, RSCS); adding a command (DIRM) is one entry here, and a
 * capability on CmsHost if it needs one. A command CMS does not know answers as CMS does:
 * `Unknown CP/CMS command`, rc -3 (the text the EXEC runner's profiles use, src/cms/profiles.ts).
 */

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
