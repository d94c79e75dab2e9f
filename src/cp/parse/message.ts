import { SYSNAME, USERID } from "../../text/names";
import type { Word } from "../../text/records";
import { accept, command, operandMissingOrInvalid, refuse, type ParseResult } from "./grammar";

/** MSG shows the sender, MSGNOH not; SMSG goes to programs that accept it; WARNING is the operator's. */
export type MessageKind = "MSG" | "MSGNOH" | "SMSG" | "WARNING";

export type MessageCommand = {
  verb: "MESSAGE";
  kind: MessageKind;
  /** A userid, or "*" for oneself. */
  to: string;
  at?: string;
  /** The text as typed: CP does not translate message text to upper case. */
  text: string;
};
export type SetCommand = { verb: "SET"; what: "MSG" | "SMSG" | "WNG"; on: boolean };

// MSG|MSGNOH|SMSG|WARNING userid|* [AT sysname|ALL] text: the text keeps its case and spacing.
function parseMessage(
  kind: MessageKind,
  ops: string[],
  line: string,
  original: readonly Word[],
): ParseResult<MessageCommand> {
  const to = ops[0];
  if (to === undefined || (to !== "*" && !USERID.test(to))) return refuse("HCPLNM020E");
  let next = 1;
  let at: string | undefined;
  if (ops[1] === "AT") {
    at = ops[2];
    if (at === undefined || !SYSNAME.test(at)) return operandMissingOrInvalid();
    next = 3;
  }
  // Word `next` of the operands is word next+1 of the line; the text runs from it to the end.
  const first = original[next + 1];
  const text = first ? line.slice(first.column - 1).trimEnd() : "";
  if (text === "") return operandMissingOrInvalid();
  return accept({ verb: "MESSAGE", kind, to, at, text });
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
    forms: { user: "ABCDEFG" },
    source:
      "Message/MSG userid|* [AT sysname|ALL] text: recalled; AT forms per reference §7 (SSI), classes recalled",
    parse: (ops, ctx) => parseMessage("MSG", ops, ctx.line, ctx.original),
  }),
  command<MessageCommand>({
    verb: "MSGNOH",
    syntax: "MSGNOH",
    forms: { msgnoh: "B" },
    source: "MSGNOH (no header), class B: recalled",
    parse: (ops, ctx) => parseMessage("MSGNOH", ops, ctx.line, ctx.original),
  }),
  command<MessageCommand>({
    verb: "SMSG",
    syntax: "SMsg",
    forms: { smsg: "G" },
    source: "SMsg userid [AT sysname] text, class G: recalled (reference §7 names SMSG AT member)",
    parse: (ops, ctx) => parseMessage("SMSG", ops, ctx.line, ctx.original),
  }),
  command<MessageCommand>({
    verb: "WARNING",
    syntax: "Warning",
    forms: { warning: "AB" },
    source: "Warning userid|ALL text, classes A and B: recalled",
    parse: (ops, ctx) => parseMessage("WARNING", ops, ctx.line, ctx.original),
  }),
  command<SetCommand>({
    verb: "SET",
    syntax: "SET",
    forms: { user: "G" },
    source: "SET MSG|SMSG|WNG ON|OFF, class G: recalled",
    parse: (ops) => parseSet(ops),
  }),
] as const;
