import { describe, expect, it } from "vitest";
import { answerPvmCommand, parsePvmCommand, type PvmView } from "../../src/pvm/commands";
import { readPvmConfig } from "../../src/pvm/config";
import { pvmNetwork } from "../../src/pvm/network";
import type { NetworkCtc, PvmState } from "../../src/pvm/types";

describe("parsePvmCommand", () => {
  it("reads QUERY and its abbreviations, in any case", () => {
    expect(parsePvmCommand("Q LINKS")).toEqual({ verb: "QUERY", what: "LINKS" });
    expect(parsePvmCommand("query link")).toEqual({ verb: "QUERY", what: "LINKS" });
    expect(parsePvmCommand("QU LINES")).toEqual({ verb: "QUERY", what: "LINKS" });
    expect(parsePvmCommand("  q   line  db4 ")).toEqual({ verb: "QUERY", what: "LINKS", operand: "DB4" });
    expect(parsePvmCommand("Q CSECOM")).toEqual({ verb: "QUERY", what: "CSECOM" });
    expect(parsePvmCommand("Q CSECOM sysb")).toEqual({ verb: "QUERY", what: "CSECOM", operand: "SYSB" });
    expect(parsePvmCommand("Q MPVM")).toEqual({ verb: "QUERY", what: "MPVM" });
    expect(parsePvmCommand("QUERY")).toEqual({ verb: "QUERY", what: "ALL" });
  });

  it("tells an unknown command from a bad QUERY operand", () => {
    expect(parsePvmCommand("hello there")).toEqual({ verb: "UNKNOWN", command: "HELLO" });
    expect(parsePvmCommand("QUERYX LINKS")).toEqual({ verb: "UNKNOWN", command: "QUERYX" });
    expect(parsePvmCommand("")).toEqual({ verb: "UNKNOWN", command: "" });
    expect(parsePvmCommand("Q NODES")).toEqual({ verb: "INVALID", operand: "NODES" });
    expect(parsePvmCommand("Q LINKS DB4 MORE")).toEqual({ verb: "INVALID", operand: "MORE" });
    expect(parsePvmCommand("Q MPVM X")).toEqual({ verb: "INVALID", operand: "X" });
  });
});

const A = `LOCAL SYSA
LINK DB4 SYSB CTCA
LINK C31 SYSC CTCA
START LINE DB4
START LINE C31
START CSECOM SYSB
START CSECOM SYSZ
`;
const B = "LOCAL SYSB\nLINK DA4 SYSA CTCA\nSTART LINE DA4\nSTART CSECOM SYSA\n";
const CTCS: NetworkCtc[] = [{ a: { system: "SYSA", rdev: "DB44" }, b: { system: "SYSB", rdev: "DA44" } }];

/** SYSA's view with SYSB's PVM running (or not) and SYSC's never started. */
function view(bRunning: boolean): PvmView {
  const a: PvmState = {
    system: "SYSA",
    running: true,
    config: readPvmConfig(A).config,
    attached: [{ vdev: "0DB4", rdev: "DB44" }],
  };
  const b: PvmState = {
    system: "SYSB",
    running: bRunning,
    config: readPvmConfig(B).config,
    attached: bRunning ? [{ vdev: "0DA4", rdev: "DA44" }] : [],
  };
  return { here: "SYSA", config: a.config, network: pvmNetwork(["SYSA", "SYSB", "SYSC"], CTCS, [a, b]) };
}
const ask = (text: string, v: PvmView) => answerPvmCommand(parsePvmCommand(text), v);

describe("answerPvmCommand", () => {
  it("answers each LINK with its state, and why when down, from the network model", () => {
    expect(ask("Q LINKS", view(true))).toEqual([
      "LINK 0C31 SYSC CTCA DOWN: SYSA 0C31 is not attached to PVM",
      "LINK 0DB4 SYSB CTCA UP",
    ]);
    expect(ask("Q LINKS", view(false))).toEqual([
      "LINK 0C31 SYSC CTCA DOWN: SYSA 0C31 is not attached to PVM",
      "LINK 0DB4 SYSB CTCA DOWN: PVM is not running on SYSB",
    ]);
    expect(ask("Q LINK DB4", view(true))).toEqual(["LINK 0DB4 SYSB CTCA UP"]);
    expect(ask("Q LINK SYSB", view(true))).toEqual(["LINK 0DB4 SYSB CTCA UP"]);
    expect(ask("Q LINK 0AAA", view(true))).toEqual(["LINK 0AAA is not defined"]);
  });

  it("answers each CSECOM node (started, then linked) with its path's state", () => {
    expect(ask("Q CSECOM", view(true))).toEqual([
      "CSECOM SYSB UP",
      "CSECOM SYSZ DOWN: SYSZ is not a system of this plex",
      "CSECOM SYSC DOWN: PVM is not running on SYSC",
    ]);
    expect(ask("Q CSECOM SYSB", view(false))).toEqual(["CSECOM SYSB DOWN: PVM is not running on SYSB"]);
    expect(ask("Q CSECOM SYSQ", view(true))).toEqual(["CSECOM node SYSQ is not defined"]);
  });

  it("answers QUERY alone with both, and a PVM without configuration with none", () => {
    expect(ask("QUERY", view(true))).toEqual([...ask("Q LINKS", view(true)), ...ask("Q CSECOM", view(true))]);
    const bare: PvmView = { here: "SYSA", network: { ctcs: [], lines: [], paths: [] } };
    expect(ask("Q LINKS", bare)).toEqual(["No LINK is defined"]);
    expect(ask("Q CSECOM", bare)).toEqual(["No CSECOM node is defined"]);
  });

  it("answers Q MPVM, an unknown command and a bad operand", () => {
    expect(ask("Q MPVM", view(true))).toEqual(["No DIAL sessions (DIAL is not simulated)"]);
    expect(ask("START LINE DB4", view(true))).toEqual(["Unknown PVM command: START"]);
    expect(ask("Q FOO", view(true))).toEqual(["Invalid QUERY operand: FOO"]);
  });
});
