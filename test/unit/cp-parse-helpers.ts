import type { Command } from "../../src/cp/commands";
import { parseCommand } from "../../src/cp/parse-command";

/** Every IBM class, so class checks never get in the way of an operand test. */
export const ALL = "ABCDEFG";

/** The command a line parses to, issued with `classes`; throws with CP's answer when refused. */
export function parsed(text: string, classes = ALL): Command {
  const r = parseCommand(text, classes);
  if (!r.ok) throw new Error(`${text}: ${r.lines.join(" / ")}`);
  return r.command;
}

/** CP's answer to a line it refuses, issued with `classes`; throws when the line is accepted. */
export function refused(text: string, classes = ALL): { rc: number; lines: string[] } {
  const r = parseCommand(text, classes);
  if (r.ok) throw new Error(`${text}: accepted as ${JSON.stringify(r.command)}`);
  return { rc: r.rc, lines: r.lines };
}

/** HCPCQV003E for `option`. */
export const invalidOption = (option: string) => ({
  rc: 3,
  lines: [`HCPCQV003E Invalid option - ${option}`],
});
/** HCPCFC026E. */
export const operandMissing = { rc: 26, lines: ["HCPCFC026E Operand missing or invalid"] };
