import { programOf, type ProgramName, type ProgramsInput } from "./programs";

/**
 * What each service machine's program runs when CP logs it on, and how a profile's host commands
 * reach CP (issue #11 item 2). At IPL CP logs AUTOLOG1 on and it IPLs CMS, whose PROFILE EXEC on
 * its 191 minidisk starts the other service machines (`'CP XAUTOLOG PVM'`). Which user runs which
 * program is ./programs.ts's (by name, unless the plex's `programs` input says otherwise).
 */

/** The program a user runs when logged on by CP: the profile on its minidisk, then (PVM) the product. */
export interface Program {
  vdev: string;
  fn: string;
  ft: string;
  /**
   * A product started with the configuration file it reads from the same minidisk: after the
   * profile (PVM), or before it when the profile drives it (RSCS: PROFILE GCS's `RSCS START`).
   * Host commands whose first word is `prefix` go to the product, not to CP.
   */
  product?: {
    name: "PVM" | "RSCS" | "DIRMAINT" | "DIRMSAT";
    config: { fn: string; ft: string };
    first?: boolean;
    prefix?: string;
  };
}

/**
 * What each service machine runs: AUTOLOG1 its PROFILE EXEC; PVM its PROFILE EXEC (which attaches
 * the CTCs, as the seed's does) and then VM/Pass-Through, reading `PVM CONFIG` from its 191 (the
 * file's real name was not found: ours, docs/decisions.md).
 */
const PROGRAMS: Readonly<Record<ProgramName, Program>> = {
  AUTOLOG1: { vdev: "0191", fn: "PROFILE", ft: "EXEC" },
  PVM: {
    vdev: "0191",
    fn: "PROFILE",
    ft: "EXEC",
    product: { name: "PVM", config: { fn: "PVM", ft: "CONFIG" } },
  },
  // RSCS runs under GCS: its PROFILE GCS attaches the CTCs and starts the links (the seed's).
  RSCS: {
    vdev: "0191",
    fn: "PROFILE",
    ft: "GCS",
    product: { name: "RSCS", config: { fn: "RSCS", ft: "CONFIG" }, first: true, prefix: "RSCS" },
  },
  // DirMaint's servers read CONFIG DATADVH from DIRMAINT's 11F (a satellite links it: its own 11F
  // holds no file, and a satellite needs none of it: it applies what DIRMAINT sends).
  DIRMAINT: {
    vdev: "011F",
    fn: "PROFILE",
    ft: "EXEC",
    product: { name: "DIRMAINT", config: { fn: "CONFIG", ft: "DATADVH" } },
  },
  DIRMSAT: {
    vdev: "011F",
    fn: "PROFILE",
    ft: "EXEC",
    product: { name: "DIRMSAT", config: { fn: "CONFIG", ft: "DATADVH" } },
  },
};

/** What `userid` runs when CP logs it on (by its name, or as the plex's `programs` say), or undefined. */
export function profileFor(userid: string, programs?: ProgramsInput): Program | undefined {
  const program = programOf(userid, programs);
  return program && PROGRAMS[program];
}

/**
 * Clauses a profile may execute (each loop iteration counts one): a profile that runs away is
 * stopped long before it can keep the IPL that started it from answering.
 */
export const PROFILE_MAX_STEPS = 500;

/**
 * A host command of a CMS profile: with no CMS command simulated, every one goes to CP, as CMS's
 * IMPCP does with a command it does not know; `CP cmd` and `#CP cmd` are CP's own prefixes, which
 * the CP command parser takes (src/cp/parse-command.ts). A command that starts with the program's
 * product prefix (`RSCS START LTICVM2` in a PROFILE GCS) goes to the product. An empty command is
 * CMS's unknown one.
 */
export function profileCommand(
  text: string,
  program?: Program,
): { cp: string } | { product: string } | { unknown: string } {
  const t = text.trim();
  if (t === "") return { unknown: "Unknown CP/CMS command" };
  const prefix = program?.product?.prefix;
  const [first] = t.split(/\s+/, 1);
  if (prefix && first.toUpperCase() === prefix) return { product: t.slice(first.length).trim() };
  return { cp: t };
}
