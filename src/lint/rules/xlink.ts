import { cseArea, xlinkInclude } from "../../dasd/cse-area";
import { isFba } from "../../dasd/geometry";
import { modeWrites } from "../../dasd/link-rules";
import { extentsBySystem, type Extent } from "./extents";
import { at, dasdAt, mdAt, type LintRule } from "./rule";

// XLINK-controlled volumes: their CSE areas, and the minidisks several systems can write.

export const cseAreaPlacement: LintRule = {
  code: "CSE-AREA-PLACEMENT",
  severity: "error",
  title: "the CSE area of an XLINK volume lies on the volume, in PERM space, clear of minidisks",
  check(plex, report) {
    const extents = [...extentsBySystem(plex).values()].flat();
    const done = new Set<string>();
    for (const view of plex.views.values()) {
      for (const v of plex.volumes.values()) {
        const inc = xlinkInclude(view.config.model, v.volser);
        if (!inc) continue;
        const area = cseArea(v, inc);
        const where = `${v.volser} cylinders ${area.start}-${area.end}`;
        const once = (key: string, r: { file: string; line: number; column: number }, msg: string) => {
          if (done.has(key)) return;
          done.add(key);
          report(r, msg);
        };
        if (area.end >= v.cylinders)
          once(
            `end ${v.volser}`,
            at(inc),
            `The CSE area of ${v.volser} (${where}) runs past the end of the volume (${v.devtype}, cylinders 0-${v.cylinders - 1})`,
          );
        if (isFba(v.devtype))
          once(`fba ${v.volser}`, at(inc), `${v.volser} is an FBA device, which XLINK does not support`);
        for (const x of v.allocation ?? [])
          if (x.type !== "PERM" && x.start <= area.end && x.end >= area.start)
            once(
              `perm ${v.volser}`,
              dasdAt(v),
              `The CSE area of ${v.volser} (${where}) lies in ${x.type} space ${x.start}-${x.end}; it must be PERM or CP may allocate over it`,
            );
        // A minidisk that lies within the CSE area is the way IBM recommends giving XLINK FORMAT the
        // area (it exposes nothing else), so only extents reaching outside it conflict.
        for (const e of extents)
          if (
            e.volser === v.volser &&
            !e.fullPack &&
            e.start <= area.end &&
            e.end >= area.start &&
            (e.start < area.start || e.end > area.end)
          )
            once(
              `md ${e.md.line} ${v.volser}`,
              mdAt(e.md),
              `${e.userid} ${e.md.vdev} (${e.start}-${e.end}) overlaps the CSE area of ${where}: XLINK FORMAT would destroy its data`,
            );
      }
    }
  },
};

export const dirmaintLockDisk: LintRule = {
  code: "DIRMAINT-LOCK-DISK",
  severity: "warning",
  title: "DirMaint's lock disk (DIRMAINT 15D) is on an XLINK-controlled volume",
  check(plex, report) {
    for (const view of plex.views.values()) {
      const md = view.directory?.users.get("DIRMAINT")?.mdisks.find((m) => m.vdev === "015D");
      if (!md) continue;
      if (md.kind !== "extent" || !md.volser || !xlinkInclude(view.config.model, md.volser)) {
        report(
          mdAt(md),
          `DIRMAINT 015D (the lock disk) is on ${md.volser ?? md.kind}, which is not XLINK-controlled on ${view.sysname}: satellites could update the directory at once`,
        );
        return;
      }
    }
  },
};

export const xlinkUnprotected: LintRule = {
  code: "XLINK-UNPROTECTED",
  severity: "warning",
  title: "a volume whose minidisks several systems can write is XLINK-controlled on each of them",
  check(plex, report) {
    const users = new Map<string, Set<string>>();
    const writers = new Map<string, Map<string, Extent>>();
    for (const [sysname, extents] of extentsBySystem(plex))
      for (const e of extents) {
        users.set(e.volser, (users.get(e.volser) ?? new Set()).add(sysname));
        if (e.fullPack || !modeWrites(e.md.mode)) continue;
        const bySys = writers.get(e.volser) ?? new Map<string, Extent>();
        if (!bySys.has(sysname)) bySys.set(sysname, e);
        writers.set(e.volser, bySys);
      }
    for (const [volser, bySys] of writers) {
      const systems = [...(users.get(volser) ?? [])];
      if (systems.length < 2) continue;
      const open = systems.filter((sys) => !xlinkInclude(plex.views.get(sys)!.config.model, volser));
      if (open.length === 0) continue;
      const first = [...bySys.values()][0];
      report(
        mdAt(first.md),
        `${volser} holds minidisks that ${systems.join(", ")} use, ${[...bySys.keys()].join(", ")} with write access, but no XLINK_Volume_Include covers it on ${open.join(", ")}: nothing stops two systems writing it at once`,
      );
    }
  },
};
