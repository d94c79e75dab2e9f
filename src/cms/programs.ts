import { USERID } from "../text/names";

/**
 * Which program a service machine runs (issue #11 item 2): by default the one of its name (a user
 * named AUTOLOG1 runs AUTOLOG1's, PVM runs PVM's, RSCS RSCS's), unless the plex's `programs` input says
 * otherwise, e.g. `{"PVMX": "PVM"}` for a site whose PVM machine is called PVMX, or
 * `{"PVM": "NONE"}` for a user named PVM that runs nothing. Everything that looks for "the PVM
 * user" (the node's PVM report, SMSG, the network view, lint) asks here, never by the name.
 */

/** The programs a service machine can run; what each runs is src/cms/profiles.ts's. */
export const PROGRAM_NAMES = ["AUTOLOG1", "PVM", "RSCS", "DIRMAINT", "DIRMSAT"] as const;
export type ProgramName = (typeof PROGRAM_NAMES)[number];

/** The value of `programs` that switches a default off: the user runs nothing. */
export const NO_PROGRAM = "NONE";

/** The file name lint's findings about the `programs` input point at. */
export const PROGRAMS_FILE = "programs";

/** The plex's `programs` input, as stored: upper-case userid → program or NONE. */
export type ProgramsInput = Record<string, ProgramName | typeof NO_PROGRAM>;

/** Whether `name` is a known program (upper case). */
export function isProgramName(name: string): name is ProgramName {
  return (PROGRAM_NAMES as readonly string[]).includes(name);
}

/** The program `userid` runs when CMS comes up in it, or undefined: the plex's word, else its name's. */
export function programOf(userid: string, programs: ProgramsInput = {}): ProgramName | undefined {
  const u = userid.toUpperCase();
  const set = Object.hasOwn(programs, u) ? programs[u] : undefined;
  if (set !== undefined) return set === NO_PROGRAM ? undefined : set;
  if (isProgramName(u)) return u;
  // DirMaint's satellites are DIRMSAT, DIRMSAT2, DIRMSAT9 ... (the seed's names).
  return /^DIRMSAT[A-Z0-9@#$]*$/.test(u) ? "DIRMSAT" : undefined;
}

/**
 * The userids that run `program`: those the plex names for it (in userid order), then the user of
 * the program's own name unless the plex gives that user something else. With `exists`, only the
 * users it knows (a system's directory). Usually one; the first is "the" user of the role.
 */
export function usersRunning(
  program: ProgramName,
  programs: ProgramsInput = {},
  exists?: (userid: string) => boolean,
): string[] {
  const named = Object.keys(programs)
    .filter((u) => programs[u] === program)
    .sort();
  if (!Object.hasOwn(programs, program)) named.push(program);
  return exists ? named.filter(exists) : named;
}

/** What is wrong with one entry of a `programs` input (its key and value as given), or undefined. */
export function programEntryProblem(userid: string, program: unknown): string | undefined {
  if (!USERID.test(userid.toUpperCase()))
    return `"${userid}" is not a userid (1-8 characters: letters, digits, @ # $ _ -)`;
  const p = typeof program === "string" ? program.toUpperCase() : undefined;
  if (p === undefined || (p !== NO_PROGRAM && !isProgramName(p)))
    return `${userid.toUpperCase()}: unknown program ${JSON.stringify(program)}; one of ${[...PROGRAM_NAMES, NO_PROGRAM].join(", ")}`;
  return undefined;
}

/** A checked `programs` input with its userids and programs in upper case (the caller checked each entry). */
export function normalPrograms(programs: Record<string, string>): ProgramsInput {
  return Object.fromEntries(
    Object.entries(programs).map(([u, p]) => [u.toUpperCase(), p.toUpperCase() as ProgramName]),
  );
}
