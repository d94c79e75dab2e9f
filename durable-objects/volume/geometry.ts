import {
  type GeometryChange,
  geometryPendingWarning,
  geometryRefusedWarning,
  planGeometry,
} from "../../src/dasd/geometry-change";
import type { VolumeGeometry } from "../../src/dasd/volume-view";
import type { Sql } from "../sql";
import type { LinkLedger } from "./link-ledger";

/** The volume row's geometry columns. */
export type GeometryRow = {
  devtype: string;
  cylinders: number;
  cse_cylinder: number;
  geometry_version: number;
  geometry_refused: string | null;
};

/**
 * The volume's row, made at its first use that changes it (a LINK, FORMAT, RESERVE or write) with
 * the plex's geometry as the caller's system read it at IPL; an existing volume takes a geometry
 * read from newer inputs when it fits (`adoptGeometry`). A plex creates no volume objects: one nobody
 * has used costs nothing and answers as an empty volume. Runs inside the caller's transaction; the
 * tables exist already.
 */
export function ensureVolume(sql: Sql, g: VolumeGeometry, ledger: LinkLedger): GeometryChange | undefined {
  const made = sql`INSERT OR IGNORE INTO volume (id, volser, devtype, cylinders, cse_cylinder, geometry_version)
             VALUES (1, ${g.volser}, ${g.devtype}, ${g.cylinders}, ${g.cseCylinder}, ${g.version ?? 0}) RETURNING 1`;
  return made.length > 0 ? undefined : adoptGeometry(sql, g, ledger);
}

/**
 * A geometry a system read from newer plex inputs (SYSTEM CONFIG and the inventory count from the
 * IPL that reads them, issue #10): taken when it fits what the volume holds (a new size or CSE
 * cylinder drops the CSE area, to be formatted again), else kept aside as refused, with the
 * reason, until one that fits comes (src/dasd/geometry-change.ts). Inside the caller's transaction.
 */
function adoptGeometry(sql: Sql, g: VolumeGeometry, ledger: LinkLedger): GeometryChange | undefined {
  const row = sql<Omit<GeometryRow, "geometry_refused">>`
      SELECT devtype, cylinders, cse_cylinder, geometry_version FROM volume`[0];
  const stored = {
    devtype: row.devtype,
    cylinders: row.cylinders,
    cseCylinder: row.cse_cylinder,
    version: row.geometry_version,
  };
  const plan = planGeometry(stored, g, { links: ledger.links, formatted: ledger.area !== null });
  const from = { cylinders: stored.cylinders, cseCylinder: stored.cseCylinder };
  const to = { cylinders: g.cylinders, cseCylinder: g.cseCylinder };
  switch (plan.kind) {
    case "keep":
      return undefined;
    case "same":
      sql`UPDATE volume SET geometry_version = ${g.version ?? 0}, geometry_refused = NULL`;
      return undefined;
    case "refuse":
      sql`UPDATE volume SET geometry_refused = ${JSON.stringify({ ...to, version: g.version ?? 0, reason: plan.reason })}`;
      return { volser: g.volser, applied: false, from, to, reason: plan.reason };
    case "apply":
      sql`UPDATE volume SET devtype = ${g.devtype}, cylinders = ${g.cylinders}, cse_cylinder = ${g.cseCylinder},
                 geometry_version = ${g.version ?? 0}, geometry_refused = NULL`;
      if (plan.dropArea) ledger.dropArea();
      return { volser: g.volser, applied: true, from, to, areaDropped: plan.dropArea };
  }
}

/**
 * The view's warnings about geometry: `g` is the plex's geometry now, and one the volume has not
 * taken yet is pending or was refused.
 */
export function geometryWarnings(v: GeometryRow, g: VolumeGeometry): string[] {
  const refused = v.geometry_refused
    ? (JSON.parse(v.geometry_refused) as { cylinders: number; reason: string; version: number })
    : null;
  const extra: string[] = [];
  if (refused) extra.push(geometryRefusedWarning(refused.cylinders, refused.reason));
  const differs = g.cylinders !== v.cylinders || g.cseCylinder !== v.cse_cylinder || g.devtype !== v.devtype;
  if (differs && (g.version ?? 0) > Math.max(v.geometry_version, refused?.version ?? 0))
    extra.push(geometryPendingWarning(g.cylinders));
  return extra;
}
