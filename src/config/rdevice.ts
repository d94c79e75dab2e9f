import type { ConfigStatement } from "./model";

/**
 * SYSTEM CONFIG's RDEVICE statements for DASD, as far as reserve/release needs them: which real
 * devices are marked shared (`RDEVICE rdev|rdev1-rdev2 ... TYPE DASD SHARED YES`). On such a
 * device CP passes a guest's RESERVE/RELEASE on a full-pack minidisk with a V mode (`MDISK vdev
 * 3390 DEVNO rdev MWV`) to the hardware, so guests on other systems are locked out too
 * (docs/decisions.md, "DEVNO minidisks and shared devices").
 *
 * Sources: IBM, z/VM 7.3 "Reserve/Release Summary" (SET SHARED ON with the V attribute: both real
 * and virtual reserve/release); Broadcom, CA MIM for z/VM, "Telling z/VM to Send Reserve CCWs to
 * Devices" (SET SHARED ON FOR rdev until the next IPL; permanently with SHARED YES on the
 * RDEVICE statement of the system configuration file; real reserves only on a full-pack
 * minidisk). The operand order and the range form are recalled, not seen in a real file: the
 * rdevs are read up to TYPE, SHARED (or SHARE) YES|NO anywhere after it; the last statement
 * naming a device wins. Other RDEVICE operands (EQID, MDC, PAV ...) are kept by the parser and
 * not read here.
 */

const RDEV = /^[0-9A-F]{1,4}$/;
/** Devices a range may name: a typo such as 0000-FFFF must not make a 65,536-entry set. */
const MAX_RANGE = 4096;

/** The rdevs an RDEVICE operand names (`0300` or `0300-030F`), 4-digit upper case; none when malformed. */
function rdevsOf(operand: string): string[] {
  const [lo, hi, ...rest] = operand.toUpperCase().split("-");
  if (rest.length || !RDEV.test(lo) || (hi !== undefined && !RDEV.test(hi))) return [];
  const a = parseInt(lo, 16);
  const b = hi === undefined ? a : parseInt(hi, 16);
  if (b < a || b - a >= MAX_RANGE) return [];
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(n.toString(16).toUpperCase().padStart(4, "0"));
  return out;
}

/** The real DASD a system's SYSTEM CONFIG statements (those that apply to it) mark SHARED YES, sorted. */
export function sharedDasd(statements: readonly ConfigStatement[]): string[] {
  const shared = new Map<string, boolean>();
  for (const st of statements) {
    if (st.keyword !== "RDEVICE") continue;
    const w = st.operands.map((o) => o.toUpperCase());
    const type = w.indexOf("TYPE");
    if (type < 1 || w[type + 1] !== "DASD") continue;
    const key = w.findIndex((x, i) => i > type && (x === "SHARED" || x === "SHARE"));
    const value = key >= 0 ? w[key + 1] : "NO";
    if (value !== "YES" && value !== "NO") continue;
    for (const op of w.slice(0, type)) for (const rdev of rdevsOf(op)) shared.set(rdev, value === "YES");
  }
  return [...shared]
    .filter(([, yes]) => yes)
    .map(([rdev]) => rdev)
    .sort();
}
