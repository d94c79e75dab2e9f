import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { setUp } from "./plex-helpers";

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
  });
});
