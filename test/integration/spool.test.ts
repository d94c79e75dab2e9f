import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { spoolPlex } from "./spool-helpers";

describe("shared spool (reference §9.3 scenarios 26 and 28)", () => {
  it("a file punched on SYSA to a user on SYSB arrives byte for byte, with CP's notices, once in QUERY READER on both", async () => {
    const p = await spoolPlex("spool1");
    await p.logon("SYSA", "U01");
    await p.logon("SYSB", "U02");
    expect((await p.cp("SYSA", "U01", "SPOOL PUNCH TO U02")).rc).toBe(0);
    const records = [
      "PROFILE EXEC line 1",
      "  indented, trailing blanks   ",
      "",
      "é ü ß \u0000 bytes as given",
    ];
    const punched = await p.post("/SYSA/users/U01/punch", { records, name: "profile", type: "exec" });
    expect(punched.status).toBe(200);
    const id = punched.body.spoolid as string;
    expect(punched.body.lines).toEqual([
      `PUN FILE ${id} SENT TO   U02      RDR AS  ${id} RECS 0004 CPY  001 A NOHOLD NOKEEP`,
    ]);
    expect(await p.consoleOf("SYSB", "U02")).toContain(
      `RDR FILE ${id} SENT FROM U01      PUN WAS ${id} RECS 0004 CPY  001 A NOHOLD NOKEEP`,
    );
    const read = await call(`${p.B}/SYSB/users/U02/reader/${id}`, { token: p.T });
    expect(await read.json()).toEqual({
      spoolid: id,
      from: "U01",
      name: "PROFILE",
      type: "EXEC",
      encoding: "utf8",
      records,
    });
    await p.logon("SYSA", "U02");
    for (const s of ["SYSA", "SYSB"]) {
      const q = await p.cp(s, "U02", "QUERY READER * ALL");
      expect(q.lines.filter((l) => l.includes(` ${id} `))).toHaveLength(1);
      expect(q.lines[1]).toMatch(
        new RegExp(
          `^U01      ${id} A PUN 00000004 001 NONE \\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d PROFILE   EXEC     U01$`,
        ),
      );
    }
    // SYSC does not share spool: it does not see the file.
    await p.logon("SYSC", "U02");
    expect((await p.cp("SYSC", "U02", "Q RDR")).lines).toEqual(["NO RDR FILES"]);
    // Spool ids are unique across the complex.
    const second = await p.post("/SYSB/users/U02/punch", { records: ["x"] });
    expect(second.body.spoolid).not.toBe(id);
    expect((await p.cp("SYSB", "U02", `PURGE RDR ${id}`)).lines).toEqual(["0000001 FILE PURGED"]);
    expect((await call(`${p.B}/SYSA/users/U02/reader/${id}`, { token: p.T })).status).toBe(404);
  });

  it("an excluded user's files stay on the system that made them (scenario 28)", async () => {
    const p = await spoolPlex("spool2");
    await p.logon("SYSA", "U49");
    await p.logon("SYSA", "U03");
    await p.logon("SYSB", "U03");
    expect((await p.cp("SYSA", "U49", "SP PU TO U03")).rc).toBe(0);
    const r = await p.post("/SYSA/users/U49/punch", { records: ["local only"] });
    const id = r.body.spoolid as string;
    expect((await call(`${p.B}/SYSA/users/U03/reader/${id}`, { token: p.T })).status).toBe(200);
    expect((await call(`${p.B}/SYSB/users/U03/reader/${id}`, { token: p.T })).status).toBe(404);
    expect((await p.consoleOf("SYSB", "U03")).some((l) => l.includes(`RDR FILE ${id}`))).toBe(false);
    expect((await p.consoleOf("SYSA", "U03")).some((l) => l.includes(`RDR FILE ${id}`))).toBe(true);
  });
});

describe("IPL and spool", () => {
  it("a warm IPL keeps spool files; IPL CLEAN discards the system's unshared ones and keeps shared ones", async () => {
    const p = await spoolPlex("spool3");
    await p.logon("SYSC", "U05");
    await p.logon("SYSA", "U06");
    for (const [s, u] of [
      ["SYSC", "U05"],
      ["SYSA", "U06"],
    ])
      await p.cp(s, u, "SPOOL PUNCH * RDR");
    const local = (await p.post("/SYSC/users/U05/punch", { records: ["on SYSC only"] })).body
      .spoolid as string;
    const shared = (await p.post("/SYSA/users/U06/punch", { records: ["shared"] })).body.spoolid as string;
    for (const clean of [false, true]) {
      expect((await p.post("/SYSC/shutdown", {})).status).toBe(200);
      const ipl = await p.post("/SYSC/ipl", { clean });
      expect(ipl.status).toBe(200);
      await p.logon("SYSC", "U05");
      const status = (await call(`${p.B}/SYSC/users/U05/reader/${local}`, { token: p.T })).status;
      expect(status, clean ? "after IPL CLEAN" : "after a warm IPL").toBe(clean ? 404 : 200);
    }
    expect((await call(`${p.B}/SYSA/users/U06/reader/${shared}`, { token: p.T })).status).toBe(200);
  });
});

describe("TRANSFER and CHANGE", () => {
  it("moves a reader file to another user, who is told on every system that sees it; CHANGE sets its class", async () => {
    const p = await spoolPlex("spool4");
    await p.logon("SYSA", "U07");
    await p.logon("SYSB", "U08");
    await p.cp("SYSA", "U07", "SPOOL PUNCH TO *");
    const id = (await p.post("/SYSA/users/U07/punch", { records: ["to be moved"] })).body.spoolid as string;
    expect((await p.cp("SYSA", "U07", `CHANGE RDR ${id} CLASS X`)).rc).toBe(0);
    expect((await p.cp("SYSA", "U07", `TRANSFER RDR ${id} TO NOBODY`)).rc).toBe(53);
    expect(await p.cp("SYSA", "U07", `TRANSFER RDR ${id} TO U08`)).toEqual({
      rc: 0,
      lines: [`RDR FILE ${id} SENT TO   U08      RDR AS  ${id} RECS 0001 CPY  001 X NOHOLD NOKEEP`],
    });
    expect(await p.consoleOf("SYSB", "U08")).toContain(
      `RDR FILE ${id} SENT FROM U07      RDR WAS ${id} RECS 0001 CPY  001 X NOHOLD NOKEEP`,
    );
    expect((await call(`${p.B}/SYSB/users/U08/reader/${id}`, { token: p.T })).status).toBe(200);
    expect((await call(`${p.B}/SYSA/users/U07/reader/${id}`, { token: p.T })).status).toBe(404);
    const q = await p.cp("SYSB", "U08", "Q RDR");
    expect(q.lines[1]).toMatch(new RegExp(`^U07\\s+${id} X PUN`));
    expect((await p.cp("SYSA", "U07", `TRANSFER RDR ${id} TO U07`)).rc).toBe(42); // no longer U07's
  });
});
