import type { SystemConfigModel, VolumePattern } from "../config/model";
import { PatternSet } from "../text/patterns";
import { cseAreaCylinders } from "./geometry";
import type { DasdVolume } from "./inventory";

/** A model's volume patterns as pattern sets, made once per model (a model is not changed after it is read). */
interface VolumePatternSets {
  include: PatternSet;
  exclude: PatternSet;
  user: PatternSet;
}
const SETS = new WeakMap<SystemConfigModel, VolumePatternSets>();

function setsOf(model: SystemConfigModel): VolumePatternSets {
  let sets = SETS.get(model);
  if (!sets) {
    sets = {
      include: new PatternSet(model.xlinkVolumeInclude.map((x) => x.pattern)),
      exclude: new PatternSet(model.xlinkVolumeExclude.map((x) => x.pattern)),
      user: new PatternSet(model.userVolumePatterns.map((p) => p.name)),
    };
    SETS.set(model, sets);
  }
  return sets;
}

/** The XLINK include entry that controls `volser` on a system, unless an exclude or no include applies. */
export function xlinkInclude(model: SystemConfigModel, volser: string): VolumePattern | undefined {
  const sets = setsOf(model);
  if (sets.exclude.matches(volser)) return undefined;
  // The last matching include wins, as with repeated CP statements.
  const i = sets.include.lastMatch(volser);
  return i >= 0 ? model.xlinkVolumeInclude[i] : undefined;
}

/** True when a User_Volume_Include pattern of the system names `volser`. */
export function userVolumeIncluded(model: SystemConfigModel, volser: string): boolean {
  return setsOf(model).user.matches(volser);
}

/** True when an XLINK_Volume_Include pattern names `volser` (whatever the excludes say). */
export function xlinkIncludeNames(model: SystemConfigModel, volser: string): boolean {
  return setsOf(model).include.matches(volser);
}

/** Cylinders start..end of a volume's CSE area under an include entry. */
export function cseArea(volume: DasdVolume, include: VolumePattern): { start: number; end: number } {
  const start = include.cylinder ?? 0;
  return { start, end: start + cseAreaCylinders(volume.cylinders) - 1 };
}
