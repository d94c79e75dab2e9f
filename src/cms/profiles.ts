/**
 * Which service machines run a program when CP logs them on, and how a profile's host commands
 * reach CP (issue #11 item 2). Only AUTOLOG1 so far: at IPL CP logs it on and it IPLs CMS, whose
 * PROFILE EXEC on its 191 minidisk starts the other service machines (`'CP XAUTOLOG PVM'`).
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
const PROGRAMS: Readonly<Record<string, Program>> = {
  AUTOLOG1: { vdev: "0191", fn: "PROFILE", ft: "EXEC" },
  PVM: {
    vdev: "0191",
    fn: "PROFILE",
    ft: "EXEC",
    product: { name: "PVM", config: { fn: "PVM", ft: "CONFIG" } },
  },
};

/** The program `userid` runs when CP logs it on, or undefined. */
export function profileFor(userid: string): Program | undefined {
  return PROGRAMS[userid];
}

/**
 * Clauses a profile may execute (each loop iteration counts one): a profile that runs away is
 * stopped long before it can keep the IPL that started it from answering.
 */
export const PROFILE_MAX_STEPS = 500;

/**
 * A host command of a CMS profile: `CP cmd` (or `#CP cmd`) is CP's; with no CMS simulated, any
 * other command is passed to CP too, as CMS does with IMPCP for a command it does not know, unless
 * it is empty. Answers the CP command, or the line CMS gives for what it cannot run.
 */
export function profileCommand(text: string): { cp: string } | { unknown: string } {
  const t = text.trim();
  const m = /^#?CP(?:\s+(.*))?$/i.exec(t);
  if (m) return m[1] ? { cp: m[1].trim() } : { unknown: "Unknown CP/CMS command" };
  return t === "" ? { unknown: "Unknown CP/CMS command" } : { cp: t };
}
