import { SYSNAME, USERID } from "../../text/names";
import type { Word } from "../../text/records";
import { allows } from "../privileges";
import { accept, command, operandMissingOrInvalid, refuse, type ParseResult } from "./grammar";

/** MSG shows the sender, MSGNOH not; SMSG goes to programs that accept it; WARNING is the operator's. */
export type MessageKind = "MSG" | "MSGNOH" | "SMSG" | "WARNING";

export type MessageCommand = {
  verb: "MESSAGE";
  kind: MessageKind;
  /** A userid, or "*" for oneself; "ALL" with `all`. */
  to: string;
  /**
   * MSG ALL, MSGNOH ALL, WARNING ALL: every logged-on user (connected or not) of this system, or
   * of the systems AT names. Only for issuers with the broadcast form's classes; for others ALL is
   * a userid, as CP reads the operand of the form they have.
   */
  all?: boolean;
  at?: string;
  /** The text as typed: CP does not translate message text to upper case. */
  text: string;
};
export type SetCommand = { verb: "SET"; what: "MSG" | "SMSG" | "WNG"; on: boolean };

/** The classes of each kind's ALL form (z/VM 7.3 MESSAGE ALL: A, B; MSGNOH ALL and WARNING ALL recalled). */
export const BROADCAST_CLASSES: Readonly<Partial<Record<MessageKind, string>>> = {
  MSG: "AB",
  MSGNOH: "B",
  WARNING: "AB",
};

// MSG|MSGNOH|SMSG|WARNING userid|* [AT sysname|ALL] text, and MSG|MSGNOH|WARNING ALL [AT ALL|sysname|*]
// text for the classes BROADCAST_CLASSES gives: the text keeps its case and spacing.
function parseMessage(
  kind: MessageKind,
  ops: string[],
  ctx: { classes: string; line: string; original: readonly Word[] },
): ParseResult<MessageCommand> {
  const { line, original } = ctx;
  const to = ops[0];
  if (to === undefined || (to !== "*" && !USERID.test(to))) return refuse("HCPLNM020E");
  const broadcast = BROADCAST_CLASSES[kind];
  const all = to === "ALL" && broadcast !== undefined && allows(ctx.classes, broadcast);
  let next = 1;
  let at: string | undefined;
  if (ops[1] === "AT") {
    at = ops[2];
    // AT * (this system) is the ALL form's (MSGALL73).
    if (all && at === "*") at = undefined;
    else if (at === undefined || !SYSNAME.test(at)) return operandMissingOrInvalid();
    next = 3;
  }
  // Word `next` of the operands is word next+1 of the line; the text runs from it to the end.
  const first = original[next + 1];
  const text = first ? line.slice(first.column - 1).trimEnd() : "";
  if (text === "") return operandMissingOrInvalid();
  return accept({ verb: "MESSAGE", kind, to, ...(all ? { all } : {}), at, text });
}

// SET MSG|SMSG|WNG ON|OFF
function parseSet(ops: string[]): ParseResult<SetCommand> {
  const what = ops[0] === "MSG" || ops[0] === "SMSG" || ops[0] === "WNG" ? ops[0] : undefined;
  if (!what || ops.length !== 2 || (ops[1] !== "ON" && ops[1] !== "OFF")) return operandMissingOrInvalid();
  return accept({ verb: "SET", what, on: ops[1] === "ON" });
}

/** MSG, MSGNOH, SMSG, WARNING and SET MSG/SMSG/WNG: messages between users. */
export const MESSAGE_COMMANDS = [
  command<MessageCommand>({
    verb: "MESSAGE",
    syntax: "Message",
    aliases: ["MSG"],
    forms: { user: "ABCDEFG", all: "AB" },
    source:
      "Message/MSG userid|* [AT sysname|ALL] text: recalled; AT forms per reference §7 (SSI), classes recalled. " +
      "MSG ALL [AT ALL|sysname|*] text, classes A and B, to every active and disconnected user: z/VM 7.3 MESSAGE ALL",
    parse: (ops, ctx) => parseMessage("MSG", ops, ctx),
  }),
  command<MessageCommand>({
    verb: "MSGNOH",
    syntax: "MSGNOH",
    forms: { msgnoh: "B" },
    source: "MSGNOH (no header) userid|ALL, class B: recalled",
    parse: (ops, ctx) => parseMessage("MSGNOH", ops, ctx),
  }),
  command<MessageCommand>({
    verb: "SMSG",
    syntax: "SMsg",
    forms: { smsg: "G" },
    source: "SMsg userid [AT sysname] text, class G: recalled (reference §7 names SMSG AT member)",
    parse: (ops, ctx) => parseMessage("SMSG", ops, ctx),
  }),
  command<MessageCommand>({
    verb: "WARNING",
    syntax: "Warning",
    forms: { warning: "AB" },
    source: "Warning userid|ALL [AT sysname|ALL] text, classes A and B: recalled (reference §6)",
    parse: (ops, ctx) => parseMessage("WARNING", ops, ctx),
  }),
  command<SetCommand>({
    verb: "SET",
    syntax: "SET",
    forms: { user: "G" },
    source: "SET MSG|SMSG|WNG ON|OFF, class G: recalled",
    parse: (ops) => parseSet(ops),
  }),
] as const;
