/**
 * CP's layouts of the system and the issuer's settings: QUERY CPLEVEL, CPOWNED, ALLOC, CPUID, SET
 * and PRIVCLAS, as pure formatters. Column widths come from real output: the files in shared/corpus
 * (named at each function), or lines Rick Troth quotes from z/VM 7.3 in uftdcpq.c (reference only,
 * not copied into the corpus). Layouts marked "unverified" were not seen anywhere.
 */

import { type Clock, cpDate, cpTimeOfDay, UTC_CLOCK } from "./time";

/** The CP level QUERY CPLEVEL reports. */
export interface CpLevel {
  version: number;
  release: number;
  modification: number;
  /** Four digits, e.g. "2401". */
  serviceLevel: string;
}

/** QUERY CPLEVEL: `z/VM Version 7 Release 3.0, service level 2401 (64-bit)`, then build and IPL times. */
export function queryCplevel(level: CpLevel, generated: Date, ipl: Date, clock: Clock = UTC_CLOCK): string[] {
  // The three lines as Rick Troth quotes them from z/VM 7.3 (his dates are ISO).
  const stamp = (d: Date): string => `${cpDate(d, clock.dateFormat)} ${cpTimeOfDay(d)} ${clock.zone}`;
  return [
    `z/VM Version ${level.version} Release ${level.release}.${level.modification}, ` +
      `service level ${level.serviceLevel} (64-bit)`,
    `Generated at ${stamp(generated)}`,
    `IPL at ${stamp(ipl)}`,
  ];
}

/** One slot of QUERY CPOWNED: a volume, or an empty (RESERVED or undefined) slot when `volid` is absent. */
export interface CpownedRow {
  slot: number;
  volid?: string;
  rdev?: string;
  /** `Own`, or `Shared` for a volume another system owns. */
  type?: "Own" | "Shared";
  /** `Online and attached`, or ours for a volume the IPL did not bring online. */
  status?: string;
  /** The system that owns the volume (CPFMTXA's system owner). */
  systemOwner?: string;
}

/** The status QUERY CPOWNED gives a volume of the list that is online (zvm-bootcamp capture, reference §1). */
export const CPOWNED_ONLINE = "Online and attached";
/** Ours: the status of a listed volume the IPL did not bring online (CP's text was found nowhere). */
export const CPOWNED_OFFLINE = "Not online";

/**
 * QUERY CPOWNED: one row per slot, 1 to the highest, empty slots as `Reserved` rows (zvm-bootcamp,
 * reference §1: ` 255  M01P01  0206  Own    Online and attached     -------- ZVMWSXX`). Columns: slot
 * 2-4, volid 7-12, rdev 15-18, type 21-25, status 28-50, SSI owner 52-59 (`--------`: a CSE plex has
 * no SSI), system owner 61-68. The header line was not captured: ours, aligned to those columns.
 */
export function queryCpowned(rows: readonly CpownedRow[]): string[] {
  const line = (slot: string, volid: string, rdev: string, type: string, status: string, owner: string) =>
    ` ${slot.padStart(3)}  ${volid.padEnd(6)}  ${rdev.padEnd(4)}  ${type.padEnd(6)} ${status.padEnd(23)} ` +
    `-------- ${owner}`;
  return [
    "Slot  Vol-ID  Rdev  Type   Status                  SSI-Own  Sys-Own",
    ...rows.map((r) =>
      r.volid === undefined
        ? line(String(r.slot), "------", "----", "-----", "Reserved", "--------")
        : line(
            String(r.slot),
            r.volid,
            r.rdev ?? "----",
            r.type ?? "Own",
            r.status ?? CPOWNED_ONLINE,
            (r.systemOwner ?? "--------").padEnd(8),
          ).trimEnd(),
    ),
  ];
}

/** One extent of a kind of CP space, as QUERY ALLOC PAGE/SPOOL/DRCT/TDISK lists it. */
export interface AllocRow {
  volid: string;
  rdev: string;
  start: number;
  end: number;
  /** Pages (PAGE, SPOOL) or cylinders (DRCT, TDISK). */
  total: number;
  inUse: number;
  high: number;
  /** The DRCT extent holding the object directory in use. */
  active?: boolean;
}

/** A number in one of QUERY ALLOC's six-column fields: K (1024) past six digits, M past that (reference §2). */
export function allocField(n: number): string {
  if (n <= 999_999) return String(n).padStart(6);
  const k = Math.floor(n / 1024);
  if (k <= 99_999) return `${k}K`.padStart(6);
  return `${Math.floor(n / 1024 ** 2)}M`.padStart(6);
}

/** %USED: truncated, but 1% as soon as anything is in use (40 of 450180 pages show `1%`, zvm-bootcamp). */
function percentUsed(inUse: number, total: number): string {
  const pct = total === 0 ? 0 : Math.floor((inUse * 100) / total);
  return `${inUse > 0 ? Math.max(1, pct) : pct}%`.padStart(4);
}

/**
 * QUERY ALLOC PAGE / SPOOL as z/VM 6.3 prints them (shared/corpus/zvm-bootcamp-cp-responses.txt
 * lines 62-81): three header lines, one row per extent (VOLID 1-6, RDEV 8-11, START 13-22, END
 * 24-33, TOTAL 35-40, IN USE 42-47, HIGH 49-54, %USED 56-59), then SUMMARY and USABLE, which have no
 * HIGH. DRCT and TDISK use the same table (unverified), counted in cylinders, and the DRCT extent in
 * use says ACTIVE after %USED (a weak source, reference §2).
 */
export function queryAllocTable(rows: readonly AllocRow[]): string[] {
  const total = rows.reduce((n, r) => n + r.total, 0);
  const inUse = rows.reduce((n, r) => n + r.inUse, 0);
  const sums = (label: string) =>
    `${label.padEnd(34)}${allocField(total)} ${allocField(inUse)}        ${percentUsed(inUse, total)}`;
  return [
    "                EXTENT     EXTENT  TOTAL  PAGES   HIGH    %",
    "VOLID  RDEV      START        END  PAGES IN USE   PAGE USED",
    "------ ---- ---------- ---------- ------ ------ ------ ----",
    ...rows.map(
      (r) =>
        `${r.volid.padEnd(6)} ${r.rdev.padEnd(4)} ${String(r.start).padStart(10)} ${String(r.end).padStart(10)} ` +
        `${allocField(r.total)} ${allocField(r.inUse)} ${allocField(r.high)} ${percentUsed(r.inUse, r.total)}` +
        (r.active ? " ACTIVE" : ""),
    ),
    "                                  ------ ------        ----",
    sums("SUMMARY"),
    sums("USABLE"),
  ];
}

/** One CP-owned volume's space by kind, in cylinders, as plain QUERY ALLOC shows it. */
export interface AllocBlock {
  rdev: string;
  volid: string;
  /** Four characters: `3390`. */
  devtype: string;
  space: Record<"TDISK" | "PAGE" | "SPOOL" | "DRCT", { total: number; inUse: number }>;
  /** This volume's DRCT holds the object directory in use. */
  drctActive?: boolean;
}

/**
 * Plain QUERY ALLOC (ALL): per CP-owned volume a header and four lines, then `IPL NUCLEUS ACTIVE ON
 * VOLUME volid` (zvm-bootcamp capture and the QALBK map, https://www.vm.ibm.com/pubs/cp620/QALBK.HTML,
 * reference §2): `DASD` @0, rdev @5, volid @10, type @17, format @22, `(UNITS IN CYLINDERS)` @31;
 * data lines with the kind @5, TOTAL= @11, INUSE= @29, AVAIL= @47 (11 digits), `, ACTIVE` @64.
 */
export function queryAllocBlocks(blocks: readonly AllocBlock[], iplVolume: string): string[] {
  const eleven = (n: number) => String(Math.max(0, n)).padStart(11, "0");
  const lines: string[] = [];
  for (const b of blocks) {
    lines.push(
      `DASD ${b.rdev.padEnd(4)} ${b.volid.padEnd(6)} ${b.devtype.padEnd(4)} CKD-ECKD (UNITS IN CYLINDERS)`,
    );
    for (const kind of ["TDISK", "PAGE", "SPOOL", "DRCT"] as const) {
      const { total, inUse } = b.space[kind];
      lines.push(
        `     ${kind.padEnd(5)} TOTAL=${eleven(total)} INUSE=${eleven(inUse)} AVAIL=${eleven(total - inUse)}` +
          (kind === "DRCT" && b.drctActive ? ", ACTIVE" : ""),
      );
    }
  }
  lines.push(`IPL NUCLEUS ACTIVE ON VOLUME ${iplVolume}`);
  return lines;
}

/**
 * The CPU id QUERY CPUID shows: FF (z/VM), the processor serial from System_Identifier's CPU id
 * (`%` read as 0: ours), the machine type, and 8000 as the corpus's Q V CPUS lines end. Without a
 * System_Identifier that names the system by model and serial (the LPAR form), ours: serial 000000
 * and machine type 8561.
 */
export function cpuidOf(id: { model: string; cpuid: string; lpar: boolean } | undefined): string {
  const model = id && /^[0-9A-F]{4}$/i.test(id.model) ? id.model : "8561";
  const serial = id && !id.lpar ? id.cpuid.replace(/%/g, "0") : "";
  const six = /^[0-9A-F]{1,6}$/i.test(serial) ? serial.padStart(6, "0") : "000000";
  return `FF${six}${model}8000`.toUpperCase();
}

/**
 * QUERY CPUID: `CPUID= aassssssccccdddd`, aa = FF under z/VM, ssssss the processor, cccc the
 * machine type (https://www.ibm.com/docs/en/zvm/7.2.0?topic=commands-query-cpuid, Response 1).
 */
export function queryCpuid(cpuid: string): string[] {
  return [`CPUID= ${cpuid}`];
}

/**
 * QUERY SET. No capture was found (reference §3): the first line is the recalled
 * `MSG ON  , WNG ON  , EMSG ON  , ACNT OFF, RUN OFF`; the others are ours, carrying the settings
 * cseplex keeps (SET MSG, WNG, SMSG) and fixed values for those it does not.
 */
export function querySet(s: { msg: boolean; wng: boolean; smsg: boolean }): string[] {
  const on = (b: boolean) => (b ? "ON  " : "OFF");
  return [
    `MSG ${on(s.msg)}, WNG ${on(s.wng)}, EMSG ON  , ACNT OFF, RUN OFF`,
    "LINEDIT ON  , TIMER OFF",
    `IMSG ON  , SMSG ${on(s.smsg)}`.trimEnd(),
  ];
}

/**
 * QUERY PRIVCLAS: `Currently: G` and `Directory: G` are real (xcat-zvm-rinv-lsvm-output.txt lines
 * 39-40, indented there by xCAT; ZCT qprivclas.py parses `Currently:\s+(\S+)`); the first and last
 * lines are recalled (reference §3).
 */
export function queryPrivclas(userid: string, current: string, directory: string): string[] {
  return [
    `Privilege classes for user ${userid}`,
    `Currently: ${current}`,
    `Directory: ${directory}`,
    "The privilege classes are not locked against changes.",
  ];
}
