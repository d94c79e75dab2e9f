import { describe, expect, it } from "vitest";
import { type Command, COMMANDS, findCommand } from "../../src/cp/commands";
import { spells } from "../../src/cp/parse/grammar";
import { QUERY_OPERANDS } from "../../src/cp/parse/query";
import { XLINK_SUBCOMMANDS } from "../../src/cp/parse/xlink";
import { deviceNumber } from "../../src/text/names";
import { formatMessage } from "../../src/catalog/messages";
import { parseCommand } from "../../src/cp/parse-command";
import { allows, ANY, isValidClasses, normalizeClasses } from "../../src/cp/privileges";
import { minAbbrevOf } from "../../src/text/records";
import { invalidOption, operandMissing, parsed, refused } from "./cp-parse-helpers";

const unknown = (word: string) => ({ rc: 1, lines: [`HCPCMD001E Unknown CP command: ${word}`] });

describe("the command table", () => {
  const spellings = COMMANDS.flatMap((c) =>
    [c.syntax, ...(c.aliases ?? [])].map((s) => [s, c.verb] as const),
  );

  it.each(spellings)(
    "%s: the capitals are the shortest spelling, and no shorter one names it",
    (syntax, verb) => {
      const min = minAbbrevOf(syntax);
      expect(findCommand(syntax.slice(0, min))?.verb).toBe(verb);
      expect(findCommand(syntax.toUpperCase())?.verb).toBe(verb);
      expect(findCommand(syntax.toLowerCase())?.verb).toBe(verb);
      if (min > 1) expect(findCommand(syntax.slice(0, min - 1))?.verb).not.toBe(verb);
      expect(findCommand(`${syntax.toUpperCase()}X`)?.verb).not.toBe(verb);
    },
  );

  it("names no spelling twice", () => {
    for (const [a] of spellings) {
      const min = a.slice(0, minAbbrevOf(a)).toUpperCase();
      const claimants = COMMANDS.filter((c) => [c.syntax, ...(c.aliases ?? [])].some((s) => spells(min, s)));
      expect(claimants.length, a).toBe(1);
    }
  });

  it("says where every fact comes from", () => {
    for (const e of [...COMMANDS, ...QUERY_OPERANDS, ...XLINK_SUBCOMMANDS])
      expect(e.source.length).toBeGreaterThan(5);
  });

  // [line, classes, verb]: the shortest accepted spelling of each command with valid operands.
  const accepted: [string, string, Command["verb"]][] = [
    ["L MAINT 190 190 RR", "G", "LINK"],
    ["LINK MAINT 190 190 RR", "G", "LINK"],
    ["DET 191", "G", "DETACH"],
    ["DETACH 0200 FROM LINUX1", "B", "DETACH_REAL"],
    ["Q N", "G", "QUERY"],
    ["QUERY NAMES", "G", "QUERY"],
    ["LOG", "", "LOGOFF"],
    ["LOGOUT", "", "LOGOFF"],
    ["DISC", "", "DISCONNECT"],
    ["DISCONNECT HOLD", "", "DISCONNECT"],
    ["FORCE LINUX1", "A", "FORCE"],
    ["XAUTOL LINUX1", "G", "XAUTOLOG"],
    ["XAUTOLOG LINUX1", "B", "XAUTOLOG"],
    ["ATT 0200 TO LINUX1", "B", "ATTACH"],
    ["V ON 0200", "B", "VARY"],
    ["XLINK CHECK VMQ001", "G", "XLINK"],
  ];
  it.each(accepted)("%s (classes %s) is %s", (line, classes, verb) => {
    expect(parsed(line, classes).verb).toBe(verb);
  });

  // One letter short of the minimum abbreviation, or a longer word: not a command at all.
  it.each([
    "DE 191",
    "LO",
    "DIS",
    "FORC LINUX1",
    "XAUTO LINUX1",
    "AT 0200 TO LINUX1",
    "XLIN CHECK VMQ001",
    "LINKS",
  ])("%s is unknown", (line) => {
    expect(refused(line)).toEqual(unknown(line.split(" ")[0]));
  });

  it("answers a command in the case CP translated it to", () => {
    expect(refused("foobar now")).toEqual(unknown("FOOBAR"));
  });

  it("says nothing to an empty line", () => {
    expect(parseCommand("   ", "G")).toEqual({ ok: false, rc: 0, lines: [] });
  });
});

describe("privilege classes", () => {
  // [line, classes]: the command exists, but none of its forms is open to these classes.
  const closed: [string, string][] = [
    ["LINK MAINT 190 190 RR", "B"],
    ["DETACH 0191", "A"],
    ["FORCE LINUX1", "G"],
    ["FORCE LINUX1", "BCDEFG"],
    ["XAUTOLOG LINUX1", "CDEF"],
    ["ATTACH 0200 TO LINUX1", "G"],
    ["VARY ON 0200", "AG"],
    ["XLINK CHECK VMQ001", "A"],
  ];
  it.each(closed)("%s is unknown to a class %s user", (line, classes) => {
    expect(refused(line, classes)).toEqual(unknown(line.split(" ")[0]));
  });

  it("lets anyone log off and disconnect, whatever the classes", () => {
    expect(parsed("LOGOFF", "").verb).toBe("LOGOFF");
    expect(parsed("DISC", "Z").verb).toBe("DISCONNECT");
    expect(parsed("Q USERID", "B")).toEqual({ verb: "QUERY", what: "USERID" });
  });

  it("reads a QUERY operand the user may not use as a userid, as CP does", () => {
    expect(parsed("Q DASD", "G")).toEqual({ verb: "QUERY", what: "USER", userid: "DASD" });
    expect(parsed("Q DASD", "B")).toEqual({ verb: "QUERY", what: "DASD" });
    expect(refused("Q N", "B")).toEqual(invalidOption("N"));
  });

  it("gives DETACH the virtual form for class G and the real form for class B", () => {
    expect(parsed("DET 0200", "G")).toEqual({ verb: "DETACH", vdev: "0200" });
    expect(parsed("DET 0200", "BG")).toEqual({ verb: "DETACH", vdev: "0200" });
    expect(parsed("DET 0200", "B")).toEqual({ verb: "DETACH_REAL", rdev: "0200" });
    expect(refused("DET 0200 FROM LINUX1", "G")).toEqual(operandMissing);
  });

  it("keeps XLINK RESET for class B", () => {
    expect(refused("XLINK RESET LTICVM2", "G")).toEqual(operandMissing);
    expect(parsed("XLINK RESET LTICVM2", "B")).toMatchObject({ sub: "RESET" });
  });

  it("normalises and checks class strings", () => {
    expect(normalizeClasses("gabG1")).toBe("GAB1");
    expect(normalizeClasses("G*7")).toBe("G");
    expect(isValidClasses("ABCDEFG")).toBe(true);
    expect(isValidClasses("G7")).toBe(false);
    expect(isValidClasses("")).toBe(false);
    expect(allows("g", "ABG")).toBe(true);
    expect(allows("G", "AB")).toBe(false);
    expect(allows("", ANY)).toBe(true);
  });
});

describe("device numbers", () => {
  it.each([
    ["1", "0001"],
    ["19e", "019E"],
    ["0CF1", "0CF1"],
    ["FFFF", "FFFF"],
  ])("%s is %s", (text, dev) => expect(deviceNumber(text)).toBe(dev));

  it.each(["", "10000", "19G", "-1", undefined])("%s is no device number", (text) => {
    expect(deviceNumber(text)).toBeUndefined();
  });
});

describe("LINK", () => {
  it.each<[string, Command]>([
    [
      "link pmaint cf0 cf0 mr",
      { verb: "LINK", owner: "PMAINT", ownerVdev: "0CF0", vdev: "0CF0", mode: "MR" },
    ],
    ["link * cf1 cf1 mr", { verb: "LINK", owner: "*", ownerVdev: "0CF1", vdev: "0CF1", mode: "MR" }],
    [
      "LINK TO MAINT 190 AS 19A RR",
      { verb: "LINK", owner: "MAINT", ownerVdev: "0190", vdev: "019A", mode: "RR" },
    ],
    ["L T MAINT 190 A 19A", { verb: "LINK", owner: "MAINT", ownerVdev: "0190", vdev: "019A" }],
    [
      "LINK OWNER 191 291 MWV",
      { verb: "LINK", owner: "OWNER", ownerVdev: "0191", vdev: "0291", mode: "MWV" },
    ],
    [
      "LINK OWNER 191 291 W PASS=SECRET",
      { verb: "LINK", owner: "OWNER", ownerVdev: "0191", vdev: "0291", mode: "W", password: "SECRET" },
    ],
    [
      "LINK OWNER 191 291 W PASS= SECRET",
      { verb: "LINK", owner: "OWNER", ownerVdev: "0191", vdev: "0291", mode: "W", password: "SECRET" },
    ],
    [
      "LINK OWNER 191 291 SR ALL",
      { verb: "LINK", owner: "OWNER", ownerVdev: "0191", vdev: "0291", mode: "SR", password: "ALL" },
    ],
    // Without a mode, a word that is no mode is the password.
    [
      "LINK OWNER 191 291 READPW",
      { verb: "LINK", owner: "OWNER", ownerVdev: "0191", vdev: "0291", password: "READPW" },
    ],
  ])("%s", (line, command) => {
    expect(parsed(line)).toEqual(command);
  });

  it.each(["R", "RR", "W", "WR", "M", "MR", "MW", "SR", "SW", "SM", "ER", "EW"])(
    "takes mode %s and %sV",
    (mode) => {
      expect(parsed(`LINK A 191 192 ${mode}`)).toMatchObject({ mode });
      expect(parsed(`LINK A 191 192 ${mode}V`)).toMatchObject({ mode: `${mode}V` });
    },
  );

  const userid = { rc: 20, lines: ["HCPLNM020E Userid missing or invalid"] };
  it.each<[string, { rc: number; lines: string[] }]>([
    ["LINK", userid],
    ["LINK TO", userid],
    ["LINK TOOLONGID 191 191", userid],
    ["LINK MAINT", operandMissing],
    ["LINK MAINT 191", operandMissing],
    ["LINK MAINT 19G 191", operandMissing],
    ["LINK MAINT 191 AS", operandMissing],
    ["LINK MAINT 191 12345", operandMissing],
    ["LINK MAINT 191 192 RR PASS=", operandMissing],
    ["LINK MAINT 191 192 RR NINECHARS", operandMissing],
    ["LINK MAINT 191 192 RR PW EXTRA", operandMissing],
  ])("%s is refused", (line, answer) => {
    expect(refused(line, "G")).toEqual(answer);
  });
});

describe("DETACH and ATTACH", () => {
  it.each<[string, Command]>([
    ["det 0cf1", { verb: "DETACH", vdev: "0CF1" }],
    ["DETACH 0200 FROM LINUX1", { verb: "DETACH_REAL", rdev: "0200", from: "LINUX1" }],
    ["DETACH 0200 FROM *", { verb: "DETACH_REAL", rdev: "0200", from: "*" }],
    ["DETACH 0200 FROM ALL", { verb: "DETACH_REAL", rdev: "0200", from: "ALL" }],
    ["DETACH 0200 SYSTEM", { verb: "DETACH_REAL", rdev: "0200", from: "SYSTEM" }],
    ["DETACH 0200 FROM SYSTEM", { verb: "DETACH_REAL", rdev: "0200", from: "SYSTEM" }],
    // tessia-zvm-3270-console-lines.txt: "ATT  1740 *"
    ["ATT  1740 *", { verb: "ATTACH", rdev: "1740", to: "*" }],
    ["ATTACH 0200 TO LINUX1 AS 0300", { verb: "ATTACH", rdev: "0200", to: "LINUX1", as: "0300" }],
    ["ATT 200 LINUX1 300", { verb: "ATTACH", rdev: "0200", to: "LINUX1", as: "0300" }],
    ["ATTACH 0200 TO SYSTEM AS VMQ001", { verb: "ATTACH", rdev: "0200", to: "SYSTEM", as: "VMQ001" }],
    ["ATTACH 0200 TO SYSTEM", { verb: "ATTACH", rdev: "0200", to: "SYSTEM" }],
  ])("%s", (line, command) => {
    expect(parsed(line)).toEqual(command);
  });

  it.each([
    "DETACH",
    "DETACH XYZ",
    "DETACH 0200 FROM",
    "DETACH 0200 FROM TOOLONGID",
    "DETACH 0200 TO LINUX1",
    "ATTACH",
    "ATTACH 0200",
    "ATTACH 0200 TO",
    "ATTACH 0200 TO LINUX1 AS",
    "ATTACH 0200 TO LINUX1 AS XYZ",
    "ATTACH 0200 TO SYSTEM AS TOOLONGV",
    "ATTACH 0200 TO LINUX1 AS 0300 R/O",
  ])("%s is refused", (line) => {
    expect(refused(line)).toEqual(operandMissing);
  });
});

describe("QUERY", () => {
  it.each<[string, Command]>([
    ["Q N", { verb: "QUERY", what: "NAMES" }],
    ["QUERY NAMES AT ALL", { verb: "QUERY", what: "NAMES", at: "ALL" }],
    ["q n at lticvm9", { verb: "QUERY", what: "NAMES", at: "LTICVM9" }],
    ["Q USERS", { verb: "QUERY", what: "USERS" }],
    ["Q USERS AT ALL", { verb: "QUERY", what: "USERS", at: "ALL" }],
    ["q userid", { verb: "QUERY", what: "USERID" }],
    ["Q TIME", { verb: "QUERY", what: "TIME" }],
    ["Q CPLEVEL", { verb: "QUERY", what: "CPLEVEL" }],
    ["Q V DASD", { verb: "QUERY", what: "VIRTUAL_DASD" }],
    ["Query Virtual DASD", { verb: "QUERY", what: "VIRTUAL_DASD" }],
    // tessia-zvm-3270-console-lines.txt: "q v ffff", "Q V  1C5D"
    ["q v ffff", { verb: "QUERY", what: "VIRTUAL_DASD", vdev: "FFFF" }],
    ["Q V  1C5D", { verb: "QUERY", what: "VIRTUAL_DASD", vdev: "1C5D" }],
    ["q dasd", { verb: "QUERY", what: "DASD" }],
    ["Q LINKS 191", { verb: "QUERY", what: "LINKS", vdev: "0191" }],
    ["Q MDISK 191", { verb: "QUERY", what: "MDISK", vdev: "0191" }],
    // zvm-bootcamp-dirmaint-responses.txt: "q linux1" (any other word is a userid)
    ["q linux1", { verb: "QUERY", what: "USER", userid: "LINUX1" }],
    // ZCT which.exec spells it Users: Q USER is QUERY USERS, not the userid USER (issue #13).
    ["Q USER", { verb: "QUERY", what: "USERS" }],
    ["Q NAMESX", { verb: "QUERY", what: "USER", userid: "NAMESX" }],
    ["Q LINUX1 AT ALL", { verb: "QUERY", what: "USER", userid: "LINUX1", at: "ALL" }],
  ])("%s", (line, command) => {
    expect(parsed(line, "BG")).toEqual(command);
  });

  it.each<[string, { rc: number; lines: string[] }]>([
    ["Q", operandMissing],
    ["Q TOOLONGID", invalidOption("TOOLONGID")],
    ["Q N EXTRA", invalidOption("EXTRA")],
    ["Q N AT", operandMissing],
    ["Q N AT TOOLONGSYS", invalidOption("TOOLONGSYS")],
    ["Q N AT ALL EXTRA", invalidOption("EXTRA")],
    ["Q TIME NOW", invalidOption("NOW")],
    ["Q USERID MAINT", invalidOption("MAINT")],
    ["Q V XYZ", invalidOption("XYZ")],
    ["Q V DASD ALL", invalidOption("ALL")],
    ["Q V 191 192", invalidOption("192")],
    ["Q LINKS", operandMissing],
    ["Q LINKS XYZ", invalidOption("XYZ")],
    ["Q MDISK", operandMissing],
    ["Q LINUX1 BY", invalidOption("BY")],
  ])("%s is refused", (line, answer) => {
    expect(refused(line, "BG")).toEqual(answer);
  });
});

describe("LOGOFF, DISCONNECT, FORCE, XAUTOLOG, VARY", () => {
  it.each<[string, Command]>([
    ["LOGOFF HOLD", { verb: "LOGOFF" }],
    ["logout", { verb: "LOGOFF" }],
    ["DISC HO", { verb: "DISCONNECT" }],
    // xcat-zvm-setup-cp-responses.txt: "FORCE VSMWORK1", "XAUTOLOG VSMWORK1"
    ["FORCE VSMWORK1", { verb: "FORCE", userid: "VSMWORK1" }],
    ["XAUTOLOG VSMWORK1", { verb: "XAUTOLOG", userid: "VSMWORK1" }],
    ["FORCE LINUX1 AT LTICVM2", { verb: "FORCE", userid: "LINUX1", at: "LTICVM2" }],
    ["XAUTOLOG LINUX1 AT LTICVM2", { verb: "XAUTOLOG", userid: "LINUX1", at: "LTICVM2" }],
    // z/VM 7.3 XAUTOLOG: SYNch (minimum SYN), anywhere after the userid.
    ["XAUTOLOG LINUX1 SYNCH", { verb: "XAUTOLOG", userid: "LINUX1", synch: true }],
    ["XAUTOL LINUX1 AT LTICVM2 SYN", { verb: "XAUTOLOG", userid: "LINUX1", at: "LTICVM2", synch: true }],
    ["XAUTOLOG LINUX1 AT SYNCH", { verb: "XAUTOLOG", userid: "LINUX1", at: "SYNCH" }],
    ["VARY ONLINE 0200", { verb: "VARY", online: true, rdevs: ["0200"] }],
    ["V OFF 200-202 300", { verb: "VARY", online: false, rdevs: ["0200", "0201", "0202", "0300"] }],
  ])("%s", (line, command) => {
    expect(parsed(line)).toEqual(command);
  });

  it.each([
    "LOGOFF NOW",
    "DISC HOLD NOW",
    "FORCE",
    "FORCE TOOLONGID",
    "FORCE LINUX1 IMMED",
    "FORCE LINUX1 AT",
    "XAUTOLOG",
    "XAUTOLOG LINUX1 AT LTICVM2 NOW",
    "XAUTOLOG LINUX1 SY",
    "XAUTOLOG LINUX1 SYNCH SYNCH",
    "VARY",
    "VARY ON",
    "VARY 0200",
    "VARY OF 0200",
    "VARY ON 0202-0200",
    "VARY ON 0200-0201-0202",
    "VARY ON 0000-FFFF",
    "VARY ON XYZ",
  ])("%s is refused", (line) => {
    expect(refused(line)).toEqual(operandMissing);
  });
});

describe("XLINK", () => {
  it.each<[string, Command]>([
    ["XLINK FO 300 VMQ001", { verb: "XLINK", sub: "FORMAT", vdev: "0300", volid: "VMQ001" }],
    ["xlink format 300 vmq001", { verb: "XLINK", sub: "FORMAT", vdev: "0300", volid: "VMQ001" }],
    ["XLINK CHECK VMQ001", { verb: "XLINK", sub: "CHECK", volid: "VMQ001" }],
    ["XLINK DISPLAY 300", { verb: "XLINK", sub: "DISPLAY", vdev: "0300", noHeader: false }],
    [
      "XLINK DISPLAY 300 NOH CYL(10008)",
      { verb: "XLINK", sub: "DISPLAY", vdev: "0300", noHeader: true, cyl: 10008 },
    ],
    ["XLINK DISPLAY 300 ( STACK NOHEADER", { verb: "XLINK", sub: "DISPLAY", vdev: "0300", noHeader: true }],
    ["XLINK RESET LTICVM2", { verb: "XLINK", sub: "RESET", sysname: "LTICVM2", volid: "ALL" }],
    ["XLINK RESET LTICVM2 VMQ001", { verb: "XLINK", sub: "RESET", sysname: "LTICVM2", volid: "VMQ001" }],
  ])("%s", (line, command) => {
    expect(parsed(line)).toEqual(command);
  });

  it.each([
    "XLINK",
    "XLINK BOGUS",
    "XLINK F 300 VMQ001",
    "XLINK FORMAT 300",
    "XLINK FORMAT XYZ VMQ001",
    "XLINK FORMAT 300 TOOLONGV",
    "XLINK CHECK",
    "XLINK CHECK VMQ001 VMQ002",
    "XLINK DISPLAY",
    "XLINK DISPLAY 300 CYL(X)",
    "XLINK DISPLAY 300 CYL(123456)",
    "XLINK DISPLAY 300 NO",
    "XLINK RESET",
    "XLINK RESET LTICVM2 VMQ001 EXTRA",
  ])("%s is refused", (line) => {
    expect(refused(line)).toEqual(operandMissing);
  });
});

describe("refusals come from the message catalog", () => {
  it("prints the catalog's texts", () => {
    expect(refused("FOOBAR").lines).toEqual([formatMessage("HCPCMD001E", { command: "FOOBAR" })]);
    expect(refused("Q").lines).toEqual([formatMessage("HCPCFC026E")]);
    expect(refused("Q N X").lines).toEqual([formatMessage("HCPCQV003E", { option: "X" })]);
    expect(refused("LINK").lines).toEqual([formatMessage("HCPLNM020E")]);
  });
});

describe("the CP and #CP prefixes", () => {
  it("are the command that follows them, message text and all", () => {
    const plain = parseCommand("QUERY USERID", "G");
    expect(parseCommand("CP QUERY USERID", "G")).toEqual(plain);
    expect(parseCommand("  #cp  query userid", "G")).toEqual(plain);
    expect(parseCommand("cp msg * Hello There", "G")).toEqual(parseCommand("msg * Hello There", "G"));
    expect(parseCommand("CP ATT DB44 * DB4", "B")).toEqual(parseCommand("ATT DB44 * DB4", "B"));
    // Nothing after the prefix is nothing to do; a word that only starts with CP is not the prefix.
    expect(parseCommand("CP", "G")).toEqual({ ok: false, rc: 0, lines: [] });
    expect(parseCommand("CPQ", "G")).toMatchObject({ ok: false, rc: 1 });
  });
});

describe("MSG ALL, MSGNOH ALL, WARNING ALL (z/VM 7.3 MESSAGE ALL: classes A and B)", () => {
  it.each<[string, string, Command]>([
    [
      "MSG ALL System going down at 5",
      "A",
      { verb: "MESSAGE", kind: "MSG", to: "ALL", all: true, text: "System going down at 5" },
    ],
    [
      "M ALL AT ALL  two  spaces",
      "B",
      { verb: "MESSAGE", kind: "MSG", to: "ALL", all: true, at: "ALL", text: "two  spaces" },
    ],
    [
      "MSG ALL AT * here only",
      "A",
      { verb: "MESSAGE", kind: "MSG", to: "ALL", all: true, text: "here only" },
    ],
    [
      "MSG ALL AT LTICVM2 hi",
      "B",
      { verb: "MESSAGE", kind: "MSG", to: "ALL", all: true, at: "LTICVM2", text: "hi" },
    ],
    [
      "WARNING ALL AT ALL shutdown",
      "A",
      { verb: "MESSAGE", kind: "WARNING", to: "ALL", all: true, at: "ALL", text: "shutdown" },
    ],
    ["MSGNOH ALL plain", "B", { verb: "MESSAGE", kind: "MSGNOH", to: "ALL", all: true, text: "plain" }],
    // Without A or B, ALL is the userid of the form the issuer has (MESSAGE userid, class Any).
    ["MSG ALL hello", "G", { verb: "MESSAGE", kind: "MSG", to: "ALL", text: "hello" }],
    // SMSG has no ALL form.
    ["SMSG ALL hello", "AG", { verb: "MESSAGE", kind: "SMSG", to: "ALL", text: "hello" }],
  ])("%s (class %s)", (line, classes, command) => {
    expect(parsed(line, classes)).toEqual(command);
  });

  it("refuses AT * to a user, and WARNING to a class G user as an unknown command", () => {
    expect(refused("MSG MAINT AT * hi", "G")).toEqual(operandMissing);
    expect(refused("MSG ALL", "A")).toEqual(operandMissing);
    expect(refused("WARNING ALL hi", "G")).toEqual(unknown("WARNING"));
  });
});
