import type { PlexView } from "../../plex/view";
import { at, DIRECTORY_FILE, type LintRule } from "./rule";

// The directory: a DIRECTORY statement for each system and its CPU, on a volume no other system owns, and
// LINK statements that reach a minidisk.

/** Each DIRECTORY statement's volume, with the system it names. */
function directoryVolumes(plex: PlexView): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of plex.source?.directories ?? []) if (d.sysname) out.set(d.volser, d.sysname);
  return out;
}

export const dirNoDirectory: LintRule = {
  code: "DIR-NO-DIRECTORY",
  severity: "error",
  title: "every system has a DIRECTORY statement, so DIRECTXA writes its object directory",
  check(plex, report) {
    if (!plex.source) return;
    for (const v of plex.views.values())
      if (!v.directory?.control)
        report(
          { file: DIRECTORY_FILE, line: 1, column: 1 },
          `No DIRECTORY statement applies to ${v.sysname}: DIRECTXA cannot build its object directory`,
        );
  },
};

export const cpownedOtherDirectory: LintRule = {
  code: "CPOWNED-OTHER-DIRECTORY",
  severity: "warning",
  title: "a system's CP_Owned list holds no other system's directory volume",
  check(plex, report) {
    const dirVols = directoryVolumes(plex);
    for (const view of plex.views.values())
      for (const c of view.config.model.cpOwned) {
        const owner = dirVols.get(c.volid);
        if (owner && owner !== view.sysname)
          report(
            at(c),
            `${view.sysname}'s CP_Owned slot ${c.slot} is ${c.volid}, which holds ${owner}'s directory`,
          );
      }
  },
};

export const linkTarget: LintRule = {
  code: "LINK-TARGET",
  severity: "warning",
  title: "directory LINK statements name a user and a minidisk that exist on that system",
  check(plex, report) {
    const done = new Set<string>();
    for (const view of plex.views.values()) {
      const users = view.directory?.users;
      if (!users) continue;
      for (const user of users.values())
        for (const l of user.links) {
          const owner = l.owner === "*" ? user.userid : l.owner;
          const target = users.get(owner);
          const key = `${l.line}`;
          if (done.has(key)) continue;
          if (!target) {
            done.add(key);
            report(
              { file: DIRECTORY_FILE, line: l.line, column: l.column },
              `${user.userid} links to ${owner} ${l.ownerVdev}, but ${owner} is not in the directory${plex.systems.length > 1 ? ` of ${view.sysname}` : ""}`,
            );
          } else if (
            !target.mdisks.some((m) => m.vdev === l.ownerVdev) &&
            !target.links.some((x) => x.vdev === l.ownerVdev)
          ) {
            done.add(key);
            report(
              { file: DIRECTORY_FILE, line: l.line, column: l.column },
              `${user.userid} links to ${owner} ${l.ownerVdev}, which ${owner} does not define on ${view.sysname}`,
            );
          }
        }
    }
  },
};

export const dirCpuidMismatch: LintRule = {
  code: "DIR-CPUID-MISMATCH",
  severity: "warning",
  title: "a DIRECTORY statement's CPU ID and model match the system's System_Identifier",
  check(plex, report) {
    const byName = new Map(plex.base.model.systemIdentifiers.map((s) => [s.sysname, s]));
    const fits = (value: string, pattern: string) =>
      pattern.length === value.length &&
      [...pattern].every((ch, i) => ch === "%" || ch === "*" || ch === value[i]);
    for (const d of plex.source?.directories ?? []) {
      const id = d.sysname ? byName.get(d.sysname) : undefined;
      if (!id || id.lpar || !d.cpuid) continue;
      const cpu = id.cpuid.replace(/^%+/, "");
      const cpuOk =
        id.cpuid === "*" || d.cpuid.endsWith(cpu) || fits(d.cpuid.padStart(id.cpuid.length, "%"), id.cpuid);
      const modelOk = !d.model || id.model === "*" || d.model === id.model;
      if (!cpuOk || !modelOk)
        report(
          { file: DIRECTORY_FILE, line: d.line, column: d.column },
          `DIRECTORY for ${d.sysname} gives CPU ${d.cpuid}-${d.model ?? "?"}, but System_Identifier names ${id.sysname} for ${id.model} ${id.cpuid} (${id.file} line ${id.line})`,
        );
    }
  },
};
