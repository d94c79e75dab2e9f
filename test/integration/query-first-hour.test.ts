import ltic from "../../examples/ltic/plex.json";
import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";

/**
 * QUERY CPOWNED, ALLOC, CPUID, SET, PRIVCLAS and VIRTUAL on the seed's LTIC plex (issue #13 item 1):
 * LTICVM9's CP_Owned list (examples/ltic/vm9-cpowned.sysconfig) has its own volumes and LTICVM5's
 * spool volumes as Shared; the DASD inventory (examples/ltic/dasd.json) gives the CPFMTXA maps.
 */

async function lticVm9() {
  const token = await newTenant();
  const res = await call("/v1/plexes", { token, body: ltic });
  expect(res.status, await res.clone().text()).toBe(201);
  // VMQIPL is under XLINK (VMQ* Cylinder 10008): a SysRes without a CSE area is not brought online
  // (docs/decisions.md, "XLINK as documented"), so it is formatted first, from LTICVM1 (ATTACH path).
  const vm1 = "/v1/plexes/ltic/systems/LTICVM1";
  expect((await call(`${vm1}/ipl`, { token, body: {} })).status).toBe(200);
  expect((await call(`${vm1}/users/MAINT/logon`, { token, body: { password: "LTICMNT" } })).status).toBe(200);
  for (const command of ["ATTACH 5500 TO * AS 5500", "XLINK FORMAT 5500 VMQIPL", "DETACH 5500"]) {
    const r = await call(`${vm1}/users/MAINT/cp`, { token, body: { command } });
    expect(((await r.json()) as { rc: number }).rc, command).toBe(0);
  }
  expect((await call(`${vm1}/shutdown`, { token, body: {} })).status).toBe(200);
  const ipl = await call("/v1/plexes/ltic/systems/LTICVM9/ipl", { token, body: {} });
  expect(ipl.status, await ipl.clone().text()).toBe(200);
  const base = "/v1/plexes/ltic/systems/LTICVM9/users";
  const logon = async (userid: string, password: string) =>
    expect((await call(`${base}/${userid}/logon`, { token, body: { password } })).status).toBe(200);
  const cp = async (userid: string, command: string) => {
    const r = await call(`${base}/${userid}/cp`, { token, body: { command } });
    expect(r.status, command).toBe(200);
    return (await r.json()) as { rc: number; lines: string[] };
  };
  return { token, logon, cp };
}

describe("QUERY in the first hour, on LTICVM9", () => {
  it("QUERY CPOWNED: every slot, Own and Shared volumes as vm9-cpowned.sysconfig and the IPL give them", async () => {
    const { logon, cp } = await lticVm9();
    await logon("MAINT", "LTICMNT");
    const q = await cp("MAINT", "QUERY CPOWNED");
    expect(q.rc).toBe(0);
    expect(q.lines).toHaveLength(256);
    const slot = (n: number) => q.lines[n];
    expect(slot(1)).toBe("   1  VMQIPL  5500  Own    Online and attached     -------- LTICVM9");
    expect(slot(2)).toBe("   2  VM9CDS  5502  Own    Online and attached     -------- LTICVM9");
    expect(slot(3)).toBe("   3  ------  ----  -----  Reserved                -------- --------");
    // CP_Owned Slot 38 VM5SP0 Shared: LTICVM5's spool, which LTICVM5 owns.
    expect(slot(38)).toBe("  38  VM5SP0  5610  Shared Online and attached     -------- LTICVM5");
    expect(slot(54)).toBe("  54  VM9SP0  5510  Own    Online and attached     -------- LTICVM9");
    expect(slot(255)).toBe(" 255  VM9PG0  5520  Own    Online and attached     -------- LTICVM9");
    expect(q.lines.filter((l) => l.includes("Online and attached"))).toHaveLength(11);
    expect(await cp("MAINT", "Q CPOWN VOLID VM5SP3")).toEqual({
      rc: 0,
      lines: [q.lines[0], "  41  VM5SP3  5613  Shared Online and attached     -------- LTICVM5"],
    });
    expect(await cp("MAINT", "Q CPOWN VOLID VM1SP0")).toEqual({
      rc: 3,
      lines: ["HCPCQV003E Invalid option - VM1SP0"],
    });
  });

  it("QUERY ALLOC from the inventory's CPFMTXA maps (examples/ltic/dasd.json)", async () => {
    const { logon, cp } = await lticVm9();
    await logon("MAINT", "LTICMNT");
    const all = await cp("MAINT", "Q ALLOC");
    expect(all.rc).toBe(0);
    // Eleven CP-owned volumes, five lines each, then the IPL volume.
    expect(all.lines).toHaveLength(56);
    expect(all.lines.slice(5, 10)).toEqual([
      "DASD 5502 VM9CDS 3390 CKD-ECKD (UNITS IN CYLINDERS)",
      "     TDISK TOTAL=00000000000 INUSE=00000000000 AVAIL=00000000000",
      "     PAGE  TOTAL=00000000000 INUSE=00000000000 AVAIL=00000000000",
      "     SPOOL TOTAL=00000000000 INUSE=00000000000 AVAIL=00000000000",
      "     DRCT  TOTAL=00000000040 INUSE=00000000000 AVAIL=00000000040, ACTIVE",
    ]);
    expect(all.lines.at(-1)).toBe("IPL NUCLEUS ACTIVE ON VOLUME VMQIPL");

    const spool = await cp("MAINT", "QUERY ALLOC SPOOL");
    expect(spool.lines.slice(3, -3)).toEqual(
      [
        "VM5SP0 5610",
        "VM5SP1 5611",
        "VM5SP2 5612",
        "VM5SP3 5613",
        "VM9SP0 5510",
        "VM9SP1 5511",
        "VM9SP2 5512",
        "VM9SP3 5513",
      ].map((v) => `${v}          1       3338 600840      0      0   0%`),
    );
    // 8 x 600840 pages is past six digits: 4694K.
    expect(spool.lines.slice(-2)).toEqual([
      "SUMMARY                            4694K      0          0%",
      "USABLE                             4694K      0          0%",
    ]);
    expect((await cp("MAINT", "Q ALLOC PAGE")).lines[3]).toBe(
      "VM9PG0 5520          1       3338 600840      0      0   0%",
    );
    expect((await cp("MAINT", "Q ALLOC DRCT")).lines[3]).toBe(
      "VM9CDS 5502         19         58     40      0      0   0% ACTIVE",
    );
    expect((await cp("MAINT", "Q ALLOC VM9S*")).lines).toHaveLength(4 * 5 + 1);
    expect(await cp("MAINT", "Q ALLOC VM1PG0")).toEqual({
      rc: 3,
      lines: ["HCPCQV003E Invalid option - VM1PG0"],
    });
  });

  it("QUERY CPUID from System_Identifier 2084 %4B52A LTICVM9; SET, PRIVCLAS, VIRTUAL", async () => {
    const { logon, cp } = await lticVm9();
    await logon("MAINT", "LTICMNT");
    await logon("TCPMAINT", "TCPMAINT");
    expect(await cp("TCPMAINT", "Q CPUID")).toEqual({ rc: 0, lines: ["CPUID= FF04B52A20848000"] });
    expect(await cp("TCPMAINT", "Q PRIVCLAS")).toEqual({
      rc: 0,
      lines: [
        "Privilege classes for user TCPMAINT",
        "Currently: G",
        "Directory: G",
        "The privilege classes are not locked against changes.",
      ],
    });
    expect((await cp("TCPMAINT", "Q SET")).lines[0]).toBe("MSG ON  , WNG ON  , EMSG ON  , ACNT OFF, RUN OFF");
    await cp("TCPMAINT", "SET MSG OFF");
    expect((await cp("TCPMAINT", "Q SET")).lines[0]).toBe("MSG OFF, WNG ON  , EMSG ON  , ACNT OFF, RUN OFF");

    const v = await cp("MAINT", "Q V");
    expect(v.rc).toBe(0);
    expect(v.lines.slice(0, 3)).toEqual([
      "STORAGE = 128M",
      "CPU 00  ID  FF04B52A20848000 (BASE) CP   CPUAFF ON",
      "CONS 0009 ON LDEV 0009   TERM START",
    ]);
    expect(v).toEqual(await cp("MAINT", "QUERY VIRTUAL ALL"));
    expect(v.lines).toEqual(expect.arrayContaining((await cp("MAINT", "Q V DASD")).lines));
    expect(await cp("MAINT", "Q V STOR")).toEqual({ rc: 0, lines: ["STORAGE = 128M"] });
    expect((await cp("MAINT", "Q V RDR")).lines[0]).toBe("RDR  000C CL * NOCONT NOHOLD EOF    READY");
    expect((await cp("MAINT", "Q V 00C")).lines).toEqual((await cp("MAINT", "Q V RDR")).lines);
    expect((await cp("MAINT", "Q V CONS")).lines).toHaveLength(4);
  });

  it("without the class: read as a userid (HCPCQU045E), and bad operands answer CP's message, never a 5xx", async () => {
    const { logon, cp } = await lticVm9();
    await logon("TCPMAINT", "TCPMAINT");
    expect(await cp("TCPMAINT", "Q CPOWNED")).toEqual({
      rc: 45,
      lines: ["HCPCQU045E CPOWNED not logged on"],
    });
    expect(await cp("TCPMAINT", "Q ALLOC")).toEqual({ rc: 45, lines: ["HCPCQU045E ALLOC not logged on"] });
    expect(await cp("TCPMAINT", "Q ALLOC PAGE")).toEqual({
      rc: 3,
      lines: ["HCPCQV003E Invalid option - PAGE"],
    });
    expect(await cp("TCPMAINT", "Q CPUID NOW")).toEqual({
      rc: 3,
      lines: ["HCPCQV003E Invalid option - NOW"],
    });
    expect(await cp("TCPMAINT", "Q V STOR X")).toEqual({ rc: 3, lines: ["HCPCQV003E Invalid option - X"] });
  });
});
