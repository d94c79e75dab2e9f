import { deviceNumber } from "../text/names";
import { diag, type Diagnostic } from "../diagnostics";
import { DEFAULT_DEVTYPE, DEVTYPE_CYLINDERS } from "./geometry";

/** CP allocation types, as CPFMTXA shows them. */
export type AllocationType = "PERM" | "DRCT" | "PAGE" | "SPOL" | "TDSK";

/** One extent of a volume's CP allocation map (cylinders start..end, inclusive). */
export interface AllocationExtent {
  type: AllocationType;
  start: number;
  end: number;
}

/** A DASD inventory entry as the API takes it. */
export interface DasdEntry {
  volser: string;
  devtype?: string;
  cylinders?: number;
  rdev?: string;
  allocation?: AllocationExtent[];
  /** Systems that IPL from this volume unless told otherwise (their `+VMRES`). */
  ipl?: string[];
}

/** A real volume of the plex: from the inventory, or defaulted because the config or directory names it. */
export interface DasdVolume {
  volser: string;
  devtype: string;
  cylinders: number;
  rdev?: string;
  allocation?: AllocationExtent[];
  ipl: string[];
  /** True when the inventory lists it; false when it was defaulted to a 3390-9. */
  inInventory: boolean;
  /** 1-based position in the inventory (0 when defaulted), for diagnostics. */
  entry: number;
}

/** The file name diagnostics about the inventory carry; `line` is the 1-based entry number. */
export const DASD_FILE = "dasd";

const VOLSER = /^[A-Z0-9@#$-]{1,6}$/;

/**
 * Checks the DASD inventory and turns it into volumes keyed by volser. Problems are diagnostics
 * whose line is the entry's position in the list.
 */
export function readInventory(entries: readonly DasdEntry[] | undefined): {
  volumes: Map<string, DasdVolume>;
  diagnostics: Diagnostic[];
} {
  const volumes = new Map<string, DasdVolume>();
  const diagnostics: Diagnostic[] = [];
  const rdevs = new Map<string, string>();
  (entries ?? []).forEach((e, i) => {
    const n = i + 1;
    const volser = String(e.volser ?? "").toUpperCase();
    const err = (code: string, message: string) =>
      diagnostics.push(
        diag(DASD_FILE, n, 0, "error", code, `dasd entry ${n} (${volser || "?"}): ${message}`),
      );
    if (!VOLSER.test(volser)) return err("DASD-VOLSER", "volser must be 1-6 characters A-Z 0-9 @ # $ -");
    if (volumes.has(volser)) return err("DASD-DUP-VOLSER", `volser ${volser} is listed twice`);
    const devtype = (e.devtype ?? DEFAULT_DEVTYPE).toUpperCase();
    const known = DEVTYPE_CYLINDERS[devtype];
    const cylinders = e.cylinders ?? known;
    if (cylinders === undefined)
      return err("DASD-GEOMETRY", `devtype ${devtype} is not one CP knows by size; give cylinders`);
    if (!Number.isInteger(cylinders) || cylinders < 1 || cylinders > 1182006)
      return err("DASD-GEOMETRY", `cylinders ${cylinders} is not a whole number from 1 to 1182006`);
    if (known !== undefined && e.cylinders !== undefined && e.cylinders !== known)
      diagnostics.push(
        diag(
          DASD_FILE,
          n,
          0,
          "warning",
          "DASD-GEOMETRY",
          `dasd entry ${n} (${volser}): a ${devtype} has ${known} cylinders, not ${e.cylinders}`,
        ),
      );
    if (e.rdev !== undefined) {
      const rdev = deviceNumber(e.rdev);
      if (rdev === undefined) return err("DASD-RDEV", `rdev ${e.rdev} is not a 4-digit hex device number`);
      const other = rdevs.get(rdev);
      if (other) return err("DASD-DUP-RDEV", `rdev ${rdev} is also given to ${other}`);
      rdevs.set(rdev, volser);
    }
    const allocation = e.allocation ? [...e.allocation].sort((a, b) => a.start - b.start) : undefined;
    for (const [k, x] of (allocation ?? []).entries()) {
      if (x.start > x.end || x.start < 0 || x.end >= cylinders)
        return err(
          "DASD-ALLOCATION",
          `allocation ${x.type} ${x.start}-${x.end} does not fit cylinders 0-${cylinders - 1}`,
        );
      const prev = allocation![k - 1];
      if (prev && prev.end >= x.start)
        return err(
          "DASD-ALLOCATION",
          `allocation ${prev.type} ${prev.start}-${prev.end} overlaps ${x.type} ${x.start}-${x.end}`,
        );
    }
    volumes.set(volser, {
      volser,
      devtype,
      cylinders,
      rdev: deviceNumber(e.rdev),
      allocation,
      ipl: (e.ipl ?? []).map((s) => s.toUpperCase()),
      inInventory: true,
      entry: n,
    });
  });
  return { volumes, diagnostics };
}

/** The volume `volser`, defaulted to a 3390-9 outside the inventory (DESIGN.md §3). */
export function defaultVolume(volser: string): DasdVolume {
  return {
    volser: volser.toUpperCase(),
    devtype: DEFAULT_DEVTYPE,
    cylinders: DEVTYPE_CYLINDERS[DEFAULT_DEVTYPE],
    ipl: [],
    inInventory: false,
    entry: 0,
  };
}

/** The allocation types covering cylinders start..end of a volume; undefined when it has no map. */
export function allocationTypes(
  volume: DasdVolume,
  start: number,
  end: number,
): Set<AllocationType> | undefined {
  if (!volume.allocation) return undefined;
  const types = new Set<AllocationType>();
  let covered = 0;
  for (const x of volume.allocation) {
    const lo = Math.max(start, x.start);
    const hi = Math.min(end, x.end);
    if (lo <= hi) {
      types.add(x.type);
      covered += hi - lo + 1;
    }
  }
  // Cylinders outside every extent are unallocated, which CPFMTXA shows as nothing: count them apart.
  if (covered < end - start + 1) types.add("UNALLOCATED" as AllocationType);
  return types;
}
