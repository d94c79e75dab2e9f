import { matchesPattern } from "../text/records";
import type { Queue, SpoolFile } from "./spool";
import { queryFiles } from "./spool";

/** SPXTAPE's selection: which queues, which files, whose. */
export interface SpxtapeSelection {
  queues: Queue[];
  /** Spool ids, or undefined for ALL. */
  spoolids?: string[];
  user?: string;
  cls?: string;
}

/**
 * The most bytes one cseplex tape holds, records packed with their lengths (a cartridge; CP would
 * ask for the next one). Counting the lengths bounds the records too, so a tape of empty records
 * cannot take a Worker's memory.
 */
export const MAX_TAPE_BYTES = 8 * 1024 * 1024;

/** The format name a downloaded tape carries, so an upload can tell a tape from other JSON. */
export const TAPE_FORMAT = "cseplex-spxtape/1";

/** A spool file as SPXTAPE writes it: what it needs to come back the same (no lock, no queue position). */
export type TapeFile = Omit<SpoolFile, "lock" | "order" | "home" | "shared">;

/** A tape as it is downloaded and uploaded: its header and its files with their records. */
export interface TapeDocument {
  format: typeof TAPE_FORMAT;
  volser: string;
  written: string | null;
  writtenBy: string | null;
  /** Each file's records packed (per record a 4-byte big-endian length, then its bytes), in base64. */
  files: (TapeFile & { data: string })[];
}

/** Whether a file meets every criterion of an SPXTAPE selection (`*` and `%` patterns for USER). */
export function selected(
  f: Pick<SpoolFile, "queue" | "spoolid" | "owner" | "cls">,
  s: SpxtapeSelection,
): boolean {
  return (
    s.queues.includes(f.queue) &&
    (s.spoolids === undefined || s.spoolids.includes(f.spoolid)) &&
    (s.user === undefined || matchesPattern(f.owner, s.user)) &&
    (s.cls === undefined || f.cls === s.cls)
  );
}

/** A tape file's metadata from a spool file. */
export function tapeFile(f: SpoolFile): TapeFile {
  const { lock: _lock, order: _order, home: _home, shared: _shared, ...meta } = f;
  return meta;
}

/**
 * What identifies a file across DUMP and LOAD (LOAD NODUP): where, when and by whom it was made,
 * and its size. Not its spool id, which LOAD changes when the old one is taken, nor its owner,
 * which TRANSFER changes.
 */
export function tapeKey(f: Pick<SpoolFile, "origin" | "created" | "from" | "nrecs" | "nbytes">): string {
  return [f.origin, f.created, f.from, f.nrecs, f.nbytes].join("\u0000");
}

/** The bytes files take packed (records plus a 4-byte length each): what a tape holds. */
export function packedSize(files: readonly Pick<SpoolFile, "nbytes" | "nrecs">[]): number {
  return files.reduce((n, f) => n + f.nbytes + 4 * f.nrecs, 0);
}

/** 4 KiB spool pages, as SPXTAPE counts them (SPTBK's SPTPAGCT). */
export function pages(files: readonly Pick<SpoolFile, "nbytes" | "nrecs">[]): number {
  return files.reduce((n, f) => n + Math.max(1, Math.ceil((f.nbytes + 4 * f.nrecs) / 4096)), 0);
}

/**
 * SPXTAPE's console summary. The counters are SPTBK's (cartridges, files, pages; times issued and
 * completed); the wording is recalled, unverified (docs/spool.md).
 */
export function spxtapeSummary(
  fn: "DUMP" | "LOAD" | "SCAN",
  vdev: string,
  files: readonly Pick<SpoolFile, "nbytes" | "nrecs">[],
  started: Date,
  ended: Date,
): string[] {
  const t = (d: Date) => d.toISOString().slice(11, 19);
  return [
    `SPXTAPE ${fn} COMMAND COMPLETED ON VDEV ${vdev}`,
    `TIME STARTED:      ${t(started)}`,
    `TIME ENDED:        ${t(ended)}`,
    `TAPE COUNT:        001`,
    `FILES PROCESSED:   ${String(files.length).padStart(7, "0")}`,
    `SPOOL PAGES:       ${String(pages(files)).padStart(8, "0")}`,
  ];
}

/** SCAN's listing of what is on a tape, in QUERY's OWNERID columns. */
export function scanListing(files: readonly TapeFile[]): string[] {
  if (files.length === 0) return [];
  return queryFiles(
    files.map((f) => ({ ...f, lock: null, order: 0, home: f.origin, shared: false })),
    { owners: true, all: true },
  );
}
