import { describe, expect, it } from "vitest";
import type { DasdEntry } from "../../src/dasd/inventory";
import { lintPlex } from "../../src/lint";
import { RULES } from "../../src/lint/rules";

const CONFIG = `System_Identifier 2964 %11111 SYSA
System_Identifier 2964 %22222 SYSB
XLINK_System_Include Slot 1 SYSA SYSB
XLINK_Volume_Include SHR*
XSPOOL_SYSTEM Slot 1 SYSA SYSB Share_Spool YES
XSPOOL_XLIST_OUTPUT RSCS
Imbed -SYSTEM- CPOWNED
`;
const CPOWNED = (sys: string) =>
  `CP_Owned Slot 1 &SYSRES\nCP_Owned Slot 2 ${sys.slice(3)}CDS\nCP_Owned Slot 10 SPOOL1 Shared\n`;
const DIRECTORY = `DIRECTORY 0123 3390 ACDS *11111-2964 SYSA
DIRECTORY 0123 3390 BCDS *22222-2964 SYSB
USER MAINT MAINTPW 128M 1G ABCDEFG
  MDISK 0191 3390 100 10 SHR001 MR
USER RSCS RSCSPW 64M 64M G
  MDISK 0191 3390 200 10 SHR001 MR
USER DIRMAINT DIRMPW 64M 64M G
  MDISK 015D 3390 300 1 SHR001 MR
`;
const DASD: DasdEntry[] = [
  { volser: "RESA", devtype: "3390-9", ipl: ["SYSA"] },
  { volser: "RESB", devtype: "3390-9", ipl: ["SYSB"] },
  {
    volser: "ACDS",
    devtype: "3390-3",
    allocation: [
      { type: "PERM", start: 0, end: 18 },
      { type: "DRCT", start: 19, end: 58 },
      { type: "PERM", start: 59, end: 3338 },
    ],
  },
  {
    volser: "BCDS",
    devtype: "3390-3",
    allocation: [
      { type: "PERM", start: 0, end: 18 },
      { type: "DRCT", start: 19, end: 58 },
      { type: "PERM", start: 59, end: 3338 },
    ],
  },
  { volser: "SHR001", devtype: "3390-9" },
  {
    volser: "SPOOL1",
    devtype: "3390-9",
    allocation: [
      { type: "SPOL", start: 1, end: 10016 },
      { type: "PERM", start: 0, end: 0 },
    ],
  },
];

const files = (over: Record<string, string> = {}) => ({
  "SYSTEM CONFIG": CONFIG,
  "SYSA CPOWNED": CPOWNED("SYSA"),
  "SYSB CPOWNED": CPOWNED("SYSB"),
  ...over,
});

const codes = (r: ReturnType<typeof lintPlex>) => r.diagnostics.map((d) => `${d.severity} ${d.code}`);

describe("plex lint", () => {
  it("passes a clean two-system plex", () => {
    const r = lintPlex({ systemConfig: files(), directory: DIRECTORY, dasd: DASD });
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.plex.views.get("SYSB")!.iplVolume).toBe("RESB");
  });

  it("warns when a checkpoint or warm start area is on a volume the system does not bring online", () => {
    const residence = (volid: string) =>
      `System_Residence Checkpoint Volid ${volid} From Cyl 1 For 9 Warmstart Volid ${volid} From Cyl 10 For 9\n`;
    // ACDS is CP_Owned on SYSA: fine. SHR001 is a user volume: online too. SPARE1 is neither.
    const r = lintPlex({
      systemConfig: files({
        "SYSTEM CONFIG":
          CONFIG + "User_Volume_Include SHR*\nSYSA: " + residence("ACDS") + "SYSB: " + residence("SPARE1"),
      }),
      directory: DIRECTORY,
      dasd: [...DASD, { volser: "SPARE1", devtype: "3390-3" }],
    });
    const found = r.diagnostics.filter((d) => d.code === "SYSRES-RESIDENCE-OFFLINE");
    expect(found.map((d) => d.message)).toEqual([
      expect.stringContaining("SYSB keeps its checkpoint area on SPARE1"),
      expect.stringContaining("SYSB keeps its warm start area on SPARE1"),
    ]);
  });

  it("every rule has a distinct code and a title", () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.title.length).toBeGreaterThan(10);
  });

  it("flags systems no System_Identifier names, in XLINK, XSPOOL, SYSAFFIN and DIRECTORY", () => {
    const r = lintPlex({
      systemConfig: files({
        "SYSTEM CONFIG": CONFIG + "XLINK_System_Include Slot 3 SYSC\nXSPOOL_SYSTEM Slot 3 SYSD\n",
      }),
      directory:
        DIRECTORY +
        "DIRECTORY 0123 3390 ECDS *33333-2964 SYSE\nUSER OTHER PW 8M 8M G\nSYSAFFIN SYSF\n  MDISK 0191 3390 400 1 SHR001 MR\n",
      dasd: DASD,
    });
    const unknown = r.diagnostics.filter((d) => d.code === "CSE-SYSTEM-UNKNOWN").map((d) => d.message);
    expect(unknown).toEqual([
      expect.stringContaining("slot 3 to SYSC"),
      expect.stringContaining("XSPOOL_SYSTEM gives slot 3 to SYSD"),
      expect.stringContaining("SYSE"),
      expect.stringContaining("SYSAFFIN in OTHER names SYSF"),
    ]);
  });

  it("flags duplicate slots and a system in two slots as errors", () => {
    const r = lintPlex({
      systemConfig: files({ "SYSTEM CONFIG": CONFIG + "XLINK_System_Include Slot 2 SYSA\n" }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.filter((d) => d.code === "CSE-SLOT-DUPLICATE").map((d) => d.message)).toEqual([
      "XLINK_System_Include slot 2 is given to both SYSB and SYSA",
      "XLINK_System_Include gives SYSA both slot 1 and slot 2",
    ]);
  });

  it("warns that an exclude of an included system is ignored (scenario 23)", () => {
    const r = lintPlex({
      systemConfig: files({ "SYSTEM CONFIG": CONFIG + "XLINK_System_Exclude SYSB\n" }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(codes(r)).toEqual(["warning CSE-INCLUDED-AND-EXCLUDED"]);
  });

  it("makes differing slot lists between systems an error (scenario 31)", () => {
    const r = lintPlex({
      systemConfig: files({
        "SYSTEM CONFIG": CONFIG.replace(
          "XLINK_System_Include Slot 1 SYSA SYSB",
          "SYSA: XLINK_System_Include Slot 1 SYSA SYSB\nSYSB: XLINK_System_Include Slot 1 SYSB SYSA",
        ),
      }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(codes(r)).toContain("error CSE-SLOTS-DIFFER");
  });

  it("refuses XLINK together with SSI (scenario 24)", () => {
    const r = lintPlex({
      systemConfig: files({ "SYSTEM CONFIG": CONFIG + "SSI CLUSTER1 PDR_VOLUME VMCOM1 SLOT 1 SYSA\n" }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(codes(r)).toContain("error CSE-XLINK-WITH-SSI");
  });

  it("needs a DIRECTORY statement for every system", () => {
    const r = lintPlex({
      systemConfig: files(),
      directory: DIRECTORY.split("\n").slice(1).join("\n"),
      dasd: DASD,
    });
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "DIR-NO-DIRECTORY",
        severity: "error",
        message: expect.stringContaining("SYSA"),
      }),
    );
  });

  it("warns of overlapping minidisks but not of full-pack overlays", () => {
    const dir =
      DIRECTORY +
      "USER OVER PW 8M 8M G\n  MDISK 0191 3390 105 10 SHR001 MR\n  MDISK 0999 3390 0 10017 SHR001 MR\n  MDISK 0998 3390 DEVNO 0200 MR\n";
    const r = lintPlex({ systemConfig: files(), directory: dir, dasd: DASD });
    const overlaps = r.diagnostics.filter((d) => d.code === "MDISK-OVERLAP");
    expect(overlaps).toHaveLength(2); // seen on SYSA and on SYSB
    expect(overlaps[0]).toMatchObject({
      severity: "warning",
      line: 10,
      message: expect.stringContaining("OVER 0191 (SHR001 105-114) overlaps MAINT 0191 (100-109)"),
    });
  });

  it("makes a vdev defined twice an error (the resolver finds it per system)", () => {
    const r = lintPlex({
      systemConfig: files(),
      directory:
        DIRECTORY + "USER TWICE PW 8M 8M G\n  MDISK 0191 3390 500 1 SHR001 MR\n  LINK MAINT 0191 0191 RR\n",
      dasd: DASD,
    });
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: "DIR-DUP-VDEV", severity: "error", line: 11 }),
    );
  });

  it("warns of minidisks on unknown volumes and past the end of a volume", () => {
    const r = lintPlex({
      systemConfig: files(),
      directory:
        DIRECTORY +
        "USER LOST PW 8M 8M G\n  MDISK 0191 3390 1 10 NOWHER MR\n  MDISK 0192 3390 3330 20 ACDS MR\n",
      dasd: DASD,
    });
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: "MDISK-VOLUME-UNKNOWN", line: 10, severity: "warning" }),
    );
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "MDISK-PAST-END",
        line: 11,
        message: expect.stringContaining("cylinders 0-3338"),
      }),
    );
  });

  it("checks the CSE area: on the volume, in PERM space, clear of minidisks", () => {
    const cfg = CONFIG.replace(
      "XLINK_Volume_Include SHR*",
      "XLINK_Volume_Include SHR* Cylinder 10010\nXLINK_Volume_Include ACDS",
    );
    const dir = DIRECTORY + "USER CSE PW 8M 8M G\n  MDISK 0191 3390 0 5 ACDS MR\n";
    const r = lintPlex({ systemConfig: files({ "SYSTEM CONFIG": cfg }), directory: dir, dasd: DASD });
    const msgs = r.diagnostics.filter((d) => d.code === "CSE-AREA-PLACEMENT").map((d) => d.message);
    expect(msgs).toEqual([
      expect.stringContaining("SHR001 (SHR001 cylinders 10010-10018) runs past the end"),
      expect.stringContaining("CSE 0191 (0-4) overlaps the CSE area of ACDS cylinders 0-0"),
    ]);
    const drct = lintPlex({
      systemConfig: files({ "SYSTEM CONFIG": CONFIG.replace("SHR*", "ACDS Cylinder 20") }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(drct.diagnostics.filter((d) => d.code === "CSE-AREA-PLACEMENT").map((d) => d.message)).toEqual([
      expect.stringContaining("lies in DRCT space 19-58"),
    ]);
  });

  it("warns of R/W minidisks, checkpoint and directory on a SysRes two systems share", () => {
    const dasd = DASD.map((d) => (d.volser === "RESA" ? { ...d, ipl: ["SYSA", "SYSB"] } : d)).filter(
      (d) => d.volser !== "RESB",
    );
    const cfg =
      CONFIG +
      "System_Residence Checkpoint Volid RESA From Cylinder 1 For 9 Warmstart Volid RESA From Cylinder 10 For 9\n";
    const dir =
      DIRECTORY.replace("BCDS *22222", "RESA *22222") +
      "USER SVM PW 8M 8M G\n  MDISK 0191 3390 3000 5 +VMRES MR\n  MDISK 0192 3390 3005 5 +VMRES RR\n";
    const r = lintPlex({ systemConfig: files({ "SYSTEM CONFIG": cfg }), directory: dir, dasd });
    const msgs = r.diagnostics.filter((d) => d.code === "SYSRES-SHARED").map((d) => d.message);
    expect(msgs).toEqual([
      expect.stringContaining("checkpoint area on RESA"),
      expect.stringContaining("warmstart area on RESA"),
      expect.stringContaining("object directory of SYSB is on RESA"),
      expect.stringContaining("SVM 0191 is a MR minidisk on RESA"),
    ]);
  });

  it("warns of another system's directory volume in CP_Owned, and shared spool slots that differ", () => {
    const r = lintPlex({
      systemConfig: files({
        "SYSB CPOWNED":
          "CP_Owned Slot 1 &SYSRES\nCP_Owned Slot 2 BCDS\nCP_Owned Slot 3 ACDS\nCP_Owned Slot 11 SPOOL1 Shared\n",
      }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual([
      "CPOWNED-OTHER-DIRECTORY",
      "SPOOL-SLOT-DIFFERS",
    ]);
    expect(r.diagnostics.find((d) => d.code === "SPOOL-SLOT-DIFFERS")).toMatchObject({
      file: "SYSB CPOWNED",
      line: 4,
    });
  });

  it("warns of XLIST users the directory lacks", () => {
    const r = lintPlex({
      systemConfig: files({ "SYSTEM CONFIG": CONFIG + "XSPOOL_XLIST_INPUT PVM\n" }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "XLIST-USER-UNKNOWN", message: expect.stringContaining("PVM") }),
    ]);
  });

  it("checks allocation maps: DRCT for directories, PERM for checkpoint and minidisks", () => {
    const dasd = DASD.map((d) =>
      d.volser === "BCDS" ? { ...d, allocation: [{ type: "PERM" as const, start: 0, end: 3338 }] } : d,
    );
    const cfg =
      CONFIG +
      "SYSA: System_Residence Checkpoint Volid ACDS From Cylinder 15 For 9 Warmstart Volid ACDS From Cylinder 10 For 9\n";
    const dir = DIRECTORY + "USER INDRCT PW 8M 8M G\n  MDISK 0191 3390 50 20 ACDS MR\n";
    const r = lintPlex({ systemConfig: files({ "SYSTEM CONFIG": cfg }), directory: dir, dasd });
    expect(
      r.diagnostics.filter((d) => d.code.startsWith("ALLOCATION")).map((d) => `${d.code} ${d.message}`),
    ).toEqual([
      expect.stringContaining("Checkpoint area ACDS 15-23 is not all PERM space (it meets DRCT 19-58)"),
      expect.stringContaining("Warmstart area 10-18 overlaps the checkpoint area 15-23"),
      expect.stringContaining("DIRECTORY volume BCDS has no DRCT space"),
      expect.stringContaining("INDRCT 0191 (ACDS 50-69) lies in DRCT 19-58"),
    ]);
  });

  it("wants DirMaint's lock disk on an XLINK volume", () => {
    const r = lintPlex({
      systemConfig: files(),
      directory: DIRECTORY.replace("015D 3390 300 1 SHR001", "015D 3390 300 1 RESA"),
      dasd: DASD,
    });
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual([
      "warning DIRMAINT-LOCK-DISK",
      "warning XLINK-UNPROTECTED",
    ]);
  });

  it("warns of directory LINKs to users or minidisks that do not exist", () => {
    const r = lintPlex({
      systemConfig: files(),
      directory:
        DIRECTORY + "USER LINKER PW 8M 8M G\n  LINK NOBODY 0191 0191 RR\n  LINK MAINT 0999 0999 RR\n",
      dasd: DASD,
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(["LINK-TARGET 10", "LINK-TARGET 11"]);
  });
});

describe("plex lint, seed-implied rules", () => {
  it("notes an exclude of a system nobody identifies, as information", () => {
    const r = lintPlex({
      systemConfig: files({ "SYSTEM CONFIG": CONFIG + "XLINK_System_Exclude LVL2VM\n" }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "CSE-SYSTEM-UNKNOWN",
        severity: "info",
        message: expect.stringContaining("LVL2VM"),
      }),
    ]);
  });

  it("warns when Shared spool volumes sit on a system whose Share_Spool is NO", () => {
    const r = lintPlex({
      systemConfig: files({ "SYSTEM CONFIG": CONFIG.replace("Share_Spool YES", "Share_Spool NO") }),
      directory: DIRECTORY,
      dasd: DASD,
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.file} ${d.line}`)).toEqual([
      "SPOOL-SHARED-NOT-SHARING SYSA CPOWNED 3",
      "SPOOL-SHARED-NOT-SHARING SYSB CPOWNED 3",
    ]);
  });

  it("lets a minidisk that lies within the CSE area be, as IBM recommends for XLINK FORMAT", () => {
    const dir =
      DIRECTORY +
      "USER MAINTX PW 8M 8M G\n  MDISK 0CCC 3390 10008 9 SHR001 MR\n  MDISK 0CCD 3390 10000 9 SHR001 MR\n";
    const cfg = CONFIG.replace("XLINK_Volume_Include SHR*", "XLINK_Volume_Include SHR* Cylinder 10008");
    const r = lintPlex({ systemConfig: files({ "SYSTEM CONFIG": cfg }), directory: dir, dasd: DASD });
    // 0CCD reaches outside the area (and overlaps 0CCC, seen from both systems); 0CCC alone is fine.
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([
      "MDISK-OVERLAP 10",
      "MDISK-OVERLAP 10",
      "CSE-AREA-PLACEMENT 11",
    ]);
  });
});

describe("plex lint, sharing risks", () => {
  it("warns of a volume two systems write without XLINK", () => {
    const dir = DIRECTORY + "USER SHARER PW 8M 8M G\n  MDISK 0191 3390 10 10 OPEN01 MR\n";
    const r = lintPlex({ systemConfig: files(), directory: dir, dasd: [...DASD, { volser: "OPEN01" }] });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "XLINK-UNPROTECTED",
        line: 10,
        message: expect.stringContaining("OPEN01 holds minidisks that SYSA, SYSB use"),
      }),
    ]);
    // Read-only sharing needs no XLINK.
    const ro = lintPlex({
      systemConfig: files(),
      directory: dir.replace("OPEN01 MR", "OPEN01 RR"),
      dasd: [...DASD, { volser: "OPEN01" }],
    });
    expect(ro.diagnostics).toEqual([]);
  });

  it("warns when a DIRECTORY statement's CPU does not match System_Identifier", () => {
    const r = lintPlex({
      systemConfig: files(),
      directory: DIRECTORY.replace("*22222-2964 SYSB", "*99999-2964 SYSB"),
      dasd: DASD,
    });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "DIR-CPUID-MISMATCH", line: 2 })]);
  });
});
