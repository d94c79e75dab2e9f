import type { Queue } from "../../spool/spool";
import { deviceNumber, USERID } from "../../text/names";
import { allows, ANY } from "../privileges";
import {
  accept,
  command,
  findOperand,
  invalidOption,
  operandMissingOrInvalid,
  spells,
  withAt,
  type OperandEntry,
  type ParseResult,
} from "./grammar";
import { unitRecord } from "./spool";

/** What QUERY asks about. */
export type QueryWhat =
  | "NAMES"
  | "USERS"
  | "USERID"
  | "TIME"
  | "CPLEVEL"
  | "VIRTUAL_DASD"
  | "DASD"
  | "LINKS"
  | "MDISK"
  | "USER"
  | "FILES"
  | "REAL";

export type QueryCommand = {
  verb: "QUERY";
  what: QueryWhat;
  userid?: string;
  vdev?: string;
  /** QUERY rdev (class B): the real device; `userid` too when the word could also name a user. */
  rdev?: string;
  at?: string;
  all?: boolean;
  /** QUERY READER/PRINTER/PUNCH: the queue, and whose files (class D: a userid or ALL). */
  queue?: Queue;
  user?: string;
};

/** QUERY's operand keywords; any other word is a userid, which is how CP reads `Q word`. */
export const QUERY_OPERANDS: readonly OperandEntry<
  Exclude<QueryWhat, "VIRTUAL_DASD" | "USER"> | "VIRTUAL"
>[] = [
  { value: "NAMES", syntax: "Names", classes: "G", source: "recalled; Q N is the classic spelling" },
  {
    value: "USERS",
    syntax: "USERS",
    classes: "G",
    source: "recalled; spelled in full so `Q USER` asks about userid USER",
  },
  { value: "USERID", syntax: "USERID", classes: ANY, source: "recalled" },
  {
    value: "FILES",
    syntax: "Reader",
    classes: "DG",
    source: "Query Reader|Printer|PUnch [ALL]: reference §6; abbreviations recalled",
  },
  { value: "FILES", syntax: "RDR", classes: "DG", source: "recalled" },
  { value: "FILES", syntax: "Printer", classes: "DG", source: "recalled" },
  { value: "FILES", syntax: "PRT", classes: "DG", source: "recalled" },
  { value: "FILES", syntax: "PUnch", classes: "DG", source: "recalled" },
  { value: "FILES", syntax: "PUN", classes: "DG", source: "recalled" },
  { value: "FILES", syntax: "PCH", classes: "DG", source: "recalled" },
  { value: "TIME", syntax: "TIME", classes: "G", source: "recalled" },
  { value: "CPLEVEL", syntax: "CPLEVEL", classes: "G", source: "recalled" },
  { value: "VIRTUAL", syntax: "Virtual", classes: "G", source: "recalled; Q V is the classic spelling" },
  {
    value: "DASD",
    syntax: "DASD",
    classes: "B",
    source: "real devices are class B (brief); spelling recalled",
  },
  {
    value: "LINKS",
    syntax: "LINKS",
    classes: "G",
    source: "reference §9.2 (own minidisk); spelling recalled",
  },
  {
    value: "MDISK",
    syntax: "MDISK",
    classes: "G",
    source: "own minidisk only, a simulator choice; recalled",
  },
];

/** The userid form of QUERY (`Q userid`), class G. */
export const QUERY_USERID_CLASSES = "G";

function noMoreOperands(query: QueryCommand, rest: string[]): ParseResult<QueryCommand> {
  return rest.length > 0 ? invalidOption(rest[0]) : accept(query);
}

/** `Query Reader|Printer|PUnch [*|userid|ALL] [ALL]`: class D may name a user or ALL users. */
function parseQueryFiles(queue: Queue, rest: string[], operator: boolean): ParseResult<QueryCommand> {
  let i = 0;
  let user: string | undefined;
  if (rest[0] === "*") i++;
  else if (
    operator &&
    rest[0] !== undefined &&
    (rest[0] !== "ALL" || rest.length === 2) &&
    USERID.test(rest[0])
  ) {
    user = rest[0];
    i++;
  } else if (operator && rest[0] === "ALL" && rest.length === 1) {
    // An operator's `Q RDR ALL` lists every user's files.
    return accept({ verb: "QUERY", what: "FILES", queue, user: "ALL", all: false });
  }
  let all = false;
  if (rest[i] === "ALL") [all, i] = [true, i + 1];
  if (i !== rest.length) return invalidOption(rest[i]);
  return accept({ verb: "QUERY", what: "FILES", queue, user, all });
}

// Query Names|USERS|USERID|TIME|CPLEVEL|Virtual DASD|Virtual vdev|DASD|LINKS vdev|MDISK vdev|userid [AT ...]
function parseQuery(ops: string[], classes: string): ParseResult<QueryCommand> {
  if (ops.length === 0) return operandMissingOrInvalid();
  const [word, ...rest] = ops;
  // An operand the issuer may not use is read as a userid, as CP reads unauthorized forms.
  const operand = findOperand(QUERY_OPERANDS, word);
  if (operand && allows(classes, operand.classes)) {
    switch (operand.value) {
      case "NAMES":
      case "USERS":
        return withAt<QueryCommand>({ verb: "QUERY", what: operand.value }, rest, invalidOption);
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
        if (vdev === undefined) return invalidOption(rest[0]);
        return noMoreOperands({ verb: "QUERY", what: "VIRTUAL_DASD", vdev }, rest.slice(1));
      }
      case "LINKS":
      case "MDISK": {
        if (rest.length === 0) return operandMissingOrInvalid();
        const vdev = deviceNumber(rest[0]);
        if (vdev === undefined) return invalidOption(rest[0]);
        return noMoreOperands({ verb: "QUERY", what: operand.value, vdev }, rest.slice(1));
      }
    }
  }
  // QUERY rdev (class B): a word of one to four hex digits is a real device first; with no such
  // device the node reads it as a userid, as CP does (DB44 may name either).
  if (allows(classes, "B") && rest.length === 0 && /^[0-9A-F]{1,4}$/i.test(word))
    return accept({
      verb: "QUERY",
      what: "REAL",
      rdev: deviceNumber(word)!,
      ...(USERID.test(word) ? { userid: word.toUpperCase() } : {}),
    });
  if (!allows(classes, QUERY_USERID_CLASSES) || !USERID.test(word)) return invalidOption(word);
  return withAt<QueryCommand>({ verb: "QUERY", what: "USER", userid: word }, rest, invalidOption);
}

/** QUERY. */
export const QUERY_COMMANDS = [
  command<QueryCommand>({
    verb: "QUERY",
    syntax: "Query",
    forms: { user: "G", real: "B", any: ANY },
    source: "Query: recalled (Q is CP's everyday abbreviation); classes per operand in QUERY_OPERANDS",
    parse: (ops, ctx) => parseQuery(ops, ctx.classes),
  }),
] as const;
