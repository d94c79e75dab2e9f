import { CseplexError } from "../client";

/**
 * The CLI's exit codes, so a script can tell what went wrong: `cp` and `logon` exit with CP's rc
 * (1-255; a larger rc exits 255), `lint` with 0, 1 (warnings, with --strict) or 2 (errors);
 * everything else with 0 or one of these (the BSD sysexits numbers, above any common CP rc).
 */
export const EXIT = {
  OK: 0,
  /** Bad flags or arguments (EX_USAGE). */
  USAGE: 64,
  /** The API refused the body: 400, 413, 422 (EX_DATAERR). */
  DATA: 65,
  /** No such plex, system, user, file or tape: 404 (EX_NOINPUT). */
  NOT_FOUND: 66,
  /** The service cannot be reached (EX_UNAVAILABLE). */
  UNAVAILABLE: 69,
  /** The service failed: 500 or an answer that is not the API's (EX_SOFTWARE). */
  SOFTWARE: 70,
  /** The state forbids it now: 409 (EX_CANTCREAT: the nearest of sysexits). */
  CONFLICT: 73,
  /** Over the tenant's rate or a quota: 429 (EX_TEMPFAIL). */
  TEMPFAIL: 75,
  /** No token, or not a valid one: 401 (EX_NOPERM). */
  NOPERM: 77,
} as const;

/** A mistake on the command line: printed as one line, exit 64. */
export class UsageError extends Error {}

/** The exit code for an API error, by its status. */
export function exitCodeOf(e: CseplexError): number {
  if (e.status === 401) return EXIT.NOPERM;
  if (e.status === 404) return EXIT.NOT_FOUND;
  if (e.status === 409) return EXIT.CONFLICT;
  if (e.status === 429) return EXIT.TEMPFAIL;
  if (e.status === 400 || e.status === 413 || e.status === 422) return EXIT.DATA;
  return EXIT.SOFTWARE;
}

/** CP's rc as an exit code: 0-255 as is, larger ones 255 (an exit code has 8 bits). */
export function rcExit(rc: number): number {
  return rc < 0 ? EXIT.SOFTWARE : Math.min(rc, 255);
}
