/**
 * CP's layouts of real devices: QUERY DASD, QUERY rdev, ATTACH, DETACH and XLINK CHECK, as pure
 * formatters. Column widths come from real output: the files in shared/corpus (named at each
 * function), or lines Rick Troth quotes from z/VM 7.3 in uftdcpq.c (reference only, not copied into
 * the corpus). Layouts marked "unverified" were not seen anywhere.
 */

import { userField } from "./users";

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

/**
 * QUERY rdev of a real device no guest and not SYSTEM holds: `CTCA DB44 FREE` (recalled, as CP
 * lists free devices; no capture in the corpus).
 */
export function realFree(deviceClass: string, rdev: string): string {
  return `${deviceClass} ${rdev} FREE`;
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

/** XLINK CHECK's answer for a volume under CSE: `Volume VMQ001 is controlled by CSE LINK.` (seed). */
export function xlinkCheck(volid: string): string[] {
  return [`Volume ${volid} is controlled by CSE LINK.`];
}

/**
 * QUERY SYSTEM rdev's users of the volume, four to a line: `MAINT    0190 R/O` (ours: no capture or
 * IBM page gives the form; the DASD line before them is QUERY DASD's).
 */
export function systemDasdUsers(links: readonly { userid: string; vdev: string; mode: string }[]): string[] {
  const cells = links.map((l) => `${l.userid.padEnd(8)} ${l.vdev} ${l.mode}`);
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += 4) lines.push(cells.slice(i, i + 4).join("   "));
  return lines;
}
