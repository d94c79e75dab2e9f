import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  formatMessage,
  MESSAGES,
  messageOf,
  printedId,
  rcOf,
  templateVariables,
} from "../../src/catalog/messages";
import { messageTargets, unreachable } from "../../src/cp/messaging";

// Every line of the real output in shared/corpus that carries a catalogued id, with the variables
// that reproduce it. The test below checks the list is complete against the fixture files.
const CORPUS_LINES: [line: string, id: string, vars: Record<string, string>][] = [
  ["HCPLNM053E FAKEUSER not in CP directory", "HCPLNM053E", { userid: "FAKEUSER" }],
  [
    "HCPLNM108E LINUX5 0101 not linked; volid DM615B not mounted",
    "HCPLNM108E",
    { userid: "LINUX5", vdev: "0101", volid: "DM615B" },
  ],
  ["HCPCQV003E Invalid option - XXXXX", "HCPCQV003E", { option: "XXXXX" }],
  ["HCPCQV003E Invalid option - LINUX1", "HCPCQV003E", { option: "LINUX1" }],
  ["HCPQVD040E Device XXXX does not exist", "HCPQVD040E", { vdev: "XXXX" }],
  ["HCPQVD040E Device FFFF does not exist", "HCPQVD040E", { vdev: "FFFF" }],
  ["HCPQVD040E Device 1740 does not exist", "HCPQVD040E", { vdev: "1740" }],
  ["HCPQVD040E Device 1780 does not exist", "HCPQVD040E", { vdev: "1780" }],
  ["HCPQVD040E Device 1C5D does not exist", "HCPQVD040E", { vdev: "1C5D" }],
  ["HCPDTV040E Device 260C does not exist", "HCPDTV040E", { vdev: "260C" }],
  ["HCPCFC026E Operand missing or invalid", "HCPCFC026E", {}],
  ["HCPCQU045E XXXXX not logged on", "HCPCQU045E", { userid: "XXXXX" }],
  ["HCPCQU045E LINUX1 not logged on", "HCPCQU045E", { userid: "LINUX1" }],
  ["HCPCQU045E LINUX2 not logged on", "HCPCQU045E", { userid: "LINUX2" }],
  ["HCPCQU361E LOGOFF/FORCE pending for user xxxxxx", "HCPCQU361E", { userid: "xxxxxx" }],
  ["HCPLGA361E LOGOFF/FORCE pending for user USER", "HCPLGA361E", { userid: "USER" }],
  ["HCPLGA361E LOGOFF/FORCE pending for user user", "HCPLGA361E", { userid: "user" }],
  ["HCPLGA361E LOGOFF/FORCE pending for user S8370002", "HCPLGA361E", { userid: "S8370002" }],
  ["HCPLGA050E LOGON unsuccessful--incorrect password", "HCPLGA050E", {}],
  [
    "HCPSYK6700E FILE SYSTEM CONFIG X, RECORD 164:",
    "HCPSYK6700E",
    { fn: "SYSTEM", ft: "CONFIG", fm: "X", record: "164" },
  ],
  [
    "HCPSYK6701E INVALID SYSTEM CONFIGURATION FILE STATEMENT - DISCONNECT_TIMEOUT",
    "HCPSYK6701E",
    { statement: "DISCONNECT_TIMEOUT" },
  ],
];

// The tessia capture shows this message cut short and lower-cased; our text starts the same way.
const TRUNCATED_IN_CORPUS = "HCPLGA054E already logged";

const CORPUS_DIR = new URL("../fixtures/corpus/", import.meta.url);

/** Every `HCPxxxnnnnS ...` tail of a line in the corpus fixtures (screen padding trimmed). */
function corpusMessageLines(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(CORPUS_DIR)) {
    if (name === "README.md" || name.endsWith(".source.txt")) continue;
    for (const line of readFileSync(new URL(name, CORPUS_DIR), "utf8").split(/\r?\n/)) {
      const m = /HCP[A-Z]{3}\d{3,4}[EIWRS]\b.*$/.exec(line);
      if (m) out.push(m[0].trimEnd());
    }
  }
  return out;
}

describe("CP message catalog", () => {
  it.each(CORPUS_LINES)("reproduces the corpus line %s", (line, id, vars) => {
    expect(formatMessage(id, vars)).toBe(line);
  });

  it("covers every corpus line that carries a catalogued id", () => {
    const catalogued = new Set(MESSAGES.map((m) => printedId(m.id)));
    const expected = new Set([...CORPUS_LINES.map(([line]) => line), TRUNCATED_IN_CORPUS]);
    const seen = corpusMessageLines().filter((l) => catalogued.has(l.split(" ")[0]));
    expect(seen.length).toBeGreaterThanOrEqual(CORPUS_LINES.length);
    for (const line of seen) expect(expected).toContain(line);
    for (const line of expected) expect(seen).toContain(line);
  });

  it("starts HCPLGA054E the way the truncated corpus line does", () => {
    expect(formatMessage("HCPLGA054E").toLowerCase().startsWith(TRUNCATED_IN_CORPUS.toLowerCase())).toBe(
      true,
    );
  });

  it("marks corpus texts as such, and only those", () => {
    const fromCorpus = new Set(CORPUS_LINES.map(([, id]) => id));
    for (const m of MESSAGES) expect(m.source === "corpus", m.id).toBe(fromCorpus.has(m.id));
  });

  it("has every message DESIGN.md §4 and the LINK rules name", () => {
    const ids = [
      "HCPLNM053E",
      "HCPLNM101W",
      "HCPLNM102W",
      "HCPLNM103W",
      "HCPLNM104E",
      "HCPLNM105E",
      "HCPLNM106E",
      "HCPLNM107E",
      "HCPLNM108E",
      "HCPLNM110E",
      "HCPLNM111E",
      "HCPLNM112E",
      "HCPLNM113E",
      "HCPCQU045E",
      "HCPLGA050E",
      "HCPLGA054E",
      "HCPCQV003E",
      "HCPCFC026E",
      "HCPQVD040E",
      "HCPCMD001E",
      "HCPSYK6700E",
      "HCPSYK6701E",
      "HCPXXL2867I",
      "HCPXXL2876I",
      "HCPLNM104E:CSE",
      "HCPLNM105E:CSE",
      "HCPLNM9001I",
    ];
    for (const id of ids) expect(() => messageOf(id), id).not.toThrow();
  });

  it("keys each entry once, with a number and severity that match its id", () => {
    expect(new Set(MESSAGES.map((m) => m.id)).size).toBe(MESSAGES.length);
    for (const m of MESSAGES) {
      const parts = /^HCP[A-Z]{3}(\d{3,4})([EIWR])(?::[A-Z]+)?$/.exec(m.id);
      expect(parts, m.id).not.toBeNull();
      expect(m.number, m.id).toBe(Number(parts![1]));
      expect(m.severity, m.id).toBe(parts![2]);
    }
  });

  it("marks the unverified LINK texts, the CSE forms and our own message as recalled", () => {
    for (const id of ["HCPLNM101W", "HCPLNM104E", "HCPLNM106E", "HCPLNM113E", "HCPCMD001E", "HCPLNM9001I"]) {
      expect(messageOf(id).source).toBe("recalled");
    }
    for (const m of MESSAGES.filter((m) => m.id.endsWith(":CSE"))) expect(m.source).toBe("recalled");
    expect(messageOf("HCPXXL2876I").source).toBe("documented");
  });

  it("formats the LINK conflict messages", () => {
    expect(formatMessage("HCPLNM104E", { userid: "USERA", vdev: "0191", holders: "2 users" })).toBe(
      "HCPLNM104E USERA 0191 not linked; R/O by 2 users",
    );
    expect(
      formatMessage("HCPLNM106E", { userid: "USERA", vdev: "0191", writers: "B", readers: "3 users" }),
    ).toBe("HCPLNM106E USERA 0191 not linked; R/W by B; R/O by 3 users");
    expect(formatMessage("HCPLNM102W", { vdev: "0291", holders: "OWNER" })).toBe(
      "HCPLNM102W DASD 0291 forced R/O; R/W by OWNER",
    );
    expect(formatMessage("HCPLNM110E", { userid: "OWNER", vdev: "0191", vdev2: "0291" })).toBe(
      "HCPLNM110E OWNER 0191 not linked; DASD 0291 already defined",
    );
    expect(formatMessage("HCPLNM112E", { userid: "OWNER", vdev: "0191" })).toBe(
      "HCPLNM112E OWNER 0191 not linked; no write password",
    );
  });

  it("prints a CSE form under the plain message id, naming the system", () => {
    expect(formatMessage("HCPLNM105E:CSE", { userid: "X", vdev: "0200", sysname: "SYSA" })).toBe(
      "HCPLNM105E X 0200 not linked; R/W by SYSA",
    );
    expect(rcOf("HCPLNM105E:CSE")).toBe(105);
  });

  it("formats the XLINK DISPLAY messages and the other CP responses", () => {
    expect(formatMessage("HCPXXL2867I", { volid: "VMP001" })).toBe(
      "HCPXXL2867I VOLSER VMP001 NOT IN INCLUDE LIST, DEVTYPE CSE DEFAULTS WILL BE USED.",
    );
    expect(
      formatMessage("HCPXXL2876I", {
        volid: "VMQ001",
        date: "08/11/08",
        time: "10:15:00",
        userid: "MAINT",
        sysname: "LTICVM1",
      }),
    ).toBe(
      "HCPXXL2876I VOLUME VMQ001 WAS FORMATTED FOR CSE ON 08/11/08 AT 10:15:00 BY USER MAINT AT SYSTEM LTICVM1",
    );
    expect(formatMessage("HCPCMD001E", { command: "XYZZY" })).toBe("HCPCMD001E Unknown CP command: XYZZY");
    expect(formatMessage("HCPLNM9001I", { vdev: "0200" })).toBe(
      "HCPLNM9001I DASD 0200 virtual reserve/release is not extended across systems",
    );
  });

  it("gives the message number as return code", () => {
    expect(rcOf("HCPLNM104E")).toBe(104);
    expect(rcOf("HCPCQU045E")).toBe(45);
    expect(rcOf("HCPCQV003E")).toBe(3);
    expect(rcOf("HCPSYK6701E")).toBe(6701);
  });

  it("throws on an unknown id or a missing variable, ignores extra ones, accepts numbers", () => {
    expect(() => formatMessage("HCPLNM999E", {})).toThrow(/unknown/);
    expect(() => rcOf("nonsense")).toThrow(/unknown/);
    expect(() => formatMessage("HCPLNM104E", { userid: "A", vdev: "0191" })).toThrow(/holders/);
    expect(formatMessage("HCPCFC026E", { extra: "x" })).toBe("HCPCFC026E Operand missing or invalid");
    expect(formatMessage("HCPSYK6700E", { fn: "SYSTEM", ft: "CONFIG", fm: "A", record: 7 })).toBe(
      "HCPSYK6700E FILE SYSTEM CONFIG A, RECORD 7:",
    );
  });

  it("lists a template's variables", () => {
    expect(templateVariables(messageOf("HCPLNM106E").template)).toEqual([
      "userid",
      "vdev",
      "writers",
      "readers",
    ]);
    expect(templateVariables(messageOf("HCPCFC026E").template)).toEqual([]);
  });
});

describe("reaching another system over CSE paths", () => {
  it("a system without a path is not a target: AT it is HCPCSE9033E with the why, AT ALL and the search leave it out", () => {
    const states = { SYSA: "UP", SYSB: "UP", SYSC: "UP" } as const;
    const noPath = { SYSB: "PVM is not running on SYSB" };
    expect(messageTargets({ at: "SYSB" }, "SYSA", false, states, noPath)).toEqual({
      error: {
        rc: 9033,
        lines: ["HCPCSE9033E System SYSB cannot be reached: no CSE path (PVM is not running on SYSB)"],
      },
    });
    expect(messageTargets({ at: "ALL" }, "SYSA", false, states, noPath)).toEqual({
      targets: ["SYSA", "SYSC"],
    });
    expect(messageTargets({}, "SYSA", false, states, noPath)).toEqual({ targets: ["SYSC"] });
    expect(unreachable("SYSC", "SYSA", states, noPath)).toBeUndefined();
  });
});
