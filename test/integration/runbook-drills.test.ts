import { describe, expect, it } from "vitest";
import { failureOf, runOnFreshPlex, shipped, shippedRunbooks } from "./runbook-helpers";

/**
 * Drills: each shipped runbook (examples/ltic/runbooks) has a broken twin here, the procedure with
 * one mistake a systems programmer could make. The twin must fail at the step the mistake shows
 * in, with a message that says what CP said, and skip the rest; the shipped runbook itself passes
 * (runbooks.test.ts).
 */

/** The text with `from` replaced by `to`; `from` must be there once. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" is not in the runbook once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The text without the last step whose first line contains `first` (and its indented lines). */
function withoutStep(text: string, first: string): string {
  const lines = text.split("\n");
  const at = lines.findLastIndex((l) => l.startsWith("  - ") && l.includes(first));
  if (at < 0) throw new Error(`no step ${first}`);
  let end = at + 1;
  while (end < lines.length && lines[end].startsWith("    ")) end++;
  return [...lines.slice(0, at), ...lines.slice(end)].join("\n");
}

interface Drill {
  runbook: string;
  mistake: string;
  twin: (text: string) => string;
  /** The failing step's name (as the run reports it). */
  failsAt: string;
  /** What the failure says (expected ... got ...). */
  says: RegExp;
}

const drills: Drill[] = [
  {
    runbook: "enable-cse.yaml",
    mistake: "XLINK FORMAT forgotten",
    twin: (t) => withoutStep(t, "command: XLINK FORMAT 0300 VMPCOM"),
    failsAt: "ipl LTICVM1",
    says: /no line matching \/HCPIPL902\[04\]W\/; got "HCPIPL9020W Volume VMPCOM not brought online: XLINK-controlled and no CSE area"/,
  },
  {
    runbook: "shared-racf.yaml",
    mistake: "RACF not recycled on LTICVM2",
    twin: (t) =>
      withoutStep(
        withoutStep(t, "system: LTICVM2, user: MAINT, command: FORCE RACFVM"),
        "system: LTICVM2, user: MAINT, command: XAUTOLOG RACFVM",
      ),
    failsAt: "device LTICVM2 RACFVM 0200 read",
    says: /expected exactly the lines "LTICVM1 profile 0" \| "LTICVM1 profile 1" \| "LTICVM2 profile 0"; got "LTICVM2 profile 0"/,
  },
  {
    runbook: "move-residence.yaml",
    mistake: "the moved checkpoint IPLed without CLEAN",
    twin: (t) => edit(t, "  - ipl: { system: LTICVM9, clean: true }", "  - ipl: { system: LTICVM9 }"),
    failsAt: "ipl LTICVM9",
    says: /got HTTP 409 WARMSTART_MOVED: .*HCPIPL9026E The checkpoint area moved from VMQIPL 1 to VM9CDS 1/,
  },
  {
    runbook: "spool-spxtape.yaml",
    mistake: "SPXTAPE DUMP forgotten before IPL CLEAN",
    twin: (t) => withoutStep(t, "command: SPXTAPE DUMP 181 STD ALL"),
    failsAt: "cp LTICVM9 MAINT: SPXTAPE LOAD 181 STD ALL",
    says: /expected rc 0; got rc 9060/,
  },
  {
    runbook: "vm5-joins-vmq.yaml",
    mistake: "LTICVM5 given LTICVM9's XLINK slot",
    twin: (t) =>
      edit(
        t,
        "  - put config: { from: examples/ltic }",
        '  - put config: { from: examples/ltic, replace: [{ from: "Include Slot 5 LTICVM5", to: "Include Slot 3 LTICVM5" }] }',
      ),
    failsAt: "put config",
    says: /got HTTP 422 INVALID_CONFIG.*SYSTEM CONFIG 46:\d+ \S+ .*slot 3/i,
  },
  {
    runbook: "pvm-network.yaml",
    mistake: "START CSECOM LTICVM1 missing from LTICVM2's PVM CONFIG",
    twin: (t) =>
      edit(
        t,
        "{ PVM CONFIG: { file: ../vm2-pvm.config } }",
        '{ PVM CONFIG: "LOCAL LTICVM2\\nLINK DB4 LTICVM1 CTCA\\nSTART LINE DB4\\n" }',
      ),
    failsAt: "the CSE path LTICVM1-LTICVM2 is up",
    says: /expected the CSE path LTICVM1-LTICVM2 UP; got DOWN: /,
  },
  {
    runbook: "directory-merge.yaml",
    mistake: "DIRMSAT9 left down after the restart",
    twin: (t) => withoutStep(t, "system: LTICVM9, user: MAINT, command: XAUTOLOG DIRMSAT9"),
    failsAt: "cms LTICVM1 MAINT: DIRM FOR TCPIP AMDISK 0193 3390 3200 10 VMPCOM MR",
    says: /expected LTICVM9's directory current; got version \d+, behind: DIRMSAT9 is not logged on at LTICVM9 \(1 update in its reader\)/,
  },
  {
    runbook: "rscs-links.yaml",
    mistake: "LTICVM2's RSCS CONFIG without the LINKDEFINE back to LTICVM1",
    twin: (t) =>
      edit(
        t,
        '"LTICVM1: MAINT 0191": { "PLAN NOTES": "Directory merge: step 1\\nstep 2\\n" }',
        '"LTICVM1: MAINT 0191": { "PLAN NOTES": "Directory merge: step 1\\nstep 2\\n" }\n        "LTICVM2: RSCS 0191": { "RSCS CONFIG": "LOCAL LTICVM2\\nLINKDEFINE LTICVM4 AST TYPE NJE LINE E24\\n" }',
      ),
    failsAt: "the link LTICVM1-LTICVM2 is active",
    says: /LTICVM2 \+NJE \+0DB4 \+active/,
  },
  {
    runbook: "ha-failover.yaml",
    mistake: "XLINK RESET forgotten",
    twin: (t) => withoutStep(t, 'command: "XLINK RESET'),
    failsAt: "cp LTICVM5 LINUXA: QUERY VIRTUAL DASD",
    says: /expected a line matching \/\^DASD 0201 3390 VMPCOM R\/W\/; got "DASD 0201 3390 VMPCOM R\/O/,
  },
];

describe("drills: each shipped runbook's broken twin fails at the step with the mistake", () => {
  it("every shipped runbook has a twin", () => {
    expect(drills.map((d) => d.runbook).sort()).toEqual([...shippedRunbooks].sort());
  });
  for (const d of drills)
    it(`${d.runbook}: ${d.mistake}`, async () => {
      const { status, run } = await runOnFreshPlex(
        d.twin(shipped(d.runbook)),
        `drill-${d.runbook.slice(0, 10)}`,
      );
      expect(status).toBe(200);
      expect(run.ok).toBe(false);
      const failed = run.steps.filter((s) => s.status === "fail");
      expect(failed, failureOf(run)).toHaveLength(1);
      const f = failed[0];
      expect(f.name, failureOf(run)).toBe(d.failsAt);
      const text = (f.failures ?? []).map((x) => `expected ${x.expected}; got ${x.got}`).join("\n");
      expect(text).toMatch(d.says);
      // Everything before passed; everything after was skipped, and the plex stays as it was left.
      expect(run.steps.slice(0, f.index).every((s) => s.status === "pass")).toBe(true);
      expect(run.steps.slice(f.index + 1).every((s) => s.status === "skipped")).toBe(true);
    }, 60_000);
});
