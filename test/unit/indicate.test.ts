import { describe, expect, it } from "vitest";
import { findCommand } from "../../src/cp/commands";
import { indicateLoad, indicateNoWait, indicateUser } from "../../src/cp/layouts/indicate";
import { INDICATE_OPERANDS } from "../../src/cp/parse/indicate";
import { invalidOption, parsed, refused } from "./cp-parse-helpers";

/** INDICATE (issues #13 item 1, #11 item 5): the parser and the layouts. */

describe("INDICATE parsing", () => {
  it("says where every operand's spelling and classes come from", () => {
    for (const o of INDICATE_OPERANDS) expect(o.source.length, o.syntax).toBeGreaterThan(5);
  });

  it("is INDicate, and LOAD is its default operand", () => {
    expect(findCommand("IND")?.verb).toBe("INDICATE");
    expect(findCommand("IN")?.verb).not.toBe("INDICATE");
    for (const line of ["INDICATE", "IND", "ind load", "INDICATE LOAD", "#CP IND"])
      expect(parsed(line)).toEqual({ verb: "INDICATE", what: "LOAD" });
  });

  it("takes AT sysname or AT * (this system), not AT ALL", () => {
    expect(parsed("IND LOAD AT SYSB")).toEqual({ verb: "INDICATE", what: "LOAD", at: "SYSB" });
    expect(parsed("IND AT SYSB")).toEqual({ verb: "INDICATE", what: "LOAD", at: "SYSB" });
    expect(parsed("IND LOAD AT *")).toEqual({ verb: "INDICATE", what: "LOAD" });
    expect(refused("IND LOAD AT ALL")).toEqual(invalidOption("ALL"));
    expect(refused("IND LOAD AT SYSB X")).toEqual(invalidOption("X"));
    expect(refused("IND LOAD AT * X")).toEqual(invalidOption("X"));
    expect(refused("IND LOAD AT")).toEqual({ rc: 26, lines: ["HCPCFC026E Operand missing or invalid"] });
    expect(refused("IND LOAD NOW")).toEqual(invalidOption("NOW"));
  });

  it("reads INDICATE USER [*|userid] [AT *|sysname]", () => {
    expect(parsed("IND USER")).toEqual({ verb: "INDICATE", what: "USER" });
    expect(parsed("IND USER *")).toEqual({ verb: "INDICATE", what: "USER" });
    expect(parsed("ind user maint")).toEqual({ verb: "INDICATE", what: "USER", userid: "MAINT" });
    expect(parsed("IND USER OPERATOR AT SYSB")).toEqual({
      verb: "INDICATE",
      what: "USER",
      userid: "OPERATOR",
      at: "SYSB",
    });
    expect(parsed("IND USER AT SYSB")).toEqual({ verb: "INDICATE", what: "USER", at: "SYSB" });
    expect(parsed("IND USER * AT *")).toEqual({ verb: "INDICATE", what: "USER" });
    expect(refused("IND USER MAINT EXTRA")).toEqual(invalidOption("EXTRA"));
    expect(refused("IND USER TOOLONGID9")).toEqual(invalidOption("TOOLONGID9"));
  });

  it("knows PAGING and I/O for class E", () => {
    expect(parsed("IND PAGING")).toEqual({ verb: "INDICATE", what: "PAGING" });
    expect(parsed("ind i/o")).toEqual({ verb: "INDICATE", what: "IO" });
    expect(refused("IND PAGING", "G")).toEqual(invalidOption("PAGING"));
    expect(refused("IND I/O", "G")).toEqual(invalidOption("I/O"));
    expect(refused("IND PAGING WAIT")).toEqual(invalidOption("WAIT"));
  });

  it("is classes E and G: a class G user has LOAD and USER; others do not know the command", () => {
    expect(parsed("IND", "G")).toEqual({ verb: "INDICATE", what: "LOAD" });
    expect(parsed("IND USER MAINT", "G")).toEqual({ verb: "INDICATE", what: "USER", userid: "MAINT" });
    expect(parsed("IND", "E")).toEqual({ verb: "INDICATE", what: "LOAD" });
    expect(refused("IND", "B")).toEqual({ rc: 1, lines: ["HCPCMD001E Unknown CP command: IND"] });
  });
});

describe("INDICATE layouts", () => {
  it("INDICATE LOAD matches the zvm-bootcamp capture (z/VM 6.3, five CPs; reference §4)", () => {
    const lines = indicateLoad({
      avgproc: 0,
      mdc: { reads: 0, writes: 0, hitRatio: 0 },
      paging: 0,
      q: [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      e: [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      expan: [1, 1],
      dormant: 1,
      processors: Array.from({ length: 5 }, () => ({ busy: 0, type: "CP", polarization: "HZ" })),
      limited: 0,
    });
    // The capture's lines, screen padding trimmed.
    expect(lines).toEqual([
      "AVGPROC-000% 05",
      "MDC READS-000000/SEC WRITES-000000/SEC HIT RATIO-000%",
      "PAGING-0/SEC",
      "Q0-00000(00000)                           DORMANT-00001",
      "Q1-00000(00000)           E1-00000(00000)",
      "Q2-00000(00000) EXPAN-001 E2-00000(00000)",
      "Q3-00000(00000) EXPAN-001 E3-00000(00000)",
      "",
      "PROC 0000-000% CP   HZ     PROC 0001-000% CP   HZ",
      "PROC 0002-000% CP   HZ     PROC 0003-000% CP   HZ",
      "PROC 0004-000% CP   HZ",
      "",
      "LIMITED-00000",
    ]);
  });

  it("INDICATE LOAD pads its counts and keeps its columns", () => {
    const lines = indicateLoad({
      avgproc: 27,
      mdc: { reads: 12, writes: 3, hitRatio: 95 },
      paging: 3,
      q: [
        [1, 2],
        [7, 0],
        [2, 0],
        [68, 1],
      ],
      e: [
        [0, 0],
        [0, 0],
        [4, 0],
      ],
      expan: [2, 2],
      dormant: 123,
      processors: [{ busy: 5, type: "IFL", polarization: "VH" }],
      limited: 0,
    });
    expect(lines[0]).toBe("AVGPROC-027% 01");
    expect(lines[1]).toBe("MDC READS-000012/SEC WRITES-000003/SEC HIT RATIO-095%");
    expect(lines[3]).toBe("Q0-00001(00002)                           DORMANT-00123");
    expect(lines[6]).toBe("Q3-00068(00001) EXPAN-002 E3-00004(00000)");
    expect(lines[8]).toBe("PROC 0000-005% IFL  VH");
  });

  it("INDICATE USER matches the zvm-bootcamp capture's columns (reference §4)", () => {
    const lines = indicateUser({
      userid: "MAINT",
      machine: "ESA",
      storage: "256M",
      iplsys: "DEV 0190",
      devnum: 36,
      connectSeconds: 38 * 60 + 59,
      pages: { res: 1622, ws: 1601, lockedReal: 0, resvd: 0, instan: 1622 },
      paging: { npref: 0, pref: 0, reads: 1, writes: 13 },
      io: 603,
      prt: 432,
    });
    expect(lines).toEqual([
      "USERID=MAINT    MACH=ESA STOR=256M VIRT=V XSTORE=NONE",
      "IPLSYS=DEV 0190 DEVNUM=00036",
      "PAGES: RES=1622  WS=1601  LOCKEDREAL=0  RESVD=0",
      "       INSTAN=1622",
      "NPREF=0  PREF=0  READS=1  WRITES=13",
      "CPU 00: CTIME=00:38 VTIME=000:00 TTIME=000:00 IO=000603",
      "        RDR=000000 PRT=000432 PCH=000000 TYPE=CP   CPUAFFIN=ON",
    ]);
  });

  it("INDICATE USER with the simulator's zeros: CTIME in hours and minutes, a never-IPLed machine", () => {
    const lines = indicateUser({
      userid: "OPERATOR",
      machine: "XC",
      storage: "1G",
      iplsys: "DEV NONE",
      devnum: 4,
      connectSeconds: 2 * 3600 + 5 * 60,
    });
    expect(lines[0]).toBe("USERID=OPERATOR MACH=XC STOR=1G VIRT=V XSTORE=NONE");
    expect(lines[1]).toBe("IPLSYS=DEV NONE DEVNUM=00004");
    expect(lines[2]).toBe("PAGES: RES=0  WS=0  LOCKEDREAL=0  RESVD=0");
    expect(lines[5]).toBe("CPU 00: CTIME=02:05 VTIME=000:00 TTIME=000:00 IO=000000");
  });

  it("INDICATE PAGING and I/O with nobody waiting (zvm-bootcamp capture)", () => {
    expect(indicateNoWait("PAGING")).toEqual(["No users in page wait"]);
    expect(indicateNoWait("IO")).toEqual(["No users in I/O wait"]);
  });
});
