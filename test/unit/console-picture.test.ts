import { describe, expect, it } from "vitest";
import { annotate } from "../../src/console/diagnostics";
import {
  flagRows,
  holdLines,
  spoolQueues,
  uniqueSpool,
  type NodePicture,
  type PictureSpoolFile,
} from "../../src/console/picture";

const node = (sysname: string, links: NodePicture["links"]): NodePicture => ({
  sysname,
  state: "UP",
  users: [],
  volumes: [],
  links,
  directoryVersion: 1,
});
const link = (userid: string, volser: string, rw: boolean) => ({
  userid,
  vdev: "0191",
  volser,
  owner: "OWNER",
  ownerVdev: "0191",
  rw,
});

describe("the picture model", () => {
  it("draws one line per system and volume, R/W when any link there writes", () => {
    const lines = holdLines([
      node("SYSB", [link("U1", "SHR001", false), link("U2", "SHR001", false)]),
      node("SYSA", [link("U1", "SHR001", false), link("U2", "SHR001", true), link("U3", "OPEN01", false)]),
    ]);
    expect(lines.map((l) => `${l.system} ${l.volser} ${l.rw ? "R/W" : "R/O"} ${l.links.length}`)).toEqual([
      "SYSA OPEN01 R/O 1",
      "SYSA SHR001 R/W 2",
      "SYSB SHR001 R/O 2",
    ]);
    expect(lines[1].links).toContain("U2 0191 → OWNER 0191");
  });

  it("shows every slot, and a system's flags as stale once it is not UP", () => {
    const flags = [
      { cylinder: 100, end: 149, system: "SYSA", mode: "W" },
      { cylinder: 10, end: 10, system: "SYSB", mode: "R" },
      { cylinder: 5, end: 5, system: "OLDSYS", mode: "R" },
    ];
    const rows = flagRows(
      { flags },
      { 2: "SYSB", 1: "SYSA", 3: "SYSC" },
      { SYSA: "FAILED", SYSB: "UP", SYSC: "DOWN" },
    );
    expect(rows.map((r) => [r.slot, r.system, r.runs.length, r.stale])).toEqual([
      [1, "SYSA", 1, true],
      [2, "SYSB", 1, false],
      [3, "SYSC", 0, false],
      [-1, "OLDSYS", 1, true],
    ]);
  });

  it("lists the spool once per file, as queues per user", () => {
    const f = (spoolid: string, owner: string, queue: string): PictureSpoolFile => ({
      spoolid,
      owner,
      queue,
      from: "MAINT",
      origin: "SYSA",
      name: "X",
      type: "Y",
      cls: "A",
      nrecs: 1,
      shared: true,
      hold: "NONE",
    });
    const files = uniqueSpool([
      [f("0002", "MAINT", "RDR"), f("0001", "OPER", "PRT")],
      [f("0002", "MAINT", "RDR"), f("0003", "MAINT", "PUN")],
    ]);
    expect(files.map((x) => x.spoolid)).toEqual(["0002", "0003", "0001"]);
    expect(spoolQueues(files).map((q) => [q.owner, Object.keys(q.queues).sort()])).toEqual([
      ["MAINT", ["PUN", "RDR"]],
      ["OPER", ["PRT"]],
    ]);
  });
});

describe("lint findings at their lines", () => {
  it("puts each finding under its record with two lines before it; the rest apart", () => {
    const d = (file: string, line: number, code: string) => ({
      file,
      line,
      column: 1,
      severity: "error" as const,
      code,
      message: code,
    });
    const out = annotate(
      [
        d("SYSTEM CONFIG", 4, "A"),
        d("SYSTEM CONFIG", 0, "B"),
        d("USER DIRECT", 1, "C"),
        d("VM9 SYSRES", 2, "D"),
      ],
      {
        "SYSTEM CONFIG": "l1\nl2\nl3\nl4\nl5",
        "USER DIRECT": "USER X",
      },
    );
    expect(out.map((f) => f.file)).toEqual(["SYSTEM CONFIG", "USER DIRECT", "VM9 SYSRES"]);
    expect(out[0].lines.map((l) => [l.line, l.text, l.findings.map((x) => x.code)])).toEqual([
      [2, "l2", []],
      [3, "l3", []],
      [4, "l4", ["A"]],
    ]);
    expect(out[0].general.map((x) => x.code)).toEqual(["B"]);
    expect(out[1].lines).toEqual([{ line: 1, text: "USER X", findings: [out[1].lines[0].findings[0]] }]);
    // A file the page has no text of: its findings stand apart.
    expect(out[2].general.map((x) => x.code)).toEqual(["D"]);
  });
});
