import { describe, expect, it } from "vitest";
import { findCmsCommand } from "../../src/cms/commands";
import { profileCommand, profileFor } from "../../src/cms/profiles";
import { lintPlex, LINT_FILE_NAMES, type PlexInput } from "../../src/lint";
import { answerRscsQuery, parseRscsCommand } from "../../src/rscs/commands";
import { readRscsConfig } from "../../src/rscs/config";
import { rscsNetwork, rscsReach } from "../../src/rscs/network";
import type { RscsState } from "../../src/rscs/types";

/** RSCS's configuration, link states, commands and lint (issue #12), without a runtime. */

describe("RSCS CONFIG", () => {
  it("reads the seed's LINKDEFINEs, LOCAL and ROUTE; skips what it does not simulate with an info", () => {
    const r = readRscsConfig(
      [
        "* LTICVM1's links",
        "LOCAL LTICVM1",
        "LINKDEFINE LTICVM2 AST TYPE NJE LINE DB4",
        "LINKDEFINE LTICVM4 TYPE NJE LINE C31 CLASS * RETRY",
        "ROUTE FARAWAY TO LTICVM2",
        "AUTHORIZE * OPERATOR",
        "",
      ].join("\n"),
    );
    expect(r.config).toEqual({
      local: "LTICVM1",
      links: [
        { linkid: "LTICVM2", type: "NJE", line: "0DB4", ast: true, record: 3 },
        { linkid: "LTICVM4", type: "NJE", line: "0C31", ast: false, record: 4 },
      ],
      routes: [{ node: "FARAWAY", via: "LTICVM2", record: 5 }],
    });
    expect(r.diagnostics.map((d) => [d.line, d.severity, d.code])).toEqual([
      [6, "info", "RSCS-NOT-SIMULATED"],
    ]);
  });

  it("names the line and column of each bad statement, never throws", () => {
    const r = readRscsConfig(
      "LOCAL\nLINKDEFINE LTICVM2 LINE XYZ9 TYPE NJE\nLINKDEFINE LTICVM3 LINE DB4\nLINKDEFINE LTICVM2 TYPE NJE\nFROB X\nROUTE A B\n",
    );
    expect(r.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([
      [1, 7, "RSCS-OPERANDS"],
      [2, 25, "RSCS-VDEV"],
      [3, 29, "RSCS-OPERANDS"],
      [5, 1, "RSCS-STATEMENT"],
      [6, 1, "RSCS-ROUTE"],
    ]);
    expect(r.config.links.map((l) => l.linkid)).toEqual(["LTICVM2"]);
  });
});

/** Two systems' RSCS state, with what each has done. */
function state(system: string, peer: string, over: Partial<RscsState> = {}): RscsState {
  const rdev = system === "SYSA" ? "DB45" : "DA45";
  const line = system === "SYSA" ? "0DB4" : "0DA4";
  return {
    system,
    running: true,
    userid: "RSCS",
    config: { local: system, links: [{ linkid: peer, type: "NJE", line, ast: true, record: 2 }], routes: [] },
    attached: [{ vdev: line, rdev }],
    started: [peer],
    ...over,
  };
}
const CTCS = [{ a: { system: "SYSA", rdev: "DB45" }, b: { system: "SYSB", rdev: "DA45" } }];

describe("the RSCS network", () => {
  it("is active when both ends run, attach the two ends of one CTC and START; else says the first missing piece", () => {
    const net = (a: Partial<RscsState>, b: Partial<RscsState> = {}) =>
      rscsNetwork(["SYSA", "SYSB"], CTCS, [state("SYSA", "SYSB", a), state("SYSB", "SYSA", b)])[0];
    expect(net({})).toMatchObject({ system: "SYSA", linkid: "SYSB", status: "active" });
    expect(net({ started: [] })).toMatchObject({ status: "inactive", why: "SYSA did not START SYSB" });
    expect(net({}, { started: [] })).toMatchObject({ status: "connect", why: "SYSB did not START SYSA" });
    expect(net({}, { running: false })).toMatchObject({
      status: "connect",
      why: "RSCS is not running on SYSB",
    });
    expect(net({ attached: [] })).toMatchObject({
      why: "SYSA's RSCS has no device at 0DB4 (no CTC attached there)",
    });
    expect(net({}, { attached: [] }).why).toMatch(/SYSB DA45 .* is not attached to RSCS/);
    expect(net({}, { config: { local: "OTHER", links: [], routes: [] } }).why).toBe(
      "SYSB's RSCS CONFIG says LOCAL OTHER, not SYSB",
    );
  });

  it("reaches a node over its active link; a node with no link, or a ROUTE, says why not", () => {
    const a = state("SYSA", "SYSB");
    const links = rscsNetwork(["SYSA", "SYSB"], CTCS, [a, state("SYSB", "SYSA")]);
    expect(rscsReach(a, "SYSB", links)).toEqual({ ok: true, link: "SYSB" });
    expect(rscsReach(a, "SYSC", links)).toEqual({
      ok: false,
      why: "SYSC is not a link or a route of SYSA's RSCS",
    });
    expect(rscsReach({ ...a, running: false }, "SYSB", links).ok).toBe(false);
  });
});

describe("RSCS commands", () => {
  it("parses QUERY, START, DRAIN, MSG; refuses the rest with a line", () => {
    expect(parseRscsCommand("q system")).toEqual({ verb: "QUERY", what: "SYSTEM" });
    expect(parseRscsCommand("QUERY SYSTEM QUEUES")).toEqual({ verb: "QUERY", what: "QUEUES" });
    expect(parseRscsCommand("Q LTICVM2 QUEUE")).toEqual({
      verb: "QUERY",
      what: "LINK",
      linkid: "LTICVM2",
      queue: true,
    });
    expect(parseRscsCommand("START LTICVM2")).toEqual({ verb: "START", linkid: "LTICVM2" });
    expect(parseRscsCommand("drain lticvm2")).toEqual({ verb: "DRAIN", linkid: "LTICVM2" });
    expect(parseRscsCommand("MSG LTICVM2 MAINT Hello there")).toEqual({
      verb: "MSG",
      node: "LTICVM2",
      userid: "MAINT",
      text: "Hello there",
    });
    expect(parseRscsCommand("FROB")).toEqual({ verb: "ERROR", line: "Invalid RSCS command FROB" });
    expect(parseRscsCommand("START")).toEqual({ verb: "ERROR", line: "START: link ID missing" });
    expect(parseRscsCommand("CMD LTICVM2 Q SYS").verb).toBe("ERROR");
  });

  it("shows its links with status and queue counts, and a link's queue in FIFO order", () => {
    const q = parseRscsCommand("Q LTICVM2 QUEUE");
    if (q.verb !== "QUERY") throw new Error("parse");
    const file = (spoolid: string, seq: number, name: string) => ({
      spoolid,
      seq,
      node: "LTICVM2",
      userid: "DIRMSAT2",
      origin: { node: "LTICVM1", userid: "DIRMAINT" },
      state: "QUEUED" as const,
      name,
      type: "DIRECT",
      cls: "A",
      nrecs: 3,
    });
    const lines = answerRscsQuery(q, {
      here: "LTICVM1",
      links: [
        {
          system: "LTICVM1",
          linkid: "LTICVM2",
          type: "NJE",
          line: "0DB4",
          status: "connect",
          why: "RSCS is not running on LTICVM2",
        },
      ],
      queue: [file("0007", 1, "FIRST"), file("0003", 2, "SECOND")],
    });
    expect(lines[2]).toMatch(/^LTICVM2\s+NJE\s+0DB4\s+connect\s+2$/);
    expect(lines).toContain("LTICVM2: RSCS is not running on LTICVM2");
    expect(lines.join("\n")).toMatch(/0007 .*FIRST[\s\S]*0003 .*SECOND/);
    expect(lines.at(-1)).toBe("2 files found");
  });
});

describe("RSCS's program and the CMS command table", () => {
  it("runs PROFILE GCS with RSCS CONFIG read first; `RSCS cmd` goes to RSCS, the rest to CP", () => {
    const p = profileFor("RSCS")!;
    expect(p).toMatchObject({ fn: "PROFILE", ft: "GCS", product: { name: "RSCS", first: true } });
    expect(profileCommand("RSCS START LTICVM2", p)).toEqual({ product: "START LTICVM2" });
    expect(profileCommand("CP ATTACH DB45 * DB4 ", p)).toEqual({ cp: "CP ATTACH DB45 * DB4" });
    expect(profileCommand("RSCS START X")).toEqual({ cp: "RSCS START X" });
  });

  it("finds TELL and SENDFILE by name, abbreviation and synonym", () => {
    expect(findCmsCommand("tell")?.name).toBe("TELL");
    expect(findCmsCommand("SENDF")?.name).toBe("SENDFILE");
    expect(findCmsCommand("SF")?.name).toBe("SENDFILE");
    expect(findCmsCommand("SEND")).toBeUndefined();
  });
});

describe("the RSCS lint", () => {
  const systems = ["SYSA", "SYSB"];
  const input = (files: Record<string, Record<string, string>>): PlexInput => ({
    systemConfig:
      systems.map((s, i) => `System_Identifier 2964 %${String(i + 1).repeat(5)} ${s}`).join("\n") + "\n",
    directory: [
      ...systems.map((s, i) => `DIRECTORY 0123 3390 RES${s[3]} *${String(i + 1).repeat(5)}-2964 ${s}`),
      "USER RSCS RSCSPW 32M 64M BG",
      "SYSAFFIN SYSA",
      "  MDISK 0191 3390 10 5 OPEN01 MR",
      "SYSAFFIN SYSB",
      "  MDISK 0191 3390 20 5 OPEN01 MR",
      "",
    ].join("\n"),
    dasd: [
      ...systems.map((s) => ({ volser: `RES${s[3]}`, devtype: "3390-9", ipl: [s] })),
      { volser: "OPEN01", devtype: "3390-9" },
    ],
    ctcs: CTCS,
    files,
  });
  const good = () => ({
    "SYSA: RSCS 0191": {
      "RSCS CONFIG": "LOCAL SYSA\nLINKDEFINE SYSB AST TYPE NJE LINE DB4\n",
      "PROFILE GCS": "/* */\n'CP ATTACH DB45 * DB4'\n'RSCS START SYSB'\n",
    },
    "SYSB: RSCS 0191": {
      "RSCS CONFIG": "LOCAL SYSB\nLINKDEFINE SYSA AST TYPE NJE LINE DA4\n",
      "PROFILE GCS": "/* */\n'CP ATTACH DA45 * DA4'\n'RSCS START SYSA'\n",
    },
  });
  const rscsFindings = (files: Record<string, Record<string, string>>) =>
    lintPlex(input(files))
      .diagnostics.filter((d) => d.code.startsWith("RSCS-"))
      .map((d) => [d.file, d.line, d.code, d.message]);

  it("is clean for two systems linked both ways over one CTC, and reads RSCS's files from the plex too", () => {
    expect(rscsFindings(good())).toEqual([]);
    expect(LINT_FILE_NAMES).toEqual(expect.arrayContaining(["RSCS CONFIG", "PROFILE GCS"]));
  });

  it("finds a LOCAL that is not the system, a link with no link back, and a LINE not attached or on the wrong CTC", () => {
    const f = good();
    f["SYSA: RSCS 0191"]["RSCS CONFIG"] =
      "LOCAL SYSX\nLINKDEFINE SYSB AST TYPE NJE LINE DB4\nLINKDEFINE SYSC TYPE NJE LINE C31\n";
    f["SYSB: RSCS 0191"]["RSCS CONFIG"] = "LOCAL SYSB\nLINKDEFINE SYSA AST TYPE NJE LINE DA5\n";
    const found = rscsFindings(f);
    expect(found.map((x) => [x[0], x[1], x[2]])).toEqual([
      ["SYSA: RSCS 0191 RSCS CONFIG", 1, "RSCS-LOCAL"],
      ["SYSA: RSCS 0191 RSCS CONFIG", 3, "RSCS-LINK-NO-RETURN"],
      ["SYSA: RSCS 0191 RSCS CONFIG", 3, "RSCS-LINE-NOT-ATTACHED"],
      ["SYSB: RSCS 0191 RSCS CONFIG", 2, "RSCS-LINE-NOT-ATTACHED"],
    ]);
    expect(String(found[1][3])).toBe("LINKDEFINE SYSC: SYSC is not a system of this plex");
    expect(String(found[3][3])).toBe(
      "LINKDEFINE SYSA LINE 0DA5: SYSB: RSCS 0191 PROFILE GCS attaches nothing at 0DA5",
    );
  });
});
