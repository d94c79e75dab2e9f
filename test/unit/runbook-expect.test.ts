import { describe, expect, it } from "vitest";
import { checkAnswer, checkDirectory, checkNetwork, checkVolume } from "../../src/runbook/expect";

describe("expectations", () => {
  it("a CP step must answer rc 0 and succeed unless it says otherwise", () => {
    expect(checkAnswer("cp", {}, { status: 200, body: { rc: 0, lines: ["x"] } })).toEqual([]);
    expect(checkAnswer("cp", {}, { status: 200, body: { rc: 40, lines: ["HCP040E"] } })).toEqual([
      { expected: "rc 0", got: 'rc 40: "HCP040E"' },
    ]);
    expect(checkAnswer("cp", { rc: 40 }, { status: 200, body: { rc: 40, lines: [] } })).toEqual([]);
    expect(checkAnswer("ipl", {}, { status: 409, body: { error: { code: "C", message: "m" } } })).toEqual([
      { expected: "the request to succeed", got: "HTTP 409 C: m" },
    ]);
    expect(
      checkAnswer(
        "ipl",
        { error: "C", message: "m" },
        { status: 409, body: { error: { code: "C", message: "m" } } },
      ),
    ).toEqual([]);
  });

  it("lines: exact, contains, matches, and their negations", () => {
    const a = { status: 200, body: { rc: 0, lines: ["DASD 0191 R/W", "DASD 0192 R/O"] } };
    expect(
      checkAnswer("cp", { contains: "0192", matches: "^DASD 0191 R/W$", notContains: "R/X" }, a),
    ).toEqual([]);
    expect(checkAnswer("cp", { notMatches: "R/O$" }, a)).toEqual([
      { expected: "no line matching /R/O$/", got: '"DASD 0192 R/O"' },
    ]);
    expect(checkAnswer("cp", { lines: ["DASD 0191 R/W"] }, a)[0].expected).toBe(
      'exactly the lines "DASD 0191 R/W"',
    );
  });

  it("volume flags, reserve; network paths; directory versions", () => {
    const view = {
      cseArea: { cylinder: 0, formatted: { user: "MAINT", system: "A", at: "x" } },
      flags: [{ cylinder: 10, end: 14, system: "SYSA", mode: "W" }],
      reserve: null,
    };
    expect(
      checkVolume(
        { volser: "V", formatted: true, flags: [{ system: "sysa", mode: "W" }], reserve: null },
        200,
        view,
      ),
    ).toEqual([]);
    expect(checkVolume({ volser: "V", noFlags: ["SYSA"] }, 200, view)[0].expected).toBe(
      "no link flags on V for SYSA",
    );
    expect(
      checkNetwork(
        { paths: [{ a: "B", b: "A", state: "UP" }] },
        { paths: [{ a: "A", b: "B", state: "DOWN", why: "no CSECOM" }] },
      ),
    ).toEqual([{ expected: "the CSE path B-A UP", got: "DOWN: no CSECOM" }]);
    const dir = {
      systems: [
        { system: "SYSA", version: 3, behind: false },
        { system: "SYSB", version: 2, behind: true, why: "DIRMSATB is not logged on" },
      ],
    };
    expect(checkDirectory({ SYSA: 3, sysb: "behind" }, 200, dir)).toEqual([]);
    expect(checkDirectory({ SYSB: "current" }, 200, dir)).toEqual([
      { expected: "SYSB's directory current", got: "version 2, behind: DIRMSATB is not logged on" },
    ]);
  });
});
