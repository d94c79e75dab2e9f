import type { FileAction } from "../spool/actions";
import type { Queue, SpoolOptions, UnitRecord } from "../spool/spool";
import { isAbbrev, minAbbrevOf } from "../text/records";
import type { SpxtapeSelection } from "./parse-spool";
import { ANY } from "./privileges";

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
  | "FILES";

/** A CP command line, parsed and checked against the issuer's privilege classes. */
export type Command =
  | {
      verb: "LINK";
      /** The owner's userid, or "*" for one's own directory entry. */
      owner: string;
      ownerVdev: string;
      vdev: string;
      /** Upper case, possibly with the V (virtual reserve/release) suffix. */
      mode?: string;
      password?: string;
    }
  | { verb: "DETACH"; vdev: string }
  | { verb: "DETACH_REAL"; rdev: string; from?: string }
  | { verb: "ATTACH"; rdev: string; to: string; as?: string }
  | {
      verb: "QUERY";
      what: QueryWhat;
      userid?: string;
      vdev?: string;
      at?: string;
      all?: boolean;
      /** QUERY READER/PRINTER/PUNCH: the queue, and whose files (class D: a userid or ALL). */
      queue?: Queue;
      user?: string;
    }
  | { verb: "LOGOFF" }
  | { verb: "DISCONNECT" }
  | { verb: "FORCE"; userid: string; at?: string }
  | { verb: "XAUTOLOG"; userid: string; at?: string }
  | { verb: "VARY"; online: boolean; rdevs: string[] }
  | { verb: "XLINK"; sub: "FORMAT"; vdev: string; volid: string }
  | { verb: "XLINK"; sub: "CHECK"; volid: string }
  | { verb: "XLINK"; sub: "DISPLAY"; vdev: string; cyl?: number; noHeader: boolean }
  | { verb: "XLINK"; sub: "RESET"; sysname: string; volid: string }
  | {
      verb: "MESSAGE";
      /** MSG shows the sender, MSGNOH not; SMSG goes to programs that accept it; WARNING is the operator's. */
      kind: "MSG" | "MSGNOH" | "SMSG" | "WARNING";
      /** A userid, or "*" for oneself. */
      to: string;
      at?: string;
      /** The text as typed: CP does not translate message text to upper case. */
      text: string;
    }
  | { verb: "SET"; what: "MSG" | "SMSG" | "WNG"; on: boolean }
  /** SPOOL: how a virtual unit record device spools (where output goes, class, HOLD, KEEP, ...). */
  | { verb: "SPOOL"; device: UnitRecord; options: SpoolOptions }
  | { verb: "CLOSE"; device: UnitRecord; options: SpoolOptions }
  /** PURGE, CHANGE, TRANSFER, ORDER: planned over the spool by src/spool/actions.ts. */
  | FileAction
  | {
      verb: "SPXTAPE";
      fn: "DUMP" | "LOAD" | "SCAN";
      vdev: string;
      select: SpxtapeSelection;
      /** SDF (system data files) asked for: cseplex has none. */
      sdf: boolean;
      run: boolean;
      purge: boolean;
      nodup: boolean;
    };

/**
 * The parser's answer: a command, or CP's refusal with its return code and lines. An empty line is
 * `{ok: false, rc: 0, lines: []}`: CP does nothing and says nothing.
 */
export type ParseResult = { ok: true; command: Command } | { ok: false; rc: number; lines: string[] };

/** The commands of the table, by the verb the parser dispatches on. */
export type TableVerb =
  | "LINK"
  | "DETACH"
  | "QUERY"
  | "LOGOFF"
  | "DISCONNECT"
  | "FORCE"
  | "XAUTOLOG"
  | "ATTACH"
  | "VARY"
  | "XLINK"
  | "MESSAGE"
  | "MSGNOH"
  | "SMSG"
  | "WARNING"
  | "SET"
  | "SPOOL"
  | "PURGE"
  | "TRANSFER"
  | "CHANGE"
  | "CLOSE"
  | "ORDER"
  | "SPXTAPE";

/** One command of the table. */
export interface CommandEntry {
  verb: TableVerb;
  /** IBM's spelling: the leading capitals are the minimum abbreviation (`DETach` → DET). */
  syntax: string;
  /** Other spellings of the same command (`LOGout` for LOGOFF). */
  aliases?: readonly string[];
  /** Classes of each form of the command; a user holding none of them does not know the command. */
  forms: Readonly<Record<string, string>>;
  /** Where the spelling and the classes come from. */
  source: string;
}

/** One operand keyword of a command (QUERY's NAMES, XLINK's FORMAT) with the classes it needs. */
export interface OperandEntry<T extends string> {
  value: T;
  syntax: string;
  classes: string;
  source: string;
}

/**
 * The CP commands cseplex knows. Sources: "VM/370 HELP" is the VM/370 CMS HELP text mirrored at
 * codex.retro1.org; "z/VM 7.x" pages are IBM's CP Commands and Utilities Reference on ibm.com/docs;
 * "recalled" means no page was found and the fact is unverified.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    verb: "LINK",
    syntax: "Link",
    forms: { link: "G" },
    source:
      "class G: VM/370 HELP LINK; operands: z/VM 7.3 'Linking to Other Users' Minidisks'; " +
      "the minimum L is recalled (VM/370 HELP prints LINK in full)",
  },
  {
    verb: "DETACH",
    syntax: "DETach",
    forms: { virtual: "G", real: "B" },
    source:
      "DETach: VM/370 CP Command Reference for General Users R6 p.66; class G (virtual): " +
      "VM/370 HELP DETACH; class B (real): z/VM 7.3 'DETACH (Real Device)'",
  },
  {
    verb: "QUERY",
    syntax: "Query",
    forms: { user: "G", real: "B", any: ANY },
    source: "Query: recalled (Q is CP's everyday abbreviation); classes per operand in QUERY_OPERANDS",
  },
  {
    verb: "LOGOFF",
    syntax: "LOGoff",
    aliases: ["LOGout"],
    forms: { logoff: ANY },
    source: "LOGoff/LOGout, class Any: z/VM CP HELP LOGOFF (vm.uconn.edu, IBM 1990, 2008)",
  },
  {
    verb: "DISCONNECT",
    syntax: "DISConnect",
    forms: { disconnect: ANY },
    source:
      "class Any and the minimum DISC: VM/370 HELP DISCONN ('DISConn'); " +
      "the z/VM spelling DISCONNECT is recalled",
  },
  {
    verb: "FORCE",
    syntax: "FORCE",
    forms: { force: "A" },
    source:
      "class A: 'MODIFY CMD FORCE IBMCLASS A' in shared/corpus/xcat-zvm-setup-modify-cmd.sysconfig; " +
      "no abbreviation: VM/370 Operator's Guide p.75",
  },
  {
    verb: "XAUTOLOG",
    syntax: "XAUTOLog",
    forms: { xautolog: "ABG" },
    source: "XAUTOLog, classes A, B, G: z/VM 7.3 XAUTOLOG",
  },
  {
    verb: "ATTACH",
    syntax: "ATTach",
    forms: { attach: "B" },
    source:
      "ATTach and 'rdev TO userid|*|SYSTEM AS ...': z/VM 7.2 ATTACH; TO may be left out: " +
      "'ATT  1740 *' in shared/corpus/tessia-zvm-3270-console-lines.txt; " +
      "class B: VM/370 Operator's Guide (class B user)",
  },
  {
    verb: "VARY",
    syntax: "Vary",
    forms: { vary: "B" },
    source: "Vary ONline|OFFline rdev, class B: recalled (z/VM VARY (Real Device) page not retrieved)",
  },
  {
    verb: "XLINK",
    syntax: "XLINK",
    forms: { utility: "G", reset: "B" },
    source:
      "a CMS utility on MAINT 193 needing no CP class (reference §3.1, XFMT73/XDSP73), so class G here; " +
      "RESET is ours (DESIGN §4), class B",
  },
  {
    verb: "MESSAGE",
    syntax: "Message",
    aliases: ["MSG"],
    forms: { user: "ABCDEFG" },
    source:
      "Message/MSG userid|* [AT sysname|ALL] text: recalled; AT forms per reference §7 (SSI), classes recalled",
  },
  {
    verb: "MSGNOH",
    syntax: "MSGNOH",
    forms: { msgnoh: "B" },
    source: "MSGNOH (no header), class B: recalled",
  },
  {
    verb: "SMSG",
    syntax: "SMsg",
    forms: { smsg: "G" },
    source: "SMsg userid [AT sysname] text, class G: recalled (reference §7 names SMSG AT member)",
  },
  {
    verb: "WARNING",
    syntax: "Warning",
    forms: { warning: "AB" },
    source: "Warning userid|ALL text, classes A and B: recalled",
  },
  {
    verb: "SPOOL",
    syntax: "SPool",
    forms: { user: "G" },
    source:
      "SPool Reader|PUnch|Printer|vdev [TO] userid|*|SYSTEM|OFF, CLass, HOLD, KEEP, COpy, CONT, NAme, DISt, CLOse, PURge: " +
      "reference §6 (SPOOL74); `spool punch * rdr` from the corpus; AT for CSE recalled",
  },
  {
    verb: "CLOSE",
    syntax: "CLose",
    forms: { user: "G" },
    source:
      "CLose Reader|PUnch|Printer|vdev [HOLD|KEEP|NAme|DISt|PURge]: corpus `close reader`; options recalled",
  },
  {
    verb: "PURGE",
    syntax: "PURge",
    forms: { user: "G", operator: "D" },
    source:
      "PURge [userid] Reader|Printer|PUnch|ALL spoolid|CLass c|ALL: reference §6 (LORENC); corpus `purge reader all`",
  },
  {
    verb: "TRANSFER",
    syntax: "TRansfer",
    forms: { user: "G", operator: "D" },
    source:
      "TRansfer queue spoolid|CLass c|ALL TO userid [queue]: reference §6 (LORENC); abbreviation recalled",
  },
  {
    verb: "CHANGE",
    syntax: "CHange",
    forms: { user: "G", operator: "D" },
    source:
      "CHange queue spoolid|CLass c|ALL options: reference §6 (LORENC); corpus `change reader all keep`",
  },
  {
    verb: "ORDER",
    syntax: "ORder",
    forms: { user: "G", operator: "D" },
    source: "ORder queue spoolid...: reference §9.2; abbreviation recalled",
  },
  {
    verb: "SPXTAPE",
    syntax: "SPXTAPE",
    forms: { user: "G", operator: "D" },
    source:
      "SPXTAPE DUMP|LOAD|SCAN vdev ...: reference §6 (CPCMD5x); class G own files only; the seed's steps",
  },
  {
    verb: "SET",
    syntax: "SET",
    forms: { user: "G" },
    source: "SET MSG|SMSG|WNG ON|OFF, class G: recalled",
  },
];

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

/** XLINK's subcommands. */
export const XLINK_SUBCOMMANDS: readonly OperandEntry<"FORMAT" | "CHECK" | "DISPLAY" | "RESET">[] = [
  {
    value: "FORMAT",
    syntax: "FOrmat",
    classes: "G",
    source: "XLINK FOrmat vaddr volid: reference §3.1 (XFMT73)",
  },
  { value: "CHECK", syntax: "CHECK", classes: "G", source: "XLINK CHECK volid: seed presentation" },
  { value: "DISPLAY", syntax: "DISPLAY", classes: "G", source: "reference §3.2/§9.2 (XDSP73)" },
  {
    value: "RESET",
    syntax: "RESET",
    classes: "B",
    source: "ours (DESIGN §4): XLINK RESET sysname [volid|ALL]",
  },
];

/** True when `word` spells the mixed-case `syntax` keyword, at least as far as its capitals. */
export function spells(word: string, syntax: string): boolean {
  return isAbbrev(word, syntax, minAbbrevOf(syntax));
}

/** The table entry `word` names (any accepted abbreviation or alias), or undefined. */
export function findCommand(word: string): CommandEntry | undefined {
  return COMMANDS.find((c) => [c.syntax, ...(c.aliases ?? [])].some((s) => spells(word, s)));
}

/** The entry of an operand table `word` spells, or undefined. */
export function findOperand<T extends string>(
  table: readonly OperandEntry<T>[],
  word: string,
): OperandEntry<T> | undefined {
  return table.find((o) => spells(word, o.syntax));
}
