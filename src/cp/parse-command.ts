import { HEX_DEVICE, SYSNAME, USERID, VOLSER as VOLID } from "../text/names";
import { words } from "../text/records";
import {
  type Command,
  findCommand,
  findOperand,
  type ParseResult,
  QUERY_OPERANDS,
  QUERY_USERID_CLASSES,
  spells,
  XLINK_SUBCOMMANDS,
} from "./commands";
import { formatMessage, rcOf } from "./messages";
import {
  parseChange,
  parseClose,
  parseOrder,
  parsePurge,
  parseQueryFiles,
  parseSpool,
  parseSpxtape,
  parseTransfer,
  unitRecord,
} from "./parse-spool";
import { allows } from "./privileges";

const PASSWORD = /^\S{1,8}$/;
/** LINK modes of reference §4.1, each optionally asking for virtual reserve/release (V). */
const LINK_MODE = /^(RR|WR|MR|MW|SR|SW|SM|ER|EW|R|W|M)V?$/;
const CYL_OPTION = /^CYL\((\d{1,5})\)$/;
/** Devices one VARY may name, so a range like 0000-FFFF cannot flood a system. */
const MAX_VARY_DEVICES = 256;

type Refusal = Extract<ParseResult, { ok: false }>;

function refuse(id: string, vars: Record<string, string> = {}): Refusal {
  return { ok: false, rc: rcOf(id), lines: [formatMessage(id, vars)] };
}

function accept(command: Command): ParseResult {
  return { ok: true, command };
}

const operandMissingOrInvalid = (): Refusal => refuse("HCPCFC026E");
const invalidQueryOption = (option: string): Refusal => refuse("HCPCQV003E", { option });

/** A device number of 1-4 hex digits as four upper-case digits, or undefined. */
export function deviceNumber(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.toUpperCase();
  return HEX_DEVICE.test(t) ? t.padStart(4, "0") : undefined;
}

/** Parses one CP command line for a user holding `classes` (the USER statement's class letters). */
export function parseCommand(text: string, classes: string): ParseResult {
  // CP translates a command line to upper case before it looks at it (message text excepted).
  const original = words(text);
  const w = original.map((x) => x.text.toUpperCase());
  if (w.length === 0) return { ok: false, rc: 0, lines: [] };
  const entry = findCommand(w[0]);
  // A user without any of a command's classes is told it does not exist, as CP does (DESIGN §4).
  if (!entry || !Object.values(entry.forms).some((c) => allows(classes, c))) {
    return refuse("HCPCMD001E", { command: w[0] });
  }
  const ops = w.slice(1);
  switch (entry.verb) {
    case "LINK":
      return parseLink(ops);
    case "DETACH":
      return parseDetach(ops, classes);
    case "ATTACH":
      return parseAttach(ops);
    case "QUERY":
      return parseQuery(ops, classes);
    case "LOGOFF":
    case "DISCONNECT":
      if (ops.length > 1 || (ops.length === 1 && !spells(ops[0], "HOld"))) return operandMissingOrInvalid();
      return accept({ verb: entry.verb });
    case "FORCE":
    case "XAUTOLOG":
      return parseUserAt(entry.verb, ops);
    case "VARY":
      return parseVary(ops);
    case "XLINK":
      return parseXlink(ops, classes);
    case "MESSAGE":
    case "MSGNOH":
    case "SMSG":
    case "WARNING":
      return parseMessage(entry.verb === "MESSAGE" ? "MSG" : entry.verb, ops, text, original);
    case "SET":
      return parseSet(ops);
    case "SPOOL":
      return parseSpool(ops);
    case "CLOSE":
      return parseClose(ops);
    case "PURGE":
      return parsePurge(ops, allows(classes, "D"));
    case "CHANGE":
      return parseChange(ops, allows(classes, "D"));
    case "TRANSFER":
      return parseTransfer(ops, allows(classes, "D"));
    case "ORDER":
      return parseOrder(ops, allows(classes, "D"));
    case "SPXTAPE":
      return parseSpxtape(ops);
  }
}

// MSG|MSGNOH|SMSG|WARNING userid|* [AT sysname|ALL] text: the text keeps its case and spacing.
function parseMessage(
  kind: "MSG" | "MSGNOH" | "SMSG" | "WARNING",
  ops: string[],
  line: string,
  original: { text: string; column: number }[],
): ParseResult {
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
function parseSet(ops: string[]): ParseResult {
  const what = ops[0] === "MSG" || ops[0] === "SMSG" || ops[0] === "WNG" ? ops[0] : undefined;
  if (!what || ops.length !== 2 || (ops[1] !== "ON" && ops[1] !== "OFF")) return operandMissingOrInvalid();
  return accept({ verb: "SET", what, on: ops[1] === "ON" });
}

// LINK [TO] userid vdev1 [AS] vdev2 [mode] [[PASS=] password]  (reference §4.1)
function parseLink(ops: string[]): ParseResult {
  let i = 0;
  // Without TO the userid may not be TO or T, and without AS vdev2 may not be AS or A (VM/370 HELP).
  if (ops[i] !== undefined && spells(ops[i], "To")) i++;
  const owner = ops[i++];
  if (owner === undefined || (owner !== "*" && !USERID.test(owner))) return refuse("HCPLNM020E");
  const ownerVdev = deviceNumber(ops[i++]);
  if (ownerVdev === undefined) return operandMissingOrInvalid();
  if (ops[i] !== undefined && spells(ops[i], "As")) i++;
  const vdev = deviceNumber(ops[i++]);
  if (vdev === undefined) return operandMissingOrInvalid();

  const command: Extract<Command, { verb: "LINK" }> = { verb: "LINK", owner, ownerVdev, vdev };
  // A password that looks like a mode is read as the mode, as CP does when the mode is left out.
  if (ops[i] !== undefined && LINK_MODE.test(ops[i])) command.mode = ops[i++];
  if (ops[i] !== undefined) {
    let password = ops[i++];
    if (password.startsWith("PASS=")) {
      password = password.slice("PASS=".length);
      if (password === "" && ops[i] !== undefined) password = ops[i++];
    }
    if (!PASSWORD.test(password)) return operandMissingOrInvalid();
    command.password = password;
  }
  if (i < ops.length) return operandMissingOrInvalid();
  return accept(command);
}

// DETach vdev (class G); DETach rdev [FROM {userid|*|ALL|SYSTEM}] | DETach rdev SYSTEM (class B).
function parseDetach(ops: string[], classes: string): ParseResult {
  const dev = deviceNumber(ops[0]);
  if (dev === undefined) return operandMissingOrInvalid();
  const general = allows(classes, "G");
  const operator = allows(classes, "B");
  if (ops.length === 1) {
    return general ? accept({ verb: "DETACH", vdev: dev }) : accept({ verb: "DETACH_REAL", rdev: dev });
  }
  // CP reads a line in the forms the issuer may use: for a class G user FROM is just a bad operand.
  if (!operator) return operandMissingOrInvalid();
  if (ops.length === 2 && ops[1] === "SYSTEM")
    return accept({ verb: "DETACH_REAL", rdev: dev, from: "SYSTEM" });
  if (ops.length !== 3 || ops[1] !== "FROM") return operandMissingOrInvalid();
  const from = ops[2];
  if (from !== "*" && from !== "ALL" && from !== "SYSTEM" && !USERID.test(from))
    return operandMissingOrInvalid();
  return accept({ verb: "DETACH_REAL", rdev: dev, from });
}

// ATTach rdev [TO] {userid|*} [[AS] vdev] | ATTach rdev [TO] SYSTEM [[AS] volid]  (z/VM 7.2 ATTACH)
function parseAttach(ops: string[]): ParseResult {
  const rdev = deviceNumber(ops[0]);
  if (rdev === undefined) return operandMissingOrInvalid();
  let i = 1;
  if (ops[i] !== undefined && spells(ops[i], "To")) i++;
  const to = ops[i++];
  if (to === undefined || (to !== "*" && to !== "SYSTEM" && !USERID.test(to)))
    return operandMissingOrInvalid();
  const command: Extract<Command, { verb: "ATTACH" }> = { verb: "ATTACH", rdev, to };
  if (ops[i] !== undefined && spells(ops[i], "As")) {
    i++;
    if (ops[i] === undefined) return operandMissingOrInvalid();
  }
  if (ops[i] !== undefined) {
    const as = to === "SYSTEM" ? (VOLID.test(ops[i]) ? ops[i] : undefined) : deviceNumber(ops[i]);
    if (as === undefined) return operandMissingOrInvalid();
    command.as = as;
    i++;
  }
  if (i < ops.length) return operandMissingOrInvalid();
  return accept(command);
}

/** `[AT sysname|ALL]` at the end of a command, or the refusal `invalid` builds. */
function parseAt(
  rest: string[],
  invalid: (option: string) => Refusal,
): { at?: string; refusal?: undefined } | { refusal: Refusal } {
  if (rest.length === 0) return {};
  if (rest[0] !== "AT") return { refusal: invalid(rest[0]) };
  const at = rest[1];
  if (at === undefined) return { refusal: operandMissingOrInvalid() };
  if (!SYSNAME.test(at)) return { refusal: invalid(at) };
  if (rest.length > 2) return { refusal: invalid(rest[2]) };
  return { at };
}

function withAt(
  command: Command & { at?: string },
  rest: string[],
  invalid: (o: string) => Refusal,
): ParseResult {
  const parsed = parseAt(rest, invalid);
  if (parsed.refusal) return parsed.refusal;
  if (parsed.at !== undefined) command.at = parsed.at;
  return accept(command);
}

function noMoreOperands(command: Command, rest: string[]): ParseResult {
  return rest.length > 0 ? invalidQueryOption(rest[0]) : accept(command);
}

// Query Names|USERS|USERID|TIME|CPLEVEL|Virtual DASD|Virtual vdev|DASD|LINKS vdev|MDISK vdev|userid [AT ...]
function parseQuery(ops: string[], classes: string): ParseResult {
  if (ops.length === 0) return operandMissingOrInvalid();
  const [word, ...rest] = ops;
  // An operand the issuer may not use is read as a userid, as CP reads unauthorized forms.
  const operand = findOperand(QUERY_OPERANDS, word);
  if (operand && allows(classes, operand.classes)) {
    switch (operand.value) {
      case "NAMES":
      case "USERS":
        return withAt({ verb: "QUERY", what: operand.value }, rest, invalidQueryOption);
      case "FILES":
        return parseQueryFiles(unitRecord(word)!, rest, allows(classes, "D"));
      case "USERID":
      case "TIME":
      case "CPLEVEL":
      case "DASD":
        return noMoreOperands({ verb: "QUERY", what: operand.value }, rest);
      case "VIRTUAL": {
        if (rest.length === 0) return operandMissingOrInvalid();
        if (spells(rest[0], "DASD"))
          return noMoreOperands({ verb: "QUERY", what: "VIRTUAL_DASD" }, rest.slice(1));
        const vdev = deviceNumber(rest[0]);
        if (vdev === undefined) return invalidQueryOption(rest[0]);
        return noMoreOperands({ verb: "QUERY", what: "VIRTUAL_DASD", vdev }, rest.slice(1));
      }
      case "LINKS":
      case "MDISK": {
        if (rest.length === 0) return operandMissingOrInvalid();
        const vdev = deviceNumber(rest[0]);
        if (vdev === undefined) return invalidQueryOption(rest[0]);
        return noMoreOperands({ verb: "QUERY", what: operand.value, vdev }, rest.slice(1));
      }
    }
  }
  if (!allows(classes, QUERY_USERID_CLASSES) || !USERID.test(word)) return invalidQueryOption(word);
  return withAt({ verb: "QUERY", what: "USER", userid: word }, rest, invalidQueryOption);
}

// FORCE userid [AT sysname] | XAUTOLog userid [AT sysname]
function parseUserAt(verb: "FORCE" | "XAUTOLOG", ops: string[]): ParseResult {
  const userid = ops[0];
  if (userid === undefined || !USERID.test(userid)) return operandMissingOrInvalid();
  return withAt({ verb, userid }, ops.slice(1), operandMissingOrInvalid);
}

// Vary ONline|OFFline rdev|rdev1-rdev2 ...
function parseVary(ops: string[]): ParseResult {
  if (ops.length < 2) return operandMissingOrInvalid();
  let online: boolean;
  if (spells(ops[0], "ONline")) online = true;
  else if (spells(ops[0], "OFFline")) online = false;
  else return operandMissingOrInvalid();
  const rdevs: string[] = [];
  for (const op of ops.slice(1)) {
    const [first, last, extra] = op.split("-");
    const from = deviceNumber(first);
    const to = last === undefined ? from : deviceNumber(last);
    if (from === undefined || to === undefined || extra !== undefined) return operandMissingOrInvalid();
    const lo = parseInt(from, 16);
    const hi = parseInt(to, 16);
    if (hi < lo || rdevs.length + hi - lo + 1 > MAX_VARY_DEVICES) return operandMissingOrInvalid();
    for (let n = lo; n <= hi; n++) rdevs.push(n.toString(16).toUpperCase().padStart(4, "0"));
  }
  return accept({ verb: "VARY", online, rdevs });
}

// XLINK FOrmat vdev volid | CHECK volid | DISPLAY vdev [NOHeader] [STACK|FIFO|LIFO] [CYL(n)]
//       | RESET sysname [volid|ALL]
function parseXlink(ops: string[], classes: string): ParseResult {
  if (ops.length === 0) return operandMissingOrInvalid();
  const sub = findOperand(XLINK_SUBCOMMANDS, ops[0]);
  if (!sub || !allows(classes, sub.classes)) return operandMissingOrInvalid();
  const rest = ops.slice(1);
  switch (sub.value) {
    case "FORMAT": {
      const vdev = deviceNumber(rest[0]);
      if (vdev === undefined || rest.length !== 2 || !VOLID.test(rest[1])) return operandMissingOrInvalid();
      return accept({ verb: "XLINK", sub: "FORMAT", vdev, volid: rest[1] });
    }
    case "CHECK":
      if (rest.length !== 1 || !VOLID.test(rest[0])) return operandMissingOrInvalid();
      return accept({ verb: "XLINK", sub: "CHECK", volid: rest[0] });
    case "DISPLAY": {
      const vdev = deviceNumber(rest[0]);
      if (vdev === undefined) return operandMissingOrInvalid();
      const command: Extract<Command, { verb: "XLINK"; sub: "DISPLAY" }> = {
        verb: "XLINK",
        sub: "DISPLAY",
        vdev,
        noHeader: false,
      };
      for (const option of rest.slice(1)) {
        const cyl = CYL_OPTION.exec(option);
        // CMS options may follow an opening parenthesis; where the output goes does not matter here.
        if (option === "(" || option === "STACK" || option === "FIFO" || option === "LIFO") continue;
        if (spells(option, "NOHeader")) command.noHeader = true;
        else if (cyl) command.cyl = Number(cyl[1]);
        else return operandMissingOrInvalid();
      }
      return accept(command);
    }
    case "RESET": {
      const [sysname, volid = "ALL", ...extra] = rest;
      if (sysname === undefined || !SYSNAME.test(sysname) || !VOLID.test(volid) || extra.length > 0) {
        return operandMissingOrInvalid();
      }
      return accept({ verb: "XLINK", sub: "RESET", sysname, volid });
    }
  }
}
