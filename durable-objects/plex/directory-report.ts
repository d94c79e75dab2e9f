import { parseDirmaintConfig } from "../../src/dirmaint/config";
import { objectName } from "../../src/plex/names";
import type { SystemState } from "../../src/plex/topology";
import type { DirectoryChange, DirectoryVersions } from "./directory";

/** One system's object directory in `GET /directory`: its version, how far behind, and why. */
export interface SystemDirectory {
  system: string;
  state: SystemState;
  version: number;
  behind: number;
  satellite?: string;
  why?: string;
}

/** `GET /v1/plexes/:plex/directory`: the source's version and every system's object directory. */
export interface DirectoryReport {
  source: { version: number; base: number };
  dirmaint: { system: string; userid: string } | null;
  systems: SystemDirectory[];
  changes: DirectoryChange[];
}

/**
 * Says why each system that is behind the source is behind (#12 item 4): the system is not up, no
 * satellite serves it, its satellite is not running, DIRMAINT has no route to it, or the RSCS link
 * on the route is down. Asks the satellites' nodes and DIRMAINT's node, only for systems behind.
 */
export async function directoryReport(
  env: Env,
  plex: { tenant: string; name: string },
  v: DirectoryVersions,
  states: Record<string, SystemState>,
): Promise<DirectoryReport> {
  const config = v.dirmaint?.config ? parseDirmaintConfig(v.dirmaint.config) : undefined;
  const node = (s: string) => env.VMNODE.getByName(objectName(plex.tenant, plex.name, s));
  const systems = await Promise.all(
    Object.entries(v.systems)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(async ([system, version]): Promise<SystemDirectory> => {
        const behind = v.version - version;
        const state = states[system] ?? "DOWN";
        const satellite = config?.satellites.find((x) => x.system === system)?.userid;
        const row = { system, state, version, behind, ...(satellite ? { satellite } : {}) };
        if (behind <= 0) return row;
        return { ...row, why: await whyBehind(system, state, satellite) };
      }),
  );
  const { dirmaint } = v;
  return {
    source: { version: v.version, base: v.base },
    dirmaint: dirmaint ? { system: dirmaint.system, userid: dirmaint.userid } : null,
    systems,
    changes: v.changes,
  };

  async function whyBehind(
    system: string,
    state: SystemState,
    satellite: string | undefined,
  ): Promise<string> {
    if (!v.dirmaint) return "DIRMAINT has not started";
    if (system === v.dirmaint.system) return `DIRMAINT has not put the change online on ${system}`;
    if (state !== "UP") return `${system} is ${state}`;
    if (!config) return "DIRMAINT started without CONFIG DATADVH";
    if (!satellite) return `CONFIG DATADVH names no SATELLITE_SERVER for ${system}`;
    const route = config.routes.find((r) => r.from === v.dirmaint!.system && r.to === system);
    if (!route) return `CONFIG DATADVH has no FROM= ${v.dirmaint.system} TO= ${system} route`;
    const [sat, reach] = await Promise.all([
      node(system)
        .dirmsatStatus(satellite)
        .catch(() => undefined),
      node(v.dirmaint.system)
        .rscsReach(route.tag)
        .catch(() => undefined),
    ]);
    if (!sat) return `${system} did not answer`;
    const waiting =
      sat.waiting > 0 ? ` (${sat.waiting} update${sat.waiting === 1 ? "" : "s"} in its reader)` : "";
    if (!sat.running)
      return `${satellite} is not ${sat.loggedOn ? "running" : "logged on"} at ${system}${waiting}`;
    if (reach && !reach.ok) return `RSCS link ${route.tag} from ${v.dirmaint.system} is down: ${reach.why}`;
    return sat.waiting > 0
      ? `${satellite} has not applied the updates in its reader yet`
      : `no update is in ${satellite}'s reader: it is in RSCS's queue, or it was lost (DIRMAINT sends one again when it starts)`;
  }
}
