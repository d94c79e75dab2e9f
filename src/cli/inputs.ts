import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { MAIN_FILE } from "../config/files";

/**
 * A plex's inputs read from a site's files: what `POST /v1/lint` and `POST /v1/plexes` take, and
 * where each CMS file came from, so findings can point at the site's own files and lines.
 * The conventions are docs/cli.md's "A plex folder".
 */
export interface PlexFolder {
  /** The body of POST /v1/lint (and of POST /v1/plexes, with a name). */
  body: {
    name?: string;
    systemConfig: string | Record<string, string>;
    directory?: string;
    dasd?: unknown[];
    ctcs?: unknown[];
    files?: Record<string, Record<string, string>>;
    programs?: Record<string, string>;
  };
  /** A diagnostic's file ("SYSTEM CONFIG", "LTICVM1 SYSRES", "USER DIRECT", "dasd") → the local path. */
  sources: Map<string, string>;
}

/** A problem with the files themselves (not a finding): the CLI prints it and exits 2. */
export class InputError extends Error {}

/** The JSON inputs a folder may hold beside its CMS files, by the body field they fill. */
const JSON_INPUTS = {
  "dasd.json": "dasd",
  "ctcs.json": "ctcs",
  "programs.json": "programs",
  "files.json": "files",
};

/**
 * The CMS name ("FN FT") a local file stands for: `SYSTEM CONFIG`, `system.config`,
 * `system-config.sysconfig`, `LTICVM1.SYSRES`, `lticvm1-sysres.sysconfig`, `USER DIRECT`,
 * `user.direct`; undefined for a file that is neither.
 */
export function cmsNameOf(file: string): string | undefined {
  const name = basename(file);
  if (/\.direct$/i.test(name)) return "USER DIRECT";
  if (/\.sysconfig$/i.test(name)) {
    const m = /^([A-Za-z0-9@#$_]{1,8})[-. ]([A-Za-z0-9@#$_]{1,8})$/.exec(name.slice(0, -".sysconfig".length));
    return m ? `${m[1]} ${m[2]}`.toUpperCase() : undefined;
  }
  const m = /^([A-Za-z0-9@#$_-]{1,8})[. ]([A-Za-z0-9@#$_-]{1,8})$/.exec(name);
  if (!m || (!/^(CONFIG|SYSRES|CPOWNED|DIRECT)$/i.test(m[2]) && !/^SYSTEM$/i.test(m[1]))) return undefined;
  return `${m[1]} ${m[2]}`.toUpperCase();
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Adds one local file to the inputs by what it is; false when it is none of them. */
function addFile(path: string, into: PlexFolder, config: Map<string, string>, explicit: boolean): boolean {
  const name = basename(path).toLowerCase();
  if (name in JSON_INPUTS) {
    const field = JSON_INPUTS[name as keyof typeof JSON_INPUTS];
    (into.body as Record<string, unknown>)[field] = readJson(path);
    if (field === "dasd" || field === "ctcs") into.sources.set(field, path);
    return true;
  }
  const cms = cmsNameOf(path) ?? (explicit && /\.sysconfig$/i.test(name) ? MAIN_FILE : undefined);
  if (cms === undefined) return false;
  if (cms === "USER DIRECT" || / DIRECT$/.test(cms)) {
    if (into.body.directory !== undefined)
      throw new InputError(`Two directories: ${into.sources.get("USER DIRECT")} and ${path}`);
    into.body.directory = readText(path);
    into.sources.set("USER DIRECT", path);
    return true;
  }
  if (config.has(cms)) throw new InputError(`Two files are ${cms}: ${into.sources.get(cms)} and ${path}`);
  config.set(cms, readText(path));
  into.sources.set(cms, path);
  return true;
}

/**
 * Reads the plex a folder describes, or the files named (each folder of a named SYSTEM CONFIG
 * lends its other config files to IMBED). A folder with a `plex.json` (a POST /v1/plexes body, as
 * examples/ltic builds it) is read as that body, its CMS files traced back to the folder's files
 * whose text they are.
 */
export function readPlexInputs(paths: readonly string[]): PlexFolder {
  if (paths.length === 0) throw new InputError("Name a folder or the files to read");
  const folder: PlexFolder = { body: { systemConfig: "" }, sources: new Map() };
  const config = new Map<string, string>();
  const imbedFolders = new Set<string>();
  for (const path of paths) {
    if (!existsSync(path)) throw new InputError(`No such file or folder: ${path}`);
    if (statSync(path).isDirectory()) {
      if (paths.length === 1 && existsSync(join(path, "plex.json"))) return fromPlexJson(path);
      const names = readdirSync(path).sort();
      for (const f of names)
        if (statSync(join(path, f)).isFile()) addFile(join(path, f), folder, config, false);
      continue;
    }
    if (basename(path) === "plex.json") return fromPlexJson(dirname(path));
    if (!addFile(path, folder, config, true)) {
      // A file named on the command line is read as what its contents look like.
      const text = readText(path);
      const isDirectory =
        /^\s*(USER|IDENTITY|PROFILE|DIRECTORY)\s/im.test(text) && !/^\s*System_Identifier/im.test(text);
      if (isDirectory && folder.body.directory === undefined) {
        folder.body.directory = text;
        folder.sources.set("USER DIRECT", path);
      } else {
        if (config.has(MAIN_FILE))
          throw new InputError(`Two files are SYSTEM CONFIG: ${folder.sources.get(MAIN_FILE)} and ${path}`);
        config.set(MAIN_FILE, text);
        folder.sources.set(MAIN_FILE, path);
      }
    }
    imbedFolders.add(dirname(path));
  }
  // One config file named that is not called SYSTEM CONFIG is the SYSTEM CONFIG.
  if (!config.has(MAIN_FILE) && config.size === 1) {
    const [[only, text]] = [...config];
    config.delete(only);
    config.set(MAIN_FILE, text);
    folder.sources.set(MAIN_FILE, folder.sources.get(only)!);
    folder.sources.delete(only);
  }
  // The files a named SYSTEM CONFIG may IMBED come from its folder.
  if (config.has(MAIN_FILE))
    for (const dir of imbedFolders)
      for (const f of readdirSync(dir).sort()) {
        const cms = cmsNameOf(f);
        const path = join(dir, f);
        if (
          cms &&
          !config.has(cms) &&
          cms !== "USER DIRECT" &&
          !/ DIRECT$/.test(cms) &&
          statSync(path).isFile()
        ) {
          config.set(cms, readText(path));
          folder.sources.set(cms, path);
        }
      }
  if (config.size > 0 && !config.has(MAIN_FILE))
    throw new InputError(`No SYSTEM CONFIG among ${[...config.keys()].join(", ")}`);
  // A directory alone is linted against an empty SYSTEM CONFIG, as POST /v1/lint would be.
  folder.body.systemConfig =
    config.size === 0
      ? ""
      : config.size === 1 && config.has(MAIN_FILE)
        ? config.get(MAIN_FILE)!
        : Object.fromEntries(config);
  if (config.size === 0 && folder.body.directory === undefined)
    throw new InputError(
      `No SYSTEM CONFIG or directory in ${paths.join(", ")} (docs/cli.md says what names are read)`,
    );
  return folder;
}

/** A folder's plex.json, with each CMS file traced to the folder's file of the same text. */
function fromPlexJson(dir: string): PlexFolder {
  const path = join(dir, "plex.json");
  const body = readJson(path) as PlexFolder["body"];
  if (typeof body !== "object" || body === null || !("systemConfig" in body))
    throw new InputError(`${path} is not a plex (no systemConfig)`);
  const byText = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (f !== "plex.json" && statSync(p).isFile() && statSync(p).size < 8 * 1024 * 1024)
      byText.set(readFileSync(p, "utf8"), p);
  }
  const sources = new Map<string, string>();
  const trace = (name: string, text: unknown) => {
    const local = typeof text === "string" ? byText.get(text) : undefined;
    sources.set(name, local ?? path);
  };
  if (typeof body.systemConfig === "string") trace(MAIN_FILE, body.systemConfig);
  else for (const [name, text] of Object.entries(body.systemConfig)) trace(name.toUpperCase(), text);
  if (body.directory !== undefined) trace("USER DIRECT", body.directory);
  for (const [disk, files] of Object.entries(body.files ?? {}))
    for (const [fnft, text] of Object.entries(files)) trace(`${disk} ${fnft}`.toUpperCase(), text);
  sources.set("dasd", existsSync(join(dir, "dasd.json")) ? join(dir, "dasd.json") : path);
  sources.set("ctcs", existsSync(join(dir, "ctcs.json")) ? join(dir, "ctcs.json") : path);
  return { body, sources };
}

/** A path as findings show it: relative to the working directory when under it. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") ? rel.split("\\").join("/") : path;
}
