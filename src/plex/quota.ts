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
  if (use.systemsPerPlex > limits.systemsPerPlex)
    return quotaExceeded(
      "systemsPerPlex",
      use.systemsPerPlex,
      limits.systemsPerPlex,
      `SYSTEM CONFIG defines ${use.systemsPerPlex} systems; this tenant's plexes may have ${limits.systemsPerPlex}`,
    );
  if (use.users > limits.users)
    return quotaExceeded(
      "users",
      use.users,
      limits.users,
      `The directory has ${use.users} users; this tenant's plexes may have ${limits.users}`,
    );
  if (use.volumes > limits.volumes)
    return quotaExceeded(
      "volumes",
      use.volumes,
      limits.volumes,
      `The inventory, SYSTEM CONFIG and directory name ${use.volumes} volumes; this tenant's plexes may have ${limits.volumes}`,
    );
  return undefined;
}
