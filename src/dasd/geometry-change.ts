import type { VolumeGeometry } from "./volume-view";

/** A volume's geometry as its Volume object stores it, with the version of the plex inputs it came from. */
export interface StoredGeometry {
  devtype: string;
  cylinders: number;
  cseCylinder: number;
  /** The plex inputs' version (Plex `inputs_version`) the geometry was read from; 0 before versions. */
  version: number;
}

/** What became of a newer geometry a system read: taken, or refused with the reason. */
export interface GeometryChange {
  volser: string;
  applied: boolean;
  from: { cylinders: number; cseCylinder: number };
  to: { cylinders: number; cseCylinder: number };
  reason?: string;
  /** The CSE area was dropped: it must be formatted again (XLINK FORMAT). */
  areaDropped?: boolean;
}

/** What a volume does with the geometry a system read at its IPL. */
export type GeometryPlan =
  /** Nothing to do: not newer than what the volume has. */
  | { kind: "keep" }
  /** Newer inputs with the same geometry: only the version moves on. */
  | { kind: "same" }
  /** The new geometry is taken; `dropArea` when the CSE area no longer fits and must be formatted again. */
  | { kind: "apply"; dropArea: boolean }
  /** The new geometry does not fit what the volume holds now: it keeps its geometry, and says why. */
  | { kind: "refuse"; reason: string };

/**
 * Decides whether a volume takes a newer geometry (issue #10: SYSTEM CONFIG and the inventory count
 * from the next IPL that reads them, never under running links). A geometry read from newer inputs
 * than the volume's is taken when every link still fits within it and, where the CSE area would
 * have to be formatted again (its size or cylinder changed), when no link holds flags in it; else it
 * is refused with the reason, and the volume keeps what it has.
 */
export function planGeometry(
  stored: StoredGeometry,
  next: VolumeGeometry & { version?: number },
  held: { links: readonly { start: number; end: number }[]; formatted: boolean },
): GeometryPlan {
  const version = next.version ?? 0;
  if (version <= stored.version) return { kind: "keep" };
  const sameArea = next.cylinders === stored.cylinders && next.cseCylinder === stored.cseCylinder;
  if (sameArea && next.devtype === stored.devtype) return { kind: "same" };
  const beyond = held.links.filter((l) => l.end >= next.cylinders);
  if (beyond.length > 0) {
    const last = Math.max(...beyond.map((l) => l.end));
    return {
      kind: "refuse",
      reason: `${beyond.length} link(s) held up to cylinder ${last}, beyond the new ${next.cylinders} cylinders`,
    };
  }
  const dropArea = held.formatted && !sameArea;
  if (dropArea && held.links.length > 0)
    return {
      kind: "refuse",
      reason: `its CSE area would have to be formatted again under ${held.links.length} link(s)`,
    };
  return { kind: "apply", dropArea };
}

/** The volume view's warning for a geometry the volume could not take. */
export const geometryRefusedWarning = (cylinders: number, reason: string) =>
  `SYSTEM CONFIG or the inventory gives this volume ${cylinders} cylinders, which it cannot take yet: ${reason}`;

/** The volume view's note for a geometry the plex's inputs give and no system has brought to the volume yet. */
export const geometryPendingWarning = (cylinders: number) =>
  `SYSTEM CONFIG or the inventory now gives this volume ${cylinders} cylinders: it takes them when a system IPLed since uses it`;
