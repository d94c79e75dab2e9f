import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";

/** Channel-to-channel adapters as hardware (issue #11 item 4). */

const ctcs = [
  { a: { system: "SYSA", rdev: "DB44" }, b: { system: "SYSB", rdev: "DB44" } },
  { a: { system: "SYSA", rdev: "DB45" }, b: { system: "SYSB", rdev: "DB45" } },
];

describe("CTCs", () => {
  it("are attached to a guest (the seed's ATT DB44 * DB4), one guest at a time, queried and detached", async () => {
    const token = await newTenant();
    expect((await call("/v1/plexes", { token, body: { ...smallPlex("ctc1"), ctcs } })).status).toBe(201);
    const base = "/v1/plexes/ctc1/systems/SYSA";
    expect((await call(`${base}/ipl`, { token, body: {} })).status).toBe(200);
    const cp = async (userid: string, command: string) =>
      (await (await call(`${base}/users/${userid}/cp`, { token, body: { command } })).json()) as {
        rc: number;
        lines: string[];
      };
    for (const [u, pw] of [
      ["MAINT", "MAINTPW"],
      ["OWNER", "OWNERPW"],
    ])
      expect((await call(`${base}/users/${u}/logon`, { token, body: { password: pw } })).status).toBe(200);
    expect(await cp("MAINT", "ATT DB44 * DB4")).toEqual({
      rc: 0,
      lines: ["CTCA DB44 ATTACHED TO MAINT 0DB4"],
    });
    expect(await cp("MAINT", "ATTACH DB45 TO OWNER AS DB4")).toEqual({
      rc: 0,
      lines: ["CTCA DB45 ATTACHED TO OWNER 0DB4"],
    });
    // ATTACH is class B: MAINT gives devices to OWNER.
    const again = await cp("MAINT", "ATTACH DB44 TO OWNER AS 0DB5");
    expect(again.rc).not.toBe(0);
    expect(again.lines.join(" ")).toContain("already attached to MAINT 0DB4");
    expect((await cp("MAINT", "ATTACH DB44 SYSTEM")).rc).not.toBe(0);
    expect(await cp("MAINT", "QUERY VIRTUAL DB4")).toEqual({ rc: 0, lines: ["CTCA 0DB4 ON CTCA DB44"] });
    expect((await cp("MAINT", "QUERY VIRTUAL DASD")).lines.join(" ")).not.toContain("0DB4");
    // An rdev that is neither a CTC nor a volume of this system is what it was before.
    expect((await cp("MAINT", "ATTACH DB99 * DB9")).rc).not.toBe(0);
    // QUERY rdev (class B): who holds the CTC; free once detached. A volume's rdev as QUERY DASD shows it.
    expect(await cp("MAINT", "QUERY DB44")).toEqual({ rc: 0, lines: ["CTCA DB44 ATTACHED TO MAINT 0DB4"] });
    expect(await cp("MAINT", "QUERY DB45")).toEqual({ rc: 0, lines: ["CTCA DB45 ATTACHED TO OWNER 0DB4"] });
    expect((await cp("MAINT", "QUERY 0301")).lines).toEqual([
      expect.stringMatching(/^DASD 0301 CP SYSTEM OPEN01/),
    ]);
    // QUERY SYSTEM rdev: the DASD line, then this system's users linked to minidisks on it.
    expect((await cp("OWNER", "LINK OWNER3 191 391 RR")).rc).toBe(0);
    const system = await cp("MAINT", "QUERY SYSTEM 0301");
    expect(system.lines[0]).toMatch(/^DASD 0301 CP SYSTEM OPEN01/);
    expect(system.lines.slice(1).join(" ")).toContain("OWNER    0391 R/O");
    expect((await cp("MAINT", "QUERY SYSTEM 0999")).rc).toBe(40);
    expect((await cp("MAINT", "QUERY SYSTEM")).rc).not.toBe(0);
    expect(await cp("MAINT", "DETACH DB4")).toEqual({ rc: 0, lines: ["CTCA 0DB4 DETACHED"] });
    expect((await cp("MAINT", "QUERY VIRTUAL DB4")).rc).not.toBe(0);
    expect(await cp("MAINT", "QUERY DB44")).toEqual({ rc: 0, lines: ["CTCA DB44 FREE"] });
    // No device DB99 here: the word is read as the userid it also could be.
    expect(await cp("MAINT", "QUERY DB99")).toEqual({ rc: 45, lines: ["HCPCQU045E DB99 not logged on"] });
    // Free again: OWNER takes it; OWNER's LOGOFF gives back both of its CTCs.
    expect((await cp("MAINT", "ATTACH DB44 TO OWNER AS DB6")).rc).toBe(0);
    expect((await cp("OWNER", "LOGOFF")).rc).toBe(0);
    expect((await cp("MAINT", "ATTACH DB44 * DB4")).rc).toBe(0);
    expect((await cp("MAINT", "ATTACH DB45 * DB5")).rc).toBe(0);
  });

  it("that make no sense are refused at create with the entry's diagnostics, and nothing is stored", async () => {
    const token = await newTenant();
    const bad = [
      { a: { system: "SYSA", rdev: "DB44" }, b: { system: "SYSQ", rdev: "DB44" } },
      { a: { system: "SYSA", rdev: "0300" }, b: { system: "SYSB", rdev: "DB44" } },
    ];
    const created = await call("/v1/plexes", { token, body: { ...smallPlex("ctc2"), ctcs: bad } });
    expect(created.status).toBe(422);
    const diagnostics = (
      (await created.json()) as { error: { details: { diagnostics: { code: string; line: number }[] } } }
    ).error.details.diagnostics;
    expect(diagnostics.filter((d) => d.code.startsWith("CTC-")).map((d) => [d.line, d.code])).toEqual([
      [1, "CTC-SYSTEM"],
      [2, "CTC-RDEV-DASD"],
    ]);
    expect(await (await call("/v1/plexes", { token })).json()).toEqual({ plexes: [] });
    const lint = await call("/v1/lint", { token, body: { ...smallPlex("x"), ctcs: bad } });
    expect(((await lint.json()) as { ok: boolean }).ok).toBe(false);
  });
});
