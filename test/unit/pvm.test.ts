import { describe, expect, it } from "vitest";
import { readPvmConfig } from "../../src/pvm/config";
import { pvmNetwork } from "../../src/pvm/network";
import type { Network, NetworkCtc, PvmState } from "../../src/pvm/types";

// The seed's LTICVM1 file (service-machines.md §1.2, seed/cse-presentation.txt).
const LTICVM1 = `LOCAL LTICVM1
LINK DB4 LTICVM2 CTCA
LINK C31 LTICVM4 CTCA
LINK C21 LTICVM5 CTCA
LINK D05 LTICVM7 CTCA
LINK DA4 LTICVM9 CTCA

START LINE DB4
START LINE C31
START LINE C21
START LINE D05
START LINE DA4

START CSECOM LTICVM2
START CSECOM LTICVM4
START CSECOM LTICVM5
START CSECOM LTICVM7
START CSECOM LTICVM9
`;

describe("readPvmConfig", () => {
  it("reads the seed's LTICVM1 file", () => {
    const { config, diagnostics } = readPvmConfig(LTICVM1);
    expect(diagnostics).toEqual([]);
    const link = (vdev: string, node: string, line: number) => ({ vdev, node, type: "CTCA", line });
    expect(config).toEqual({
      local: "LTICVM1",
      links: [
        link("0DB4", "LTICVM2", 2),
        link("0C31", "LTICVM4", 3),
        link("0C21", "LTICVM5", 4),
        link("0D05", "LTICVM7", 5),
        link("0DA4", "LTICVM9", 6),
      ],
      startLines: ["0DB4", "0C31", "0C21", "0D05", "0DA4"],
      startCsecom: ["LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"],
    });
  });

  it("takes words in any case, skips comments and blank records, accepts MAXSESS", () => {
    const text =
      "* PVM for SYSA\n/* two-record\n   comment */ local sysa\n\nlink db4 sysb ctca /* to B */\nMAXSESS 5\nStart Line db4\nstart csecom sysb";
    const { config, diagnostics } = readPvmConfig(text);
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({
      local: "SYSA",
      links: [{ vdev: "0DB4", node: "SYSB", type: "CTCA", line: 5 }],
      startLines: ["0DB4"],
      startCsecom: ["SYSB"],
    });
  });

  it("notes statements it does not simulate, with their line", () => {
    const { config, diagnostics } = readPvmConfig(
      "LOCAL SYSA\nSTART GRAF 0020\nDEFINE X Y\nLINK 0E0 SYSB TCP",
    );
    expect(diagnostics.map((d) => [d.line, d.column, d.severity, d.code, d.message])).toEqual([
      [2, 1, "info", "PVM-NOT-SIMULATED", "START GRAF is not simulated; statement skipped"],
      [3, 1, "info", "PVM-NOT-SIMULATED", "DEFINE is not simulated; statement skipped"],
      [4, 15, "info", "PVM-NOT-SIMULATED", "Line type TCP is not simulated; the line stays down"],
    ]);
    expect(config.links).toEqual([{ vdev: "00E0", node: "SYSB", type: "TCP", line: 4 }]);
  });

  it("reports malformed statements as errors with line and column, and never throws", () => {
    const text = [
      "LOCAL",
      "LOCAL SYSA EXTRA",
      "LINK XYZ9 SYSB CTCA",
      "LINK DB4 TOOLONGNODE CTCA",
      "LINK DB4 SYSB",
      "LINK DB4 SYSB FOO",
      "START",
      "START LINE GGGG",
      "START CSECOM",
      "MAXSESS many",
      "LOCAL SYSA",
      "LOCAL SYSB",
      "LINK DB4 SYSB CTCA",
      "LINK 0DB4 SYSC CTCA",
      "/* never closed",
    ].join("\n");
    const { config, diagnostics } = readPvmConfig(text, "SYSA: PVM 191 PVM CONFIG");
    expect(diagnostics.map((d) => [d.line, d.column, d.severity, d.code])).toEqual([
      [1, 7, "error", "PVM-OPERANDS"],
      [2, 12, "error", "PVM-OPERANDS"],
      [3, 6, "error", "PVM-VDEV"],
      [4, 10, "error", "PVM-NODE"],
      [5, 15, "error", "PVM-OPERANDS"],
      [6, 15, "error", "PVM-LINETYPE"],
      [7, 7, "error", "PVM-OPERANDS"],
      [8, 12, "error", "PVM-VDEV"],
      [9, 14, "error", "PVM-OPERANDS"],
      [10, 9, "error", "PVM-NUMBER"],
      [12, 1, "error", "PVM-LOCAL-DUP"],
      [14, 6, "error", "PVM-LINK-DUP"],
      [15, 1, "error", "PVM-COMMENT"],
    ]);
    expect(diagnostics.every((d) => d.file === "SYSA: PVM 191 PVM CONFIG")).toBe(true);
    expect(config.local).toBe("SYSA");
    expect(config.links).toEqual([{ vdev: "0DB4", node: "SYSB", type: "CTCA", line: 13 }]);
    for (const junk of ["", "\u0000\u0001", "LINK", "START LINE", "*", "*/ x", "/**/", "\n\n\r\r"]) {
      expect(() => readPvmConfig(junk)).not.toThrow();
    }
  });

  it("warns about a START LINE with no LINK and a file with no LOCAL", () => {
    const { diagnostics } = readPvmConfig("START LINE DB4");
    expect(diagnostics.map((d) => [d.line, d.severity, d.code])).toEqual([
      [0, "warning", "PVM-NO-LOCAL"],
      [1, "warning", "PVM-START-NOLINK"],
    ]);
  });
});

/**
 * A fully connected network of `systems`: one CTC per pair, system i's end for peer j at real
 * C{i}{j}4 attached to PVM at vdev 0D{j}0, each PVM configured the seed's way.
 */
function plex(systems: string[]) {
  const rdev = (i: number, j: number) => `C${i}${j}4`;
  const vdev = (j: number) => `0D${j}0`;
  const ctcs: NetworkCtc[] = [];
  for (let i = 0; i < systems.length; i++)
    for (let j = i + 1; j < systems.length; j++)
      ctcs.push({ a: { system: systems[i], rdev: rdev(i, j) }, b: { system: systems[j], rdev: rdev(j, i) } });
  const texts = systems.map((s, i) => {
    const peers = systems.map((p, j) => ({ p, j })).filter(({ j }) => j !== i);
    return [
      `LOCAL ${s}`,
      ...peers.map(({ p, j }) => `LINK ${vdev(j)} ${p} CTCA`),
      ...peers.map(({ j }) => `START LINE ${vdev(j)}`),
      ...peers.map(({ p }) => `START CSECOM ${p}`),
    ].join("\n");
  });
  const attached = systems.map((_, i) =>
    systems.flatMap((__, j) => (j === i ? [] : [{ vdev: vdev(j), rdev: rdev(i, j) }])),
  );
  /** The network with `change` applied to system `k`'s file text and state first. */
  const run = (edit?: { k: number; text?: (t: string) => string; state?: (s: PvmState) => void }) => {
    const states = systems.map((system, i) => {
      const text = edit?.k === i && edit.text ? edit.text(texts[i]) : texts[i];
      const s: PvmState = {
        system,
        running: true,
        config: readPvmConfig(text).config,
        attached: [...attached[i]],
      };
      if (edit?.k === i) edit.state?.(s);
      return s;
    });
    return pvmNetwork(systems, ctcs, states);
  };
  return { run, ctcs };
}

/** Lines and paths as short strings: easy to compare whole. */
function summary(n: Network) {
  return {
    lines: n.lines.map((l) => `${l.system} ${l.vdev} ${l.node} ${l.state}${l.why ? `: ${l.why}` : ""}`),
    paths: n.paths.map((p) => `${p.a}-${p.b} ${p.state}${p.why ? `: ${p.why}` : ""}`),
  };
}

const AB = ["SYSA", "SYSB"];
const drop = (re: RegExp) => (t: string) =>
  t
    .split("\n")
    .filter((l) => !re.test(l))
    .join("\n");

describe("pvmNetwork", () => {
  it("brings a two-system network up, and says PVM holds every end", () => {
    const { run } = plex(AB);
    const n = run();
    expect(summary(n)).toEqual({
      lines: ["SYSA 0D10 SYSB UP", "SYSB 0D00 SYSA UP"],
      paths: ["SYSA-SYSB UP"],
    });
    expect(n.ctcs).toEqual([
      {
        a: { system: "SYSA", rdev: "C014" },
        b: { system: "SYSB", rdev: "C104" },
        aUser: "PVM",
        bUser: "PVM",
      },
    ]);
  });

  it("brings a three-system fully connected network up, in systems then vdev order", () => {
    const n = plex(["SYSA", "SYSB", "SYSC"]).run();
    expect(summary(n)).toEqual({
      lines: [
        "SYSA 0D10 SYSB UP",
        "SYSA 0D20 SYSC UP",
        "SYSB 0D00 SYSA UP",
        "SYSB 0D20 SYSC UP",
        "SYSC 0D00 SYSA UP",
        "SYSC 0D10 SYSB UP",
      ],
      paths: ["SYSA-SYSB UP", "SYSA-SYSC UP", "SYSB-SYSC UP"],
    });
  });

  type Edit = Parameters<ReturnType<typeof plex>["run"]>[0];
  /** Apart from `why`: SYSA's or SYSB's line (null: it has none; "UP"), or the path's why. */
  type Apart = { a?: string | null; b?: string | null; path?: string };
  // [name, edit, why]: SYSA's line, SYSB's line and the path are all DOWN with `why` unless given apart.
  const cases: [string, Edit, string, Apart?][] = [
    ["PVM not running", { k: 1, state: (s) => (s.running = false) }, "PVM is not running on SYSB"],
    [
      "no file",
      { k: 1, state: (s) => (s.config = undefined) },
      "SYSB's PVM has no configuration file",
      { b: null },
    ],
    [
      "LOCAL wrong",
      { k: 0, text: (t) => t.replace("LOCAL SYSA", "LOCAL SYSX") },
      "SYSA LOCAL is SYSX, not SYSA",
    ],
    ["no LOCAL", { k: 0, text: drop(/^LOCAL/) }, "SYSA's PVM has no LOCAL statement"],
    ["no LINK", { k: 0, text: drop(/^LINK/) }, "SYSA's PVM has no LINK to SYSB", { a: null }],
    ["line not started", { k: 1, text: drop(/^START LINE/) }, "SYSB did not START LINE 0D00"],
    [
      "vdev not attached",
      { k: 0, state: (s) => (s.attached = []) },
      "SYSA 0D10 is not attached to PVM",
      { b: "SYSA C014 (the CTC from SYSB C104) is not attached to PVM" },
    ],
    [
      "end attached at another vdev",
      { k: 1, state: (s) => (s.attached = [{ vdev: "0D05", rdev: "C104" }]) },
      "SYSB C104 is attached to PVM at 0D05, but SYSB's LINK to SYSA is at 0D00",
      { b: "SYSB 0D00 is not attached to PVM" },
    ],
    [
      "CSECOM not started",
      { k: 1, text: drop(/^START CSECOM/) },
      "SYSB did not START CSECOM SYSA",
      { a: "UP", b: "UP" },
    ],
  ];
  const shown = (why: string) => (why === "UP" ? "UP" : `DOWN: ${why}`);
  for (const [name, edit, why, apart = {}] of cases) {
    it(`with one piece missing (${name}) has exactly the expected line and path down`, () => {
      const a = apart.a === undefined ? why : apart.a;
      const b = apart.b === undefined ? why : apart.b;
      const lines = [];
      if (a !== null) lines.push(`SYSA 0D10 SYSB ${shown(a)}`);
      if (b !== null) lines.push(`SYSB 0D00 SYSA ${shown(b)}`);
      expect(summary(plex(AB).run(edit))).toEqual({
        lines,
        paths: [`SYSA-SYSB ${shown(apart.path ?? why)}`],
      });
    });
  }

  it("says where a CTC leads when a LINK's vdev holds the wrong one; the other pair stays up", () => {
    // SYSA's two ends swapped: the vdev for SYSB holds the CTC to SYSC and the other way round.
    const n = plex(["SYSA", "SYSB", "SYSC"]).run({
      k: 0,
      state: (s) =>
        (s.attached = [
          { vdev: "0D10", rdev: "C024" },
          { vdev: "0D20", rdev: "C014" },
        ]),
    });
    expect(summary(n)).toEqual({
      lines: [
        "SYSA 0D10 SYSB DOWN: the CTC at SYSA C024 leads to SYSC, not SYSB",
        "SYSA 0D20 SYSC DOWN: the CTC at SYSA C014 leads to SYSB, not SYSC",
        "SYSB 0D00 SYSA DOWN: SYSA C014 is attached to PVM at 0D20, but SYSA's LINK to SYSB is at 0D10",
        "SYSB 0D20 SYSC UP",
        "SYSC 0D00 SYSA DOWN: SYSA C024 is attached to PVM at 0D10, but SYSA's LINK to SYSC is at 0D20",
        "SYSC 0D10 SYSB UP",
      ],
      paths: [
        "SYSA-SYSB DOWN: the CTC at SYSA C024 leads to SYSC, not SYSB",
        "SYSA-SYSC DOWN: the CTC at SYSA C014 leads to SYSB, not SYSC",
        "SYSB-SYSC UP",
      ],
    });
  });

  it("leaves the other pair up when a third system's PVM is down (no routing through it either)", () => {
    const { run } = plex(["SYSA", "SYSB", "SYSC"]);
    const n = run({
      k: 2,
      state: (s) => {
        s.running = false;
        s.attached = [];
      },
    });
    expect(summary(n).paths).toEqual([
      "SYSA-SYSB UP",
      "SYSA-SYSC DOWN: PVM is not running on SYSC",
      "SYSB-SYSC DOWN: PVM is not running on SYSC",
    ]);
    expect(n.lines.filter((l) => l.state === "UP").map((l) => `${l.system} ${l.node}`)).toEqual([
      "SYSA SYSB",
      "SYSB SYSA",
    ]);
    // Ends SYSC no longer holds are not PVM's.
    expect(n.ctcs.map((c) => [c.aUser, c.bUser])).toEqual([
      ["PVM", "PVM"],
      ["PVM", undefined],
      ["PVM", undefined],
    ]);
  });

  it("treats a system with no state as PVM not running, and a LINK to a stranger as down", () => {
    const { config } = readPvmConfig("LOCAL SYSA\nLINK DB4 SYSZ CTCA\nSTART LINE DB4");
    const n = pvmNetwork(AB, [], [{ system: "SYSA", running: true, config, attached: [] }]);
    expect(summary(n)).toEqual({
      lines: ["SYSA 0DB4 SYSZ DOWN: SYSA's LINK 0DB4 names SYSZ, which is not a system of this plex"],
      paths: ["SYSA-SYSB DOWN: PVM is not running on SYSB"],
    });
  });
});
