/**
 * CP's response layouts, as pure formatters. Column widths come from real output: the files in
 * shared/corpus (named at each function), or lines Rick Troth quotes from z/VM 7.3 in uftdcpq.c
 * (reference only, not copied into the corpus). Layouts marked "unverified" were not seen anywhere.
 */

/** How CP writes dates: SHORTDATE mm/dd/yy is the default; ISODATE is yyyy-mm-dd. */
export type DateFormat = "SHORTDATE" | "ISODATE";

/** The zone label and date format a system prints times with; cseplex systems run on UTC. */
export interface Clock {
  zone: string;
  dateFormat: DateFormat;
}

const UTC_CLOCK: Clock = { zone: "UTC", dateFormat: "SHORTDATE" };

const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

const two = (n: number): string => String(n).padStart(2, "0");

/** A date as CP prints it (UTC fields): `02/26/16`, or `2016-02-26` under ISODATE. */
export function cpDate(d: Date, format: DateFormat = "SHORTDATE"): string {
  const year = d.getUTCFullYear();
  if (format === "ISODATE") return `${year}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(year % 100)}`;
}

/** A time of day as CP prints it (UTC fields): `10:04:53`. */
export function cpTimeOfDay(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** A userid in CP's eight-column field. */
const userField = (userid: string): string => userid.padEnd(8);

const userTerminal = (userid: string, terminal: string): string => `${userField(userid)} - ${terminal}`;

/** One logged-on user as QUERY NAMES lists it. */
export interface NamesEntry {
  userid: string;
  /** "DSC" when disconnected, else the terminal's device number ("0009") or logical device. */
  terminal: string;
  /** The system the user is logged on to; needed with AT ALL. */
  system?: string;
}

const NAMES_PER_LINE = 4;

/** QUERY NAMES: `userid   - DSC` fields, four to a line; with AT ALL, each system's lines carry its name. */
export function queryNames(entries: readonly NamesEntry[], opts: { at?: string } = {}): string[] {
  // Field and separator: "LCLEF02  - DSC , LTROTH1  - DSC , ..." (Rick Troth, z/VM 7.3). A
  // terminal number in place of DSC and the AT ALL prefix are unverified.
  const lines: string[] = [];
  const pack = (group: readonly NamesEntry[], prefix: string): void => {
    for (let i = 0; i < group.length; i += NAMES_PER_LINE) {
      const fields = group.slice(i, i + NAMES_PER_LINE).map((e) => userTerminal(e.userid, e.terminal));
      lines.push(prefix + fields.join(" , "));
    }
  };
  if (opts.at !== "ALL") {
    pack(entries, "");
    return lines;
  }
  const bySystem = new Map<string, NamesEntry[]>();
  for (const e of entries) {
    const key = e.system ?? "";
    bySystem.set(key, [...(bySystem.get(key) ?? []), e]);
  }
  for (const [system, group] of bySystem) pack(group, system === "" ? "" : `${system.padEnd(8)} : `);
  return lines;
}

/** QUERY userid: `FBA0004  - DSC` (shared/corpus/feilong-cp-responses.txt). */
export function queryUser(userid: string, terminal: string): string[] {
  return [userTerminal(userid, terminal)];
}

/** QUERY USERS: `    53 USERS,      0 DIALED,      0 NET` (Rick Troth, z/VM 7.3: six-column counts). */
export function queryUsers(count: number, dialed = 0, net = 0): string[] {
  const n = (v: number): string => String(v).padStart(6);
  return [`${n(count)} USERS, ${n(dialed)} DIALED, ${n(net)} NET`];
}

/** QUERY USERID: `MAINT    AT ZVMWSXX` (shared/corpus/zvm-bootcamp-cp-responses.txt). */
export function queryUserid(userid: string, sysname: string): string[] {
  return [`${userField(userid)} AT ${sysname}`];
}

/** One virtual DASD as QUERY VIRTUAL DASD shows it. */
export interface VirtualDasd {
  vdev: string;
  /** "3390", or "9336" for a virtual disk in storage. */
  devtype: string;
  /** The volume label, or "(VDSK)" for a virtual disk in storage. */
  volser: string;
  access: "R/O" | "R/W";
  /** The size in `unit`s (cylinders unless unit is BLK). */
  cylinders: number;
  unit?: "CYL" | "BLK";
  /** The real device the minidisk lies on ("VDSK" for a virtual disk in storage). */
  rdev?: string;
  /** Four hex digits; defaults to the device's position in the list given. */
  subchannel?: string;
  /** A real device dedicated to the guest (DEDICATE, ATTACH), not a minidisk. */
  dedicated?: boolean;
}

/** QUERY VIRTUAL DASD in vdev order: `DASD 0100 3390 EMC2C6 R/W      10016 CYL ON DASD  C2C6 ...`. */
export function queryVirtualDasd(devs: readonly VirtualDasd[]): string[] {
  // Columns from shared/corpus/xcat-zvm-rinv-lsvm-output.txt and feilong-cp-responses.txt.
  return devs
    .map((d, i) => ({ d, subchannel: d.subchannel ?? i.toString(16).toUpperCase().padStart(4, "0") }))
    .sort((a, b) => parseInt(a.d.vdev, 16) - parseInt(b.d.vdev, 16))
    .map(({ d, subchannel }) => {
      const size = String(d.cylinders).padStart(10);
      // A minidisk always lies on a real device; "----" only shows a caller that did not say which.
      const rdev = d.rdev ?? "----";
      // A dedicated device: `DASD 1C5D ON DASD  1C5D R/W 0X1C5D SUBCHANNEL = 0003` (tessia corpus).
      if (d.dedicated)
        return `DASD ${d.vdev} ON DASD  ${rdev} ${d.access} ${d.volser} SUBCHANNEL = ${subchannel}`;
      const disk = `DASD ${d.vdev} ${d.devtype} ${d.volser.padEnd(6)} ${d.access} ${size} ${d.unit ?? "CYL"}`;
      return `${disk} ON DASD  ${rdev} SUBCHANNEL = ${subchannel}`;
    });
}

/** One real DASD as QUERY DASD shows it. */
export type RealDasd =
  | { rdev: string; volser: string; state: "OWNED" | "SYSTEM"; users: number }
  | { rdev: string; volser: string; state: "ATTACHED"; userid: string; vdev: string; access: "R/O" | "R/W" };

/** QUERY DASD in rdev order: `DASD 0200 CP OWNED  M01RES   89`, `DASD 0202 CP SYSTEM VMCOM2   2`. */
export function queryDasd(devs: readonly RealDasd[]): string[] {
  // CP OWNED/SYSTEM columns from shared/corpus/zvm-bootcamp-cp-responses.txt; ATTACHED is unverified.
  return [...devs]
    .sort((a, b) => parseInt(a.rdev, 16) - parseInt(b.rdev, 16))
    .map((d) =>
      d.state === "ATTACHED"
        ? `DASD ${d.rdev} ATTACHED TO ${userField(d.userid)} ${d.vdev} ${d.access} ${d.volser}`
        : `DASD ${d.rdev} CP ${d.state.padEnd(6)} ${d.volser.padEnd(6)}   ${d.users}`,
    );
}

/** The CP level QUERY CPLEVEL reports. */
export interface CpLevel {
  version: number;
  release: number;
  modification: number;
  /** Four digits, e.g. "2401". */
  serviceLevel: string;
}

/**
 * QUERY rdev of a real device no guest and not SYSTEM holds: `CTCA DB44 FREE` (recalled, as CP
 * lists free devices; no capture in the corpus).
 */
export function realFree(deviceClass: string, rdev: string): string {
  return `${deviceClass} ${rdev} FREE`;
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

/** The session figures QUERY TIME's second line reports, in seconds. */
export interface SessionTimes {
  connectSeconds: number;
  virtCpuSeconds?: number;
  totCpuSeconds?: number;
}

/** QUERY TIME: `TIME IS 16:45:28 EDT FRIDAY 05/30/25`, then the session's CONNECT=, VIRTCPU= and TOTCPU=. */
export function queryTime(now: Date, session: SessionTimes, clock: Clock = UTC_CLOCK): string[] {
  // Line 1 as Rick Troth quotes z/VM 7.3 (with an ISO date; mm/dd/yy is the default, as the corpus
  // LOGON lines show). Line 2 is recalled and unverified.
  const weekday = WEEKDAYS[now.getUTCDay()];
  const connect = Math.max(0, Math.floor(session.connectSeconds));
  const hms = `${two(Math.floor(connect / 3600))}:${two(Math.floor(connect / 60) % 60)}:${two(connect % 60)}`;
  const cpu = (seconds = 0): string => {
    const hundredths = Math.max(0, Math.round(seconds * 100));
    const minutes = String(Math.floor(hundredths / 6000)).padStart(3, "0");
    return `${minutes}:${two(Math.floor(hundredths / 100) % 60)}.${two(hundredths % 100)}`;
  };
  return [
    `TIME IS ${cpTimeOfDay(now)} ${clock.zone} ${weekday} ${cpDate(now, clock.dateFormat)}`,
    `CONNECT= ${hms} VIRTCPU= ${cpu(session.virtCpuSeconds)} TOTCPU= ${cpu(session.totCpuSeconds)}`,
  ];
}

/** XLINK CHECK's answer for a volume under CSE: `Volume VMQ001 is controlled by CSE LINK.` (seed). */
export function xlinkCheck(volid: string): string[] {
  return [`Volume ${volid} is controlled by CSE LINK.`];
}

/** QUERY VIRTUAL vdev of a channel-to-channel adapter: `CTCA 0DB4 ON CTCA DB44` (form by analogy with DASD's `ON DASD`, unverified). */
export function queryVirtualCtc(vdev: string, rdev: string): string {
  return `CTCA ${vdev} ON CTCA ${rdev}`;
}

/** DETACH's answer: `DASD 0CF1 DETACHED` (shared/corpus/xcat-zvm-setup-cp-responses.txt). */
export function deviceDetached(vdev: string, deviceClass = "DASD"): string[] {
  return [`${deviceClass} ${vdev} DETACHED`];
}

/** ATTACH's answer: `FCP 1740 ATTACHED TO USER 1740` (shared/corpus/tessia-zvm-3270-console-lines.txt). */
export function deviceAttached(rdev: string, userid: string, vdev: string, deviceClass = "DASD"): string[] {
  // For ATTACH TO SYSTEM, pass the volid as vdev: that form is unverified.
  return [`${deviceClass} ${rdev} ATTACHED TO ${userid} ${vdev}`];
}

/** One online processor as INDICATE LOAD shows it. */
export interface IndicateProcessor {
  /** Busy percentage. */
  busy: number;
  /** CP, IFL, ZIIP, ... (only CP is seen in the capture). */
  type: string;
  /** HZ when the partition is horizontally polarized (VH/VM/VL in vertical mode, recalled). */
  polarization: string;
}

/** What INDICATE LOAD reports: counts of the dispatch (Q0-Q3), eligible (E1-E3) and dormant lists. */
export interface IndicateLoad {
  avgproc: number;
  mdc: { reads: number; writes: number; hitRatio: number };
  paging: number;
  /** Users in dispatch-list class 0-3, with the parenthesised count beside each. */
  q: readonly (readonly [number, number])[];
  /** Users in eligible-list class 1-3 (E1-E3), with the parenthesised count. */
  e: readonly (readonly [number, number])[];
  /** The expansion factors shown on the Q2 and Q3 lines. */
  expan: readonly [number, number];
  dormant: number;
  processors: readonly IndicateProcessor[];
  limited: number;
}

const zeros = (n: number, width: number): string => String(Math.max(0, Math.floor(n))).padStart(width, "0");

/**
 * INDICATE LOAD (`IND`, LOAD being the default operand), as z/VM 6.3 prints it in the zvm-bootcamp
 * capture (reference §4): AVGPROC with the number of online processors, the minidisk cache, the
 * paging rate, the dispatch/eligible/dormant list counts, two processors a line (27 columns each),
 * LIMITED. Releases before 6.3/6.4 had an XSTORE line; z/VM 7.3 has no expanded storage, so none.
 */
export function indicateLoad(l: IndicateLoad): string[] {
  const list = (name: string, [n, m]: readonly [number, number]): string =>
    `${name}-${zeros(n, 5)}(${zeros(m, 5)})`;
  const qLine = (i: number): string => {
    const q = list(`Q${i}`, l.q[i]);
    if (i === 0) return `${q.padEnd(42)}DORMANT-${zeros(l.dormant, 5)}`;
    const expan = i >= 2 ? `EXPAN-${zeros(l.expan[i - 2], 3)}` : "";
    return `${q} ${expan.padEnd(9)} ${list(`E${i}`, l.e[i - 1])}`;
  };
  const procs: string[] = [];
  for (let i = 0; i < l.processors.length; i += 2) {
    const field = (p: IndicateProcessor, n: number): string =>
      `PROC ${zeros(n, 4)}-${zeros(p.busy, 3)}% ${p.type.padEnd(4)} ${p.polarization}`;
    const pair = l.processors.slice(i, i + 2).map((p, j) => field(p, i + j));
    procs.push(pair.map((f, j) => (j < pair.length - 1 ? f.padEnd(27) : f)).join(""));
  }
  return [
    `AVGPROC-${zeros(l.avgproc, 3)}% ${zeros(l.processors.length, 2)}`,
    `MDC READS-${zeros(l.mdc.reads, 6)}/SEC WRITES-${zeros(l.mdc.writes, 6)}/SEC HIT RATIO-${zeros(l.mdc.hitRatio, 3)}%`,
    `PAGING-${Math.max(0, Math.floor(l.paging))}/SEC`,
    ...[0, 1, 2, 3].map(qLine),
    "",
    ...procs,
    "",
    `LIMITED-${zeros(l.limited, 5)}`,
  ];
}

/** What INDICATE USER reports about one virtual machine (one virtual CPU). */
export interface IndicateUser {
  userid: string;
  /** Machine mode: 370, XA, ESA, XC or Z. */
  machine: string;
  /** Logon storage as CP shows it ("256M"). */
  storage: string;
  /** `DEV vdev`, an NSS name, or `DEV NONE` when never IPLed. */
  iplsys: string;
  /** Virtual devices of the machine. */
  devnum: number;
  /** Seconds since LOGON (CTIME, hh:mm). */
  connectSeconds: number;
  pages?: { res: number; ws: number; lockedReal: number; resvd: number; instan: number };
  paging?: { npref: number; pref: number; reads: number; writes: number };
  /** Virtual and total CPU seconds (VTIME, TTIME, mmm:ss). */
  virtSeconds?: number;
  totSeconds?: number;
  io?: number;
  /** Records read, printed and punched. */
  rdr?: number;
  prt?: number;
  pch?: number;
}

/**
 * INDICATE USER, as z/VM 6.3 prints it in the zvm-bootcamp capture (reference §4): the userid in
 * eight columns, MACH/STOR/VIRT/XSTORE, IPLSYS and DEVNUM, PAGES, paging counts and one `CPU 00:`
 * pair. VIRT=V, XSTORE=NONE, TYPE=CP and CPUAFFIN=ON are as in the capture; the field meanings are
 * UWKPG's ("INDICATE USER data block", vm.ibm.com/pubs/cp730/UWKPG.HTML). CTIME as hh:mm is recalled.
 */
export function indicateUser(u: IndicateUser): string[] {
  const pages = u.pages ?? { res: 0, ws: 0, lockedReal: 0, resvd: 0, instan: 0 };
  const paging = u.paging ?? { npref: 0, pref: 0, reads: 0, writes: 0 };
  const connect = Math.max(0, Math.floor(u.connectSeconds / 60));
  const mmss = (seconds = 0): string => {
    const s = Math.max(0, Math.floor(seconds));
    return `${zeros(Math.floor(s / 60), 3)}:${two(s % 60)}`;
  };
  return [
    `USERID=${userField(u.userid)} MACH=${u.machine} STOR=${u.storage} VIRT=V XSTORE=NONE`,
    `IPLSYS=${u.iplsys} DEVNUM=${zeros(u.devnum, 5)}`,
    `PAGES: RES=${pages.res}  WS=${pages.ws}  LOCKEDREAL=${pages.lockedReal}  RESVD=${pages.resvd}`,
    `       INSTAN=${pages.instan}`,
    `NPREF=${paging.npref}  PREF=${paging.pref}  READS=${paging.reads}  WRITES=${paging.writes}`,
    `CPU 00: CTIME=${two(Math.floor(connect / 60))}:${two(connect % 60)} VTIME=${mmss(u.virtSeconds)} ` +
      `TTIME=${mmss(u.totSeconds)} IO=${zeros(u.io ?? 0, 6)}`,
    `        RDR=${zeros(u.rdr ?? 0, 6)} PRT=${zeros(u.prt ?? 0, 6)} PCH=${zeros(u.pch ?? 0, 6)} TYPE=CP   CPUAFFIN=ON`,
  ];
}

/**
 * INDICATE PAGING / I/O with nobody waiting: `No users in page wait` / `No users in I/O wait`
 * (zvm-bootcamp capture, reference §4).
 */
export function indicateNoWait(what: "PAGING" | "IO"): string[] {
  return [what === "PAGING" ? "No users in page wait" : "No users in I/O wait"];
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

/** QUERY VIRTUAL STORAGE: `STORAGE = 256M` (z/VM 6.3, zvm-bootcamp; tessia-zvm-3270-console-lines.txt line 42). */
export function queryVirtualStorage(storage: string): string[] {
  return [`STORAGE = ${storage}`];
}

/** QUERY VIRTUAL CPUS' base CPU: `CPU 00  ID  FF0C452E20978000 (BASE) CP   CPUAFF ON` (xcat-zvm-rinv-lsvm-output.txt line 45). */
export function queryVirtualCpu(cpuid: string): string[] {
  return [`CPU 00  ID  ${cpuid} (BASE) CP   CPUAFF ON`];
}

/** What QUERY VIRTUAL shows of a spooled unit record device (reader, punch, printer). */
export interface VirtualUnitRecord {
  kind: "RDR" | "PUN" | "PRT";
  vdev: string;
  cls: string;
  cont: boolean;
  hold: boolean;
  keep: boolean;
  copies: number;
  /** SPOOL TO: a userid, or null for the system's output queue (shown as SYSTEM, ours). */
  to: string | null;
  dist: string;
  subchannel: string;
}

/**
 * QUERY VIRTUAL READER/PUNCH/PRINTER. No capture was found: the first line of each and the reader's
 * second follow the recalled shape in reference §3 (`RDR  000C CL * NOCONT NOHOLD EOF    READY`,
 * `     000C 2540 CLOSED NOKEEP NORESCAN SUBCHANNEL = 000E`, `PUN  000D CL A NOCONT NOHOLD COPY 001
 * READY FORM STANDARD`); the punch's and printer's TO/DIST and SUBCHANNEL lines are ours.
 */
export function queryVirtualUnitRecord(d: VirtualUnitRecord): string[] {
  const flags = `CL ${d.cls} ${d.cont ? "CONT  " : "NOCONT"} ${d.hold ? "HOLD  " : "NOHOLD"}`;
  const cont = `     ${d.vdev}`;
  if (d.kind === "RDR")
    return [
      `RDR  ${d.vdev} ${flags} EOF    READY`,
      `${cont} 2540 CLOSED ${d.keep ? "KEEP  " : "NOKEEP"} NORESCAN SUBCHANNEL = ${d.subchannel}`,
    ];
  return [
    `${d.kind}  ${d.vdev} ${flags} COPY ${String(d.copies).padStart(3, "0")}    READY FORM STANDARD`,
    `${cont} TO ${(d.to ?? "SYSTEM").padEnd(8)} ${d.kind} DIST ${d.dist.padEnd(8)} DEST OFF`,
    `${cont} SUBCHANNEL = ${d.subchannel}`,
  ];
}

/**
 * QUERY VIRTUAL CONSOLE. No capture was found: the shape is reference §3's recalled one
 * (`CONS 0009 ON LDEV L0003   TERM START ...`, `0009 CL T NOCONT NOHOLD COPY 001    READY FORM
 * STANDARD`, `0009 TO MAINT    PRT DIST MAINT    FLASHC 000 DEST OFF`, `0009 SUBCHANNEL = 0000`).
 * The first line of a disconnected user (`ON DSC`) is ours, and so is the terminal name.
 */
export function queryVirtualConsole(
  vdev: string,
  userid: string,
  terminal: string,
  subchannel: string,
): string[] {
  const on = terminal === "DSC" ? "DSC" : `LDEV ${terminal}`;
  return [
    `CONS ${vdev} ON ${on}   TERM START`,
    `     ${vdev} CL T NOCONT NOHOLD COPY 001    READY FORM STANDARD`,
    `     ${vdev} TO ${userid.padEnd(8)} PRT DIST ${userid.padEnd(8)} FLASHC 000 DEST OFF`,
    `     ${vdev} SUBCHANNEL = ${subchannel}`,
  ];
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
