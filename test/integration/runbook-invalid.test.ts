import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { call, newTenant } from "./helpers";
import { plexFor } from "./runbook-helpers";

/** POST /v1/plexes/:plex/runbooks with bad runbooks: 400/422 with the line, no step run; and the run's bounds. */

const SMALL = {
  systemConfig: "System_Identifier 2064 %01550 SYSA\nCP_Owned Slot 1 &SYSRES\n",
  directory:
    "DIRECTORY 0123 3390 VMRES1 *01550-2064 SYSA\nUSER MAINT PW 128M 1G ABCDEFG\nUSER OP PW 32M 64M G\n",
  dasd: [
    {
      volser: "VMRES1",
      devtype: "3390-9",
      rdev: "1100",
      ipl: ["SYSA"],
      allocation: [
        { type: "PERM", start: 0, end: 18 },
        { type: "DRCT", start: 19, end: 58 },
        { type: "PERM", start: 59, end: 10016 },
      ],
    },
  ],
};

async function small(name: string) {
  const token = await newTenant();
  const r = await call("/v1/plexes", { token, body: { name, ...SMALL } });
  expect(r.status, await r.clone().text()).toBe(201);
  const run = async (body: unknown) => {
    const res = await call(`/v1/plexes/${name}/runbooks`, { token, body });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const state = async () =>
    (
      (await (await call(`/v1/plexes/${name}`, { token })).json()) as {
        systems: { sysname: string; state: string }[];
      }
    ).systems;
  return { token, run, state };
}

describe("POST /v1/plexes/:plex/runbooks: invalid runbooks run no step", () => {
  it("bad YAML, an unknown step, a missing field, an unknown expectation: 422 with each line", async () => {
    const p = await small("rbbad");
    const cases: [string, number, RegExp][] = [
      [
        "name: x\nsteps:\n  - ipl: SYSA\n  - cp: { system: SYSA, user: MAINT, command: Q T }}\n",
        4,
        /^YAML: /,
      ],
      ["name: x\nsteps:\n  - ipl: SYSA\n  - reboot: SYSA\n", 4, /^unknown step "reboot"/],
      ["name: x\nsteps:\n  - ipl: SYSA\n  - cp: { system: SYSA, user: MAINT }\n", 4, /expected string/],
      ["name: x\nsteps:\n  - ipl: SYSA\n    expect: { volume: { formatted: true } }\n", 4, /expected string/],
      ["name: x\nsteps:\n  - ipl: SYSA\n    expect: { rcc: 0 }\n", 4, /rcc/],
      [
        "name: x\nplex: { inline: { directory: x } }\nsteps:\n  - ipl: SYSA\n  - put directory: { set: { directory: { file: nope.direct } } }\n",
        5,
        /^file nope.direct not found/,
      ],
    ];
    for (const [runbook, line, message] of cases) {
      const r = await p.run({ runbook });
      expect(r.status, runbook).toBe(422);
      expect(r.body.error.code).toBe("RUNBOOK_INVALID");
      const d = r.body.error.details.diagnostics[0];
      expect(d.line, runbook).toBe(line);
      expect(d.message, runbook).toMatch(message);
      expect(r.body.error.message).toContain(`line ${line}`);
    }
    // Nothing ran: the first step of each would have IPLed SYSA.
    expect((await p.state()).find((s) => s.sysname === "SYSA")?.state).not.toBe("UP");
  });

  it("a body that is not a runbook is 400; a plex that is not there is 404", async () => {
    const p = await small("rbbody");
    expect((await p.run({})).status).toBe(400);
    expect((await p.run({ runbook: 5 })).status).toBe(400);
    const r = await call("/v1/plexes/nosuch/runbooks", {
      token: p.token,
      body: { runbook: "name: x\nsteps:\n  - ipl: A\n" },
    });
    expect(r.status).toBe(404);
    const anon = await call("/v1/plexes/rbbody/runbooks", {
      body: { runbook: "name: x\nsteps:\n  - ipl: A\n" },
    });
    expect(anon.status).toBe(401);
  });
});

describe("a run: results, a failure's expected and got, skips, bounds", () => {
  it("passes, fails at the step, skips the rest, and leaves the plex as the failing step left it", async () => {
    const p = await small("rbrun");
    const r = await p.run({
      runbook: [
        "name: demo",
        "vars: { S: SYSA }",
        "steps:",
        "  - ipl: ${S}",
        "    expect: { state: UP }",
        "  - logon: { system: '${S}', user: MAINT, password: PW }",
        "  - cp: { system: '${S}', user: MAINT, command: QUERY NAMES }",
        "    expect: { contains: MAINT, notContains: NOBODY }",
        "  - cp: { system: '${S}', user: MAINT, command: LINK NOBODY 191 191 RR }",
        "  - shutdown: '${S}'",
      ].join("\n"),
    });
    expect(r.status).toBe(200);
    const run = r.body;
    expect(run).toMatchObject({ name: "demo", plex: "rbrun", ok: false, passed: 3, failed: 1, skipped: 1 });
    expect(run.steps.map((s: any) => [s.line, s.status])).toEqual([
      [4, "pass"],
      [6, "pass"],
      [7, "pass"],
      [9, "fail"],
      [10, "skipped"],
    ]);
    expect(run.steps[3].failures[0].expected).toBe("rc 0");
    expect(run.steps[3].failures[0].got).toMatch(/^rc \d+: "HCP/);
    // ?format=junit: the same run as JUnit XML.
    const xml = await call("/v1/plexes/rbrun/runbooks?format=junit", {
      token: p.token,
      body: {
        runbook:
          "name: again\nsteps:\n  - cp: { system: SYSA, user: MAINT, command: LINK NOBODY 191 191 RR }\n",
      },
    });
    expect(xml.headers.get("Content-Type")).toMatch(/^application\/xml/);
    expect(await xml.text()).toMatch(
      /<testsuite name="again" tests="1" failures="1"[^>]*>[\s\S]*<failure message="expected rc 0"/,
    );
    // The failing step left SYSA up, and the skipped SHUTDOWN did not run.
    expect((await p.state()).find((s) => s.sysname === "SYSA")?.state).toBe("UP");
  });

  it("a wait is bounded: it fails with the console's last lines when the text does not come", async () => {
    const p = await small("rbwait");
    const r = await p.run({
      runbook: [
        "name: wait",
        "steps:",
        "  - ipl: SYSA",
        "  - logon: { system: SYSA, user: MAINT, password: PW }",
        "  - wait: { system: SYSA, user: MAINT, for: LOGON AT }",
        "  - wait: { system: SYSA, user: MAINT, for: never comes, timeoutMs: 600 }",
      ].join("\n"),
    });
    expect(r.body.steps.map((s: any) => s.status)).toEqual(["pass", "pass", "pass", "fail"]);
    expect(r.body.steps[3].failures[0].got).toMatch(
      /^no console line of MAINT on SYSA contained "never comes" within 600 ms; last lines: /,
    );
    expect(r.body.steps[3].durationMs).toBeGreaterThanOrEqual(500);
  });

  it("a run is bounded in time: the step after the bound fails, the rest are skipped", async () => {
    const p = await small("rbtime");
    const r = await p.run({
      runbook: [
        "name: slow",
        "timeoutMs: 1000",
        "steps:",
        "  - ipl: SYSA",
        "  - logon: { system: SYSA, user: MAINT, password: PW }",
        "  - wait: { system: SYSA, user: MAINT, for: never comes, timeoutMs: 5000 }",
        "  - cp: { system: SYSA, user: MAINT, command: QUERY NAMES }",
      ].join("\n"),
    });
    const s = r.body.steps;
    expect(s[2].status).toBe("fail");
    expect(s[2].durationMs).toBeLessThan(2500);
    expect(s[3].status).toBe("skipped");
  });
});

describe("the shipped plex file references", () => {
  it("a runbook's files come from the body, by the path the runbook names them with", async () => {
    const text = [
      "name: x",
      "plex: examples/ltic",
      "steps:",
      "  - put config: { replace: [{ from: Share_Spool NO, to: Share_Spool YES }] }",
      "  - put files: { files: { 'LTICVM1: MAINT 0191': { HELLO EXEC: \"/* */\\nSAY 'HELLO'\" } } }",
      "  - ipl: LTICVM1",
      "  - logon: { system: LTICVM1, user: MAINT, password: LTICMNT }",
      "  - cms: { system: LTICVM1, user: MAINT, command: CP QUERY TIME }",
      "    expect: { matches: '^TIME IS ' }",
      "",
    ].join("\n");
    const p = await plexFor(text, "rbfiles");
    const ok = await call("/v1/plexes/rbfiles/runbooks", {
      token: p.token,
      body: { runbook: text, files: p.files },
    });
    const run = (await ok.json()) as { ok: boolean; steps: unknown[] };
    expect(run.ok, JSON.stringify(run.steps)).toBe(true);
    const file = await call(
      "/v1/plexes/rbfiles/systems/LTICVM1/users/MAINT/minidisks/0191/files/HELLO/EXEC",
      {
        token: p.token,
      },
    );
    expect(await file.text()).toBe("/* */\nSAY 'HELLO'");
    const missing = await call("/v1/plexes/rbfiles/runbooks", { token: p.token, body: { runbook: text } });
    expect(missing.status).toBe(422);
    // Named by plex: on line 2.
    expect(((await missing.json()) as any).error.details.diagnostics[0]).toMatchObject({
      line: 2,
      message: "file examples/ltic not found",
    });
  });
});

describe("POST /v1/plexes/:plex/runbooks never answers 5xx", () => {
  it("random runbooks and files: 200 or 422, with a line for each problem", async () => {
    const p = await small("rbfuzz");
    const word = fc.constantFrom("SYSA", "MAINT", "PW", "Q T", "x.json", "", "VMRES1", "${V}", "0191");
    const step = fc.oneof(
      fc.record({ ipl: word }),
      fc.record({ cp: fc.record({ system: word, user: word, command: word }) }),
      fc.record({
        "put config": fc.record({ set: fc.record({ volumes: fc.array(fc.record({ volser: word })) }) }),
      }),
      fc.record({
        "put directory": fc.record({
          replace: fc.array(fc.record({ from: word, to: word, regex: fc.boolean() })),
        }),
      }),
      fc.record({ check: word, expect: fc.record({ matches: word, volume: fc.record({ volser: word }) }) }),
      fc.dictionary(word, word),
    );
    const runbook = fc.record({
      name: word,
      plex: fc.oneof(
        word,
        fc.record({
          inline: fc.dictionary(
            fc.constantFrom("dasd", "directory", "systemConfig"),
            fc.oneof(word, fc.array(fc.anything())),
          ),
        }),
      ),
      vars: fc.dictionary(fc.constantFrom("V", "W"), word),
      steps: fc.array(step, { maxLength: 3 }),
    });
    const samples = fc.sample(fc.tuple(runbook, fc.dictionary(word, word)), { numRuns: 40, seed: 14 });
    for (const [doc, files] of samples) {
      const r = await p.run({ runbook: stringify(doc), files, timeoutMs: 2000 });
      expect([200, 422], JSON.stringify({ doc, files, body: r.body })).toContain(r.status);
      if (r.status === 422)
        for (const d of r.body.error.details.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});
