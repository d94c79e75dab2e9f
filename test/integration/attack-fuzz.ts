import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { TAPE_FORMAT } from "../../src/spool/spxtape";
import { answerOf, expectSafe, inProcess, raiseLimits, tenantOf } from "./attack-helpers";
import { ADMIN, call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";

/**
 * The attack suite's random bodies and paths (issue #10), shared by attack-bodies.test.ts (tenant,
 * token, lint and plex routes, and random paths) and attack-bodies-systems.test.ts (system and user
 * routes): two files, so the two halves run in parallel. `fuzzSuite(part)` defines one half's tests.
 *
 * 10,000 random bodies per route that reads one (fast-check), 10,000 random paths and queries over
 * the routes that read none, and JSON nested 10,000 deep and more on every body route. Never a 5xx;
 * every error is the envelope; nothing of another tenant in any answer; each route answers only
 * the statuses it documents.
 *
 * The random requests go to the app in this isolate (`inProcess`): a refused body costs about 0.1 ms
 * there against 0.3 ms through the Worker's fetch, so 10,000 per route fit in a few seconds each.
 */

const RUNS = 10_000;

/** A second tenant's markers: none may appear in any answer to the fuzzing tenant. */
const OTHER_RECORD = "OTHER-TENANT-RECORD-91c2";
let secrets: string[] = [];

/** The fuzzing tenant and its plexes: "fz" (routes of systems and users), "fzc" (directory and config). */
let T: string;
const FZ = "/v1/plexes/fz";
const SYS = `${FZ}/systems/SYSA`;

/** Logs a user on again after a random command or body logged it off, so the next bodies reach it. */
async function logon(user: string, password: string): Promise<void> {
  await inProcess(`${SYS}/users/${user}/logon`, { token: T, raw: JSON.stringify({ password }) });
}

// ---------- generators ----------

/** Values of the wrong kind for any field: other JSON types, extremes, odd strings. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    -0,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    "",
    " ",
    "\u0000",
    "\u202E",
    "\uFEFF",
    "\uD800",
    "😀",
    "x".repeat(300),
    [],
    {},
    [null],
    { __proto__: { polluted: true } },
  ),
  fc.string({ unit: "binary", maxLength: 12 }),
);

/** A field: mostly what the route takes, sometimes near it, sometimes junk. */
const field = (good: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 5, arbitrary: good }, { weight: 2, arbitrary: junk });

/** Words a CP command line is made of. */
const cpWord = fc.oneof(
  fc.constantFrom(
    ...["Q", "QUERY", "NAMES", "USERS", "TIME", "CPLEVEL", "DASD", "LINKS", "VIRTUAL", "READER", "PRINTER"],
    ...[
      "PUNCH",
      "ALL",
      "*",
      "AT",
      "SYSA",
      "SYSB",
      "MSG",
      "MSGNOH",
      "SMSG",
      "WARNING",
      "SET",
      "LINK",
      "DETACH",
    ],
    ...["ATTACH", "XLINK", "FORMAT", "CHECK", "DISPLAY", "RESET", "SPOOL", "CLOSE", "PURGE", "CHANGE"],
    ...["TRANSFER", "ORDER", "TO", "CLASS", "HOLD", "KEEP", "CONT", "NAME", "RR", "MR", "W", "M", "0191"],
    ...["0300", "0200", "SHR001", "OPEN01", "MAINT", "OWNER", "U02", "U03", "OPERATOR", "SYSTEM", "VARY"],
    ...["OFFLINE", "ONLINE", "XAUTOLOG", "LOGOFF", "DISCONNECT", "FORCE", "USERID", "SPXTAPE", "DUMP"],
  ),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)),
);
const cpCommand = fc.array(cpWord, { minLength: 0, maxLength: 7 }).map((w) => w.join(" "));

const printable = fc.string({ maxLength: 10 });
const volser = fc.oneof(fc.constantFrom("SHR001", "OPEN01", "RESA", "RACFD1", "T1", "NOVOL"), printable);
const vdev = fc.oneof(fc.constantFrom("0191", "191", "0200", "181", "0500", "FFFF", "0"), printable);
/** A one-system plex: it lints in a fifth of a millisecond, so thousands of valid bodies stay cheap. */
const TINY = {
  systemConfig: "System_Identifier 2964 %11111 SYSA\nCP_Owned Slot 1 &SYSRES\n",
  directory:
    "DIRECTORY 0123 3390 RESA\nUSER MAINT MAINTPW 128M 1G ABCDEFG\nUSER U01 PW 32M 64M G\n  MDISK 0191 3390 10 10 VOL001 MR\n",
  dasd: [{ volser: "RESA", ipl: ["SYSA"] }],
};
const smallConfig = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(TINY.systemConfig, { "SYSTEM CONFIG": TINY.systemConfig }) },
  fc.constant(smallPlex("x").systemConfig),
  fc.constantFrom(
    "System_Identifier 2964 %11111 SYSA\n",
    "Frobnicate\n",
    "Imbed NOFILE\n",
    "/* unclosed",
    "XLINK_System_Include Slot 1 SYSA\nXLINK_Volume_Include *\n",
  ),
  fc.dictionary(fc.constantFrom("SYSTEM CONFIG", "SYSA CPOWNED", "X", ""), fc.string({ maxLength: 40 }), {
    maxKeys: 3,
  }),
  printable,
);
const smallDirectory = fc.oneof(
  { weight: 4, arbitrary: fc.constant(TINY.directory) },
  fc.constant(smallPlex("x").directory),
  fc.constantFrom(
    "USER A B 1M 1M G\n",
    "USER MAINT X 1M 1M G\n  MDISK 0191 3390 0 10 SHR001 MR\n",
    "DIRECTORY 0123 3390 RESA\nUSER A B 1M 1M G\n",
    "  MDISK 0191 3390 0 10 X MR\n",
  ),
  printable,
);
const dasdEntry = fc.record(
  {
    volser: field(volser),
    devtype: field(fc.constantFrom("3390-9", "3390-3", "3390", "9345", "")),
    cylinders: field(fc.integer({ min: -5, max: 70_000 })),
    rdev: field(vdev),
    allocation: field(
      fc.array(
        fc.record({
          type: field(fc.constantFrom("PERM", "DRCT", "PAGE", "SPOL", "TDSK")),
          start: field(fc.integer({ min: -1, max: 20_000 })),
          end: field(fc.integer({ min: -1, max: 20_000 })),
        }),
        { maxLength: 3 },
      ),
    ),
    ipl: field(fc.array(fc.constantFrom("SYSA", "SYSB", "X", ""), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const dasd = fc.oneof(fc.array(dasdEntry, { maxLength: 4 }), fc.constant(TINY.dasd));
const base64 = fc.uint8Array({ maxLength: 12 }).map((b) => btoa(String.fromCharCode(...b)));
const tapeFile = fc.record(
  {
    spoolid: field(fc.constantFrom("0001", "0002", "9999", "0000", "1", "ABCD")),
    origin: field(fc.constantFrom("SYSA", "SYSB", "NOSYS", "toolongname")),
    from: field(fc.constantFrom("U03", "MAINT", "NOBODY")),
    owner: field(fc.constantFrom("U03", "MAINT", "NOBODY", "")),
    queue: field(fc.constantFrom("RDR", "PRT", "PUN", "XXX")),
    made: field(fc.constantFrom("PUN", "PRT", "RDR")),
    cls: field(fc.constantFrom("A", "B", "*", "AB")),
    name: field(fc.constantFrom("", "N", "TOO-LONG-NAME")),
    type: field(fc.constantFrom("", "T")),
    dist: field(fc.constantFrom("", "D")),
    copies: field(fc.integer({ min: -1, max: 300 })),
    hold: field(fc.constantFrom("NONE", "USER", "SYS", "USYS", "X")),
    keep: field(fc.boolean()),
    created: field(fc.constantFrom("2026-01-01T00:00:00.000Z", "yesterday", "2026-13-01T00:00:00Z")),
    data: field(fc.oneof(base64, fc.constantFrom("", "AAAAAQ==", "AAAAAUE=", "!!"))),
  },
  { requiredKeys: [] },
);

/**
 * A random body for a route taking `keys`: an object with some of its fields (good, near or junk)
 * and sometimes a stranger, any JSON at all, text that is not JSON, bytes that are not UTF-8, or
 * one of the awkward bodies every parser should survive.
 */
function bodyOf(
  keys: Record<string, fc.Arbitrary<unknown>>,
  required: string[] = [],
): fc.Arbitrary<string | Uint8Array> {
  const fields = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, field(v)]));
  const shaped = fc
    .tuple(
      fc.record(fields, { requiredKeys: required }),
      fc.option(fc.tuple(fc.constantFrom("__proto__", "constructor", "extra", ""), junk), { freq: 4 }),
    )
    .map(([o, extra]) => {
      const text = JSON.stringify(o);
      if (!extra) return text;
      const more = `${JSON.stringify(extra[0])}:${JSON.stringify(extra[1]) ?? "null"}`;
      return text === "{}" ? `{${more}}` : `${text.slice(0, -1)},${more}}`;
    });
  return fc.oneof(
    { weight: 12, arbitrary: shaped },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 30 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "null",
        "[]",
        "{}",
        "0",
        '""',
        "true",
        "{",
        "[1,",
        '{"a":1,"a":2}',
        "\uFEFF{}",
        "1e999",
        "-",
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        "[".repeat(500) + "]".repeat(500),
        '"\\ud800"',
      ),
    },
  );
}

/** True when a body parses to an object with none of the route's fields (the route reads `{}`). */
function readAsEmpty(raw: string, route: BodyRoute): boolean {
  if (raw.trim() === "") return true;
  try {
    const v: unknown = JSON.parse(raw);
    return (
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(route.keys).every((k) => !(k in v))
    );
  } catch {
    return false;
  }
}

/**
 * A route with a body: where, how, what it takes, what it may answer, who to log on again after.
 * A route that stores something may answer 429 QUOTA_EXCEEDED (the tenant's limits, src/limits.ts).
 */
interface BodyRoute {
  method: string;
  path: string;
  keys: Record<string, fc.Arbitrary<unknown>>;
  statuses: number[];
  /** Fields the shaped bodies always have (the others come and go). */
  required?: string[];
  /** Rewrites the `k`th body when it would be read as `{}` plus fields the route does not take. */
  nameless?: (raw: string, k: number) => string;
  token?: () => string;
  relogon?: [string, string];
}

const U = (user: string) => `${SYS}/users/${user}`;

function bodyRoutes(): BodyRoute[] {
  return [
    {
      method: "POST",
      path: "/v1/tenants",
      // Names from a small set, some valid: a few tenants are made, the rest of the valid names are
      // taken (409). A new tenant costs a new object, about 7 ms; a taken name about 0.5 ms.
      keys: {
        name: fc.oneof(
          fc.constantFrom("fuzz-a", "fuzz-b", "fuzz-c", "0", "a-", "-a", "A", "fuzz_a", "a".repeat(33)),
          fc.stringMatching(/^[ab-]{0,2}$/).map((s) => `fuzz-${s}`),
          // Random text made invalid (`_` is not in a tenant name): refused before any object.
          fc.string({ maxLength: 6 }).map((t) => `${t}_`),
        ),
      },
      statuses: [201, 400, 409],
      // Without a name a tenant is made with a random one: the shaped bodies always name one, and
      // any other body that would (`{}`, "", an object of other fields) gets a taken name but one
      // time in fifty, so the route makes tens of tenants (10 ms each), not a thousand.
      required: ["name"],
      nameless: (raw, k) => (k % 50 === 0 ? raw : JSON.stringify({ name: "fuzz-a" })),
      token: () => ADMIN,
    },
    {
      method: "POST",
      path: "/v1/tokens",
      keys: { name: fc.stringMatching(/^[A-Za-z0-9 _.-]{0,45}$/) },
      statuses: [201, 400, 429],
    },
    {
      method: "POST",
      path: "/v1/lint",
      keys: { systemConfig: smallConfig, directory: smallDirectory, dasd },
      statuses: [200, 400],
    },
    {
      method: "POST",
      path: "/v1/plexes",
      keys: {
        name: fc.stringMatching(/^[a-zA-Z0-9-]{0,34}$/),
        systemConfig: smallConfig,
        directory: smallDirectory,
        dasd,
      },
      statuses: [201, 400, 409, 422, 429],
    },
    {
      method: "PUT",
      path: "/v1/plexes/fzc/directory",
      keys: { directory: smallDirectory },
      statuses: [200, 400, 422, 429],
    },
    {
      method: "PUT",
      path: "/v1/plexes/fzc/config",
      keys: { systemConfig: smallConfig, dasd },
      statuses: [200, 400, 422, 429],
    },
    {
      method: "PUT",
      path: `${FZ}/tapes/T9`,
      keys: { format: fc.constantFrom(TAPE_FORMAT, "tar"), files: fc.array(tapeFile, { maxLength: 3 }) },
      statuses: [200, 400, 413, 429],
    },
    {
      method: "POST",
      path: `${FZ}/systems/SYSB/ipl`,
      keys: { clean: fc.boolean(), volume: volser },
      statuses: [200, 400, 404, 409],
    },
    {
      method: "POST",
      path: `${U("U05")}/logon`,
      keys: { password: fc.oneof(fc.constant("PW"), printable) },
      statuses: [200, 400],
    },
    {
      method: "POST",
      path: `${U("MAINT")}/cp`,
      keys: { command: cpCommand },
      statuses: [200, 400, 409],
      relogon: ["MAINT", "MAINTPW"],
    },
    {
      method: "POST",
      path: `${U("OWNER4")}/devices/0191/reserve`,
      keys: { wait: fc.boolean(), timeoutMs: fc.integer({ min: -1, max: 400_000 }) },
      statuses: [200, 400, 404, 409],
      relogon: ["OWNER4", "OWNER4PW"],
    },
    {
      method: "POST",
      path: `${U("OWNER4")}/devices/0191/release`,
      keys: { generation: fc.oneof(fc.integer({ min: -2, max: 100 }), fc.double()) },
      statuses: [200, 400, 404, 409],
      relogon: ["OWNER4", "OWNER4PW"],
    },
    {
      method: "POST",
      path: `${U("RACFVM")}/devices/0200/write`,
      keys: {
        records: fc.array(
          fc.record(
            { n: field(fc.integer({ min: -1, max: 1_000_001 })), data: field(fc.string({ maxLength: 20 })) },
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        ),
      },
      statuses: [200, 400, 404, 409],
      relogon: ["RACFVM", "RACFPW"],
    },
    {
      method: "POST",
      path: `${U("RACFVM")}/devices/0200/read`,
      keys: { from: fc.integer({ min: -1, max: 2_000_000 }), count: fc.integer({ min: -1, max: 1001 }) },
      statuses: [200, 400, 404, 409],
      relogon: ["RACFVM", "RACFPW"],
    },
    {
      method: "POST",
      path: `${U("MAINT")}/break-reserve`,
      keys: { rdev: vdev },
      statuses: [200, 400, 404, 409],
      relogon: ["MAINT", "MAINTPW"],
    },
    {
      method: "POST",
      path: `${U("U03")}/reader/open`,
      keys: {
        spoolid: fc.oneof(fc.integer({ min: 0, max: 10_000 }).map(String), printable),
        encoding: fc.constantFrom("utf8", "base64", "hex"),
      },
      statuses: [200, 400, 404, 409],
      relogon: ["U03", "PW"],
    },
    // PUNCH and PRINT take the same body: U03 punches, U04 prints.
    ...(
      [
        ["U03", "punch"],
        ["U04", "print"],
      ] as const
    ).map(([user, device]) => ({
      method: "POST",
      path: `${U(user)}/${device}`,
      keys: {
        records: fc.array(fc.oneof(fc.string({ maxLength: 20 }), base64), { maxLength: 4 }),
        encoding: fc.constantFrom("utf8", "base64", "ebcdic"),
        name: printable,
        type: printable,
      },
      statuses: [200, 400, 409, 413, 429],
      relogon: [user, "PW"] as [string, string],
    })),
    {
      method: "POST",
      path: `${U("U02")}/tapes`,
      keys: { vdev, volser },
      statuses: [200, 400, 409, 429],
      relogon: ["U02", "PW"],
    },
  ];
}

/**
 * Bodies fast-check draws for a route (seeded: a failure names its body, and the same seed draws it
 * again) go `BATCH` at a time: the requests of a batch overlap their object calls.
 */
const BATCH = 8;

// ---------- paths and queries of the routes that read no body ----------

/** A path segment: a name the plex has, one near it, percent-encoding right and wrong, dots, long text. */
const segment = (...names: string[]) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...names) },
    fc.string({ maxLength: 10 }).map(encodeURIComponent),
    fc.constantFrom("%", "%zz", "%00", "%2F", "%2e%2e", "..", ".", "%E2%80%AE", "%C0%AF", "%FF", "a%2Fb"),
    fc.constantFrom("x".repeat(100), "9".repeat(20), "0", "-1", "FFFFF", "0x10"),
  );
const query = fc.oneof(
  fc.constant(""),
  fc
    .tuple(
      fc.constantFrom("after", "encoding", "volume", "x", "after[]", ""),
      fc.oneof(
        fc.string({ maxLength: 8 }).map(encodeURIComponent),
        fc.constantFrom("0", "1", "9".repeat(17), "-1", "1e3", "utf8", "base64", "%", "%zz", "SHR001"),
      ),
    )
    .map(([k, v]) => `?${k}=${v}`),
  fc.constantFrom("?after=1&after=2", "?encoding=utf8&encoding=base64", "?&&", "?=", "?after"),
);

/** The routes without a body, as templates over random segments (fzp is shut down and failed, fzd deleted). */
const bodylessRequest = fc.oneof(
  fc.tuple(segment("fz", "fzp", "FZ"), query).map(([p, q]) => ["GET", `/v1/plexes/${p}${q}`]),
  fc
    .tuple(segment("fz", "fzp"), segment("SYSA", "SYSB"), segment("MAINT", "U03", "OPERATOR"), query)
    .map(([p, s, u, q]) => ["GET", `/v1/plexes/${p}/systems/${s}/users/${u}/console${q}`]),
  fc
    .tuple(segment("fz"), segment("U03", "MAINT"), segment("0001", "1", "0005", "9999"), query)
    .map(([p, u, id, q]) => ["GET", `/v1/plexes/${p}/systems/SYSA/users/${u}/reader/${id}${q}`]),
  fc
    .tuple(segment("fz", "fzp"), segment("SHR001", "OPEN01", "RESA", "RACFD1"))
    .map(([p, v]) => ["GET", `/v1/plexes/${p}/volumes/${v}`]),
  fc
    .tuple(fc.constantFrom("GET", "DELETE"), segment("fz", "fzp"), segment("T1", "T9", "NOTAPE"))
    .map(([m, p, v]) => [m, `/v1/plexes/${p}/tapes/${v}`]),
  fc.tuple(segment("fz", "fzp"), query).map(([p, q]) => ["GET", `/v1/plexes/${p}/systems/SYSA/hops${q}`]),
  fc
    .tuple(fc.constantFrom("shutdown", "fail"), segment("fzp"), segment("SYSA", "SYSB", "SYSC"))
    .map(([verb, p, s]) => ["POST", `/v1/plexes/${p}/systems/${s}/${verb}`]),
  fc
    .tuple(
      fc.constantFrom("GET", "DELETE", "PATCH", "PUT", "POST", "HEAD", "OPTIONS"),
      segment("fzd", "tokens"),
    )
    .map(([m, p]) => [m, `/v1/plexes/${p}`]),
  fc.tuple(segment("0123456789abcdef")).map(([id]) => ["DELETE", `/v1/tokens/${id}`]),
  fc
    .array(segment("v1", "plexes", "fz", "systems", "SYSA", "users", "MAINT", "tapes", ".."), {
      maxLength: 8,
    })
    .map((parts) => ["GET", `/${parts.join("/")}`]),
);

// ---------- deep JSON ----------

/** Which half of the fuzz a test file runs. */
export type FuzzPart = "plexes" | "systems";

/**
 * Defines one half's tests: its routes' 10,000 random bodies each and their deep JSON; the
 * "plexes" half also runs the 10,000 random paths. Every half sets up the same tenants and plexes.
 */
export function fuzzSuite(part: FuzzPart): void {
  const routes = bodyRoutes().filter((r) => (r.path.includes("/systems/") ? "systems" : "plexes") === part);

  beforeAll(async () => {
    const other = await newTenant();
    expect((await call("/v1/plexes", { token: other, body: smallPlex("fz") })).status).toBe(201);
    const o = (path: string, body: unknown) =>
      call(`/v1/plexes/fz/systems/SYSA${path}`, { token: other, body });
    expect((await o("/ipl", {})).status).toBe(200);
    expect((await o("/users/U03/logon", { password: "PW" })).status).toBe(200);
    expect((await o("/users/U03/cp", { command: "SPOOL PUNCH * RDR" })).status).toBe(200);
    expect((await o("/users/U03/punch", { records: [OTHER_RECORD] })).status).toBe(200);
    secrets = [tenantOf(other), OTHER_RECORD];

    T = await newTenant();
    await raiseLimits(tenantOf(T));
    for (const name of ["fz", "fzp", "fzd"])
      expect((await call("/v1/plexes", { token: T, body: smallPlex(name) })).status).toBe(201);
    expect((await call("/v1/plexes", { token: T, body: { name: "fzc", ...TINY } })).status).toBe(201);
    expect((await call(`${SYS}/ipl`, { token: T, body: {} })).status).toBe(200);
    for (const [user, password] of [
      ["MAINT", "MAINTPW"],
      ["OWNER4", "OWNER4PW"],
      ["RACFVM", "RACFPW"],
      ["U02", "PW"],
      ["U03", "PW"],
      ["U04", "PW"],
    ])
      expect((await call(`${SYS}/users/${user}/logon`, { token: T, body: { password } })).status).toBe(200);
    // U03's punch and U04's printer go to their own readers, and U03 has a few files to open.
    for (const user of ["U03", "U04"])
      for (const command of ["SPOOL PUNCH * RDR", "SPOOL PRINTER * RDR"])
        expect((await call(`${SYS}/users/${user}/cp`, { token: T, body: { command } })).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect(
        (await call(`${SYS}/users/U03/punch`, { token: T, body: { records: [`file ${i}`] } })).status,
      ).toBe(200);
  });

  describe("10,000 random bodies per route", () => {
    for (const [i, route] of routes.entries())
      it(`${route.method} ${route.path.replace(/^\/v1\/plexes\/fz\/systems\/SYSA/, "...")}`, async () => {
        const token = route.token?.() ?? T;
        const seen = new Map<number, number>();
        const bodies = fc
          .sample(bodyOf(route.keys, route.required), { numRuns: RUNS, seed: 1010 + i })
          .map((raw, k) =>
            route.nameless && typeof raw === "string" && readAsEmpty(raw, route)
              ? route.nameless(raw, k)
              : raw,
          );
        const send = async (raw: string | Uint8Array) => {
          const a = await answerOf(await inProcess(route.path, { token, method: route.method, raw }));
          const what = `${route.method} ${route.path} ${typeof raw === "string" ? raw.slice(0, 200) : `bytes ${raw.join(",")}`}`;
          expectSafe(a, what, secrets);
          if (!route.statuses.includes(a.status))
            throw new Error(`${what}: ${a.status} ${a.text.slice(0, 300)}`);
          seen.set(a.status, (seen.get(a.status) ?? 0) + 1);
          const code = (a.json as { error?: { code?: string } }).error?.code;
          if (route.relogon && (code === "NOT_LOGGED_ON" || code === "CONFLICT"))
            await logon(...route.relogon);
        };
        for (let k = 0; k < bodies.length; k += BATCH)
          await Promise.all(bodies.slice(k, k + BATCH).map(send));
        expect(bodies.length).toBe(RUNS);
        // The bodies reached past the validator: some were taken, not only refused.
        expect(
          [...seen.keys()].some((s) => s < 300),
          JSON.stringify([...seen]),
        ).toBe(true);
        expect([...seen.keys()], JSON.stringify([...seen])).toContain(400);
      }, 120_000);
  });

  if (part === "plexes") {
    describe("10,000 random paths and queries", () => {
      it("over the routes that read no body: never a 5xx, always the envelope", async () => {
        const seen = new Map<number, number>();
        const requests = fc.sample(bodylessRequest, { numRuns: RUNS, seed: 2020 });
        const send = async ([method, path]: string[]) => {
          const res = await inProcess(path, { token: T, method });
          const what = `${method} ${path.slice(0, 200)}`;
          if (method === "HEAD") {
            expect(res.status, what).toBeLessThan(500);
            return;
          }
          const a = await answerOf(res).catch((e: Error) => {
            throw new Error(`${what}: ${e.message}`);
          });
          expectSafe(a, what, secrets);
          seen.set(a.status, (seen.get(a.status) ?? 0) + 1);
        };
        // In batches too: a GET racing the DELETE of its plex once answered an empty 200 (46c6164).
        for (let k = 0; k < requests.length; k += BATCH)
          await Promise.all(requests.slice(k, k + BATCH).map(send));
        expect(
          [...seen.keys()].some((s) => s < 300),
          JSON.stringify([...seen]),
        ).toBe(true);
      }, 120_000);
    });
  }

  describe("JSON nested 10,000 deep and more", () => {
    /** `depth` arrays or objects around a value, as text. */
    const nested = (depth: number, kind: "array" | "object", inner = "1") =>
      kind === "array"
        ? "[".repeat(depth) + inner + "]".repeat(depth)
        : '{"a":'.repeat(depth) + inner + "}".repeat(depth);

    // At the top an array is not the object a route takes (400); an object of one unknown field is
    // an empty body (its field is not read); inside a field, it is never the field's type (400).
    it("is never a 5xx on a body route, and a 400 at the top as an array and inside each field", async () => {
      // 10,000 and 100,000 deep, and as deep as the 1 MiB limit allows (just under it).
      const depths = [10_000, 100_000, 524_000];
      for (const route of routes) {
        const token = route.token?.() ?? T;
        const fields = Object.keys(route.keys);
        for (const depth of depths)
          for (const kind of ["array", "object"] as const) {
            const bodies: [string, boolean][] = [
              [nested(depth, kind), kind === "array"],
              ...fields.map((f): [string, boolean] => [`{"${f}":${nested(depth, kind)}}`, true]),
            ];
            for (const [raw, refused] of bodies) {
              if (raw.length > 1024 * 1024) continue;
              const a = await answerOf(await call(route.path, { token, method: route.method, raw }));
              const what = `${route.method} ${route.path} ${kind} ${depth} deep in ${raw.slice(0, 20)}`;
              expectSafe(a, what, secrets);
              if (refused) expect(a.status, what).toBe(400);
            }
          }
      }
    }, 120_000);
  });
}
