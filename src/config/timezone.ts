import type { ConfigStatement } from "./model";

/**
 * SYSTEM CONFIG's time zone: Timezone_Definition names zones and their offsets from UTC,
 * Timezone_Boundary says from when each is in effect. CP stores a zone as a 4-character ID and a
 * signed offset in seconds (TZDBK, reference §5); it prints its local time with the ID in every
 * LOGON/LOGOFF line (`LOGON AT 10:04:53 CET MONDAY 02/26/16`, shared/corpus tessia line 32).
 *
 * Sources (shared/reference/cp-first-hour.md §8d): Timezone_Boundary `ON yyyy-mm-dd AT hh:mm:ss
 * TO zoneid` is IBM's (DST2007 sample lines). Timezone_Definition `[ID] zoneid EAST|WEST hh.mm.ss`
 * is recalled: whether `ID` precedes the zone is uncertain, so both are read. With no definition
 * the system prints UTC (the zone CP uses then is unknown: ours).
 */

/** A zone as Timezone_Definition defines it: its ID and its offset east of UTC, in seconds. */
export interface TimeZoneDef {
  id: string;
  offsetSeconds: number;
}

/** A Timezone_Boundary: from the local date and time `at` (`yyyy-mm-ddThh:mm:ss`), zone `id`. */
export interface TimeZoneBoundary {
  at: string;
  id: string;
}

/** What SYSTEM CONFIG says about time zones, as a system's image carries it. */
export interface TimeZoneConfig {
  zones: TimeZoneDef[];
  boundaries: TimeZoneBoundary[];
}

/** The zone CP prints when SYSTEM CONFIG defines none (ours). */
export const UTC_ZONE: TimeZoneDef = { id: "UTC", offsetSeconds: 0 };

const ZONE_ID = /^[A-Z0-9@#$]{1,4}$/;
const OFFSET = /^(\d{1,2})(?:[.:](\d{1,2}))?(?:[.:](\d{1,2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?$/;

/** `05.00.00` (hh[.mm[.ss]]) as seconds, or undefined. */
function offsetOf(text: string): number | undefined {
  const m = OFFSET.exec(text);
  if (!m) return undefined;
  const [h, mi, s] = [m[1], m[2] ?? "0", m[3] ?? "0"].map(Number);
  if (h > 15 || mi > 59 || s > 59) return undefined;
  return h * 3600 + mi * 60 + s;
}

/** Timezone_Definition [ID] zoneid EAST|WEST hh.mm.ss, or undefined when it says something else. */
function definition(ops: readonly string[]): TimeZoneDef | undefined {
  const w = ops.map((o) => o.toUpperCase());
  const rest = w[0] === "ID" && w.length === 4 ? w.slice(1) : w;
  if (rest.length !== 3) return undefined;
  const [id, direction, offset] = rest;
  const seconds = offsetOf(offset);
  if (!ZONE_ID.test(id) || seconds === undefined) return undefined;
  if (direction !== "EAST" && direction !== "WEST") return undefined;
  return { id, offsetSeconds: direction === "EAST" ? seconds : -seconds };
}

/** Timezone_Boundary ON yyyy-mm-dd AT hh:mm:ss TO zoneid (keywords in any order), or undefined. */
function boundary(ops: readonly string[]): TimeZoneBoundary | undefined {
  const w = ops.map((o) => o.toUpperCase());
  const value = (key: string) => {
    const i = w.indexOf(key);
    return i >= 0 ? w[i + 1] : undefined;
  };
  const date = DATE.exec(value("ON") ?? "");
  const time = TIME.exec(value("AT") ?? "00:00:00");
  const id = value("TO");
  if (!date || !time || !id || !ZONE_ID.test(id)) return undefined;
  const two = (s: string | undefined) => (s ?? "0").padStart(2, "0");
  return { at: `${date[1]}-${date[2]}-${date[3]}T${two(time[1])}:${two(time[2])}:${two(time[3])}`, id };
}

/** The time zones a system's SYSTEM CONFIG statements (those that apply to it) define. */
export function timezoneConfig(statements: readonly ConfigStatement[]): TimeZoneConfig {
  const zones: TimeZoneDef[] = [];
  const boundaries: TimeZoneBoundary[] = [];
  for (const st of statements) {
    if (st.keyword === "TIMEZONE_DEFINITION") {
      const d = definition(st.operands);
      if (!d) continue;
      // A zone defined twice takes its last definition.
      const i = zones.findIndex((z) => z.id === d.id);
      if (i >= 0) zones[i] = d;
      else zones.push(d);
    } else if (st.keyword === "TIMEZONE_BOUNDARY") {
      const b = boundary(st.operands);
      if (b) boundaries.push(b);
    }
  }
  boundaries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { zones, boundaries };
}

/**
 * The zone in effect at `now`: the last boundary passed (its local time read in the zone in effect
 * before it), else the first zone defined (ours: CP's choice before any boundary is not known);
 * UTC when none is defined. A boundary to a zone no Timezone_Definition names is skipped.
 */
export function zoneAt(config: TimeZoneConfig | undefined, now: Date): TimeZoneDef {
  if (!config || config.zones.length === 0) return UTC_ZONE;
  let zone = config.zones[0];
  for (const b of config.boundaries) {
    const next = config.zones.find((z) => z.id === b.id);
    if (!next) continue;
    const instant = Date.parse(`${b.at}Z`) - zone.offsetSeconds * 1000;
    if (Number.isNaN(instant) || instant > now.getTime()) break;
    zone = next;
  }
  return zone;
}
