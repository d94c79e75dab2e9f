import { parseExec } from "../../cms/exec";
import { usersRunning } from "../../cms/programs";
import type { Diagnostic } from "../../diagnostics";
import type { CtcEnd } from "../../plex/ctcs";
import { extentOn } from "../../plex/files";
import type { PlexView } from "../../plex/view";
import { readRscsConfig, type RscsConfigPositions } from "../../rscs/config";
import type { RscsConfig } from "../../rscs/types";
import { endKey, lintFilesByExtent, type ProfileReading, readProfile } from "./pvm-setup";

// A plex's RSCS setup as lint reads it (issue #12): the RSCS CONFIG and PROFILE GCS on the 0191 of
// whoever runs RSCS on each system (src/cms/programs.ts), from the `files` input and the plex's
// stored files placed on their extents, each read once an extent. The profile's ATTACHes are read
// as PVM's are (./pvm-setup.ts readProfile: the EXEC runner's parser and CP's command parser).

const RSCS_VDEV = "0191";
export const RSCS_CONFIG_NAME = "RSCS CONFIG";
export const RSCS_PROFILE_NAME = "PROFILE GCS";

/** The CMS files (FN FT) the RSCS rules read. */
export const RSCS_LINT_FILES: readonly string[] = [RSCS_CONFIG_NAME, RSCS_PROFILE_NAME];

/** One system's RSCS as its files say. */
export interface RscsSetup {
  system: string;
  userid: string;
  file: string;
  config: RscsConfig;
  positions: RscsConfigPositions;
  profile?: string;
  reading: ProfileReading;
}

/** Everything the RSCS rules share, read once per plex. */
export interface RscsNetworkView {
  setups: Map<string, RscsSetup>;
  /** The other end of the CTC whose one end is "SYSTEM RDEV". */
  ends: Map<string, CtcEnd>;
  /** The RSCS CONFIG files' own findings, once a file. */
  fileDiagnostics: Diagnostic[];
}

const VIEWS = new WeakMap<PlexView, RscsNetworkView>();

/** The RSCS setup of every system whose RSCS 0191 (as that system sees it) holds an RSCS CONFIG. */
export function rscsNetworkView(plex: PlexView): RscsNetworkView {
  const cached = VIEWS.get(plex);
  if (cached) return cached;
  const view: RscsNetworkView = { setups: new Map(), ends: new Map(), fileDiagnostics: [] };
  VIEWS.set(plex, view);
  const byExtent = lintFilesByExtent(plex, RSCS_LINT_FILES);
  if (byExtent.size === 0) return view;
  for (const c of plex.ctcs) {
    view.ends.set(endKey(c.a.system, c.a.rdev), c.b);
    view.ends.set(endKey(c.b.system, c.b.rdev), c.a);
  }
  const configs = new Map<string, ReturnType<typeof readRscsConfig>>();
  for (const system of plex.systems) {
    const found = usersRunning("RSCS", plex.programs).flatMap((userid) => {
      const e = extentOn(plex, system, userid, RSCS_VDEV);
      if ("missing" in e) return [];
      const where = `${e.volser} ${e.start} ${e.end}`;
      const file = byExtent.get(`${where} ${RSCS_CONFIG_NAME}`);
      return file ? [{ userid, where, file }] : [];
    })[0];
    if (!found) continue;
    const { userid, where } = found;
    const named = (f: { name?: string }, name: string) =>
      f.name ?? `${system}: ${userid} ${RSCS_VDEV} ${name}`;
    const file = named(found.file, RSCS_CONFIG_NAME);
    let read = configs.get(where);
    if (!read) {
      read = readRscsConfig(found.file.text, file);
      configs.set(where, read);
      view.fileDiagnostics.push(...read.diagnostics);
    }
    const profile = byExtent.get(`${where} ${RSCS_PROFILE_NAME}`);
    view.setups.set(system, {
      system,
      userid,
      file,
      config: read.config,
      positions: read.positions,
      profile: profile && named(profile, RSCS_PROFILE_NAME),
      reading: profile ? readProfile(parseExec(profile.text), userid) : { attaches: new Map() },
    });
  }
  return view;
}
