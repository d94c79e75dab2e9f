import { formatMessage } from "../catalog/messages";
import { UTC_ZONE, type TimeZoneDef } from "../config/timezone";
import { cpDate, cpTimeOfDay, queryTime } from "./layouts/time";

/**
 * The console lines of a system's and a session's life (IPL, SHUTDOWN, LOGON, LOGOFF, ...) and of
 * the commands whose answers are not messages. One place for each text, so a correction from the
 * corpus is a one-line change. Each says where its form comes from: [C] a real capture (shared/corpus
 * with its line, or one shared/reference/cp-first-hour.md quotes), [D] IBM documentation, [R]
 * recalled and unverified, ours where no source gives CP's text.
 */

const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

/**
 * `10:04:53 CET MONDAY 02/26/16`: the local time of `zone` (SYSTEM CONFIG's Timezone_Definition,
 * src/config/timezone.ts; UTC when none), its ID, the weekday and mm/dd/yy [C: tessia lines 17, 32,
 * 150; zvm-bootcamp-dirmaint line 5]. The reference gives these lines no other date format, so
 * SYSTEM_DATEFORMAT and SET DATEFORMAT do not change them here.
 */
export function cpStamp(now: Date, zone: TimeZoneDef = UTC_ZONE): string {
  const local = new Date(now.getTime() + zone.offsetSeconds * 1000);
  return `${cpTimeOfDay(local)} ${zone.id} ${WEEKDAYS[local.getUTCDay()]} ${cpDate(local)}`;
}

/** The first IPL line: `z/VM SYSTEM LTICVM1 IPL FROM VM1RES (CLEAN)`. */
export function iplBanner(sysname: string, volume: string, clean: boolean): string {
  return `z/VM SYSTEM ${sysname} IPL FROM ${volume}${clean ? " (CLEAN)" : ""}`;
}

/**
 * Once the object directory is in use at IPL: `The directory on volume VM9CDS at address 5502 has
 * been brought online.` [R, medium: shared/reference/cp-first-hour.md §9, which gives the text and
 * no message id; the seed's shared-SysRes slide: "Should see the message that the Directory on
 * VM9CDS is on line"]. `address` is the DIRECTORY statement's device, the volume's real address
 * as the seed writes it.
 */
export function directoryOnline(volser: string, address: string): string {
  return `The directory on volume ${volser} at address ${address} has been brought online.`;
}

/**
 * Where the checkpoint or warm start area is, at IPL. Ours: no source gives a message naming the
 * checkpoint or warm start volume (cp-first-hour.md §9: "No message naming the checkpoint or
 * warm-start volumes was found"); the layout is HCPZCO6718I's for the parm disk [C: BC-ENV,
 * "Parm disk resides on cylinders 1 through 120."], without an id, as CP's own is unknown.
 */
export function residenceArea(
  area: "checkpoint" | "warmstart",
  where: { volid: string; from: number; count: number; unit: "cylinder" | "page" },
  address?: string,
): string {
  const name = area === "checkpoint" ? "Checkpoint" : "Warm start";
  const device = address ? ` (device ${address})` : "";
  const units = where.unit === "page" ? "pages" : "cylinders";
  return `${name} area on volume ${where.volid}${device} resides on ${units} ${where.from} through ${where.from + where.count - 1}.`;
}

/** The end of spool initialization at IPL, warm or not [C: BC-ENV, reference §9; the capture indents it one blank, not kept]. */
export function spoolingComplete(): string {
  return "HCPWRS2512I Spooling initialization is complete.";
}

/** What IPL CLEAN says it threw away. */
export function cleanDiscarded(count: number): string {
  return `${count} UNSHARED SPOOL FILES DISCARDED BY IPL CLEAN`;
}

/**
 * CP's accounting line for a logon or logoff, as the operator (and FORCE's or XAUTOLOG's issuer)
 * sees it [C: reference §5, zvm-bootcamp BC-ENV/BC-DRV captures]: `AUTO LOGON  ***       LINUX2
 * USERS = 32`, `USER DSC   LOGOFF AS  LINUX2   USERS = 31    FORCED BY MAINT`. Columns: the
 * terminal field 1-11, the action 12-17, the userid 23-30, `USERS = n` from 32 (n in five
 * columns, [I]), `FORCED BY` from 46. `users` is the count after the event.
 */
export function accountingLine(
  how: { auto: true } | { terminal: string; action: "LOGON" | "LOGOFF" },
  userid: string,
  users: number,
  forcedBy?: string,
): string {
  const head =
    "auto" in how
      ? "AUTO LOGON  ***       "
      : `${(how.terminal === "DSC" ? "USER DSC" : `GRAF  ${how.terminal}`).padEnd(11)}${how.action.padEnd(6)} AS  `;
  const count = `USERS = ${forcedBy ? String(users).padEnd(5) : users}`;
  return `${head}${userid.padEnd(8)} ${count}${forcedBy ? ` FORCED BY ${forcedBy}` : ""}`;
}

/** An automatic LOGON at IPL (OPERATOR, AUTOLOG1) and by XAUTOLOG [C: BC-DRV, reference §6]. */
export function autoLogon(userid: string, users: number): string {
  return accountingLine({ auto: true }, userid, users);
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

/** LOGON's last line: `LOGON AT 10:04:53 CET MONDAY 02/26/16` [C: tessia line 32]. */
export function logonLine(now: Date, zone?: TimeZoneDef): string {
  return `LOGON AT ${cpStamp(now, zone)}`;
}

/** A LOGON that reconnects a disconnected user: `RECONNECTED AT 10:04:48 CET MONDAY 02/26/16` [C: tessia line 17]. */
export function reconnectLine(now: Date, zone?: TimeZoneDef): string {
  return `RECONNECTED AT ${cpStamp(now, zone)}`;
}

/**
 * LOGOFF's line, `LOGOFF AT 10:20:30 EST MONDAY 01/22/07` [R, the form of tessia line 150]; a user
 * CP logs off (FORCE) gets `... BY SYSTEM` [C: tessia line 150; D-old: VM/370 Operator's Guide].
 */
export function logoffLine(now: Date, zone?: TimeZoneDef, bySystem = false): string {
  return `LOGOFF AT ${cpStamp(now, zone)}${bySystem ? " BY SYSTEM" : ""}`;
}

/** DISCONNECT's line, `DISCONNECT AT hh:mm:ss zone weekday mm/dd/yy` [R: reference §5]. */
export function disconnectLine(now: Date, zone?: TimeZoneDef): string {
  return `DISCONNECT AT ${cpStamp(now, zone)}`;
}

/**
 * The session's times before LOGOFF AT and DISCONNECT AT, `CONNECT= 00:05:12 VIRTCPU= 000:00.12
 * TOTCPU= 000:00.34`, as QUERY TIME prints them [D-old: VM/370 CP Command Reference p.97; R for
 * z/VM]. cseplex runs no guest, so its CPU times are 0.
 */
export function connectLine(connectSeconds: number): string {
  return queryTime(new Date(0), { connectSeconds })[1];
}

/** XAUTOLOG's answer when the logon goes on after it (no SYNCH) [C: BC-DRV, reference §6]. */
export const COMMAND_ACCEPTED = "Command accepted";

/** XAUTOLOG ... SYNCH's answer once the logon is done [R: reference §6]; also seen alone in tessia line 156. */
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
