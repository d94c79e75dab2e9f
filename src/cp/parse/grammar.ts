import { cpAnswer } from "../../catalog/answer";
import { SYSNAME } from "../../text/names";
import { isAbbrev, minAbbrevOf, type Word } from "../../text/records";

/**
 * What every CP command parser shares: how keywords are spelled, what a parse answers, and the
 * shape of a command table entry. The parsers (parse/*.ts) each export their commands' entries;
 * src/cp/commands.ts gathers them into the one table that drives parsing and dispatch.
 */

/**
 * A parser's answer: a command, or CP's refusal with its return code and lines. An empty line is
 * `{ok: false, rc: 0, lines: []}`: CP does nothing and says nothing.
 */
export type ParseResult<C = unknown> = { ok: true; command: C } | ParseRefusal;

/** CP's refusal of a command line. */
export type ParseRefusal = { ok: false; rc: number; lines: string[] };

/** What a parser is given: the operands (upper case), the issuer's classes and the line as typed. */
export interface ParseContext {
  classes: string;
  /** The command line as typed (message text keeps its case). */
  line: string;
  /** The line's words as typed, with their columns; word 0 is the command. */
  original: readonly Word[];
}

/** One command of the table: IBM's spelling, who may use it, where that comes from, and its parser. */
export interface CommandEntry<C = unknown> {
  /** The name the table knows the command by (MSG and MESSAGE are one entry). */
  verb: string;
  /** IBM's spelling: the leading capitals are the minimum abbreviation (`DETach` → DET). */
  syntax: string;
  /** Other spellings of the same command (`LOGout` for LOGOFF). */
  aliases?: readonly string[];
  /** Classes of each form of the command; a user holding none of them does not know the command. */
  forms: Readonly<Record<string, string>>;
  /** Where the spelling and the classes come from. */
  source: string;
  /** Reads the operands into the command. */
  parse(ops: string[], ctx: ParseContext): ParseResult<C>;
}

/** Types a table entry by the command its parser makes (the table derives `Command` from these). */
export function command<C>(entry: CommandEntry<C>): CommandEntry<C> {
  return entry;
}

/** One operand keyword of a command (QUERY's NAMES, XLINK's FORMAT) with the classes it needs. */
export interface OperandEntry<T extends string> {
  value: T;
  syntax: string;
  classes: string;
  source: string;
}

/** True when `word` spells the mixed-case `syntax` keyword, at least as far as its capitals. */
export function spells(word: string, syntax: string): boolean {
  return isAbbrev(word, syntax, minAbbrevOf(syntax));
}

/** The entry of an operand table `word` spells, or undefined. */
export function findOperand<T extends string>(
  table: readonly OperandEntry<T>[],
  word: string,
): OperandEntry<T> | undefined {
  return table.find((o) => spells(word, o.syntax));
}

/** Accepts a parsed command. */
export function accept<C>(command: C): ParseResult<C> {
  return { ok: true, command };
}

/** Refuses a command line with a catalog message. */
export function refuse(id: string, vars: Record<string, string> = {}): ParseRefusal {
  return { ok: false, ...cpAnswer(id, vars) };
}

/** HCPCFC026E Operand missing or invalid. */
export const operandMissingOrInvalid = (): ParseRefusal => refuse("HCPCFC026E");

/** HCPCQV003E Invalid option - x. */
export const invalidOption = (option: string): ParseRefusal => refuse("HCPCQV003E", { option });

/** `[AT sysname|ALL]` at the end of a command, or the refusal `invalid` builds. */
export function parseAt(
  rest: string[],
  invalid: (option: string) => ParseRefusal,
): { at?: string; refusal?: undefined } | { refusal: ParseRefusal } {
  if (rest.length === 0) return {};
  if (rest[0] !== "AT") return { refusal: invalid(rest[0]) };
  const at = rest[1];
  if (at === undefined) return { refusal: operandMissingOrInvalid() };
  if (!SYSNAME.test(at)) return { refusal: invalid(at) };
  if (rest.length > 2) return { refusal: invalid(rest[2]) };
  return { at };
}

/** Accepts `command` with the `[AT sysname|ALL]` that ends `rest`, or refuses what follows it. */
export function withAt<C extends { at?: string }>(
  command: C,
  rest: string[],
  invalid: (option: string) => ParseRefusal,
): ParseResult<C> {
  const parsed = parseAt(rest, invalid);
  if (parsed.refusal) return parsed.refusal;
  if (parsed.at !== undefined) command.at = parsed.at;
  return accept(command);
}
