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

/** An entry's effective statements when they are the same on every system. */
interface Flat {
  statements: DirStatement[];
  profile: string | undefined;
}

/** A resolved user that is the same on every system, and the findings its resolution made. */
interface Fixed {
  user: ResolvedUser;
  diagnostics: Diagnostic[];
}

/**
 * What does not depend on the system, worked out on a source's first resolution and reused for the
 * others (a plex resolves one source once per system). Assumes the source is not changed after parse.
 */
interface Prepared {
  /** null: the entry has SYSAFFIN-scoped statements (or is an IDENTITY) and is resolved per system. */
  flat: Map<UserEntry, Flat | null>;
  fixed: Map<UserEntry, Fixed>;
}

const prepared = new WeakMap<SourceDirectory, Prepared>();

/**
 * Builds one system's object directory from a parsed source, as DIRECTXA would on that system:
 * picks its DIRECTORY statement, inlines INCLUDEd profiles (and an IDENTITY's SUBCONFIG for the
 * system), keeps statements whose SYSAFFIN names the system, and puts the IPL volume for +VMRES.
 * The result is read-only: users that do not differ between systems share their arrays.
 */
export function resolveDirectory(src: SourceDirectory, sysname: string, iplVolume: string): ObjectDirectory {
  const sys = sysname.toUpperCase();
  const volume = iplVolume.toUpperCase();
  const diagnostics: Diagnostic[] = [];
  const control = pickControl(src, sys, diagnostics);
  let prep = prepared.get(src);
  if (!prep) {
    prep = { flat: new Map(), fixed: new Map() };
    prepared.set(src, prep);
  }
  const ctx: Context = { src, sys, volume, diagnostics, prep, devices: new Map() };
  const users = new Map<string, ResolvedUser>();
  for (const entry of src.users) {
    if (entry.kind !== "USER" && entry.kind !== "IDENTITY") continue;
    if (users.has(entry.userid)) continue; // a duplicate, already reported by the parser
    users.set(entry.userid, resolveUser(entry, ctx));
  }
  return { sysname: sys, control, iplVolume: volume, users, diagnostics };
}

/** What every user's resolution on one system shares; `devices` is scratch space reused per user. */
interface Context {
  src: SourceDirectory;
  sys: string;
  volume: string;
  diagnostics: Diagnostic[];
  prep: Prepared;
  devices: Map<string, MdiskDef | LinkDef>;
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

/** The entry's effective statements if no SYSAFFIN (its own or its profile's) makes them differ by system. */
function flatten(entry: UserEntry, src: SourceDirectory): Flat | null {
  if (entry.kind === "IDENTITY") return null;
  const statements: DirStatement[] = [];
  let profileName: string | undefined;
  for (const st of entry.statements) {
    if (st.sysaffin !== null) return null;
    if (st.keyword === "SYSAFFIN") continue;
    if (st.keyword === "INCLUDE") {
      const profile = src.profiles.get(st.operands[0]);
      if (profile) {
        for (const pst of profile.statements) {
          if (pst.sysaffin !== null) return null;
          if (pst.keyword !== "SYSAFFIN" && pst.keyword !== "INCLUDE") statements.push(pst);
        }
      }
      profileName ??= st.operands[0];
      continue;
    }
    statements.push(st);
  }
  return { statements, profile: profileName };
}

/**
 * Records a device definition. Two in the entry's own statements (or both in its profile) are an
 * error, as DIRECTXA rejects a virtual address defined twice; one in the entry over one from its
 * profile replaces it, with a warning. Either way the later definition is kept.
 */
function define(ctx: Context, found: Diagnostic[], entry: UserEntry, def: MdiskDef | LinkDef): void {
  const vdev = def.vdev;
  const earlier = ctx.devices.get(vdev);
  if (earlier) {
    // Entries do not overlap in the file, so a line inside this entry's span means "its own statement".
    const last =
      entry.statements.length > 0 ? entry.statements[entry.statements.length - 1].line : entry.line;
    const own = (line: number) => line >= entry.line && line <= last;
    const { file } = ctx.src;
    if (own(earlier.line) === own(def.line)) {
      const message = `${entry.userid}: virtual device ${vdev} is defined twice (also at line ${earlier.line})`;
      found.push(diag(file, def.line, def.column, "error", "DIR-DUP-VDEV", message));
    } else {
      const message = `${entry.userid}: virtual device ${vdev} is defined both in the entry and in what it includes (line ${earlier.line}); the later one is used`;
      found.push(diag(file, def.line, def.column, "warning", "DIR-DUP-VDEV", message));
    }
  }
  ctx.devices.set(vdev, def);
}

function resolveUser(entry: UserEntry, ctx: Context): ResolvedUser {
  const { src, sys, volume, devices, prep } = ctx;
  const fixed = prep.fixed.get(entry);
  if (fixed) {
    for (const d of fixed.diagnostics) ctx.diagnostics.push(d);
    return { ...fixed.user };
  }
  let flat = prep.flat.get(entry);
  if (flat === undefined) {
    flat = flatten(entry, src);
    prep.flat.set(entry, flat);
  }
  let statements: DirStatement[];
  let profile: string | undefined;
  if (flat) {
    statements = flat.statements;
    profile = flat.profile;
  } else {
    statements = [];
    profile = collect(entry, sys, statements, src);
    if (entry.kind === "IDENTITY") {
      for (const st of entry.statements) {
        if (st.keyword === "BUILD" && st.operands[1] === sys && applies(st, sys)) {
          const sub = src.subconfigs.get(st.operands[4]);
          if (sub) collect(sub, sys, statements, null);
        }
      }
    }
  }

  const user: ResolvedUser = {
    userid: entry.userid,
    kind: entry.kind === "IDENTITY" ? "IDENTITY" : "USER",
    password: entry.password,
    storage: entry.storage,
    maxStorage: entry.maxStorage,
    classes: entry.classes ?? "G",
    line: entry.line,
    statements,
    mdisks: [],
    links: [],
    options: [],
    autolog: false,
    autologBy: [],
    logonBy: [],
    ipl: undefined,
    profile,
  };
  const found: Diagnostic[] = [];
  let usesIplVolume = false;
  devices.clear();
  for (const st of statements) {
    switch (st.keyword) {
      case "MDISK":
        if (st.mdisk) {
          const m = st.mdisk;
          const onIpl = m.volser !== undefined && IPL_SYMBOLS.has(m.volser);
          if (onIpl) usesIplVolume = true;
          define(ctx, found, entry, onIpl ? { ...m, volser: volume } : m);
        }
        break;
      case "LINK":
        if (st.link) {
          const l = st.link;
          define(ctx, found, entry, l.owner === "*" ? { ...l, owner: entry.userid } : l);
        }
        break;
      case "OPTION":
        for (let i = 0; i < st.operands.length; i++) {
          user.options.push(st.operands[i]);
          if (VALUED_OPTIONS.has(st.operands[i])) i++;
        }
        break;
      case "CLASS":
        user.classes = st.operands[0];
        break;
      case "AUTOLOG":
      case "XAUTOLOG":
        user.autolog = true;
        for (const id of st.operands) user.autologBy.push(id);
        break;
      case "LOGONBY":
        for (const id of st.operands) user.logonBy.push(id);
        break;
      case "IPL":
        user.ipl = st.operands;
        break;
    }
  }
  for (const def of devices.values()) {
    if ("kind" in def) user.mdisks.push(def);
    else user.links.push(def);
  }
  for (const d of found) ctx.diagnostics.push(d);
  if (!flat || usesIplVolume) return user;
  prep.fixed.set(entry, { user, diagnostics: found });
  return { ...user };
}
