import { describe, expect, it } from "vitest";
import { junitOf, junitOfInvalid } from "../../src/runbook/junit";
import type { RunResult } from "../../src/runbook/runner";

const run: RunResult = {
  name: 'CSE <"demo"> & more',
  plex: "p1",
  ok: false,
  passed: 1,
  failed: 1,
  skipped: 1,
  durationMs: 1234,
  steps: [
    { index: 0, line: 4, kind: "ipl", name: "ipl SYSA", status: "pass", durationMs: 12 },
    {
      index: 1,
      line: 6,
      kind: "cp",
      name: "cp SYSA MAINT: LINK X 191 191 RR",
      status: "fail",
      durationMs: 5,
      failures: [{ expected: "rc 0", got: 'rc 107: "HCPLNM107E X 0191 not linked; type or mode <wrong>"' }],
      lines: ["HCPLNM107E X 0191 not linked; type or mode <wrong>", "\u0001control"],
    },
    { index: 2, line: 8, kind: "shutdown", name: "shutdown SYSA", status: "skipped", durationMs: 0 },
  ],
};

describe("JUnit XML", () => {
  it("a suite per runbook, a case per step with its file and line, failure and skipped, escaped", () => {
    const xml = junitOf(run, "rb/demo.yaml");
    expect(xml).toContain(
      '<testsuite name="CSE &lt;&quot;demo&quot;&gt; &amp; more" tests="3" failures="1" errors="0" skipped="1" time="1.234" file="rb/demo.yaml">',
    );
    expect(xml).toContain(
      '<testcase classname="CSE &lt;&quot;demo&quot;&gt; &amp; more" name="01 ipl SYSA" file="rb/demo.yaml" line="4" time="0.012"/>',
    );
    expect(xml).toContain(
      '<failure message="expected rc 0" type="StepFailed">expected rc 0; got rc 107: &quot;HCPLNM107E X 0191 not linked; type or mode &lt;wrong&gt;&quot;',
    );
    expect(xml).toContain(
      "Lines:\nHCPLNM107E X 0191 not linked; type or mode &lt;wrong&gt;\n?control</failure>",
    );
    expect(xml).toContain(
      'name="03 shutdown SYSA" file="rb/demo.yaml" line="8" time="0.000">\n      <skipped message="an earlier step failed"/>',
    );
    expect(xml.split("<testcase").length - 1).toBe(3);
  });

  it("an invalid runbook: one error per problem, at its line", () => {
    const xml = junitOfInvalid("bad", "bad.yaml", [
      { line: 5, column: 5, path: "steps[1].reboot", message: 'unknown step "reboot"' },
    ]);
    expect(xml).toContain('errors="1"');
    expect(xml).toContain(
      '<error message="unknown step &quot;reboot&quot;" type="RunbookInvalid">bad.yaml:5:5: unknown step &quot;reboot&quot;</error>',
    );
  });
});
