import type { SystemConfigModel } from "../config/model";
import type { Diagnostic } from "../diagnostics";
import type { PlexView } from "./view";
import { xlinkInclude } from "../dasd/cse-area";

/** A system's run state: DOWN until IPLed, IPLING while it comes up, UP, or FAILED (stopped without cleanup). */
export type SystemState = "DOWN" | "IPLING" | "UP" | "FAILED";

/** The plex as `GET /v1/plexes/:plex` shows it. */
export interface Topology {
  name: string;
  systems: {
    sysname: string;
    state: SystemState;
    xlinkSlot: number | null;
    xspoolSlot: number | null;
    shareSpool: boolean;
    iplVolume: string;
    directoryVolume: string | null;
  }[];
  volumes: { volser: string; devtype: string; cylinders: number; rdev: string | null; xlink: boolean }[];
  users: number;
  diagnostics: Diagnostic[];
}

/** A system's XLINK slot, as its own SYSTEM CONFIG reading says. */
function xlinkSlotOf(model: SystemConfigModel, sysname: string): number | undefined {
  return model.xlinkSystemInclude.find((s) => s.sysname === sysname)?.slot;
}

/** Slot number → system name, each system's slot as its own reading says (what the volume view names flags by). */
export function slotNames(plex: PlexView): Record<number, string> {
  const names: Record<number, string> = {};
  for (const [sysname, view] of plex.views) {
    const slot = xlinkSlotOf(view.config.model, sysname);
    if (slot !== undefined) names[slot] = sysname;
  }
  return names;
}

/** Describes a plex view with each system's run state. */
export function topologyOf(
  name: string,
  plex: PlexView,
  states: Record<string, SystemState>,
  diagnostics: Diagnostic[],
): Topology {
  return {
    name,
    systems: plex.systems.map((sysname) => {
      const view = plex.views.get(sysname)!;
      const m = view.config.model;
      const xspool = m.xspoolSystems.find((s) => s.sysname === sysname);
      return {
        sysname,
        state: states[sysname] ?? "DOWN",
        xlinkSlot: xlinkSlotOf(view.config.model, sysname) ?? null,
        xspoolSlot: xspool?.slot ?? null,
        shareSpool: xspool?.shareSpool ?? false,
        iplVolume: view.iplVolume,
        directoryVolume: view.directory?.control?.volser ?? null,
      };
    }),
    volumes: [...plex.volumes.values()].map((v) => ({
      volser: v.volser,
      devtype: v.devtype,
      cylinders: v.cylinders,
      rdev: v.rdev ?? null,
      xlink: [...plex.views.values()].some((view) => xlinkInclude(view.config.model, v.volser) !== undefined),
    })),
    users: plex.source?.users.length ?? 0,
    diagnostics,
  };
}
