import type { MessageRef } from "../catalog/answer";

/** A LINK mode, as the LINK command and the MDISK/LINK directory statements spell it. */
export type LinkMode = "R" | "RR" | "W" | "WR" | "M" | "MR" | "MW" | "SR" | "SW" | "SM" | "ER" | "EW";

/** What a granted link holds (SM holds SW, stable write; WR/MR forced R/O hold R). */
export type Access = "R" | "W" | "SR" | "SW" | "ER" | "EW";

/** Another holder of the minidisk: a local user by userid, or a remote system (remote=true) by name. */
export interface Holder {
  who: string;
  access: Access;
  remote: boolean;
}

/** The answer to a LINK request. */
export type LinkDecision =
  | { granted: true; access: Access; forcedReadOnly: boolean; warning?: MessageRef }
  | { granted: false; error: MessageRef };

/** Every LINK mode, in the order of the decision table. */
// prettier-ignore
export const LINK_MODES: readonly LinkMode[] = ["R", "RR", "W", "WR", "M", "MR", "MW", "SR", "SM", "SW", "ER", "EW"];

/** Every access a link can hold, weakest column first. */
export const ACCESSES: readonly Access[] = ["R", "W", "SR", "SW", "ER", "EW"];

/** Columns of the decision table: the kind of access another holder has. */
export type Column = "none" | "R" | "write" | "SR" | "SW" | "E";

/** The table's columns, left to right. */
export const COLUMNS: readonly Column[] = ["none", "R", "write", "SR", "SW", "E"];

/** A cell: granted as the mode asks (R/O or R/W), forced to R/O with a warning, or denied. */
export type Cell = "R/O" | "R/W" | "forced" | "deny";

/**
 * The decision table of reference §4.3: rows are the mode requested, columns the access another
 * holder has (none, R incl. RR, any plain write, SR, SW or SM, ER or EW).
 */
// prettier-ignore
export const LINK_TABLE: Readonly<Record<LinkMode, readonly [Cell, Cell, Cell, Cell, Cell, Cell]>> = {
  //    none      R         write     SR        SW/SM     ER/EW
  R:  ["R/O",    "R/O",    "deny",   "R/O",    "deny",   "deny"],
  RR: ["R/O",    "R/O",    "R/O",    "R/O",    "R/O",    "deny"],
  W:  ["R/W",    "deny",   "deny",   "deny",   "deny",   "deny"],
  WR: ["R/W",    "forced", "forced", "forced", "forced", "deny"],
  M:  ["R/W",    "R/W",    "deny",   "deny",   "deny",   "deny"],
  MR: ["R/W",    "R/W",    "forced", "forced", "forced", "deny"],
  MW: ["R/W",    "R/W",    "R/W",    "deny",   "deny",   "deny"],
  SR: ["R/O",    "R/O",    "deny",   "R/O",    "deny",   "deny"],
  SM: ["R/W",    "R/W",    "deny",   "deny",   "deny",   "deny"],
  SW: ["R/W",    "deny",   "deny",   "deny",   "deny",   "deny"],
  ER: ["R/O",    "deny",   "deny",   "deny",   "deny",   "deny"],
  EW: ["R/W",    "deny",   "deny",   "deny",   "deny",   "deny"],
};

/** What each mode holds once granted as asked. */
export const MODE_ACCESS: Readonly<Record<LinkMode, Access>> = {
  R: "R",
  RR: "R",
  W: "W",
  WR: "W",
  M: "W",
  MR: "W",
  MW: "W",
  SR: "SR",
  SM: "SW",
  SW: "SW",
  ER: "ER",
  EW: "EW",
};

const ACCESS_COLUMN: Readonly<Record<Access, Column>> = {
  R: "R",
  W: "write",
  SR: "SR",
  SW: "SW",
  ER: "E",
  EW: "E",
};

/** The table column an existing access falls in. */
export function columnOf(access: Access): Column {
  return ACCESS_COLUMN[access];
}

/** True for accesses that let the holder write (the "R/W by" side of the messages). */
export function isWriteAccess(access: Access): boolean {
  return access === "W" || access === "SW" || access === "EW";
}

/** The table cell for a requested mode against one kind of existing access. */
export function cellFor(requested: LinkMode, existing: Access | "none"): Cell {
  const column = existing === "none" ? "none" : columnOf(existing);
  return LINK_TABLE[requested][COLUMNS.indexOf(column)];
}

// How restrictive a cell is: the holders together decide as the most restrictive one does.
const RANK: Readonly<Record<Cell, number>> = { "R/O": 0, "R/W": 0, forced: 1, deny: 2 };

/**
 * True when existing access `a` restricts every request at least as much as `b`, so `b` can be
 * left out when `a` is present (W covers R; W and SR cover neither each other).
 */
export function dominates(a: Access, b: Access): boolean {
  return LINK_MODES.every((m) => RANK[cellFor(m, a)] >= RANK[cellFor(m, b)]);
}

/** Reads a LINK mode operand, upper or lower case, with the V (virtual reserve/release) suffix. */
export function parseLinkMode(text: string): { mode: LinkMode; virtualReserve: boolean } | undefined {
  const t = text.trim().toUpperCase();
  if ((LINK_MODES as readonly string[]).includes(t)) return { mode: t as LinkMode, virtualReserve: false };
  const base = t.slice(0, -1);
  if (t.endsWith("V") && (LINK_MODES as readonly string[]).includes(base)) {
    return { mode: base as LinkMode, virtualReserve: true };
  }
  return undefined;
}

// "R/O by 2 users": CP's nnnn is printed without padding (an unverified choice, see messages.ts).
function usersText(holders: readonly Holder[]): string {
  const users = [...new Set(holders.map((h) => h.who))];
  return users.length === 1 ? users[0] : `${users.length} users`;
}

/**
 * Builds the message for the holders that decided a refusal or a forced R/O. CP checks its own
 * links before the CSE area, so local holders are named when there are any; otherwise the first
 * remote system is (CSE keeps one "system holding" index per kind, not a list).
 */
function conflictMessage(
  kind: "deny" | "forced",
  blocking: readonly Holder[],
  owner: string,
  vdev: string,
  linkVdev: string,
): MessageRef {
  const local = blocking.filter((h) => !h.remote);
  const named = local.length > 0 ? local : blocking;
  const cse = local.length === 0;
  const writers = named.filter((h) => isWriteAccess(h.access));
  const readers = named.filter((h) => !isWriteAccess(h.access));
  const who = (hs: readonly Holder[]) => (cse ? hs[0].who : usersText(hs));
  const number = kind === "deny" ? [104, 105, 106] : [101, 102, 103];
  const suffix = (kind === "deny" ? "E" : "W") + (cse ? ":CSE" : "");
  const base: Record<string, string> = kind === "deny" ? { userid: owner, vdev } : { vdev: linkVdev };
  const nameVar = cse ? "sysname" : "holders";
  if (writers.length > 0 && readers.length > 0) {
    return {
      id: `HCPLNM${number[2]}${suffix}`,
      vars: { ...base, writers: who(writers), readers: who(readers) },
    };
  }
  if (writers.length > 0)
    return { id: `HCPLNM${number[1]}${suffix}`, vars: { ...base, [nameVar]: who(writers) } };
  return { id: `HCPLNM${number[0]}${suffix}`, vars: { ...base, [nameVar]: who(readers) } };
}

/**
 * Decides a LINK against the other holders of the minidisk (reference §4.3/§4.4). `owner` and
 * `vdev` are the minidisk's owner and address, as the refusal messages print them; `linkVdev` is
 * the requester's new address (vdev2), which a forced-R/O warning names. Each kind of access
 * present is looked up in the table and the most restrictive cell wins, which is the table's
 * "strongest existing access" and stays defined for mixes such as write plus SR.
 */
export function decideLink(
  requested: LinkMode,
  owner: string,
  vdev: string,
  others: readonly Holder[],
  linkVdev: string = vdev,
): LinkDecision {
  const cells = others.map((h) => cellFor(requested, h.access));
  const worst = cells.reduce<Cell>((w, c) => (RANK[c] > RANK[w] ? c : w), cellFor(requested, "none"));
  if (worst === "deny" || worst === "forced") {
    const blocking = others.filter((_, i) => cells[i] === worst);
    const message = conflictMessage(worst, blocking, owner, vdev, linkVdev);
    if (worst === "deny") return { granted: false, error: message };
    return { granted: true, access: "R", forcedReadOnly: true, warning: message };
  }
  return { granted: true, access: MODE_ACCESS[requested], forcedReadOnly: false };
}

/** The passwords an MDISK statement may carry (read, write, multi-write). */
export interface MdiskPasswords {
  readPassword?: string;
  writePassword?: string;
  multiPassword?: string;
}

/**
 * Which MDISK password a LINK mode needs, and whether the minidisk has one: the multi-write
 * password for M modes and SM, the write password for W modes, SW and EW, else the read password.
 * A missing password answers the message that says so (HCPLNM111E/112E/113E).
 */
export function passwordFor(mode: string, md: MdiskPasswords): { password: string } | { missing: string } {
  const m = mode.toUpperCase().replace(/V$/, "");
  const [missing, pw] =
    m.startsWith("M") || m === "SM"
      ? (["HCPLNM113E", md.multiPassword] as const)
      : m.startsWith("W") || m === "SW" || m === "EW"
        ? (["HCPLNM112E", md.writePassword] as const)
        : (["HCPLNM111E", md.readPassword] as const);
  return pw ? { password: pw.toUpperCase() } : { missing };
}

/** How CP shows an access in QUERY VIRTUAL and QUERY LINKS: R/W when it writes, else R/O. */
export function accessLabel(access: string): "R/W" | "R/O" {
  return isWriteAccess(access as Access) ? "R/W" : "R/O";
}

/** True when a LINK or MDISK mode (with or without V) asks for write access: the one rule, from MODE_ACCESS. */
export function modeWrites(mode: string): boolean {
  const parsed = parseLinkMode(mode);
  return parsed !== undefined && isWriteAccess(MODE_ACCESS[parsed.mode]);
}

/**
 * A DEVNO minidisk (`MDISK vdev devtype DEVNO rdev [mode ...]`) as the extent it is: the whole
 * real volume at that rdev, cylinder 0 to its last, linked through the same checks as any
 * minidisk on that volume (docs/decisions.md, "DEVNO minidisks and shared devices").
 */
export function fullPackOf<
  M extends { kind: string; start?: number; count?: number; toEnd?: boolean; volser?: string },
>(md: M, volume: { volser: string; cylinders: number }): M {
  return {
    ...md,
    kind: "extent",
    volser: volume.volser,
    start: 0,
    count: volume.cylinders,
    toEnd: undefined,
  };
}

/**
 * Whether CP passes a guest's RESERVE/RELEASE on a minidisk to the real device: only for a
 * full-pack DEVNO minidisk whose MDISK mode has V, on a device SYSTEM CONFIG marks shared
 * (RDEVICE ... SHARED YES). IBM's reserve/release summary: shared with V, real and virtual
 * reserve/release; not shared with V, virtual only; CP suppresses real reserves on a minidisk that
 * is not full-pack. `mdiskMode` is the MDISK statement's mode, where the V attribute is given.
 */
export function reserveGoesToHardware(
  mdiskMode: string,
  devno: string | undefined,
  shared: readonly string[] | undefined,
): boolean {
  return devno !== undefined && !!parseLinkMode(mdiskMode)?.virtualReserve && (shared ?? []).includes(devno);
}
