import { modeWrites } from "../../dasd/link-rules";
import { attachedAtIpl } from "../../plex/image";
import type { PlexView } from "../../plex/view";
import { at, DIRECTORY_FILE, mdAt, nowhere, type LintRule } from "./rule";

// The IPL volumes (SysRes): known for each system, and nothing written on one that several systems share.

/** Systems several systems IPL from: shared SysRes volumes, with who shares them. */
function sharedSysres(plex: PlexView): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const v of plex.views.values())
    if (v.iplVolume) by.set(v.iplVolume, [...(by.get(v.iplVolume) ?? []), v.sysname]);
  return new Map([...by].filter(([, systems]) => systems.length > 1));
}

export const sysresShared: LintRule = {
  code: "SYSRES-SHARED",
  severity: "warning",
  title: "a SysRes several systems IPL from holds no R/W minidisks, no checkpoint or warmstart, no directory",
  check(plex, report) {
    const shared = sharedSysres(plex);
    if (shared.size === 0) return;
    const done = new Set<string>();
    for (const view of plex.views.values()) {
      for (const user of view.directory?.users.values() ?? []) {
        for (const md of user.mdisks)
          if (md.volser && shared.has(md.volser) && modeWrites(md.mode) && !done.has(`md ${md.line}`)) {
            done.add(`md ${md.line}`);
            report(
              mdAt(md),
              `${user.userid} ${md.vdev} is a ${md.mode} minidisk on ${md.volser}, the SysRes ${shared.get(md.volser)!.join(" and ")} share: once the SysRes is shared there are no R/W links to it`,
            );
          }
      }
      const m = view.config.model;
      for (const area of [m.checkpoint, m.warmstart])
        if (area && shared.has(area.volid) && !done.has(`area ${area.file} ${area.line} ${area.column}`)) {
          done.add(`area ${area.file} ${area.line} ${area.column}`);
          report(
            at(area),
            `${view.sysname} keeps its ${area === m.checkpoint ? "checkpoint" : "warmstart"} area on ${area.volid}, a SysRes shared by ${shared.get(area.volid)!.join(" and ")}`,
          );
        }
    }
    for (const d of plex.source?.directories ?? [])
      if (shared.has(d.volser))
        report(
          { file: DIRECTORY_FILE, line: d.line, column: d.column },
          `The object directory${d.sysname ? ` of ${d.sysname}` : ""} is on ${d.volser}, a SysRes shared by ${shared.get(d.volser)!.join(" and ")}`,
        );
  },
};

export const iplVolume: LintRule = {
  code: "IPL-VOLUME",
  severity: "info",
  title: "each system's IPL volume (+VMRES) is known",
  check(plex, report) {
    for (const view of plex.views.values())
      if (view.iplVolumeSource === "none")
        report(
          nowhere,
          `${view.sysname}'s IPL volume is not known: give it in the DASD inventory ("ipl": ["${view.sysname}"]) so +VMRES resolves`,
        );
  },
};

export const residenceOnline: LintRule = {
  code: "SYSRES-RESIDENCE-OFFLINE",
  severity: "warning",
  title: "the checkpoint and warm start areas are on a volume the system brings online at IPL",
  check(plex, report) {
    for (const view of plex.views.values()) {
      if (!view.iplVolume) continue;
      const m = view.config.model;
      const online = attachedAtIpl(m, view.iplVolume);
      for (const area of [m.checkpoint, m.warmstart])
        if (area && !online(area.volid))
          report(
            at(area),
            `${view.sysname} keeps its ${area === m.checkpoint ? "checkpoint" : "warm start"} area on ${area.volid}, which it does not attach to SYSTEM at IPL (not its SysRes, CP_Owned or a user volume): every IPL of ${view.sysname} is refused (HCPIPL9027E)`,
          );
    }
  },
};
