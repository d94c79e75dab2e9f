import { diag, type Diagnostic } from "../diagnostics";
import { quotaExceeded } from "../limits";
import type { Refusal } from "../refusal";
import { deviceNumber } from "../text/names";
import type { PlexView } from "./view";

/**
 * CMS files on minidisks (issue #11 item 1): the plex input `files` is
 * `{"<minidisk>": {"<FN FT>": "<text>"}}`, where `<minidisk>` is `"OWNER VDEV"`, or
 * `"SYSNAME: OWNER VDEV"` when SYSAFFIN gives the user different minidisks on different systems.
 * A file is kept with the minidisk's extent (volser and cylinders): systems that see one extent see
 * one file, as they would see one CMS file system on shared DASD.
 */
export type FilesInput = Record<string, Record<string, string>>;

/** Where a minidisk's data lives: its volume and first and last cylinder. */
export interface Extent {
  volser: string;
  start: number;
  end: number;
}

/** A file placed on its minidisk's extent, ready to store. */
export interface PlacedFile extends Extent {
  fn: string;
  ft: string;
  text: string;
  /** Bytes of the text as UTF-8: what counts against the tenant's fileBytes. */
  bytes: number;
  /** Records (lines) of the text. */
  records: number;
}

/**
 * What a file costs against fileBytes besides its text: its row (names, extent, counts), so that
 * empty files are not free and the number of files is bounded by the same limit.
 */
export const FILE_OVERHEAD_BYTES = 100;

/** What `files` count against fileBytes: their texts and each one's overhead. */
export const storedBytes = (files: readonly { bytes: number }[]) =>
  files.reduce((n, f) => n + f.bytes + FILE_OVERHEAD_BYTES, 0);

/**
 * The refusal of files that would take the plex past `max` fileBytes, with `used` (what stays of
 * what is stored) counted besides them; undefined when they fit.
 */
export function fileRoom(
  files: readonly { bytes: number }[],
  used: number,
  max: number,
): Refusal | undefined {
  const total = used + storedBytes(files);
  return total > max
    ? quotaExceeded("fileBytes", total, max, `The plex's files would hold ${total} bytes; at most ${max}`)
    : undefined;
}

/** The file name the diagnostics give the `files` input. */
const FILE = "files";

/** A CMS file name or type: 1-8 of the characters CMS allows, in upper case. */
const CMS_NAME = /^[A-Z0-9$#@+\-:_]{1,8}$/;

/** `OWNER VDEV` or `SYSNAME: OWNER VDEV`. */
const MINIDISK_KEY = /^(?:([A-Z0-9@#$]{1,8})\s*:\s*)?([A-Z0-9@#$]{1,8})\s+([0-9A-F]{1,4})$/;

/** A CMS file's name and type from `FN FT` (any case, blanks between), or undefined. */
export function cmsFileName(text: string): { fn: string; ft: string } | undefined {
  const [fn, ft, ...rest] = text.trim().toUpperCase().split(/\s+/);
  if (rest.length > 0 || !fn || !ft || !CMS_NAME.test(fn) || !CMS_NAME.test(ft)) return undefined;
  return { fn, ft };
}

/** Short text for a message: at most 40 characters of what was given. */
const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);

/** The extent of minidisk `vdev` of `owner` as system `sysname` reads its directory, or why there is none. */
export function extentOn(
  view: PlexView,
  sysname: string,
  owner: string,
  vdev: string,
): Extent | { missing: string } {
  const user = view.views.get(sysname)?.directory?.users.get(owner);
  if (!user) return { missing: `${owner} is not in the directory of ${sysname}` };
  const md = user.mdisks.find((m) => m.vdev === vdev);
  if (!md) return { missing: `${owner} has no minidisk ${vdev} on ${sysname}` };
  if (!md.volser || md.start === undefined || (md.count === undefined && !md.toEnd))
    return { missing: `${owner} ${vdev} on ${sysname} is not a minidisk on a volume's cylinders` };
  const cylinders = view.volumes.get(md.volser)?.cylinders;
  const end = md.toEnd ? (cylinders ?? md.start) - 1 : md.start + md.count! - 1;
  return { volser: md.volser, start: md.start, end };
}

const sameExtent = (a: Extent, b: Extent) => a.volser === b.volser && a.start === b.start && a.end === b.end;

/**
 * Places each file of `files` on its minidisk's extent. Refused (an error diagnostic each, nothing
 * placed): a key that is not a minidisk, a minidisk no system defines, one SYSAFFIN puts on
 * different extents unless the system is named, and a name that is not `FN FT`.
 */
export function placeFiles(
  view: PlexView,
  files: FilesInput,
): { placed: PlacedFile[]; diagnostics: Diagnostic[] } {
  const placed: PlacedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string) => diagnostics.push(diag(FILE, 0, 0, "error", code, message));
  const encoder = new TextEncoder();
  for (const [key, entries] of Object.entries(files)) {
    const m = MINIDISK_KEY.exec(key.trim().toUpperCase());
    const vdev = m && deviceNumber(m[3]);
    if (!m || !vdev) {
      error(
        "FILE-MINIDISK",
        `files[${shown(key)}]: name a minidisk as "OWNER VDEV" or "SYSNAME: OWNER VDEV"`,
      );
      continue;
    }
    const [, system, owner] = m;
    let extent: Extent | undefined;
    if (system) {
      if (!view.views.has(system)) {
        error("FILE-MINIDISK", `files[${shown(key)}]: ${system} is not a system of the plex`);
        continue;
      }
      const e = extentOn(view, system, owner, vdev);
      if ("missing" in e) {
        error("FILE-MINIDISK", `files[${shown(key)}]: ${e.missing}`);
        continue;
      }
      extent = e;
    } else {
      const found = view.systems
        .map((s) => ({ s, e: extentOn(view, s, owner, vdev) }))
        .filter((x): x is { s: string; e: Extent } => !("missing" in x.e));
      if (found.length === 0) {
        error(
          "FILE-MINIDISK",
          `files[${shown(key)}]: no system of the plex gives ${owner} a minidisk ${vdev}`,
        );
        continue;
      }
      const distinct = found.filter((x, i) => found.findIndex((y) => sameExtent(x.e, y.e)) === i);
      if (distinct.length > 1) {
        const where = distinct.map((x) => `${x.s}: ${x.e.volser} ${x.e.start}-${x.e.end}`).join("; ");
        error(
          "FILE-MINIDISK-AMBIGUOUS",
          `files[${shown(key)}]: ${owner} ${vdev} is on different extents on different systems (${where}); name the system, as "${distinct[0].s}: ${owner} ${vdev}"`,
        );
        continue;
      }
      extent = found[0].e;
    }
    for (const [name, text] of Object.entries(entries)) {
      const file = cmsFileName(name);
      if (!file) {
        error(
          "FILE-NAME",
          `files[${shown(key)}][${shown(name)}]: a CMS file is "FN FT", each 1-8 characters`,
        );
        continue;
      }
      placed.push({
        ...extent,
        ...file,
        text,
        bytes: encoder.encode(text).byteLength,
        records: text === "" ? 0 : text.replace(/\n$/, "").split("\n").length,
      });
    }
  }
  // One file per extent, name and type: a name given twice (in any spelling) keeps its last text.
  const unique = new Map(placed.map((f) => [`${f.volser} ${f.start} ${f.end} ${f.fn} ${f.ft}`, f]));
  return { placed: [...unique.values()], diagnostics };
}
