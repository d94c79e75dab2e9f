import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { setUp } from "./plex-helpers";

/** Issue #10 item 7: numbers, unsafe characters, short quotes of bad input, TAPE, security headers. */
describe("edges", () => {
  it("reads ?after= as a decimal whole number or answers 400", async () => {
    const api = await setUp("edge1", ["SYSA"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    const con = (after: string) =>
      call(`${api.base}/systems/SYSA/users/MAINT/console?after=${after}`, { token: api.token });
    for (const bad of ["0x10", "1e99", "-1", "1.5", "", "%20", "99999999999999999"])
      expect((await con(bad)).status, bad).toBe(400);
    const ok = (await (await con("0")).json()) as { lines: { seq: number }[]; next: number };
    expect(ok.lines.length).toBeGreaterThan(0);
    expect(((await (await con(String(ok.next))).json()) as { lines: unknown[] }).lines).toEqual([]);
  });

  it("refuses control and bidirectional characters in commands, passwords and spool names, and stores none", async () => {
    const api = await setUp("edge2", ["SYSA"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    const cp = (command: string) =>
      call(`${api.base}/systems/SYSA/users/MAINT/cp`, { token: api.token, body: { command } });
    for (const bad of [
      "MSG MAINT hi\u0000",
      "MSG MAINT \u202Eevil",
      "Q\nNAMES",
      "MSG MAINT a\u001Bb",
      "\u2066Q N",
    ]) {
      const r = await cp(bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await cp("MSG MAINT\tkeeps a tab")).status).toBe(200);
    const logon = await call(`${api.base}/systems/SYSA/users/U01/logon`, {
      token: api.token,
      body: { password: "P\u0007W" },
    });
    expect(logon.status).toBe(400);
    const punch = await call(`${api.base}/systems/SYSA/users/MAINT/punch`, {
      token: api.token,
      body: { records: ["x"], name: "A\u200FB" },
    });
    expect(punch.status).toBe(400);
    const console = (await (
      await call(`${api.base}/systems/SYSA/users/MAINT/console`, { token: api.token })
    ).json()) as { lines: { text: string }[] };
    expect(
      console.lines.some((l) => /[\u0000-\u0008\u000A-\u001F\u202A-\u202E\u2066-\u2069]/.test(l.text)),
    ).toBe(false);
  });

  it("quotes at most a short prefix of bad input in an error", async () => {
    const api = await setUp("edge3", ["SYSA"]);
    const long = "X".repeat(5000);
    for (const path of [
      `${api.base}/systems/SYSA/users/${long}/console`,
      `${api.base}/systems/${long}/users/MAINT/console`,
      `/v1/plexes/${long}`,
      `${api.base}/volumes/${long}`,
      `${api.base}/systems/SYSA/users/MAINT/console?after=${long}`,
    ]) {
      const r = await call(path, { token: api.token });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      const text = await r.text();
      expect(text.length, `${path.slice(0, 60)} ${text.slice(0, 200)}`).toBeLessThan(300);
    }
  });

  it("says TAPE when a tape drive is detached", async () => {
    const api = await setUp("edge4", ["SYSA"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    expect((await api.post("/systems/SYSA/users/MAINT/tapes", { vdev: "181", volser: "T1" })).status).toBe(
      200,
    );
    expect(await api.cp("SYSA", "MAINT", "DETACH 181")).toEqual({ rc: 0, lines: ["TAPE 0181 DETACHED"] });
  });

  it("puts security headers on every answer, errors included, and allows no CORS", async () => {
    const token = (await setUp("edge5", [])).token;
    for (const r of [
      await call("/v1/health"),
      await call("/v1/plexes", { token }),
      await call("/v1/nosuchroute"),
      await call("/v1/plexes"),
    ]) {
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("x-frame-options")).toBeTruthy();
      expect(r.headers.get("strict-transport-security")).toBeTruthy();
      expect(r.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});
