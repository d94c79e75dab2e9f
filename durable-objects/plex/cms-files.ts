import type { Extent, PlacedFile } from "../../src/plex/files";
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
  constructor(private readonly sql: Sql) {}

  /** Bytes of every file of the plex: what counts against the tenant's fileBytes. */
  bytes(): number {
    return this.sql<{ n: number }>`SELECT coalesce(sum(bytes), 0) AS n FROM cms_files`[0].n;
  }

  /** Bytes of the stored files that `files` would replace (same extent, name and type). */
  replacedBytes(files: readonly PlacedFile[]): number {
    const keys = JSON.stringify(files.map((f) => [f.volser, f.start, f.end, f.fn, f.ft]));
    return this.sql<{ n: number }>`SELECT coalesce(sum(bytes), 0) AS n FROM cms_files
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

  /** One file's text, or undefined. */
  read(e: Extent, fn: string, ft: string): string | undefined {
    return this.sql<{ text: string }>`SELECT text FROM cms_files
      WHERE volser = ${e.volser} AND start = ${e.start} AND "end" = ${e.end} AND fn = ${fn} AND ft = ${ft}`[0]
      ?.text;
  }
}
