import { formatMessage } from "../catalog/messages";

/**
 * The console lines of a system's and a session's life (IPL, SHUTDOWN, LOGON, LOGOFF, ...) and of
 * the commands whose answers are not messages. One place for each text, so a correction from the
 * corpus is a one-line change. Times are UTC until SYSTEM CONFIG's Timezone_Definition is read.
 */

const hms = (d: Date) => d.toISOString().slice(11, 19);

/** The first IPL line: `z/VM SYSTEM LTICVM1 IPL FROM VM1RES (CLEAN)`. */
export function iplBanner(sysname: string, volume: string, clean: boolean): string {
  return `z/VM SYSTEM ${sysname} IPL FROM ${volume}${clean ? " (CLEAN)" : ""}`;
}

/** What IPL CLEAN says it threw away. */
export function cleanDiscarded(count: number): string {
  return `${count} UNSHARED SPOOL FILES DISCARDED BY IPL CLEAN`;
}

/** An automatic LOGON at IPL (OPERATOR, AUTOLOG1). */
export function autoLogon(userid: string, users: number): string {
  return `AUTO LOGON  ***  ${userid}    USERS = ${users}`;
}

/** The last IPL line. */
export function startupComplete(sysname: string): string {
  return formatMessage("HCPWRP963I", { sysname });
}

/** SHUTDOWN's lines. */
export function shutdownLines(sysname: string): string[] {
  return ["SYSTEM SHUTDOWN COMPLETE", formatMessage("HCPWRP961W", { sysname })];
}

/** What `fail` answers: the system stopped without cleaning up. */
export function failedLine(sysname: string): string {
  return `SYSTEM ${sysname} FAILED; ITS LINKS REMAIN ON SHARED DASD`;
}

/** LOGON's last line. */
export function logonLine(now: Date, sysname: string): string {
  return `LOGON AT ${hms(now)} UTC ${now.toISOString().slice(0, 10)} ON ${sysname}`;
}

/** LOGOFF's line. */
export function logoffLine(now: Date): string {
  return `LOGOFF AT ${hms(now)} UTC`;
}

/** DISCONNECT's line. */
export function disconnectLine(now: Date): string {
  return `DISCONNECT AT ${hms(now)} UTC`;
}

/** FORCE's answer. */
export function forcedLine(userid: string): string {
  return `USER ${userid.padEnd(8)} FORCED BY SYSTEM`;
}

/** XAUTOLOG's last line. */
export const COMMAND_COMPLETE = "Command complete";

/** XLINK FORMAT's answer. */
export function xlinkFormatted(volid: string, cylinder: number): string {
  return `XLINK FORMAT of ${volid} complete: CSE area at cylinder ${cylinder}`;
}

/** VARY's line per device. */
export function varied(rdev: string, online: boolean): string {
  return `${rdev} varied ${online ? "online" : "offline"}`;
}

/** DETACH of a real device: a volume from the guest it was dedicated to or from SYSTEM, a CTC from its guest. */
export function realDetached(rdev: string, from: string, what: string, cls = "DASD"): string {
  return `${cls} ${rdev} DETACHED ${from} ${what}`;
}

/** QUERY MDISK's line for one of the issuer's minidisks. */
export function mdiskLine(md: {
  vdev: string;
  devtype: string;
  volser?: string;
  start?: number;
  count?: number;
  mode: string;
}): string {
  return `DASD ${md.vdev} ${md.devtype} ${md.volser ?? ""} ${md.start ?? ""} ${md.count ?? "END"} ${md.mode}`.replace(
    / +/g,
    " ",
  );
}

/** QUERY LINKS's line per link to the issuer's minidisk. */
export function linkLine(userid: string, vdev: string, access: "R/O" | "R/W"): string {
  return `${userid.padEnd(8)} ${vdev} ${access}`;
}

/** A tape drive attached and a tape mounted on it (the operator's ATTACH and mount in one). */
export function tapeMounted(userid: string, vdev: string, volser: string): string[] {
  return [`TAPE ${vdev} ATTACHED TO ${userid} ${vdev}`, `TAPE ${volser} MOUNTED ON ${vdev}`];
}
