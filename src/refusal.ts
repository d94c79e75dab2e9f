/**
 * The one shape of an expected refusal: what every Durable Object answers when it will not do what
 * it was asked, and what the API turns into its error envelope (src/api/errors.ts, `fromRefusal`).
 * A CP error is not a refusal: it is an rc and CP's lines in a 200 answer.
 */

/** The HTTP statuses a refusal may carry. */
export type RefusalStatus = 400 | 401 | 404 | 409 | 413 | 422 | 429;

/**
 * What a refusal may carry besides its message (the diagnostics, a reserve's holder, a quota):
 * named values, typed so that Durable Object RPC can carry them (`unknown` cannot cross it).
 */
export type RefusalDetails = { [key: string]: object | string | number | boolean | null };

/** An expected refusal: HTTP status, a stable code, a message for people, and optional details. */
export interface Refusal {
  ok: false;
  status: RefusalStatus;
  code: string;
  message: string;
  details?: RefusalDetails;
}

/** A value or the refusal that stands in for it. */
export type Refused<T> = (T & { ok: true }) | Refusal;

/** Builds a refusal; `details` is left out when undefined, so answers stay as small as before. */
export function refusal(
  status: RefusalStatus,
  code: string,
  message: string,
  details?: RefusalDetails,
): Refusal {
  return details === undefined
    ? { ok: false, status, code, message }
    : { ok: false, status, code, message, details };
}

/** 404 NOT_FOUND: no such plex, system, user, volume or file (also for another tenant's names). */
export const notFound = (message: string, code = "NOT_FOUND"): Refusal => refusal(404, code, message);

/** 409: the state forbids it now (system not up, user not logged on, device busy). */
export const conflict = (message: string, code = "CONFLICT", details?: RefusalDetails): Refusal =>
  refusal(409, code, message, details);

/** 422 INVALID_CONFIG: SYSTEM CONFIG or the directory has errors; the diagnostics say where. */
export const invalidConfig = (message: string, diagnostics: readonly object[]): Refusal =>
  refusal(422, "INVALID_CONFIG", message, { diagnostics });

/** True for a refusal; anything else (an answer, a CP answer) is false. */
export function isRefusal(x: unknown): x is Refusal {
  return typeof x === "object" && x !== null && (x as { ok?: unknown }).ok === false && "status" in x;
}

/**
 * The code of a node the Plex never registered (state from before registration, or a made-up
 * name): the route asks the Plex whether the system exists, and answers 404 if it does not.
 */
export const NO_SYSTEM = "NO_SYSTEM";

// Refusals several objects give in the same words.

/** The system is not up (409 SYSTEM_DOWN keeps the code the device routes always gave). */
export const systemDown = (code = "CONFLICT"): Refusal => conflict("The system is not up", code);

/** The user is not logged on to that system. */
export const notLoggedOn = (userid: string, sysname: string, code = "CONFLICT"): Refusal =>
  conflict(`${userid} is not logged on to ${sysname}`, code);

/** The user is not in that system's directory. */
export const notInDirectory = (userid: string, sysname: string): Refusal =>
  notFound(`${userid} is not in the directory of ${sysname}`);
