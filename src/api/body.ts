import { createMiddleware } from "hono/factory";
import { resolver } from "hono-openapi";
import type { z } from "zod";
import { ApiError, bodyTooLarge } from "./errors";
import { documents, errorResponses } from "./openapi";

/** Largest request body the API reads. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Largest body of a PUNCH or PRINT: a 1 MiB spool file written as base64 or escaped JSON strings
 * takes more than 1 MiB of JSON (docs/spool.md).
 */
export const MAX_DATA_BODY_BYTES = 8 * 1024 * 1024;
/**
 * Largest tape upload: a full tape (MAX_TAPE_BYTES, 8 MiB) is about 11 MiB of base64 plus up to
 * 3 MiB of file attributes. Parsing 16 MiB of JSON, decoding it and handing it to the Plex stays
 * well under a Worker's 128 MB.
 */
export const MAX_TAPE_BODY_BYTES = 16 * 1024 * 1024;

/** The body limit of a route, by its path: data routes take more than the rest. */
export function bodyLimitOf(path: string): number {
  if (/\/tapes\/[^/]+$/.test(path)) return MAX_TAPE_BODY_BYTES;
  if (/\/users\/[^/]+\/(punch|print)$/.test(path)) return MAX_DATA_BODY_BYTES;
  return MAX_BODY_BYTES;
}

/** Decodes a whole body (not a stream, so one decoder serves every request); bad UTF-8 throws. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Describes where zod found a problem: `dasd[2].cylinders: expected number`. */
function zodDetails(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((i) => ({
    path: i.path
      .map((p, k) => (typeof p === "number" ? `[${p}]` : k === 0 ? String(p) : `.${String(p)}`))
      .join(""),
    message: i.message,
  }));
}

/**
 * Reads the body as JSON whatever its Content-Type (curl -d sends form encoding), checks it
 * against `schema`, and hands it to the route as `c.req.valid("json")`. The OpenAPI document
 * takes the route's request body from the same schema (src/api/openapi.ts).
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const spec = {
    requestBody: { required: true, content: { "application/json": { schema: resolver(schema) } } },
    responses: errorResponses([400, 413]),
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app's Env: the middleware reads no bindings
  const validator = createMiddleware<any, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }>(
    async (c, next) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const limit = bodyLimitOf(c.req.path);
      if (bytes.byteLength > limit) throw bodyTooLarge(limit);
      let text: string;
      try {
        text = UTF8.decode(bytes);
      } catch {
        throw new ApiError(400, "BAD_JSON", "Request body is not UTF-8 text");
      }
      let value: unknown;
      try {
        value = text.trim() === "" ? {} : JSON.parse(text);
      } catch (e) {
        throw new ApiError(400, "BAD_JSON", `Request body is not valid JSON: ${(e as Error).message}`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const details = zodDetails(parsed.error.issues);
        const first = details[0];
        throw new ApiError(
          400,
          "BAD_REQUEST",
          `Invalid request body: ${first.path || "body"}: ${first.message}`,
          details,
        );
      }
      c.req.addValidatedData("json", parsed.data as object);
      await next();
    },
  );
  return documents(validator, spec);
}
