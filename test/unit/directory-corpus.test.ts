import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitOnSeparator, stripListingPrefix } from "../../src/directory/import";
import { parseDirectory } from "../../src/directory/parse";
import { resolveDirectory } from "../../src/directory/resolve";
import type { SourceDirectory } from "../../src/directory/types";

const corpus = (name: string) => readFileSync(new URL(`../fixtures/corpus/${name}`, import.meta.url), "utf8");
const errorsOf = (src: SourceDirectory) => src.diagnostics.filter((d) => d.severity === "error");
const entry = (src: SourceDirectory, id: string) => src.users.find((u) => u.userid === id)!;
const mdisks = (src: SourceDirectory, id: string) =>
  entry(src, id).statements.flatMap((s) => (s.mdisk ? [s.mdisk] : []));
const links = (src: SourceDirectory, id: string) =>
  entry(src, id).statements.flatMap((s) => (s.link ? [s.link] : []));

describe("corpus: zvm-bootcamp-user-direct.direct", () => {
  const file = "zvm-bootcamp-user-direct.direct";
  const src = parseDirectory(corpus(file), file);

  it("reads the DIRECTORY statement, GLOBALDEFS, two profiles and three users", () => {
    expect(src.directories).toEqual([
      { vdev: "0123", devtype: "3390", volser: "M01RES", line: 1, column: 1 },
    ]);
    expect(src.globaldefs.map((s) => [s.keyword, ...s.operands])).toContainEqual([
      "POSIXGROUP",
      "nobody",
      "4294967294",
    ]);
    expect(src.globaldefs).toHaveLength(8);
    expect([...src.profiles.keys()]).toEqual(["IBMDFLT", "LINDFLT"]);
    expect(src.users.map((u) => [u.userid, u.password, u.storage, u.maxStorage, u.classes])).toEqual([
      ["PMAINT", "WD5JU8QP", "128M", "1000M", "G"],
      ["VMTOOLS", "WORK2016", "64M", "64M", "G"],
      ["LINUX", "NOLOG", "1G", "1G", "G"],
    ]);
  });

  it("flags each DirMaint AUTOG MDISK of the LINUX entry, and nothing else", () => {
    const errors = errorsOf(src);
    expect(errors.map((d) => [d.line, d.column, d.code])).toEqual([
      [73, 17, "DIR-AUTOG"],
      [74, 17, "DIR-AUTOG"],
      [75, 17, "DIR-AUTOG"],
      [76, 17, "DIR-AUTOG"],
      [77, 17, "DIR-AUTOG"],
    ]);
    for (const d of errors) expect(d.message).toMatch(/DirMaint-only.*not valid for DIRECTXA/);
    expect(src.diagnostics.every((d) => d.file === file)).toBe(true);
    expect(mdisks(src, "LINUX")).toEqual([]);
  });

  it("reads MACH ESA 2 as MACHINE and keeps COMMAND text verbatim", () => {
    const lindflt = src.profiles.get("LINDFLT")!.statements;
    expect(lindflt.find((s) => s.line === 31)).toMatchObject({ keyword: "MACHINE", operands: ["ESA", "2"] });
    expect(lindflt.find((s) => s.line === 27)).toMatchObject({
      keyword: "COMMAND",
      operands: ["SET", "VSWITCH", "VSW1", "GRANT", "&USERID"],
    });
    expect(entry(src, "PMAINT").statements.find((s) => s.keyword === "MACHINE")!.operands).toEqual(["ESA"]);
  });

  it("normalises 3- and 4-digit vdevs in LINK statements", () => {
    expect(links(src, "PMAINT").map((l) => `${l.owner} ${l.ownerVdev} ${l.vdev} ${l.mode}`)).toEqual([
      "MAINT 0190 0190 RR",
      "MAINT 0193 0193 RR",
      "MAINT 019E 019E RR",
      "MAINT 019D 019D RR",
      "MAINT 0401 0401 RR",
      "MAINT 0402 0402 RR",
    ]);
  });

  it("resolves LINUX with the LINDFLT profile's links and PMAINT's options", () => {
    const od = resolveDirectory(src, "ANY", "M01RES");
    expect(od.control?.volser).toBe("M01RES");
    const linux = od.users.get("LINUX")!;
    expect(linux.profile).toBe("LINDFLT");
    expect(linux.links.map((l) => `${l.owner} ${l.ownerVdev} ${l.vdev}`)).toEqual([
      "MAINT 0190 0190",
      "MAINT 019D 019D",
      "MAINT 019E 019E",
      "VMTOOLS 0192 0191",
      "TCPMAINT 0592 0592",
    ]);
    expect(linux.options).toEqual(["APPLMON"]);
    expect(od.users.get("PMAINT")!).toMatchObject({
      options: ["MAINTCCW", "LNKS", "LNKE", "LNKNOPAS"],
      autolog: true,
      autologBy: ["AUTOLOG1", "OP1", "MAINT"],
      ipl: ["190"],
    });
  });
});

describe("corpus: xcat-zvm-setup-user-direct.direct", () => {
  const file = "xcat-zvm-setup-user-direct.direct";
  const blocks = splitOnSeparator(corpus(file));
  const parsed = blocks.map((b) => parseDirectory(b.text, file));

  it("has eight excerpts: seven USER entries and the LNXDFLT profile", () => {
    expect(blocks.map((b) => b.firstLine)).toEqual([1, 7, 14, 28, 45, 64, 83, 102]);
    expect(parsed.flatMap((s) => s.users.map((u) => u.userid))).toEqual([
      "LNXMAINT",
      "LNX1",
      "LNX2",
      "LNX2",
      "LNX2",
      "NAME",
      "NAME",
    ]);
    expect(parsed.flatMap((s) => s.users.map((u) => u.classes))).toEqual([
      "BEG",
      "G",
      "ABCDG",
      "ABCDG",
      "GX",
      "G",
      "ABCDEFG",
    ]);
    expect([...parsed[2].profiles.keys()]).toEqual(["LNXDFLT"]);
  });

  it("has no errors other than INCLUDEs of profiles in other excerpts", () => {
    const errors = parsed.flatMap(errorsOf);
    expect(errors.map((d) => d.code)).toEqual(["DIR-NO-PROFILE", "DIR-NO-PROFILE"]);
  });

  it("reads READ/WRITE/MULTIPLE passwords and a three-digit extent", () => {
    expect(mdisks(parsed[6], "NAME")).toEqual([
      expect.objectContaining({
        vdev: "0191",
        start: 2398,
        count: 25,
        volser: "610RES",
        mode: "MR",
        readPassword: "READ",
        writePassword: "WRITE",
        multiPassword: "MULTIPLE",
      }),
    ]);
  });

  it("defaults the mode of an MDISK that gives none to W", () => {
    expect(mdisks(parsed[3], "LNX2")).toEqual([
      expect.objectContaining({ vdev: "0100", start: 1, count: 10016, volser: "EMC278", mode: "W" }),
    ]);
  });

  it("reads LINK MAINT CF1 CF1 MD and the IUCV statements", () => {
    expect(links(parsed[7], "NAME").filter((l) => l.vdev.startsWith("0CF"))).toEqual([
      expect.objectContaining({ owner: "MAINT", ownerVdev: "0CF1", vdev: "0CF1", mode: "MD" }),
      expect.objectContaining({ owner: "MAINT", ownerVdev: "0CF2", vdev: "0CF2", mode: "MD" }),
    ]);
    expect(entry(parsed[7], "NAME").statements.find((s) => s.keyword === "IUCV")!.operands).toEqual([
      "ANY",
      "MSGLIMIT",
      "255",
    ]);
    expect(
      entry(parsed[6], "NAME")
        .statements.filter((s) => s.keyword === "IUCV")
        .map((s) => s.operands[0]),
    ).toEqual(["AUTH", "*VMEVENT", "*SCLP"]);
  });

  it("resolves LNX1 against LNXDFLT once both excerpts are one file", () => {
    const src = parseDirectory(blocks[2].text + blocks[1].text, file);
    expect(src.diagnostics).toEqual([]);
    const lnx1 = resolveDirectory(src, "POKDEV61", "610RES").users.get("LNX1")!;
    expect(lnx1.links.map((l) => `${l.owner} ${l.ownerVdev} ${l.vdev}`)).toEqual([
      "MAINT 0190 0190",
      "MAINT 019E 019E",
      "LNXMAINT 0192 0191",
    ]);
    expect(lnx1.mdisks.map((m) => m.volser)).toEqual(["EMC21A", "EMC21C", "EMC28B"]);
    expect(lnx1.statements.find((s) => s.keyword === "MACHINE")!.operands).toEqual(["ESA", "4"]);
  });
});

describe("corpus: vm370ce-user-direct-excerpt.direct", () => {
  const file = "vm370ce-user-direct-excerpt.direct";
  const src = parseDirectory(corpus(file), file);

  it("parses the whole VM/370 directory without findings", () => {
    expect(src.diagnostics).toEqual([]);
    expect(src.directories).toEqual([
      { vdev: "06A1", devtype: "3350", volser: "VM50-1", line: 4, column: 1 },
    ]);
    expect(src.users).toHaveLength(20);
    expect(src.users.slice(0, 10).map((u) => u.userid)).toEqual([
      "$ALLOC$",
      "$TDSK$",
      "$TEMP$",
      "$DCSS$",
      "$DIRECT$",
      "$NUC",
      "$NUCALT",
      "$ERROR$",
      "$SYSWRM$",
      "$SYSCKP$",
    ]);
  });

  it("strips the sequence numbers in columns 73-80", () => {
    const all = src.users.flatMap((u) => u.statements);
    expect(all.some((s) => s.words.some((w) => /^[0-9]{8}$/.test(w)))).toBe(false);
    expect(entry(src, "$ALLOC$").password).toBe("NOLOG");
    expect(entry(src, "$ALLOC$").storage).toBeUndefined();
    expect(entry(src, "RSCS")).toMatchObject({ password: "RSCS", storage: "2M", maxStorage: "16M" });
    expect(entry(src, "RSCS").classes).toBeUndefined();
  });

  it("reads MAINT's 47 minidisks, the password triplets and 3-digit cuus", () => {
    const maint = mdisks(src, "MAINT");
    expect(maint).toHaveLength(47);
    expect(maint[0]).toMatchObject({
      vdev: "0191",
      devtype: "3350",
      start: 201,
      count: 30,
      volser: "VM50-4",
      mode: "MR",
    });
    expect(maint[0]).toMatchObject({ readPassword: "ALL", writePassword: "WRITE", multiPassword: "MULT" });
    expect(maint.find((m) => m.vdev === "06D3")).toMatchObject({
      devtype: "2314",
      start: 0,
      count: 203,
      mode: "MW",
    });
    expect(maint.find((m) => m.vdev === "05E9")).toMatchObject({ start: 523, count: 7, volser: "VM50-1" });
    expect(mdisks(src, "DOSSTART")[0]).toMatchObject({
      vdev: "0148",
      volser: "SYSRES",
      mode: "MW",
      readPassword: "READ",
      multiPassword: "ALL",
    });
    expect(mdisks(src, "$ALLOC$").map((m) => m.volser)).toEqual([
      "VM50-1",
      "VM50-2",
      "VM50-3",
      "VM50-4",
      "VM50-5",
      "VM50-6",
      "VM50-7",
      "VM50-8",
      "GCCBRX",
    ]);
  });

  it("reads DEDICATE, SPECIAL, OPTION and links to MAINT's disks", () => {
    const xnet = entry(src, "XNET").statements;
    expect(xnet.filter((s) => s.keyword === "DEDICATE").map((s) => s.operands)).toEqual([
      ["09E", "09E"],
      ["09F", "09F"],
      ["500", "500"],
    ]);
    expect(xnet.filter((s) => s.keyword === "SPECIAL")).toHaveLength(8);
    expect(links(src, "RSCS").map((l) => `${l.owner} ${l.ownerVdev} ${l.vdev} ${l.mode}`)).toEqual([
      "MAINT 0190 0190 RR",
      "MAINT 019E 019E RR",
      "MAINT 0591 0191 RR",
    ]);
    const od = resolveDirectory(src, "VM370", "VM50-1");
    expect(od.users.get("DOSSTART")!.options).toEqual(["ECMODE", "REALTIMER", "CPUID"]);
    expect(od.users.get("RSCS")!.classes).toBe("G");
    expect(od.diagnostics).toEqual([]);
  });
});

describe("corpus: feilong-user-direct-fixtures.txt", () => {
  const file = "feilong-user-direct-fixtures.txt";
  const blocks = splitOnSeparator(corpus(file));
  const parsed = blocks.map((b) => parseDirectory(b.text, file));

  it("has 23 entries, one USER each", () => {
    expect(blocks).toHaveLength(23);
    expect(parsed.map((s) => s.users.length)).toEqual(Array(23).fill(1));
    expect(parsed[0].users[0]).toMatchObject({
      userid: "TEST1234",
      password: "LBYONLY",
      storage: "4096M",
      maxStorage: "64G",
    });
  });

  it("only finds the OSDFLT profile missing (it is not in the fixtures)", () => {
    expect(parsed[0].diagnostics).toEqual([]);
    for (const src of parsed.slice(1)) {
      expect(src.diagnostics.map((d) => [d.line, d.code])).toEqual([[2, "DIR-NO-PROFILE"]]);
    }
    const withProfile = parsed.map((_, i) =>
      parseDirectory(`PROFILE OSDFLT\nIPL CMS\n${blocks[i].text}`, file),
    );
    expect(withProfile.flatMap((s) => s.diagnostics)).toEqual([]);
  });

  it("keeps the COMMAND DEFINE STORAGE abbreviations verbatim", () => {
    const commands = parsed.flatMap((s) =>
      s.users[0].statements
        .filter((st) => st.keyword === "COMMAND")
        .map((st) => st.operands.slice(0, 2).join(" ")),
    );
    expect(new Set(commands)).toEqual(
      new Set([
        "SET VCONFIG",
        "DEFINE CPU",
        "DEF STOR",
        "DEFINE STORAG",
        "DEFINE STORAGE",
        "DEFIN ST",
        "DEFI STORAGE",
        "DEF ST",
        "DEFINE ST",
        "DEFINE STOR",
        "DEF STORA",
        "DEFI STORA",
      ]),
    );
  });

  it("reads CPU, MACHINE, NICDEF, the priority and an omitted class", () => {
    const second = parsed[1].users[0].statements;
    expect(second.filter((s) => s.keyword === "CPU").map((s) => s.operands)).toEqual([
      ["00", "BASE"],
      ["0A"],
    ]);
    expect(second.find((s) => s.keyword === "MACHINE")!.operands).toEqual(["ESA", "32"]);
    expect(second.find((s) => s.keyword === "NICDEF")!.operands).toEqual([
      "1000",
      "TYPE",
      "QDIO",
      "LAN",
      "SYSTEM",
      "XCATVSW2",
      "DEVICES",
      "3",
    ]);
    expect(blocks[17].text).toContain("64G G 64\n");
    expect(parsed[17].users[0].classes).toBe("G");
    expect(blocks[18].text).toContain("4096M 64G\n");
    expect(parsed[18].users[0].classes).toBeUndefined();
    expect(resolveDirectory(parsed[18], "S", "V").users.get("TESTUID")!.classes).toBe("G");
  });
});

describe("corpus: xcat-core-zvm-comment-samples.txt", () => {
  const file = "xcat-core-zvm-comment-samples.txt";
  const blocks = splitOnSeparator(corpus(file));

  it("parses every excerpt without throwing; the non-directory ones are unknown statements", () => {
    expect(blocks).toHaveLength(6);
    for (const b of blocks.slice(0, 5)) {
      const src = parseDirectory(b.text, file);
      expect(src.users).toEqual([]);
      expect(new Set(src.diagnostics.map((d) => d.code))).toEqual(new Set(["DIR-UNKNOWN-STMT"]));
    }
  });

  it("reads the lsvm listing once the node-name prefix is stripped", () => {
    const listing = blocks[5].text;
    expect(parseDirectory(listing, file).users).toEqual([]);
    const src = parseDirectory(stripListingPrefix(listing), file);
    expect(src.users.map((u) => [u.userid, u.password, u.storage, u.maxStorage, u.classes])).toEqual([
      ["LNX3", "PWD", "512M", "1G", "G"],
    ]);
    expect(src.users[0].statements.map((s) => s.keyword)).toEqual(["INCLUDE", "COMMAND"]);
    expect(src.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[2, 1, "DIR-NO-PROFILE"]]);
  });
});
