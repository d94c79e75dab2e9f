import { validate } from "@hyperjump/json-schema/openapi-3-1";
import { describe, expect, it } from "vitest";
import app from "../../src/index";
import { call } from "./helpers";

type Operation = { summary?: string; responses?: Record<string, unknown>; security?: unknown[] };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Hono's path (`/v1/plexes/:plex`) as OpenAPI writes it (`/v1/plexes/{plex}`). */
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, "{$1}");

async function document(): Promise<Document> {
  const res = await call("/v1/openapi.json");
  expect(res.status).toBe(200);
  return (await res.json()) as Document;
}

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = await document();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const output = await validate("https://spec.openapis.org/oas/3.1/schema-base", doc as never);
    expect(output.valid, JSON.stringify("errors" in output ? output.errors?.slice(0, 5) : [])).toBe(true);
  });

  it("documents every route of the app, with a summary, its success and its error statuses", async () => {
    const doc = await document();
    // The routes come from the app itself, so one added without doc() fails here.
    const routes = app.routes.filter((r) => r.method !== "ALL");
    expect(routes.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()];
      if (!op?.summary) missing.push(`${r.method} ${r.path}`);
      else {
        const statuses = Object.keys(op.responses ?? {});
        expect(statuses, `${r.method} ${r.path}`).toContain("500");
        // A route that needs a token answers 401 without one, and says so.
        if (op.security?.length !== 0) expect(statuses, `${r.method} ${r.path}`).toContain("401");
      }
    }
    expect(missing, "routes without doc({...})").toEqual([]);
  });

  it("gives each guarded route the token check's 401 and 429, and each body route the validator's 400 and 413", async () => {
    const doc = await document();
    const create = doc.paths["/v1/plexes"].post;
    expect(Object.keys(create.responses!)).toEqual(
      expect.arrayContaining(["201", "400", "401", "413", "429"]),
    );
    const cp = doc.paths["/v1/plexes/{plex}/systems/{sys}/users/{userid}/cp"].post as Operation & {
      requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
    };
    expect(cp.requestBody!.content["application/json"].schema.properties).toHaveProperty("command");
    expect(doc.paths["/v1/health"].get.security).toEqual([]);
    // The answers clients read most are described, by name.
    const ok = (path: string, method: string) =>
      JSON.stringify((doc.paths[path][method].responses as Record<string, unknown>)["200"]);
    expect(ok("/v1/plexes/{plex}/systems/{sys}/users/{userid}/cp", "post")).toContain(
      "#/components/schemas/CpAnswer",
    );
    expect(ok("/v1/lint", "post")).toContain("#/components/schemas/LintAnswer");
    const schemas = (doc as unknown as { components: { schemas: Record<string, unknown> } }).components
      .schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(["Error", "CpAnswer", "StateAnswer", "ConsolePage", "Diagnostic", "LintAnswer"]),
    );
  });

  it("serves a reference page built from the document, with nothing from elsewhere", async () => {
    const res = await call("/v1/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("/v1/plexes/{plex}/systems/{sys}/users/{userid}/cp");
    expect(html).not.toMatch(/<script|https?:\/\/(?!spec\.openapis)/);
  });
});
