import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { setUp } from "./plex-helpers";
import { tapeFile } from "./spool-helpers";

describe("bad input to the plex routes gets a clear 4xx, never a 500", () => {
  it("answers each with the right status and code", async () => {
    const api = await setUp("bad", ["SYSA"]);
    const T = api.token;
    const cases: [string, { method?: string; body?: unknown; raw?: string }, number, string][] = [
      ["/v1/plexes/nosuch", {}, 404, "NOT_FOUND"],
      ["/v1/plexes/bad/systems/NOSYS/ipl", { body: {} }, 404, "NOT_FOUND"],
      ["/v1/plexes/bad/systems/TOOLONGNAME/ipl", { body: {} }, 404, "NOT_FOUND"],
      ["/v1/plexes/bad/systems/SYSA/ipl", { body: { clean: "yes" } }, 400, "BAD_REQUEST"],
      ["/v1/plexes/bad/systems/SYSA/ipl", { raw: "{not json" }, 400, "BAD_JSON"],
      [
        "/v1/plexes/bad/systems/SYSA/users/WAYTOOLONGID/logon",
        { body: { password: "x" } },
        400,
        "BAD_REQUEST",
      ],
      ["/v1/plexes/bad/systems/SYSA/users/U01/cp", { body: { command: "Q NAMES" } }, 409, "CONFLICT"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/cp", { body: { command: "" } }, 400, "BAD_REQUEST"],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/cp",
        { body: { command: "X".repeat(1000) } },
        400,
        "BAD_REQUEST",
      ],
      ["/v1/plexes/bad/systems/SYSA/users/U01/console?after=-3", {}, 400, "BAD_REQUEST"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/devices/XYZQ/reserve", { body: {} }, 400, "BAD_REQUEST"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/devices/0200/reserve", { body: {} }, 409, "NOT_LOGGED_ON"],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/devices/0200/write",
        { body: { records: [] } },
        400,
        "BAD_REQUEST",
      ],
      ["/v1/plexes/bad/volumes/NOVOL", {}, 404, "NOT_FOUND"],
      ["/v1/plexes/bad/directory", { method: "PUT", body: { directory: 42 } }, 400, "BAD_REQUEST"],
      [
        "/v1/plexes/bad/config",
        { method: "PUT", body: { systemConfig: "Frobnicate ON\n" } },
        422,
        "INVALID_CONFIG",
      ],
      ["/v1/plexes", { body: { name: "has space", systemConfig: "x", directory: "" } }, 400, "BAD_REQUEST"],
      // The spool's data routes.
      ["/v1/plexes/bad/systems/SYSA/users/U01/punch", { body: { records: ["x"] } }, 409, "CONFLICT"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/print", { body: { records: "x" } }, 400, "BAD_REQUEST"],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/punch",
        { body: { records: ["%%"], encoding: "base64" } },
        400,
        "BAD_RECORD",
      ],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/punch",
        { body: { records: ["x"], encoding: "ebcdic" } },
        400,
        "BAD_REQUEST",
      ],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/punch",
        { body: { records: ["x".repeat(1024 * 1024 + 1)] } },
        413,
        "FILE_TOO_LARGE",
      ],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/punch",
        { raw: JSON.stringify({ records: ["x".repeat(8 * 1024 * 1024)] }) },
        413,
        "BODY_TOO_LARGE",
      ],
      // A 5 million character base64 record: checked in linear time, then too large (no stack overflow).
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/punch",
        { body: { records: ["QUFB".repeat(1_250_000)], encoding: "base64" } },
        413,
        "FILE_TOO_LARGE",
      ],
      [
        "/v1/plexes/bad/tapes/T1",
        {
          method: "PUT",
          body: {
            format: "cseplex-spxtape/1",
            files: [tapeFile(1, "QUFB".repeat(1_250_000))],
          },
        },
        400,
        "BAD_REQUEST",
      ],
      ["/v1/plexes/bad/systems/SYSA/users/U01/reader/12345", {}, 400, "BAD_REQUEST"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/reader/0001?encoding=hex", {}, 400, "BAD_REQUEST"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/reader/0001", {}, 404, "NOT_FOUND"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/reader/open", { body: { spoolid: "x" } }, 400, "BAD_REQUEST"],
      ["/v1/plexes/bad/systems/SYSA/users/U01/reader/open", { body: {} }, 409, "CONFLICT"],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/tapes",
        { body: { vdev: "181", volser: "TOOLONGX" } },
        400,
        "BAD_REQUEST",
      ],
      [
        "/v1/plexes/bad/systems/SYSA/users/U01/tapes",
        { body: { vdev: "181", volser: "T1" } },
        409,
        "CONFLICT",
      ],
      ["/v1/plexes/bad/tapes/NOTAPE", {}, 404, "NOT_FOUND"],
      ["/v1/plexes/bad/tapes/NOTAPE", { method: "DELETE" }, 404, "NOT_FOUND"],
      ["/v1/plexes/bad/tapes/T1", { method: "PUT", body: { format: "tar", files: [] } }, 400, "BAD_REQUEST"],
      ["/v1/plexes/bad/tapes/T1", { method: "PUT", raw: "[1," }, 400, "BAD_JSON"],
    ];
    for (const [path, init, status, code] of cases) {
      const r = await call(path, { token: T, ...init });
      const body = (await r.json()) as { error?: { code: string; message: string } };
      expect(`${path} ${r.status} ${body.error?.code}`).toBe(`${path} ${status} ${code}`);
      expect(body.error!.message.length).toBeGreaterThan(0);
    }
    await api.logon("SYSA", "U01", "PW");
    // CP errors are rc, not HTTP errors.
    expect(await api.cp("SYSA", "U01", "FROBNICATE")).toEqual({
      rc: 1,
      lines: ["HCPCMD001E Unknown CP command: FROBNICATE"],
    });
    expect((await api.cp("SYSA", "U01", "LINK")).rc).not.toBe(0);
    expect((await api.cp("SYSA", "U01", "DETACH ZZZZ")).rc).toBe(26);
    expect((await api.cp("SYSA", "U01", "SPOOL CONSOLE START")).rc).toBe(26);
    expect((await api.cp("SYSA", "U01", "PURGE RDR 12345")).rc).toBe(26);
    expect((await api.cp("SYSA", "U01", "SPXTAPE REWIND 181")).rc).toBe(26);
    expect((await api.cp("SYSA", "U01", "CHANGE RDR ALL COPY 0")).rc).toBe(26);
    // Nothing stored was lost on the way: a file punched after all that is there.
    await api.cp("SYSA", "U01", "SPOOL PUNCH *");
    const made = await call("/v1/plexes/bad/systems/SYSA/users/U01/punch", {
      token: T,
      body: { records: ["kept"] },
    });
    const id = ((await made.json()) as { spoolid: string }).spoolid;
    expect((await call(`/v1/plexes/bad/systems/SYSA/users/U01/reader/${id}`, { token: T })).status).toBe(200);
  });
});
