import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";

/**
 * The seed's mod-9 shared-SysRes XLINK steps (seed/cse-presentation.txt, "z/VM Shared SysRes –
 * xlink format"; issue #13 item 4), over HTTP, on a plex modelled on examples/ltic: LTICVM9 and
 * LTICVM5 IPL from VMQIPL, a 3390-9 whose CSE area is at cylinder 10008 (XLINK slots 3 and 5, as
 * the seed gives them).
 *
 *   1 Add XLINK_Volume_Include VMQ* CYL xxxx to SYSTEM CONFIG & XLINK_System_Exclude VM9
 *   2 IPL to pick up the change
 *   3 Run XLINK FORMAT to set up the CSE track on the VMQ SysRes volume
 *   4 Remove XLINK_System_Exclude VM9 from SYSTEM CONFIG and IPL to check that the VMQ volume
 *     comes online
 */

function sysresConfig(exclude: boolean): Record<string, string> {
  return {
    "SYSTEM CONFIG": [
      "System_Identifier 2084 %4B52A LTICVM9",
      "System_Identifier 2096 %168BE LTICVM5",
      "XLINK_System_Include Slot 3 LTICVM9",
      "XLINK_System_Include Slot 5 LTICVM5",
      ...(exclude ? ["XLINK_System_Exclude LTICVM9"] : []),
      "XLINK_Volume_Include VMQ* Cylinder 10008",
      "CP_Owned Slot 1 &SYSRES",
      "",
    ].join("\n"),
  };
}

const DIRECTORY = [
  "DIRECTORY 0123 3390 VM9CDS *4B52A-2084 LTICVM9",
  "DIRECTORY 0123 3390 VM5CDS *168BE-2096 LTICVM5",
  "USER MAINT MAINTPW 128M 1G ABCDEFG",
  // IBM's preferred way: a minidisk over the CSE area's cylinders, and nothing else.
  "  MDISK 0CF9 3390 10008 9 +VMRES MR ALL ALL ALL",
  "USER OPERATOR OPERPW 32M 64M ABCDEFG",
  "USER CMSUSER PW 32M 64M G",
  "  MDISK 0191 3390 0100 10 +VMRES MR ALL ALL ALL",
  "USER FULLPK PW 32M 64M G",
  "  MDISK 0123 3390 0000 END +VMRES MR",
  "USER SMALL PW 32M 64M G",
  "  MDISK 0CF8 3390 10008 5 +VMRES MR",
].join("\n");

const DASD = [
  { volser: "VMQIPL", devtype: "3390-9", rdev: "5500", ipl: ["LTICVM5", "LTICVM9"] },
  { volser: "VM9CDS", devtype: "3390-3", rdev: "5502" },
  { volser: "VM5CDS", devtype: "3390-3", rdev: "5623" },
];

async function plex(name: string, exclude: boolean) {
  const token = await newTenant();
  const created = await call("/v1/plexes", {
    token,
    body: { name, systemConfig: sysresConfig(exclude), directory: DIRECTORY, dasd: DASD },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}`;
  const api = {
    async ipl(sys: string) {
      const r = await call(`${base}/systems/${sys}/ipl`, { token, body: {} });
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as { state: string; lines: string[] };
    },
    async shutdown(sys: string) {
      const r = await call(`${base}/systems/${sys}/shutdown`, { token, body: {} });
      expect(r.status).toBe(200);
    },
    async config(exclude: boolean) {
      const r = await call(`${base}/config`, {
        token,
        method: "PUT",
        body: { systemConfig: sysresConfig(exclude), dasd: DASD },
      });
      expect(r.status, await r.clone().text()).toBe(200);
    },
    async logon(sys: string, userid: string, password: string) {
      const r = await call(`${base}/systems/${sys}/users/${userid}/logon`, { token, body: { password } });
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as { rc: number; lines: string[] };
    },
    async cp(sys: string, userid: string, command: string) {
      const r = await call(`${base}/systems/${sys}/users/${userid}/cp`, { token, body: { command } });
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as { rc: number; lines: string[] };
    },
    /** QUERY CPOWNED's slot 1: the SysRes, online and attached or not. */
    async sysres(sys: string) {
      const q = await api.cp(sys, "OPERATOR", "QUERY CPOWNED");
      expect(q.rc).toBe(0);
      return q.lines[1];
    },
  };
  return api;
}

const ONLINE = "   1  VMQIPL  5500  Own    Online and attached     -------- LTICVM9";

describe("XLINK as documented: the seed's mod-9 shared SysRes (issue #13 item 4)", () => {
  it("without the exclude, an unformatted VMQ* SysRes is not brought online, at all", async () => {
    const api = await plex("noexcl", false);
    const ipl = await api.ipl("LTICVM9");
    expect(ipl.state).toBe("UP");
    expect(ipl.lines).toContain(
      "HCPIPL9024W SysRes volume VMQIPL not brought online: XLINK-controlled and no CSE area; no minidisk on it can be linked",
    );
    expect(await api.sysres("LTICVM9")).toMatch(/^ {3}1 {2}VMQIPL {2}---- {2}Own {4}Not online/);
    // Nothing on it can be linked: MAINT cannot reach the area to format it from this system.
    const logon = await api.logon("LTICVM9", "CMSUSER", "PW");
    expect(logon.lines.join("\n")).toContain("HCPLNM108E CMSUSER 0191 not linked; volid VMQIPL not mounted");
  });

  it("steps 1-4: exclude, IPL, XLINK FORMAT, remove the exclude, IPL: VMQIPL comes online", async () => {
    const api = await plex("seedmod9", true);
    // 1-2: with LTICVM9 excluded, its CP does no cross-system link: VMQIPL comes online unformatted.
    const first = await api.ipl("LTICVM9");
    expect(first.lines).toContain(
      "HCPIPL9025I XLINK_System_Exclude names LTICVM9: cross-system link is not active on this system",
    );
    expect(first.lines.join("\n")).not.toMatch(/HCPIPL902[04]W/);
    expect(await api.sysres("LTICVM9")).toBe(ONLINE);
    expect((await api.cp("LTICVM9", "OPERATOR", "XLINK CHECK VMQIPL")).lines).toEqual([
      "HCPXXL9012E Volume VMQIPL is not controlled by CSE LINK.",
    ]);

    // 3: XLINK FORMAT through MAINT's minidisk over the CSE area: its own link is the only one.
    await api.logon("LTICVM9", "MAINT", "MAINTPW");
    const format = await api.cp("LTICVM9", "MAINT", "XLINK FORMAT 0CF9 VMQIPL");
    expect(format.rc, format.lines.join("\n")).toBe(0);
    expect(format.lines.join("\n")).toContain("10008");
    const display = await api.cp("LTICVM9", "MAINT", "XLINK DISPLAY 0CF9");
    expect(display.rc).toBe(0);
    // In the include list (the exclude is of the system, not the volume), formatted by MAINT at
    // LTICVM9, for the five slots XLINK_System_Include gives.
    expect(display.lines[0]).toMatch(
      /^HCPXXL2876I VOLUME VMQIPL WAS FORMATTED FOR CSE ON \d\d\/\d\d\/\d\d AT \d\d:\d\d:\d\d BY USER MAINT AT SYSTEM LTICVM9$/,
    );
    expect(display.lines[1]).toMatch(/^-CYL- READ\/WRITE FLAGS ON VMQIPL \(CYL=10017 .*SYSTEMS=5\)$/);
    expect(display.lines[2]).toBe("----- NO LINK FLAGS ON THIS VOLUME- VMQIPL");

    // 4: the exclude goes, and the next IPL brings VMQIPL online under XLINK.
    await api.config(false);
    await api.shutdown("LTICVM9");
    const second = await api.ipl("LTICVM9");
    expect(second.lines.join("\n")).not.toMatch(/HCPIPL902[045]/);
    expect(await api.sysres("LTICVM9")).toBe(ONLINE);
    expect((await api.cp("LTICVM9", "OPERATOR", "XLINK CHECK VMQIPL")).lines).toEqual([
      "Volume VMQIPL is controlled by CSE LINK.",
    ]);
    await api.logon("LTICVM9", "MAINT", "MAINTPW");
    const flags = await api.cp("LTICVM9", "MAINT", "XLINK DISPLAY 0CF9 NOHEADER");
    expect(flags.lines.slice(1)).toEqual(["10008-10016 W LTICVM9"]);

    // The other system of the shared SysRes comes up on it too, and XLINK protects the area.
    const vm5 = await api.ipl("LTICVM5");
    expect(vm5.lines.join("\n")).not.toMatch(/HCPIPL902[045]/);
    const link = await api.cp("LTICVM5", "OPERATOR", "LINK MAINT 0CF9 0CF9 M");
    expect(link.rc).not.toBe(0);
    expect(link.lines.join("\n")).toMatch(/MAINT 0CF9 not linked; R\/W by LTICVM9/);
  });

  it("XLINK FORMAT through a minidisk: full-pack, not covering the area, other links on the volume", async () => {
    const api = await plex("fmtmdisk", true);
    await api.ipl("LTICVM9");
    // A minidisk over part of the CSE area (10008-10012 of 10008-10016) is refused.
    await api.logon("LTICVM9", "SMALL", "PW");
    expect((await api.cp("LTICVM9", "SMALL", "XLINK FORMAT 0CF8 VMQIPL")).lines).toEqual([
      "HCPXXL9018E XLINK FORMAT: 0CF8 does not cover the CSE area of VMQIPL (cylinders 10008-10016)",
    ]);
    // Another user's link on the volume (SMALL's own 0CF8) refuses the full-pack minidisk too.
    await api.logon("LTICVM9", "FULLPK", "PW");
    expect((await api.cp("LTICVM9", "FULLPK", "XLINK FORMAT 0123 VMQIPL")).lines).toEqual([
      "HCPXXL9016E XLINK FORMAT: VMQIPL has links; formatting would lose their flags",
    ]);
    expect((await api.cp("LTICVM9", "SMALL", "DETACH 0CF8")).rc).toBe(0);
    // With its own link the only one, the full-pack minidisk formats the area.
    const ok = await api.cp("LTICVM9", "FULLPK", "XLINK FORMAT 0123 VMQIPL");
    expect(ok.rc, ok.lines.join("\n")).toBe(0);
    // A label that is not the volume's is still refused.
    expect((await api.cp("LTICVM9", "FULLPK", "XLINK FORMAT 0123 VMQXXX")).rc).not.toBe(0);
  });
});
