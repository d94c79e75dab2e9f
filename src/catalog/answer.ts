import { formatMessage, rcOf } from "./messages";

/** The answer to a CP command or a LOGON: CP's return code and its lines. */
export interface CpAnswer {
  rc: number;
  lines: string[];
}

/** A message to show: catalog id and its variables (decided in plain code, printed here). */
export interface MessageRef {
  id: string;
  vars: Readonly<Record<string, string | number>>;
}

/** The one builder of a CP answer from a message id: rc is the message's number, one line. */
export function cpAnswer(id: string, vars: Readonly<Record<string, string | number>> = {}): CpAnswer {
  return { rc: rcOf(id), lines: [formatMessage(id, vars)] };
}

/** A successful answer: rc 0 and CP's lines (none when CP says nothing). */
export function okAnswer(lines: string[] = []): CpAnswer {
  return { rc: 0, lines };
}

/** The CP line of a message reference. */
export function lineOf(m: MessageRef): string {
  return formatMessage(m.id, m.vars);
}

/** The rc of several lines: the number of the first CP message among them, else 0. */
export function rcOfLines(lines: readonly string[]): number {
  const failed = lines.find((l) => /^HCP[A-Z]{3}\d{3,4}[EWIR] /.test(l));
  return failed ? rcOf(failed.slice(0, failed.indexOf(" "))) : 0;
}
