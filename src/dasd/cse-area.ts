import type { SystemConfigModel, VolumePattern } from "../config/model";
import { matchesPattern } from "../text/records";
import { cseAreaCylinders } from "./geometry";
import type { DasdVolume } from "./inventory";

/** The XLINK include entry that controls `volser` on a system, unless an exclude or no include applies. */
export function xlinkInclude(model: SystemConfigModel, volser: string): VolumePattern | undefined {
  if (model.xlinkVolumeExclude.some((x) => matchesPattern(volser, x.pattern))) return undefined;
  // The last matching include wins, as with repeated CP statements.
  return [...model.xlinkVolumeInclude].reverse().find((x) => matchesPattern(volser, x.pattern));
}

/** Cylinders start..end of a volume's CSE area under an include entry. */
export function cseArea(volume: DasdVolume, include: VolumePattern): { start: number; end: number } {
  const start = include.cylinder ?? 0;
  return { start, end: start + cseAreaCylinders(volume.cylinders) - 1 };
}
