import { words } from "../text/records";
import { findCommand } from "./commands";
import type { Command } from "./commands";
import { refuse, type ParseResult } from "./parse/grammar";
import { allows } from "./privileges";

/** Parses one CP command line for a user holding `classes` (the USER statement's class letters). */
export function parseCommand(text: string, classes: string): ParseResult<Command> {
  // `CP command` and `#CP command` are the command itself: the prefix is how a command reaches CP
  // from CMS or a guest's console (issue #13); CP acts on what follows it.
  const prefix = /^\s*#?CP(?:\s+|$)/i.exec(text);
  if (prefix) return parseCommand(text.slice(prefix[0].length), classes);
  // CP translates a command line to upper case before it looks at it (message text excepted).
  const original = words(text);
  const w = original.map((x) => x.text.toUpperCase());
  if (w.length === 0) return { ok: false, rc: 0, lines: [] };
  const entry = findCommand(w[0]);
  // A user without any of a command's classes is told it does not exist, as CP does (DESIGN §4).
  if (!entry || !Object.values(entry.forms).some((c) => allows(classes, c)))
    return refuse("HCPCMD001E", { command: w[0] });
  return entry.parse(w.slice(1), { classes, line: text, original }) as ParseResult<Command>;
}
