import { COMMAND_MESSAGES } from "./commands";
import type { CpMessage } from "./cp-message";
import { LINK_MESSAGES } from "./link";
import { SESSION_MESSAGES } from "./session";
import { SPOOL_MESSAGES } from "./spool";
import { SYSTEM_MESSAGES } from "./system";
import { XLINK_MESSAGES } from "./xlink";

export type { CpMessage, MessageSource, Severity } from "./cp-message";

/**
 * The one CP message catalog, its entries kept by component. A corrected text is a one-line change
 * in the component's file. cseplex's own texts where CP's are not at hand are `recalled` (unverified),
 * and their note says "ours".
 */
export const MESSAGES: readonly CpMessage[] = [
  ...LINK_MESSAGES,
  ...SESSION_MESSAGES,
  ...XLINK_MESSAGES,
  ...SPOOL_MESSAGES,
  ...SYSTEM_MESSAGES,
  ...COMMAND_MESSAGES,
];

const CATALOG: ReadonlyMap<string, CpMessage> = new Map(MESSAGES.map((m) => [m.id, m]));

const VARIABLE = /\{(\w+)\}/g;

/** The catalog entry for an id; throws on an unknown id (a programming error). */
export function messageOf(id: string): CpMessage {
  const m = CATALOG.get(id);
  if (!m) throw new Error(`unknown CP message id ${id}`);
  return m;
}

/** The message id CP prints: the catalog key without its `:FORM` suffix. */
export function printedId(id: string): string {
  return messageOf(id).id.split(":")[0];
}

/** Names of the `{variables}` a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1]))];
}

/**
 * The full CP line, `HCPLNM104E USERA 0191 not linked; R/O by 2 users`. Throws on an unknown id
 * or a missing variable: both are bugs in the caller, never user input.
 */
export function formatMessage(id: string, vars: Readonly<Record<string, string | number>> = {}): string {
  const m = messageOf(id);
  const text = m.template.replace(VARIABLE, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`${id}: missing variable {${name}}`);
    return String(v);
  });
  return `${printedId(id)} ${text}`;
}

/** The CP return code a message sets: its number (HCPLNM104E → 104). */
export function rcOf(id: string): number {
  return messageOf(id).number;
}
