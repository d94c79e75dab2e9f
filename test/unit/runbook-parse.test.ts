import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseRunbook } from "../../src/runbook/parse";
import { resolveSteps, SourceError } from "../../src/runbook/sources";

const ok = (text: string) => {
  const p = parseRunbook(text);
  if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
  return p.runbook;
};
const bad = (text: string) => {
  const p = parseRunbook(text);
  if (p.ok) throw new Error("parsed");
  return p.diagnostics;
};

describe("runbook format", () => {
  it("reads steps, their lines, variables and expectations", () => {
    const r = ok(
      [
        "name: demo",
        "vars: { SYS: LTICVM1, PW: LTICMNT }",
        "steps:",
        "  - ipl: ${SYS}",
        "  - logon: { system: '${SYS}', user: MAINT, password: '${PW}' }",
        "  - cp: { system: '${SYS}', user: MAINT, command: Q T }",
        "    expect: { rc: 0, matches: '^TIME IS' }",
      ].join("\n"),
    );
    expect(r.steps.map((s) => [s.kind, s.line])).toEqual([
      ["ipl", 4],
      ["logon", 5],
      ["cp", 6],
    ]);
    expect(r.steps[1].args).toEqual({ system: "LTICVM1", user: "MAINT", password: "LTICMNT" });
    expect(r.steps[2].expect).toEqual({ rc: 0, matches: "^TIME IS" });
  });

  it("reports bad YAML at its line, and runs nothing", () => {
    const d = bad("name: x\nsteps:\n  - ipl: A\n   - cp: [\n");
    expect(d[0].line).toBeGreaterThanOrEqual(3);
    expect(d[0].message).toMatch(/^YAML: /);
  });

  it("reports an unknown step at its line, naming the steps there are", () => {
    const d = bad("name: x\nsteps:\n  - ipl: LTICVM1\n  - reboot: LTICVM1\n");
    expect(d).toEqual([
      expect.objectContaining({
        line: 4,
        path: "steps[1].reboot",
        message: expect.stringMatching(/^unknown step "reboot": a step is one of ipl, /),
      }),
    ]);
  });

  it("reports a missing field of a step and of an expectation at their lines", () => {
    const d = bad(
      [
        "name: x",
        "steps:",
        "  - cp: { system: LTICVM1, user: MAINT }",
        "  - ipl: A",
        "    expect: { volume: { formatted: true } }",
      ].join("\n"),
    );
    expect(d.map((x) => [x.line, x.path])).toEqual([
      [3, "steps[0].cp.command"],
      [5, "steps[1].expect.volume.volser"],
    ]);
  });

  it("reports an unknown expectation, two actions in a step, an unknown variable", () => {
    expect(bad("name: x\nsteps:\n  - ipl: A\n    expect: { rcc: 0 }\n")[0]).toMatchObject({
      line: 4,
      path: "steps[0].expect",
    });
    expect(bad("name: x\nsteps:\n  - ipl: A\n    shutdown: A\n")[0].message).toMatch(
      /2 actions \(ipl, shutdown\)/,
    );
    expect(bad("name: x\nsteps:\n  - ipl: A\n  - ipl: ${NOPE}\n")[0]).toMatchObject({
      line: 4,
      message: "unknown variable ${NOPE}: vars defines none",
    });
  });

  it("needs a name and at least one step, and bounds the steps", () => {
    expect(bad("steps:\n  - ipl: A\n")[0].message).toMatch(/name|expected string/i);
    expect(bad("name: x\nsteps: []\n")[0].path).toBe("steps");
    const many = Array.from({ length: 201 }, () => "  - ipl: A").join("\n");
    expect(bad(`name: x\nsteps:\n${many}\n`)[0].path).toBe("steps");
  });

  it("resolves put steps from the plex and files; a replace that matches nothing names the step's line", () => {
    const files: Record<string, string> = {
      "p.json": JSON.stringify({
        name: "p",
        systemConfig: { "SYSTEM CONFIG": "A NO\nB NO\n" },
        directory: "USER X",
        dasd: [{ volser: "V1", rdev: "1" }],
      }),
      "extra.txt": "C",
    };
    const r = ok(
      [
        "name: x",
        "plex: p.json",
        "steps:",
        "  - put config:",
        "      set: { systemConfig: { X SYSRES: { file: extra.txt } }, volumes: [{ volser: V1, rdev: '2' }] }",
        "      replace: [{ from: ' NO', to: ' YES' }]",
        "  - put directory: { replace: [{ from: 'USER X', to: 'USER Y' }] }",
        "  - put directory: { replace: [{ from: 'USER Z', to: 'USER Y' }] }",
      ].join("\n"),
    );
    expect(() => resolveSteps(r, (p) => files[p])).toThrow(SourceError);
    try {
      resolveSteps(r, (p) => files[p]);
    } catch (e) {
      expect((e as SourceError).line).toBe(8);
      expect((e as SourceError).message).toBe('replace in DIRECTORY: "USER Z" is not there');
    }
    const steps = resolveSteps({ ...r, steps: r.steps.slice(0, 2) }, (p) => files[p]);
    expect(steps[0].body).toEqual({
      systemConfig: { "SYSTEM CONFIG": "A YES\nB YES\n", "X SYSRES": "C" },
      dasd: [{ volser: "V1", rdev: "2" }],
    });
    expect(steps[1].body).toEqual({ directory: "USER Y" });
  });
});

describe("runbook format: whatever the text, an answer and no exception", () => {
  it("a bad regular expression is found when the runbook is read, at its line", () => {
    expect(bad("name: x\nsteps:\n  - ipl: A\n    expect: { matches: '(' }\n")[0]).toMatchObject({
      line: 4,
      message: "not a valid regular expression",
    });
    expect(bad("name: x\nsteps:\n  - wait: { system: A, user: B, for: '[', regex: true }\n")[0].line).toBe(3);
  });

  it("an alias bomb is refused, not expanded", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "name: x",
      "steps: [*d]",
    ].join("\n");
    expect(bad(bomb)[0].message).toMatch(/^YAML: /);
  });

  it("random texts and random documents never throw, and every problem has a line", () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(
          fc.constantFrom(
            "name",
            "steps",
            "plex",
            "vars",
            "expect",
            "ipl",
            "cp",
            "system",
            "user",
            "command",
            "wait",
            "put config",
            "replace",
            "file",
            "x",
          ),
          tie("v"),
          { maxKeys: 4 },
        ),
      ),
    })).v;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          value.map((v) => stringify(v)),
        ),
        (text) => {
          const p = parseRunbook(text);
          if (!p.ok) for (const d of p.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
