import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitOnSeparator, stripListingPrefix } from "../../src/directory/import";
import { parseDirectory, storageBytes } from "../../src/directory/parse";
import { deviceNumber } from "../../src/text/names";
import { resolveDirectory } from "../../src/directory/resolve";
import { DIRECTORY_SYNTAX, lookupStatement } from "../../src/directory/statements";
import type { SourceDirectory } from "../../src/directory/types";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");

const errors = (src: SourceDirectory) => src.diagnostics.filter((d) => d.severity === "error");
const codes = (src: SourceDirectory) =>
  src.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
const mdisksOf = (src: SourceDirectory, userid: string) =>
  src.users.find((u) => u.userid === userid)!.statements.flatMap((s) => (s.mdisk ? [s.mdisk] : []));

describe("directory statement keywords", () => {
  it("accepts full names and the minimum abbreviations, case-insensitively", () => {
    expect(lookupStatement("MACH")).toBe("MACHINE");
    expect(lookupStatement("machine")).toBe("MACHINE");
    expect(lookupStatement("mdisk")).toBe("MDISK");
    expect(lookupStatement("M")).toBe("MDISK");
    expect(lookupStatement("DIR")).toBe("DIRECTORY");
    expect(lookupStatement("OPT")).toBe("OPTION");
    expect(lookupStatement("LOAD")).toBe("LOAD");
    expect(lookupStatement("LOADDEV")).toBe("LOADDEV");
    expect(lookupStatement("MAC")).toBeUndefined();
    expect(lookupStatement("FOO")).toBeUndefined();
    expect(lookupStatement("SYSTEM")).toBeUndefined();
  });

  it("maps every full keyword to itself", () => {
    for (const syntax of DIRECTORY_SYNTAX)
      expect(lookupStatement(syntax.toUpperCase())).toBe(syntax.toUpperCase());
  });

  it("normalises device numbers and storage sizes", () => {
    expect(deviceNumber("190")).toBe("0190");
    expect(deviceNumber("cf1")).toBe("0CF1");
    expect(deviceNumber("12345")).toBeUndefined();
    expect(deviceNumber("G01")).toBeUndefined();
    expect(storageBytes("64M")).toBe(64 * 1024 ** 2);
    expect(storageBytes("4096m")).toBe(4 * 1024 ** 3);
    expect(storageBytes("1G")).toBe(1024 ** 3);
    expect(storageBytes("12X")).toBeUndefined();
  });
});

describe("parseDirectory", () => {
  it("reads DIRECTORY control statements with and without system affinity", () => {
    const src = parseDirectory("DIRECTORY 0123 3390 VM1IPL *01550-2064 LTICVM1\nDIRECTORY 123 3390 M01RES\n");
    expect(src.diagnostics).toEqual([]);
    expect(src.directories).toEqual([
      {
        vdev: "0123",
        devtype: "3390",
        volser: "VM1IPL",
        cpuid: "01550",
        model: "2064",
        sysname: "LTICVM1",
        line: 1,
        column: 1,
      },
      { vdev: "0123", devtype: "3390", volser: "M01RES", line: 2, column: 1 },
    ]);
  });

  it("reports a bad DIRECTORY statement", () => {
    const src = parseDirectory("DIRECTORY XYZQ 3390 VM1IPL\nDIRECTORY 0123 3390\n");
    expect(codes(src)).toEqual(["1:11 error DIR-DIRECTORY", "2:1 error DIR-DIRECTORY"]);
    expect(src.directories).toEqual([]);
  });

  it("reads a USER entry's header", () => {
    const src = parseDirectory("USER TCPIP TCPIP 64M 128M ABCG\n");
    expect(src.diagnostics).toEqual([]);
    expect(src.users[0]).toMatchObject({
      kind: "USER",
      userid: "TCPIP",
      password: "TCPIP",
      storage: "64M",
      maxStorage: "128M",
      classes: "ABCG",
      line: 1,
    });
  });

  it("rejects bad userids with line and column", () => {
    const src = parseDirectory("USER TOOLONGID PW 1M 1M G\nUSER BAD!ID PW\n  USER\n");
    expect(codes(src)).toEqual(["1:6 error DIR-USERID", "2:6 error DIR-USERID", "3:3 error DIR-USERID"]);
    expect(src.diagnostics[0].message).toContain("TOOLONGID");
    expect(src.users).toEqual([]);
  });

  it("accepts VM/370 $ALLOC$-style ids and the special passwords", () => {
    const text = "USER $ALLOC$ NOLOG\nUSER A NOPASS 1M 1M G\nUSER B LBYONLY 1M 1M G\nUSER C AUTOONLY\n";
    const src = parseDirectory(text);
    expect(src.diagnostics).toEqual([]);
    expect(src.users.map((u) => [u.userid, u.password])).toEqual([
      ["$ALLOC$", "NOLOG"],
      ["A", "NOPASS"],
      ["B", "LBYONLY"],
      ["C", "AUTOONLY"],
    ]);
  });

  it("flags duplicate users, a missing password, bad storage and classes", () => {
    const src = parseDirectory(
      "USER A PW 1M 1M G\nUSER A PW 1M 1M G\nUSER B\nUSER C PW 1Q 2M G\nUSER D PW 1M 1M G+\n",
    );
    expect(codes(src)).toEqual([
      "2:6 error DIR-DUP-USER",
      "3:1 error DIR-USER",
      "4:11 error DIR-STORAGE",
      "5:17 error DIR-CLASS",
    ]);
    expect(src.users.map((u) => u.userid)).toEqual(["A", "B", "C", "D"]);
  });

  it("warns when the initial storage exceeds the maximum", () => {
    const src = parseDirectory("USER A PW 2G 1G G\n");
    expect(codes(src)).toEqual(["1:11 warning DIR-STORAGE"]);
  });

  it("reports unknown statements and statements outside an entry", () => {
    const src = parseDirectory("LINK MAINT 190 190 RR\nUSER A PW 1M 1M G\n  FROB 1 2\n  IPL CMS\n");
    expect(codes(src)).toEqual(["1:1 error DIR-OUTSIDE", "3:3 error DIR-UNKNOWN-STMT"]);
    expect(src.diagnostics[1].message).toContain("FROB");
    expect(src.users[0].statements.map((s) => s.keyword)).toEqual(["IPL"]);
  });

  it("skips comments (even indented) and blank records", () => {
    const src = parseDirectory(
      "* comment\n\n   * indented comment\nUSER A PW 1M 1M G\n*IPL CMS\n   \n IPL CMS\n",
    );
    expect(src.diagnostics).toEqual([]);
    expect(src.users[0].statements).toHaveLength(1);
    expect(src.users[0].statements[0]).toMatchObject({
      keyword: "IPL",
      operands: ["CMS"],
      line: 7,
      column: 2,
    });
  });

  it("upper-cases operands but keeps COMMAND and POSIX text as written", () => {
    const src = parseDirectory(
      "GLOBALDEFS\n POSIXGROUP staff 1\nUSER A PW 1M 1M g\n mach esa 2\n command set vswitch vsw1 grant &USERID\n",
    );
    expect(src.diagnostics).toEqual([]);
    expect(src.globaldefs[0].operands).toEqual(["staff", "1"]);
    const [mach, command] = src.users[0].statements;
    expect(mach).toMatchObject({ keyword: "MACHINE", operands: ["ESA", "2"], words: ["esa", "2"] });
    expect(command).toMatchObject({
      keyword: "COMMAND",
      operands: ["set", "vswitch", "vsw1", "grant", "&USERID"],
    });
    expect(src.users[0].classes).toBe("G");
  });

  it("strips card sequence numbers in columns 73-80", () => {
    const card = (s: string, n: number) => s.padEnd(72) + String(n).padStart(8, "0");
    const src = parseDirectory(
      [card("USER MAINT CPCMS 15M 16M ABCDEFGH", 10), card(" MDISK 191 3350 201 030 VM50-4 MR", 20)].join(
        "\n",
      ),
    );
    expect(src.diagnostics).toEqual([]);
    expect(mdisksOf(src, "MAINT")[0]).toMatchObject({ vdev: "0191", volser: "VM50-4", mode: "MR" });
    expect(src.users[0].statements[0].operands).not.toContain("00000020");
  });

  describe("MDISK", () => {
    const one = (stmt: string) => {
      const src = parseDirectory(`USER A PW 1M 1M G\n${stmt}\n`);
      return { src, mdisk: src.users[0].statements[0]?.mdisk };
    };

    it("reads an extent with mode and the three passwords", () => {
      const { src, mdisk } = one("MDISK 191 3390 2398 025 610RES MR READ WRITE MULTIPLE");
      expect(src.diagnostics).toEqual([]);
      expect(mdisk).toEqual({
        vdev: "0191",
        devtype: "3390",
        kind: "extent",
        start: 2398,
        count: 25,
        volser: "610RES",
        mode: "MR",
        readPassword: "READ",
        writePassword: "WRITE",
        multiPassword: "MULTIPLE",
        line: 2,
        column: 1,
        sysaffin: null,
      });
    });

    it("defaults the mode to W and takes a lower-case mode", () => {
      expect(one("MDISK 0100 3390 1 10016 EMC278").mdisk).toMatchObject({ mode: "W", count: 10016 });
      expect(one("MDISK 0100 3390 5501 5500 OMB1BA m").mdisk).toMatchObject({ mode: "M" });
    });

    it("keeps ALL as a password and accepts END and +VMRES/&SYSRES", () => {
      const { src, mdisk } = one("MDISK 148 3350 000 END +VMRES MW READ WRITE ALL");
      expect(src.diagnostics).toEqual([]);
      expect(mdisk).toMatchObject({ start: 0, toEnd: true, volser: "+VMRES", multiPassword: "ALL" });
      expect(mdisk!.count).toBeUndefined();
      expect(one("MDISK 190 3390 100 10 &SYSRES RR").mdisk).toMatchObject({ volser: "&SYSRES" });
    });

    it("reads DEVNO, V-DISK and T-DISK forms", () => {
      expect(one("MDISK 0123 3390 DEVNO 5502 MW").mdisk).toMatchObject({
        kind: "devno",
        devno: "5502",
        mode: "MW",
      });
      expect(one("MDISK 0300 FB-512 V-DISK 262144 MR").mdisk).toMatchObject({
        kind: "v-disk",
        blocks: 262144,
        mode: "MR",
      });
      expect(one("MDISK 0200 3390 T-DISK 50").mdisk).toMatchObject({ kind: "t-disk", count: 50, mode: "W" });
    });

    it("rejects an invalid vdev, a non-numeric extent and a missing volume", () => {
      expect(codes(one("MDISK 12345 3390 1 10 VOL001").src)).toEqual(["2:7 error DIR-MDISK"]);
      expect(codes(one("MDISK 0191 3390 ONE 10 VOL001").src)).toEqual(["2:17 error DIR-MDISK"]);
      expect(codes(one("MDISK 0191 3390 1 TEN VOL001").src)).toEqual(["2:19 error DIR-MDISK"]);
      expect(codes(one("MDISK 0191 3390 1 10").src)).toEqual(["2:1 error DIR-MDISK"]);
      expect(codes(one("MDISK 0191 3390 1 10 VOLUME01").src)).toEqual(["2:22 error DIR-MDISK"]);
      expect(codes(one("MDISK 0300 3390 V-DISK 100").src)).toEqual(["2:12 error DIR-MDISK"]);
      expect(codes(one("MDISK 0191").src)).toEqual(["2:1 error DIR-OPERAND"]);
    });

    it("rejects DirMaint-only AUTOG, AUTOV and AUTOR allocation", () => {
      for (const how of ["AUTOG 1600 LINUX", "AUTOV 10 VOL001", "autor 10 REGION1"]) {
        const { src, mdisk } = one(`MDISK 0100 3390 ${how} MR`);
        expect(mdisk).toBeUndefined();
        expect(codes(src)).toEqual(["2:17 error DIR-AUTOG"]);
        expect(src.diagnostics[0].message).toMatch(/DirMaint-only.*not valid for DIRECTXA/);
      }
    });

    it("warns about ignored extra operands, an odd mode and an unknown device type", () => {
      expect(codes(one("MDISK 191 3390 1 10 VOL001 MR A B C D").src)).toEqual(["2:37 warning DIR-EXTRA"]);
      expect(codes(one("MDISK 191 3390 1 10 VOL001 XYZ").src)).toEqual(["2:28 warning DIR-MODE"]);
      expect(codes(one("MDISK 191 3391 1 10 VOL001 MR").src)).toEqual(["2:11 warning DIR-DEVTYPE"]);
    });
  });

  describe("LINK", () => {
    it("normalises vdevs, defaults the mode to R and keeps * as the owner", () => {
      const src = parseDirectory(
        "USER A PW 1M 1M G\nLINK MAINT 190 190 RR\nLINK * 191 291\nLINK MAINT CF1 CF1 MD\n",
      );
      expect(src.diagnostics).toEqual([]);
      expect(src.users[0].statements.map((s) => s.link)).toEqual([
        { owner: "MAINT", ownerVdev: "0190", vdev: "0190", mode: "RR", line: 2, column: 1, sysaffin: null },
        { owner: "*", ownerVdev: "0191", vdev: "0291", mode: "R", line: 3, column: 1, sysaffin: null },
        { owner: "MAINT", ownerVdev: "0CF1", vdev: "0CF1", mode: "MD", line: 4, column: 1, sysaffin: null },
      ]);
    });

    it("rejects a bad owner or device number", () => {
      const src = parseDirectory(
        "USER A PW 1M 1M G\nLINK MAINT 19Z 190 RR\nLINK TOOLONGID 190 190 RR\nLINK MAINT 190\n",
      );
      expect(codes(src)).toEqual(["2:12 error DIR-LINK", "3:6 error DIR-LINK", "4:1 error DIR-OPERAND"]);
    });
  });

  describe("SYSAFFIN", () => {
    it("scopes the statements after it up to the next SYSAFFIN or the end of the entry", () => {
      const text = [
        "DIRECTORY 0123 3390 VM1IPL *01550-2064 SYS1",
        "DIRECTORY 0123 3390 VM2IPL *01551-2064 SYS2",
        "USER A PW 1M 1M G",
        "IPL CMS",
        "SYSAFFIN SYS1",
        "LINK MAINT 190 190 RR",
        "SYSAFFIN * ",
        "LINK MAINT 19E 19E RR",
        "SYSAFFIN SYS2 SYS1",
        "LINK MAINT 19D 19D RR",
        "USER B PW 1M 1M G",
        "IPL CMS",
      ].join("\n");
      const src = parseDirectory(text);
      expect(src.diagnostics).toEqual([]);
      expect(src.users[0].statements.map((s) => [s.keyword, s.sysaffin])).toEqual([
        ["IPL", null],
        ["SYSAFFIN", ["SYS1"]],
        ["LINK", ["SYS1"]],
        ["SYSAFFIN", null],
        ["LINK", null],
        ["SYSAFFIN", ["SYS2", "SYS1"]],
        ["LINK", ["SYS2", "SYS1"]],
      ]);
      expect(src.users[1].statements[0].sysaffin).toBeNull();
    });

    it("rejects a SYSAFFIN naming no system and warns about systems no DIRECTORY names", () => {
      const src = parseDirectory(
        "DIRECTORY 0123 3390 VM1IPL *01550-2064 SYS1\nUSER A PW 1M 1M G\nSYSAFFIN\nIPL CMS\nSYSAFFIN SYS9\n",
      );
      expect(codes(src)).toEqual(["3:1 error DIR-SYSAFFIN", "5:10 warning DIR-SYSAFFIN"]);
      // Statements under a SYSAFFIN naming nothing apply on no system.
      expect(src.users[0].statements[1].sysaffin).toEqual([]);
    });
  });

  describe("PROFILE and INCLUDE", () => {
    it("reports an INCLUDE of a profile that does not exist", () => {
      const src = parseDirectory("USER A PW 1M 1M G\nINCLUDE NOSUCH\n");
      expect(codes(src)).toEqual(["2:1 error DIR-NO-PROFILE"]);
      expect(src.diagnostics[0].message).toContain("NOSUCH");
    });

    it("finds a profile defined later in the file", () => {
      const src = parseDirectory("USER A PW 1M 1M G\nINCLUDE P\nPROFILE P\nIPL CMS\n");
      expect(src.diagnostics).toEqual([]);
    });

    it("rejects INCLUDE inside a PROFILE and a second INCLUDE, warns when not first", () => {
      const src = parseDirectory(
        "PROFILE P\nINCLUDE Q\nPROFILE Q\nIPL CMS\nUSER A PW 1M 1M G\nIPL CMS\nINCLUDE P\nINCLUDE Q\n",
      );
      expect(codes(src)).toEqual([
        "2:1 error DIR-INCLUDE",
        "7:1 warning DIR-INCLUDE",
        "8:1 error DIR-INCLUDE",
      ]);
    });

    it("rejects a duplicate PROFILE", () => {
      expect(codes(parseDirectory("PROFILE P\nPROFILE P\n"))).toEqual(["2:9 error DIR-DUP-PROFILE"]);
    });
  });

  it("warns about a general statement after an MDISK", () => {
    const src = parseDirectory(
      "USER A PW 1M 1M G\nMDISK 191 3390 1 10 VOL001\nLINK MAINT 190 190 RR\nIPL CMS\n",
    );
    expect(codes(src)).toEqual(["4:1 warning DIR-ORDER"]);
  });

  it("checks device numbers and operand counts of device statements", () => {
    const src = parseDirectory("USER A PW 1M 1M G\nSPOOL 00C\nCONSOLE XYZW 3215\nDEDICATE 0600 0600\n");
    expect(codes(src)).toEqual(["2:1 error DIR-OPERAND", "3:9 error DIR-VDEV"]);
  });

  it("never throws on odd input", () => {
    for (const text of [
      "",
      "\n\n",
      "USER",
      "MDISK",
      "*",
      "USER A",
      "DIRECTORY",
      "\u0000\uffff",
      "x".repeat(100_000),
    ]) {
      expect(() => parseDirectory(text)).not.toThrow();
    }
  });
});

describe("resolveDirectory", () => {
  const seed = parseDirectory(fixture("seed-tcpip.direct"), "SEED DIRECT");

  it("parses the seed's TCPIP entry without findings", () => {
    expect(seed.diagnostics).toEqual([]);
    expect(seed.users.map((u) => u.userid)).toEqual(["TCPIP", "TCPMAINT", "5VMTCP10", "5VMTCP20"]);
    expect(seed.directories).toHaveLength(6);
  });

  it("picks each system's DIRECTORY statement", () => {
    expect(resolveDirectory(seed, "LTICVM9", "VMQIPL").control).toMatchObject({
      vdev: "5502",
      devtype: "3390",
      volser: "VM9CDS",
      cpuid: "4B52A",
      model: "2084",
      sysname: "LTICVM9",
    });
    expect(resolveDirectory(seed, "LTICVM5", "VMQIPL").control).toMatchObject({
      vdev: "5623",
      volser: "VM5CDS",
    });
    expect(resolveDirectory(seed, "lticvm1", "VM1IPL").control).toMatchObject({
      vdev: "0123",
      volser: "VM1IPL",
      cpuid: "01550",
    });
    const none = resolveDirectory(seed, "LTICVM3", "VM3IPL");
    expect(none.control).toBeUndefined();
    expect(none.diagnostics).toEqual([]); // lint's DIR-NO-DIRECTORY reports it, once for the plex
  });

  it("falls back to a DIRECTORY statement without a system name", () => {
    const src = parseDirectory("DIRECTORY 123 3390 M01RES\nUSER A PW 1M 1M G\n");
    const od = resolveDirectory(src, "ANY", "M01RES");
    expect(od.control).toMatchObject({ vdev: "0123", volser: "M01RES" });
    expect(od.diagnostics).toEqual([]);
  });

  it("resolves TCPIP on LTICVM5 exactly", () => {
    const od = resolveDirectory(seed, "LTICVM5", "VMQIPL");
    expect(od.diagnostics).toEqual([]);
    const tcpip = od.users.get("TCPIP")!;
    expect(tcpip).toMatchObject({
      password: "TCPIP",
      storage: "64M",
      maxStorage: "128M",
      classes: "ABCG",
      profile: "TCPCMSU",
    });
    expect(tcpip.links.map((l) => `${l.owner} ${l.ownerVdev} ${l.vdev} ${l.mode}`)).toEqual([
      "MAINT 0190 0190 RR",
      "MAINT 019D 019D RR",
      "MAINT 019E 019E RR",
      "TCPMAINT 0591 0591 RR",
      "TCPMAINT 0592 0592 RR",
      "TCPMAINT 0198 0198 RR",
      "5VMTCP20 0491 0491 RR",
      "5VMTCP20 0492 0492 RR",
    ]);
    expect(tcpip.links.some((l) => l.owner === "5VMTCP10")).toBe(false);
    expect(
      tcpip.mdisks.map(
        ({ vdev, volser, start, count, mode, readPassword, writePassword, multiPassword }) => ({
          vdev,
          volser,
          start,
          count,
          mode,
          readPassword,
          writePassword,
          multiPassword,
        }),
      ),
    ).toEqual([
      {
        vdev: "9191",
        volser: "VMQIPL",
        start: 3125,
        count: 5,
        mode: "RR",
        readPassword: "RTCPIP",
        writePassword: "WTCPIP",
        multiPassword: "MTCPIP",
      },
      {
        vdev: "0191",
        volser: "VM5CDS",
        start: 72,
        count: 5,
        mode: "MR",
        readPassword: "RTCPIP",
        writePassword: "WTCPIP",
        multiPassword: "MTCPIP",
      },
    ]);
    expect(tcpip.options).toEqual(["QUICKDSP", "SVMSTAT", "MAXCONN", "DIAG98", "APPLMON"]);
    // The profile's statements come first, at the INCLUDE point; SYSAFFIN and INCLUDE are gone.
    expect(tcpip.statements[0]).toMatchObject({ keyword: "IPL", operands: ["CMS"] });
    expect(tcpip.statements.some((s) => s.keyword === "SYSAFFIN" || s.keyword === "INCLUDE")).toBe(false);
    // The source is not changed by resolution.
    expect(
      mdisksOf(seed, "TCPIP")
        .filter((m) => m.vdev === "9191")
        .map((m) => m.volser),
    ).toEqual(["+VMRES", "+VMRES"]);
  });

  it("resolves TCPIP on LTICVM1 exactly", () => {
    const tcpip = resolveDirectory(seed, "LTICVM1", "VM1IPL").users.get("TCPIP")!;
    expect(
      tcpip.links
        .filter((l) => l.owner.startsWith("5VMTCP"))
        .map((l) => `${l.owner} ${l.ownerVdev} ${l.vdev} ${l.mode}`),
    ).toEqual(["5VMTCP10 0491 0491 RR", "5VMTCP10 0492 0492 RR"]);
    expect(tcpip.links.filter((l) => l.owner === "TCPMAINT").map((l) => l.vdev)).toEqual([
      "0591",
      "0592",
      "0198",
    ]);
    expect(tcpip.mdisks).toHaveLength(1);
    expect(tcpip.mdisks[0]).toMatchObject({
      vdev: "0191",
      volser: "VM1IPL",
      start: 2953,
      count: 5,
      mode: "MR",
    });
  });

  it("gives LTICVM2 and LTICVM7 the 3125 extent on their own IPL volume", () => {
    for (const [sys, vol] of [
      ["LTICVM2", "VM2IPL"],
      ["LTICVM7", "VM7IPL"],
    ]) {
      const tcpip = resolveDirectory(seed, sys, vol).users.get("TCPIP")!;
      expect(tcpip.mdisks.map((m) => [m.vdev, m.volser, m.start])).toEqual([["0191", vol, 3125]]);
    }
  });

  it("replaces * with the user in links, defaults classes to G and collects AUTOLOG/LOGONBY/IPL", () => {
    const src = parseDirectory(
      "PROFILE P\nLINK * 191 391 RR\nUSER A PW 1M 1M\nINCLUDE P\nAUTOLOG AUTOLOG1 OP1\nLOGONBY ME YOU\nIPL CMS PARM AUTOCR\nOPTION CPUID 000611 LNKNOPAS\n",
    );
    expect(src.diagnostics).toEqual([]);
    const a = resolveDirectory(src, "X", "RES001").users.get("A")!;
    expect(a.links[0]).toMatchObject({ owner: "A", ownerVdev: "0191", vdev: "0391" });
    expect(a).toMatchObject({
      classes: "G",
      autolog: true,
      autologBy: ["AUTOLOG1", "OP1"],
      logonBy: ["ME", "YOU"],
      ipl: ["CMS", "PARM", "AUTOCR"],
      options: ["CPUID", "LNKNOPAS"],
    });
  });

  it("lets a user's device replace its profile's, with a warning", () => {
    const src = parseDirectory(
      "DIRECTORY 123 3390 RES001\nPROFILE P\nLINK MAINT 191 191 RR\nUSER A PW 1M 1M G\nINCLUDE P\nMDISK 191 3390 1 10 VOL001 MR\n",
    );
    const od = resolveDirectory(src, "X", "RES001");
    expect(od.users.get("A")!.links).toEqual([]);
    expect(od.users.get("A")!.mdisks.map((m) => m.vdev)).toEqual(["0191"]);
    expect(od.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`)).toEqual([
      "6 warning DIR-DUP-VDEV",
    ]);
  });

  it("rejects a vdev an entry defines twice on one system, but not in different SYSAFFIN scopes", () => {
    const text = [
      "DIRECTORY 123 3390 RES001",
      "USER A PW 1M 1M G",
      "MDISK 191 3390 1 10 VOL001 MR",
      "LINK MAINT 191 191 RR",
      "SYSAFFIN S1",
      "MDISK 192 3390 1 10 VOL001 MR",
      "SYSAFFIN S2",
      "MDISK 192 3390 1 10 VOL002 MR",
    ].join("\n");
    const src = parseDirectory(text);
    for (const sys of ["S1", "S2"]) {
      const od = resolveDirectory(src, sys, "RES001");
      expect(od.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`)).toEqual([
        "4 error DIR-DUP-VDEV",
      ]);
      expect(od.diagnostics[0].message).toContain("0191 is defined twice (also at line 3)");
    }
    expect(
      resolveDirectory(src, "S2", "RES001")
        .users.get("A")!
        .mdisks.map((m) => m.volser),
    ).toEqual(["VOL002"]);
  });

  it("builds an IDENTITY with the SUBCONFIG for the system", () => {
    const text = [
      "IDENTITY DTCVSW1 NOLOG 32M 32M G",
      "BUILD ON SYS1 USING SUBCONFIG DTCVSW-1",
      "BUILD ON SYS2 USING SUBCONFIG DTCVSW-2",
      "IPL CMS",
      "SUBCONFIG DTCVSW-1",
      "MDISK 0191 3390 100 5 SYS1VL MR",
      "SUBCONFIG DTCVSW-2",
      "MDISK 0191 3390 200 5 SYS2VL MR",
    ].join("\n");
    const src = parseDirectory(text);
    expect(src.diagnostics).toEqual([]);
    expect(src.users.map((u) => [u.kind, u.userid])).toEqual([["IDENTITY", "DTCVSW1"]]);
    expect([...src.subconfigs.keys()]).toEqual(["DTCVSW-1", "DTCVSW-2"]);
    expect(
      resolveDirectory(src, "SYS2", "X")
        .users.get("DTCVSW1")!
        .mdisks.map((m) => m.volser),
    ).toEqual(["SYS2VL"]);
    expect(
      resolveDirectory(src, "SYS1", "X")
        .users.get("DTCVSW1")!
        .mdisks.map((m) => m.volser),
    ).toEqual(["SYS1VL"]);
  });

  it("reports BUILD naming a missing SUBCONFIG and a SUBCONFIG no BUILD names", () => {
    const src = parseDirectory(
      "IDENTITY A PW 1M 1M G\nBUILD ON S1 USING SUBCONFIG A-1\nSUBCONFIG A-2\nIPL CMS\n",
    );
    expect(codes(src)).toEqual(["2:29 error DIR-NO-SUBCONFIG", "3:1 warning DIR-NO-SUBCONFIG"]);
  });

  it("is fast: 10,000 users resolved for 8 systems", () => {
    const lines = [
      "DIRECTORY 0123 3390 VM1IPL *01550-2064 SYS1",
      "PROFILE P",
      "IPL CMS",
      "LINK MAINT 190 190 RR",
      "LINK MAINT 19E 19E RR",
    ];
    for (let i = 0; i < 10_000; i++) {
      lines.push(
        `USER U${i} PW${i % 100} 64M 128M G`,
        "INCLUDE P",
        "OPTION APPLMON",
        "SYSAFFIN SYS1 SYS2 SYS3 SYS4",
      );
      lines.push(
        `MDISK 0191 3390 ${i} 5 +VMRES MR`,
        "SYSAFFIN SYS5 SYS6 SYS7 SYS8",
        `MDISK 0191 3390 ${i} 5 VOL${i % 999} MR`,
      );
      lines.push("SYSAFFIN *", `LINK U${(i + 1) % 10_000} 191 291 RR`);
    }
    // Speed is measured by npm run bench, not here: this checks that a directory this size is read whole.
    const src = parseDirectory(lines.join("\n"));
    expect(errors(src)).toEqual([]);
    const resolved = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => resolveDirectory(src, `SYS${s}`, "VM1IPL"));
    expect(resolved.map((o) => o.users.size)).toEqual(Array(8).fill(10_000));
    expect(resolved[0].users.get("U42")!.mdisks[0].volser).toBe("VM1IPL");
    expect(resolved[7].users.get("U42")!.mdisks[0].volser).toBe("VOL42");
  });
});

describe("import helpers", () => {
  it("strips a common node-name prefix", () => {
    expect(stripListingPrefix("gpok3: USER LNX3 PWD 512M 1G G\ngpok3: INCLUDE LNXDFLT\n\n")).toBe(
      "USER LNX3 PWD 512M 1G G\nINCLUDE LNXDFLT\n\n",
    );
    expect(stripListingPrefix("a: USER X\r\na: IPL CMS")).toBe("USER X\r\nIPL CMS");
  });

  it("leaves text alone unless every non-blank line has the same prefix", () => {
    const mixed = "gpok3: USER LNX3 PWD 512M 1G G\nINCLUDE LNXDFLT\n";
    expect(stripListingPrefix(mixed)).toBe(mixed);
    const two = "gpok3: USER A PW\ngpok4: IPL CMS\n";
    expect(stripListingPrefix(two)).toBe(two);
    expect(stripListingPrefix("")).toBe("");
  });

  it("splits a text at ----- lines, keeping each block's first line", () => {
    expect(splitOnSeparator("A\nB\n-----\nC\n-----\n\n")).toEqual([
      { text: "A\nB\n", firstLine: 1 },
      { text: "C\n", firstLine: 4 },
    ]);
  });
});
