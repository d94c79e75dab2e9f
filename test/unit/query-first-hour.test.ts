import { describe, expect, it } from "vitest";
import type { Command } from "../../src/cp/commands";
import {
  allocField,
  cpuidOf,
  queryAllocBlocks,
  queryAllocTable,
  queryCpowned,
  queryCpuid,
  queryPrivclas,
} from "../../src/cp/layouts/system";
import { queryVirtualCpu, queryVirtualStorage } from "../../src/cp/layouts/virtual";
import { QUERY_OPERANDS } from "../../src/cp/parse/query";
import { corpusLine, expectInCorpus } from "./corpus-lines";
import { invalidOption, operandMissing, parsed, refused } from "./cp-parse-helpers";

/** QUERY CPOWNED, ALLOC, CPUID, SET, PRIVCLAS, VIRTUAL and the QUERY abbreviations (issue #13 item 1). */

const asUser = (userid: string) => ({ verb: "QUERY", what: "USER", userid });

describe("QUERY operand abbreviations (ZCT which.exec's CP QUERY table, reference §11)", () => {
  it("says where every operand's spelling and classes come from", () => {
    for (const o of QUERY_OPERANDS) expect(o.source.length, o.syntax).toBeGreaterThan(5);
  });

  it.each<[string, string, string]>([
    // [shortest spelling, one letter fewer (read as a userid), what]
    ["Q DA", "", "DASD"],
    ["Q CPOWN", "Q CPOW", "CPOWNED"],
    ["Q CPU", "Q CP", "CPUID"],
    ["Q PRIV", "Q PRI", "PRIVCLAS"],
    ["Q N", "", "NAMES"],
    ["Q U", "", "USERS"],
    ["Q T", "", "TIME"],
    ["Q V STOR", "", "VIRTUAL"],
    ["Q ALLOC", "Q ALLO", "ALLOC"],
    ["Q SET", "Q SE", "SET"],
    ["Q CPLEVEL", "Q CPLEVE", "CPLEVEL"],
    ["Q USERID", "", "USERID"],
  ])("%s is the shortest form", (short, shorter, what) => {
    expect((parsed(short) as { what: string }).what).toBe(what);
    if (shorter && shorter !== "Q PRI") expect(parsed(shorter)).toEqual(asUser(shorter.slice(2)));
  });

  it("Q PRI is QUERY PRINTER (Printer), Q L and Q MD take a vdev (Links, MDisk)", () => {
    expect(parsed("Q PRI")).toMatchObject({ what: "FILES", queue: "PRT" });
    expect(parsed("Q L 191")).toEqual({ verb: "QUERY", what: "LINKS", vdev: "0191" });
    expect(parsed("Q MD 191")).toEqual({ verb: "QUERY", what: "MDISK", vdev: "0191" });
    expect(parsed("Q USER")).toEqual({ verb: "QUERY", what: "USERS" });
  });

  it("reads an operand the issuer's classes do not allow as a userid, as CP does", () => {
    expect(parsed("Q DA", "G")).toEqual(asUser("DA"));
    expect(parsed("Q CPOWNED", "G")).toEqual(asUser("CPOWNED"));
    expect(parsed("Q ALLOC", "BG")).toEqual(asUser("ALLOC"));
    expect(parsed("Q ALLOC", "D")).toEqual({
      verb: "QUERY",
      what: "ALLOC",
      alloc: { kind: "ALL", volids: [] },
    });
    // Read as `Q userid`, what follows the userid can only be AT.
    expect(refused("Q ALLOC PAGE", "G")).toEqual(invalidOption("PAGE"));
    // Q D is a real device (QUERY rdev) for class B, before it is a userid.
    expect(parsed("Q D", "B")).toMatchObject({ what: "REAL", rdev: "000D" });
  });
});

describe("QUERY CPOWNED / ALLOC / CPUID / SET / PRIVCLAS / VIRTUAL parsing", () => {
  it.each<[string, Command]>([
    ["Q CPOWNED", { verb: "QUERY", what: "CPOWNED" }],
    ["q cpown volid vm9cds", { verb: "QUERY", what: "CPOWNED", volid: "VM9CDS" }],
    // z/VM 7.2 QUERY ALLOC: [ALL|*|volid...] [DRCT|PAGE|SPOOL|TDISK [ALL|*|volid...]]
    ["Q ALLOC ALL", { verb: "QUERY", what: "ALLOC", alloc: { kind: "ALL", volids: [] } }],
    ["Q ALLOC *", { verb: "QUERY", what: "ALLOC", alloc: { kind: "ALL", volids: [] } }],
    [
      "Q ALLOC VM9* VMQIPL",
      { verb: "QUERY", what: "ALLOC", alloc: { kind: "ALL", volids: ["VM9*", "VMQIPL"] } },
    ],
    // zvm-bootcamp-cp-responses.txt line 62: "q alloc page"; line 73: "query alloc spool"
    ["q alloc page", { verb: "QUERY", what: "ALLOC", alloc: { kind: "PAGE", volids: [] } }],
    ["query alloc spool", { verb: "QUERY", what: "ALLOC", alloc: { kind: "SPOOL", volids: [] } }],
    ["Q ALLOC DRCT ALL", { verb: "QUERY", what: "ALLOC", alloc: { kind: "DRCT", volids: [] } }],
    ["Q ALLOC TDISK VM9*", { verb: "QUERY", what: "ALLOC", alloc: { kind: "TDISK", volids: ["VM9*"] } }],
    ["Q CPUID", { verb: "QUERY", what: "CPUID" }],
    ["Q SET", { verb: "QUERY", what: "SET" }],
    ["Q PRIVCLAS", { verb: "QUERY", what: "PRIVCLAS" }],
    // QUERY VIRTUAL alone is ALL (reference §3); Q V STOR: zvm-bootcamp (reference §3)
    ["Q V", { verb: "QUERY", what: "VIRTUAL", virtual: "ALL" }],
    ["Query Virtual All", { verb: "QUERY", what: "VIRTUAL", virtual: "ALL" }],
    ["Q V STOR", { verb: "QUERY", what: "VIRTUAL", virtual: "STORAGE" }],
    ["Q V CONS", { verb: "QUERY", what: "VIRTUAL", virtual: "CONSOLE" }],
    ["Q V RDR", { verb: "QUERY", what: "VIRTUAL", virtual: "RDR" }],
    ["Q V READER", { verb: "QUERY", what: "VIRTUAL", virtual: "RDR" }],
    ["Q V PUNCH", { verb: "QUERY", what: "VIRTUAL", virtual: "PUN" }],
    ["Q V PRT", { verb: "QUERY", what: "VIRTUAL", virtual: "PRT" }],
    // a hex word stays a vdev: tessia-zvm-3270-console-lines.txt "Q V  1C5D"
    ["Q V C", { verb: "QUERY", what: "VIRTUAL_DASD", vdev: "000C" }],
    ["Q V DASD", { verb: "QUERY", what: "VIRTUAL_DASD" }],
  ])("%s", (line, command) => {
    expect(parsed(line)).toEqual(command);
  });

  it.each<[string, { rc: number; lines: string[] }]>([
    ["Q CPOWNED X", invalidOption("X")],
    ["Q CPOWNED VOLID", operandMissing],
    ["Q CPOWNED VOLID TOOLONGV", invalidOption("TOOLONGV")],
    ["Q CPOWNED VOLID A B", invalidOption("B")],
    ["Q ALLOC MAP", invalidOption("MAP")],
    ["Q ALLOC PAGE TOOLONGV", invalidOption("TOOLONGV")],
    ["Q ALLOC VM9CDS ALL", invalidOption("ALL")],
    ["Q CPUID X", invalidOption("X")],
    ["Q SET MSG", invalidOption("MSG")],
    ["Q PRIVCLAS MAINT", invalidOption("MAINT")],
    ["Q V STOR X", invalidOption("X")],
    ["Q V ALL DASD", invalidOption("DASD")],
    ["Q V CONS 9", invalidOption("9")],
  ])("%s is refused", (line, answer) => {
    expect(refused(line)).toEqual(answer);
  });
});

describe("QUERY layouts against their sources", () => {
  it("QUERY CPOWNED rows as reference §1 quotes the zvm-bootcamp capture", () => {
    const [header, ...rows] = queryCpowned([
      { slot: 253 },
      { slot: 255, volid: "M01P01", rdev: "0206", type: "Own", systemOwner: "ZVMWSXX" },
      { slot: 254, volid: "M01P02", rdev: "0300", type: "Own", systemOwner: "ZVMWSXX" },
    ]);
    expect(rows).toEqual([
      " 253  ------  ----  -----  Reserved                -------- --------",
      " 255  M01P01  0206  Own    Online and attached     -------- ZVMWSXX",
      " 254  M01P02  0300  Own    Online and attached     -------- ZVMWSXX",
    ]);
    // The header is ours, aligned to the columns: Vol-ID at 7, Rdev at 15, Type at 21, Status at 28.
    expect([
      header.indexOf("Vol-ID"),
      header.indexOf("Rdev"),
      header.indexOf("Type"),
      header.indexOf("Status"),
    ]).toEqual([6, 14, 20, 27]);
    // Shared (reference §1, recalled) fits before the status column.
    const [, shared] = queryCpowned([
      { slot: 38, volid: "VM5SP0", rdev: "5610", type: "Shared", systemOwner: "LTICVM5" },
    ]);
    expect(shared.indexOf("Online")).toBe(27);
  });

  it("QUERY ALLOC PAGE / SPOOL: zvm-bootcamp-cp-responses.txt lines 63-70 and 74-81", () => {
    const page = queryAllocTable([
      { volid: "M01P02", rdev: "0300", start: 0, end: 2500, total: 450180, inUse: 40, high: 51 },
      { volid: "M01P01", rdev: "0206", start: 1, end: 3337, total: 600660, inUse: 0, high: 0 },
    ]);
    expectInCorpus(page.slice(0, 6), "zvm-bootcamp-cp-responses.txt");
    const spool = queryAllocTable([
      { volid: "M01S01", rdev: "0205", start: 1, end: 3337, total: 600660, inUse: 9020, high: 39600 },
      { volid: "M01P02", rdev: "0304", start: 1, end: 3337, total: 600660, inUse: 0, high: 0 },
    ]);
    expectInCorpus(spool.slice(0, 6), "zvm-bootcamp-cp-responses.txt");
    // The capture's SUMMARY (line 69) sums 450180 + 600660 pages with 24 in use.
    const summary = queryAllocTable([
      { volid: "M01P02", rdev: "0300", start: 0, end: 2500, total: 450180, inUse: 24, high: 51 },
      { volid: "M01P01", rdev: "0206", start: 1, end: 3337, total: 600660, inUse: 0, high: 0 },
    ]).slice(-3);
    expectInCorpus(summary, "zvm-bootcamp-cp-responses.txt");
    expect(summary[1]).toBe(
      corpusLine("zvm-bootcamp-cp-responses.txt", "SUMMARY                            1026K     24"),
    );
    expect([allocField(600840), allocField(4806720), allocField(2 ** 31)]).toEqual([
      "600840",
      " 4694K",
      " 2048M",
    ]);
  });

  it("QUERY ALLOC DRCT says ACTIVE after %USED (weak source, reference §2)", () => {
    const [, , , row] = queryAllocTable([
      { volid: "M01RES", rdev: "0123", start: 1, end: 20, total: 20, inUse: 1, high: 2, active: true },
    ]);
    expect(row.replace(/ +/g, " ")).toBe("M01RES 0123 1 20 20 1 2 5% ACTIVE");
  });

  it("plain QUERY ALLOC: the blocks reference §2 quotes from zvm-bootcamp, at QALBK's offsets", () => {
    const lines = queryAllocBlocks(
      [
        {
          rdev: "0200",
          volid: "M01RES",
          devtype: "3390",
          space: {
            TDISK: { total: 0, inUse: 0 },
            PAGE: { total: 0, inUse: 0 },
            SPOOL: { total: 0, inUse: 0 },
            DRCT: { total: 20, inUse: 1 },
          },
          drctActive: true,
        },
        {
          rdev: "0205",
          volid: "M01S01",
          devtype: "3390",
          space: {
            TDISK: { total: 0, inUse: 0 },
            PAGE: { total: 0, inUse: 0 },
            SPOOL: { total: 3337, inUse: 162 },
            DRCT: { total: 0, inUse: 0 },
          },
        },
      ],
      "M01RES",
    );
    expect(lines.slice(0, 5)).toEqual([
      "DASD 0200 M01RES 3390 CKD-ECKD (UNITS IN CYLINDERS)",
      "     TDISK TOTAL=00000000000 INUSE=00000000000 AVAIL=00000000000",
      "     PAGE  TOTAL=00000000000 INUSE=00000000000 AVAIL=00000000000",
      "     SPOOL TOTAL=00000000000 INUSE=00000000000 AVAIL=00000000000",
      "     DRCT  TOTAL=00000000020 INUSE=00000000001 AVAIL=00000000019, ACTIVE",
    ]);
    expect(lines[8]).toBe("     SPOOL TOTAL=00000003337 INUSE=00000000162 AVAIL=00000003175");
    expect(lines.at(-1)).toBe("IPL NUCLEUS ACTIVE ON VOLUME M01RES");
    // QALBK: rdev @5, volid @10, type @17, format @22, "(UNITS IN " @31; TOTAL= @11, INUSE= @29, AVAIL= @47.
    expect([
      lines[0].indexOf("0200"),
      lines[0].indexOf("M01RES"),
      lines[0].indexOf("3390"),
      lines[0].indexOf("CKD"),
    ]).toEqual([5, 10, 17, 22]);
    expect(lines[0].indexOf("(UNITS IN ")).toBe(31);
    expect([
      lines[4].indexOf("TOTAL="),
      lines[4].indexOf("INUSE="),
      lines[4].indexOf("AVAIL="),
      lines[4].indexOf(", ACTIVE"),
    ]).toEqual([11, 29, 47, 64]);
  });

  it("QUERY CPUID (z/VM 7.2 QUERY CPUID: CPUID= aassssssccccdddd) and Q V's CPU line (xcat rinv line 45)", () => {
    const cpuid = cpuidOf({ model: "2097", cpuid: "0C452E", lpar: false });
    expect(queryCpuid(cpuid)).toEqual(["CPUID= FF0C452E20978000"]);
    expect(queryVirtualCpu(cpuid)).toEqual([
      corpusLine("xcat-zvm-rinv-lsvm-output.txt", "CPU 00  ID  FF0C452E", "gpok3:     "),
    ]);
    // examples/ltic: System_Identifier 2084 %4B52A LTICVM9 (% read as 0: ours).
    expect(cpuidOf({ model: "2084", cpuid: "%4B52A", lpar: false })).toBe("FF04B52A20848000");
    expect(cpuidOf({ model: "LPAR", cpuid: "LPAR01", lpar: true })).toBe("FF00000085618000");
    expect(cpuidOf(undefined)).toBe("FF00000085618000");
  });

  it("QUERY VIRTUAL STORAGE: tessia-zvm-3270-console-lines.txt line 42", () => {
    expect(queryVirtualStorage("2G")).toEqual([
      corpusLine("tessia-zvm-3270-console-lines.txt", "STORAGE = 2G"),
    ]);
  });

  it("QUERY PRIVCLAS: Currently/Directory as xcat-zvm-rinv-lsvm-output.txt lines 39-40 show them", () => {
    const lines = queryPrivclas("XCAT3", "G", "G");
    expectInCorpus(lines.slice(1, 3), "xcat-zvm-rinv-lsvm-output.txt", "gpok3:     ");
    expect(lines[0]).toBe("Privilege classes for user XCAT3");
  });
});
