/**
 * CP's dates and times, and QUERY TIME, as pure formatters. Column widths come from real output:
 * the files in shared/corpus (named at each function), or lines Rick Troth quotes from z/VM 7.3 in
 * uftdcpq.c (reference only, not copied into the corpus). Layouts marked "unverified" were not seen
 * anywhere.
 */

/** How CP writes dates: SHORTDATE mm/dd/yy is the default; ISODATE is yyyy-mm-dd. */
export type DateFormat = "SHORTDATE" | "ISODATE";

/** The zone label and date format a system prints times with; cseplex systems run on UTC. */
export interface Clock {
  zone: string;
  dateFormat: DateFormat;
}

/** The clock cseplex systems print with: UTC, SHORTDATE. */
export const UTC_CLOCK: Clock = { zone: "UTC", dateFormat: "SHORTDATE" };

const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

/** A number in two digits: `04`. */
export const two = (n: number): string => String(n).padStart(2, "0");

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
