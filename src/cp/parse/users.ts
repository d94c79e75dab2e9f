import { USERID } from "../../text/names";
import { ANY } from "../privileges";
import { accept, command, operandMissingOrInvalid, spells, withAt, type ParseResult } from "./grammar";

export type LogoffCommand = { verb: "LOGOFF" };
export type DisconnectCommand = { verb: "DISCONNECT" };
export type ForceCommand = { verb: "FORCE"; userid: string; at?: string };
/** `synch`: CP answers once the logon is done (`Command complete`), not at once (`Command accepted`). */
export type XautologCommand = { verb: "XAUTOLOG"; userid: string; at?: string; synch?: boolean };

// LOGoff [HOld] | DISConnect [HOld]
function parseSession<V extends "LOGOFF" | "DISCONNECT">(verb: V, ops: string[]): ParseResult<{ verb: V }> {
  if (ops.length > 1 || (ops.length === 1 && !spells(ops[0], "HOld"))) return operandMissingOrInvalid();
  return accept({ verb });
}

// FORCE userid [AT sysname] | XAUTOLog userid [AT sysname]
function parseUserAt<V extends "FORCE" | "XAUTOLOG">(
  verb: V,
  ops: string[],
): ParseResult<{ verb: V; userid: string; at?: string }> {
  const userid = ops[0];
  if (userid === undefined || !USERID.test(userid)) return operandMissingOrInvalid();
  return withAt<{ verb: V; userid: string; at?: string }>(
    { verb, userid },
    ops.slice(1),
    operandMissingOrInvalid,
  );
}

// XAUTOLog userid [SYNch] [AT sysname]: of XAUTOLOG's other operands (z/VM 7.3) only SYNCH is read.
function parseXautolog(ops: string[]): ParseResult<XautologCommand> {
  const synchAt = ops.findIndex((w, i) => i > 0 && ops[i - 1] !== "AT" && spells(w, "SYNch"));
  if (synchAt < 0) return parseUserAt("XAUTOLOG", ops);
  const parsed = parseUserAt("XAUTOLOG", [...ops.slice(0, synchAt), ...ops.slice(synchAt + 1)]);
  return parsed.ok ? accept({ ...parsed.command, synch: true }) : parsed;
}

/** LOGOFF, DISCONNECT, FORCE and XAUTOLOG: sessions. */
export const USER_COMMANDS = [
  command<LogoffCommand>({
    verb: "LOGOFF",
    syntax: "LOGoff",
    aliases: ["LOGout"],
    forms: { logoff: ANY },
    source: "LOGoff/LOGout, class Any: z/VM CP HELP LOGOFF (vm.uconn.edu, IBM 1990, 2008)",
    parse: (ops) => parseSession("LOGOFF", ops),
  }),
  command<DisconnectCommand>({
    verb: "DISCONNECT",
    syntax: "DISConnect",
    forms: { disconnect: ANY },
    source:
      "class Any and the minimum DISC: VM/370 HELP DISCONN ('DISConn'); " +
      "the z/VM spelling DISCONNECT is recalled",
    parse: (ops) => parseSession("DISCONNECT", ops),
  }),
  command<ForceCommand>({
    verb: "FORCE",
    syntax: "FORCE",
    forms: { force: "A" },
    source:
      "class A: 'MODIFY CMD FORCE IBMCLASS A' in shared/corpus/xcat-zvm-setup-modify-cmd.sysconfig; " +
      "no abbreviation: VM/370 Operator's Guide p.75",
    parse: (ops) => parseUserAt("FORCE", ops),
  }),
  command<XautologCommand>({
    verb: "XAUTOLOG",
    syntax: "XAUTOLog",
    forms: { xautolog: "ABG" },
    source: "XAUTOLog userid [SYNch], classes A, B, G: z/VM 7.3 XAUTOLOG",
    parse: (ops) => parseXautolog(ops),
  }),
] as const;
