import { userVolumeIncluded, xlinkIncludeNames } from "../../dasd/cse-area";
import { extentsBySystem, type Extent } from "./extents";
import { mdAt, type LintRule } from "./rule";

// Where minidisk extents lie: clear of each other, on a known volume, within its cylinders.

export const mdiskOverlap: LintRule = {
  code: "MDISK-OVERLAP",
  severity: "warning",
  title: "minidisks on one volume do not overlap as one system sees them (full-pack overlays aside)",
  check(plex, report) {
    for (const [sysname, extents] of extentsBySystem(plex)) {
      const byVol = new Map<string, Extent[]>();
      for (const e of extents) if (!e.fullPack) byVol.set(e.volser, [...(byVol.get(e.volser) ?? []), e]);
      for (const list of byVol.values()) {
        list.sort((a, b) => a.start - b.start || a.end - b.end);
        let reach: Extent | undefined;
        for (const e of list) {
          if (reach && e.start <= reach.end && (e.userid !== reach.userid || e.md.vdev !== reach.md.vdev))
            report(
              mdAt(e.md),
              `On ${sysname}, ${e.userid} ${e.md.vdev} (${e.volser} ${e.start}-${e.end}) overlaps ${reach.userid} ${reach.md.vdev} (${reach.start}-${reach.end})`,
            );
          if (!reach || e.end > reach.end) reach = e;
        }
      }
    }
  },
};

export const mdiskVolumeUnknown: LintRule = {
  code: "MDISK-VOLUME-UNKNOWN",
  severity: "warning",
  title: "a minidisk's volume is in the DASD inventory or the configuration",
  check(plex, report) {
    const known = (volser: string) => {
      const v = plex.volumes.get(volser);
      if (v?.inInventory) return true;
      for (const view of plex.views.values()) {
        const m = view.config.model;
        if (view.iplVolume === volser) return true;
        if (m.cpOwned.some((c) => c.volid === volser) || m.userVolumes.some((u) => u.name === volser))
          return true;
        if (userVolumeIncluded(m, volser) || xlinkIncludeNames(m, volser)) return true;
      }
      return (plex.source?.directories ?? []).some((d) => d.volser === volser);
    };
    const done = new Set<string>();
    for (const extents of extentsBySystem(plex).values())
      for (const e of extents) {
        const key = `${e.md.line}`;
        if (done.has(key) || known(e.volser)) continue;
        done.add(key);
        report(
          mdAt(e.md),
          `${e.userid} ${e.md.vdev} is on volume ${e.volser}, which neither the DASD inventory nor SYSTEM CONFIG names (taken as a 3390-9)`,
        );
      }
  },
};

export const mdiskPastEnd: LintRule = {
  code: "MDISK-PAST-END",
  severity: "warning",
  title: "a minidisk ends within its volume",
  check(plex, report) {
    const done = new Set<string>();
    for (const extents of extentsBySystem(plex).values())
      for (const e of extents) {
        const v = plex.volumes.get(e.volser);
        if (!v || e.end < v.cylinders || done.has(`${e.md.line} ${e.volser}`)) continue;
        done.add(`${e.md.line} ${e.volser}`);
        report(
          mdAt(e.md),
          `${e.userid} ${e.md.vdev} ends at cylinder ${e.end}, past the end of ${e.volser} (${v.devtype}, cylinders 0-${v.cylinders - 1})`,
        );
      }
  },
};
