import type { Edit, PlexSource, Runbook, Step, Text } from "./schema";

/**
 * A runbook's file references (`{file: path}`, `plex: examples/ltic`) and the bodies they make.
 * Paths are relative to the runbook's file. The reader is the caller's: the CLI reads the disk
 * (src/runbook/client.ts), the Worker the `files` its request carries (src/api/runbooks.ts), so
 * both resolve a runbook the same way.
 */

/** Reads a referenced file's text, or undefined when there is none. */
export type Reader = (path: string) => string | undefined;

/** The name `plex:` may give for the shipped LTIC plex (examples/ltic/plex.json). */
export const LTIC = "examples/ltic";

/** A plex document: the body of POST /v1/plexes. */
export type PlexDoc = Record<string, unknown> & {
  name?: string;
  systemConfig?: string | Record<string, string>;
  directory?: string;
  dasd?: unknown;
  ctcs?: unknown;
};

/** A runbook that cannot be resolved: what, and the line of the step (or 1 for `plex:`). */
export class SourceError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Every file the runbook names, with the line that names it first. */
export function referencedFiles(runbook: Runbook): { path: string; line: number }[] {
  const found = new Map<string, number>();
  const walk = (v: unknown, line: number) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, line));
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.file === "string" && !found.has(o.file)) found.set(o.file, line);
      for (const x of Object.values(o)) walk(x, line);
    }
  };
  if (typeof runbook.plex === "string") found.set(runbook.plex, runbook.plexLine);
  else walk(runbook.plex, runbook.plexLine);
  for (const s of runbook.steps)
    if (s.kind === "put config" || s.kind === "put directory" || s.kind === "put files") {
      if ("from" in s.args && s.args.from && !found.has(s.args.from)) found.set(s.args.from, s.line);
      walk(s.args, s.line);
    }
  return [...found].map(([path, line]) => ({ path, line }));
}

function readText(t: Text, read: Reader, line: number): string {
  if (typeof t === "string") return t;
  const text = read(t.file);
  if (text === undefined) throw new SourceError(line, `file ${t.file} not found`);
  return text;
}

function readJson(v: unknown, read: Reader, line: number): unknown {
  if (v && typeof v === "object" && !Array.isArray(v) && typeof (v as { file?: unknown }).file === "string") {
    const path = (v as { file: string }).file;
    try {
      return JSON.parse(readText({ file: path }, read, line)) as unknown;
    } catch (e) {
      if (e instanceof SourceError) throw e;
      throw new SourceError(line, `file ${path} is not JSON: ${(e as Error).message}`);
    }
  }
  return v;
}

/** The config files of a document as a map of CMS names. */
function configFiles(doc: PlexDoc): Record<string, string> {
  const c = doc.systemConfig;
  return typeof c === "string" ? { "SYSTEM CONFIG": c } : { ...(c ?? {}) };
}

/** A copy of `doc` with `edit` applied: files set, then texts replaced (each must match). */
export function applyEdit(doc: PlexDoc, edit: Edit, read: Reader, line: number, defaultIn: string): PlexDoc {
  const out: PlexDoc = { ...doc, systemConfig: configFiles(doc) };
  const config = out.systemConfig as Record<string, string>;
  const set = edit.set ?? {};
  for (const [name, t] of Object.entries(set.systemConfig ?? {}))
    config[name.toUpperCase()] = readText(t, read, line);
  if (set.directory !== undefined) out.directory = readText(set.directory, read, line);
  if (set.dasd !== undefined) out.dasd = readJson(set.dasd, read, line);
  if (set.ctcs !== undefined) out.ctcs = readJson(set.ctcs, read, line);
  if (set.volumes) {
    const dasd = Array.isArray(out.dasd) ? [...(out.dasd as { volser?: unknown }[])] : [];
    for (const v of set.volumes) {
      const at = dasd.findIndex((d) => String(d?.volser ?? "").toUpperCase() === v.volser.toUpperCase());
      if (at < 0) dasd.push(v);
      else dasd[at] = { ...dasd[at], ...v };
    }
    out.dasd = dasd;
  }
  for (const r of edit.replace ?? []) {
    const where = (r.in ?? defaultIn).toUpperCase();
    const text = where === "DIRECTORY" ? out.directory : config[where];
    if (text === undefined)
      throw new SourceError(
        line,
        `replace in ${where}: the plex has no such file (config files: ${Object.keys(config).join(", ")}; or directory)`,
      );
    const to = readText(r.to, read, line);
    let pattern: RegExp;
    try {
      pattern = r.regex
        ? new RegExp(r.from, "gm")
        : new RegExp(r.from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
    } catch (e) {
      throw new SourceError(line, `replace: ${r.from} is not a regular expression: ${(e as Error).message}`);
    }
    if (!pattern.test(text)) throw new SourceError(line, `replace in ${where}: "${r.from}" is not there`);
    pattern.lastIndex = 0;
    const next = text.replace(pattern, () => to);
    if (where === "DIRECTORY") out.directory = next;
    else config[where] = next;
  }
  return out;
}

/** The runbook's plex document, edits applied; undefined when the runbook names none. */
export function plexDocument(source: PlexSource | undefined, read: Reader, line = 1): PlexDoc | undefined {
  if (source === undefined) return undefined;
  const from = typeof source === "string" ? { file: source } : source;
  let doc: PlexDoc;
  if ("inline" in from) doc = from.inline as PlexDoc;
  else {
    const v = readJson({ file: from.file }, read, line);
    if (!v || typeof v !== "object" || Array.isArray(v))
      throw new SourceError(line, `plex ${from.file} is not a plex document (a JSON object)`);
    doc = v as PlexDoc;
  }
  if (typeof source === "string" || (!source.set && !source.replace)) return doc;
  return applyEdit(doc, source, read, line, "SYSTEM CONFIG");
}

/** A step with what it sends resolved: the put steps' bodies. */
export type ResolvedStep = Step & { body?: Record<string, unknown> };

/** Resolves every put step's body from the runbook's plex and files, before any step runs. */
export function resolveSteps(runbook: Runbook, read: Reader): ResolvedStep[] {
  let base: PlexDoc | undefined;
  const baseDoc = (line: number, from?: string): PlexDoc => {
    if (from) {
      const doc = plexDocument(from, read, line);
      if (!doc) throw new SourceError(line, `from: ${from} is not a plex document`);
      return doc;
    }
    base ??= plexDocument(runbook.plex, read, runbook.plexLine);
    if (!base)
      throw new SourceError(
        line,
        "this step edits the runbook's plex, but the runbook names no plex (plex:)",
      );
    return base;
  };
  return runbook.steps.map((s): ResolvedStep => {
    if (s.kind === "put config") {
      const doc = applyEdit(baseDoc(s.line, s.args.from), s.args, read, s.line, "SYSTEM CONFIG");
      const body: Record<string, unknown> = { systemConfig: doc.systemConfig };
      if (doc.dasd !== undefined) body.dasd = doc.dasd;
      if (doc.ctcs !== undefined) body.ctcs = doc.ctcs;
      return { ...s, body };
    }
    if (s.kind === "put directory") {
      const doc = applyEdit(baseDoc(s.line, s.args.from), s.args, read, s.line, "directory");
      if (typeof doc.directory !== "string")
        throw new SourceError(s.line, "the plex has no directory to put");
      return { ...s, body: { directory: doc.directory } };
    }
    if (s.kind === "put files") {
      const files = Object.fromEntries(
        Object.entries(s.args.files).map(([disk, fs]) => [
          disk,
          Object.fromEntries(Object.entries(fs).map(([f, t]) => [f, readText(t, read, s.line)])),
        ]),
      );
      return { ...s, body: { files } };
    }
    return s;
  });
}

/** The files a runbook names, read with `read`, by the path it names them with; and those not found. */
export function collectFiles(
  runbook: Runbook,
  read: Reader,
): { files: Record<string, string>; missing: { path: string; line: number }[] } {
  const files: Record<string, string> = {};
  const missing: { path: string; line: number }[] = [];
  for (const ref of referencedFiles(runbook)) {
    const text = read(ref.path);
    if (text === undefined) missing.push(ref);
    else files[ref.path] = text;
  }
  return { files, missing };
}
