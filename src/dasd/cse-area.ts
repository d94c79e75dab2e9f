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

/**
 * True when SYSTEM CONFIG's XLINK_System_Exclude names `sysname` (in the statements that apply to
 * it): that system runs without cross-system link, whatever XLINK_System_Include says. IBM's 7.3
 * usage note says an exclude of an included system is ignored; the seed's mod-9 shared-SysRes
 * procedure excludes an included system on purpose, and the simulator follows the seed
 * (docs/decisions.md, "XLINK as documented").
 */
export function xlinkExcluded(model: SystemConfigModel, sysname: string): boolean {
  return model.xlinkSystemExclude.some((x) => x.name === sysname);
}

/** Cylinders start..end of the CSE area of a volume of `cylinders` whose area starts at `cseCylinder`. */
export function cseSpan(g: { cylinders: number; cseCylinder: number }): { start: number; end: number } {
  return { start: g.cseCylinder, end: g.cseCylinder + cseAreaCylinders(g.cylinders) - 1 };
}

/**
 * True when a device reaching cylinders start..end of a volume covers its whole CSE area: what XLINK
 * FORMAT needs of a minidisk (a full-pack one, or one over the area's cylinders; reference §3.1).
 */
export function coversCseArea(
  extent: { start: number; end: number },
  g: { cylinders: number; cseCylinder: number },
): boolean {
  const area = cseSpan(g);
  return extent.start <= area.start && extent.end >= area.end;
}
