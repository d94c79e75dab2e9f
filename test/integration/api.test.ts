import { describe, expect, it } from "vitest";
import { ADMIN, call, newTenant } from "./helpers";

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(JSON.stringify(body)).not.toMatch(/at \S+ \(|\.ts:\d+/); // no stack trace
  return body;
}

describe("health and tenants", () => {
  it("answers health without a token", async () => {
    const res = await call("/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: "0.1.0" });
  });

  it("creates a tenant with the admin token, once", async () => {
    const res = await call("/v1/tenants", { token: ADMIN, body: { name: "acme" } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { tenant: string; token: string };
    expect(body.tenant).toBe("acme");
    expect(body.token).toMatch(/^cpx_acme_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    await expectError(
      await call("/v1/tenants", { token: ADMIN, body: { name: "acme" } }),
      409,
      "TENANT_EXISTS",
    );
  });

  it("names a tenant itself when no name is given", async () => {
    const res = await call("/v1/tenants", { token: ADMIN, body: {} });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { tenant: string }).tenant).toMatch(/^t-[0-9a-f]{8}$/);
  });

  it("refuses tenant creation without the admin token, or with a tenant's token", async () => {
    await expectError(await call("/v1/tenants", { body: { name: "x1" } }), 401, "UNAUTHORIZED");
    await expectError(
      await call("/v1/tenants", { token: "nope", body: { name: "x1" } }),
      401,
      "UNAUTHORIZED",
    );
    const tenantToken = await newTenant();
    await expectError(
      await call("/v1/tenants", { token: tenantToken, body: { name: "x1" } }),
      401,
      "UNAUTHORIZED",
    );
  });

  it("refuses a bad tenant name with a clear message", async () => {
    const body = await expectError(
      await call("/v1/tenants", { token: ADMIN, body: { name: "Has Spaces" } }),
      400,
      "BAD_REQUEST",
    );
    expect(body.error.message).toContain("name");
  });
});

describe("bad input over HTTP", () => {
  const lintBody = { systemConfig: "System_Identifier 2964 %12345 SYSA\n" };

  it("answers 401 without a token and with a wrong one", async () => {
    await expectError(await call("/v1/lint", { body: lintBody }), 401, "UNAUTHORIZED");
    const good = await newTenant();
    const forged = good.slice(0, -4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expectError(await call("/v1/lint", { token: forged, body: lintBody }), 401, "UNAUTHORIZED");
    await expectError(
      await call("/v1/lint", { token: "cpx_nosuch_" + "A".repeat(43), body: lintBody }),
      401,
      "UNAUTHORIZED",
    );
    await expectError(await call("/v1/lint", { token: "garbage", body: lintBody }), 401, "UNAUTHORIZED");
  });

  it("answers 401 on every plex and system route without a token or with a forged one", async () => {
    const good = await newTenant();
    const forged = good.slice(0, -4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    const S = "/v1/plexes/p1/systems/SYSA";
    const U = `${S}/users/MAINT`;
    const routes: [string, string][] = [
      ["GET", "/v1/plexes"],
      ["POST", "/v1/plexes"],
      ["GET", "/v1/plexes/p1"],
      ["DELETE", "/v1/plexes/p1"],
      ["PUT", "/v1/plexes/p1/directory"],
      ["PUT", "/v1/plexes/p1/config"],
      ["GET", "/v1/plexes/p1/volumes/SHR001"],
      ["GET", "/v1/plexes/p1/tapes"],
      ["GET", "/v1/plexes/p1/tapes/T1"],
      ["PUT", "/v1/plexes/p1/tapes/T1"],
      ["DELETE", "/v1/plexes/p1/tapes/T1"],
      ["POST", `${S}/ipl`],
      ["POST", `${S}/shutdown`],
      ["POST", `${S}/fail`],
      ["GET", `${S}/hops`],
      ["POST", `${U}/logon`],
      ["POST", `${U}/cp`],
      ["GET", `${U}/console`],
      ["POST", `${U}/devices/0191/reserve`],
      ["POST", `${U}/devices/0191/release`],
      ["POST", `${U}/devices/0191/write`],
      ["POST", `${U}/devices/0191/read`],
      ["POST", `${U}/break-reserve`],
      ["POST", `${U}/punch`],
      ["POST", `${U}/print`],
      ["GET", `${U}/reader/0001`],
      ["POST", `${U}/reader/open`],
      ["POST", `${U}/tapes`],
    ];
    for (const [method, path] of routes)
      for (const token of [undefined, forged]) {
        const res = await call(path, {
          method,
          token,
          body: method === "GET" || method === "DELETE" ? undefined : {},
        });
        expect(res.status, `${method} ${path} ${token ? "forged" : "no token"}`).toBe(401);
      }
  });

  it("answers 413 for a 2 MiB body", async () => {
    const token = await newTenant();
    const big = JSON.stringify({ systemConfig: "/* " + "x".repeat(2 * 1024 * 1024) + " */" });
    await expectError(
      await call("/v1/lint", { token, raw: big, headers: { "Content-Type": "application/json" } }),
      413,
      "BODY_TOO_LARGE",
    );
  });

  it("answers 400 for invalid JSON and for binary garbage", async () => {
    const token = await newTenant();
    const bad = await expectError(
      await call("/v1/lint", {
        token,
        raw: '{"systemConfig": "x",',
        headers: { "Content-Type": "application/json" },
      }),
      400,
      "BAD_JSON",
    );
    expect(bad.error.message).toContain("not valid JSON");
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    await expectError(await call("/v1/lint", { token, raw: bytes }), 400, "BAD_JSON");
  });

  it("answers 400 naming the field when the body has the wrong shape", async () => {
    const token = await newTenant();
    const body = await expectError(
      await call("/v1/lint", { token, body: { systemConfig: 42 } }),
      400,
      "BAD_REQUEST",
    );
    expect(body.error.message).toContain("systemConfig");
    const dasd = await expectError(
      await call("/v1/lint", {
        token,
        body: { ...lintBody, dasd: [{ volser: "VOL001", cylinders: "many" }] },
      }),
      400,
      "BAD_REQUEST",
    );
    expect(dasd.error.message).toContain("dasd[0].cylinders");
  });

  it("takes JSON sent as curl -d sends it (form content type)", async () => {
    const token = await newTenant();
    const res = await call("/v1/lint", {
      token,
      raw: JSON.stringify(lintBody),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
  });

  it("reports an unterminated comment as a diagnostic with its line", async () => {
    const token = await newTenant();
    const res = await call("/v1/lint", {
      token,
      body: { systemConfig: "System_Identifier 2964 %12345 SYSA\n/* never closed\n" },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ok: boolean;
      diagnostics: { file: string; line: number; column: number; code: string }[];
    };
    expect(body.ok).toBe(false);
    expect(body.diagnostics).toContainEqual(
      expect.objectContaining({
        file: "SYSTEM CONFIG",
        line: 2,
        column: 1,
        code: "CFG-COMMENT",
        severity: "error",
      }),
    );
  });

  it("reports Slot 0 at its line and column", async () => {
    const token = await newTenant();
    const res = await call("/v1/lint", {
      token,
      body: { systemConfig: "System_Identifier 2964 %12345 SYSA\nXLINK_System_Include Slot 0 SYSA\n" },
    });
    const body = (await res.json()) as {
      ok: boolean;
      diagnostics: { line: number; column: number; message: string }[];
    };
    expect(body.ok).toBe(false);
    expect(body.diagnostics).toContainEqual(
      expect.objectContaining({ line: 2, column: 27, message: expect.stringContaining("Slot 0") }),
    );
  });

  it("reports a 9-character userid in the directory", async () => {
    const token = await newTenant();
    const directory = "DIRECTORY 0123 3390 RES001\nUSER TOOLONGID PASS 32M 64M G\n";
    const res = await call("/v1/lint", { token, body: { ...lintBody, directory } });
    const body = (await res.json()) as {
      ok: boolean;
      diagnostics: { file: string; line: number; severity: string; message: string }[];
    };
    expect(body.ok).toBe(false);
    expect(body.diagnostics).toContainEqual(
      expect.objectContaining({
        file: "USER DIRECT",
        line: 2,
        severity: "error",
        message: expect.stringContaining("TOOLONGID"),
      }),
    );
  });

  it("answers 404 in the envelope for an unknown route", async () => {
    await expectError(await call("/v1/nothing"), 404, "NOT_FOUND");
  });
});
