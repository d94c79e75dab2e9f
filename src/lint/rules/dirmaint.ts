import { usersRunning } from "../../cms/programs";
import { parseDirmaintConfig, type DirmaintConfig } from "../../dirmaint/config";
import { extentOn } from "../../plex/files";
import type { PlexView } from "../../plex/view";
import { lintFilesByExtent } from "./pvm-setup";
import { rscsLinkMissing } from "./rscs-network";
import type { LintRule } from "./rule";

// DirMaint's CONFIG DATADVH as lint reads it (issue #12 item 6): the file on the 11F of whoever
// runs DIRMAINT (src/cms/programs.ts), from the `files` input or the plex's stored files.

const DIRMAINT_VDEV = "011F";
export const DIRMAINT_CONFIG_NAME = "CONFIG DATADVH";

/** The CMS files (FN FT) the DirMaint rules read. */
export const DIRMAINT_LINT_FILES: readonly string[] = [DIRMAINT_CONFIG_NAME];

type Found = { file: string; userid: string; config: DirmaintConfig };
const VIEWS = new WeakMap<PlexView, Found | null>();

/** DIRMAINT's CONFIG DATADVH as the first system that has one sees it, read once per plex. */
export function dirmaintConfigOf(plex: PlexView): Found | undefined {
  const cached = VIEWS.get(plex);
  if (cached !== undefined) return cached ?? undefined;
  const byExtent = lintFilesByExtent(plex, DIRMAINT_LINT_FILES);
  let found: Found | undefined;
  for (const system of plex.systems) {
    for (const userid of usersRunning("DIRMAINT", plex.programs)) {
      const e = extentOn(plex, system, userid, DIRMAINT_VDEV);
      const f =
        "missing" in e ? undefined : byExtent.get(`${e.volser} ${e.start} ${e.end} ${DIRMAINT_CONFIG_NAME}`);
      if (!f) continue;
      const file = f.name ?? `${userid} ${DIRMAINT_VDEV} ${DIRMAINT_CONFIG_NAME}`;
      found = { file, userid, config: parseDirmaintConfig(f.text, file) };
      break;
    }
    if (found) break;
  }
  VIEWS.set(plex, found ?? null);
  return found;
}

/** Every SATELLITE_SERVER= names a system of the plex and a user of its directory that can log on there. */
export const dirmaintSatelliteUser: LintRule = {
  code: "DIRMAINT-SATELLITE",
  severity: "warning",
  title: "each SATELLITE_SERVER= names a system of the plex and a user that can log on there",
  check(plex, report) {
    const d = dirmaintConfigOf(plex);
    if (!d) return;
    for (const sat of d.config.satellites) {
      const at = { file: d.file, line: sat.line, column: 1 };
      const view = plex.views.get(sat.system);
      if (!view) {
        report(
          at,
          `SATELLITE_SERVER= ${sat.userid} ${sat.system}: ${sat.system} is not a system of this plex`,
        );
        continue;
      }
      const user = view.directory?.users.get(sat.userid);
      if (!user)
        report(
          at,
          `SATELLITE_SERVER= ${sat.userid} ${sat.system}: ${sat.userid} is not in ${sat.system}'s directory`,
        );
      else if (user.password === "NOLOG")
        report(
          at,
          `SATELLITE_SERVER= ${sat.userid} ${sat.system}: ${sat.userid} is NOLOG and cannot be logged on`,
        );
    }
  },
};

/** Every FROM=/TO= route that goes through RSCS has an RSCS link defined at both ends. */
export const dirmaintRouteRscs: LintRule = {
  code: "DIRMAINT-ROUTE",
  severity: "warning",
  title: "each FROM= TO= S= RSCS route has an RSCS link defined at both ends",
  check(plex, report) {
    const d = dirmaintConfigOf(plex);
    if (!d) return;
    const rscsUsers = new Set(usersRunning("RSCS", plex.programs));
    for (const r of d.config.routes) {
      const at = { file: d.file, line: r.line, column: 1 };
      const known = [r.from, r.to].filter((s) => !plex.views.has(s));
      if (known.length > 0) {
        report(
          at,
          `FROM= ${r.from} TO= ${r.to}: ${known.join(" and ")} ${known.length > 1 ? "are" : "is"} not a system of this plex`,
        );
        continue;
      }
      if (!rscsUsers.has(r.service)) continue;
      const why = rscsLinkMissing(plex, r.from, r.tag);
      if (why)
        report(
          at,
          `FROM= ${r.from} TO= ${r.to} S= ${r.service} T=${r.tag}: a change never gets there: ${why}`,
        );
    }
  },
};

/**
 * The satellites and the routes agree on the systems: each system of the plex but one (DIRMAINT's)
 * has a satellite, and each satellite's system has a route to it and one from it.
 */
export const dirmaintSystems: LintRule = {
  code: "DIRMAINT-SYSTEMS",
  severity: "warning",
  title: "DirMaint's satellites cover the plex's systems, each with a route",
  check(plex, report) {
    const d = dirmaintConfigOf(plex);
    if (!d) return;
    const served = new Set(d.config.satellites.map((s) => s.system));
    const unserved = plex.systems.filter((s) => !served.has(s));
    if (unserved.length > 1)
      report(
        { file: d.file, line: 1, column: 1 },
        `No SATELLITE_SERVER= for ${unserved.join(", ")}: only DIRMAINT's own system can do without one; the others' object directories get no DIRMAINT changes`,
      );
    // A plex with shared spool needs no routes; one with routes needs them both ways for each satellite.
    if (d.config.routes.length === 0) return;
    for (const sat of d.config.satellites) {
      if (!plex.views.has(sat.system)) continue;
      const missing = [
        d.config.routes.some((r) => r.to === sat.system) ? undefined : `to ${sat.system}`,
        d.config.routes.some((r) => r.from === sat.system) ? undefined : `from ${sat.system}`,
      ].filter((x) => x !== undefined);
      if (missing.length > 0)
        report(
          { file: d.file, line: sat.line, column: 1 },
          `SATELLITE_SERVER= ${sat.userid} ${sat.system}: no FROM=/TO= route ${missing.join(" or ")}: DIRMAINT's updates and the answers cannot travel`,
        );
    }
  },
};

/** What CONFIG DATADVH's own reading found (a SATELLITE_SERVER= or FROM= statement DirMaint cannot read). */
export const dirmaintConfigFindings: LintRule = {
  code: "DIRMAINT-CONFIG",
  severity: "warning",
  title: "CONFIG DATADVH's SATELLITE_SERVER= and FROM= TO= S= T= statements read",
  check(plex, report) {
    const d = dirmaintConfigOf(plex);
    for (const f of d?.config.diagnostics ?? [])
      report({ file: d!.file, line: f.line, column: f.column }, f.message, f.severity);
  },
};

/** The DirMaint rules, in the order their findings are reported. */
export const DIRMAINT_RULES: LintRule[] = [
  dirmaintConfigFindings,
  dirmaintSatelliteUser,
  dirmaintRouteRscs,
  dirmaintSystems,
];
