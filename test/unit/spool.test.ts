import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corpusLine, corpusLines } from "./corpus-lines";
import type { Command } from "../../src/cp/commands";
import { formatMessage } from "../../src/catalog/messages";
import { parseCommand } from "../../src/cp/parse-command";
import { unitRecord } from "../../src/cp/parse/spool";
import type { SpxtapeSelection } from "../../src/spool/spxtape";
import { parseSystemConfig } from "../../src/config/parse";
import { type ActionContext, type FileAction, planAction } from "../../src/spool/actions";
import {
  blob,
  checkPacked,
  fromBase64,
  MAX_FILE_BYTES,
  MAX_FILE_RECORDS,
  packRecords,
  recordsForAnswer,
  recordsToBytes,
  toBase64,
  unpackRecords,
} from "../../src/spool/records";
import {
  applySpoolOptions,
  defaultSettings,
  fileCount,
  type Hold,
  isShared,
  noFiles,
  queryFiles,
  readable,
  readerNotice,
  recs,
  selectFiles,
  sentAnswer,
  type SpoolFile,
  transferAnswer,
  transferNotice,
  xspoolFacts,
} from "../../src/spool/spool";
import {
  packedSize,
  pages,
  scanListing,
  selected,
  spxtapeSummary,
  tapeFile,
  tapeKey,
} from "../../src/spool/spxtape";

/** A spool file with plain values; each test overrides what it is about. */
function file(over: Partial<SpoolFile> = {}): SpoolFile {
  return {
    spoolid: "0001",
    origin: "SYSA",
    home: "SYSA",
    from: "ALICE",
    owner: "BOB",
    queue: "RDR",
    made: "PUN",
    cls: "A",
    name: "",
    type: "",
    dist: "",
    copies: 1,
    hold: "NONE",
    keep: false,
    nrecs: 1,
    nbytes: 80,
    shared: false,
    created: "2025-02-08T11:36:18.000Z",
    order: 0,
    lock: null,
    ...over,
  };
}

const bytes = (...b: number[]) => new Uint8Array(b);

describe("CP's one line for a file that moves, against real z/VM output", () => {
  const MIKEMAC = "zvm-community-tools-readme-samples.txt";

  it("builds the reader notice of the community-tools sample, byte for byte but the device", () => {
    const real = corpusLine(MIKEMAC, "RDR FILE 0244 SENT FROM MIKEMAC");
    const ours = readerNotice(
      file({ spoolid: "0244", from: "MIKEMAC", made: "PUN", nrecs: 18, cls: "T", copies: 1 }),
    );
    expect(ours).toBe(real.replace(" CON WAS ", " PUN WAS "));
    const at = real.indexOf(" CON ") + 1;
    expect(at).toBe(33);
    expect(ours).toHaveLength(real.length);
    expect(ours.slice(0, at)).toBe(real.slice(0, at));
    expect(ours.slice(at, at + 3)).toBe("PUN");
    expect(ours.slice(at + 3)).toBe(real.slice(at + 3));
  });

  it("gives an eight-character userid no padding (s390-tools vmur sample)", () => {
    const real = corpusLine("s390-tools-vmur-samples.txt", "RDR FILE 0398");
    const ours = readerNotice(file({ spoolid: "0398", from: "LINUX025", made: "PUN", nrecs: 1872 }));
    // The sample stops after RECS; everything it shows but the device is ours.
    expect(ours.slice(0, 33)).toBe(real.slice(0, 33));
    expect(ours.slice(36, real.length)).toBe(real.slice(36));
  });

  // tessia's lines carry a `00: ` prefix, name the sender USER, and wrap at the 80th screen column.
  it.each([
    ["0118", 48_000],
    ["0119", 6],
    ["0120", 354_000],
  ])("matches tessia's punch notice for %s from the device on", (spoolid, nrecs) => {
    const real = corpusLine("tessia-zvm-3270-console-lines.txt", `RDR FILE ${spoolid} SENT`, "00: ");
    const ours = readerNotice(file({ spoolid, from: "USER", made: "PUN", nrecs, cls: "A" }));
    const tail = (s: string) => s.slice(s.indexOf("PUN WAS"));
    expect(tail(real).length).toBeGreaterThan(20);
    expect(tail(ours).startsWith(tail(real))).toBe(true);
  });

  it("is 76 columns up to `NOHOLD NO`, so after `00: ` the word NOKEEP wraps where tessia's does", () => {
    const real = corpusLines("tessia-zvm-3270-console-lines.txt");
    const at = real.indexOf("00: RDR FILE 0118 SENT FROM USER PUN WAS 0118 RECS 048K CPY  001 A NOHOLD NO");
    expect(real[at + 1]).toBe("KEEP");
    const ours = readerNotice(file({ spoolid: "0118", from: "USER", made: "PUN", nrecs: 48_000 }));
    expect(("00: " + ours).slice(0, 80).endsWith("NOHOLD NO")).toBe(true);
    expect(("00: " + ours).slice(80)).toBe("KEEP");
  });

  // Our spool ids are the same on both sides, so the reader's 0051 is the punch's 0021 here.
  it.each([
    ["0021", "0051", 20],
    ["0320", "0424", 13],
  ])("builds DIRMAINT's punch answer for %s (bootcamp)", (spoolid, theirs, nrecs) => {
    const real = corpusLine("zvm-bootcamp-dirmaint-responses.txt", `PUN FILE ${spoolid} SENT TO`);
    const f = file({ spoolid, from: "MAINT", owner: "DIRMAINT", queue: "RDR", made: "PUN", nrecs, cls: "0" });
    expect(sentAnswer(f)).toBe(real.replace(`AS  ${theirs} `, `AS  ${spoolid} `));
  });

  it("keeps the columns when HOLD, KEEP and more copies are on", () => {
    const plain = readerNotice(file({ spoolid: "0244", from: "MIKEMAC", nrecs: 18, cls: "T" }));
    const held = readerNotice(
      file({ spoolid: "0244", from: "MIKEMAC", nrecs: 18, cls: "T", hold: "USER", keep: true, copies: 12 }),
    );
    expect(held).toHaveLength(plain.length);
    expect(held.slice(0, 61)).toBe(plain.slice(0, 61));
    expect(held.slice(61)).toBe("012 T   HOLD   KEEP");
  });

  it("names the creator's printer for a print file", () => {
    expect(readerNotice(file({ from: "OPERATOR", made: "PRT" }))).toBe(
      "RDR FILE 0001 SENT FROM OPERATOR PRT WAS 0001 RECS 0001 CPY  001 A NOHOLD NOKEEP",
    );
  });

  it("answers TRANSFER to the issuer and tells the new owner, in the same columns", () => {
    const moved = file({ spoolid: "0007", owner: "BOB", queue: "PUN", nrecs: 20, cls: "B" });
    expect(transferAnswer(moved, "RDR")).toBe(
      "RDR FILE 0007 SENT TO   BOB      PUN AS  0007 RECS 0020 CPY  001 B NOHOLD NOKEEP",
    );
    expect(transferNotice(moved, "ALICE", "RDR")).toBe(
      "PUN FILE 0007 SENT FROM ALICE    RDR WAS 0007 RECS 0020 CPY  001 B NOHOLD NOKEEP",
    );
  });
});

describe("counts as CP prints them", () => {
  it.each([
    [0, "0000"],
    [6, "0006"],
    [18, "0018"],
    [9_999, "9999"],
    [10_000, "010K"],
    [48_000, "048K"],
    [354_000, "354K"],
    [MAX_FILE_RECORDS, "100K"],
  ])("recs(%i) is %s", (n, text) => expect(recs(n)).toBe(text));

  it.each([
    [3, "PURGED", "0000003 FILES PURGED"],
    [3, "CHANGED", "0000003 FILES CHANGED"],
    [1, "CHANGED", "0000001 FILE CHANGED"],
    [0, "PURGED", "NO FILES PURGED"],
    [1_234_567, "PURGED", "1234567 FILES PURGED"],
  ])("fileCount(%i, %s) is %s", (n, what, text) => expect(fileCount(n, what)).toBe(text));

  it("matches tessia's PURGE and CHANGE answers", () => {
    const real = corpusLines("tessia-zvm-3270-console-lines.txt", "00: ");
    expect(real).toContain(fileCount(3, "PURGED"));
    expect(real).toContain(fileCount(3, "CHANGED"));
  });

  it("says an empty queue has no files", () => {
    expect(noFiles("RDR")).toBe("NO RDR FILES");
    expect(noFiles("PRT")).toBe("NO PRT FILES");
  });
});

describe("QUERY READER / PRINTER / PUNCH columns", () => {
  const f = file({
    spoolid: "0465",
    from: "LINUX025",
    owner: "MAINT",
    made: "PUN",
    cls: "A",
    nrecs: 1872,
    copies: 2,
    hold: "USYS",
    keep: true,
    name: "PARMFILE",
    type: "PARM",
    dist: "DEPT42",
    created: "2025-02-08T09:05:07.000Z",
  });

  it("heads the ALL form with CP's heading", () => {
    const [head] = queryFiles([f], { owners: false, all: true });
    expect(head).toBe("ORIGINID FILE CLASS RECORDS  CPY HOLD DATE  TIME     NAME      TYPE     DIST");
    expect(head).toHaveLength(76);
  });

  // [field, first column, last column, text]: vmur.cpp and SMAPI's reader-file parser read these offsets.
  it.each([
    ["userid", 0, 7, "LINUX025"],
    ["spoolid", 9, 12, "0465"],
    ["class", 14, 14, "A"],
    ["device", 16, 18, "PUN"],
    ["records", 20, 27, "00001872"],
    ["copies", 29, 31, "002"],
    ["hold", 33, 36, "USYS"],
    ["date", 38, 42, "02/08"],
    ["time", 44, 51, "09:05:07"],
    ["name", 53, 60, "PARMFILE"],
    ["type", 63, 70, "PARM    "],
    ["dist", 72, 79, "DEPT42"],
  ])("puts the %s in columns %i-%i of an ALL line", (_field, from, to, text) => {
    const [, line] = queryFiles([f], { owners: false, all: true });
    expect(line.slice(from, to + 1)).toBe(text);
  });

  it("leaves the columns between fields blank and trims the end", () => {
    const [, line] = queryFiles([f], { owners: false, all: true });
    for (const col of [8, 13, 15, 19, 28, 32, 37, 43, 52, 61, 62, 71])
      expect(line[col], `col ${col}`).toBe(" ");
    expect(line).toBe("LINUX025 0465 A PUN 00001872 002 USYS 02/08 09:05:07 PARMFILE  PARM     DEPT42");
  });

  it("shows the creator as DIST when the file has none, and a short hold padded", () => {
    const [, line] = queryFiles([file({ from: "ALICE", dist: "", hold: "SYS" })], {
      owners: false,
      all: true,
    });
    expect(line.slice(33, 37)).toBe("SYS ");
    expect(line.slice(72)).toBe("ALICE");
  });

  it("heads the short form with FORM, DEST, KEEP and MSG on their columns", () => {
    const [head, line] = queryFiles([f], { owners: false, all: false });
    expect(head).toBe("ORIGINID FILE CLASS RECORDS  CPY HOLD FORM     DEST     KEEP MSG");
    expect(line.slice(0, 37)).toBe("LINUX025 0465 A PUN 00001872 002 USYS");
    expect(line.slice(38, 46)).toBe("STANDARD");
    expect(line.slice(47, 55)).toBe("OFF     ");
    expect(line.slice(head.indexOf("KEEP"), head.indexOf("KEEP") + 3)).toBe("ON ");
    expect(line.slice(head.indexOf("MSG"))).toBe("OFF");
  });

  it("says KEEP OFF for a file not kept", () => {
    const [head, line] = queryFiles([file({ keep: false })], { owners: false, all: false });
    expect(line.slice(head.indexOf("KEEP"), head.indexOf("KEEP") + 3)).toBe("OFF");
  });

  it("lists owners under OWNERID for an operator", () => {
    const [head, line] = queryFiles([f], { owners: true, all: true });
    expect(head.startsWith("OWNERID  FILE")).toBe(true);
    expect(head.slice(8)).toBe(queryFiles([f], { owners: false, all: true })[0].slice(8));
    expect(line.slice(0, 8)).toBe("MAINT   ");
    expect(queryFiles([f], { owners: true, all: false })[0].startsWith("OWNERID  FILE")).toBe(true);
  });

  it("lists files in the order given, one line each", () => {
    const lines = queryFiles(
      [file({ spoolid: "0003" }), file({ spoolid: "0001" }), file({ spoolid: "0002" })],
      { owners: false, all: false },
    );
    expect(lines.slice(1).map((l) => l.slice(9, 13))).toEqual(["0003", "0001", "0002"]);
  });

  it("prints the time of day in UTC", () => {
    const [, line] = queryFiles([file({ created: "2024-12-31T23:59:58.000Z" })], {
      owners: false,
      all: true,
    });
    expect(line.slice(38, 52)).toBe("12/31 23:59:58");
  });
});

describe("device settings", () => {
  it("starts with output to the system in class A and a reader that reads any class", () => {
    expect(defaultSettings("PUN")).toEqual({
      to: null,
      cls: "A",
      hold: false,
      keep: false,
      copies: 1,
      cont: false,
      name: null,
      type: null,
      dist: null,
    });
    expect(defaultSettings("PRT").cls).toBe("A");
    expect(defaultSettings("RDR").cls).toBe("*");
  });

  it.each([
    ["*", "ALICE"],
    ["BOB", "BOB"],
    ["SYSTEM", null],
    ["OFF", null],
  ])("SPOOL ... %s sends output to %s", (to, want) => {
    const s = applySpoolOptions({ ...defaultSettings("PUN"), to: "CAROL" }, { to }, "ALICE");
    expect(s.to).toBe(want);
  });

  it("changes only what the options say, without touching the old settings", () => {
    const old = { ...defaultSettings("PUN"), name: "OLD", type: "DECK", dist: "D1" };
    const s = applySpoolOptions(old, { cls: "X", copies: 3, hold: true, keep: true, cont: true }, "ALICE");
    expect(s).toEqual({ ...old, cls: "X", copies: 3, hold: true, keep: true, cont: true });
    expect(old.cls).toBe("A");
  });

  it("clears the file type when NAME gives only a file name", () => {
    const old = { ...defaultSettings("PUN"), name: "OLD", type: "DECK" };
    expect(applySpoolOptions(old, { name: "NEW" }, "ALICE")).toMatchObject({ name: "NEW", type: "" });
    expect(applySpoolOptions(old, { name: "NEW", type: "EXEC" }, "ALICE")).toMatchObject({
      name: "NEW",
      type: "EXEC",
    });
    expect(applySpoolOptions(old, { dist: "D2" }, "ALICE")).toMatchObject({
      name: "OLD",
      type: "DECK",
      dist: "D2",
    });
  });
});

describe("XSPOOL: which files are shared", () => {
  const model = parseSystemConfig(
    [
      "XSPOOL_SYSTEM Slot 1 SYSA Share_Spool YES",
      "XSPOOL_SYSTEM Slot 2 SYSB Share_Spool NO",
      "XSPOOL_XLIST_OUTPUT RSCS PVM",
      "XSPOOL_XLIST_INPUT OPERATOR",
      "",
    ].join("\n"),
  ).model;

  it("reads the facts of each system from SYSTEM CONFIG", () => {
    expect(xspoolFacts(model, "SYSA")).toEqual({
      shares: true,
      xlistInput: ["OPERATOR"],
      xlistOutput: ["RSCS", "PVM"],
    });
    expect(xspoolFacts(model, "SYSB").shares).toBe(false);
    expect(xspoolFacts(model, "SYSZ").shares).toBe(false);
  });

  // [system, from, owner, queue, shared]
  it.each([
    ["SYSA", "ALICE", "BOB", "RDR", true],
    ["SYSB", "ALICE", "BOB", "RDR", false],
    ["SYSA", "RSCS", "BOB", "RDR", false],
    ["SYSA", "RSCS", "RSCS", "PRT", false],
    ["SYSA", "ALICE", "OPERATOR", "RDR", false],
    ["SYSA", "ALICE", "OPERATOR", "PUN", true],
    ["SYSA", "OPERATOR", "BOB", "RDR", true],
  ] as const)("on %s a file from %s to %s's %s is shared: %s", (sys, from, owner, queue, want) => {
    expect(isShared(xspoolFacts(model, sys), from, owner, queue)).toBe(want);
  });
});

describe("selecting and reading files", () => {
  const files = [
    file({ spoolid: "0001", cls: "A" }),
    file({ spoolid: "0002", cls: "B" }),
    file({ spoolid: "0003", cls: "A" }),
  ];

  it("selects all, a class, or spool ids, and names the ids that are not there", () => {
    expect(selectFiles(files, { all: true }).found.map((f) => f.spoolid)).toEqual(["0001", "0002", "0003"]);
    expect(selectFiles(files, { cls: "A" })).toEqual({ found: [files[0], files[2]], missing: [] });
    expect(selectFiles(files, { cls: "Z" })).toEqual({ found: [], missing: [] });
    expect(selectFiles(files, { spoolids: ["0003", "0009", "0001", "0008"] })).toEqual({
      found: [files[0], files[2]],
      missing: ["0009", "0008"],
    });
  });

  // [hold, file class, reader class, readable]
  it.each([
    ["NONE", "A", "*", true],
    ["NONE", "A", "A", true],
    ["NONE", "A", "B", false],
    ["USER", "A", "*", false],
    ["SYS", "A", "A", false],
    ["USYS", "A", "*", false],
  ] as const)("a %s-held class %s file is readable by a class %s reader: %s", (hold, cls, rc, want) => {
    expect(readable(file({ hold, cls }), { ...defaultSettings("RDR"), cls: rc })).toBe(want);
  });
});

describe("records as bytes", () => {
  it("turns UTF-8 text into bytes and counts bytes, not characters", () => {
    const r = recordsToBytes(["A", "é", "😀", ""], "utf8");
    expect(r).toEqual({
      ok: true,
      records: [bytes(0x41), bytes(0xc3, 0xa9), bytes(0xf0, 0x9f, 0x98, 0x80), bytes()],
      bytes: 7,
    });
  });

  it("turns base64 into bytes", () => {
    expect(recordsToBytes(["wYE=", "", "AAEC"], "base64")).toEqual({
      ok: true,
      records: [bytes(0xc1, 0x81), bytes(), bytes(0, 1, 2)],
      bytes: 5,
    });
  });

  // [record, why]: none of these is base64 (no padding, wrong padding, blanks, other alphabets).
  it.each(["QQ", "QQ=", "QQ==QQ==", "QUJD RA==", "QUJ-", "QUJ_", "Q===", "*"])(
    "refuses %j as base64",
    (r) => {
      expect(recordsToBytes(["QUJD", r], "base64")).toStrictEqual({
        ok: false,
        error: { index: 1, message: "is not base64" },
      });
    },
  );

  // [record, what]: a lone surrogate cannot be UTF-8.
  it.each([
    ["a\uD800", "a high surrogate alone"],
    ["\uDC00b", "a low surrogate alone"],
    ["\uDC00\uD800", "a reversed pair"],
    ["\uD83D\uDE00\uDE00", "a low surrogate after a pair"],
  ])("refuses %j, %s, naming its record", (r) => {
    expect(recordsToBytes(["ok", "fine", r, "\uD800"], "utf8")).toStrictEqual({
      ok: false,
      error: { index: 2, message: "holds a lone surrogate, which is not text" },
    });
  });

  it("accepts a surrogate pair", () => {
    expect(recordsToBytes(["\uD83D\uDE00"], "utf8")).toMatchObject({ ok: true, bytes: 4 });
  });

  it("takes a file of exactly MAX_FILE_BYTES and refuses one byte more, naming the record", () => {
    expect(MAX_FILE_BYTES).toBe(1024 * 1024);
    expect(recordsToBytes(["a".repeat(MAX_FILE_BYTES)], "utf8")).toMatchObject({
      ok: true,
      bytes: MAX_FILE_BYTES,
    });
    expect(
      recordsToBytes(["a".repeat(MAX_FILE_BYTES / 2), "b".repeat(MAX_FILE_BYTES / 2 + 1)], "utf8"),
    ).toStrictEqual({
      ok: false,
      tooLarge: true,
      error: { index: 1, message: `takes the file past ${MAX_FILE_BYTES} bytes` },
    });
  });

  it("counts UTF-8 bytes against the limit", () => {
    const half = "é".repeat(MAX_FILE_BYTES / 2);
    expect(recordsToBytes([half], "utf8")).toMatchObject({ ok: true, bytes: MAX_FILE_BYTES });
    expect(recordsToBytes([half + "é"], "utf8")).toMatchObject({
      ok: false,
      tooLarge: true,
      error: { index: 0 },
    });
  });

  it("applies the limit to base64 records by their decoded bytes", () => {
    const full = toBase64(new Uint8Array(MAX_FILE_BYTES));
    expect(recordsToBytes([full], "base64")).toMatchObject({ ok: true, bytes: MAX_FILE_BYTES });
    expect(recordsToBytes([full, "AA=="], "base64")).toMatchObject({
      ok: false,
      tooLarge: true,
      error: { index: 1 },
    });
  });

  it("takes MAX_FILE_RECORDS records and refuses one more", () => {
    expect(MAX_FILE_RECORDS).toBe(100_000);
    const r = recordsToBytes(new Array<string>(MAX_FILE_RECORDS).fill(""), "utf8");
    expect(r.ok && r.records.length).toBe(MAX_FILE_RECORDS);
    expect(recordsToBytes(new Array<string>(MAX_FILE_RECORDS + 1).fill(""), "utf8")).toStrictEqual({
      ok: false,
      tooLarge: true,
      error: { index: MAX_FILE_RECORDS, message: `more than ${MAX_FILE_RECORDS} records in one file` },
    });
  });

  it("encodes base64 as Node does, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const text = toBase64(b);
        expect(text).toBe(Buffer.from(b).toString("base64"));
        expect(fromBase64(text)).toEqual(b);
      }),
    );
  });

  it("encodes a record longer than one slice of 0x8000 bytes", () => {
    const b = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 31) & 0xff);
    expect(toBase64(b)).toBe(Buffer.from(b).toString("base64"));
  });

  it("packs and unpacks any records unchanged", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (records) => {
        const packed = packRecords(records);
        expect(packed.length).toBe(records.reduce((n, r) => n + 4 + r.length, 0));
        expect(unpackRecords(packed)).toEqual(records);
      }),
    );
  });

  it("packs each length as 4 bytes big-endian", () => {
    expect(packRecords([bytes(7, 8), bytes()])).toEqual(bytes(0, 0, 0, 2, 7, 8, 0, 0, 0, 0));
    expect(packRecords([new Uint8Array(0x0102)]).slice(0, 4)).toEqual(bytes(0, 0, 1, 2));
  });

  it("unpacks a buffer that is a view into a larger one", () => {
    const packed = packRecords([bytes(1, 2, 3), bytes(4)]);
    const big = new Uint8Array(packed.length + 5);
    big.set(packed, 3);
    expect(unpackRecords(big.subarray(3, 3 + packed.length))).toEqual([bytes(1, 2, 3), bytes(4)]);
  });

  it("gives a blob of just the view's bytes, copied", () => {
    const whole = bytes(1, 2, 3, 4, 5);
    const b = blob(whole.subarray(1, 4));
    expect(b.byteLength).toBe(3);
    whole[2] = 99;
    expect(new Uint8Array(b)).toEqual(bytes(2, 3, 4));
  });
});

describe("records in answers", () => {
  it("answers text as UTF-8, keeping a byte order mark", () => {
    expect(recordsForAnswer([bytes(0x41, 0x42), bytes(0xef, 0xbb, 0xbf, 0x43), bytes()])).toEqual({
      encoding: "utf8",
      records: ["AB", "\uFEFFC", ""],
    });
  });

  it.each([
    ["EBCDIC", bytes(0xc1, 0x81)],
    ["a truncated sequence", bytes(0x41, 0xe2, 0x82)],
    ["an encoded surrogate", bytes(0xed, 0xa0, 0x80)],
    ["an overlong NUL", bytes(0xc0, 0x80)],
  ])("answers every record in base64 when one holds %s", (_what, odd) => {
    expect(recordsForAnswer([bytes(0x41), odd])).toEqual({
      encoding: "base64",
      records: ["QQ==", Buffer.from(odd).toString("base64")],
    });
  });

  it("answers in base64 when asked, even for text", () => {
    expect(recordsForAnswer([bytes(0x41)], "base64")).toEqual({ encoding: "base64", records: ["QQ=="] });
    expect(recordsForAnswer([bytes(0x41)], "utf8")).toEqual({ encoding: "utf8", records: ["A"] });
  });

  it("gives back the same bytes, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 30 }), { maxLength: 8 }), (records) => {
        const answer = recordsForAnswer(records);
        const back = recordsToBytes(answer.records, answer.encoding);
        expect(back.ok && back.records).toEqual(records);
      }),
    );
  });

  it("gives back the same text, in UTF-8, whatever the text", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 20 }), { maxLength: 8 }), (texts) => {
        const r = recordsToBytes(texts, "utf8");
        if (!r.ok) throw new Error(r.error.message);
        expect(recordsForAnswer(r.records)).toEqual({ encoding: "utf8", records: texts });
      }),
    );
  });

  it("refuses any text with a surrogate put in alone, naming its record", () => {
    const lone = fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF");
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 10 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        lone,
        (texts, k, at, s) => {
          const i = k % texts.length;
          const t = texts[i];
          const cut = at % (t.length + 1);
          texts[i] = t.slice(0, cut) + s + t.slice(cut);
          const r = recordsToBytes(texts, "utf8");
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.index).toBe(i);
        },
      ),
    );
  });
});

describe("PURGE, CHANGE, TRANSFER and ORDER plans", () => {
  const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({
    system: "SYSA",
    issuer: "ALICE",
    sharedAs: () => false,
    firstOrder: 0,
    ...over,
  });
  const locked = (spoolid: string, sysname: string) => formatMessage("HCPCSP9050E", { spoolid, sysname });
  const missing = (userid: string, spoolid: string) => formatMessage("HCPCSP042E", { userid, spoolid });

  const queue = [
    file({ spoolid: "0001", lock: "SYSB" }),
    file({ spoolid: "0002", lock: "SYSA" }),
    file({ spoolid: "0003" }),
  ];

  it("purges every file but one open on another system, which it refuses", () => {
    const plan = planAction(queue, { verb: "PURGE", queue: "RDR", select: { all: true } }, ctx());
    expect(plan.purge).toEqual(["0002", "0003"]);
    expect(plan.lines).toEqual([locked("0001", "SYSB"), "0000002 FILES PURGED"]);
    expect(plan.rc).toBe(9050);
    expect(plan.update).toEqual([]);
  });

  it("purges a file open on the issuing system itself", () => {
    const plan = planAction(queue, { verb: "PURGE", queue: "RDR", select: { spoolids: ["0002"] } }, ctx());
    expect(plan).toEqual({ rc: 0, lines: ["0000001 FILE PURGED"], purge: ["0002"], update: [], notices: [] });
  });

  it("reports spool ids that are not there, with the user named or the issuer", () => {
    const select = { spoolids: ["0003", "0042"] };
    const own = planAction(queue, { verb: "PURGE", queue: "RDR", select }, ctx());
    expect(own.lines).toEqual([missing("ALICE", "0042"), "0000001 FILE PURGED"]);
    expect(own.rc).toBe(42);
    expect(own.purge).toEqual(["0003"]);
    const other = planAction(queue, { verb: "PURGE", queue: "RDR", select, user: "MAINT" }, ctx());
    expect(other.lines[0]).toBe(missing("MAINT", "0042"));
  });

  it("purges nothing when every named file is locked elsewhere", () => {
    const plan = planAction(
      queue,
      { verb: "PURGE", queue: "ALL", select: { spoolids: ["0001"] } },
      ctx({ system: "SYSC" }),
    );
    expect(plan.purge).toEqual([]);
    expect(plan.lines).toEqual([locked("0001", "SYSB"), "NO FILES PURGED"]);
  });

  it("changes what CHANGE names and leaves the rest", () => {
    const f = file({
      spoolid: "0005",
      name: "OLD",
      type: "DECK",
      dist: "D1",
      copies: 2,
      keep: true,
      hold: "USER",
    });
    const plan = planAction(
      [f],
      { verb: "CHANGE", queue: "RDR", select: { all: true }, changes: { cls: "X", copies: 9, name: "NEW" } },
      ctx(),
    );
    expect(plan.update).toEqual([{ ...f, cls: "X", copies: 9, name: "NEW", type: "" }]);
    expect(plan.lines).toEqual(["0000001 FILE CHANGED"]);
    expect(plan.purge).toEqual([]);
  });

  it("changes name, type, dist and KEEP together", () => {
    const f = file({ name: "OLD", type: "DECK", keep: true });
    const plan = planAction(
      [f],
      {
        verb: "CHANGE",
        queue: "RDR",
        select: { all: true },
        changes: { name: "NEW", type: "EXEC", dist: "D9", keep: false },
      },
      ctx(),
    );
    expect(plan.update[0]).toEqual({ ...f, name: "NEW", type: "EXEC", dist: "D9", keep: false });
  });

  // [before, HOLD (true) or NOHOLD (false), after]: the user's hold never lifts the operator's.
  it.each<[Hold, boolean, Hold]>([
    ["NONE", true, "USER"],
    ["USER", true, "USER"],
    ["USER", false, "NONE"],
    ["NONE", false, "NONE"],
    ["SYS", true, "USYS"],
    ["USYS", true, "USYS"],
    ["USYS", false, "SYS"],
    ["SYS", false, "SYS"],
  ])("CHANGE takes hold %s with HOLD=%s to %s", (before, hold, after) => {
    const plan = planAction(
      [file({ hold: before })],
      { verb: "CHANGE", queue: "RDR", select: { all: true }, changes: { hold } },
      ctx(),
    );
    expect(plan.update[0].hold).toBe(after);
  });

  it("changes none of the files locked elsewhere", () => {
    const plan = planAction(
      queue,
      { verb: "CHANGE", queue: "RDR", select: { all: true }, changes: { keep: true } },
      ctx(),
    );
    expect(plan.update.map((f) => f.spoolid)).toEqual(["0002", "0003"]);
    expect(plan.lines).toEqual([locked("0001", "SYSB"), "0000002 FILES CHANGED"]);
  });

  const transfer = (): FileAction => ({
    verb: "TRANSFER",
    queue: "RDR",
    select: { all: true },
    to: "CAROL",
    toQueue: "PUN",
  });

  it("moves a file to its new owner's queue, answers the issuer and tells the owner", () => {
    const f = file({ spoolid: "0007", owner: "ALICE", nrecs: 20, lock: "SYSB" });
    const plan = planAction([f], transfer(), ctx({ system: "SYSB" }));
    const moved = { ...f, owner: "CAROL", queue: "PUN" as const, lock: null };
    expect(plan.update).toEqual([moved]);
    expect(plan.lines).toEqual([transferAnswer(moved, "RDR")]);
    expect(plan.lines[0]).toBe(
      "RDR FILE 0007 SENT TO   CAROL    PUN AS  0007 RECS 0020 CPY  001 A NOHOLD NOKEEP",
    );
    expect(plan.notices).toEqual([
      { file: moved, userid: "CAROL", text: transferNotice(moved, "ALICE", "RDR") },
    ]);
    expect(plan.notices[0].text.startsWith("PUN FILE 0007 SENT FROM ALICE    RDR WAS 0007")).toBe(true);
  });

  it("asks about sharing with the file as it will be, and keeps a shared file shared when it may", () => {
    const asked: SpoolFile[] = [];
    const f = file({ shared: true, home: "SYSA", origin: "SYSA" });
    const plan = planAction([f], transfer(), ctx({ system: "SYSB", sharedAs: (m) => (asked.push(m), true) }));
    expect(asked.map((m) => [m.owner, m.queue])).toEqual([["CAROL", "PUN"]]);
    expect(plan.update[0]).toMatchObject({ shared: true, home: "SYSA" });
  });

  it("makes a shared file local to the issuing system when its new place is excluded", () => {
    const f = file({ shared: true, home: "SYSA", origin: "SYSA" });
    const plan = planAction([f], transfer(), ctx({ system: "SYSB", sharedAs: () => false }));
    expect(plan.update[0]).toMatchObject({ shared: false, home: "SYSB", origin: "SYSA" });
  });

  it("leaves a local file local, on its own system", () => {
    const f = file({ shared: false, home: "SYSC" });
    const plan = planAction([f], transfer(), ctx({ system: "SYSB", sharedAs: () => true }));
    expect(plan.update[0]).toMatchObject({ shared: false, home: "SYSC" });
  });

  it("transfers none of the files locked elsewhere", () => {
    const plan = planAction(queue, transfer(), ctx());
    expect(plan.update.map((f) => f.spoolid)).toEqual(["0002", "0003"]);
    expect(plan.notices.map((n) => n.file.spoolid)).toEqual(["0002", "0003"]);
    expect(plan.lines[0]).toBe(locked("0001", "SYSB"));
    expect(plan.rc).toBe(9050);
  });

  it("puts the named files first, in the order named", () => {
    const files = ["0001", "0002", "0003", "0004"].map((spoolid, order) =>
      file({ spoolid, order: order + 10 }),
    );
    const plan = planAction(
      files,
      { verb: "ORDER", queue: "RDR", spoolids: ["0004", "0002"] },
      ctx({ firstOrder: 10 }),
    );
    expect(plan.update.map((f) => [f.spoolid, f.order])).toEqual([
      ["0004", 8],
      ["0002", 9],
    ]);
    expect(plan.lines).toEqual(["0000002 FILES ORDERED"]);
    const after = files.map((f) => plan.update.find((u) => u.spoolid === f.spoolid) ?? f);
    after.sort((a, b) => a.order - b.order);
    expect(after.map((f) => f.spoolid)).toEqual(["0004", "0002", "0001", "0003"]);
  });

  it("orders what it can and names what it cannot", () => {
    const plan = planAction(
      queue,
      { verb: "ORDER", queue: "RDR", spoolids: ["0003", "0009", "0001", "0002"] },
      ctx(),
    );
    expect(plan.update.map((f) => [f.spoolid, f.order])).toEqual([
      ["0003", -2],
      ["0002", -1],
    ]);
    expect(plan.lines).toEqual([missing("ALICE", "0009"), locked("0001", "SYSB"), "0000002 FILES ORDERED"]);
  });
});

describe("SPXTAPE", () => {
  const all: SpxtapeSelection = { queues: ["RDR", "PRT", "PUN"] };
  const f = file({ queue: "PUN", spoolid: "0005", owner: "LINUX01", cls: "A" });

  // [criteria, selected]
  it.each<[Partial<SpxtapeSelection>, boolean]>([
    [{}, true],
    [{ queues: ["PUN"] }, true],
    [{ queues: ["RDR", "PRT"] }, false],
    [{ queues: [] }, false],
    [{ spoolids: ["0004", "0005"] }, true],
    [{ spoolids: ["0004"] }, false],
    [{ user: "LINUX01" }, true],
    [{ user: "LINUX1" }, false],
    [{ user: "LIN*" }, true],
    [{ user: "*01" }, true],
    [{ user: "*" }, true],
    [{ user: "LINUX0%" }, true],
    [{ user: "L%NUX01" }, true],
    [{ user: "LINUX%" }, false],
    [{ user: "LINUX01%" }, false],
    [{ user: "MAINT*" }, false],
    [{ cls: "A" }, true],
    [{ cls: "B" }, false],
    [{ queues: ["PUN"], spoolids: ["0005"], user: "LIN*", cls: "A" }, true],
    [{ queues: ["PUN"], spoolids: ["0005"], user: "LIN*", cls: "B" }, false],
    [{ queues: ["PUN"], spoolids: ["0005"], user: "MAINT", cls: "A" }, false],
    [{ queues: ["PUN"], spoolids: ["0006"], user: "LIN*", cls: "A" }, false],
    [{ queues: ["PRT"], spoolids: ["0005"], user: "LIN*", cls: "A" }, false],
  ])("selects a PUN 0005 file of LINUX01 in class A with %j: %s", (criteria, want) => {
    expect(selected(f, { ...all, ...criteria })).toBe(want);
  });

  it("keeps on tape what brings a file back, and nothing about where it sat", () => {
    const g = file({ lock: "SYSB", order: 7, home: "SYSC", shared: true, name: "N", nrecs: 3 });
    const { lock: _l, order: _o, home: _h, shared: _s, ...meta } = g;
    expect(tapeFile(g)).toStrictEqual(meta);
  });

  it("knows a file by where, when and by whom it was made, and its size; not by its spool id or owner", () => {
    const made = file({
      spoolid: "0005",
      origin: "SYSA",
      created: "2025-01-01T00:00:00.000Z",
      nrecs: 2,
      nbytes: 9,
    });
    const key = tapeKey(tapeFile(made));
    expect(tapeKey(file({ ...made, spoolid: "0006" }))).toBe(key);
    expect(tapeKey(file({ ...made, lock: "SYSB", home: "SYSC" }))).toBe(key);
    // TRANSFER changes the owner after a DUMP; the file is still the same file.
    expect(tapeKey(file({ ...made, owner: "OTHER" }))).toBe(key);
    for (const other of [
      { origin: "SYSB" },
      { created: "2025-01-01T00:00:01.000Z" },
      { from: "BOB" },
      { nrecs: 3 },
      { nbytes: 10 },
    ])
      expect(tapeKey(file({ ...made, ...other })), JSON.stringify(other)).not.toBe(key);
  });

  it("counts a tape's size with 4 bytes a record, so empty records fill it too", () => {
    expect(
      packedSize([
        { nbytes: 10, nrecs: 2 },
        { nbytes: 0, nrecs: 100 },
      ]),
    ).toBe(10 + 8 + 400);
    expect(packedSize([])).toBe(0);
  });

  // [bytes, records, pages]: the record bytes plus 4 bytes a record, in 4 KiB pages, at least one.
  it.each([
    [0, 0, 1],
    [80, 1, 1],
    [4092, 1, 1],
    [4093, 1, 2],
    [8192 - 40, 10, 2],
    [MAX_FILE_BYTES, 0, 256],
  ])("counts %i bytes in %i records as %i pages", (nbytes, nrecs, want) => {
    expect(pages([{ nbytes, nrecs }])).toBe(want);
  });

  it("adds the pages of every file", () => {
    expect(
      pages([
        { nbytes: 4093, nrecs: 1 },
        { nbytes: 0, nrecs: 0 },
      ]),
    ).toBe(3);
    expect(pages([])).toBe(0);
  });

  it("sums up a dump in SPTBK's counters", () => {
    const files = [
      { nbytes: 4093, nrecs: 1 },
      { nbytes: 10, nrecs: 1 },
      { nbytes: 9000, nrecs: 0 },
    ];
    expect(
      spxtapeSummary(
        "DUMP",
        "0181",
        files,
        new Date("2025-02-08T11:36:05Z"),
        new Date("2025-02-08T11:36:43Z"),
      ),
    ).toEqual([
      "SPXTAPE DUMP COMMAND COMPLETED ON VDEV 0181",
      "TIME STARTED:      11:36:05",
      "TIME ENDED:        11:36:43",
      "TAPE COUNT:        001",
      "FILES PROCESSED:   0000003",
      "SPOOL PAGES:       00000006",
    ]);
  });

  it("lists a scanned tape in QUERY's OWNERID columns, and nothing for an empty tape", () => {
    expect(scanListing([])).toEqual([]);
    const files = [file({ spoolid: "0005", owner: "LINUX01" }), file({ spoolid: "0006", owner: "MAINT" })];
    const lines = scanListing(files.map(tapeFile));
    expect(lines).toEqual(queryFiles(files, { owners: true, all: true }));
    expect(lines[0].startsWith("OWNERID  FILE CLASS")).toBe(true);
    expect(lines.slice(1).map((l) => l.slice(0, 13))).toEqual(["LINUX01  0005", "MAINT    0006"]);
  });
});

describe("parsing the spool commands", () => {
  const operandMissing = { ok: false, rc: 26, lines: ["HCPCFC026E Operand missing or invalid"] };
  const invalidOption = (option: string) => ({
    ok: false,
    rc: 3,
    lines: [`HCPCQV003E Invalid option - ${option}`],
  });
  const parse = (text: string, classes = "G") => parseCommand(text, classes);
  const accepted = (command: Command) => ({ ok: true, command });

  it.each([
    ["R", "RDR"],
    ["READER", "RDR"],
    ["RDR", "RDR"],
    ["C", "RDR"],
    ["00C", "RDR"],
    ["000C", "RDR"],
    ["PU", "PUN"],
    ["PUNCH", "PUN"],
    ["PCH", "PUN"],
    ["00D", "PUN"],
    ["P", "PRT"],
    ["PRINTER", "PRT"],
    ["PRT", "PRT"],
    ["E", "PRT"],
    ["000E", "PRT"],
  ])("reads %s as the %s", (word, device) => expect(unitRecord(word)).toBe(device));

  it.each(["RDRS", "READERX", "PUNCHES", "0000C", "00F", "CON", "ALL", undefined])(
    "reads %s as no device",
    (word) => {
      expect(unitRecord(word)).toBeUndefined();
    },
  );

  // The corpus spellings (tessia's session, the brief's SPOOL line) and their commands.
  it.each<[string, Command]>([
    ["spool punch * rdr", { verb: "SPOOL", device: "PUN", options: { to: "*" } }],
    ["close reader", { verb: "CLOSE", device: "RDR", options: {} }],
    ["purge reader all", { verb: "PURGE", queue: "RDR", select: { all: true } }],
    [
      "change reader all keep",
      { verb: "CHANGE", queue: "RDR", select: { all: true }, changes: { keep: true } },
    ],
    [
      "sp pu to u02 class x copy 3 hold keep name my data",
      {
        verb: "SPOOL",
        device: "PUN",
        options: { to: "U02", cls: "X", copies: 3, hold: true, keep: true, name: "MY", type: "DATA" },
      },
    ],
    ["spool pun off", { verb: "SPOOL", device: "PUN", options: { to: "OFF" } }],
    ["sp 00d system", { verb: "SPOOL", device: "PUN", options: { to: "SYSTEM" } }],
    ["sp pun bob rdr at sysb", { verb: "SPOOL", device: "PUN", options: { to: "BOB", at: "SYSB" } }],
    ["sp prt to * class a", { verb: "SPOOL", device: "PRT", options: { to: "*", cls: "A" } }],
    ["sp rdr class b", { verb: "SPOOL", device: "RDR", options: { cls: "B" } }],
    ["sp pun cont eof", { verb: "SPOOL", device: "PUN", options: { cont: true } }],
    ["sp pun name foo keep", { verb: "SPOOL", device: "PUN", options: { name: "FOO", keep: true } }],
    ["sp pun copy 255 nohold", { verb: "SPOOL", device: "PUN", options: { copies: 255, hold: false } }],
    ["sp pun close purge", { verb: "SPOOL", device: "PUN", options: { close: true, purge: true } }],
    [
      "close pun hold name a b dist x",
      { verb: "CLOSE", device: "PUN", options: { hold: true, name: "A", type: "B", dist: "X" } },
    ],
    ["cl 00c purge", { verb: "CLOSE", device: "RDR", options: { purge: true } }],
    ["pur prt 7 12", { verb: "PURGE", queue: "PRT", select: { spoolids: ["0007", "0012"] } }],
    ["purge rdr cl a", { verb: "PURGE", queue: "RDR", select: { cls: "A" } }],
    ["purge all", { verb: "PURGE", queue: "ALL", select: { all: true } }],
    ["purge all cl a", { verb: "PURGE", queue: "ALL", select: { cls: "A" } }],
    [
      "ch rdr all cl b copy 2 nohold nokeep dist xyz",
      {
        verb: "CHANGE",
        queue: "RDR",
        select: { all: true },
        changes: { cls: "B", copies: 2, hold: false, keep: false, dist: "XYZ" },
      },
    ],
    ["change rdr cl a hold", { verb: "CHANGE", queue: "RDR", select: { cls: "A" }, changes: { hold: true } }],
    [
      "tr rdr 7 to bob",
      { verb: "TRANSFER", queue: "RDR", select: { spoolids: ["0007"] }, to: "BOB", toQueue: "RDR" },
    ],
    [
      "transfer pun all to bob printer",
      { verb: "TRANSFER", queue: "PUN", select: { all: true }, to: "BOB", toQueue: "PRT" },
    ],
    ["or rdr 3 1 2", { verb: "ORDER", queue: "RDR", spoolids: ["0003", "0001", "0002"] }],
  ])("%s", (text, command) => {
    expect(parse(text)).toEqual(accepted(command));
  });

  it.each([
    "sp",
    "sp con",
    "sp rdr to bob",
    "sp pun bad!user",
    "sp pun * at",
    "sp pun copy 0",
    "sp pun copy 256",
    "sp pun copy",
    "sp pun name",
    "sp pun class ab",
    "close",
    "close pun class a",
    "close pun copy 2",
    "purge",
    "purge rdr",
    "purge rdr 12345",
    "purge rdr 7 8 cl a",
    "purge prt 1 x",
    "change rdr 12",
    "change rdr 7 copy 0",
    "change rdr 7 copy 256",
    "change rdr all cont",
    "change all all keep",
    "transfer rdr 7",
    "transfer rdr 7 bob",
    "transfer rdr 7 to",
    "transfer rdr 7 to bob rdr extra",
    "transfer rdr 7 to bob con",
    "order rdr",
    "order rdr all",
    "order rdr cl a",
  ])("refuses %s with HCPCFC026E", (text) => {
    expect(parse(text)).toEqual(operandMissing);
  });

  it("keeps the spool commands from a user with neither class G nor D", () => {
    for (const text of ["SPOOL PUN *", "PURGE RDR ALL", "SPXTAPE SCAN 181"])
      expect(parse(text, "B")).toEqual({
        ok: false,
        rc: 1,
        lines: [`HCPCMD001E Unknown CP command: ${text.split(" ")[0]}`],
      });
  });

  // [line, the command a class D user gets]: a class G user may not name another user.
  it.each<[string, Command]>([
    ["purge maint rdr all", { verb: "PURGE", queue: "RDR", select: { all: true }, user: "MAINT" }],
    ["purge maint all", { verb: "PURGE", queue: "ALL", select: { all: true }, user: "MAINT" }],
    [
      "purge all rdr 12 13",
      { verb: "PURGE", queue: "RDR", select: { spoolids: ["0012", "0013"] }, user: "ALL" },
    ],
    [
      "change maint rdr 5 hold",
      {
        verb: "CHANGE",
        queue: "RDR",
        select: { spoolids: ["0005"] },
        changes: { hold: true },
        user: "MAINT",
      },
    ],
    [
      "tr maint rdr all to bob",
      { verb: "TRANSFER", queue: "RDR", select: { all: true }, to: "BOB", toQueue: "RDR", user: "MAINT" },
    ],
    ["order maint rdr 3", { verb: "ORDER", queue: "RDR", spoolids: ["0003"], user: "MAINT" }],
  ])("%s: refused to class G, another user's files to class D", (text, command) => {
    expect(parse(text, "G")).toEqual(operandMissing);
    expect(parse(text, "DG")).toEqual(accepted(command));
    expect(parse(text, "D")).toEqual(accepted(command));
  });

  it("reads `*` as oneself for an operator, and refuses it to class G", () => {
    expect(parse("purge * rdr all", "DG")).toEqual(
      accepted({ verb: "PURGE", queue: "RDR", select: { all: true } }),
    );
    expect(parse("purge * rdr all", "G")).toEqual(operandMissing);
  });

  it.each<[string, string, Command]>([
    ["Q RDR * ALL", "G", { verb: "QUERY", what: "FILES", queue: "RDR", all: true }],
    ["Q PRT ALL", "G", { verb: "QUERY", what: "FILES", queue: "PRT", all: true }],
    ["Q PRT ALL", "DG", { verb: "QUERY", what: "FILES", queue: "PRT", user: "ALL", all: false }],
    ["Q RDR ALL ALL", "DG", { verb: "QUERY", what: "FILES", queue: "RDR", user: "ALL", all: true }],
    ["Q RDR MAINT ALL", "DG", { verb: "QUERY", what: "FILES", queue: "RDR", user: "MAINT", all: true }],
    ["Q RDR MAINT", "DG", { verb: "QUERY", what: "FILES", queue: "RDR", user: "MAINT", all: false }],
    ["Q READER", "G", { verb: "QUERY", what: "FILES", queue: "RDR", all: false }],
    ["Q PCH ALL", "G", { verb: "QUERY", what: "FILES", queue: "PUN", all: true }],
    ["q pun *", "G", { verb: "QUERY", what: "FILES", queue: "PUN", all: false }],
  ])("%s (classes %s)", (text, classes, command) => {
    expect(parse(text, classes)).toEqual(accepted(command));
  });

  it.each([
    ["Q RDR MAINT", "G", "MAINT"],
    ["Q RDR MAINT ALL", "G", "MAINT"],
    ["Q RDR ALL EXTRA", "G", "EXTRA"],
    ["Q RDR * *", "G", "*"],
    ["Q RDR ALL ALL ALL", "DG", "ALL"],
  ])("refuses %s (classes %s) at %s", (text, classes, option) => {
    expect(parse(text, classes)).toEqual(invalidOption(option));
  });

  const spx = (over: Partial<Extract<Command, { verb: "SPXTAPE" }>>): Command => ({
    verb: "SPXTAPE",
    fn: "DUMP",
    vdev: "0181",
    select: { queues: ["RDR", "PRT", "PUN"] },
    sdf: false,
    run: true,
    purge: false,
    nodup: false,
    ...over,
  });

  it.each<[string, Command]>([
    ["SPXTAPE DUMP 181 SPOOL ALL", spx({})],
    ["SPXTAPE DUMP 181 STD ALL", spx({})],
    ["SPXTAPE DUMP 181 SDF ALL", spx({ select: { queues: [] }, sdf: true })],
    ["SPXTAPE LOAD 181 SPOOL RDR ALL NODUP", spx({ fn: "LOAD", select: { queues: ["RDR"] }, nodup: true })],
    ["SPXTAPE SCAN 181", spx({ fn: "SCAN" })],
    ["SPXTAPE DUMP 181 ALL RUN", spx({})],
    [
      "SPXTAPE DUMP 181 12 13 LEAVE",
      spx({ select: { queues: ["RDR", "PRT", "PUN"], spoolids: ["0012", "0013"] }, run: false }),
    ],
    ["SPXTAPE DUMP 181 SPOOL PRT 5 6", spx({ select: { queues: ["PRT"], spoolids: ["0005", "0006"] } })],
    [
      "SPXTAPE DUMP 181 SPOOL ALL USER LINUX1 CLASS A PURGE",
      spx({ select: { queues: ["RDR", "PRT", "PUN"], user: "LINUX1", cls: "A" }, purge: true }),
    ],
    ["spxtape dump 0a1 spool punch", spx({ vdev: "00A1", select: { queues: ["PUN"] } })],
  ])("%s", (text, command) => {
    expect(parse(text)).toEqual(accepted(command));
  });

  it.each([
    "SPXTAPE",
    "SPXTAPE DUMP",
    "SPXTAPE FOO 181",
    "SPXTAPE DUMP 1810A",
    "SPXTAPE DUMP 181 PRT",
    "SPXTAPE DUMP 181 ALL USER",
    "SPXTAPE DUMP 181 ALL CLASS",
    "SPXTAPE DUMP 181 ALL NODUP",
    "SPXTAPE LOAD 181 ALL PURGE",
    "SPXTAPE SCAN 181 PURGE",
    "SPXTAPE DUMP 181 SPOOL ALL EXTRA",
  ])("refuses %s with HCPCFC026E", (text) => {
    expect(parse(text)).toEqual(operandMissing);
  });
});

describe("parser findings of the first review", () => {
  const parse = (text: string, classes = "G") => parseCommand(text, classes);

  it.each(["LIN*", "LIN%1", "*", "MAINT"])("SPXTAPE takes USER %s, a userid or a pattern", (user) => {
    const r = parse(`SPXTAPE DUMP 181 SPOOL ALL USER ${user}`, "DG");
    expect(r.ok && r.command.verb === "SPXTAPE" && r.command.select.user).toBe(user);
  });

  it("a class D user without class G may QUERY READER every user's files", () => {
    expect(parse("Q RDR ALL", "D")).toEqual({
      ok: true,
      command: { verb: "QUERY", what: "FILES", queue: "RDR", user: "ALL", all: false },
    });
  });

  it.each(["SP PUN FOO BAR", "SP PUN TO FOO TO BAR", "SP PUN * TO BAR"])(
    "%s names two targets: refused",
    (text) => {
      expect(parse(text).ok).toBe(false);
    },
  );
});

describe("packed records from outside (tape uploads)", () => {
  it("accepts what packRecords makes and counts it", () => {
    const packed = packRecords([new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([9])]);
    expect(checkPacked(packed)).toEqual({ ok: true, nrecs: 3, nbytes: 4 });
    expect(checkPacked(new Uint8Array(0))).toEqual({ ok: true, nrecs: 0, nbytes: 0 });
  });

  it.each([
    [[0, 0, 0], /inside the length of record 0/],
    [[0, 0, 0, 5, 1, 2], /record 0 \(byte 0\) says 5 bytes; only 2 follow/],
    [[0, 0, 0, 1, 7, 0, 0], /inside the length of record 1/],
  ])("refuses %j, saying where it breaks", (bytes, message) => {
    const r = checkPacked(new Uint8Array(bytes));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});
