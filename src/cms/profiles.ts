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
  /** A product started after the profile, with the configuration file it reads from the same minidisk. */
  product?: { name: "PVM"; config: { fn: string; ft: string } };
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
 * the CP command parser takes (src/cp/parse-command.ts). An empty command is CMS's unknown one.
 */
export function profileCommand(text: string): { cp: string } | { unknown: string } {
  const t = text.trim();
  return t === "" ? { unknown: "Unknown CP/CMS command" } : { cp: t };
}
