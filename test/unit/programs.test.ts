import { describe, expect, it } from "vitest";
import { createSchema, lintBodySchema, programsSchema } from "../../src/api/schemas";
import { profileFor } from "../../src/cms/profiles";
import { PROGRAM_NAMES, programOf, usersRunning } from "../../src/cms/programs";
import { lintPlex, type PlexInput } from "../../src/lint";
import { RULES } from "../../src/lint/rules";
import { pvmNetwork } from "../../src/pvm/network";
import { pvmStateOf } from "../../src/pvm/report";

/** Which user runs which program (issue #11 item 2): by name unless the plex's `programs` say otherwise. */

describe("the program role lookup", () => {
  it("gives each user its name's program by default, and nothing to others", () => {
    expect(PROGRAM_NAMES).toEqual(["AUTOLOG1", "PVM", "RSCS", "DIRMAINT", "DIRMSAT"]);
    expect(programOf("AUTOLOG1")).toBe("AUTOLOG1");
    expect(programOf("PVM")).toBe("PVM");
    expect(programOf("pvm")).toBe("PVM");
    expect(programOf("MAINT")).toBeUndefined();
    expect(programOf("NONE")).toBeUndefined();
    expect(usersRunning("PVM")).toEqual(["PVM"]);
  });

  it("takes the plex's word over the name: another user runs PVM, NONE switches a default off", () => {
    const programs = { PVMX: "PVM", PVM: "NONE" } as const;
    expect(programOf("PVMX", programs)).toBe("PVM");
    expect(programOf("pvmx", programs)).toBe("PVM");
    expect(programOf("PVM", programs)).toBeUndefined();
    expect(programOf("AUTOLOG1", programs)).toBe("AUTOLOG1");
    expect(usersRunning("PVM", programs)).toEqual(["PVMX"]);
    expect(usersRunning("AUTOLOG1", programs)).toEqual(["AUTOLOG1"]);
    // A user named PVM that the plex gives AUTOLOG1's program is no longer PVM's.
    expect(usersRunning("PVM", { PVM: "AUTOLOG1" })).toEqual([]);
    expect(usersRunning("AUTOLOG1", { PVM: "AUTOLOG1" })).toEqual(["PVM", "AUTOLOG1"]);
    // Named ones first in userid order, then the default; `exists` keeps the directory's users only.
    expect(usersRunning("PVM", { PVMZ: "PVM", PVMB: "PVM" })).toEqual(["PVMB", "PVMZ", "PVM"]);
    expect(usersRunning("PVM", { PVMZ: "PVM" }, (u) => u !== "PVMZ")).toEqual(["PVM"]);
    // Keys of Object.prototype are not programs.
    expect(programOf("CONSTRUC", { PVMX: "PVM" })).toBeUndefined();
    expect(programOf("toString", {})).toBeUndefined();
  });

  it("decides what a profile runs", () => {
    expect(profileFor("PVMX", { PVMX: "PVM" })).toMatchObject({ product: { name: "PVM" } });
    expect(profileFor("PVMX")).toBeUndefined();
    expect(profileFor("PVM", { PVM: "NONE" })).toBeUndefined();
    expect(profileFor("AUTOLOG2", { AUTOLOG2: "AUTOLOG1" })).toEqual({
      vdev: "0191",
      fn: "PROFILE",
      ft: "EXEC",
    });
  });
});

describe("the programs input at the API's edge", () => {
  it("takes userids and programs in any case and hands them on in upper case", () => {
    expect(programsSchema.parse({ pvmx: "pvm", PVM: "NONE", AUTOLOG1: "AUTOLOG1" })).toEqual({
      PVMX: "PVM",
      PVM: "NONE",
      AUTOLOG1: "AUTOLOG1",
    });
    expect(programsSchema.parse({})).toEqual({});
  });

  it("refuses an unknown program, a bad userid or one userid twice, naming the key", () => {
    const issues = (v: unknown) => {
      const r = programsSchema.safeParse(v);
      expect(r.success).toBe(false);
      return r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ PVMX: "RSCSX" })).toEqual([
      'PVMX: PVMX: unknown program "RSCSX"; one of AUTOLOG1, PVM, RSCS, DIRMAINT, DIRMSAT, NONE',
    ]);
    expect(issues({ PVMX: 3 })).toEqual([
      "PVMX: PVMX: unknown program 3; one of AUTOLOG1, PVM, RSCS, DIRMAINT, DIRMSAT, NONE",
    ]);
    expect(issues({ TOOLONGID: "PVM" })).toEqual([
      'TOOLONGID: "TOOLONGID" is not a userid (1-8 characters: letters, digits, @ # $ _ -)',
    ]);
    expect(issues({ "": "PVM" })[0]).toContain("is not a userid");
    expect(issues({ pvmx: "PVM", PVMX: "NONE" })).toEqual(['PVMX: PVMX is given twice (also as "pvmx")']);
    expect(issues([])).toHaveLength(1);
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`U${i}`, "NONE"]));
    expect(issues(many)).toEqual([": at most 1000 userids"]);
  });

  it("is taken by POST /v1/plexes and POST /v1/lint", () => {
    const base = { systemConfig: "", directory: "" };
    expect(createSchema.parse({ ...base, name: "p", programs: { pvmx: "PVM" } }).programs).toEqual({
      PVMX: "PVM",
    });
    expect(lintBodySchema.safeParse({ ...base, programs: { PVMX: "NOPE" } }).success).toBe(false);
  });
});

describe("lint of the programs input", () => {
  const input = (programs: PlexInput["programs"]): PlexInput => ({
    systemConfig: "System_Identifier 2964 %11111 SYSA\n",
    directory: [
      "DIRECTORY 0123 3390 RESA *11111-2964 SYSA",
      "USER PVMX PVMPW 32M 64M BG",
      "  MDISK 0191 3390 10 5 OPEN01 MR",
    ].join("\n"),
    dasd: [
      { volser: "RESA", devtype: "3390-9", ipl: ["SYSA"] },
      { volser: "OPEN01", devtype: "3390-9" },
    ],
    programs,
  });
  const found = (programs: PlexInput["programs"]) =>
    lintPlex(input(programs)).diagnostics.filter((d) => d.code === "PROGRAMS-USER-UNKNOWN");

  it("warns of a userid the directory lacks, naming the key; the plex is still ok", () => {
    expect(RULES.find((r) => r.code === "PROGRAMS-USER-UNKNOWN")?.severity).toBe("warning");
    expect(found({ PVMX: "PVM" })).toEqual([]);
    expect(found(undefined)).toEqual([]);
    const r = lintPlex(input({ PVMX: "PVM", PVMY: "PVM" }));
    expect(r.ok).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === "PROGRAMS-USER-UNKNOWN")).toEqual([
      {
        file: "programs",
        line: 0,
        column: 0,
        severity: "warning",
        code: "PROGRAMS-USER-UNKNOWN",
        message: "programs.PVMY (PVM): the directory has no USER PVMY, so no system runs it",
      },
    ]);
  });
});

describe("the network view's holders", () => {
  it("names the user each node reports as running PVM, PVM when a node does not say", () => {
    const ctcs = [{ a: { system: "SYSA", rdev: "DB44" }, b: { system: "SYSB", rdev: "DA44" } }];
    const a = pvmStateOf("SYSA", {
      running: true,
      config: null,
      attached: [{ vdev: "0DB4", rdev: "DB44" }],
      userid: "PVMX",
    });
    const b = pvmStateOf("SYSB", { running: true, config: null, attached: [{ vdev: "0DA4", rdev: "DA44" }] });
    expect(pvmNetwork(["SYSA", "SYSB"], ctcs, [a, b]).ctcs).toEqual([
      { ...ctcs[0], aUser: "PVMX", bUser: "PVM" },
    ]);
  });
});

describe("PVM network lint with PVM called otherwise", () => {
  const config = [
    "System_Identifier 2964 %11111 SYSA",
    "System_Identifier 2964 %22222 SYSB",
    "XSPOOL_SYSTEM Slot 1 SYSA SYSB Share_Spool NO",
    "",
  ].join("\n");
  const directory = [
    "DIRECTORY 0123 3390 RESA *11111-2964 SYSA",
    "DIRECTORY 0123 3390 RESB *22222-2964 SYSB",
    "USER PVMX PVMPW 32M 64M BG",
    "SYSAFFIN SYSA",
    "  MDISK 0191 3390 10 5 OPEN01 MR",
    "SYSAFFIN SYSB",
    "  MDISK 0191 3390 20 5 OPEN01 MR",
    "",
  ].join("\n");
  const files = (attachA: string) => ({
    "SYSA: PVMX 0191": {
      "PVM CONFIG": "LOCAL SYSA\nLINK AB4 SYSB CTCA\nSTART LINE AB4\nSTART CSECOM SYSB\n",
      "PROFILE EXEC": `/* PVM */\n'${attachA}'\n`,
    },
    "SYSB: PVMX 0191": {
      "PVM CONFIG": "LOCAL SYSB\nLINK AB4 SYSA CTCA\nSTART LINE AB4\nSTART CSECOM SYSA\n",
      "PROFILE EXEC": "/* PVM */\n'CP ATT AB0 * AB4'\n",
    },
  });
  const input = (attachA: string, programs?: PlexInput["programs"]): PlexInput => ({
    systemConfig: config,
    directory,
    dasd: [
      { volser: "RESA", devtype: "3390-9", ipl: ["SYSA"] },
      { volser: "RESB", devtype: "3390-9", ipl: ["SYSB"] },
      { volser: "OPEN01", devtype: "3390-9" },
    ],
    ctcs: [{ a: { system: "SYSA", rdev: "AB0" }, b: { system: "SYSB", rdev: "AB0" } }],
    files: files(attachA),
    programs,
  });
  const pvm = (i: PlexInput) => lintPlex(i).diagnostics.filter((d) => d.code.startsWith("PVM"));

  it("reads the files of the user whose program is PVM, and its ATTACHes TO that user", () => {
    expect(pvm(input("CP ATT AB0 TO PVMX AS AB4", { PVMX: "PVM" }))).toEqual([]);
    const wrong = pvm(input("CP ATT AB0 TO PVM AS AB4", { PVMX: "PVM" }));
    expect(wrong.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([
      "PVM-LINK-NOT-ATTACHED SYSA: PVMX 0191 PVM CONFIG:2",
    ]);
    expect(wrong[0].message).toContain("gives PVMX a CTC as 0AB4");
    // Without `programs`, PVMX runs nothing: lint reads no PVM there.
    expect(pvm(input("CP ATT AB0 TO PVM AS AB4"))).toEqual([]);
  });
});
