import { diag, type Diagnostic } from "../diagnostics";
import type {
  DirectoryControl,
  DirStatement,
  LinkDef,
  MdiskDef,
  ObjectDirectory,
  ResolvedUser,
  SourceDirectory,
  UserEntry,
} from "./types";

const IPL_SYMBOLS = new Set(["+VMRES", "&SYSRES"]);
/** OPTION keywords followed by a value that is not itself an option. */
const VALUED_OPTIONS = new Set(["MAXCONN", "CPUID", "LANG", "CHPIDV", "CHPIDVIRTUALIZATION"]);

/** A resolved user (made from user.statements and user.profile) and the findings its resolution made. */
interface Resolution {
  user: ResolvedUser;
  diagnostics: readonly Diagnostic[];
  /** The user has a minidisk on +VMRES/&SYSRES, so it differs with the IPL volume: not reused. */
  usesIplVolume: boolean;
}

/** What one entry's resolutions share across systems. */
interface PreparedEntry {
  entry: UserEntry;
  /**
   * The entry's effective statements when they are the same on every system; null when SYSAFFIN
   * makes them differ (or it is an IDENTITY), so it is resolved per system; undefined until its
   * first resolution.
   */
  flat: DirStatement[] | null | undefined;
  /** The profile a flat entry INCLUDEs. */
  flatProfile: string | undefined;
  /** The user of a flat entry that names no IPL volume, the same on every system, and its findings. */
  fixed: ResolvedUser | undefined;
  fixedDiagnostics: readonly Diagnostic[];
  /**
   * Resolutions of a per-system entry that name no IPL volume. A user is a function of its
   * effective statements and profile, so a system that picks the same ones gets the same user.
   */
  variants: Resolution[] | undefined;
}

/**
 * What does not depend on the system, worked out on a source's first resolution and reused for the
 * others (a plex resolves one source once per system). Assumes the source is not changed after parse.
 */
interface Prepared {
  /** The USER and IDENTITY entries in file order, each userid's first only (a repeat is the parser's error). */
  entries: PreparedEntry[];
}

const prepared = new WeakMap<SourceDirectory, Prepared>();

function prepare(src: SourceDirectory): Prepared {
  const entries: PreparedEntry[] = [];
  const seen = new Set<string>();
  for (const entry of src.users) {
    if (entry.kind !== "USER" && entry.kind !== "IDENTITY") continue;
    if (seen.has(entry.userid)) continue;
    seen.add(entry.userid);
    entries.push({
      entry,
      flat: undefined,
      flatProfile: undefined,
      fixed: undefined,
      fixedDiagnostics: NO_DIAGNOSTICS,
      variants: undefined,
    });
  }
  return { entries };
}

/**
 * Builds one system's object directory from a parsed source, as DIRECTXA would on that system:
 * picks its DIRECTORY statement, inlines INCLUDEd profiles (and an IDENTITY's SUBCONFIG for the
 * system), keeps statements whose SYSAFFIN names the system, and puts the IPL volume for +VMRES.
 * The result is read-only: a user that comes out the same on two systems (most do) is one object in
 * both directories, made once.
 */
export function resolveDirectory(src: SourceDirectory, sysname: string, iplVolume: string): ObjectDirectory {
  const sys = sysname.toUpperCase();
  const volume = iplVolume.toUpperCase();
  const diagnostics: Diagnostic[] = [];
  const control = pickControl(src, sys, diagnostics);
  let prep = prepared.get(src);
  if (!prep) {
    prep = prepare(src);
    prepared.set(src, prep);
  }
  const ctx: Context = { src, sys, volume, diagnostics, devices: new Map(), found: [], options: [] };
  const users = new Map<string, ResolvedUser>();
  for (const p of prep.entries) {
    if (p.fixed === undefined) users.set(p.entry.userid, resolveUser(p, ctx));
    else {
      // Made by an earlier resolution: its findings again, and the same user object (not a copy: a
      // plex resolves every user once per system, and the copies were a third of the work).
      for (const d of p.fixedDiagnostics) diagnostics.push(d);
      users.set(p.entry.userid, p.fixed);
    }
  }
  return { sysname: sys, control, iplVolume: volume, users, diagnostics };
}

/** What every user's resolution on one system shares; `devices`, `found` and `options` are scratch space reused per user. */
interface Context {
  src: SourceDirectory;
  sys: string;
  volume: string;
  diagnostics: Diagnostic[];
  devices: Map<string, MdiskDef | LinkDef>;
  /** The findings of the user being built. */
  found: Diagnostic[];
  /** The OPTION keywords of the user being built. */
  options: string[];
}

function pickControl(
  src: SourceDirectory,
  sys: string,
  diagnostics: Diagnostic[],
): DirectoryControl | undefined {
  let named: DirectoryControl | undefined;
  let unnamed: DirectoryControl | undefined;
  for (const d of src.directories) {
    if (d.sysname === sys) {
      if (named) {
        const message = `Another DIRECTORY statement names ${sys} (line ${named.line}); the first is used`;
        diagnostics.push(diag(src.file, d.line, d.column, "warning", "DIR-DIRECTORY", message));
      } else named = d;
    } else if (d.sysname === undefined && !unnamed) unnamed = d;
  }
  // A system with no DIRECTORY statement is the lint rule DIR-NO-DIRECTORY's to report.
  return named ?? unnamed;
}

function applies(st: DirStatement, sys: string): boolean {
  return st.sysaffin === null || st.sysaffin.includes(sys);
}

/**
 * Appends an entry's statements that apply on `sys`, dropping the scoping SYSAFFINs, and returns
 * the name of the profile it INCLUDEs there. Profiles are passed a null `src`: they cannot INCLUDE.
 */
function collect(
  entry: UserEntry,
  sys: string,
  out: DirStatement[],
  src: SourceDirectory | null,
): string | undefined {
  let profileName: string | undefined;
  for (const st of entry.statements) {
    if (!applies(st, sys) || st.keyword === "SYSAFFIN") continue;
    if (st.keyword === "INCLUDE") {
      const profile = src?.profiles.get(st.operands[0]);
      if (profile) collect(profile, sys, out, null);
      profileName ??= st.operands[0];
      continue;
    }
    out.push(st);
  }
  return profileName;
}

/**
 * Sets the entry's effective statements (and profile) if no SYSAFFIN, its own or its profile's,
 * makes them differ by system; else null.
 */
function flatten(p: PreparedEntry, src: SourceDirectory): DirStatement[] | null {
  const { entry } = p;
  if (entry.kind === "IDENTITY") return (p.flat = null);
  const statements: DirStatement[] = [];
  let profileName: string | undefined;
  for (const st of entry.statements) {
    if (st.sysaffin !== null) return (p.flat = null);
    if (st.keyword === "SYSAFFIN") continue;
    if (st.keyword === "INCLUDE") {
      const profile = src.profiles.get(st.operands[0]);
      if (profile) {
        for (const pst of profile.statements) {
          if (pst.sysaffin !== null) return (p.flat = null);
          if (pst.keyword !== "SYSAFFIN" && pst.keyword !== "INCLUDE") statements.push(pst);
        }
      }
      profileName ??= st.operands[0];
      continue;
    }
    statements.push(st);
  }
  p.flatProfile = profileName;
  return (p.flat = statements);
}

/**
 * Records a device definition. Two in the entry's own statements (or both in its profile) are an
 * error, as DIRECTXA rejects a virtual address defined twice; one in the entry over one from its
 * profile replaces it, with a warning. Either way the later definition is kept.
 */
function define(ctx: Context, entry: UserEntry, def: MdiskDef | LinkDef): void {
  const vdev = def.vdev;
  const earlier = ctx.devices.get(vdev);
  if (earlier) {
    // Entries do not overlap in the file, so a line inside this entry's span means "its own statement".
    const last =
      entry.statements.length > 0 ? entry.statements[entry.statements.length - 1].line : entry.line;
    const earlierOwn = earlier.line >= entry.line && earlier.line <= last;
    const defOwn = def.line >= entry.line && def.line <= last;
    const { file } = ctx.src;
    const { found } = ctx;
    if (earlierOwn === defOwn) {
      const message = `${entry.userid}: virtual device ${vdev} is defined twice (also at line ${earlier.line})`;
      found.push(diag(file, def.line, def.column, "error", "DIR-DUP-VDEV", message));
    } else {
      const message = `${entry.userid}: virtual device ${vdev} is defined both in the entry and in what it includes (line ${earlier.line}); the later one is used`;
      found.push(diag(file, def.line, def.column, "warning", "DIR-DUP-VDEV", message));
    }
  }
  ctx.devices.set(vdev, def);
}

/** True when both lists hold the same statements in the same order. */
function sameStatements(a: DirStatement[], b: DirStatement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An entry's user on ctx's system, made or reused. */
function resolveUser(prepEntry: PreparedEntry, ctx: Context): ResolvedUser {
  const { src, sys } = ctx;
  const { entry } = prepEntry;
  let flat = prepEntry.flat;
  if (flat === undefined) flat = flatten(prepEntry, src);
  if (flat) {
    const made = build(entry, ctx, flat, prepEntry.flatProfile);
    if (!made.usesIplVolume) {
      prepEntry.fixed = made.user;
      prepEntry.fixedDiagnostics = made.diagnostics;
    }
    return made.user;
  }
  const statements: DirStatement[] = [];
  const profile = collect(entry, sys, statements, src);
  if (entry.kind === "IDENTITY") {
    for (const st of entry.statements) {
      if (st.keyword === "BUILD" && st.operands[1] === sys && applies(st, sys)) {
        const sub = src.subconfigs.get(st.operands[4]);
        if (sub) collect(sub, sys, statements, null);
      }
    }
  }
  const variants = (prepEntry.variants ??= []);
  for (const v of variants) {
    if (v.user.profile === profile && sameStatements(v.user.statements, statements)) return reuse(v, ctx);
  }
  const made = build(entry, ctx, statements, profile);
  if (!made.usesIplVolume) variants.push(made);
  return made.user;
}

/** A resolution made on another system, for this one: its findings again, and the same user object. */
function reuse(r: Resolution, ctx: Context): ResolvedUser {
  for (const d of r.diagnostics) ctx.diagnostics.push(d);
  return r.user;
}

/** An empty list of OPTIONs or userids: most users have none, and a resolved user is read-only. */
const NO_NAMES: readonly string[] = Object.freeze([]);

/** A resolution's findings when it made none: shared, as Resolution.diagnostics is only read. */
const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/** Builds the user from its effective statements. */
function build(
  entry: UserEntry,
  ctx: Context,
  statements: DirStatement[],
  profile: string | undefined,
): Resolution {
  const { volume, devices, found, options } = ctx;
  let classes = entry.classes ?? "G";
  let autolog = false;
  // A user's lists are most often one statement's operands, which are read-only: then they are the
  // list itself, not a copy.
  let autologBy: readonly string[] | undefined;
  let logonBy: readonly string[] | undefined;
  let optionStatements = 0;
  let lastOption: readonly string[] = NO_NAMES;
  let ipl: string[] | undefined;
  let usesIplVolume = false;
  devices.clear();
  found.length = 0;
  options.length = 0;
  for (const st of statements) {
    switch (st.keyword) {
      case "MDISK":
        if (st.mdisk) {
          const m = st.mdisk;
          const onIpl = m.volser !== undefined && IPL_SYMBOLS.has(m.volser);
          if (onIpl) usesIplVolume = true;
          define(ctx, entry, onIpl ? { ...m, volser: volume } : m);
        }
        break;
      case "LINK":
        if (st.link) {
          const l = st.link;
          define(ctx, entry, l.owner === "*" ? { ...l, owner: entry.userid } : l);
        }
        break;
      case "OPTION":
        optionStatements++;
        lastOption = st.operands;
        for (let i = 0; i < st.operands.length; i++) {
          options.push(st.operands[i]);
          if (VALUED_OPTIONS.has(st.operands[i])) i++;
        }
        break;
      case "CLASS":
        classes = st.operands[0];
        break;
      case "AUTOLOG":
      case "XAUTOLOG":
        autolog = true;
        autologBy = autologBy === undefined ? st.operands : [...autologBy, ...st.operands];
        break;
      case "LOGONBY":
        logonBy = logonBy === undefined ? st.operands : [...logonBy, ...st.operands];
        break;
      case "IPL":
        ipl = st.operands;
        break;
    }
  }
  // An array grown by push keeps room for 17 elements; these are kept, for every system, so they
  // are made at their exact size (the scratch lists copied, the devices split by kind).
  let mdiskCount = 0;
  for (const def of devices.values()) if ("kind" in def) mdiskCount++;
  const mdisks = new Array<MdiskDef>(mdiskCount);
  const links = new Array<LinkDef>(devices.size - mdiskCount);
  let m = 0;
  let l = 0;
  for (const def of devices.values()) {
    if ("kind" in def) mdisks[m++] = def;
    else links[l++] = def;
  }
  const user: ResolvedUser = {
    userid: entry.userid,
    kind: entry.kind === "IDENTITY" ? "IDENTITY" : "USER",
    password: entry.password,
    storage: entry.storage,
    maxStorage: entry.maxStorage,
    classes,
    line: entry.line,
    statements,
    mdisks,
    links,
    // One OPTION statement with no valued option (MAXCONN n) gives its operands as they are.
    options:
      optionStatements === 1 && options.length === lastOption.length
        ? lastOption
        : options.length > 0
          ? options.slice()
          : NO_NAMES,
    autolog,
    autologBy: autologBy ?? NO_NAMES,
    logonBy: logonBy ?? NO_NAMES,
    ipl,
    profile,
  };
  for (const d of found) ctx.diagnostics.push(d);
  const diagnostics = found.length > 0 ? found.slice() : NO_DIAGNOSTICS;
  return { user, diagnostics, usesIplVolume };
}
