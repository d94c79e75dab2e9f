import { evaluate, type ExecProgram, type Expr, isVariableName, parseExec } from "../../cms/exec";
import { usersRunning } from "../../cms/programs";
import { parseCommand } from "../../cp/parse-command";
import type { Diagnostic } from "../../diagnostics";
import type { CtcEnd } from "../../plex/ctcs";
import { cmsFileName, extentOn, placeFiles } from "../../plex/files";
import type { PlexView } from "../../plex/view";
import { readPvmConfig, type PvmConfigPositions } from "../../pvm/config";
import type { PvmConfig, PvmLink } from "../../pvm/types";

// A plex's PVM setup as lint reads it for the PVM network rules (./pvm-network.ts): the PVM CONFIG
// and PROFILE EXEC on the PVM 0191 each system sees, from the `files` input and the plex's stored
// files placed on their extents, each read once an extent, with the plex's CTCs indexed beside them.

/**
 * PVM's minidisk and the files it reads there (src/cms/profiles.ts). Its user is whoever runs PVM
 * on each system (src/cms/programs.ts: PVM by name, unless the plex's `programs` say otherwise).
 */
const PVM_VDEV = "0191";
export const CONFIG_NAME = "PVM CONFIG";
export const PROFILE_NAME = "PROFILE EXEC";

/** The CMS files (FN FT) the PVM rules read: a plex's stored files that lint needs to be given. */
export const PVM_LINT_FILES: readonly string[] = [CONFIG_NAME, PROFILE_NAME];

/** The class ATTACH needs: the profile's ATTACHes are read as CP would parse them from a user allowed it. */
const ATTACH_CLASS = "B";

/** A file of the `files` input as lint names it in findings, e.g. "LTICVM1: PVM 0191 PVM CONFIG". */
export interface NamedFile {
  /** As findings name it: "KEY FN FT" for a given file; for a stored one, undefined (named where it is read). */
  name?: string;
  text: string;
}

/**
 * The CMS files named `names` (FN FT) lint reads, keyed `VOLSER START END FN FT` by the extent they
 * are on: the plex's stored files first, then the `files` input's, which replace them (each with
 * the name it was given under, for findings).
 */
export function lintFilesByExtent(plex: PlexView, names: readonly string[]): Map<string, NamedFile> {
  const byExtent = new Map<string, NamedFile>();
  for (const f of plex.storedFiles)
    if (names.includes(`${f.fn} ${f.ft}`))
      byExtent.set(`${f.volser} ${f.start} ${f.end} ${f.fn} ${f.ft}`, { text: f.text });
  for (const [key, entries] of Object.entries(plex.files)) {
    const wanted = Object.entries(entries).filter(([name]) => {
      const f = cmsFileName(name);
      return f !== undefined && names.includes(`${f.fn} ${f.ft}`);
    });
    if (wanted.length === 0) continue;
    for (const p of placeFiles(plex, { [key]: Object.fromEntries(wanted) }).placed)
      byExtent.set(`${p.volser} ${p.start} ${p.end} ${p.fn} ${p.ft}`, {
        name: `${keyName(key)} ${p.fn} ${p.ft}`,
        text: p.text,
      });
  }
  return byExtent;
}

/** An ATTACH the profile issues for PVM: the real device and the line of the profile. */
interface Attach {
  rdev: string;
  line: number;
}

/** What lint reads from a PROFILE EXEC: the vdevs its ATTACHes give, and whether any command was beyond reading. */
export interface ProfileReading {
  attaches: Map<string, Attach>;
  /** The line of the first command whose text depends on what a run alone knows (loops, branches, functions). */
  unreadAt?: number;
}

/** One system's PVM as its files say: the configuration it reads and the CTCs its profile attaches. */
export interface PvmSetup {
  system: string;
  /** The user that runs PVM there. */
  userid: string;
  file: string;
  config: PvmConfig;
  positions: PvmConfigPositions;
  /** CTCA LINKs by the node they name. */
  linksTo: Map<string, PvmLink[]>;
  started: Set<string>;
  csecom: Set<string>;
  /** The PROFILE EXEC's name, or undefined when PVM has none (nothing is attached). */
  profile?: string;
  reading: ProfileReading;
  inXspool: boolean;
}

/** Everything the PVM rules share, read once per plex. */
export interface PvmNetworkView {
  setups: Map<string, PvmSetup>;
  /** The other end of the CTC whose one end is "SYSTEM RDEV". */
  ends: Map<string, CtcEnd>;
  /** "A B" (sorted) for each pair of systems a CTC joins. */
  joined: Set<string>;
  /** "SYSTEM NODE": SYSTEM's ends of the CTCs to NODE, for messages. */
  ctcsTo: Map<string, string[]>;
  /** The PVM CONFIG files' own findings, once a file. */
  fileDiagnostics: Diagnostic[];
}

/** A pair of systems, "A B" in sorted order. */
export const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);
/** One end of a CTC, "SYSTEM RDEV". */
export const endKey = (system: string, rdev: string) => `${system} ${rdev}`;

/** A minidisk key as findings show it: upper case, blanks collapsed, "SYS: OWNER VDEV". */
export const keyName = (key: string) =>
  key
    .trim()
    .toUpperCase()
    .replace(/\s*:\s*/, ": ")
    .replace(/\s+/g, " ");

/** Thrown while reading a profile: the value depends on what only a run knows. */
const UNREAD = Symbol("unread");

/**
 * The ATTACHes a PROFILE EXEC issues for its own user `userid`, read with the EXEC runner's parser and CP's
 * command parser (no second REXX or ATTACH parser). Lint cannot run the exec (the runner is
 * asynchronous and would issue commands), so it reads the program tree: straight-line assignments
 * are followed, commands inside IF branches and DO bodies count as issued (a LINK they serve is not
 * reported for want of them), and a command that uses a variable set in a loop or a branch, or a
 * function, is "unread". A top-level EXIT ends the reading, as it ends the run.
 */
export function readProfile(program: ExecProgram, userid: string): ProfileReading {
  const attaches = new Map<string, Attach>();
  const reading: ProfileReading = { attaches };
  if (program.refused) return reading; // CMS does not run it: nothing is attached.
  const vars = new Map<string, string>();
  const unknown = new Set<string>();
  const taken = new Set<string>();
  const value = (symbol: string): string => {
    const up = symbol.toUpperCase();
    if (!isVariableName(up)) return up;
    const dot = up.indexOf(".");
    let name = up;
    if (dot >= 0 && dot < up.length - 1) {
      const tails = up.slice(dot + 1).split(".");
      if (tails.some((t) => t !== "" && isVariableName(t) && unknown.has(t))) throw UNREAD;
      name = `${up.slice(0, dot + 1)}${tails.map((t) => (t !== "" && isVariableName(t) ? (vars.get(t) ?? t) : t)).join(".")}`;
      if (unknown.has(up.slice(0, dot + 1))) throw UNREAD;
    }
    if (unknown.has(name)) throw UNREAD;
    // An unset compound symbol takes its stem's value (`dev. = ...`), else its own name, as REXX does.
    return vars.get(name) ?? (dot >= 0 ? vars.get(up.slice(0, dot + 1)) : undefined) ?? name;
  };
  const evaluated = (e: Expr): string | undefined => {
    try {
      return evaluate(e, value);
    } catch {
      return undefined; // UNREAD, a REXX error or a form the runner does not simulate
    }
  };
  type Stmt = ExecProgram["statements"][number];
  const walk = (statements: readonly Stmt[], branch: boolean): void => {
    for (const s of statements) {
      if (s.k === "assign") {
        const v = branch ? undefined : evaluated(s.e);
        if (v === undefined) unknown.add(s.name);
        else {
          vars.set(s.name, v);
          unknown.delete(s.name);
        }
      } else if (s.k === "command") {
        const text = evaluated(s.e);
        if (text === undefined) {
          reading.unreadAt ??= s.line;
          continue;
        }
        const parsed = parseCommand(text, ATTACH_CLASS);
        if (!parsed.ok || parsed.command.verb !== "ATTACH") continue;
        const { rdev, to, as } = parsed.command;
        if (to !== "*" && to !== userid) continue;
        // A second ATTACH of an attached device, or to a vdev in use, fails at run time: the first holds it.
        const vdev = as ?? rdev;
        if (attaches.has(vdev) || taken.has(rdev)) continue;
        attaches.set(vdev, { rdev, line: s.line });
        taken.add(rdev);
      } else if (s.k === "if") {
        walk([s.then], true);
        if (s.else) walk([s.else], true);
      } else if (s.k === "do") {
        if (s.loop.control) unknown.add(s.loop.control.name);
        walk(s.body, true);
      } else if (s.k === "exit" && !branch) return;
    }
  };
  walk(program.statements, false);
  return reading;
}

const VIEWS = new WeakMap<PlexView, PvmNetworkView>();

/** A PVM CONFIG read, with the indexes the checks use. */
type ReadConfig = ReturnType<typeof readPvmConfig> & Pick<PvmSetup, "linksTo" | "started" | "csecom">;

/** Reads a PVM CONFIG and indexes its CTCA LINKs by node, its started lines and CSECOM nodes. */
function readConfig(text: string, file: string): ReadConfig {
  const read = readPvmConfig(text, file);
  const linksTo = new Map<string, PvmLink[]>();
  for (const l of read.config.links) {
    if (l.type !== "CTCA") continue; // the parser notes other types as not simulated
    const list = linksTo.get(l.node);
    if (list) list.push(l);
    else linksTo.set(l.node, [l]);
  }
  return {
    ...read,
    linksTo,
    started: new Set(read.config.startLines),
    csecom: new Set(read.config.startCsecom),
  };
}

/**
 * The PVM setup of every system whose PVM 0191 (as that system's directory places it) holds a PVM
 * CONFIG, from the `files` input placed as the plex stores them (a later key's file replaces an
 * earlier one on the same extent). Each file is read once, however many systems see it. Linear in
 * the input: only the keys holding PVM CONFIG or PROFILE EXEC are placed.
 */
export function pvmNetworkView(plex: PlexView): PvmNetworkView {
  const cached = VIEWS.get(plex);
  if (cached) return cached;
  const view: PvmNetworkView = {
    setups: new Map(),
    ends: new Map(),
    joined: new Set(),
    ctcsTo: new Map(),
    fileDiagnostics: [],
  };
  VIEWS.set(plex, view);

  const byExtent = lintFilesByExtent(plex, PVM_LINT_FILES);
  if (byExtent.size === 0) return view;

  for (const c of plex.ctcs) {
    view.ends.set(endKey(c.a.system, c.a.rdev), c.b);
    view.ends.set(endKey(c.b.system, c.b.rdev), c.a);
    view.joined.add(pairKey(c.a.system, c.b.system));
    for (const [x, y] of [
      [c.a, c.b],
      [c.b, c.a],
    ]) {
      const k = `${x.system} ${y.system}`;
      const list = view.ctcsTo.get(k);
      if (list) list.push(x.rdev);
      else view.ctcsTo.set(k, [x.rdev]);
    }
  }

  // Read once an extent, however many systems see it.
  const configs = new Map<string, ReadConfig>();
  const profiles = new Map<string, ProfileReading>();
  for (const system of plex.systems) {
    // The first user running PVM there whose 191 holds PVM CONFIG (usually the one user of the role).
    const found = usersRunning("PVM", plex.programs).flatMap((userid) => {
      const e = extentOn(plex, system, userid, PVM_VDEV);
      if ("missing" in e) return [];
      const where = `${e.volser} ${e.start} ${e.end}`;
      const file = byExtent.get(`${where} ${CONFIG_NAME}`);
      return file ? [{ userid, where, file }] : [];
    })[0];
    if (!found) continue;
    const { userid, where } = found;
    // A stored file is named as the first system that reads it sees it (its key may be unknown).
    const named = (f: NamedFile, name: string) => f.name ?? `${system}: ${userid} ${PVM_VDEV} ${name}`;
    const file = { ...found.file, name: named(found.file, CONFIG_NAME) };
    let read = configs.get(where);
    if (!read) {
      read = readConfig(file.text, file.name);
      configs.set(where, read);
      view.fileDiagnostics.push(...read.diagnostics);
    }
    const profile = byExtent.get(`${where} ${PROFILE_NAME}`);
    // Its ATTACHes TO a userid count for that user only: one reading per extent and user.
    let reading = profiles.get(`${where} ${userid}`);
    if (!reading) {
      reading = profile ? readProfile(parseExec(profile.text), userid) : { attaches: new Map() };
      profiles.set(`${where} ${userid}`, reading);
    }
    view.setups.set(system, {
      system,
      userid,
      file: file.name,
      config: read.config,
      positions: read.positions,
      linksTo: read.linksTo,
      started: read.started,
      csecom: read.csecom,
      profile: profile && named(profile, PROFILE_NAME),
      reading,
      inXspool: plex.views.get(system)!.config.model.xspoolSystems.some((x) => x.sysname === system),
    });
  }
  return view;
}
