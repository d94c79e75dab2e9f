import type { CommandEntry } from "./parse/grammar";
import { spells } from "./parse/grammar";
import { DEVICE_COMMANDS } from "./parse/devices";
import { INDICATE_COMMANDS } from "./parse/indicate";
import { MESSAGE_COMMANDS } from "./parse/message";
import { QUERY_COMMANDS } from "./parse/query";
import { SPOOL_COMMANDS } from "./parse/spool";
import { TAG_COMMANDS } from "./parse/tag";
import { USER_COMMANDS } from "./parse/users";
import { XLINK_COMMANDS } from "./parse/xlink";

/**
 * The CP commands cseplex knows: one table that drives parsing (each entry's parser) and dispatch
 * (a VmNode handles each `Command` verb; TypeScript makes it handle every one). Adding a command
 * to a family is its entry and parser in parse/<family>.ts, and its handler in the node.
 *
 * Sources: "VM/370 HELP" is the VM/370 CMS HELP text mirrored at codex.retro1.org; "z/VM 7.x"
 * pages are IBM's CP Commands and Utilities Reference on ibm.com/docs; "recalled" means no page
 * was found and the fact is unverified.
 */
export const COMMANDS = [
  ...DEVICE_COMMANDS,
  ...QUERY_COMMANDS,
  ...INDICATE_COMMANDS,
  ...USER_COMMANDS,
  ...XLINK_COMMANDS,
  ...MESSAGE_COMMANDS,
  ...SPOOL_COMMANDS,
  ...TAG_COMMANDS,
] as const;

type CommandOf<E> = E extends CommandEntry<infer C> ? C : never;

/** A CP command line, parsed and checked against the issuer's privilege classes. */
export type Command = CommandOf<(typeof COMMANDS)[number]>;

/** The verbs a node dispatches on (MSG, SMSG, WARNING are all MESSAGE; PURGE, CHANGE, ... are file actions). */
export type CommandVerb = Command["verb"];

/** The table entry `word` names (any accepted abbreviation or alias), or undefined. */
export function findCommand(word: string): CommandEntry | undefined {
  return (COMMANDS as readonly CommandEntry[]).find((c) =>
    [c.syntax, ...(c.aliases ?? [])].some((s) => spells(word, s)),
  );
}
