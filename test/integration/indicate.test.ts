import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { setUp, smallPlex } from "./plex-helpers";
import { pvmCtcs, pvmDirectory, pvmFiles } from "./pvm-helpers";

/**
 * INDICATE LOAD / USER (issue #13 item 1), and INDICATE ... AT another system over CSE (issue #11
 * item 5).
 */

const dormant = (lines: string[]) => Number(/DORMANT-(\d{5})/.exec(lines[3])?.[1]);

describe("INDICATE", () => {
  it("LOAD and USER here and AT another UP system of a plex without a CSE network", async () => {
    const api = await setUp("ind", ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSA", "MAINT", "MAINTPW");

    // INDICATE alone is INDICATE LOAD: every logged-on user is dormant (no guest runs code here).
    const load = await api.cp("SYSA", "U01", "IND");
    expect(load.rc).toBe(0);
    expect(load.lines).toHaveLength(11);
    expect(load.lines.slice(7)).toEqual([
      "",
      "PROC 0000-000% CP   HZ     PROC 0001-000% CP   HZ",
      "",
      "LIMITED-00000",
    ]);
    expect(load.lines.slice(0, 3)).toEqual([
      "AVGPROC-000% 02",
      "MDC READS-000000/SEC WRITES-000000/SEC HIT RATIO-000%",
      "PAGING-0/SEC",
    ]);
    const users = Number(/^\s*(\d+) USERS/.exec((await api.cp("SYSA", "U01", "QUERY USERS")).lines[0])?.[1]);
    expect(dormant(load.lines)).toBe(users);
    expect(await api.cp("SYSA", "U01", "INDICATE LOAD")).toEqual(load);

    // INDICATE USER: oneself with class G, from the directory and the session.
    const own = await api.cp("SYSA", "U01", "IND USER");
    expect(own.rc).toBe(0);
    expect(own.lines.slice(0, 2)).toEqual([
      "USERID=U01      MACH=ESA STOR=32M VIRT=V XSTORE=NONE",
      "IPLSYS=DEV NONE DEVNUM=00004",
    ]);
    expect(own.lines[5]).toMatch(/^CPU 00: CTIME=00:0\d VTIME=000:00 TTIME=000:00 IO=000000$/);
    expect((await api.cp("SYSA", "U01", "IND USER U01")).lines[0]).toBe(own.lines[0]);
    // Another user's needs class E.
    expect(await api.cp("SYSA", "U01", "IND USER MAINT")).toEqual({
      rc: 3,
      lines: ["HCPCQV003E Invalid option - MAINT"],
    });
    const maint = await api.cp("SYSA", "MAINT", "IND USER U01");
    expect(maint.lines[0]).toBe(own.lines[0]);
    expect(await api.cp("SYSA", "MAINT", "IND USER OWNER")).toEqual({
      rc: 45,
      lines: ["HCPCQU045E OWNER not logged on"],
    });
    // A link is one more virtual device.
    const before = (await api.cp("SYSA", "MAINT", "IND USER")).lines[1];
    expect((await api.cp("SYSA", "MAINT", "LINK OWNER3 0191 0291 RR")).rc).toBe(0);
    expect(before).toBe("IPLSYS=DEV NONE DEVNUM=00004");
    expect((await api.cp("SYSA", "MAINT", "IND USER")).lines[1]).toBe("IPLSYS=DEV NONE DEVNUM=00005");
    expect((await api.cp("SYSA", "MAINT", "IND USER * AT *")).lines[1]).toBe("IPLSYS=DEV NONE DEVNUM=00005");
    expect(await api.cp("SYSA", "MAINT", "IND PAGING")).toEqual({ rc: 0, lines: ["No users in page wait"] });
    expect(await api.cp("SYSA", "MAINT", "IND I/O")).toEqual({ rc: 0, lines: ["No users in I/O wait"] });

    // AT another system: that system's node answers.
    await api.logon("SYSB", "U02", "PW");
    const there = await api.cp("SYSA", "MAINT", "IND USER U02 AT SYSB");
    expect(there.rc).toBe(0);
    expect(there.lines[0]).toBe("USERID=U02      MACH=ESA STOR=32M VIRT=V XSTORE=NONE");
    expect(await api.cp("SYSA", "MAINT", "IND USER U02")).toEqual({
      rc: 45,
      lines: ["HCPCQU045E U02 not logged on"],
    });
    const loadB = await api.cp("SYSA", "U01", "IND LOAD AT SYSB");
    expect(loadB.rc).toBe(0);
    const usersB = Number(
      /^\s*(\d+) USERS/.exec((await api.cp("SYSA", "U01", "QUERY USERS AT SYSB")).lines[0])?.[1],
    );
    expect(dormant(loadB.lines)).toBe(usersB);
    expect(await api.cp("SYSA", "U01", "IND LOAD AT SYSC")).toEqual({
      rc: 9030,
      lines: ["HCPCSE9030E System SYSC is not up"],
    });
    expect(await api.cp("SYSA", "U01", "IND LOAD AT SYSZ")).toEqual({
      rc: 9031,
      lines: ["HCPCSE9031E System SYSZ is not in this plex"],
    });
    expect(await api.cp("SYSA", "U01", "IND LOAD AT ALL")).toEqual({
      rc: 3,
      lines: ["HCPCQV003E Invalid option - ALL"],
    });
  });

  it("AT another system needs the CSE path in a plex with CTCs: HCPCSE9033E while PVM is down there", async () => {
    const token = await newTenant();
    const extra = ["USER IPLER IPLERPW 1G 2G G", "  MACHINE XC", "  IPL 190"].join("\n");
    const created = await call("/v1/plexes", {
      token,
      body: { ...smallPlex("indpvm", `${pvmDirectory}\n${extra}`), ctcs: pvmCtcs, files: pvmFiles() },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const base = "/v1/plexes/indpvm/systems";
    for (const s of ["SYSA", "SYSB"])
      expect((await call(`${base}/${s}/ipl`, { token, body: {} })).status).toBe(200);
    const logon = async (sys: string, userid: string, password: string) =>
      expect((await call(`${base}/${sys}/users/${userid}/logon`, { token, body: { password } })).status).toBe(
        200,
      );
    const cp = async (sys: string, userid: string, command: string) =>
      (await (await call(`${base}/${sys}/users/${userid}/cp`, { token, body: { command } })).json()) as {
        rc: number;
        lines: string[];
      };
    await logon("SYSA", "MAINT", "MAINTPW");
    await logon("SYSB", "IPLER", "IPLERPW");

    const up = await cp("SYSA", "MAINT", "INDICATE USER OPERATOR AT SYSB");
    expect(up.rc).toBe(0);
    expect(up.lines[0]).toBe("USERID=OPERATOR MACH=ESA STOR=32M VIRT=V XSTORE=NONE");
    // SYSB's own directory entry: MACHINE, the USER statement's storage, the IPL statement.
    expect((await cp("SYSA", "MAINT", "IND USER IPLER AT SYSB")).lines.slice(0, 2)).toEqual([
      "USERID=IPLER    MACH=XC STOR=1G VIRT=V XSTORE=NONE",
      "IPLSYS=DEV 0190 DEVNUM=00004",
    ]);

    expect((await cp("SYSA", "MAINT", "FORCE PVM AT SYSB")).rc).toBe(0);
    const noPath = {
      rc: 9033,
      lines: ["HCPCSE9033E System SYSB cannot be reached: no CSE path (PVM is not running on SYSB)"],
    };
    expect(await cp("SYSA", "MAINT", "INDICATE USER OPERATOR AT SYSB")).toEqual(noPath);
    expect(await cp("SYSA", "MAINT", "IND LOAD AT SYSB")).toEqual(noPath);
    // This system needs no path.
    expect((await cp("SYSA", "MAINT", "IND USER OPERATOR AT SYSA")).rc).toBe(0);
    expect(await cp("SYSA", "MAINT", "IND AT SYSD")).toEqual({
      rc: 9030,
      lines: ["HCPCSE9030E System SYSD is not up"],
    });

    // PVM back on SYSB (XAUTOLOG there, as an operator on SYSB would): INDICATE AT works again.
    await logon("SYSB", "MAINT", "MAINTPW");
    expect((await cp("SYSB", "MAINT", "XAUTOLOG PVM")).rc).toBe(0);
    const again = await cp("SYSA", "MAINT", "INDICATE USER OPERATOR AT SYSB");
    expect(again.rc).toBe(0);
    expect(again.lines[0]).toBe(up.lines[0]);
    expect((await cp("SYSA", "MAINT", "IND LOAD AT SYSB")).rc).toBe(0);
  });
});
