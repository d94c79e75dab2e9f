import { describe, expect, it } from "vitest";
import { createSchema, lintBodySchema } from "../../src/api/schemas";
import type { Diagnostic } from "../../src/diagnostics";
import { lintPlex, type PlexInput } from "../../src/lint";
import { RULES } from "../../src/lint/rules";

/**
 * The PVM network lint (issue #11 item 7): three systems, each PVM linked to the other two over a
 * CTC its profile attaches, is clean; taking away any one piece gives one finding where it is.
 */

const SYSTEMS = ["SYSA", "SYSB", "SYSC"];

const CONFIG = `${SYSTEMS.map((s, i) => `System_Identifier 2964 %${String(i + 1).repeat(5)} ${s}`).join("\n")}
XSPOOL_SYSTEM Slot 1 SYSA SYSB SYSC Share_Spool NO
`;

const DIRECTORY = `${SYSTEMS.map((s, i) => `DIRECTORY 0123 3390 RES${s[3]} *${String(i + 1).repeat(5)}-2964 ${s}`).join("\n")}
USER PVM PVMPW 32M 64M BG
SYSAFFIN SYSA
  MDISK 0191 3390 10 5 OPEN01 MR
SYSAFFIN SYSB
  MDISK 0191 3390 20 5 OPEN01 MR
SYSAFFIN SYSC
  MDISK 0191 3390 30 5 OPEN01 MR
`;

const DASD = [
  ...SYSTEMS.map((s) => ({ volser: `RES${s[3]}`, devtype: "3390-9", ipl: [s] })),
  { volser: "OPEN01", devtype: "3390-9" },
];

/** The CTC between two systems: rdev A<x><y>0 at both ends (e.g. AB0 between SYSA and SYSB). */
const ctc = (x: string, y: string) => ({
  a: { system: `SYS${x}`, rdev: `${x}${y}0` },
  b: { system: `SYS${y}`, rdev: `${x}${y}0` },
});
const CTCS = [ctc("A", "B"), ctc("A", "C"), ctc("B", "C")];

/** Each system's PVM CONFIG: LOCAL, a LINK to each other system at vdev <x><y>, its START LINE, START CSECOM. */
function pvmConfig(me: string): string {
  const others = SYSTEMS.filter((s) => s !== me);
  const vdev = (o: string) => [me[3], o[3]].sort().join("") + "4";
  return [
    `LOCAL ${me}`,
    ...others.map((o) => `LINK ${vdev(o)} ${o} CTCA`),
    ...others.map((o) => `START LINE ${vdev(o)}`),
    ...others.map((o) => `START CSECOM ${o}`),
    "",
  ].join("\n");
}

/** Each system's PVM PROFILE EXEC: attaches its end of each CTC as the LINK's vdev. */
function pvmProfile(me: string): string {
  const others = SYSTEMS.filter((s) => s !== me);
  const pair = (o: string) => [me[3], o[3]].sort().join("");
  return [`/* PVM on ${me} */`, ...others.map((o) => `'CP ATT ${pair(o)}0 * ${pair(o)}4'`), ""].join("\n");
}

type Files = Record<string, Record<string, string>>;
const FILES = (): Files =>
  Object.fromEntries(
    SYSTEMS.map((s) => [`${s}: PVM 0191`, { "PVM CONFIG": pvmConfig(s), "PROFILE EXEC": pvmProfile(s) }]),
  );

const plex = (over: Partial<PlexInput> = {}): PlexInput => ({
  systemConfig: CONFIG,
  directory: DIRECTORY,
  dasd: DASD,
  ctcs: CTCS,
  files: FILES(),
  ...over,
});

/** The PVM findings as "severity code file:line:column". */
const pvm = (input: PlexInput): string[] =>
  lintPlex(input)
    .diagnostics.filter((d) => d.code.startsWith("PVM"))
    .map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`);
const pvmFull = (input: PlexInput): Diagnostic[] =>
  lintPlex(input).diagnostics.filter((d) => d.code.startsWith("PVM"));

/** The files with one system's file edited. */
function edit(system: string, name: "PVM CONFIG" | "PROFILE EXEC", change: (text: string) => string): Files {
  const files = FILES();
  const key = `${system}: PVM 0191`;
  files[key][name] = change(files[key][name]);
  return files;
}
const drop = (line: string) => (text: string) => {
  expect(text).toContain(`${line}\n`);
  return text.replace(`${line}\n`, "");
};

const A = "SYSA: PVM 0191 PVM CONFIG";
const B = "SYSB: PVM 0191 PVM CONFIG";

describe("PVM network lint", () => {
  it("passes a fully connected three-system network, and its rules are registered", () => {
    const r = lintPlex(plex());
    expect(r.ok).toBe(true);
    expect(r.diagnostics.filter((d) => d.code.startsWith("PVM"))).toEqual([]);
    // The files add nothing else: the same plex without them lints the same.
    expect(r.diagnostics).toEqual(lintPlex(plex({ files: undefined })).diagnostics);
    for (const code of ["PVM-NOT-CONNECTED", "PVM-LINK-NOT-ATTACHED", "PVM-LOCAL-MISMATCH"])
      expect(RULES.find((x) => x.code === code)?.severity).toBe("warning");
  });

  it("gives plexes without a PVM CONFIG no findings, CTCs or not", () => {
    const noConfig = Object.fromEntries(
      SYSTEMS.map((s) => [`${s}: PVM 0191`, { "PROFILE EXEC": pvmProfile(s) }]),
    );
    expect(pvm(plex({ files: noConfig }))).toEqual([]);
    expect(pvm(plex({ files: {} }))).toEqual([]);
    expect(pvm(plex({ files: undefined, ctcs: [] }))).toEqual([]);
  });

  it("a CTC missing: PVM-NOT-CONNECTED once for the pair, at the first system's LINK to the other", () => {
    const found = pvmFull(plex({ ctcs: [ctc("A", "C"), ctc("B", "C")] }));
    expect(found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([
      `warning PVM-NOT-CONNECTED ${A}:2:1`,
    ]);
    expect(found[0].message).toBe(
      "SYSA and SYSB have no direct CSECOM path (CSECOM does not route through a third system): no CTC joins them in ctcs",
    );
  });

  it("a LINK missing: PVM-NOT-CONNECTED at that side's START CSECOM (and the parser's START LINE with no LINK)", () => {
    const found = pvmFull(plex({ files: edit("SYSB", "PVM CONFIG", drop("LINK AB4 SYSA CTCA")) }));
    expect(found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([
      `warning PVM-START-NOLINK ${B}:3:0`,
      `warning PVM-NOT-CONNECTED ${B}:5:1`,
    ]);
    expect(found[1].message).toContain("SYSA and SYSB");
    expect(found[1].message).toContain("SYSB's PVM CONFIG has no LINK vdev SYSA CTCA");
  });

  it("a START LINE missing: PVM-NOT-CONNECTED at the LINK it would start", () => {
    const found = pvmFull(plex({ files: edit("SYSC", "PVM CONFIG", drop("START LINE BC4")) }));
    expect(found.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([
      "PVM-NOT-CONNECTED SYSC: PVM 0191 PVM CONFIG:3",
    ]);
    expect(found[0].message).toContain("SYSB and SYSC");
    expect(found[0].message).toContain("SYSC's PVM CONFIG does not START LINE 0BC4 (its LINK to SYSB)");
  });

  it("a START CSECOM missing: PVM-NOT-CONNECTED at the LINK to that node", () => {
    const found = pvmFull(plex({ files: edit("SYSA", "PVM CONFIG", drop("START CSECOM SYSC")) }));
    expect(found.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([`PVM-NOT-CONNECTED ${A}:3`]);
    expect(found[0].message).toContain("SYSA and SYSC");
    expect(found[0].message).toContain("SYSA's PVM CONFIG does not START CSECOM SYSC");
  });

  it("pieces missing on both sides: one finding for the pair, naming them all", () => {
    const files = edit("SYSA", "PVM CONFIG", drop("START CSECOM SYSB"));
    files["SYSB: PVM 0191"]["PVM CONFIG"] = drop("START LINE AB4")(files["SYSB: PVM 0191"]["PVM CONFIG"]);
    const found = pvmFull(plex({ files, ctcs: [ctc("A", "C"), ctc("B", "C")] }));
    expect(found.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([`PVM-NOT-CONNECTED ${A}:2`]);
    expect(found[0].message).toBe(
      "SYSA and SYSB have no direct CSECOM path (CSECOM does not route through a third system): " +
        "SYSA's PVM CONFIG does not START CSECOM SYSB; SYSB's PVM CONFIG does not START LINE 0AB4 (its LINK to SYSA); no CTC joins them in ctcs",
    );
  });

  it("an ATTACH missing: PVM-LINK-NOT-ATTACHED at the LINK's vdev", () => {
    const found = pvmFull(plex({ files: edit("SYSB", "PROFILE EXEC", drop("'CP ATT BC0 * BC4'")) }));
    expect(found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([
      `warning PVM-LINK-NOT-ATTACHED ${B}:3:6`,
    ]);
    expect(found[0].message).toBe(
      "LINK 0BC4 SYSC: no ATTACH in SYSB: PVM 0191 PROFILE EXEC gives PVM a CTC as 0BC4 (SYSB's CTCs to SYSC: 0BC0)",
    );
  });

  it("no PROFILE EXEC: every LINK of that PVM is not attached", () => {
    const files = FILES();
    delete files["SYSC: PVM 0191"]["PROFILE EXEC"];
    expect(pvm(plex({ files }))).toEqual([
      "warning PVM-LINK-NOT-ATTACHED SYSC: PVM 0191 PVM CONFIG:2:6",
      "warning PVM-LINK-NOT-ATTACHED SYSC: PVM 0191 PVM CONFIG:3:6",
    ]);
  });

  it("an ATTACH of a CTC to another system, or of no CTC, is PVM-LINK-NOT-ATTACHED", () => {
    const wrong = edit("SYSA", "PROFILE EXEC", (t) => t.replace("'CP ATT AB0 * AB4'", "'CP ATT AC0 * AB4'"));
    const found = pvmFull(plex({ files: wrong }));
    // AC0 is taken by the first ATTACH: AC4 is left with none.
    expect(found.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([
      `PVM-LINK-NOT-ATTACHED ${A}:2:6`,
      `PVM-LINK-NOT-ATTACHED ${A}:3:6`,
    ]);
    expect(found[0].message).toContain("the CTC at SYSA 0AC0 leads to SYSC, not SYSB");
    const none = edit("SYSA", "PROFILE EXEC", (t) => t.replace("'CP ATT AB0 * AB4'", "'CP ATT 0F00 * AB4'"));
    const f2 = pvmFull(plex({ files: none }));
    expect(f2.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([`PVM-LINK-NOT-ATTACHED ${A}:2`]);
    expect(f2[0].message).toContain("0F00 is not an end of any CTC of SYSA");
  });

  it("a wrong LOCAL: PVM-LOCAL-MISMATCH at its operand", () => {
    const found = pvmFull(
      plex({ files: edit("SYSB", "PVM CONFIG", (t) => t.replace("LOCAL SYSB", "LOCAL SYSX")) }),
    );
    expect(found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([
      `warning PVM-LOCAL-MISMATCH ${B}:1:7`,
    ]);
    expect(found[0].message).toContain("LOCAL is SYSX, but SYSB reads this file");
  });

  it("LOCAL is checked on every system that sees the minidisk (no SYSAFFIN, one file for all)", () => {
    const directory = `${DIRECTORY.split("\nUSER PVM")[0]}
USER PVM PVMPW 32M 64M BG
  MDISK 0191 3390 10 5 OPEN01 MR
`;
    const found = pvmFull(
      plex({
        directory,
        files: { "PVM 0191": { "PVM CONFIG": pvmConfig("SYSA"), "PROFILE EXEC": pvmProfile("SYSA") } },
      }),
    );
    expect(
      found.filter((d) => d.code === "PVM-LOCAL-MISMATCH").map((d) => `${d.file}:${d.line} ${d.message}`),
    ).toEqual([
      expect.stringMatching(/^PVM 0191 PVM CONFIG:1 LOCAL is SYSA, but SYSB reads/),
      expect.stringMatching(/^PVM 0191 PVM CONFIG:1 LOCAL is SYSA, but SYSC reads/),
    ]);
  });

  it("two PVMs whose LINKs are on different CTCs between them: PVM-LINK-CTC-MISMATCH once", () => {
    const ctcs = [...CTCS, { a: { system: "SYSA", rdev: "AB1" }, b: { system: "SYSB", rdev: "AB1" } }];
    expect(pvm(plex({ ctcs }))).toEqual([]);
    const files = edit("SYSB", "PROFILE EXEC", (t) => t.replace("'CP ATT AB0 * AB4'", "'CP ATT AB1 * AB4'"));
    const found = pvmFull(plex({ ctcs, files }));
    expect(found.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([
      `PVM-LINK-CTC-MISMATCH ${A}:2:6`,
    ]);
    expect(found[0].message).toContain("the line's two ends are on different CTCs");
  });

  it("reads ATTACH in its forms through the EXEC runner's parser: TO/AS, no AS, ADDRESS, variables, IF", () => {
    const profile = [
      "/* PVM on SYSA */",
      "ab = 'AB0'",
      "address command",
      "'CP ATTACH' ab 'TO * AS AB4'",
      "if 1 = 1 then 'CP ATT AC0 PVM AC4'",
      "",
    ].join("\n");
    expect(pvm(plex({ files: edit("SYSA", "PROFILE EXEC", () => profile) }))).toEqual([]);
    // Without AS the vdev is the rdev: no vdev AB4 then.
    const noAs = edit("SYSA", "PROFILE EXEC", (t) => t.replace("'CP ATT AB0 * AB4'", "'CP ATT AB0 *'"));
    expect(pvm(plex({ files: noAs }))).toEqual([`warning PVM-LINK-NOT-ATTACHED ${A}:2:6`]);
    // To another user: not PVM's.
    const other = edit("SYSA", "PROFILE EXEC", (t) =>
      t.replace("'CP ATT AB0 * AB4'", "'CP ATT AB0 RSCS AB4'"),
    );
    expect(pvm(plex({ files: other }))).toEqual([`warning PVM-LINK-NOT-ATTACHED ${A}:2:6`]);
    // After a top-level EXIT nothing runs.
    const exited = edit("SYSA", "PROFILE EXEC", (t) =>
      t.replace("'CP ATT AB0 * AB4'", "exit\n'CP ATT AB0 * AB4'"),
    );
    expect(pvm(plex({ files: exited }))).toEqual([
      `warning PVM-LINK-NOT-ATTACHED ${A}:2:6`,
      `warning PVM-LINK-NOT-ATTACHED ${A}:3:6`,
    ]);
    // Not REXX (line 1 is no comment): CMS does not run it.
    const notRexx = edit("SYSA", "PROFILE EXEC", (t) => t.replace("/* PVM on SYSA */\n", ""));
    expect(pvm(plex({ files: notRexx }))).toHaveLength(2);
  });

  it("an ATTACH computed in a loop is beyond a static reading: info, not a warning", () => {
    const profile = [
      "/* PVM on SYSA */",
      "dev.1 = 'AB0'; vdev.1 = 'AB4'",
      "dev.2 = 'AC0'; vdev.2 = 'AC4'",
      "do i = 1 to 2",
      "  'CP ATT' dev.i '*' vdev.i",
      "end",
      "",
    ].join("\n");
    const found = pvmFull(plex({ files: edit("SYSA", "PROFILE EXEC", () => profile) }));
    expect(found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual([
      `info PVM-LINK-NOT-ATTACHED ${A}:2`,
      `info PVM-LINK-NOT-ATTACHED ${A}:3`,
    ]);
    expect(found[0].message).toContain("line 5 issues a command lint cannot read");
  });

  it("pairs that neither share XSPOOL nor name each other need no path", () => {
    const config = CONFIG.replace(/XSPOOL_SYSTEM.*\n/, "");
    const files = FILES();
    // SYSC's PVM talks to nobody, and nobody to it.
    files["SYSC: PVM 0191"] = { "PVM CONFIG": "LOCAL SYSC\n", "PROFILE EXEC": "/* */\n" };
    for (const s of ["SYSA", "SYSB"]) {
      const f = files[`${s}: PVM 0191`];
      f["PVM CONFIG"] = f["PVM CONFIG"]
        .split("\n")
        .filter((l) => !l.includes("SYSC") && !/ [AB]C4$/.test(l))
        .join("\n");
      f["PROFILE EXEC"] = f["PROFILE EXEC"].replace(/'CP ATT [AB]C0 \* [AB]C4'\n/, "");
    }
    expect(pvm(plex({ systemConfig: config, files }))).toEqual([]);
    // Nor with SYSC alone outside the XSPOOL complex.
    const twoInXspool = CONFIG.replace("SYSA SYSB SYSC Share_Spool", "SYSA SYSB Share_Spool");
    expect(pvm(plex({ systemConfig: twoInXspool, files }))).toEqual([]);
    // In the XSPOOL complex they need it.
    expect(pvm(plex({ files }))).toEqual([
      `warning PVM-NOT-CONNECTED ${A}:0:0`,
      `warning PVM-NOT-CONNECTED ${B}:0:0`,
    ]);
    // So do they once one names the other.
    files["SYSC: PVM 0191"]["PVM CONFIG"] += "START CSECOM SYSA\n";
    expect(pvm(plex({ systemConfig: config, files }))).toEqual([`warning PVM-NOT-CONNECTED ${A}:0:0`]);
  });

  it("reports PVM CONFIG's own errors as warnings: they stop no IPL", () => {
    const files = edit("SYSA", "PVM CONFIG", (t) => t.replace("LINK AB4 SYSB CTCA", "LINK AB4 SYSB CTC"));
    const r = lintPlex(plex({ files }));
    expect(r.ok).toBe(true);
    expect(
      r.diagnostics
        .filter((d) => d.code.startsWith("PVM"))
        .map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`),
    ).toEqual([
      `warning PVM-LINETYPE ${A}:2`,
      `warning PVM-START-NOLINK ${A}:4`,
      `warning PVM-NOT-CONNECTED ${A}:6`, // SYSA's START CSECOM SYSB, the statement nearest the missing LINK
    ]);
  });

  it("scales: 64 systems fully connected lint clean", () => {
    const n = 64;
    const names = Array.from({ length: n }, (_, i) => `S${String(i).padStart(2, "0")}`);
    const systemConfig = `${names.map((s, i) => `System_Identifier 2964 %${(i + 1).toString(16).padStart(5, "0")} ${s}`).join("\n")}\n`;
    const directory = [
      ...names.map((s, i) => `DIRECTORY 0123 3390 R${s} *${(i + 1).toString(16).padStart(5, "0")}-2964 ${s}`),
      "USER PVM PVMPW 32M 64M BG",
      ...names.flatMap((s, i) => [`SYSAFFIN ${s}`, `  MDISK 0191 3390 ${10 + i * 5} 5 OPEN01 MR`]),
    ].join("\n");
    const dasd = [
      ...names.map((s) => ({ volser: `R${s}`, devtype: "3390-9", ipl: [s] })),
      { volser: "OPEN01", devtype: "3390-9" },
    ];
    // The CTC between systems i < j: rdev 1000 + i*64 + j at both ends; vdev the same number.
    const dev = (i: number, j: number) =>
      (0x1000 + Math.min(i, j) * 64 + Math.max(i, j)).toString(16).toUpperCase();
    const ctcs = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        ctcs.push({ a: { system: names[i], rdev: dev(i, j) }, b: { system: names[j], rdev: dev(i, j) } });
    const files: Files = {};
    names.forEach((me, i) => {
      const others = names.map((o, j) => ({ o, j })).filter((x) => x.j !== i);
      files[`${me}: PVM 0191`] = {
        "PVM CONFIG": [
          `LOCAL ${me}`,
          ...others.map(({ o, j }) => `LINK ${dev(i, j)} ${o} CTCA`),
          ...others.map(({ j }) => `START LINE ${dev(i, j)}`),
          ...others.map(({ o }) => `START CSECOM ${o}`),
        ].join("\n"),
        "PROFILE EXEC": ["/* */", ...others.map(({ j }) => `'CP ATT ${dev(i, j)} * ${dev(i, j)}'`)].join(
          "\n",
        ),
      };
    });
    const started = performance.now();
    const r = lintPlex({ systemConfig, directory, dasd, ctcs, files });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.plex.systems).toHaveLength(64);
    expect(r.diagnostics.filter((d) => d.code.startsWith("PVM"))).toEqual([]);
    // One CTC taken away: one finding.
    const fewer = lintPlex({ systemConfig, directory, dasd, ctcs: ctcs.slice(1), files });
    expect(fewer.diagnostics.filter((d) => d.code.startsWith("PVM")).map((d) => d.code)).toEqual([
      "PVM-NOT-CONNECTED",
    ]);
  });

  it("POST /v1/lint carries files with POST /v1/plexes's one schema", () => {
    const files = { "PVM 0191": { "PVM CONFIG": "LOCAL SYSA\n" } };
    expect(lintBodySchema.parse({ systemConfig: CONFIG, files }).files).toEqual(files);
    expect(lintBodySchema.shape.files.unwrap()).toBe(createSchema.shape.files.unwrap());
  });
});
