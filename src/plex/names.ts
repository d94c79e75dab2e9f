/**
 * The name of a plex's Durable Object (`tenant/plex`) or of one of its systems or volumes
 * (`tenant/plex/PART`). Names derive from the authenticated tenant and checked path parts, never
 * from input alone (DESIGN.md §2), so nothing a tenant sends can address another tenant's objects.
 */
export const objectName = (tenant: string, plex: string, part?: string): string =>
  part === undefined ? `${tenant}/${plex}` : `${tenant}/${plex}/${part}`;

/** The name of the deployment's one Registry object (the list of tenants). */
export const REGISTRY_NAME = "tenants";
