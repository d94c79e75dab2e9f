/**
 * INDICATE's layouts: LOAD, USER, PAGING and I/O, as pure formatters. Column widths come from real
 * output: the files in shared/corpus (named at each function), or lines Rick Troth quotes from z/VM
 * 7.3 in uftdcpq.c (reference only, not copied into the corpus). Layouts marked "unverified" were
 * not seen anywhere.
 */

import { two } from "./time";
import { userField } from "./users";

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
