import type { FileChanges, Queue, Selection, SpoolOptions, UnitRecord } from "../spool/spool";
import { SPOOL_CLASS, SPOOL_NAME as FILENAME, SPOOLID, SYSNAME, USERID } from "../text/names";
import { type Command, type ParseResult, spells } from "./commands";
import { formatMessage, rcOf } from "./messages";

/**
 * The spool commands: SPOOL, CLOSE, PURGE, CHANGE, TRANSFER, ORDER, QUERY READER/PRINTER/PUNCH and
 * SPXTAPE. Syntax from reference §6 (SPOOL74, LORENC, CPCMD5x) and the corpus (`spool punch * rdr`,
 * `close reader`, `purge reader all`, `change reader all keep`); abbreviations recalled.
 */

/** SPXTAPE's USER criterion: a userid or a pattern with `*` and `%` (reference §6). */
const USER_PATTERN = /^[A-Z0-9@#$_*%-]{1,8}$/;

type Refusal = Extract<ParseResult, { ok: false }>;
const invalid = (): Refusal => ({ ok: false, rc: rcOf("HCPCFC026E"), lines: [formatMessage("HCPCFC026E")] });
const accept = (command: Command): ParseResult => ({ ok: true, command });

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
export function parseSpool(ops: string[]): ParseResult {
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
export function parseClose(ops: string[]): ParseResult {
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
export function parsePurge(ops: string[], operator: boolean): ParseResult {
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
export function parseChange(ops: string[], operator: boolean): ParseResult {
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
export function parseTransfer(ops: string[], operator: boolean): ParseResult {
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
export function parseOrder(ops: string[], operator: boolean): ParseResult {
  const q = queueAndUser(ops, operator, false);
  const sel = q && readSelection(ops, q.at);
  if (!q || q.queue === "ALL" || !sel || !("spoolids" in sel.select) || sel.at !== ops.length)
    return invalid();
  return accept({ verb: "ORDER", queue: q.queue, spoolids: sel.select.spoolids, user: q.user });
}

/** SPXTAPE's selection: which queues, which files, whose. */
export interface SpxtapeSelection {
  queues: Queue[];
  /** Spool ids, or undefined for ALL. */
  spoolids?: string[];
  user?: string;
  cls?: string;
}

// SPXTAPE DUMP|LOAD|SCAN vdev [SPOOL [RDR|PRT|PUN|ALL] | STD | SDF | ALL] [ALL | spoolid... ]
//         [USER userid] [CLASS c] [RUN|LEAVE] [PURGE] [NODUP]
/** Parses SPXTAPE (reference §6: DUMP, LOAD, SCAN; every criterion must match; SDF holds nothing here). */
export function parseSpxtape(ops: string[]): ParseResult {
  const fn = ops[0] === "DUMP" ? "DUMP" : ops[0] === "LOAD" ? "LOAD" : ops[0] === "SCAN" ? "SCAN" : undefined;
  const vdev = /^[0-9A-F]{1,4}$/.test(ops[1] ?? "") ? ops[1].padStart(4, "0") : undefined;
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

/** `Query Reader|Printer|PUnch [*|userid|ALL] [ALL]`: class D may name a user or ALL users. */
export function parseQueryFiles(queue: Queue, rest: string[], operator: boolean): ParseResult {
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
  if (i !== rest.length)
    return { ok: false, rc: rcOf("HCPCQV003E"), lines: [formatMessage("HCPCQV003E", { option: rest[i] })] };
  return accept({ verb: "QUERY", what: "FILES", queue, user, all });
}
