import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExec, runExec, type ExecHost } from "../../src/cms/exec";

/** A host that records every command and answers rc 0 (or what `answer` says) with one line. */
function recordingHost(answer: (env: string, text: string) => number = () => 0) {
  const calls: { env: string; text: string }[] = [];
  const host: ExecHost = {
    async command(env, text) {
      calls.push({ env, text });
      return { rc: answer(env, text), lines: [`(${env}) ${text}`] };
    },
  };
  return { host, calls };
}

const run = (text: string, file = "PROFILE EXEC", maxSteps = 1_000, host = recordingHost().host) =>
  runExec(text, { file, host, maxSteps });

const says = (lines: string[]) => lines.filter((l) => !l.startsWith("(") && !l.startsWith("PROFILE "));

// AUTOLOG1's profile: the seed says AUTOLOG1 starts the service machines after IPL (XAUTOLOG PVM,
// "Xautolog this system's dirmsat"); the users are the LTIC example's.
const AUTOLOG1_PROFILE = `/* AUTOLOG1 PROFILE EXEC for LTICVM1: start the service machines */
'CP XAUTOLOG RACFVM'
'CP XAUTOLOG PVM'              /* CSE messaging over the CTCs */
'CP XAUTOLOG RSCS'
'CP XAUTOLOG DIRMAINT'
'CP XAUTOLOG DIRMSAT1'
'CP LOGOFF'
`;

// RSCS's PROFILE GCS: the seed's "RSCS configuration" slide, its ATTACH and START lines verbatim.
const RSCS_PROFILE = `/* RSCS PROFILE GCS on LTICVM1 */
'CP ATTACH DB45 * DB4 '          /* Link to LTICVM2 */
'CP ATTACH C315 * C31 '          /* Link to LTICVM4 */
'CP ATTACH C215 * C21 '          /* Link to LTICVM5 */
'CP ATTACH D055 * D05 '          /* Link to LTICVM7 */
'CP ATTACH DA45 * DA4 '          /* Link to LTICVM9 */

'RSCS START LTICVM2'
'RSCS START LTICVM4'
'RSCS START LTICVM5'
'RSCS START LTICVM7'
'RSCS START LTICVM9'
`;

// PVM's CTC attaches: the seed's "PVM configuration" slide, verbatim.
const PVM_PROFILE = `/* PVM PROFILE EXEC on LTICVM1 */
'CP ATT DB44 * DB4'  /* LTICVM2 */
'CP ATT C314 * C31'  /* LTICVM4 */
'CP ATT C214 * C21'  /* LTICVM5 */
'CP ATT D054 * D05'  /* LTICVM7 */
'CP ATT DA44 * DA4'  /* LTICVM9 */
`;

describe("the seed's profiles", () => {
  it("AUTOLOG1's PROFILE EXEC starts the service machines through CMS", async () => {
    const { host, calls } = recordingHost();
    const r = await run(AUTOLOG1_PROFILE, "PROFILE EXEC", 1_000, host);
    expect(r.commands).toEqual([
      { line: 2, environment: "CMS", text: "CP XAUTOLOG RACFVM", rc: 0 },
      { line: 3, environment: "CMS", text: "CP XAUTOLOG PVM", rc: 0 },
      { line: 4, environment: "CMS", text: "CP XAUTOLOG RSCS", rc: 0 },
      { line: 5, environment: "CMS", text: "CP XAUTOLOG DIRMAINT", rc: 0 },
      { line: 6, environment: "CMS", text: "CP XAUTOLOG DIRMSAT1", rc: 0 },
      { line: 7, environment: "CMS", text: "CP LOGOFF", rc: 0 },
    ]);
    expect(calls).toHaveLength(6);
    expect(r.lines).toEqual(calls.map((c) => `(CMS) ${c.text}`));
    expect(r.rc).toBe(0);
    expect(r.stopped).toBeUndefined();
  });

  it("RSCS's PROFILE GCS attaches its links and starts them through GCS", async () => {
    const r = await run(RSCS_PROFILE, "PROFILE GCS");
    expect(r.commands.map((c) => [c.line, c.environment, c.text])).toEqual([
      [2, "GCS", "CP ATTACH DB45 * DB4 "],
      [3, "GCS", "CP ATTACH C315 * C31 "],
      [4, "GCS", "CP ATTACH C215 * C21 "],
      [5, "GCS", "CP ATTACH D055 * D05 "],
      [6, "GCS", "CP ATTACH DA45 * DA4 "],
      [8, "GCS", "RSCS START LTICVM2"],
      [9, "GCS", "RSCS START LTICVM4"],
      [10, "GCS", "RSCS START LTICVM5"],
      [11, "GCS", "RSCS START LTICVM7"],
      [12, "GCS", "RSCS START LTICVM9"],
    ]);
    expect(r.lines.filter((l) => l.includes("not simulated"))).toEqual([]);
    expect(r.rc).toBe(0);
  });

  it("PVM's profile attaches its five CTCs", async () => {
    const r = await run(PVM_PROFILE);
    expect(r.commands.map((c) => c.text)).toEqual([
      "CP ATT DB44 * DB4",
      "CP ATT C314 * C31",
      "CP ATT C214 * C21",
      "CP ATT D054 * D05",
      "CP ATT DA44 * DA4",
    ]);
  });

  it("the RSCS slide pasted whole: unquoted LINKDEFINE clauses are commands, as REXX makes them", async () => {
    const slide = RSCS_PROFILE.replace(
      "\n\n",
      "\n\nLINKDEFINE LTICVM2 AST TYPE NJE LINE DB4\nLINKDEFINE LTICVM4 AST TYPE NJE LINE C31\n\n",
    );
    const r = await run(slide, "PROFILE GCS");
    expect(r.commands.slice(5, 8).map((c) => [c.line, c.text])).toEqual([
      [8, "LINKDEFINE LTICVM2 AST TYPE NJE LINE DB4"],
      [9, "LINKDEFINE LTICVM4 AST TYPE NJE LINE C31"],
      [11, "RSCS START LTICVM2"],
    ]);
  });
});

describe("not simulated", () => {
  it("notes an unknown statement with its line number and goes on", async () => {
    const r = await run(`/* */
'CP XAUTOLOG PVM'
parse arg mode .
today = date('S')
'CP XAUTOLOG RSCS'
`);
    expect(r.lines).toEqual([
      "(CMS) CP XAUTOLOG PVM",
      "PROFILE EXEC line 3: not simulated: parse arg mode .",
      "PROFILE EXEC line 4: not simulated: today = date('S')",
      "(CMS) CP XAUTOLOG RSCS",
    ]);
    expect(r.commands.map((c) => c.line)).toEqual([2, 5]);
    expect(r.rc).toBe(0);
  });

  it("skips a SELECT up to its END with one note, and cuts long clauses at 60 characters", async () => {
    const r = await run(`/* */
select
  when rc = 0 then 'CP XAUTOLOG PVM'
  otherwise do; 'CP XAUTOLOG RSCS'; end
end
call startall 'with a rather long list of arguments that goes on and on'
'CP XAUTOLOG DIRMAINT'
`);
    expect(r.lines).toEqual([
      "PROFILE EXEC line 2: not simulated: select",
      "PROFILE EXEC line 6: not simulated: call startall 'with a rather long list of arguments that ...",
      "(CMS) CP XAUTOLOG DIRMAINT",
    ]);
  });

  it("skips an IF whose condition is not simulated, branches and all", async () => {
    const r = await run(`/* */
if userid() = 'AUTOLOG1' then 'CP XAUTOLOG PVM'
else 'CP XAUTOLOG RSCS'
x = 1.5 + 1
say 'done'
`);
    expect(r.commands).toEqual([]);
    expect(r.lines).toEqual([
      "PROFILE EXEC line 2: not simulated: if userid() = 'AUTOLOG1' then 'CP XAUTOLOG PVM'",
      "PROFILE EXEC line 4: not simulated: x = 1.5 + 1",
      "done",
    ]);
  });

  it("an unmatched quote, a hex string and an unended comment are noted", async () => {
    const r = await run(`/* */
say 'unended
say 'C1'x
say 'fine'
/* never ended
'CP XAUTOLOG PVM'`);
    expect(r.lines).toEqual([
      "PROFILE EXEC line 2: not simulated: say 'unended",
      "PROFILE EXEC line 3: not simulated: say 'C1'x",
      "fine",
      "PROFILE EXEC line 5: not simulated: /* (comment not ended)",
    ]);
    expect(r.commands).toEqual([]);
  });

  it("a file without a comment on line 1 is not REXX: nothing runs", async () => {
    const r = await run("'CP XAUTOLOG PVM'\n");
    expect(r.commands).toEqual([]);
    expect(r.lines).toEqual(["PROFILE EXEC line 1: not simulated: not REXX: line 1 is not a comment"]);
  });
});

describe("bounded steps", () => {
  it("stops a DO FOREVER", async () => {
    const { host, calls } = recordingHost();
    const r = await run(`/* */\ndo forever\n  'CP XAUTOLOG PVM'\nend\n'CP LOGOFF'`, "PROFILE EXEC", 50, host);
    expect(r.stopped).toBe("steps");
    expect(r.rc).toBe(20004);
    expect(r.lines.at(-1)).toMatch(/^PROFILE EXEC line \d: stopped after 50 steps$/);
    expect(calls.length).toBeLessThanOrEqual(50);
    expect(calls.map((c) => c.text)).not.toContain("CP LOGOFF");
  });

  it("stops a SIGNAL loop", async () => {
    const r = await run(`/* */\nagain:\n  say 'waiting'\n  signal again`, "PROFILE EXEC", 30);
    expect(r.stopped).toBe("steps");
    expect(r.lines.filter((l) => l === "waiting")).toHaveLength(10);
    expect(r.lines.at(-1)).toBe("PROFILE EXEC line 2: stopped after 30 steps");
  });

  it("stops a loop whose body is empty and one whose BY is 0", async () => {
    for (const text of ["/* */\ndo forever; end", "/* */\ndo i = 1 to 5 by 0; end"]) {
      const r = await run(text, "PROFILE EXEC", 100);
      expect(r.stopped).toBe("steps");
    }
  });
});

describe("quoting and concatenation", () => {
  it("joins literals and variables with ||, blanks and abuttal", async () => {
    const { host, calls } = recordingHost();
    const r = await run(
      `/* a comment
   over two lines */
node = 'LTICVM2'; rdev = "DB45"
vdev = 'DB4'
'CP ATTACH' rdev '*' vdev
"RSCS START "node
'RSCS' 'START'    || ' ' ||node
say "it's" 'PVM''s' node'!' unset
say 'one',   /* continued */
    'two'
`,
      "PROFILE GCS",
      1_000,
      host,
    );
    expect(calls).toEqual([
      { env: "GCS", text: "CP ATTACH DB45 * DB4" },
      { env: "GCS", text: "RSCS START LTICVM2" },
      { env: "GCS", text: "RSCS START LTICVM2" },
    ]);
    expect(says(r.lines)).toEqual(["it's PVM's LTICVM2! UNSET", "one two"]);
    expect(r.commands.map((c) => c.line)).toEqual([5, 6, 7]);
  });

  it("uninitialised symbols are their names in upper case; compound symbols substitute their tails", async () => {
    const r = await run(`/* */
say rc sysname
i = 2; link.i = 'C31'; link. ; say link.2 link.3
ctc. = 'none'; ctc.1 = 'DB4'; say ctc.1 ctc.9
say 7 + 3 * 2 (7 + 3) * 2 -4 // 3 7 % 2 2 ** 10
`);
    expect(r.lines).toEqual(["RC SYSNAME", "(CMS) LINK.", "C31 LINK.3", "DB4 none", "13 19 3 1024"]);
  });
});

describe("IF and RC", () => {
  const host = () =>
    recordingHost((_env, text) => (text.includes("RSCS") ? 1 : text.includes("NOPE") ? -3 : 0));

  it("if rc <> 0 then say ...", async () => {
    const { host: h } = host();
    const r = await run(
      `/* */
'CP XAUTOLOG PVM'
if rc <> 0 then say 'PVM did not start, rc' rc
'CP XAUTOLOG RSCS'
if rc <> 0 then say 'RSCS did not start, rc' rc
else say 'RSCS started'
'NOPE'
if rc = -3
  then say 'no such command'
  else say 'ran'
if rc \\= 0 & rc < 0 then do
  say 'negative'
  'CP MSG OPERATOR PROFILE FAILED'
end
else nop
`,
      "PROFILE EXEC",
      1_000,
      h,
    );
    expect(says(r.lines)).toEqual(["RSCS did not start, rc 1", "no such command", "negative"]);
    expect(r.commands.map((c) => [c.text, c.rc])).toEqual([
      ["CP XAUTOLOG PVM", 0],
      ["CP XAUTOLOG RSCS", 1],
      ["NOPE", -3],
      ["CP MSG OPERATOR PROFILE FAILED", 0],
    ]);
  });

  it("compares as REXX does: numbers numerically, strings without their blanks, strict exactly", async () => {
    const r = await run(`/* */
say (1 = ' 1.0 ') ('abc ' = ' abc') ('abc ' == 'abc') ('B' > 'A') (10 > 9) ('10' >> '9') (' a' \\== 'a')
`);
    expect(r.lines).toEqual(["1 1 0 1 1 0 1"]);
  });
});

describe("ADDRESS, DO, EXIT", () => {
  it("ADDRESS sets the environment, for one command or for the rest; ADDRESS alone goes back", async () => {
    const { host, calls } = recordingHost();
    await run(
      `/* */
'ACCESS 191 A'
address command 'CP XAUTOLOG PVM'
'STATE PROFILE EXEC'
address COMMAND
'CP XAUTOLOG RSCS'
address rscs 'START LTICVM2'
address
'ACCESS 192 B'
address ''
'PVM'
`,
      "PROFILE EXEC",
      1_000,
      host,
    );
    expect(calls.map((c) => `${c.env}:${c.text}`)).toEqual([
      "CMS:ACCESS 191 A",
      "COMMAND:CP XAUTOLOG PVM",
      "CMS:STATE PROFILE EXEC",
      "COMMAND:CP XAUTOLOG RSCS",
      "RSCS:START LTICVM2",
      "CMS:ACCESS 192 B",
      ":PVM",
    ]);
  });

  it("DO loops: controlled, counted, LEAVE, ITERATE, WHILE", async () => {
    const r = await run(`/* */
do i = 1 to 5 by 2; say 'i' i; end
do 2
  say 'twice'
end
do n = 3 to 1 by -1
  if n = 2 then iterate
  say 'n' n
end
do j = 1
  if j > 2 then leave j
  say 'j' j
end
k = 0
do while k < 2; k = k + 1; end; say 'k' k
do forever; leave; end
`);
    expect(r.lines).toEqual(["i 1", "i 3", "i 5", "twice", "twice", "n 3", "n 1", "j 1", "j 2", "k 2"]);
    expect(r.stopped).toBeUndefined();
  });

  it("EXIT n ends the run with rc n", async () => {
    const { host, calls } = recordingHost();
    const r = await run(`/* */\n'CP XAUTOLOG PVM'\nexit 4\n'CP LOGOFF'`, "PROFILE EXEC", 100, host);
    expect(r).toMatchObject({ stopped: "exit", rc: 4 });
    expect(calls).toHaveLength(1);
  });

  it("REXX errors stop the run with rc 20000 + the error number", async () => {
    const cases: [string, number, string][] = [
      ["if undefined then say 'x'", 20034, "error 34: logical value not 0 or 1"],
      ["x = 'PVM' + 1", 20041, "error 41: bad arithmetic conversion"],
      ["signal nowhere", 20016, "error 16: label not found: NOWHERE"],
      ["exit 'abc'", 20026, "error 26: not a whole number: abc"],
      ["leave", 20028, "error 28: LEAVE outside a loop"],
    ];
    for (const [clause, rc, message] of cases) {
      const r = await run(`/* */\n${clause}\n'CP LOGOFF'`);
      expect(r).toMatchObject({ stopped: "error", rc, commands: [] });
      expect(r.lines).toEqual([`PROFILE EXEC line 2: ${message}`]);
    }
  });

  it("a host that throws is rc -3 with a line, and the run goes on", async () => {
    const host: ExecHost = {
      async command(_env, text) {
        if (text === "BOOM") throw new Error("no such machine");
        return { rc: 0, lines: [] };
      },
    };
    const r = await run(`/* */\n'BOOM'\nsay rc\n'CP LOGOFF'`, "PROFILE EXEC", 100, host);
    expect(r.lines).toEqual(["PROFILE EXEC line 2: command failed in the simulator: no such machine", "-3"]);
    expect(r.commands.map((c) => c.rc)).toEqual([-3, 0]);
  });

  it("parseExec keeps top-level labels and refuses nesting past 50", () => {
    const p = parseExec("/* */\nstart:\nsay 1\ndo; inner:; end");
    expect([...p.labels.keys()]).toEqual(["START"]);
    expect([...p.nestedLabels]).toEqual(["INNER"]);
    const deep = parseExec(`/* */\n${"if 1 then ".repeat(60)}say 'x'`);
    expect(deep.refused?.reason).toMatch(/nested more than 50/);
  });
});

describe("any input", () => {
  const WORDS = [
    "/*",
    "*/",
    "'",
    '"',
    "'CP Q N'",
    "if",
    "then",
    "else",
    "do",
    "end",
    "forever",
    "to",
    "by",
    "for",
    "while",
    "until",
    "signal",
    "top",
    "top:",
    "leave",
    "iterate",
    "say",
    "address",
    "command",
    "exit",
    "select",
    "x",
    "x.y",
    "x.",
    "i",
    "rc",
    "=",
    "==",
    "<>",
    "\\",
    "&",
    "|",
    "1",
    "0",
    "999999999",
    "-",
    "+",
    "*",
    "/",
    "//",
    "%",
    "**",
    "||",
    "(",
    ")",
    ",",
    ";",
    ":",
    "\n",
    " ",
    "x = x || x",
  ];
  const tokens = fc.array(fc.constantFrom(...WORDS), { maxLength: 80 }).map((w) => `/* */\n${w.join(" ")}`);
  const text = fc.oneof(tokens, fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }));

  it("never throws and always ends within the step bound", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 0, max: 200 }), async (source, maxSteps) => {
        let calls = 0;
        const host: ExecHost = {
          async command() {
            calls++;
            return { rc: calls % 3, lines: ["out"] };
          },
        };
        const r = await runExec(source, { file: "PROFILE EXEC", host, maxSteps });
        expect(calls).toBeLessThanOrEqual(maxSteps);
        expect(r.commands).toHaveLength(calls);
        expect(r.lines.length).toBeLessThanOrEqual(2 * maxSteps + 2);
        expect(Number.isInteger(r.rc)).toBe(true);
        if (r.stopped === "steps") expect(r.rc).toBe(20004);
      }),
      { numRuns: 500 },
    );
  });
});
