import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, MAX_DATA_BODY_BYTES, MAX_TAPE_BODY_BYTES } from "../../src/api/body";
import { INPUT_LIMITS } from "../../src/config/limits";
import { MAX_RESERVE_TIMEOUT_MS } from "../../src/dasd/volume-view";
import { MAX_DIAGNOSTICS } from "../../src/lint";
import { MAX_FILE_BYTES, MAX_FILE_RECORDS, packRecords, toBase64 } from "../../src/spool/records";
import { MAX_TAPE_BYTES, TAPE_FORMAT } from "../../src/spool/spxtape";
import { answerOf, expectSafe, raiseLimits, tenantOf } from "./attack-helpers";
import { ADMIN, call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";
import { tapeFile } from "./spool-helpers";

/**
 * The attack suite, limits (issue #10): a body at each limit is taken, one byte, record, character
 * or entry over it is refused with the 4xx the README names, never a 5xx. Every request goes
 * through the Worker's fetch, where the body limits are enforced.
 */

let T: string;
const P = "/v1/plexes/lim";
const SYS = `${P}/systems/SYSA`;

beforeAll(async () => {
  T = await newTenant();
  await raiseLimits(tenantOf(T));
  expect((await call("/v1/plexes", { token: T, body: smallPlex("lim") })).status).toBe(201);
  expect((await call(`${SYS}/ipl`, { token: T, body: {} })).status).toBe(200);
  for (const [user, password] of [
    ["MAINT", "MAINTPW"],
    ["RACFVM", "RACFPW"],
    ["OWNER4", "OWNER4PW"],
    ["U01", "PW"],
  ])
    expect((await call(`${SYS}/users/${user}/logon`, { token: T, body: { password } })).status).toBe(200);
  expect(
    (await call(`${SYS}/users/U01/cp`, { token: T, body: { command: "SPOOL PUNCH * RDR PURGE" } })).status,
  ).toBe(200);
});

/** A JSON body of exactly `size` bytes: `json` padded with spaces (JSON allows them after the value). */
const padded = (json: unknown, size: number) => {
  const text = JSON.stringify(json);
  expect(text.length).toBeLessThanOrEqual(size);
  return text + " ".repeat(size - text.length);
};

/** The same bytes as a stream: no Content-Length, so the limit is found while reading. */
const streamOf = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
      controller.close();
    },
  });
};

/** Sends a request and checks it is safe; answers the answer. */
async function send(path: string, init: Parameters<typeof call>[1] = {}) {
  const a = await answerOf(await call(path, { token: T, ...init }));
  expectSafe(a, `${init.method ?? "POST"} ${path}`);
  return a;
}
const codeOf = (a: { json: unknown }) => (a.json as { error?: { code: string } }).error?.code;

describe("body bytes: at each limit taken, one byte over 413", () => {
  const tape = { format: TAPE_FORMAT, files: [] };
  const cases: [string, string, string, unknown, number][] = [
    [
      "lint (1 MiB)",
      "POST",
      "/v1/lint",
      { systemConfig: "System_Identifier 2964 %11111 SYSA\n" },
      MAX_BODY_BYTES,
    ],
    ["punch (8 MiB)", "POST", `${SYS}/users/U01/punch`, { records: ["at the limit"] }, MAX_DATA_BODY_BYTES],
    ["print (8 MiB)", "POST", `${SYS}/users/U01/print`, { records: ["at the limit"] }, MAX_DATA_BODY_BYTES],
    ["tape upload (16 MiB)", "PUT", `${P}/tapes/T1`, tape, MAX_TAPE_BODY_BYTES],
    ["cp (1 MiB)", "POST", `${SYS}/users/MAINT/cp`, { command: "QUERY TIME" }, MAX_BODY_BYTES],
    ["directory (1 MiB)", "PUT", `${P}/directory`, { directory: smallPlex("lim").directory }, MAX_BODY_BYTES],
  ];
  for (const [what, method, path, json, limit] of cases)
    it(what, async () => {
      for (const stream of [false, true]) {
        const body = (size: number) => (stream ? streamOf(padded(json, size)) : padded(json, size));
        const at = await send(path, { method, raw: body(limit) });
        expect(at.status, `${what} at the limit${stream ? ", streamed" : ""}: ${at.text.slice(0, 200)}`).toBe(
          200,
        );
        const over = await send(path, { method, raw: body(limit + 1) });
        expect([over.status, codeOf(over)], `${what} over${stream ? ", streamed" : ""}`).toEqual([
          413,
          "BODY_TOO_LARGE",
        ]);
      }
    });

  it("a route that reads no body refuses one over 1 MiB too, and a made-up route answers 404 whatever it is sent", async () => {
    const shutdown = await send(`/v1/plexes/nosuch/systems/SYSA/shutdown`, {
      raw: padded({}, MAX_BODY_BYTES + 1),
    });
    expect(shutdown.status).toBe(413);
    const nowhere = await send(`/v1/nowhere`, { raw: padded({}, MAX_BODY_BYTES + 1) });
    expect([404, 413]).toContain(nowhere.status);
  });
});

describe("fields: at each limit taken, over it refused", () => {
  /** [what, path, body at the limit, status at the limit, body over it, status and code over it]. */
  type Case = [string, string, unknown, number, unknown, [number, string]];
  const x = (n: number) => "X".repeat(n);
  const u = (user: string) => `${SYS}/users/${user}`;
  const cases = (): Case[] => [
    [
      "cp command, 240",
      `${u("MAINT")}/cp`,
      { command: `MSG MAINT ${x(230)}` },
      200,
      { command: `MSG MAINT ${x(231)}` },
      [400, "BAD_REQUEST"],
    ],
    [
      "password, 8",
      `${u("U02")}/logon`,
      { password: "ABCDEFGH" },
      200,
      { password: "ABCDEFGHI" },
      [400, "BAD_REQUEST"],
    ],
    [
      "punch name, 8",
      `${u("U01")}/punch`,
      { records: ["x"], name: x(8) },
      200,
      { records: ["x"], name: x(9) },
      [400, "BAD_REQUEST"],
    ],
    [
      "punch type, 8",
      `${u("U01")}/punch`,
      { records: ["x"], type: x(8) },
      200,
      { records: ["x"], type: x(9) },
      [400, "BAD_REQUEST"],
    ],
    [
      `punch records, ${MAX_FILE_RECORDS}`,
      `${u("U01")}/punch`,
      { records: Array<string>(MAX_FILE_RECORDS).fill("") },
      200,
      { records: Array<string>(MAX_FILE_RECORDS + 1).fill("") },
      [400, "BAD_REQUEST"],
    ],
    [
      `punch bytes, ${MAX_FILE_BYTES}`,
      `${u("U01")}/punch`,
      { records: [x(MAX_FILE_BYTES / 2), x(MAX_FILE_BYTES / 2)] },
      200,
      { records: [x(MAX_FILE_BYTES / 2), x(MAX_FILE_BYTES / 2 + 1)] },
      [413, "FILE_TOO_LARGE"],
    ],
    [
      "device write, 1000 records",
      `${u("RACFVM")}/devices/0200/write`,
      { records: Array.from({ length: 1000 }, (_, n) => ({ n, data: "r" })) },
      200,
      { records: Array.from({ length: 1001 }, (_, n) => ({ n, data: "r" })) },
      [400, "BAD_REQUEST"],
    ],
    [
      "device write, 65,536 characters",
      `${u("RACFVM")}/devices/0200/write`,
      { records: [{ n: 1, data: x(65_536) }] },
      200,
      { records: [{ n: 1, data: x(65_537) }] },
      [400, "BAD_REQUEST"],
    ],
    [
      "device write, record 1,000,000",
      `${u("RACFVM")}/devices/0200/write`,
      { records: [{ n: 1_000_000, data: "last" }] },
      200,
      { records: [{ n: 1_000_001, data: "past" }] },
      [400, "BAD_REQUEST"],
    ],
    [
      "device read, 1000",
      `${u("RACFVM")}/devices/0200/read`,
      { from: 0, count: 1000 },
      200,
      { count: 1001 },
      [400, "BAD_REQUEST"],
    ],
    [
      "device read, at least 1",
      `${u("RACFVM")}/devices/0200/read`,
      { count: 1 },
      200,
      { count: 0 },
      [400, "BAD_REQUEST"],
    ],
    [
      `reserve timeout, ${MAX_RESERVE_TIMEOUT_MS} ms`,
      `${u("OWNER4")}/devices/0191/reserve`,
      { wait: true, timeoutMs: MAX_RESERVE_TIMEOUT_MS },
      200,
      { wait: true, timeoutMs: MAX_RESERVE_TIMEOUT_MS + 1 },
      [400, "BAD_REQUEST"],
    ],
    [
      "reserve timeout, 1 ms",
      `${u("OWNER4")}/devices/0191/reserve`,
      { timeoutMs: 1 },
      200,
      { timeoutMs: 0 },
      [400, "BAD_REQUEST"],
    ],
    ["token name, 40", "/v1/tokens", { name: x(40) }, 201, { name: x(41) }, [400, "BAD_REQUEST"]],
    [
      "IPL volume, 6",
      `${P}/systems/SYSB/ipl`,
      { volume: "RESB" },
      200,
      { volume: x(7) },
      [400, "BAD_REQUEST"],
    ],
    [
      "tape drive volser, 6",
      `${u("MAINT")}/tapes`,
      { vdev: "181", volser: x(6) },
      200,
      { vdev: "182", volser: x(7) },
      [400, "BAD_REQUEST"],
    ],
    [
      "tape drive vdev, 4 digits",
      `${u("MAINT")}/tapes`,
      { vdev: "0183", volser: "T2" },
      200,
      { vdev: "00184", volser: "T2" },
      [400, "BAD_REQUEST"],
    ],
    [
      "break-reserve rdev, 4 digits",
      `${u("MAINT")}/break-reserve`,
      { rdev: "0500" },
      200,
      { rdev: "00500" },
      [400, "BAD_REQUEST"],
    ],
    [
      "reader open spoolid, 4 digits",
      `${u("U01")}/reader/open`,
      { spoolid: "9999" },
      404,
      { spoolid: "10000" },
      [400, "BAD_REQUEST"],
    ],
  ];

  it("each field", async () => {
    for (const [what, path, at, atStatus, over, [overStatus, overCode]] of cases()) {
      const a = await send(path, { body: at });
      expect(a.status, `${what} at the limit: ${a.text.slice(0, 200)}`).toBe(atStatus);
      const o = await send(path, { body: over });
      expect([o.status, codeOf(o)], `${what} over the limit`).toEqual([overStatus, overCode]);
    }
  });

  it("names of tenants, plexes and files in SYSTEM CONFIG, and the DASD inventory's fields", async () => {
    const tenant = (name: string) => send("/v1/tenants", { token: ADMIN, body: { name } });
    expect((await tenant(`l${"1".repeat(31)}`)).status).toBe(201);
    expect((await tenant(`l${"2".repeat(32)}`)).status).toBe(400);
    const lintOf = (body: unknown) => send("/v1/lint", { body });
    const config = "System_Identifier 2964 %11111 SYSA\n";
    const dasd = (entry: Record<string, unknown>) => ({
      systemConfig: config,
      dasd: [{ volser: "V1", ...entry }],
    });
    const pairs: [string, unknown, unknown][] = [
      [
        "file name, 17",
        { systemConfig: { "SYSTEM CONFIG": config, [x(17)]: "" } },
        { systemConfig: { "SYSTEM CONFIG": config, [x(18)]: "" } },
      ],
      ["volser, 6", dasd({ volser: x(6) }), dasd({ volser: x(7) })],
      ["devtype, 16", dasd({ devtype: x(16) }), dasd({ devtype: x(17) })],
      ["rdev, 4", dasd({ rdev: "0FFF" }), dasd({ rdev: "0FFFF" })],
      ["cylinders, 1", dasd({ cylinders: 1 }), dasd({ cylinders: 0 })],
      [
        "ipl, 64 systems",
        dasd({ ipl: Array<string>(64).fill("SYSA") }),
        dasd({ ipl: Array<string>(65).fill("SYSA") }),
      ],
      ["ipl system, 8", dasd({ ipl: [x(8)] }), dasd({ ipl: [x(9)] })],
      [
        "allocation, 1000 extents",
        dasd({ allocation: Array.from({ length: 1000 }, (_, i) => ({ type: "PERM", start: i, end: i })) }),
        dasd({ allocation: Array.from({ length: 1001 }, (_, i) => ({ type: "PERM", start: i, end: i })) }),
      ],
      [
        "DASD, 10,000 entries",
        { systemConfig: config, dasd: Array.from({ length: 10_000 }, (_, i) => ({ volser: `V${i}` })) },
        { systemConfig: config, dasd: Array.from({ length: 10_001 }, (_, i) => ({ volser: `V${i}` })) },
      ],
    ];
    for (const [what, at, over] of pairs) {
      const a = await lintOf(at);
      expect(a.status, `${what} at the limit: ${a.text.slice(0, 200)}`).toBe(200);
      const o = await lintOf(over);
      expect([o.status, codeOf(o)], `${what} over the limit`).toEqual([400, "BAD_REQUEST"]);
    }
    const plex = (name: string) => send("/v1/plexes", { body: { ...smallPlex("x"), name } });
    expect((await plex(`p${"1".repeat(31)}`)).status).toBe(201);
    expect((await plex(`p${"2".repeat(32)}`)).status).toBe(400);
  });

  it("paths: names at their length taken (404 when there is no such thing), one over refused", async () => {
    const get = async (path: string) => (await send(path, { method: "GET" })).status;
    expect(await get(`${u("ABCDEFGH")}/console`)).toBe(404);
    expect(await get(`${u("ABCDEFGHI")}/console`)).toBe(400);
    expect(await get(`${P}/systems/ABCDEFGH/users/MAINT/console`)).toBe(404);
    expect(await get(`${P}/systems/ABCDEFGHI/users/MAINT/console`)).toBe(404);
    expect(await get(`${P}/tapes/ABCDEF`)).toBe(404);
    expect(await get(`${P}/tapes/ABCDEFG`)).toBe(400);
    expect(await get(`${u("U01")}/reader/9999`)).toBe(404);
    expect(await get(`${u("U01")}/reader/10000`)).toBe(400);
    expect(await get(`/v1/plexes/${"q".repeat(32)}`)).toBe(404);
    expect(await get(`/v1/plexes/${"q".repeat(33)}`)).toBe(404);
    expect((await send(`${u("RACFVM")}/devices/0FFF/read`, { body: {} })).status).toBe(404);
    expect((await send(`${u("RACFVM")}/devices/00FFF/read`, { body: {} })).status).toBe(400);
    expect(await get(`${u("MAINT")}/console?after=${Number.MAX_SAFE_INTEGER}`)).toBe(200);
    expect(await get(`${u("MAINT")}/console?after=${Number.MAX_SAFE_INTEGER + 1}`)).toBe(400);
  });
});

describe("counts: at each quota taken, over it 429", () => {
  it(`tokens: 100 a tenant, the 101st refused`, async () => {
    const t = await newTenant();
    for (let i = 2; i <= 100; i++)
      expect((await send("/v1/tokens", { token: t, body: { name: `t${i}` } })).status, `token ${i}`).toBe(
        201,
      );
    const over = await send("/v1/tokens", { token: t, body: { name: "t101" } });
    expect(over.status).toBe(429);
  });

  it("plexes: 20 a tenant (README), the 21st refused, and a deleted one frees its place", async () => {
    const t = await newTenant();
    const tiny = (name: string) => ({
      name,
      systemConfig: "System_Identifier 2964 %11111 SYSA\nCP_Owned Slot 1 &SYSRES\n",
      directory: "DIRECTORY 0123 3390 RESA\nUSER MAINT MAINTPW 128M 1G ABCDEFG\n",
      dasd: [{ volser: "RESA", ipl: ["SYSA"] }],
    });
    for (let i = 1; i <= 20; i++)
      expect((await send("/v1/plexes", { token: t, body: tiny(`q${i}`) })).status, `plex ${i}`).toBe(201);
    const over = await send("/v1/plexes", { token: t, body: tiny("q21") });
    expect(over.status).toBe(429);
    expect((await send("/v1/plexes/q21", { token: t, method: "GET" })).status).toBe(404);
    expect((await send("/v1/plexes/q1", { token: t, method: "DELETE" })).status).toBe(204);
    expect((await send("/v1/plexes", { token: t, body: tiny("q21") })).status).toBe(201);
  });
});

describe("what a plex may be: at each input limit read, over it a finding", () => {
  const system = (i: number) => `System_Identifier 2964 %${String(i).padStart(5, "0")} S${i}`;
  const codes = async (body: unknown) => {
    const a = await send("/v1/lint", { body });
    expect(a.status).toBe(200);
    return (a.json as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
  };

  it(`${INPUT_LIMITS.systems} systems, then one more`, async () => {
    const n = INPUT_LIMITS.systems;
    const at = Array.from({ length: n }, (_, i) => system(i + 1)).join("\n");
    const over = Array.from({ length: n + 1 }, (_, i) => system(i + 1)).join("\n");
    expect(await codes({ systemConfig: at })).not.toContain("CFG-TOO-MANY-SYSTEMS");
    expect(await codes({ systemConfig: over })).toContain("CFG-TOO-MANY-SYSTEMS");
  });

  it(`${INPUT_LIMITS.configRecords} SYSTEM CONFIG records, then one more`, async () => {
    const n = INPUT_LIMITS.configRecords;
    // k records: a statement and k - 1 empty ones, each ended by its newline.
    const records = (k: number) => `${system(1)}\n${"\n".repeat(k - 1)}`;
    expect(await codes({ systemConfig: records(n) })).not.toContain("CFG-TOO-LARGE");
    expect(await codes({ systemConfig: records(n + 1) })).toContain("CFG-TOO-LARGE");
  });

  it(`${MAX_DIAGNOSTICS} findings answered, the rest counted`, async () => {
    // Each unknown statement is one finding, beside those an empty SYSTEM CONFIG already has.
    const base = (await codes({ systemConfig: "" })).length;
    const at = await codes({ systemConfig: "Frobnicate\n".repeat(MAX_DIAGNOSTICS - base) });
    expect(at.length).toBe(MAX_DIAGNOSTICS);
    expect(at).not.toContain("LINT-TRUNCATED");
    const over = await codes({ systemConfig: "Frobnicate\n".repeat(MAX_DIAGNOSTICS - base + 1) });
    expect(over.length).toBe(MAX_DIAGNOSTICS + 1);
    expect(over[over.length - 1]).toBe("LINT-TRUNCATED");
  });
});

describe("tapes: at each limit taken, over it refused", () => {
  const put = (volser: string, files: unknown[]) =>
    send(`${P}/tapes/${volser}`, { method: "PUT", body: { format: TAPE_FORMAT, files } });

  it(`${MAX_TAPE_BYTES / 1024 / 1024} MiB of records, then one more record`, async () => {
    // Eight files of one record each, packed to exactly 1 MiB (4 bytes of length, the rest data).
    const mib = toBase64(packRecords([new Uint8Array(1024 * 1024 - 4)]));
    const files = Array.from({ length: MAX_TAPE_BYTES / (1024 * 1024) }, (_, i) => tapeFile(i + 1, mib));
    const at = await put("BIG1", files);
    expect(at.status, at.text.slice(0, 200)).toBe(200);
    expect(at.json).toMatchObject({ bytes: MAX_TAPE_BYTES });
    const over = await put("BIG2", [...files, tapeFile(9, toBase64(packRecords([new Uint8Array(0)])))]);
    expect([over.status, codeOf(over)]).toEqual([413, "TAPE_TOO_LARGE"]);
    expect((await send(`${P}/tapes/BIG2`, { method: "GET" })).status).toBe(404);
  });

  it(`a file of ${MAX_FILE_BYTES} bytes, then one more byte`, async () => {
    const at = await put("F1", [tapeFile(1, toBase64(packRecords([new Uint8Array(MAX_FILE_BYTES)])))]);
    expect(at.status).toBe(200);
    const over = await put("F2", [tapeFile(1, toBase64(packRecords([new Uint8Array(MAX_FILE_BYTES + 1)])))]);
    expect([over.status, codeOf(over)]).toEqual([413, "FILE_TOO_LARGE"]);
  });

  it("9999 files, then 10,000; copies 255, then 256", async () => {
    const files = Array.from({ length: 9999 }, (_, i) => tapeFile(i + 1, ""));
    const at = await put("MANY", files);
    expect(at.status, at.text.slice(0, 200)).toBe(200);
    const over = await put("MANY2", [...files, tapeFile(1, "")]);
    expect([over.status, codeOf(over)]).toEqual([400, "BAD_REQUEST"]);
    expect((await put("C1", [tapeFile(1, "", { copies: 255 })])).status).toBe(200);
    expect((await put("C2", [tapeFile(1, "", { copies: 256 })])).status).toBe(400);
  });
});
