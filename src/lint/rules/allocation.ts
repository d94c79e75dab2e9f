import { extentsBySystem } from "./extents";
import { at, DIRECTORY_FILE, mdAt, type LintRule } from "./rule";

// The volumes' allocation maps: DRCT space for directories, PERM space for checkpoint, warmstart and
// minidisks.

export const allocation: LintRule = {
  code: "ALLOCATION",
  severity: "error",
  title: "directory volumes have DRCT space; checkpoint and warmstart lie in PERM space and apart",
  check(plex, report) {
    for (const d of plex.source?.directories ?? []) {
      const v = plex.volumes.get(d.volser);
      if (v?.allocation && !v.allocation.some((x) => x.type === "DRCT"))
        report(
          { file: DIRECTORY_FILE, line: d.line, column: d.column },
          `DIRECTORY volume ${d.volser} has no DRCT space in its allocation map: DIRECTXA has nowhere to write`,
        );
    }
    const done = new Set<string>();
    for (const view of plex.views.values()) {
      const { checkpoint, warmstart } = view.config.model;
      for (const [area, name] of [
        [checkpoint, "Checkpoint"],
        [warmstart, "Warmstart"],
      ] as const) {
        // Allocation maps here are in cylinders; an FBA or EDEVICE area (`From Page`) is not checked.
        if (!area || area.unit === "page") continue;
        const v = plex.volumes.get(area.volid);
        const key = `${area.file} ${area.line} ${area.volid}`;
        if (!v?.allocation || done.has(key)) continue;
        const end = area.cylinder + area.count - 1;
        const bad = v.allocation.filter((x) => x.type !== "PERM" && x.start <= end && x.end >= area.cylinder);
        const covered = v.allocation
          .filter((x) => x.type === "PERM")
          .reduce((n, x) => n + Math.max(0, Math.min(end, x.end) - Math.max(area.cylinder, x.start) + 1), 0);
        if (bad.length > 0 || covered < area.count) {
          done.add(key);
          report(
            at(area),
            `${name} area ${area.volid} ${area.cylinder}-${end} is not all PERM space${bad.length ? ` (it meets ${bad.map((x) => `${x.type} ${x.start}-${x.end}`).join(", ")})` : ""}`,
          );
        }
      }
      if (
        checkpoint &&
        warmstart &&
        checkpoint.volid === warmstart.volid &&
        checkpoint.unit === warmstart.unit
      ) {
        const overlap =
          checkpoint.cylinder <= warmstart.cylinder + warmstart.count - 1 &&
          warmstart.cylinder <= checkpoint.cylinder + checkpoint.count - 1;
        const key = `overlap ${checkpoint.file} ${checkpoint.line}`;
        if (overlap && !done.has(key)) {
          done.add(key);
          report(
            at(warmstart),
            `Warmstart area ${warmstart.unit === "page" ? "pages " : ""}${warmstart.cylinder}-${warmstart.cylinder + warmstart.count - 1} overlaps the checkpoint area ${checkpoint.cylinder}-${checkpoint.cylinder + checkpoint.count - 1} on ${checkpoint.volid}`,
          );
        }
      }
    }
  },
};

export const allocationMdisk: LintRule = {
  code: "ALLOCATION-MDISK",
  severity: "warning",
  title: "minidisks lie in PERM space, clear of checkpoint and warmstart",
  check(plex, report) {
    const done = new Set<string>();
    for (const [sysname, extents] of extentsBySystem(plex)) {
      const m = plex.views.get(sysname)!.config.model;
      for (const e of extents) {
        if (e.fullPack) continue;
        const v = plex.volumes.get(e.volser);
        const bad = (v?.allocation ?? []).filter(
          (x) => x.type !== "PERM" && x.start <= e.end && x.end >= e.start,
        );
        if (bad.length > 0 && !done.has(`perm ${e.md.line}`)) {
          done.add(`perm ${e.md.line}`);
          report(
            mdAt(e.md),
            `${e.userid} ${e.md.vdev} (${e.volser} ${e.start}-${e.end}) lies in ${bad.map((x) => `${x.type} ${x.start}-${x.end}`).join(", ")}; minidisks belong in PERM space`,
          );
        }
        for (const area of [m.checkpoint, m.warmstart])
          if (
            area &&
            area.unit === "cylinder" &&
            area.volid === e.volser &&
            area.cylinder <= e.end &&
            area.cylinder + area.count - 1 >= e.start &&
            !done.has(`area ${e.md.line} ${sysname}`)
          ) {
            done.add(`area ${e.md.line} ${sysname}`);
            report(
              mdAt(e.md),
              `On ${sysname}, ${e.userid} ${e.md.vdev} (${e.start}-${e.end}) overlaps the ${area === m.checkpoint ? "checkpoint" : "warmstart"} area on ${e.volser}`,
            );
          }
      }
    }
  },
};
