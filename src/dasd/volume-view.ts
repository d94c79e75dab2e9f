import type { CseArea } from "./cse-flags";
import type { LedgerLink } from "./ledger";

/** What a volume is: label and geometry, and where its CSE area starts (DASD inventory and SYSTEM CONFIG). */
export type VolumeGeometry = {
  volser: string;
  devtype: string;
  cylinders: number;
  cseCylinder: number;
  /** The plex inputs' version it was read from (images from before versions have none: 0). */
  version?: number;
};

/** A volume's geometry from a system's IPL image: the plex's, or for an image stored before it carried one, its own. */
export function geometryOf(v: VolumeGeometry & { geometry?: VolumeGeometry }): VolumeGeometry {
  return (
    v.geometry ?? { volser: v.volser, devtype: v.devtype, cylinders: v.cylinders, cseCylinder: v.cseCylinder }
  );
}

/** How long a RESERVE with `wait` waits for the holder by default, and at most (issue #10). */
export const RESERVE_TIMEOUT_MS = 30_000;
export const MAX_RESERVE_TIMEOUT_MS = 300_000;

/** Who holds the hardware reserve of a volume. */
export interface ReserveHolder {
  system: string;
  userid: string;
  vdev: string;
  generation: number;
}

/** What the volume view (GET .../volumes/:volser) shows. */
export interface VolumeView {
  volser: string;
  devtype: string;
  cylinders: number;
  cseArea: { cylinder: number; formatted: { user: string; system: string; at: string } | null };
  flags: { cylinder: number; end: number; system: string; mode: string }[];
  /** The current hardware reserve, if a guest holds one. */
  reserve: ReserveHolder | null;
  /** Guests whose RESERVE waits for it, in the order they will get it. */
  waiting: Omit<ReserveHolder, "generation">[];
  /** What a systems programmer should know, e.g. virtual reserve/release that other systems ignore. */
  warnings: string[];
  /** The ledger as CP would phrase it: R/O or R/W (or the stable/exclusive access) and the mode asked for. */
  links: (Pick<
    LedgerLink,
    "system" | "userid" | "vdev" | "owner" | "ownerVdev" | "start" | "end" | "requested"
  > & {
    mode: string;
  })[];
}

/**
 * Warnings about a volume's links: a minidisk linked with virtual reserve/release (a V mode) on
 * one system and also linked from another is unprotected, since CSE does not carry virtual
 * reserve/release across systems (seed).
 */
export function volumeWarnings(ledger: readonly LedgerLink[]): string[] {
  const warnings: string[] = [];
  for (const l of ledger.filter((x) => x.virtualReserve)) {
    const others = ledger.filter((x) => x.system !== l.system && x.start <= l.end && l.start <= x.end);
    if (others.length > 0)
      warnings.push(
        `${l.owner} ${l.ownerVdev} is linked ${l.requested}V on ${l.system} but also from ${[...new Set(others.map((o) => o.system))].join(", ")}: virtual reserve/release is not extended across systems, so the minidisk is unprotected`,
      );
  }
  return [...new Set(warnings)];
}

/** The volume as the API shows it: CSE area, flags by cylinder run and system, the ledger and warnings. */
export function volumeView(
  v: VolumeGeometry,
  area: CseArea | null,
  ledger: readonly LedgerLink[],
  reserve: ReserveHolder | null,
  waiting: Omit<ReserveHolder, "generation">[],
  slotNames: Readonly<Record<number, string>>,
): VolumeView {
  const flags: VolumeView["flags"] = [];
  if (area)
    for (const slot of area.usedSlots())
      for (const r of area.runs(slot))
        flags.push({
          cylinder: r.start,
          end: r.end,
          system: slotNames[slot] ?? `SLOT${slot}`,
          mode: r.access,
        });
  flags.sort((a, b) => a.cylinder - b.cylinder || a.system.localeCompare(b.system));
  const h = area?.header;
  return {
    reserve,
    waiting,
    warnings: volumeWarnings(ledger),
    volser: v.volser,
    devtype: v.devtype,
    cylinders: v.cylinders,
    cseArea: {
      cylinder: v.cseCylinder,
      formatted: h ? { user: h.formattedBy, system: h.system, at: h.at } : null,
    },
    flags,
    links: ledger.map((l) => ({
      system: l.system,
      userid: l.userid,
      vdev: l.vdev,
      owner: l.owner,
      ownerVdev: l.ownerVdev,
      start: l.start,
      end: l.end,
      mode: l.access === "R" ? "R/O" : l.access === "W" ? "R/W" : l.access,
      requested: l.requested,
    })),
  };
}
