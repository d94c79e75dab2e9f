import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";

type TokenList = { tokens: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[] };

describe("a tenant's tokens (issue #10)", () => {
  it("makes a token shown once, lists tokens without them, and revokes one at once", async () => {
    const first = await newTenant();
    const made = await call("/v1/tokens", { token: first, body: { name: "ci pipeline" } });
    expect(made.status).toBe(201);
    const { id, name, token } = (await made.json()) as { id: string; name: string; token: string };
    expect(name).toBe("ci pipeline");
    expect(token).toMatch(/^cpx_[a-z0-9-]+_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect((await call("/v1/plexes", { token })).status).toBe(200);

    const list = (await (await call("/v1/tokens", { token: first })).json()) as TokenList;
    expect(list.tokens.map((t) => t.name)).toEqual(["first", "ci pipeline"]);
    expect(JSON.stringify(list)).not.toContain(token.slice(-43));
    expect(list.tokens.find((t) => t.id === id)?.lastUsedAt).toEqual(expect.any(String));

    expect((await call(`/v1/tokens/${id}`, { token: first, method: "DELETE" })).status).toBe(204);
    expect((await call("/v1/plexes", { token })).status).toBe(401);
    expect((await call("/v1/plexes", { token: first })).status).toBe(200);
    expect((await call(`/v1/tokens/${id}`, { token: first, method: "DELETE" })).status).toBe(404);
    expect((await call("/v1/tokens/not-an-id", { token: first, method: "DELETE" })).status).toBe(404);
  });

  it("keeps each tenant's tokens its own", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const { id } = (await (await call("/v1/tokens", { token: a, body: { name: "mine" } })).json()) as {
      id: string;
    };
    expect((await call(`/v1/tokens/${id}`, { token: b, method: "DELETE" })).status).toBe(404);
    const listB = (await (await call("/v1/tokens", { token: b })).json()) as TokenList;
    expect(listB.tokens.map((t) => t.id)).not.toContain(id);
  });

  it("refuses a bad name, no token, and the admin token", async () => {
    const a = await newTenant();
    for (const name of ["", "x".repeat(41), "bad\u0000name"])
      expect((await call("/v1/tokens", { token: a, body: { name } })).status).toBe(400);
    expect((await call("/v1/tokens", { body: { name: "x" } })).status).toBe(401);
    expect((await call("/v1/tokens", { token: "test-admin-token", body: { name: "x" } })).status).toBe(401);
  });
});
