import { cseArea, xlinkInclude } from "../dasd/cse-area";
import type { VolumeGeometry } from "../dasd/volume-view";
import type { PlexView } from "./view";

/**
 * What each volume of the plex is, as its inputs say now: the inventory's label and size, and where
 * its CSE area starts under the XLINK include that controls it (read from the first system's
 * SYSTEM CONFIG, as the volume is one for every system). The one source of a volume's geometry:
 * the Plex re-sets volumes with it on a new inventory, and each system's image carries it so a
 * volume's first use records the same.
 */
export function volumeGeometries(view: PlexView): Map<string, VolumeGeometry> {
  // A view is not changed once built: each system's image and each volume view reuse one answer.
  let known = GEOMETRIES.get(view);
  if (!known) GEOMETRIES.set(view, (known = computeGeometries(view)));
  return known;
}

const GEOMETRIES = new WeakMap<PlexView, Map<string, VolumeGeometry>>();

function computeGeometries(view: PlexView): Map<string, VolumeGeometry> {
  const anyModel = [...view.views.values()][0]?.config.model;
  return new Map(
    [...view.volumes.values()].map((v) => {
      const inc = anyModel ? xlinkInclude(anyModel, v.volser) : undefined;
      const cseCylinder = inc ? cseArea(v, inc).start : 0;
      return [v.volser, { volser: v.volser, devtype: v.devtype, cylinders: v.cylinders, cseCylinder }];
    }),
  );
}
