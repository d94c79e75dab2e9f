import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isRefusal, type Refusal } from "../refusal";
import { quoted } from "../text/names";

/** The one error envelope of the API (DESIGN.md §3). */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An expected refusal with its HTTP status; thrown by handlers, turned into the envelope by onError. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The one mapper from an object's refusal (src/refusal.ts) to the API's error: same status, code, message and details. */
export function fromRefusal(r: Refusal): ApiError {
  return new ApiError(r.status, r.code, r.message, r.details);
}

/**
 * An object's answer, or its refusal thrown as the error envelope: the one place the API tells a
 * refusal from an answer. (TypeScript cannot narrow the RPC-wrapped union through `isRefusal`, so
 * the answer's type is stated here once.)
 */
export function answerOrThrow<T>(r: T): Exclude<T, { ok: false }> {
  if (isRefusal(r)) throw fromRefusal(r);
  return r as Exclude<T, { ok: false }>;
}

/** The one answer to a body over the limit (MAX_BODY_BYTES), wherever it is noticed. */
export function bodyTooLarge(limit = 1024 * 1024): ApiError {
  return new ApiError(413, "BODY_TOO_LARGE", `Request body is over the ${limit / (1024 * 1024)} MiB limit`);
}

/** Builds the envelope. */
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/** The app's single onError: known errors keep their status, anything else is a 500 without a stack trace. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    if (status === 413) return onError(bodyTooLarge(), c);
    return c.json(errorBody(status === 401 ? "UNAUTHORIZED" : "BAD_REQUEST", err.message), status);
  }
  console.error("unhandled", err);
  // It cannot know what was done before the failure: it claims nothing about it (GET shows the state).
  return c.json(errorBody("INTERNAL", "Internal error: the request did not complete"), 500);
}

/** 404 for routes that do not exist. */
export function notFound(c: Context): Response {
  return c.json(
    errorBody("NOT_FOUND", `No route ${c.req.method} ${quoted(new URL(c.req.url).pathname)}`),
    404,
  );
}
