import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { ApiError, bodyTooLarge } from "./errors";

/** Largest request body the API reads. */
export const MAX_BODY_BYTES = 1024 * 1024;

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
 * against `schema`, and hands it to the route as `c.req.valid("json")`.
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app's Env: the middleware reads no bindings
  return createMiddleware<any, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }>(
    async (c, next) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > MAX_BODY_BYTES) throw bodyTooLarge();
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
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
}
