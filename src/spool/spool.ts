import type { SystemConfigModel } from "../config/model";

/** A spool queue: a user's reader, or the printer and punch output queues. */
export type Queue = "RDR" | "PRT" | "PUN";
/** A virtual unit record device: the reader (000C), punch (000D) or printer (000E). */
export type UnitRecord = Queue;
/** Who holds a file: nobody, the user, the operator (SYS), or both (USYS). */
export type Hold = "NONE" | "USER" | "SYS" | "USYS";

/** A spool file: what made it, where, who owns it now, how it is held, and its size. */
export interface SpoolFile {
  spoolid: string;
  /** The system that created the file. */
  origin: string;
  /** The system that keeps an unshared file (its origin, or where it was transferred or loaded). */
  home: string;
  /** The user whose device made it. */
  from: string;
  /** The user whose queue holds it. */
  owner: string;
  queue: Queue;
  /** The device that made the file (PUN WAS, PRT WAS in CP's notice). */
  made: "PUN" | "PRT";
  cls: string;
  name: string;
  type: string;
  dist: string;
  copies: number;
  hold: Hold;
  keep: boolean;
  nrecs: number;
  nbytes: number;
  /** Shared across the spool complex (XSPOOL); otherwise it stays on `home`. */
  shared: boolean;
  created: string;
  /** Position in its queue: ORDER moves files to the front. */
  order: number;
  /** The system whose virtual reader has the file open (reference §6: locked while processed). */
  lock: string | null;
}

/** SPOOL settings of one virtual unit record device. */
export interface DeviceSettings {
  /** Output goes to this user's reader, or to the system's output queue when null (SPOOL ... SYSTEM). */
  to: string | null;
  /** The class of files made (output), or the class read, "*" for any (reader). */
  cls: string;
  hold: boolean;
  keep: boolean;
  copies: number;
  /** Continuous spooling: the file stays open across CMS PUNCH/PRINT calls until CLOSE. */
  cont: boolean;
  /** NAME for the next file made, if set. */
  name: string | null;
  type: string | null;
  dist: string | null;
  /** CP TAG DEV text the files made here carry (output devices); none when undefined or null. */
  tag?: string | null;
}

/** What SPOOL and CLOSE may say about a device; unset fields stay as they were. */
export interface SpoolOptions {
  /** A userid, "*" for oneself, or "SYSTEM"/"OFF" for the system's output queue. */
  to?: string;
  at?: string;
  cls?: string;
  hold?: boolean;
  keep?: boolean;
  copies?: number;
  cont?: boolean;
  name?: string;
  type?: string;
  dist?: string;
  /** Close the open file now (SPOOL ... CLOSE). */
  close?: boolean;
  /** Discard the open file (SPOOL ... PURGE, CLOSE ... PURGE). */
  purge?: boolean;
}

/** Which files a PURGE, CHANGE, TRANSFER or SPXTAPE names. */
export type Selection = { all: true } | { spoolids: string[] } | { cls: string };

/** What CHANGE may change. */
export interface FileChanges {
  cls?: string;
  hold?: boolean;
  keep?: boolean;
  copies?: number;
  name?: string;
  type?: string;
  dist?: string;
}

/** A device's settings after LOGON: output to the system's queue in class A; the reader reads any class. */
export function defaultSettings(device: UnitRecord): DeviceSettings {
  return {
    to: null,
    cls: device === "RDR" ? "*" : "A",
    hold: false,
    keep: false,
    copies: 1,
    cont: false,
    name: null,
    type: null,
    dist: null,
  };
}

/** Settings after a SPOOL command for `self`. */
export function applySpoolOptions(s: DeviceSettings, o: SpoolOptions, self: string): DeviceSettings {
  const next = { ...s };
  if (o.to !== undefined) next.to = o.to === "SYSTEM" || o.to === "OFF" ? null : o.to === "*" ? self : o.to;
  if (o.cls !== undefined) next.cls = o.cls;
  if (o.hold !== undefined) next.hold = o.hold;
  if (o.keep !== undefined) next.keep = o.keep;
  if (o.copies !== undefined) next.copies = o.copies;
  if (o.cont !== undefined) next.cont = o.cont;
  if (o.name !== undefined) {
    next.name = o.name;
    next.type = o.type ?? "";
  }
  if (o.dist !== undefined) next.dist = o.dist;
  return next;
}

/** What a system's SYSTEM CONFIG says about XSPOOL, as the system read it at IPL. */
export interface XspoolFacts {
  /** XSPOOL_SYSTEM ... Share_Spool YES for this system. */
  shares: boolean;
  xlistInput: string[];
  xlistOutput: string[];
}

/** A system that a shared file's change must reach and cannot: no CSE path to it, and why. */
export interface NoPath {
  sysname: string;
  why: string;
}

/** The XSPOOL facts of `system` in a SYSTEM CONFIG. */
export function xspoolFacts(model: SystemConfigModel, system: string): XspoolFacts {
  return {
    shares: model.xspoolSystems.some((s) => s.sysname === system && s.shareSpool),
    xlistInput: model.xspoolXlistInput.map((u) => u.name),
    xlistOutput: model.xspoolXlistOutput.map((u) => u.name),
  };
}

/**
 * Whether a file made on a system goes to the shared spool (reference §6): the system shares spool
 * (XSPOOL_SYSTEM ... Share_Spool YES), the file's creator is not in XSPOOL_XLIST_OUTPUT and, for a
 * reader file, its owner is not in XSPOOL_XLIST_INPUT. Otherwise it stays on the system.
 */
export function isShared(facts: XspoolFacts, from: string, owner: string, queue: Queue): boolean {
  if (!facts.shares) return false;
  if (facts.xlistOutput.includes(from)) return false;
  if (queue === "RDR" && facts.xlistInput.includes(owner)) return false;
  return true;
}

/** The files a selection names, and the spool ids it names that are not there. */
export function selectFiles(
  files: readonly SpoolFile[],
  sel: Selection,
): { found: SpoolFile[]; missing: string[] } {
  if ("all" in sel) return { found: [...files], missing: [] };
  if ("cls" in sel) return { found: files.filter((f) => f.cls === sel.cls), missing: [] };
  const found = files.filter((f) => sel.spoolids.includes(f.spoolid));
  return { found, missing: sel.spoolids.filter((id) => !found.some((f) => f.spoolid === id)) };
}

/** Whether the virtual reader may read a file: not held, and of a class the reader takes. */
export function readable(f: SpoolFile, reader: DeviceSettings): boolean {
  return f.hold === "NONE" && (reader.cls === "*" || reader.cls === f.cls);
}

/** The record count as CP prints it: four digits, or thousands with K (the corpus shows `048K`). */
export function recs(n: number): string {
  return n <= 9999 ? String(n).padStart(4, "0") : `${String(Math.round(n / 1000)).padStart(3, "0")}K`;
}

/** A count of files as CP prints it: `0000003 FILES PURGED`, `0000001 FILE CHANGED`, `NO FILES PURGED`. */
export function fileCount(n: number, what: string): string {
  if (n === 0) return `NO FILES ${what}`;
  return `${String(n).padStart(7, "0")} ${n === 1 ? "FILE" : "FILES"} ${what}`;
}

const copy = (f: Pick<SpoolFile, "copies">) => String(f.copies).padStart(3, "0");
const pad = (s: string, n: number) => s.padEnd(n).slice(0, n);

/**
 * CP's one line for a file that moves (z/VM 5.x CP Commands, TRANSFER response; corpus lines):
 * `PUN FILE 0021 SENT TO   DIRMAINT RDR AS  0051 RECS 0020 CPY  001 0 NOHOLD NOKEEP` and
 * `RDR FILE 0244 SENT FROM MIKEMAC  CON WAS 0244 RECS 0018 CPY  001 T NOHOLD NOKEEP`.
 * Where HOLD and KEEP sit when they are on is unverified.
 */
function sentLine(
  queue: string,
  dir: "TO" | "FROM",
  userid: string,
  otherQueue: string,
  f: Pick<SpoolFile, "spoolid" | "nrecs" | "copies" | "cls" | "hold" | "keep">,
): string {
  return (
    `${queue} FILE ${f.spoolid} SENT ${dir.padEnd(4)} ${pad(userid, 8)} ${otherQueue} ${dir === "TO" ? "AS " : "WAS"} ${f.spoolid} ` +
    `RECS ${recs(f.nrecs)} CPY  ${copy(f)} ${f.cls} ${f.hold === "NONE" ? "NOHOLD" : "  HOLD"} ${f.keep ? "  KEEP" : "NOKEEP"}`
  );
}

/** The receiver's notice when a file arrives in its reader: `RDR FILE nnnn SENT FROM user PUN WAS nnnn ...`. */
export function readerNotice(f: SpoolFile): string {
  return sentLine("RDR", "FROM", f.from, f.made, f);
}

/** The creator's answer when its punch or printer file closes: to a reader, or onto its own output queue. */
export function sentAnswer(f: SpoolFile): string {
  return sentLine(f.made, "TO", f.owner, f.queue, f);
}

/** TRANSFER's answer to the issuer, per file: `RDR FILE nnnn SENT TO   user RDR AS  nnnn ...`. */
export function transferAnswer(f: SpoolFile, fromQueue: Queue): string {
  return sentLine(fromQueue, "TO", f.owner, f.queue, f);
}

/** TRANSFER's notice to the new owner: `RDR FILE nnnn SENT FROM olduser RDR WAS nnnn ...`. */
export function transferNotice(f: SpoolFile, from: string, fromQueue: Queue): string {
  return sentLine(f.queue, "FROM", from, fromQueue, f);
}

/**
 * QUERY READER / PRINTER / PUNCH, one line per file in queue order, on CP's columns (research
 * notes in docs/spool.md): ORIGINID for one's own files, OWNERID when an operator lists other
 * users'; ALL shows date, time, name, type and dist, the short form FORM, DEST, KEEP and MSG.
 */
export function queryFiles(files: readonly SpoolFile[], opts: { owners: boolean; all: boolean }): string[] {
  const who = opts.owners ? "OWNERID " : "ORIGINID";
  const head = opts.all
    ? `${who} FILE CLASS RECORDS  CPY HOLD DATE  TIME     NAME      TYPE     DIST`
    : `${who} FILE CLASS RECORDS  CPY HOLD FORM     DEST     KEEP MSG`;
  const lines = files.map((f) => {
    const d = new Date(f.created);
    const date = `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
    const time = d.toISOString().slice(11, 19);
    const start = `${pad(opts.owners ? f.owner : f.from, 8)} ${f.spoolid} ${f.cls} ${f.made} ${String(f.nrecs).padStart(8, "0")} ${copy(f)} ${pad(f.hold, 4)}`;
    return opts.all
      ? `${start} ${date} ${time} ${pad(f.name, 8)}  ${pad(f.type, 8)} ${pad(f.dist || f.from, 8)}`.trimEnd()
      : `${start} STANDARD OFF      ${f.keep ? "ON " : "OFF"}  OFF`;
  });
  return [head, ...lines];
}

/** The LOGON line counting a user's files: `FILES: 0003 RDR,   NO PRT,   NO PUN` (corpus). */
export function filesSummary(files: readonly Pick<SpoolFile, "queue">[]): string {
  const count = (q: Queue) => {
    const n = files.filter((f) => f.queue === q).length;
    return n === 0 ? "  NO" : String(n).padStart(4, "0");
  };
  return `FILES: ${count("RDR")} RDR, ${count("PRT")} PRT, ${count("PUN")} PUN`;
}

/** QUERY's answer for an empty queue: `NO RDR FILES`. */
export function noFiles(queue: Queue): string {
  return `NO ${queue} FILES`;
}
