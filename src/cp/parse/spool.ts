import type { FileAction } from "../../spool/actions";
import type { FileChanges, Queue, Selection, SpoolOptions, UnitRecord } from "../../spool/spool";
import type { SpxtapeSelection } from "../../spool/spxtape";
import {
  deviceNumber,
  SPOOL_CLASS,
  SPOOL_NAME as FILENAME,
  SPOOLID,
  SYSNAME,
  USERID,
} from "../../text/names";
import { allows } from "../privileges";
import { accept, command, operandMissingOrInvalid as invalid, type ParseResult, spells } from "./grammar";

/**
 * The spool commands: SPOOL, CLOSE, PURGE, CHANGE, TRANSFER, ORDER, QUERY READER/PRINTER/PUNCH and
 * SPXTAPE. Syntax from reference §6 (SPOOL74, LORENC, CPCMD5x) and the corpus (`spool punch * rdr`,
 * `close reader`, `purge reader all`, `change reader all keep`); abbreviations recalled.
 */

/** SPXTAPE's USER criterion: a userid or a pattern with `*` and `%` (reference §6). */
const USER_PATTERN = /^[A-Z0-9@#$_*%-]{1,8}$/;

export type SpoolCommand = { verb: "SPOOL"; device: UnitRecord; options: SpoolOptions };
export type CloseCommand = { verb: "CLOSE"; device: UnitRecord; options: SpoolOptions };
export type SpxtapeCommand = {
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

/** The unit record device a word names: Reader/RDR/00C, PUnch/PUN/PCH/00D, Printer/PRT/00E. */
export function unitRecord(word: string | undefined): UnitRecord | undefined {
  if (word === undefined) return undefined;
  if (spells(word, "Reader") || word === "RDR" || /^0{0,3}C$/.test(word)) return "RDR";
  if (spells(word, "PUnch") || word === "PUN" || word === "PCH" || /^0{0,3}D$/.test(word)) return "PUN";
  if (spells(word, "Printer") || word === "PRT" || /^0{0,3}E$/.test(word)) return "PRT";
  return undefined;
}

/**
 * Reads the options SPOOL, CLOSE and CHANGE share from `ops[i..]`, stopping at a word that is not
 * one; answers where it stopped, or undefined on a bad value (COPY 0).
 */
function readOptions(
  ops: string[],
  i: number,
  allowed: ReadonlySet<string>,
  out: SpoolOptions & FileChanges,
  /** The reader may read class `*` (any); a file always has one class. */
  anyClass = false,
): number | undefined {
  while (i < ops.length) {
    const w = ops[i];
    const next = ops[i + 1];
    const is = (syntax: string, key: string) => allowed.has(key) && spells(w, syntax);
    if (
      is("CLass", "CLASS") &&
      next !== undefined &&
      (SPOOL_CLASS.test(next) || (anyClass && next === "*"))
    ) {
      out.cls = next;
      i += 2;
    } else if (is("HOld", "HOLD")) [out.hold, i] = [true, i + 1];
    else if (is("NOHold", "HOLD")) [out.hold, i] = [false, i + 1];
    else if (is("KEep", "KEEP")) [out.keep, i] = [true, i + 1];
    else if (is("NOKeep", "KEEP")) [out.keep, i] = [false, i + 1];
    else if (is("CONT", "CONT")) [out.cont, i] = [true, i + 1];
    else if (is("NOCONT", "CONT")) [out.cont, i] = [false, i + 1];
    else if (is("EOF", "EOF") || is("NOEOF", "EOF")) i++;
    else if (is("CLOse", "CLOSE")) [out.close, i] = [true, i + 1];
    else if (is("PURge", "PURGE")) [out.purge, i] = [true, i + 1];
    else if (is("COpy", "COPY") && next !== undefined && /^[0-9]{1,3}$/.test(next)) {
      const n = Number(next);
      if (n < 1 || n > 255) return undefined;
      out.copies = n;
      i += 2;
    } else if (is("NAme", "NAME") && next !== undefined && FILENAME.test(next)) {
      out.name = next;
      i += 2;
      const ft = ops[i];
      if (ft !== undefined && FILENAME.test(ft) && !isOptionWord(ft)) {
        out.type = ft;
        i++;
      }
    } else if (is("DISt", "DIST") && next !== undefined && FILENAME.test(next)) {
      out.dist = next;
      i += 2;
    } else return i;
  }
  return i;
}

/** Every keyword readOptions knows, and TO: a word that spells one is not a file type or a userid. */
const OPTION_WORDS = [
  "CLass",
  "HOld",
  "NOHold",
  "KEep",
  "NOKeep",
  "CONT",
  "NOCONT",
  "EOF",
  "NOEOF",
  "CLOse",
  "PURge",
  "COpy",
  "NAme",
  "DISt",
  "TO",
];
const isOptionWord = (w: string) => OPTION_WORDS.some((s) => spells(w, s));

const SPOOL_OPTIONS = new Set([
  "CLASS",
  "HOLD",
  "KEEP",
  "CONT",
  "EOF",
  "CLOSE",
  "PURGE",
  "COPY",
  "NAME",
  "DIST",
]);
const CLOSE_OPTIONS = new Set(["HOLD", "KEEP", "PURGE", "NAME", "DIST"]);
const CHANGE_OPTIONS = new Set(["CLASS", "HOLD", "KEEP", "COPY", "NAME", "DIST"]);

// SPool dev [[TO] userid|*|SYSTEM|OFF [RDR] [AT sysname]] [CLass c] [HOLD|NOHOLD] [KEEP|NOKEEP]
//       [COpy n] [CONT|NOCONT] [NAme fn [ft]] [DISt d] [CLOse] [PURge]
/** Parses SPOOL. */
function parseSpool(ops: string[]): ParseResult<SpoolCommand> {
  const device = unitRecord(ops[0]);
  if (!device) return invalid();
  const options: SpoolOptions = {};
  let i = 1;
  while (i < ops.length) {
    const w = ops[i];
    const target = w === "TO" ? ops[i + 1] : isOptionWord(w) ? undefined : w;
    if (target !== undefined && device !== "RDR") {
      // One target per SPOOL: a second userid is an operand too many.
      if (options.to !== undefined || (target !== "*" && !USERID.test(target))) return invalid();
      options.to = target;
      i += w === "TO" ? 2 : 1;
      if (ops[i] === "RDR" || (ops[i] !== undefined && spells(ops[i], "Reader"))) i++;
      if (ops[i] === "AT") {
        if (ops[i + 1] === undefined || !SYSNAME.test(ops[i + 1])) return invalid();
        options.at = ops[i + 1];
        i += 2;
      }
      continue;
    }
    const j = readOptions(ops, i, SPOOL_OPTIONS, options, device === "RDR");
    // No option read here and no target either: a word SPOOL does not know.
    if (j === undefined || j === i) return invalid();
    i = j;
  }
  return accept({ verb: "SPOOL", device, options });
}

// CLose dev [HOLD|NOHOLD] [KEEP|NOKEEP] [NAme fn [ft]] [DISt d] [PURge]
/** Parses CLOSE. */
function parseClose(ops: string[]): ParseResult<CloseCommand> {
  const device = unitRecord(ops[0]);
  if (!device) return invalid();
  const options: SpoolOptions = {};
  if (readOptions(ops, 1, CLOSE_OPTIONS, options) !== ops.length) return invalid();
  return accept({ verb: "CLOSE", device, options });
}

/**
 * `[userid|ALL] queue` at the start of PURGE, CHANGE, TRANSFER and ORDER: class D may name another
 * user's files, or every user's (ALL). Answers the queue, the user and where the selection starts.
 */
function queueAndUser(
  ops: string[],
  operator: boolean,
  allQueues: boolean,
): { queue: Queue | "ALL"; user?: string; at: number } | undefined {
  const first = unitRecord(ops[0]);
  if (first) return { queue: first, at: 1 };
  if (allQueues && ops[0] === "ALL" && (ops.length === 1 || !unitRecord(ops[1])))
    return { queue: "ALL", at: 1 };
  if (!operator || ops[0] === undefined || (ops[0] !== "ALL" && ops[0] !== "*" && !USERID.test(ops[0])))
    return undefined;
  const queue = unitRecord(ops[1]) ?? (allQueues && ops[1] === "ALL" ? "ALL" : undefined);
  if (!queue) return undefined;
  return { queue, user: ops[0] === "*" ? undefined : ops[0], at: 2 };
}

/** `ALL | CLass c | spoolid...` from ops[i]; answers the selection and where it ends. */
function readSelection(ops: string[], i: number): { select: Selection; at: number } | undefined {
  if (ops[i] === "ALL") return { select: { all: true }, at: i + 1 };
  if (ops[i] !== undefined && spells(ops[i], "CLass") && SPOOL_CLASS.test(ops[i + 1] ?? ""))
    return { select: { cls: ops[i + 1] }, at: i + 2 };
  const spoolids: string[] = [];
  while (ops[i] !== undefined && SPOOLID.test(ops[i])) spoolids.push(ops[i++].padStart(4, "0"));
  return spoolids.length > 0 ? { select: { spoolids }, at: i } : undefined;
}

// PURge [userid|ALL] Reader|Printer|PUnch|ALL [spoolid...|CLass c|ALL]
/** Parses PURGE. */
function parsePurge(ops: string[], operator: boolean): ParseResult<FileAction> {
  const q = queueAndUser(ops, operator, true);
  if (!q) return invalid();
  const sel =
    q.queue === "ALL" && q.at === ops.length
      ? { select: { all: true as const }, at: q.at }
      : readSelection(ops, q.at);
  if (!sel || sel.at !== ops.length) return invalid();
  return accept({ verb: "PURGE", queue: q.queue, select: sel.select, user: q.user });
}

// CHange [userid|ALL] Reader|Printer|PUnch spoolid...|CLass c|ALL options
/** Parses CHANGE. */
function parseChange(ops: string[], operator: boolean): ParseResult<FileAction> {
  const q = queueAndUser(ops, operator, false);
  const sel = q && readSelection(ops, q.at);
  if (!q || q.queue === "ALL" || !sel || sel.at === ops.length) return invalid();
  const changes: FileChanges & SpoolOptions = {};
  if (readOptions(ops, sel.at, CHANGE_OPTIONS, changes) !== ops.length) return invalid();
  const { cls, hold, keep, copies, name, type, dist } = changes;
  return accept({
    verb: "CHANGE",
    queue: q.queue,
    select: sel.select,
    changes: { cls, hold, keep, copies, name, type, dist },
    user: q.user,
  });
}

// TRansfer [userid|ALL] Reader|Printer|PUnch spoolid...|CLass c|ALL TO userid [Reader|Printer|PUnch]
/** Parses TRANSFER. */
function parseTransfer(ops: string[], operator: boolean): ParseResult<FileAction> {
  const q = queueAndUser(ops, operator, false);
  const sel = q && readSelection(ops, q.at);
  if (!q || q.queue === "ALL" || !sel || ops[sel.at] !== "TO") return invalid();
  const to = ops[sel.at + 1];
  if (to === undefined || !USERID.test(to)) return invalid();
  const rest = ops.slice(sel.at + 2);
  const toQueue = rest.length === 0 ? "RDR" : unitRecord(rest[0]);
  if (!toQueue || rest.length > 1) return invalid();
  return accept({ verb: "TRANSFER", queue: q.queue, select: sel.select, to, toQueue, user: q.user });
}

// ORder [userid] Reader|Printer|PUnch spoolid...
/** Parses ORDER. */
function parseOrder(ops: string[], operator: boolean): ParseResult<FileAction> {
  const q = queueAndUser(ops, operator, false);
  const sel = q && readSelection(ops, q.at);
  if (!q || q.queue === "ALL" || !sel || !("spoolids" in sel.select) || sel.at !== ops.length)
    return invalid();
  return accept({ verb: "ORDER", queue: q.queue, spoolids: sel.select.spoolids, user: q.user });
}

// SPXTAPE DUMP|LOAD|SCAN vdev [SPOOL [RDR|PRT|PUN|ALL] | STD | SDF | ALL] [ALL | spoolid... ]
//         [USER userid] [CLASS c] [RUN|LEAVE] [PURGE] [NODUP]
/** Parses SPXTAPE (reference §6: DUMP, LOAD, SCAN; every criterion must match; SDF holds nothing here). */
function parseSpxtape(ops: string[]): ParseResult<SpxtapeCommand> {
  const fn = ops[0] === "DUMP" ? "DUMP" : ops[0] === "LOAD" ? "LOAD" : ops[0] === "SCAN" ? "SCAN" : undefined;
  const vdev = deviceNumber(ops[1]);
  if (!fn || !vdev) return invalid();
  let i = 2;
  let queues: Queue[] = ["RDR", "PRT", "PUN"];
  let sdf = false;
  if (ops[i] === "SPOOL") {
    i++;
    const q = unitRecord(ops[i]);
    if (q) [queues, i] = [[q], i + 1];
    else if (ops[i] === "ALL" && (ops[i + 1] === "ALL" || (ops[i + 1] ?? "").match(SPOOLID))) i++;
  } else if (ops[i] === "STD") i++;
  else if (ops[i] === "SDF") [queues, sdf, i] = [[], true, i + 1];
  else if (ops[i] === "ALL" && ops[i + 1] !== undefined && !/^(RUN|LEAVE|PURGE|NODUP)$/.test(ops[i + 1])) i++;
  const select: SpxtapeSelection = { queues };
  const options = { run: true, purge: false, nodup: false };
  while (i < ops.length) {
    const w = ops[i];
    if (w === "ALL") i++;
    else if (SPOOLID.test(w)) {
      select.spoolids = [...(select.spoolids ?? []), w.padStart(4, "0")];
      i++;
    } else if (w === "USER" && USER_PATTERN.test(ops[i + 1] ?? "")) [select.user, i] = [ops[i + 1], i + 2];
    else if (spells(w, "CLass") && SPOOL_CLASS.test(ops[i + 1] ?? "")) [select.cls, i] = [ops[i + 1], i + 2];
    else if (w === "RUN" || w === "LEAVE") [options.run, i] = [w === "RUN", i + 1];
    else if (w === "PURGE" && fn === "DUMP") [options.purge, i] = [true, i + 1];
    else if (w === "NODUP" && fn === "LOAD") [options.nodup, i] = [true, i + 1];
    else return invalid();
  }
  return accept({ verb: "SPXTAPE", fn, vdev, select, sdf, ...options });
}

/** SPOOL, CLOSE, PURGE, CHANGE, TRANSFER, ORDER and SPXTAPE: the spool. */
export const SPOOL_COMMANDS = [
  command<SpoolCommand>({
    verb: "SPOOL",
    syntax: "SPool",
    forms: { user: "G" },
    source:
      "SPool Reader|PUnch|Printer|vdev [TO] userid|*|SYSTEM|OFF, CLass, HOLD, KEEP, COpy, CONT, NAme, DISt, CLOse, PURge: " +
      "reference §6 (SPOOL74); `spool punch * rdr` from the corpus; AT for CSE recalled",
    parse: (ops) => parseSpool(ops),
  }),
  command<FileAction>({
    verb: "PURGE",
    syntax: "PURge",
    forms: { user: "G", operator: "D" },
    source:
      "PURge [userid] Reader|Printer|PUnch|ALL spoolid|CLass c|ALL: reference §6 (LORENC); corpus `purge reader all`",
    parse: (ops, ctx) => parsePurge(ops, allows(ctx.classes, "D")),
  }),
  command<FileAction>({
    verb: "TRANSFER",
    syntax: "TRansfer",
    forms: { user: "G", operator: "D" },
    source:
      "TRansfer queue spoolid|CLass c|ALL TO userid [queue]: reference §6 (LORENC); abbreviation recalled",
    parse: (ops, ctx) => parseTransfer(ops, allows(ctx.classes, "D")),
  }),
  command<FileAction>({
    verb: "CHANGE",
    syntax: "CHange",
    forms: { user: "G", operator: "D" },
    source:
      "CHange queue spoolid|CLass c|ALL options: reference §6 (LORENC); corpus `change reader all keep`",
    parse: (ops, ctx) => parseChange(ops, allows(ctx.classes, "D")),
  }),
  command<CloseCommand>({
    verb: "CLOSE",
    syntax: "CLose",
    forms: { user: "G" },
    source:
      "CLose Reader|PUnch|Printer|vdev [HOLD|KEEP|NAme|DISt|PURge]: corpus `close reader`; options recalled",
    parse: (ops) => parseClose(ops),
  }),
  command<FileAction>({
    verb: "ORDER",
    syntax: "ORder",
    forms: { user: "G", operator: "D" },
    source: "ORder queue spoolid...: reference §9.2; abbreviation recalled",
    parse: (ops, ctx) => parseOrder(ops, allows(ctx.classes, "D")),
  }),
  command<SpxtapeCommand>({
    verb: "SPXTAPE",
    syntax: "SPXTAPE",
    forms: { user: "G", operator: "D" },
    source:
      "SPXTAPE DUMP|LOAD|SCAN vdev ...: reference §6 (CPCMD5x); class G own files only; the seed's steps",
    parse: (ops) => parseSpxtape(ops),
  }),
] as const;
