/** Cylinders of each 3390 model CP knows by name; a DASD entry may give its own count instead. */
export const DEVTYPE_CYLINDERS: Readonly<Record<string, number>> = {
  "3390-1": 1113,
  "3390-2": 2226,
  "3390-3": 3339,
  "3390-9": 10017,
  "3390-27": 32760,
  "3390-54": 65520,
  "3380-K": 2655,
};

/** What DESIGN.md §3 says an unnamed volume is: a 3390-9. */
export const DEFAULT_DEVTYPE = "3390-9";

/** True for FBA device types, which XLINK does not support. */
export function isFba(devtype: string): boolean {
  const t = devtype.toUpperCase();
  return t.startsWith("9336") || t.startsWith("FB-512") || t.startsWith("FBA") || t.startsWith("3370");
}

/**
 * Cylinders the CSE area takes (seed: "<1 Cyl for mod 3, 9 cyl for mod 9 up to mod 54"): the
 * area fits in one cylinder up to a 3390-3 and takes nine above that.
 */
export function cseAreaCylinders(cylinders: number): number {
  return cylinders <= DEVTYPE_CYLINDERS["3390-3"] ? 1 : 9;
}
