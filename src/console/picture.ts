import type { VolumeView } from "../dasd/volume-view";
import type { SystemState, Topology } from "../plex/topology";
import type { Network } from "../pvm/types";

/** One system as its node tells the picture: users logged on, volumes and their status, the links it holds. */
export interface NodePicture {
  sysname: string;
  state: SystemState;
  users: { userid: string; disconnected: boolean }[];
  volumes: { volser: string; rdev: string | null; status: string; xlink: boolean }[];
  /** Minidisk links and dedicated volumes of this system's users, on real volumes. */
  links: {
    userid: string;
    vdev: string;
    volser: string;
    owner: string | null;
    ownerVdev: string | null;
    rw: boolean;
  }[];
  /** The object directory's version (issue #12 adds it to the nodes; null until then). */
  directoryVersion: number | null;
}

/** A spool file as the picture shows it in its owner's queue. */
export interface PictureSpoolFile {
  spoolid: string;
  owner: string;
  queue: string;
  from: string;
  origin: string;
  name: string;
  type: string;
  cls: string;
  nrecs: number;
  shared: boolean;
  hold: string;
}

/** What `GET /v1/plexes/:plex/picture` answers: everything the web console draws, in one answer. */
export interface Picture {
  topology: Topology;
  nodes: NodePicture[];
  /** The views of the volumes under XLINK on some system (CSE area, flags by slot, ledger). */
  xlinkVolumes: VolumeView[];
  /** Slot number → system (as the flags name them). */
  slots: Record<number, string>;
  spool: PictureSpoolFile[];
  network: Network | null;
}

/** A line of the drawing: a system holds links on a volume, R/W when any of them writes. */
export interface HoldLine {
  system: string;
  volser: string;
  rw: boolean;
  /** The links behind the line, as `USER vdev → OWNER vdev`. */
  links: string[];
}

/** One line per (system, volume) a system holds links on; R/W when any link there writes. */
export function holdLines(nodes: readonly NodePicture[]): HoldLine[] {
  const lines = new Map<string, HoldLine>();
  for (const n of nodes)
    for (const l of n.links) {
      const key = `${n.sysname} ${l.volser}`;
      const line = lines.get(key) ?? { system: n.sysname, volser: l.volser, rw: false, links: [] };
      line.rw ||= l.rw;
      line.links.push(
        l.owner ? `${l.userid} ${l.vdev} → ${l.owner} ${l.ownerVdev}` : `${l.userid} ${l.vdev}`,
      );
      lines.set(key, line);
    }
  return [...lines.values()].sort(
    (a, b) => a.system.localeCompare(b.system) || a.volser.localeCompare(b.volser),
  );
}

/** One slot's row of a CSE area strip: its system, its flag runs, and whether they are stale. */
export interface FlagRow {
  slot: number;
  system: string;
  runs: { cylinder: number; end: number; mode: string }[];
  /**
   * The flags of a system that is not UP (FAILED, or DOWN without a clean shutdown): nothing
   * releases them until XLINK RESET from a survivor or the system's own IPL.
   */
  stale: boolean;
}

/** The CSE area of an XLINK volume as rows by slot (every XLINK slot, flagged or not). */
export function flagRows(
  view: Pick<VolumeView, "flags">,
  slots: Readonly<Record<number, string>>,
  states: Readonly<Record<string, SystemState>>,
): FlagRow[] {
  const rows = Object.entries(slots)
    .map(([slot, system]) => ({ slot: Number(slot), system, runs: [] as FlagRow["runs"], stale: false }))
    .sort((a, b) => a.slot - b.slot);
  for (const f of view.flags) {
    let row = rows.find((r) => r.system === f.system);
    if (!row) {
      // A slot no system's configuration names any more: its flags still show.
      row = { slot: -1, system: f.system, runs: [], stale: false };
      rows.push(row);
    }
    row.runs.push({ cylinder: f.cylinder, end: f.end, mode: f.mode });
  }
  for (const r of rows) r.stale = r.runs.length > 0 && states[r.system] !== "UP";
  return rows;
}

/** The shared spool as queues per user: owner → queue (RDR, PRT, PUN) → files, users in order. */
export function spoolQueues(
  files: readonly PictureSpoolFile[],
): { owner: string; queues: Record<string, PictureSpoolFile[]> }[] {
  const byOwner = new Map<string, Record<string, PictureSpoolFile[]>>();
  for (const f of files) {
    const q = byOwner.get(f.owner) ?? {};
    (q[f.queue] ??= []).push(f);
    byOwner.set(f.owner, q);
  }
  return [...byOwner.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([owner, queues]) => ({ owner, queues }));
}

/** Every distinct spool file once: systems sharing the spool see the same file, each answers it. */
export function uniqueSpool(lists: readonly (readonly PictureSpoolFile[])[]): PictureSpoolFile[] {
  const seen = new Map<string, PictureSpoolFile>();
  for (const list of lists)
    for (const f of list) if (!seen.has(`${f.origin} ${f.spoolid}`)) seen.set(`${f.origin} ${f.spoolid}`, f);
  return [...seen.values()].sort(
    (a, b) => a.owner.localeCompare(b.owner) || a.spoolid.localeCompare(b.spoolid),
  );
}
