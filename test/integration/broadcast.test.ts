import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";
import { pvmCtcs, pvmDirectory, pvmFiles } from "./pvm-helpers";

/**
 * Issue #13 items 2-3: MSG ALL and WARNING ALL (z/VM 7.3 MESSAGE ALL), and CP's own answers to
 * LOGON, LOGOFF, DISCONNECT, RECONNECT, XAUTOLOG and FORCE (shared/corpus tessia lines 17, 32,
 * 150; reference §5-6, the zvm-bootcamp BC-DRV capture).
 */

/** The small plex with SYSB in CET (Timezone_Definition qualified for SYSB) and a user whose directory IPLs. */
async function plex(name: string, extra: Record<string, unknown> = {}, directory = "") {
  const token = await newTenant();
  const p = smallPlex(name, ["USER LINUX2 LINPW 32M 64M G", "  IPL CMS", directory].join("\n"));
  const systemConfig = {
    ...p.systemConfig,
    "SYSTEM CONFIG": `${p.systemConfig["SYSTEM CONFIG"]}SYSB: Timezone_Definition CET East 01.00.00\n`,
  };
  const created = await call("/v1/plexes", { token, body: { ...p, systemConfig, ...extra } });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}/systems`;
  const json = async (r: Response) => {
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as { rc: number; lines: string[] };
  };
  return {
    ipl: async (sys: string) =>
      expect((await call(`${base}/${sys}/ipl`, { token, body: {} })).status).toBe(200),
    fail: async (sys: string) =>
      expect((await call(`${base}/${sys}/fail`, { token, body: {} })).status).toBe(200),
    logon: async (sys: string, userid: string, password: string) =>
      json(await call(`${base}/${sys}/users/${userid}/logon`, { token, body: { password } })),
    cp: async (sys: string, userid: string, command: string) =>
      json(await call(`${base}/${sys}/users/${userid}/cp`, { token, body: { command } })),
    console: async (sys: string, userid: string) => {
      const r = await call(`${base}/${sys}/users/${userid}/console`, { token });
      expect(r.status).toBe(200);
      return ((await r.json()) as { lines: { text: string }[] }).lines.map((l) => l.text);
    },
  };
}

const STAMP = (zone: string) => `\\d\\d:\\d\\d:\\d\\d ${zone} [A-Z]+DAY \\d\\d/\\d\\d/\\d\\d`;

describe("MSG ALL and WARNING ALL", () => {
  it("reach every logged-on user of the system, connected or not; with AT, of the systems named; SET MSG/WNG decide", async () => {
    const p = await plex("bcast1");
    for (const s of ["SYSA", "SYSB", "SYSC"]) await p.ipl(s);
    await p.logon("SYSA", "MAINT", "MAINTPW");
    await p.logon("SYSA", "U01", "PW");
    await p.logon("SYSB", "U02", "PW");
    await p.logon("SYSB", "U03", "PW");
    expect((await p.cp("SYSB", "U03", "SET MSG OFF")).rc).toBe(0);

    // No AT: this system only (CSE is not SSI, whose default is AT ALL). CP says nothing back.
    expect(await p.cp("SYSA", "MAINT", "MSG ALL Hello, all")).toEqual({ rc: 0, lines: [] });
    expect(await p.console("SYSA", "U01")).toContain("MSG FROM MAINT   : Hello, all");
    // OPERATOR, logged on disconnected at IPL, gets it too.
    expect(await p.console("SYSA", "OPERATOR")).toContain("MSG FROM MAINT   : Hello, all");
    expect((await p.console("SYSB", "U02")).join("\n")).not.toContain("Hello, all");

    expect(await p.cp("SYSA", "MAINT", "M ALL AT SYSB  to SYSB")).toEqual({ rc: 0, lines: [] });
    expect(await p.console("SYSB", "U02")).toContain("MSG FROM MAINT    AT SYSA: to SYSB");
    expect((await p.console("SYSB", "U03")).join("\n")).not.toContain("to SYSB");

    // WARNING passes SET MSG OFF (SET WNG is on).
    expect(await p.cp("SYSA", "MAINT", "WARNING ALL AT ALL going down")).toEqual({ rc: 0, lines: [] });
    expect(await p.console("SYSA", "U01")).toContain("WNG FROM MAINT   : going down");
    for (const u of ["U02", "U03"])
      expect(await p.console("SYSB", u)).toContain("WNG FROM MAINT    AT SYSA: going down");
    expect(await p.console("SYSC", "OPERATOR")).toContain("WNG FROM MAINT    AT SYSA: going down");

    // A class G user has MSG userid only: ALL is a userid to it; WARNING it does not have.
    expect(await p.cp("SYSA", "U01", "MSG ALL hi")).toEqual({
      rc: 45,
      lines: ["HCPMSG045E ALL not logged on"],
    });
    expect(await p.cp("SYSA", "U01", "WARNING ALL hi")).toEqual({
      rc: 1,
      lines: ["HCPCMD001E Unknown CP command: WARNING"],
    });
    expect((await p.cp("SYSA", "MAINT", "MSG ALL")).rc).toBe(26);
    // A system that is down: CP's CSE message, never a 5xx; AT ALL leaves it out.
    await p.fail("SYSC");
    expect((await p.cp("SYSA", "MAINT", "MSG ALL AT SYSC hi")).lines).toEqual([
      "HCPCSE9030E System SYSC is not up",
    ]);
    expect((await p.cp("SYSA", "MAINT", "MSG ALL AT NOSUCH hi")).lines).toEqual([
      "HCPCSE9031E System NOSUCH is not in this plex",
    ]);
    expect(await p.cp("SYSA", "MAINT", "MSG ALL AT ALL still here")).toEqual({ rc: 0, lines: [] });
    expect(await p.console("SYSB", "U02")).toContain("MSG FROM MAINT    AT SYSA: still here");
  });

  it("go to another system only over a CSE path in a plex with CTCs, as MSG AT does", async () => {
    const p = await plex("bcast2", { ctcs: pvmCtcs, files: pvmFiles() }, pvmDirectory);
    for (const s of ["SYSA", "SYSB"]) await p.ipl(s);
    await p.logon("SYSA", "MAINT", "MAINTPW");
    await p.logon("SYSB", "U02", "PW");
    expect(await p.cp("SYSA", "MAINT", "MSG ALL AT SYSB over the path")).toEqual({ rc: 0, lines: [] });
    expect(await p.console("SYSB", "U02")).toContain("MSG FROM MAINT    AT SYSA: over the path");
    expect((await p.cp("SYSA", "MAINT", "FORCE PVM AT SYSB")).rc).toBe(0);
    expect(await p.cp("SYSA", "MAINT", "MSG ALL AT SYSB no path")).toEqual({
      rc: 9033,
      lines: ["HCPCSE9033E System SYSB cannot be reached: no CSE path (PVM is not running on SYSB)"],
    });
    // AT ALL reaches what it can: SYSA only.
    expect(await p.cp("SYSA", "MAINT", "WARNING ALL AT ALL everyone")).toEqual({ rc: 0, lines: [] });
    expect(await p.console("SYSA", "MAINT")).toContain("WNG FROM MAINT   : everyone");
    expect((await p.console("SYSB", "U02")).join("\n")).not.toContain("everyone");
  });
});

describe("CP's answers to LOGON, LOGOFF, DISCONNECT, RECONNECT, XAUTOLOG and FORCE", () => {
  it("print the time in the zone SYSTEM CONFIG gives the system (UTC without one)", async () => {
    const p = await plex("bcast3");
    for (const s of ["SYSA", "SYSB"]) await p.ipl(s);
    // tessia line 32: LOGON AT 10:04:53 CET MONDAY 02/26/16
    expect((await p.logon("SYSB", "U02", "PW")).lines.at(-1)).toMatch(
      new RegExp(`^LOGON AT ${STAMP("CET")}$`),
    );
    const a = await p.logon("SYSA", "U01", "PW");
    expect(a.lines.at(-1)).toMatch(new RegExp(`^LOGON AT ${STAMP("UTC")}$`));
    expect(a.lines).toContain("FILES:   NO RDR,   NO PRT,   NO PUN");

    // DISCONNECT, then LOGON again: RECONNECTED AT (tessia lines 16-17), not "already logged on".
    const d = await p.cp("SYSB", "U02", "DISCONNECT");
    expect(d.lines[0]).toMatch(/^CONNECT= \d\d:\d\d:\d\d VIRTCPU= 000:00\.00 TOTCPU= 000:00\.00$/);
    expect(d.lines[1]).toMatch(new RegExp(`^DISCONNECT AT ${STAMP("CET")}$`));
    const r = await p.logon("SYSB", "U02", "PW");
    expect(r.rc).toBe(0);
    expect(r.lines.at(-1)).toMatch(new RegExp(`^RECONNECTED AT ${STAMP("CET")}$`));
    expect(await p.logon("SYSB", "U02", "PW")).toEqual({ rc: 54, lines: ["HCPLGA054E Already logged on"] });

    const off = await p.cp("SYSA", "U01", "LOGOFF");
    expect(off.lines.at(-2)).toMatch(/^CONNECT= /);
    expect(off.lines.at(-1)).toMatch(new RegExp(`^LOGOFF AT ${STAMP("UTC")}$`));
  });

  it("XAUTOLOG answers Command accepted and the AUTO LOGON line; SYNCH, Command complete; FORCE, CP's accounting line", async () => {
    const p = await plex("bcast4");
    for (const s of ["SYSA", "SYSB"]) await p.ipl(s);
    await p.logon("SYSA", "MAINT", "MAINTPW");

    // BC-DRV: "Command accepted", then "AUTO LOGON  ***       LINUX2   USERS = 32" and HCPCLS6056I.
    const x = await p.cp("SYSA", "MAINT", "XAUTOLOG LINUX2");
    expect(x.rc).toBe(0);
    expect(x.lines[0]).toBe("Command accepted");
    expect(x.lines[1]).toMatch(/^AUTO LOGON {2}\*\*\* {7}LINUX2 {3}USERS = \d+$/);
    expect(x.lines[2]).toBe(
      "HCPCLS6056I XAUTOLOG information for LINUX2: The IPL command is verified by the IPL command processor.",
    );
    const users = Number(/USERS = (\d+)/.exec(x.lines[1])![1]);
    // The operator gets the accounting line too; LINUX2's own LOGON lines are on its console.
    expect(await p.console("SYSA", "OPERATOR")).toContain(x.lines[1]);
    expect((await p.console("SYSA", "LINUX2")).at(-1)).toMatch(/^LOGON AT /);

    // SYNCH: CP answers once the logon is done (no HCPCLS6056I: the IPL was checked first).
    expect(await p.cp("SYSA", "MAINT", "XAUTOLOG U05 SYNCH")).toEqual({
      rc: 0,
      lines: [`AUTO LOGON  ***       U05      USERS = ${users + 1}`, "Command complete"],
    });

    // BC-DRV: "USER DSC   LOGOFF AS  LINUX2   USERS = 31    FORCED BY MAINT"; the forced user's
    // console ends as tessia line 150's does, BY SYSTEM.
    expect(await p.cp("SYSA", "MAINT", "FORCE LINUX2")).toEqual({
      rc: 0,
      lines: [`USER DSC   LOGOFF AS  LINUX2   USERS = ${String(users).padEnd(5)} FORCED BY MAINT`],
    });
    expect((await p.console("SYSA", "LINUX2")).at(-1)).toMatch(
      new RegExp(`^LOGOFF AT ${STAMP("UTC")} BY SYSTEM$`),
    );
    expect(await p.cp("SYSA", "MAINT", "FORCE LINUX2")).toEqual({
      rc: 45,
      lines: ["HCPCQU045E LINUX2 not logged on"],
    });

    // AT another system: its count, its zone, the issuer named.
    const xb = await p.cp("SYSA", "MAINT", "XAUTOLOG U06 AT SYSB");
    expect(xb.lines.slice(0, 2)).toEqual(["Command accepted", expect.stringMatching(/^AUTO LOGON .* U06 /)]);
    expect((await p.console("SYSB", "U06")).at(-1)).toMatch(new RegExp(`^LOGON AT ${STAMP("CET")}$`));
    const fb = await p.cp("SYSA", "MAINT", "FORCE U06 AT SYSB");
    expect(fb.lines[0]).toMatch(/^USER DSC {3}LOGOFF AS {2}U06 {6}USERS = \d+ +FORCED BY MAINT$/);
    expect(fb.lines[0].indexOf("FORCED")).toBe(45);
    expect(await p.console("SYSB", "OPERATOR")).toContain(fb.lines[0]);
    expect((await p.cp("SYSA", "MAINT", "XAUTOLOG U06 AT SYSB")).rc).toBe(0);
  });
});
