import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";
import { pvmCtcs, pvmDirectory, pvmFiles } from "./pvm-helpers";

/**
 * XSPOOL over PVM's CSE paths (issue #11 item 5, docs/decisions.md): SYSA and SYSB share spool and
 * are joined by one CTC. While the path is down, what another sharing system must hear of (a new
 * shared file, its notice, a lock, a change) is refused or held back, and no file is lost or doubled.
 */

const files = pvmFiles();

const NO_PATH = "HCPCSE9033E System SYSB cannot be reached: no CSE path (PVM is not running on SYSB)";

describe("XSPOOL over CSE paths", () => {
  it("holds back what SYSB must hear of while its PVM is down, loses nothing, and works again once PVM is back", async () => {
    const token = await newTenant();
    const base = smallPlex("xsp", pvmDirectory);
    const config =
      base.systemConfig["SYSTEM CONFIG"] +
      "XSPOOL_SYSTEM Slot 1 SYSA SYSB Share_Spool YES\nXSPOOL_XLIST_OUTPUT U49\n";
    const created = await call("/v1/plexes", {
      token,
      body: {
        ...base,
        systemConfig: { ...base.systemConfig, "SYSTEM CONFIG": config },
        ctcs: pvmCtcs,
        files,
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const B = "/v1/plexes/xsp/systems";
    for (const s of ["SYSA", "SYSB"])
      expect((await call(`${B}/${s}/ipl`, { token, body: {} })).status).toBe(200);
    const post = async (path: string, body: unknown) => {
      const r = await call(`${B}${path}`, { token, body });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const cp = async (s: string, u: string, command: string) =>
      (await post(`/${s}/users/${u}/cp`, { command })).body as { rc: number; lines: string[] };
    const consoleOf = async (s: string, u: string) =>
      (
        (await (await call(`${B}/${s}/users/${u}/console`, { token })).json()) as {
          lines: { text: string }[];
        }
      ).lines.map((l) => l.text);
    const reader = async (s: string, u: string) =>
      (await cp(s, u, "QUERY READER * ALL")).lines.filter((l) => !l.startsWith("ORIGINID"));
    for (const [s, u] of [
      ["SYSA", "U01"],
      ["SYSB", "U02"],
      ["SYSA", "U49"],
      ["SYSA", "MAINT"],
    ])
      expect(
        (await post(`/${s}/users/${u}/logon`, { password: u === "MAINT" ? "MAINTPW" : "PW" })).body.rc,
      ).toBe(0);

    // Path up: a file punched on SYSA to U02 is seen on SYSB, with its notice there.
    expect((await cp("SYSA", "U01", "SPOOL PUNCH TO U02")).rc).toBe(0);
    const first = await post("/SYSA/users/U01/punch", { records: ["one"] });
    expect(first.status).toBe(200);
    const id1 = first.body.spoolid as string;
    expect((await consoleOf("SYSB", "U02")).some((l) => l.startsWith(`RDR FILE ${id1} SENT FROM U01`))).toBe(
      true,
    );

    // PVM down on SYSB: the path drops.
    expect((await cp("SYSA", "MAINT", "FORCE PVM AT SYSB")).rc).toBe(0);

    // A new shared file cannot be announced to SYSB: the PUNCH is refused and nothing is spooled.
    const refused = await post("/SYSA/users/U01/punch", { records: ["two"] });
    expect(refused.status).toBe(409);
    expect((refused.body.error as { code: string }).code).toBe("NO_CSE_PATH");
    expect((refused.body.error as { message: string }).message).toBe(NO_PATH);
    expect(await reader("SYSB", "U02")).toHaveLength(1);
    // With CONT the file stays open on the punch: CLOSE is refused and keeps it there.
    expect((await cp("SYSA", "U01", "SPOOL PUNCH CONT")).rc).toBe(0);
    expect((await post("/SYSA/users/U01/punch", { records: ["kept"] })).status).toBe(200);
    expect(await cp("SYSA", "U01", "CLOSE PUNCH")).toEqual({ rc: 9033, lines: [NO_PATH] });
    // A file that stays on SYSA (U49 is in XSPOOL_XLIST_OUTPUT) needs no other system.
    expect((await cp("SYSA", "U49", "SPOOL PUNCH TO U49")).rc).toBe(0);
    expect((await post("/SYSA/users/U49/punch", { records: ["local"] })).status).toBe(200);
    // Changing or locking a shared file needs SYSB too: refused, and the file is as it was.
    expect(await cp("SYSA", "MAINT", `CHANGE U02 RDR ${id1} CLASS B`)).toEqual({
      rc: 9033,
      lines: [NO_PATH],
    });
    const open = await post("/SYSA/users/U02/reader/open", {});
    // U02 is not logged on to SYSA: log it on there to read.
    expect([404, 409]).toContain(open.status);
    expect((await post("/SYSA/users/U02/logon", { password: "PW" })).body.rc).toBe(0);
    const locked = await post("/SYSA/users/U02/reader/open", { spoolid: id1 });
    expect(locked.status).toBe(409);
    expect((locked.body.error as { message: string }).message).toBe(NO_PATH);
    // SYSB cannot reach SYSA either (its own PVM is down): its lock is refused the same way.
    const fromB = await post("/SYSB/users/U02/reader/open", { spoolid: id1 });
    expect((fromB.body.error as { message: string }).message).toBe(
      "HCPCSE9033E System SYSA cannot be reached: no CSE path (PVM is not running on SYSB)",
    );
    expect(await reader("SYSB", "U02")).toEqual([expect.stringContaining(` ${id1} A PUN`)]);

    // PVM back on SYSB (locally, as its operator would): the held CLOSE now goes through, once.
    const bm = await post("/SYSB/users/MAINT/logon", { password: "MAINTPW" });
    expect(bm.status, JSON.stringify(bm.body)).toBe(200);
    expect((await cp("SYSB", "MAINT", "XAUTOLOG PVM")).rc).toBe(0);
    const closed = await cp("SYSA", "U01", "CLOSE PUNCH");
    expect(closed.rc).toBe(0);
    expect(await reader("SYSB", "U02")).toHaveLength(2);
    expect(await cp("SYSA", "MAINT", `CHANGE U02 RDR ${id1} CLASS B`)).toEqual({
      rc: 0,
      lines: ["0000001 FILE CHANGED"],
    });
    // The refused locks were given back: SYSA opens the file now.
    expect((await post("/SYSA/users/U02/reader/open", { spoolid: id1 })).status).toBe(200);
    expect((await cp("SYSA", "U02", "CLOSE READER")).rc).toBe(0);
    expect(await reader("SYSB", "U02")).toHaveLength(1);

    // CLOSE READER unlocks and purges a shared file on every sharing system: opened while the
    // path was up, it cannot be closed while it is down, and stays as it was.
    expect((await post("/SYSB/users/U02/reader/open", {})).status).toBe(200);
    expect((await cp("SYSA", "MAINT", "FORCE PVM AT SYSB")).rc).toBe(0);
    expect(await cp("SYSB", "U02", "CLOSE READER")).toEqual({
      rc: 9033,
      lines: ["HCPCSE9033E System SYSA cannot be reached: no CSE path (PVM is not running on SYSB)"],
    });
    expect(await reader("SYSB", "U02")).toHaveLength(1);
    expect((await cp("SYSB", "MAINT", "XAUTOLOG PVM")).rc).toBe(0);
    expect((await cp("SYSB", "U02", "CLOSE READER")).rc).toBe(0);
    expect(await reader("SYSB", "U02")).toEqual(["NO RDR FILES"]);
  });
});
