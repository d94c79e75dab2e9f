import { type CpAnswer, cpAnswer, okAnswer } from "../catalog/answer";
import type { SystemState } from "../plex/topology";
import type { MessageCommand } from "./parse/message";

/** A message on its way to a console: what kind, from whom and where, and the text. */
export interface Note {
  /** CP is a notice from CP itself (RDR FILE ... SENT FROM): SET MSG OFF does not stop it. */
  kind: MessageCommand["kind"] | "CP";
  from: string;
  fromSystem: string;
  text: string;
}

/** What a console did with a note: took it, or why not (the user is away, or has SET it OFF). */
export type Delivery = "delivered" | "not logged on" | "MSG" | "SMSG" | "WNG";

/** What a user takes (SET MSG/SMSG/WNG). */
export interface MessageSettings {
  msg: boolean;
  smsg: boolean;
  wng: boolean;
}

/** Whether a logged-on user takes a note, or which SET keeps it out. */
export function accepts(note: Note, s: MessageSettings): Delivery {
  if ((note.kind === "MSG" || note.kind === "MSGNOH") && !s.msg) return "MSG";
  if (note.kind === "SMSG" && !s.smsg) return "SMSG";
  if (note.kind === "WARNING" && !s.wng) return "WNG";
  return "delivered";
}

/** The console line a note makes on system `here`: `MSG FROM MAINT    AT LTICVM2: text`, or the text alone. */
export function consoleLine(note: Note, here: string): string {
  if (note.kind === "CP" || note.kind === "MSGNOH") return note.text;
  const sender = `${note.from.padEnd(8)}${note.fromSystem !== here ? ` AT ${note.fromSystem}` : ""}`;
  return `${note.kind === "WARNING" ? "WNG" : note.kind} FROM ${sender}: ${note.text}`;
}

/**
 * Why system `at` cannot be reached from `here`, if it cannot: not in the plex (HCPCSE9031E) or
 * not up (HCPCSE9030E). `states` holds every system of the plex.
 */
export function unreachable(
  at: string,
  here: string,
  states: Readonly<Record<string, SystemState>>,
  noPath: Readonly<Record<string, string>> = {},
): CpAnswer | undefined {
  if (at === here) return undefined;
  if (!(at in states)) return cpAnswer("HCPCSE9031E", { sysname: at });
  if (states[at] !== "UP") return cpAnswer("HCPCSE9030E", { sysname: at });
  if (noPath[at]) return cpAnswer("HCPCSE9033E", { sysname: at, why: noPath[at] });
  return undefined;
}

/** Whether routing a message needs the other systems' states (it goes elsewhere, or the user is not here). */
export function needsStates(c: Pick<MessageCommand, "at">, here: string, toIsHere: boolean): boolean {
  return (c.at !== undefined && c.at !== here) || !toIsHere;
}

/**
 * Where a message goes: the system AT names, every UP system (AT ALL), here when the user is
 * logged on here, else every other UP system (wherever the user is). Or the CP error for AT.
 */
export function messageTargets(
  c: Pick<MessageCommand, "at">,
  here: string,
  toIsHere: boolean,
  states: Readonly<Record<string, SystemState>>,
  noPath: Readonly<Record<string, string>> = {},
): { targets: string[] } | { error: CpAnswer } {
  // Reachable: up, and here or over a CSE path (`noPath` names the systems without one).
  const up = Object.keys(states).filter((s) => states[s] === "UP" && !noPath[s]);
  if (c.at === "ALL") return { targets: up };
  if (c.at) {
    const error = unreachable(c.at, here, states, noPath);
    return error ? { error } : { targets: [c.at] };
  }
  if (toIsHere) return { targets: [here] };
  return { targets: up.filter((s) => s !== here) };
}

/**
 * Where MSG ALL, MSGNOH ALL or WARNING ALL goes: this system (no AT, or AT *), the system AT names,
 * or every UP system reached (AT ALL): on each, every logged-on user, connected or disconnected
 * (z/VM 7.3 MESSAGE ALL). CSE is not SSI: without AT the message stays on this system, where an
 * SSI member would default to AT ALL. Or the CP error for an AT system that cannot be reached.
 */
export function broadcastTargets(
  at: string | undefined,
  here: string,
  states: Readonly<Record<string, SystemState>>,
  noPath: Readonly<Record<string, string>> = {},
): { targets: string[] } | { error: CpAnswer } {
  if (at === undefined || at === here) return { targets: [here] };
  if (at === "ALL")
    return {
      targets: [here, ...Object.keys(states).filter((s) => s !== here && states[s] === "UP" && !noPath[s])],
    };
  const error = unreachable(at, here, states, noPath);
  return error ? { error } : { targets: [at] };
}

/** CP's answer to the sender once the targets said what they did with the message. */
export function messageAnswer(to: string, deliveries: readonly Delivery[]): CpAnswer {
  if (deliveries.some((a) => a === "delivered")) return okAnswer();
  const off = deliveries.find((a) => a !== "not logged on");
  if (off) return cpAnswer("HCPMSG057I", { userid: to, what: off });
  return cpAnswer("HCPMSG045E", { userid: to });
}
