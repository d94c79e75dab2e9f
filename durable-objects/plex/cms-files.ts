import {
  extentOn,
  FILE_OVERHEAD_BYTES,
  fileRoom,
  placeFiles,
  storedBytes,
  type Extent,
  type FilesInput,
  type PlacedFile,
} from "../../src/plex/files";
import type { PlexView, StoredFile } from "../../src/plex/view";
import { invalidConfig, notFound, type Refused } from "../../src/refusal";
import type { Sql } from "../sql";

/** A CMS file as a minidisk lists it. */
export interface FileEntry {
  fn: string;
  ft: string;
  bytes: number;
  records: number;
}

/**
 * The plex's CMS files, each kept with its minidisk's extent (Plex migration 25): one row a file,
 * its text within the body limit (1 MiB), so no row comes near 2 MB.
 */
export class CmsFileStore {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly sql: Sql,
  ) {}

  /**
   * Places `files` on their minidisks' extents in `view` and stores them in one transaction, within
   * `maxBytes` for all the plex's files (a replaced file counts its new text only).
   */
  putChecked(view: PlexView, files: FilesInput, maxBytes: number): Refused<{ files: number; bytes: number }> {
    const placed = placeFiles(view, files);
    if (placed.diagnostics.length > 0)
      return invalidConfig("The files have errors; nothing was changed", placed.diagnostics);
    return this.storage.transactionSync(() => {
      const used = this.bytes() - this.replacedBytes(placed.placed);
      const over = fileRoom(placed.placed, used, maxBytes);
      if (over) return over;
      this.put(placed.placed);
      return { ok: true as const, files: placed.placed.length, bytes: used + storedBytes(placed.placed) };
    });
  }

  /** The extent of `owner`'s minidisk `vdev` as `sysname` sees it, or the refusal that says why not. */
  private extent(
    view: PlexView,
    plex: string,
    sysname: string,
    owner: string,
    vdev: string,
  ): Extent | { refused: ReturnType<typeof notFound> } {
    if (!view.views.has(sysname)) return { refused: notFound(`No system ${sysname} in plex ${plex}`) };
    const e = extentOn(view, sysname, owner, vdev);
    return "missing" in e ? { refused: notFound(e.missing) } : e;
  }

  /** The files on a minidisk as `sysname` sees it. */
  listOn(
    view: PlexView,
    plex: string,
    sysname: string,
    owner: string,
    vdev: string,
  ): Refused<{ files: FileEntry[] }> {
    const e = this.extent(view, plex, sysname, owner, vdev);
    return "refused" in e ? e.refused : { ok: true, files: this.list(e) };
  }

  /** One file's text on a minidisk as `sysname` sees it. */
  readOn(
    view: PlexView,
    plex: string,
    sysname: string,
    owner: string,
    vdev: string,
    fn: string,
    ft: string,
  ): Refused<{ text: string }> {
    const e = this.extent(view, plex, sysname, owner, vdev);
    if ("refused" in e) return e.refused;
    const text = this.read(e, fn, ft);
    return text === undefined ? notFound(`No file ${fn} ${ft} on ${owner} ${vdev}`) : { ok: true, text };
  }

  /** Erases one file from a minidisk as `sysname` sees it (CMS ERASE): its bytes no longer count. */
  eraseOn(
    view: PlexView,
    plex: string,
    sysname: string,
    owner: string,
    vdev: string,
    fn: string,
    ft: string,
  ): Refused<{ erased: true }> {
    const e = this.extent(view, plex, sysname, owner, vdev);
    if ("refused" in e) return e.refused;
    const gone = this.sql`DELETE FROM cms_files WHERE volser = ${e.volser} AND start = ${e.start}
      AND "end" = ${e.end} AND fn = ${fn} AND ft = ${ft} RETURNING 1`;
    return gone.length ? { ok: true, erased: true } : notFound(`No file ${fn} ${ft} on ${owner} ${vdev}`);
  }

  /** What every file of the plex counts against the tenant's fileBytes: texts and overheads. */
  bytes(): number {
    return this.sql<{ n: number }>`
      SELECT coalesce(sum(bytes), 0) + count(*) * ${FILE_OVERHEAD_BYTES} AS n FROM cms_files`[0].n;
  }

  /** What the stored files that `files` would replace count (same extent, name and type). */
  replacedBytes(files: readonly PlacedFile[]): number {
    const keys = JSON.stringify(files.map((f) => [f.volser, f.start, f.end, f.fn, f.ft]));
    return this.sql<{ n: number }>`
      SELECT coalesce(sum(bytes), 0) + count(*) * ${FILE_OVERHEAD_BYTES} AS n FROM cms_files
      WHERE (volser, start, "end", fn, ft) IN (
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(${keys}))`[0].n;
  }

  /** Writes files, replacing those of the same extent, name and type (inside the caller's transaction). */
  put(files: readonly PlacedFile[]): void {
    for (const f of files)
      this.sql`INSERT INTO cms_files (volser, start, "end", fn, ft, text, bytes, records)
               VALUES (${f.volser}, ${f.start}, ${f.end}, ${f.fn}, ${f.ft}, ${f.text}, ${f.bytes}, ${f.records})
               ON CONFLICT (volser, start, "end", fn, ft)
               DO UPDATE SET text = excluded.text, bytes = excluded.bytes, records = excluded.records`;
  }

  /** The files on an extent, by name and type. */
  list(e: Extent): FileEntry[] {
    return this.sql<FileEntry>`SELECT fn, ft, bytes, records FROM cms_files
      WHERE volser = ${e.volser} AND start = ${e.start} AND "end" = ${e.end} ORDER BY fn, ft`;
  }

  /** The stored files of the given names (FN FT), each with its extent and text: what lint reads. */
  named(names: readonly string[]): StoredFile[] {
    return this.sql<StoredFile>`SELECT volser, start, "end", fn, ft, text FROM cms_files
      WHERE fn || ' ' || ft IN (SELECT value FROM json_each(${JSON.stringify(names)}))`;
  }

  /** One file's text, or undefined. */
  read(e: Extent, fn: string, ft: string): string | undefined {
    return this.sql<{ text: string }>`SELECT text FROM cms_files
      WHERE volser = ${e.volser} AND start = ${e.start} AND "end" = ${e.end} AND fn = ${fn} AND ft = ${ft}`[0]
      ?.text;
  }
}
