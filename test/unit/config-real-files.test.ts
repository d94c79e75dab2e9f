import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { xeditLine, xeditScreens } from "../../src/config/import";
import { parseSystemConfig } from "../../src/config/parse";
import { lintPlex } from "../../src/lint";

// Issue #13 item 7: a running site's SYSTEM CONFIG gives no false errors.

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const errors = (systemConfig: string) =>
  lintPlex({ systemConfig }).diagnostics.filter((d) => d.severity === "error");

/** A record of an F 80 file: `text` cut or padded to 80 columns. */
const f80 = (text: string) => text.padEnd(80).slice(0, 80);

/**
 * A PRODUCT statement as IBM's service tools write it into an F 80 SYSTEM CONFIG: one logical
 * line, cut every 80 columns, so the quoted DESCRIPTION runs to column 80 and goes on at column 1.
 */
function productRecords(prodid: string, state: string, description: string): string[] {
  const line = `PRODUCT PRODID ${prodid} STATE ${state} DESCRIPTION '${description}'`;
  const records: string[] = [];
  for (let i = 0; i < line.length; i += 80) records.push(f80(line.slice(i, i + 80)));
  return records;
}

describe("PRODUCT statements whose DESCRIPTION goes on at column 1 of the next record", () => {
  const dirm = productRecords(
    "6VMDIR30",
    "ENABLED",
    "11/05/13.13:07:22.MAINT    DIRECTORY MAINTENANCE FACILITY FOR Z/VM V6",
  );
  const ptk = productRecords("6VMPTK30", "DISABLED", "00/00/00.00:00:00.$BASEDDR PERFORMANCE TOOLKIT FOR VM");

  it("reads each as one statement, the description one operand", () => {
    expect(dirm).toHaveLength(2);
    expect(dirm[0]).toHaveLength(80);
    expect(dirm[0].endsWith(" ")).toBe(false); // the text runs to column 80
    const { model, diagnostics } = parseSystemConfig([...dirm, ...ptk, "CP_Owned Slot 1 RES001"].join("\n"));
    expect(diagnostics).toEqual([]);
    const products = model.statements.filter((s) => s.keyword === "PRODUCT");
    expect(products.map((s) => [s.line, s.operands.length])).toEqual([
      [1, 6],
      [3, 6],
    ]);
    expect(products[0].operands[5]).toBe(
      "'11/05/13.13:07:22.MAINT    DIRECTORY MAINTENANCE FACILITY FOR Z/VM V6'",
    );
    expect(model.cpOwned[0]).toMatchObject({ volid: "RES001", line: 5 });
  });

  it("keeps the record's 80 columns when a copy has lost the trailing blanks", () => {
    // The cut falls inside blanks of the description: a web copy strips them from record 1.
    const records = productRecords("6VMRAC30", "ENABLED", `${"X".repeat(27)}     RACF SECURITY SERVER`);
    const stripped = records.map((r) => r.trimEnd());
    expect(stripped[0].length).toBeLessThan(80);
    const { model, diagnostics } = parseSystemConfig(stripped.join("\n"));
    expect(diagnostics).toEqual([]);
    expect(model.statements[0].operands[5]).toBe(`'${"X".repeat(27)}     RACF SECURITY SERVER'`);
  });

  it("lints clean as a whole file", () => {
    expect(errors([...dirm, ...ptk].join("\n"))).toEqual([]);
  });

  it("treats blanks, commas, /* and '' inside quotes as text", () => {
    const { model, diagnostics } = parseSystemConfig(
      "PRODUCT PRODID 5VMTCP30 STATE ENABLED DESCRIPTION 'TCP/IP, IT''S /* NOT */ A COMMENT'\n",
    );
    expect(diagnostics).toEqual([]);
    expect(model.statements[0].operands[5]).toBe("'TCP/IP, IT''S /* NOT */ A COMMENT'");
  });

  it("opens no string at a quote inside a word, and reports a string never closed", () => {
    expect(parseSystemConfig("SAY DON'T PANIC\nCP_Owned Slot 1 RES001\n").diagnostics).toEqual([]);
    const { diagnostics } = parseSystemConfig(
      "CP_Owned Slot 1 RES001\nPRODUCT PRODID 6VMDIR30 STATE ENABLED DESCRIPTION 'NO END\n",
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 2, column: 51, severity: "error", code: "CFG-QUOTE" }),
    ]);
  });

  it("ends a string left open short of its record's end there: the statements after it are read, not swallowed", () => {
    const { model, diagnostics } = parseSystemConfig(
      [
        "PRODUCT PRODID 6VMDIR30 STATE ENABLED DESCRIPTION 'DIRMAINT",
        "CP_Owned Slot 1 RES001",
        "XLINK_System_Include Slot 1 VMSYS",
        "/* it's a comment */",
        "",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 1, column: 51, severity: "error", code: "CFG-QUOTE" }),
    ]);
    expect(model.cpOwned).toHaveLength(1);
    expect(model.xlinkSystemInclude).toHaveLength(1);
  });

  it("checks PRODID and STATE", () => {
    const { diagnostics } = parseSystemConfig("PRODUCT PRODID 6VMDIR30 STATE ON\n");
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: "CFG-OPERAND",
        message: expect.stringContaining("ENABLED or DISABLED"),
      }),
    ]);
  });
});

describe("System_Residence on FBA volumes and EDEVICEs: From Page n For n", () => {
  it("reads the page form", () => {
    const { model, diagnostics } = parseSystemConfig(
      [
        "System_Residence,",
        "   Checkpoint Volid FBARES From Page    64 For 2048,",
        "   Warmstart  Volid FBARES From Page  2112 For 1024",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([]);
    expect(model.checkpoint).toMatchObject({ volid: "FBARES", cylinder: 64, count: 2048, unit: "page" });
    expect(model.warmstart).toMatchObject({ volid: "FBARES", cylinder: 2112, count: 1024, unit: "page" });
  });

  it("keeps the cylinder form, and says what From needs", () => {
    const ok = parseSystemConfig("System_Residence Checkpoint Volid RES001 From Cyl 1 For 9\n");
    expect(ok.diagnostics).toEqual([]);
    expect(ok.model.checkpoint?.unit).toBe("cylinder");
    const bad = parseSystemConfig("System_Residence Checkpoint Volid RES001 From Block 1 For 9\n");
    expect(bad.diagnostics.map((d) => d.message)).toEqual([
      "SYSTEM_RESIDENCE: checkpoint: expected Cylinder or Page after From",
    ]);
  });

  it("checks page areas against each other, not against cylinder allocation maps", () => {
    const systemConfig = [
      "System_Identifier * * FBAVM",
      "System_Residence Checkpoint Volid FBARES From Page 64 For 2048,",
      "   Warmstart Volid FBARES From Page 1000 For 1024",
    ].join("\n");
    const r = lintPlex({
      systemConfig,
      dasd: [
        {
          volser: "FBARES",
          devtype: "3390-9",
          cylinders: 10017,
          allocation: [{ type: "PERM", start: 0, end: 10 }],
        },
      ],
    } as Parameters<typeof lintPlex>[0]);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([
      "Warmstart area pages 1000-2023 overlaps the checkpoint area 64-2111 on FBARES",
    ]);
  });
});

describe("FEATURES Disconnect_Timeout (IBM's FEATURES syntax: DISCONNECT_TIMEOUT {OFF | minutes})", () => {
  it("takes OFF or a number of minutes", () => {
    for (const value of ["off", "OFF", "15"])
      expect(
        parseSystemConfig(`Features ,\n  Disconnect_Timeout ${value} ,\n  MaxUsers noLimit\n`).diagnostics,
      ).toEqual([]);
    expect(parseSystemConfig("Features Disconnect_Timeout soon\n").diagnostics).toEqual([
      expect.objectContaining({ code: "CFG-OPERAND", message: expect.stringContaining("OFF or a number") }),
    ]);
  });

  it("gives CPSYNTAX's HCPSYK6701E ... STATEMENT - DISCONNECT_TIMEOUT when the record before ends the statement", () => {
    // The tutorial's own first FEATURES screen ends with `Vdisk Userlim 144000 blocks` and no comma:
    // a Disconnect_timeout added after it is a statement of its own, which CP does not know.
    const { diagnostics } = parseSystemConfig(
      " Features ,\n   MaxUsers noLimit ,\n   Vdisk Userlim 144000 blocks\n   Disconnect_timeout off\n",
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 4,
        column: 4,
        code: "HCPSYK6701E",
        message: "Invalid system configuration file statement - DISCONNECT_TIMEOUT",
      }),
    ]);
  });

  it("reports an unknown FEATURES operand as a bad operand, not as a statement", () => {
    expect(parseSystemConfig("Features MaxUsers 100 , Bogus_Feature 1\n").diagnostics).toEqual([
      expect.objectContaining({ code: "CFG-OPERAND", message: "FEATURES: unknown operand Bogus_Feature" }),
    ]);
  });
});

describe("real SYSTEM CONFIG files lint with no false errors", () => {
  // https://github.com/zvm-bootcamp/zvm-bootcamp.github.io/blob/8862abb534c3e62d35cf7df767ff5f4957d53b21/en/system-configuration.md
  it("zvm-bootcamp's workshop SYSTEM CONFIG (SSI, CP_Owned, FEATURES with Disconnect_timeout, Devices)", () => {
    expect(errors(fixture("corpus/zvm-bootcamp-system-config.sysconfig"))).toEqual([]);
  });

  // https://github.com/zvm-bootcamp/zvm-bootcamp.github.io (the same page's XEDIT screens)
  it("zvm-bootcamp's XEDIT screens: only the screen cut mid-statement is an error", () => {
    const found = xeditScreens(fixture("corpus/zvm-bootcamp-system-config-xedit.txt")).flatMap((b) =>
      errors(b.text).map((d) => `${xeditLine(b, d.line)} ${d.code}`),
    );
    // Screen one stops at 00039 "ZVMWSXX: System_Residence," with its continuation comma: the
    // excerpt, not the file, ends there.
    expect(found).toEqual(["39 CFG-CONTINUATION"]);
  });

  // https://github.com/junxiawang/xcat-doc/blob/62a1a17a2d2962b57cc52c032d8b4851f2f73764/src/XCAT_zVM_Setup.md
  it("IBM's xCAT development system: MODIFY CMD with custom privilege classes", () => {
    expect(errors(fixture("corpus/xcat-zvm-setup-modify-cmd.sysconfig"))).toEqual([]);
  });

  // https://github.com/zvm-bootcamp/zvm-bootcamp.github.io/blob/62305b2822329d3d836f365c7b03a648160b4d65/pt-BR/virtual-switch.md
  it("zvm-bootcamp's VSWITCH statements: only the tutorial's placeholder MAC prefix 0200XX", () => {
    expect(
      errors(fixture("sysconfig/zvm-bootcamp-vswitch.sysconfig")).map((d) => `${d.line} ${d.code}`),
    ).toEqual(
      ["3 CFG-OPERAND"], // "0200XX": the student puts his number for XX; CP takes hex digits only
    );
    const filled = fixture("sysconfig/zvm-bootcamp-vswitch.sysconfig").replace("0200XX", "020007");
    expect(errors(filled)).toEqual([]);
  });
});
