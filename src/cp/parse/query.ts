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
  | "REAL"
  | "CPOWNED"
  | "ALLOC"
  | "CPUID"
  | "SET"
  | "PRIVCLAS"
  | "VIRTUAL"
  | "SYSTEM";

/** What QUERY VIRTUAL lists besides DASD and one vdev (those stay VIRTUAL_DASD). */
export type VirtualWhat = "ALL" | "STORAGE" | "CONSOLE" | UnitRecordQueue;
type UnitRecordQueue = Queue;

/** The space QUERY ALLOC reports: ALL is the per-volume blocks, the others the table of one kind. */
export type AllocKind = "ALL" | "PAGE" | "SPOOL" | "DRCT" | "TDISK";

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
  /** QUERY VIRTUAL [ALL|STORAGE|CONSOLE|READER|PUNCH|PRINTER]. */
  virtual?: VirtualWhat;
  /** QUERY ALLOC: the kind of space and the volids asked for (none: every CP-owned volume). */
  alloc?: { kind: AllocKind; volids: string[] };
  /** QUERY CPOWNED VOLID volid. */
  volid?: string;
};

/**
 * QUERY's operand keywords; any other word is a userid, which is how CP reads `Q word`. The
 * minimum abbreviations (the leading capitals) are those of the CP QUERY table in ZCT which.exec
 * (openmainframeproject/zvm-community-tools execs/which.exec, "CP QUERY commands"), reference §11,
 * unless the entry says otherwise; IBM's own syntax pages for these operands were not reachable,
 * save QUERY CPUID's and QUERY ALLOC's.
 */
export const QUERY_OPERANDS: readonly OperandEntry<Exclude<QueryWhat, "VIRTUAL_DASD" | "USER" | "REAL">>[] = [
  { value: "NAMES", syntax: "Names", classes: "G", source: "Names: ZCT which.exec; class recalled" },
  {
    value: "USERID",
    syntax: "USERID",
    classes: ANY,
    source: "USERID in full: ZCT which.exec; class recalled",
  },
  {
    value: "USERS",
    syntax: "Users",
    classes: "G",
    source: "Users: ZCT which.exec (Q U, Q USER are QUERY USERS); class recalled",
  },
  {
    value: "FILES",
    syntax: "Reader",
    classes: "DG",
    source: "Reader: ZCT which.exec; Query Reader|Printer|PUnch [ALL]: reference §6",
  },
  { value: "FILES", syntax: "RDR", classes: "DG", source: "recalled (CP's device name)" },
  { value: "FILES", syntax: "Printer", classes: "DG", source: "Printer: ZCT which.exec" },
  { value: "FILES", syntax: "PRT", classes: "DG", source: "recalled (CP's device name)" },
  { value: "FILES", syntax: "PUnch", classes: "DG", source: "PUnch: ZCT which.exec" },
  { value: "FILES", syntax: "PUN", classes: "DG", source: "recalled (CP's device name)" },
  { value: "FILES", syntax: "PCH", classes: "DG", source: "recalled" },
  { value: "TIME", syntax: "Time", classes: "G", source: "Time: ZCT which.exec; class recalled" },
  { value: "CPLEVEL", syntax: "CPLEVEL", classes: "G", source: "CPLEVEL in full: ZCT which.exec" },
  { value: "VIRTUAL", syntax: "Virtual", classes: "G", source: "Virtual: ZCT which.exec; class recalled" },
  {
    value: "SYSTEM",
    syntax: "SYStem",
    classes: "B",
    source:
      "QUERY SYSTEM rdev: recalled (class B, the users of a system-attached DASD); no capture or IBM page found",
  },
  {
    value: "DASD",
    syntax: "DAsd",
    classes: "B",
    source: "DAsd: ZCT which.exec (Q DA); real devices are class B (brief)",
  },
  {
    value: "LINKS",
    syntax: "Links",
    classes: "G",
    source: "Links: ZCT which.exec (Q L); own minidisk: reference §9.2",
  },
  {
    value: "MDISK",
    syntax: "MDisk",
    classes: "G",
    source: "MDisk: ZCT which.exec (Q MD); own minidisk only, a simulator choice",
  },
  {
    value: "CPOWNED",
    syntax: "CPOWNed",
    classes: "D",
    source: "CPOWNed: ZCT which.exec (reference §1); class D recalled (reference §11)",
  },
  {
    value: "ALLOC",
    syntax: "ALLOC",
    classes: "D",
    source: "ALLOC in full, class D: z/VM 7.2 QUERY ALLOC (reference §2, QALLOC72)",
  },
  {
    value: "CPUID",
    syntax: "CPUid",
    classes: "G",
    source: "Query CPUid, class G: https://www.ibm.com/docs/en/zvm/7.2.0?topic=commands-query-cpuid",
  },
  {
    value: "SET",
    syntax: "SET",
    classes: "G",
    source: "SET in full, class G: recalled (reference §3; ZCT's QUERY table lacks it)",
  },
  {
    value: "PRIVCLAS",
    syntax: "PRIVclas",
    classes: "G",
    source: "PRIVclas: ZCT which.exec (reference §3); class G recalled",
  },
];

/** QUERY VIRTUAL's operands besides DASD and vdev; the abbreviations are recalled. */
const VIRTUAL_OPERANDS: readonly { value: Exclude<VirtualWhat, UnitRecordQueue>; syntax: string }[] = [
  { value: "ALL", syntax: "ALL" },
  // `Q V STOR` is QUERY VIRTUAL STORAGE (reference §3, zvm-bootcamp); STorage as ZCT spells Q STORAGE.
  { value: "STORAGE", syntax: "STorage" },
  // CONsole as DEFINE CONSOLE spells it (z/VM 7.3 DEFINE CONSOLE).
  { value: "CONSOLE", syntax: "CONsole" },
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

/**
 * `Query CPOWNed [VOLID volid]`: the one-volume form is seen only in a weak source (reference §1),
 * so only VOLID volid is read besides the whole list.
 */
function parseCpowned(rest: string[]): ParseResult<QueryCommand> {
  if (rest.length === 0) return accept({ verb: "QUERY", what: "CPOWNED" });
  if (rest[0] !== "VOLID") return invalidOption(rest[0]);
  if (rest[1] === undefined) return operandMissingOrInvalid();
  if (!VOLID.test(rest[1])) return invalidOption(rest[1]);
  return noMoreOperands({ verb: "QUERY", what: "CPOWNED", volid: rest[1] }, rest.slice(2));
}

const VOLID = /^[A-Z0-9@#$-]{1,6}$/;
/** A volid or a generic one (a trailing `*`), as QUERY ALLOC takes them. */
const VOLID_OR_GENERIC = /^(?:[A-Z0-9@#$-]{1,6}|[A-Z0-9@#$-]{0,5}\*)$/;

const ALLOC_KINDS: readonly { kind: Exclude<AllocKind, "ALL">; syntax: string }[] = [
  { kind: "PAGE", syntax: "PAGE" },
  { kind: "SPOOL", syntax: "SPOOL" },
  { kind: "DRCT", syntax: "DRCT" },
  { kind: "TDISK", syntax: "TDISK" },
];

/**
 * `Query ALLOC [ALL|*|volid...] [DRCT|PAGE|SPOOL|TDISK [ALL|*|volid...]]` (z/VM 7.2 QUERY ALLOC,
 * reference §2): volids before a kind ask for the per-volume blocks of those volumes; after one, for
 * that kind's table. MAP is refused as an invalid option: its layout was found nowhere.
 */
function parseAlloc(rest: string[]): ParseResult<QueryCommand> {
  const volids: string[] = [];
  let kind: AllocKind = "ALL";
  let i = 0;
  const readVolids = (): ParseResult<QueryCommand> | undefined => {
    for (; i < rest.length; i++) {
      const w = rest[i];
      if (w === "MAP") return invalidOption(w);
      if (kind === "ALL" && ALLOC_KINDS.some((k) => k.syntax === w)) return undefined;
      if (w === "ALL" || w === "*") {
        if (volids.length > 0 || (rest[i + 1] !== undefined && kind !== "ALL")) return invalidOption(w);
        continue;
      }
      if (!VOLID_OR_GENERIC.test(w)) return invalidOption(w);
      volids.push(w);
    }
    return undefined;
  };
  const first = readVolids();
  if (first) return first;
  if (i < rest.length) {
    kind = ALLOC_KINDS.find((k) => k.syntax === rest[i])!.kind;
    // A kind after volids (Q ALLOC VOL001 PAGE) narrows those volumes to that kind's table.
    i++;
    const second = readVolids();
    if (second) return second;
  }
  return accept({ verb: "QUERY", what: "ALLOC", alloc: { kind, volids } });
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
      case "CPUID":
      case "SET":
      case "PRIVCLAS":
        return noMoreOperands({ verb: "QUERY", what: operand.value }, rest);
      case "CPOWNED":
        return parseCpowned(rest);
      case "SYSTEM": {
        const rdev = rest.length === 1 ? deviceNumber(rest[0]) : undefined;
        if (rest.length === 0) return operandMissingOrInvalid();
        if (rdev === undefined) return invalidOption(rest[0]);
        return accept({ verb: "QUERY", what: "SYSTEM", rdev });
      }
      case "ALLOC":
        return parseAlloc(rest);
      case "VIRTUAL": {
        // QUERY VIRTUAL alone is QUERY VIRTUAL ALL (reference §3).
        if (rest.length === 0) return accept({ verb: "QUERY", what: "VIRTUAL", virtual: "ALL" });
        const v = VIRTUAL_OPERANDS.find((o) => spells(rest[0], o.syntax));
        if (v) return noMoreOperands({ verb: "QUERY", what: "VIRTUAL", virtual: v.value }, rest.slice(1));
        const unit = /^[0-9A-F]{1,4}$/.test(rest[0]) ? undefined : unitRecord(rest[0]);
        if (unit) return noMoreOperands({ verb: "QUERY", what: "VIRTUAL", virtual: unit }, rest.slice(1));
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
