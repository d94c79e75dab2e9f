import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseToken, tokenKey, tokenMac } from "../../src/api/auth";
import { TAPE_FORMAT } from "../../src/spool/spxtape";
import {
  answerOf,
  expectSafe,
  inProcess,
  objectCounts,
  storageSnapshot,
  storedObjects,
  tenantOf,
} from "./attack-helpers";
import { ADMIN, call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";

/**
 * The attack suite, tenancy and tokens (issue #10): another tenant's plex by name, case,
 * URL-encoding, `..` and very long names; invented tokens of the right shape; the admin token on
 * tenant routes and tenant tokens on admin routes. Never a 5xx, never another tenant's data, and
 * invented tokens leave the storage exactly as it was (every object, every row).
 */

/** A's markers: none of them may appear in any answer to B or to an invented token. */
const SECRET_USER = "ZZSECRET";
const SECRET_RECORD = "A-SECRET-RECORD-7f3a";

/** Tenant A, with the plex "alpha" up and holding data; tenant B, with its own plex "beta". */
let A: { token: string; tenant: string; secrets: string[] };
let B: { token: string; tenant: string };

/** Every route of a plex, with a body the validator accepts, so what answers is the plex lookup. */
function plexRoutes(plex: string): [method: string, path: string, body?: unknown][] {
  const p = `/v1/plexes/${plex}`;
  const u = `${p}/systems/SYSA/users/MAINT`;
  return [
    ["GET", p],
    ["DELETE", p],
    ["PUT", `${p}/directory`, { directory: smallPlex(plex).directory }],
    ["PUT", `${p}/config`, { systemConfig: smallPlex(plex).systemConfig }],
    ["GET", `${p}/tapes`],
    ["GET", `${p}/tapes/T1`],
    ["PUT", `${p}/tapes/T9`, { format: TAPE_FORMAT, files: [] }],
    ["DELETE", `${p}/tapes/T1`],
    ["GET", `${p}/volumes/SHR001`],
    ["POST", `${p}/systems/SYSA/ipl`, {}],
    ["POST", `${p}/systems/SYSA/shutdown`],
    ["POST", `${p}/systems/SYSA/fail`],
    ["GET", `${p}/systems/SYSA/hops?volume=SHR001`],
    ["POST", `${u}/logon`, { password: "MAINTPW" }],
    ["POST", `${u}/cp`, { command: "QUERY NAMES" }],
    ["GET", `${u}/console`],
    ["POST", `${u}/devices/0191/reserve`, {}],
    ["POST", `${u}/devices/0191/release`, {}],
    ["POST", `${u}/devices/0191/write`, { records: [{ n: 1, data: "x" }] }],
    ["POST", `${u}/devices/0191/read`, {}],
    ["POST", `${u}/break-reserve`, { rdev: "0500" }],
    ["POST", `${u}/punch`, { records: ["x"] }],
    ["POST", `${u}/print`, { records: ["x"] }],
    ["GET", `${u}/reader/0001`],
    ["POST", `${u}/reader/open`, {}],
    ["POST", `${u}/tapes`, { vdev: "181", volser: "T1" }],
  ];
}

/** How a tenant might spell another tenant's plex "alpha" in a path. */
function spellings(tenantA: string): string[] {
  const long = (n: number) => "alpha".padEnd(n, "a");
  return [
    "alpha",
    "ALPHA",
    "Alpha",
    "%61lpha",
    "%41LPHA",
    "%2561lpha",
    "alpha%20",
    "%20alpha",
    "alpha%00",
    "alpha%09",
    "alpha.",
    ".alpha",
    "alpha;",
    "alpha%3B",
    "alpha%2F",
    "alpha%2f..",
    "..%2Falpha",
    "%2E%2E%2Falpha",
    `..%2F..%2F${tenantA}%2Falpha`,
    `${tenantA}%2Falpha`,
    `${tenantA}%5Calpha`,
    `${tenantA}:alpha`,
    encodeURIComponent(`${tenantA}/alpha`),
    "%D0%B0lpha", // a Cyrillic "а"
    "alph%C3%A1",
    "%E2%80%AEahpla", // a right-to-left override
    long(32),
    long(33),
    long(1000),
    long(70_000),
  ];
}

beforeAll(async () => {
  const token = await newTenant();
  const tenant = tenantOf(token);
  const plex = smallPlex("alpha", `USER ${SECRET_USER} SECRETPW 32M 64M G`);
  expect((await call("/v1/plexes", { token, body: plex })).status).toBe(201);
  const a = (path: string, body: unknown) => call(`/v1/plexes/alpha${path}`, { token, body });
  expect((await a("/systems/SYSA/ipl", {})).status).toBe(200);
  expect((await a("/systems/SYSA/users/MAINT/logon", { password: "MAINTPW" })).status).toBe(200);
  expect((await a("/systems/SYSA/users/MAINT/cp", { command: "SPOOL PUNCH * RDR" })).status).toBe(200);
  expect((await a("/systems/SYSA/users/MAINT/punch", { records: [SECRET_RECORD] })).status).toBe(200);
  expect((await a("/systems/SYSA/users/MAINT/tapes", { vdev: "181", volser: "T1" })).status).toBe(200);
  expect((await a("/systems/SYSA/users/MAINT/cp", { command: "SPXTAPE DUMP 181 SPOOL ALL" })).status).toBe(
    200,
  );
  A = { token, tenant, secrets: [tenant, SECRET_USER, SECRET_RECORD, btoa(SECRET_RECORD).slice(0, 12)] };

  const tokenB = await newTenant();
  expect((await call("/v1/plexes", { token: tokenB, body: smallPlex("beta") })).status).toBe(201);
  B = { token: tokenB, tenant: tenantOf(tokenB) };
  // Each token's first use notes when it was used: done here, so the storage stays still from now on.
  expect((await call("/v1/plexes", { token: B.token })).status).toBe(200);
  expect((await call("/v1/plexes", { token: A.token })).status).toBe(200);
});

/** A's plex as A sees it: the topology, MAINT's reader file, the tape. */
async function aView() {
  const get = async (path: string) => (await answerOf(await call(path, { token: A.token }))).json;
  return {
    topology: await get("/v1/plexes/alpha"),
    list: await get("/v1/plexes"),
    file: await get("/v1/plexes/alpha/systems/SYSA/users/MAINT/reader/0001"),
    tape: await get("/v1/plexes/alpha/tapes/T1"),
  };
}

describe("another tenant's plex", () => {
  it("is 404 to B on every route, under every spelling of its name, and nothing changes anywhere", async () => {
    const before = await storageSnapshot();
    const viewBefore = await aView();
    // A's own view holds the secrets (so their absence from B's answers means something).
    expect(JSON.stringify(viewBefore)).toContain(SECRET_RECORD);
    let n = 0;
    for (const name of spellings(A.tenant))
      for (const [method, path, body] of plexRoutes(name)) {
        const what = `${method} ${path.slice(0, 80)}`;
        const a = await answerOf(await call(path, { token: B.token, method, body }));
        expectSafe(a, what, A.secrets, path);
        expect(a.status, what).toBe(404);
        n++;
      }
    expect(n).toBeGreaterThan(700);
    // Nothing was made, changed or removed: not A's objects, not B's, and no object for a made-up name.
    expect(await storageSnapshot()).toEqual(before);
    expect(await aView()).toEqual(viewBefore);
  });

  it("reaches only B's own plex when B names its own, whatever the path tries on the way", async () => {
    const before = await storageSnapshot();
    const b = `/v1/plexes/beta`;
    const paths = [
      `${b}/systems/..%2F..%2F${A.tenant}%2Falpha%2FSYSA/users/MAINT/console`,
      `${b}/systems/SYSA%2F..%2F..%2F${A.tenant}/users/MAINT/console`,
      `${b}/systems/SYSA/users/MAINT%2F..%2F..%2F/console`,
      `${b}/systems/SYSA/users/${SECRET_USER}/console`,
      `${b}/volumes/SHR001%2F..%2F..%2F${A.tenant}`,
      `${b}/volumes/${A.tenant}`,
      `${b}/tapes/T1%2F..`,
      `${b}/tapes/T1`,
      `${b}/systems/SYSA/users/MAINT/reader/0001`,
      `/v1/plexes/beta/../alpha`,
      `/v1/plexes/beta/%2e%2e/alpha`,
      `/v1/plexes/beta/systems/%2e%2e/%2e%2e/alpha`,
    ];
    for (const path of paths) {
      const a = await answerOf(await call(path, { token: B.token }));
      expectSafe(a, path, A.secrets, path);
      expect(a.status, path).toBeGreaterThanOrEqual(400);
    }
    // The volume of the hops route is looked up in B's plex only: a made-up one is no hop.
    for (const v of [`..%2F${A.tenant}`, "SHR001%2F..%2F..", "%2E%2E"]) {
      const a = await answerOf(await call(`${b}/systems/SYSA/hops?volume=${v}`, { token: B.token }));
      expect(a.json, v).toEqual({ ok: false });
    }
    expect(await storageSnapshot()).toEqual(before);
  });

  it("of the same name is a separate plex: B's 'alpha' holds none of A's data, and A's stays as it was", async () => {
    const viewBefore = await aView();
    const created = await answerOf(await call("/v1/plexes", { token: B.token, body: smallPlex("ALPHA") }));
    expectSafe(created, "create", A.secrets);
    expect(created.status).toBe(201);
    const bPath = (s: string) => `/v1/plexes/alpha${s}`;
    const post = async (s: string, body: unknown) => answerOf(await call(bPath(s), { token: B.token, body }));
    expect((await post("/systems/SYSA/ipl", {})).status).toBe(200);
    expect((await post("/systems/SYSA/users/MAINT/logon", { password: "MAINTPW" })).status).toBe(200);
    for (const a of [
      await post("/systems/SYSA/users/MAINT/cp", { command: "QUERY READER * ALL" }),
      await post("/systems/SYSA/users/MAINT/cp", { command: "QUERY NAMES" }),
      await post("/systems/SYSA/users/MAINT/reader/open", {}),
      await answerOf(await call(bPath("/systems/SYSA/users/MAINT/reader/0001"), { token: B.token })),
      await answerOf(await call(bPath("/tapes"), { token: B.token })),
      await answerOf(await call(bPath("/tapes/T1"), { token: B.token })),
      await answerOf(await call(bPath(""), { token: B.token })),
      await answerOf(await call("/v1/plexes", { token: B.token })),
    ])
      expectSafe(a, "B's alpha", A.secrets);
    // A user only A's directory has is, to B, the same as a user nobody has.
    const nobody = "ZZNOBODY";
    for (const command of [
      "QUERY USERID {}",
      "QUERY USERID {} AT ALL",
      "MSG {} hello",
      "LINK {} 0191 0391 RR",
      "XAUTOLOG {}",
      "SPOOL PUNCH TO {}",
    ]) {
      const as = async (who: string) =>
        (await post("/systems/SYSA/users/MAINT/cp", { command: command.replace("{}", who) })).text.replaceAll(
          who,
          "<who>",
        );
      expect(await as(SECRET_USER), command).toBe(await as(nobody));
    }
    expect(
      (await answerOf(await call(bPath(`/systems/SYSA/users/${SECRET_USER}/console`), { token: B.token })))
        .json,
    ).toEqual({ error: { code: "NOT_FOUND", message: `${SECRET_USER} is not in the directory of SYSA` } });
    // B's deleting its own "alpha" leaves A's alone.
    expect((await call(bPath(""), { token: B.token, method: "DELETE" })).status).toBe(204);
    expect(await aView()).toEqual(viewBefore);
  });
});

// ---------- tokens ----------

const hex16 = fc.stringMatching(/^[0-9a-f]{16}$/);
const mac43 = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const tenantName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,31}$/);

/** A key that is not the Worker's: tokens it signs have the right form and a wrong secret. */
const wrongKey = tokenKey({ TOKEN_SECRET: "not-the-worker-secret" })!;

/**
 * Invented tokens of the current form: the right shape for made-up and real tenants, with wrong
 * secrets, and near misses. (The form before MACs is `legacyToken`.)
 */
function inventedToken(): fc.Arbitrary<string> {
  const real = fc.constantFrom(A.tenant, B.tenant);
  const [, aTenant, aId, aMac] = A.token.split("_");
  return fc
    .oneof(
      // Right shape, made-up tenant.
      fc.tuple(tenantName, hex16, mac43).map(([t, id, mac]) => `cpx_${t}_${id}_${mac}`),
      // Right shape, real tenant, made-up id and MAC.
      fc.tuple(real, hex16, mac43).map(([t, id, mac]) => `cpx_${t}_${id}_${mac}`),
      // A's real id with another MAC, A's real MAC with another id, A's id and MAC under B's name.
      mac43.map((mac) => `cpx_${aTenant}_${aId}_${mac}`),
      hex16.map((id) => `cpx_${aTenant}_${id}_${aMac}`),
      fc.constant(`cpx_${B.tenant}_${aId}_${aMac}`),
      // A's token with one character changed.
      fc.tuple(fc.nat(A.token.length - 5), fc.constantFrom("A", "z", "0", "-", "_")).map(([i, ch]) => {
        const at = 4 + i;
        const t = A.token.slice(0, at) + ch + A.token.slice(at + 1);
        return t === A.token ? `${t}x` : t;
      }),
      // Near misses of a real token's shape: case, padding, extra parts, other prefixes.
      fc.constantFrom(
        A.token.toUpperCase(),
        A.token.replace(/^cpx_/, "CPX_"),
        A.token.replace(/^cpx_/, "cpy_"),
        `${A.token}_`,
        `${A.token}A`,
        A.token.slice(0, -1),
        `cpx_${aTenant}__${aId}_${aMac}`,
        `cpx__${aId}_${aMac}`,
        `cpx_${aTenant}_${aId.toUpperCase()}_${aMac}`,
        `cpx_${aTenant}_${aId}_${aMac.slice(0, 42)}B`,
        `cpx_${aTenant}_${aId}_${aMac}=`,
        `cpx_${aTenant}/x_${aId}_${aMac}`,
        `${ADMIN}x`,
        ADMIN.toUpperCase(),
        "cpx_",
        "x".repeat(10_000),
      ),
      // A one-character change can turn a token into the legacy form (a `-` for the `_` after the
      // tenant makes `cpx_<tenant>-<id>_<mac>`): those are `legacyToken`'s, whose bug is below.
    )
    .filter((t) => parseToken(t)?.kind !== "legacy");
}

/** Tokens of the form before MACs (`cpx_<tenant>_<43 chars>`) for real and made-up tenants. */
function legacyToken(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.oneof(fc.constantFrom(A.tenant, B.tenant), tenantName), mac43)
    .map(([t, secret]) => `cpx_${t}_${secret}`);
}

/** Routes an invented token is tried on: reads, writes that would create objects, and A's things. */
function tokenTargets(): [string, string, unknown?][] {
  const aId = A.token.split("_")[2];
  return [
    ["GET", "/v1/plexes"],
    ["POST", "/v1/plexes", smallPlex("evil")],
    ["POST", "/v1/lint", { systemConfig: "x" }],
    ["GET", "/v1/tokens"],
    ["POST", "/v1/tokens", { name: "evil" }],
    ["DELETE", `/v1/tokens/${aId}`],
    ["GET", "/v1/plexes/alpha"],
    ["DELETE", "/v1/plexes/alpha"],
    ["POST", "/v1/plexes/alpha/systems/SYSA/users/MAINT/cp", { command: "QUERY NAMES" }],
    ["POST", "/v1/plexes/alpha/systems/SYSB/ipl", {}],
    ["POST", "/v1/plexes/alpha/systems/SYSA/users/MAINT/punch", { records: ["x"] }],
    ["GET", "/v1/plexes/alpha/tapes/T1"],
    ["POST", "/v1/tenants", { name: "evil-tenant" }],
  ];
}

describe("invented tokens", () => {
  it("are 401 on every route and leave the storage as it was: not one object or row more", async () => {
    const before = await storageSnapshot();
    const objects = await storedObjects();
    const targets = tokenTargets();
    let i = 0;
    await fc.assert(
      fc.asyncProperty(inventedToken(), async (token) => {
        const [method, path, body] = targets[i++ % targets.length];
        const what = `${method} ${path} with ${token.slice(0, 80)}`;
        const a = await answerOf(await call(path, { token, method, body }));
        expectSafe(a, what, A.secrets);
        expect(a.status, what).toBe(401);
      }),
      { numRuns: 2000, seed: 10_001 },
    );
    expect(await storedObjects()).toEqual(objects);
    expect(await storageSnapshot()).toEqual(before);
  });

  it("of the form before MACs are 401 and change no row", async () => {
    const before = await storageSnapshot();
    const targets = tokenTargets();
    let i = 0;
    await fc.assert(
      fc.asyncProperty(legacyToken(), async (token) => {
        const [method, path, body] = targets[i++ % targets.length];
        const a = await answerOf(await call(path, { token, method, body }));
        expectSafe(a, `${method} ${path} with ${token}`, A.secrets);
        expect(a.status, `${method} ${path} with ${token}`).toBe(401);
      }),
      { numRuns: 100, seed: 10_002 },
    );
    expect(await storageSnapshot()).toEqual(before);
  });

  // A token of the form before MACs, `cpx_<tenant>_<43 chars>`, cannot be checked by the Worker
  // alone: it is checked only for a tenant the Registry lists, so a made-up name makes no object.
  it("of the form before MACs, for made-up tenants, store no object (the Registry is asked first)", async () => {
    const before = await storedObjects();
    for (let i = 0; i < 50; i++) {
      const token = `cpx_made-up-${i}_${"A".repeat(43)}`;
      expect((await call("/v1/plexes", { token })).status).toBe(401);
    }
    expect((await storedObjects()).TENANT.length).toBe(before.TENANT.length);
  });

  it("signed with another key, or well signed for an id never issued, are 401 and write nothing", async () => {
    const before = await storageSnapshot();
    const key = (await tokenKey({ ADMIN_TOKEN: ADMIN }))!;
    const tokens: string[] = [];
    for (const tenant of [A.tenant, B.tenant, "made-up-tenant", "zz"]) {
      const id = "0123456789abcdef";
      tokens.push(`cpx_${tenant}_${id}_${await tokenMac(await wrongKey, tenant, id)}`);
      // Only a holder of the key can make these: the Tenant is asked and finds no such id.
      if (tenant === A.tenant || tenant === B.tenant)
        tokens.push(`cpx_${tenant}_${id}_${await tokenMac(key, tenant, id)}`);
    }
    for (const token of tokens)
      for (const [method, path, body] of tokenTargets()) {
        const a = await answerOf(await call(path, { token, method, body }));
        expectSafe(a, `${method} ${path}`, A.secrets);
        expect(a.status, `${method} ${path} ${token}`).toBe(401);
      }
    expect(await storageSnapshot()).toEqual(before);
  });

  it("are refused in every place but the Authorization header's Bearer", async () => {
    const before = await storageSnapshot();
    const attempts: [string, Record<string, string>][] = [
      [`/v1/plexes?token=${A.token}`, {}],
      [`/v1/plexes?access_token=${A.token}`, {}],
      ["/v1/plexes", { Authorization: A.token }],
      ["/v1/plexes", { Authorization: `Basic ${btoa(`${A.tenant}:${A.token}`)}` }],
      ["/v1/plexes", { Authorization: `Token ${A.token}` }],
      ["/v1/plexes", { Authorization: `Bearer ${A.token} ${A.token}` }],
      ["/v1/plexes", { Authorization: `Bearer ${A.token},${B.token}` }],
      ["/v1/plexes", { Authorization: `Bearer` }],
      ["/v1/plexes", { Authorization: `Bearer ` }],
      ["/v1/plexes", { "X-Authorization": `Bearer ${A.token}` }],
      ["/v1/plexes", { Cookie: `token=${A.token}` }],
      ["/v1/plexes", { Authorization: `Bearer ${"%C3%A9".repeat(10)}` }],
    ];
    for (const [path, headers] of attempts) {
      const a = await answerOf(await call(path, { headers }));
      expectSafe(a, `${path} ${JSON.stringify(headers).slice(0, 60)}`, A.secrets);
      expect(a.status, JSON.stringify(headers)).toBe(401);
    }
    // Case and spaces around a valid token are the header's syntax, not the token's: those work.
    for (const header of [`bearer ${A.token}`, `Bearer   ${A.token}  `])
      expect((await call("/v1/plexes", { headers: { Authorization: header } })).status).toBe(200);
    expect(await storageSnapshot()).toEqual(before);
  });
});

// ---------- the admin token and tenant tokens out of place ----------

describe("the admin token on tenant routes", () => {
  it("is 401 on every tenant route, and changes nothing", async () => {
    const before = await storageSnapshot();
    const routes: [string, string, unknown?][] = [
      ["GET", "/v1/plexes"],
      ["POST", "/v1/plexes", smallPlex("admins")],
      ["POST", "/v1/lint", { systemConfig: "x" }],
      ["GET", "/v1/tokens"],
      ["POST", "/v1/tokens", { name: "admin" }],
      ["DELETE", `/v1/tokens/${A.token.split("_")[2]}`],
      ...plexRoutes("alpha"),
    ];
    for (const [method, path, body] of routes) {
      const a = await answerOf(await call(path, { token: ADMIN, method, body }));
      expectSafe(a, `${method} ${path}`, A.secrets);
      expect(a.status, `${method} ${path}`).toBe(401);
    }
    expect(await storageSnapshot()).toEqual(before);
  });
});

/**
 * Admin routes with tenant tokens: POST /v1/tenants, and those issue #10 added (GET /v1/tenants and
 * /v1/tenants/:name, DELETE and PATCH /v1/tenants/:name, POST /v1/tenants/:name/tokens), beside
 * GET /v1/usage (a tenant's own route). Written while those were being built: a route that is not
 * there answers 404 "No route"; one that is must answer 401 to a tenant token and change nothing.
 * Add an admin route here when one lands.
 */
describe("tenant tokens on admin routes (extend with #10's admin routes)", () => {
  /** True when the answer says the route does not exist at all (not "no such tenant"). */
  const noRoute = (a: Answer) =>
    a.status === 404 &&
    ((a.json as { error: { message: string } }).error.message ?? "").startsWith("No route");
  type Answer = Awaited<ReturnType<typeof answerOf>>;

  it("POST /v1/tenants with a tenant token is 401 and makes no tenant", async () => {
    const before = await storageSnapshot();
    for (const token of [A.token, B.token, `cpx_${A.tenant}_0000000000000000_${"A".repeat(43)}`]) {
      for (const body of [{ name: "evil-admin" }, {}, { name: A.tenant }]) {
        const a = await answerOf(await call("/v1/tenants", { token, body }));
        expectSafe(a, "POST /v1/tenants", A.secrets);
        expect(a.status).toBe(401);
      }
    }
    expect((await call("/v1/tenants", { body: { name: "evil-admin" } })).status).toBe(401);
    expect(await storageSnapshot()).toEqual(before);
  });

  it("the admin routes of #10 refuse tenant tokens (401 once they exist), and A keeps its tenant, token and plex", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/v1/tenants"],
      ["GET", `/v1/tenants?after=${A.tenant.slice(0, 2)}`],
      ["DELETE", `/v1/tenants/${A.tenant}`],
      ["DELETE", `/v1/tenants/${B.tenant}`],
      ["PATCH", `/v1/tenants/${A.tenant}`, { limits: { plexes: 1000, requestsPerSecond: 10_000 } }],
      ["PATCH", `/v1/tenants/${B.tenant}`, { limits: { plexes: 0 } }],
      ["GET", `/v1/tenants/${A.tenant}`],
      ["POST", `/v1/tenants/${A.tenant}/tokens`, { name: "stolen" }],
      ["POST", `/v1/tenants/${B.tenant}/tokens`, {}],
    ];
    const viewBefore = await aView();
    const before = await storageSnapshot();
    for (const token of [A.token, B.token])
      for (const [method, path, body] of routes) {
        const a = await answerOf(await call(path, { token, method, body }));
        expectSafe(a, `${method} ${path}`, token === A.token ? [] : A.secrets, path);
        if (!noRoute(a)) expect(a.status, `${method} ${path}`).toBe(401);
      }
    // GET /v1/usage is a tenant's own: the admin token is not a tenant's, and B sees nothing of A.
    const adminUsage = await answerOf(await call("/v1/usage", { token: ADMIN }));
    expectSafe(adminUsage, "GET /v1/usage as admin", A.secrets);
    if (!noRoute(adminUsage)) expect(adminUsage.status).toBe(401);
    expectSafe(await answerOf(await call("/v1/usage", { token: B.token })), "GET /v1/usage as B", A.secrets);
    expect(await storageSnapshot()).toEqual(before);
    expect((await call("/v1/plexes", { token: A.token })).status).toBe(200);
    expect(await aView()).toEqual(viewBefore);
  });
});

// The bulk of the token attacks above use the Worker's fetch (`call`); this checks the in-process app
// the body suite uses answers the same, so the suites agree on what they test.
describe("the in-process app", () => {
  it("answers as the Worker does", async () => {
    for (const token of [A.token, ADMIN, "cpx_nope"]) {
      const viaWorker = await answerOf(await call("/v1/plexes", { token }));
      const inside = await answerOf(await inProcess("/v1/plexes", { token }));
      expect(inside.status).toBe(viaWorker.status);
      expect(inside.json).toEqual(viaWorker.json);
    }
  });
});
