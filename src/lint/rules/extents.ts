import type { DasdVolume } from "../../dasd/inventory";
import type { MdiskDef } from "../../directory/types";
import type { PlexView } from "../../plex/view";

/** True for a minidisk that covers its whole volume: the full-pack overlays real sites use. */
export function isFullPack(md: MdiskDef, volume: DasdVolume | undefined): boolean {
  if (md.kind === "devno") return true;
  if (md.kind !== "extent") return false;
  return md.start === 0 && (md.count === undefined || (volume !== undefined && md.count >= volume.cylinders));
}

/** An extent minidisk as one system's object directory places it, in cylinders of its real volume. */
export interface Extent {
  sysname: string;
  userid: string;
  md: MdiskDef;
  volser: string;
  start: number;
  end: number;
  fullPack: boolean;
}

/** Every extent minidisk each system's object directory places, with its real volume. */
export function extentsBySystem(plex: PlexView): Map<string, Extent[]> {
  const out = new Map<string, Extent[]>();
  for (const view of plex.views.values()) {
    const list: Extent[] = [];
    for (const user of view.directory?.users.values() ?? []) {
      for (const md of user.mdisks) {
        if (md.kind !== "extent" || !md.volser || md.start === undefined) continue;
        const volume = plex.volumes.get(md.volser);
        const count = md.count ?? (volume ? volume.cylinders - md.start : 1);
        list.push({
          sysname: view.sysname,
          userid: user.userid,
          md,
          volser: md.volser,
          start: md.start,
          end: md.start + Math.max(count, 1) - 1,
          fullPack: isFullPack(md, volume),
        });
      }
    }
    out.set(view.sysname, list);
  }
  return out;
}
