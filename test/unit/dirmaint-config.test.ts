import { describe, expect, it } from "vitest";
import { parseDirmaintConfig } from "../../src/dirmaint/config";
import { parseUpdateFile, UPDATE_HEADER, updateFileRecords } from "../../src/dirmaint/update-file";

/** The LTIC slide's statements, as written there (`T=LTICVM2` without a blank), with the VICC file's comment style. */
const LTIC = [
  "/* CONFIG99 DATADVH for the LTIC plex */",
  "RUNMODE= OPERATIONAL",
  "ONLINE= IMMED",
  "   SATELLITE_SERVER= DIRMSAT9 LTICVM9",
  "   SATELLITE_SERVER= DIRMSAT5 LTICVM5",
  "   SATELLITE_SERVER= DIRMSAT4 LTICVM4",
  "   SATELLITE_SERVER= DIRMSAT2 LTICVM2",
  "   SATELLITE_SERVER= DIRMSAT1 LTICVM1",
  "   FROM= LTICVM1  TO= LTICVM2  S= RSCS T=LTICVM2",
  "   FROM= LTICVM2  TO= LTICVM1  S= RSCS T=LTICVM1 /* and so on */",
].join("\n");

describe("CONFIG DATADVH", () => {
  it("reads the LTIC slide's SATELLITE_SERVER= and FROM= TO= S= T= statements", () => {
    const c = parseDirmaintConfig(LTIC);
    expect(c.diagnostics).toEqual([]);
    expect(c.satellites).toEqual([
      { userid: "DIRMSAT9", system: "LTICVM9", line: 4 },
      { userid: "DIRMSAT5", system: "LTICVM5", line: 5 },
      { userid: "DIRMSAT4", system: "LTICVM4", line: 6 },
      { userid: "DIRMSAT2", system: "LTICVM2", line: 7 },
      { userid: "DIRMSAT1", system: "LTICVM1", line: 8 },
    ]);
    expect(c.routes).toEqual([
      { from: "LTICVM1", to: "LTICVM2", service: "RSCS", tag: "LTICVM2", line: 9 },
      { from: "LTICVM2", to: "LTICVM1", service: "RSCS", tag: "LTICVM1", line: 10 },
    ]);
  });

  it("names the file, line and column of each bad statement and keeps the good ones", () => {
    const text = [
      "SATELLITE_SERVER= DIRMSAT9",
      "SATELLITE_SERVER= DIRMSAT9 LTICVM9",
      "SATELLITE_SERVER= DIRMSAT8 LTICVM9",
      "SATELLITE_SERVER= TOOLONGUSER LTICVM8",
      "FROM= LTICVM1 TO= LTICVM2 S= RSCS",
      "FROM= LTICVM1 TO= LTICVM2 S= RSCS T= LTICVM2 X= 1",
      "FROM= LTICVM1 TO= LTICVM2 S= RSCS T= LTICVM2",
      "FROM= LTICVM1 TO= LTICVM2 S= RSCS T= LTICVM2",
    ].join("\n");
    const c = parseDirmaintConfig(text, "CONFIG01 DATADVH");
    expect(c.satellites).toEqual([{ userid: "DIRMSAT9", system: "LTICVM9", line: 2 }]);
    expect(c.routes).toHaveLength(1);
    expect(c.diagnostics.map((d) => [d.file, d.line, d.column, d.code])).toEqual([
      ["CONFIG01 DATADVH", 1, 1, "DVH-SATELLITE"],
      ["CONFIG01 DATADVH", 3, 28, "DVH-SATELLITE-DUP"],
      ["CONFIG01 DATADVH", 4, 19, "DVH-SATELLITE"],
      ["CONFIG01 DATADVH", 5, 1, "DVH-ROUTE"],
      ["CONFIG01 DATADVH", 6, 46, "DVH-ROUTE"],
      ["CONFIG01 DATADVH", 8, 1, "DVH-ROUTE-DUP"],
    ]);
    expect(c.diagnostics[3].message).toContain("T= is missing");
    expect(c.diagnostics.every((d) => d.severity === "error")).toBe(true);
  });

  it("never throws, whatever it is given", () => {
    for (const text of [
      "",
      "\n\n",
      "FROM=",
      "SATELLITE_SERVER=",
      "/* open comment",
      "FROM= A TO= B S= C T= D E",
      "*",
    ]) {
      expect(() => parseDirmaintConfig(text)).not.toThrow();
    }
  });
});

describe("the satellite update file", () => {
  const update = {
    version: 42,
    requester: "MAINT",
    verb: "DLINK",
    target: "OPERATOR",
    changed: ["LINUX1", "IBMDFLT"],
  };

  it("round-trips, in card images of at most 80 columns", () => {
    const records = updateFileRecords(update);
    expect(records).toEqual([
      UPDATE_HEADER,
      "VERSION= 42",
      "REQUESTER= MAINT",
      "VERB= DLINK",
      "TARGET= OPERATOR",
      "CHANGED= LINUX1 IBMDFLT",
      "END",
    ]);
    expect(parseUpdateFile(records)).toEqual({ ok: true, update });
    const many = { ...update, changed: Array.from({ length: 30 }, (_, i) => `LINUX${i}`) };
    const long = updateFileRecords(many);
    expect(long.every((r) => r.length <= 80)).toBe(true);
    expect(long.filter((r) => r.startsWith("CHANGED=")).length).toBeGreaterThan(1);
    expect(parseUpdateFile(long)).toEqual({ ok: true, update: many });
    const none = { ...update, verb: "DIRECT", changed: [] };
    expect(parseUpdateFile(updateFileRecords(none))).toEqual({ ok: true, update: none });
  });

  it("refuses a malformed file, naming the record", () => {
    const good = updateFileRecords(update);
    const cases: [string[], string][] = [
      [[], "record 1"],
      [["SOMETHING ELSE", ...good.slice(1)], "record 1"],
      [good.slice(0, 3), "record 4: VERB= is missing"],
      [good.map((r) => (r.startsWith("VERSION=") ? "VERSION= 0" : r)), "record 2"],
      [good.map((r) => (r.startsWith("VERSION=") ? "VERSION= -1" : r)), "record 2"],
      [good.map((r) => (r.startsWith("VERB=") ? "VERB= FROB" : r)), "record 4"],
      [good.map((r) => (r.startsWith("REQUESTER=") ? "TARGET= X" : r)), "record 3"],
      [good.map((r) => (r.startsWith("CHANGED=") ? "CHANGED= BAD!ID" : r)), "record 6"],
      [good.slice(0, -1), "record 7: expected END"],
      [[...good, "EXTRA"], "record 8"],
      [good.filter((r) => !r.startsWith("CHANGED=")), "record 6: expected CHANGED="],
    ];
    for (const [records, where] of cases) {
      const r = parseUpdateFile(records);
      expect(r.ok, where).toBe(false);
      if (!r.ok) expect(r.message).toContain(where);
    }
  });
});
