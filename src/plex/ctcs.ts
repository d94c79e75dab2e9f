import { diag, type Diagnostic } from "../diagnostics";
import type { DasdVolume } from "../dasd/inventory";
import { deviceNumber } from "../text/names";

/**
 * Channel-to-channel adapters (issue #11 item 4): the plex input `ctcs`, each a cable between two
 * systems' real devices, `{a: {system, rdev}, b: {system, rdev}}`. A guest (PVM, RSCS) gets its
 * end with `ATTACH rdev * vdev`; a line over it runs when both ends are attached and started.
 */
export interface CtcEnd {
  system: string;
  rdev: string;
}

/** One adapter: its two ends. */
export interface CtcPair {
  a: CtcEnd;
  b: CtcEnd;
}

/** The `ctcs` input as sent (checked here, not trusted). */
export type CtcInput = { a: { system: string; rdev: string }; b: { system: string; rdev: string } };

/** One system's end of an adapter, with the other end: what that system's image carries. */
export interface CtcDevice {
  rdev: string;
  peer: CtcEnd;
}

/** The file name the diagnostics give the `ctcs` input (its entries are its "lines", from 1). */
export const CTC_FILE = "ctcs";

/**
 * Reads the adapters: each end's system upper-cased and its rdev as four hex digits. An error each
 * (the entry left out) for an end on a system the plex does not define, both ends on one system,
 * an rdev that is not a device number, one a system's ends give twice, or one a DASD volume has.
 */
export function readCtcs(
  input: readonly CtcInput[] | undefined,
  systems: readonly string[],
  volumes: ReadonlyMap<string, DasdVolume>,
): { ctcs: CtcPair[]; diagnostics: Diagnostic[] } {
  const ctcs: CtcPair[] = [];
  const diagnostics: Diagnostic[] = [];
  const known = new Set(systems);
  const dasdRdevs = new Map(
    [...volumes.values()].flatMap((v) => (v.rdev ? [[v.rdev, v.volser] as const] : [])),
  );
  const taken = new Map<string, number>();
  (input ?? []).forEach((entry, i) => {
    const line = i + 1;
    const error = (code: string, message: string) =>
      diagnostics.push(diag(CTC_FILE, line, 0, "error", code, `ctcs[${i}]: ${message}`));
    const ends: CtcEnd[] = [];
    for (const side of ["a", "b"] as const) {
      const system = String(entry[side].system).toUpperCase();
      const rdev = deviceNumber(String(entry[side].rdev));
      if (!known.has(system))
        error("CTC-SYSTEM", `${side}.system ${system.slice(0, 8)} is not a system of the plex`);
      else if (!rdev) error("CTC-RDEV", `${side}.rdev is not 1-4 hex digits`);
      else if (dasdRdevs.has(rdev))
        error("CTC-RDEV-DASD", `${side}.rdev ${rdev} is DASD ${dasdRdevs.get(rdev)}'s device`);
      else if (taken.has(`${system} ${rdev}`))
        error(
          "CTC-RDEV-DUP",
          `${system} ${rdev} is already an end of ctcs[${taken.get(`${system} ${rdev}`)! - 1}]`,
        );
      else ends.push({ system, rdev });
    }
    if (ends.length !== 2) return;
    if (ends[0].system === ends[1].system) {
      error("CTC-SELF", `both ends are on ${ends[0].system}: an adapter joins two systems`);
      return;
    }
    for (const e of ends) taken.set(`${e.system} ${e.rdev}`, line);
    ctcs.push({ a: ends[0], b: ends[1] });
  });
  return { ctcs, diagnostics };
}

/** The adapters' ends on `sysname`, each with its other end. */
export function ctcDevicesOf(ctcs: readonly CtcPair[], sysname: string): CtcDevice[] {
  return ctcs.flatMap((c) =>
    c.a.system === sysname
      ? [{ rdev: c.a.rdev, peer: c.b }]
      : c.b.system === sysname
        ? [{ rdev: c.b.rdev, peer: c.a }]
        : [],
  );
}
