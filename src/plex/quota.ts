import { quotaExceeded, type Limits } from "../limits";
import type { Refusal } from "../refusal";
import type { PlexView } from "./view";

/** What a plex's inputs use of the tenant's per-plex limits. */
export function inputUse(view: PlexView): { systemsPerPlex: number; users: number; volumes: number } {
  return {
    systemsPerPlex: view.systems.length,
    users: view.source?.users.length ?? 0,
    volumes: view.volumes.size,
  };
}

/**
 * The refusal of inputs that take a plex past the tenant's limits on systems, directory users or
 * volumes (checked at create, PUT /config and PUT /directory, after the inputs are read).
 */
export function inputQuota(view: PlexView, limits: Limits): Refusal | undefined {
  const use = inputUse(view);
  const what: Record<keyof typeof use, (n: number) => string> = {
    systemsPerPlex: (n) => `SYSTEM CONFIG defines ${n} systems`,
    users: (n) => `The directory has ${n} users`,
    volumes: (n) => `The inventory, SYSTEM CONFIG and directory name ${n} volumes`,
  };
  for (const limit of ["systemsPerPlex", "users", "volumes"] as const)
    if (use[limit] > limits[limit])
      return quotaExceeded(
        limit,
        use[limit],
        limits[limit],
        `${what[limit](use[limit])}; this tenant's plexes may have ${limits[limit]}`,
      );
  return undefined;
}
