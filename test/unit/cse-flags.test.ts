import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../src/catalog/messages";
import {
  areaLayout,
  CseArea,
  decodeFlags,
  encodeFlags,
  FLAGS,
  type CseHeader,
} from "../../src/dasd/cse-flags";
import { ACCESSES, decideLink, LINK_MODES, type Access } from "../../src/dasd/link-rules";

const HEADER: CseHeader = {
  formattedBy: "MAINT",
  system: "SYSA",
  at: "2008-08-11T14:05:09.000Z",
  cylinders: 3339,
  systems: 16,
};
const NAMES = { 1: "SYSA", 2: "SYSB", 3: "SYSC" };

describe("CSE area flags", () => {
  it("starts empty", () => {
    const a = new CseArea(HEADER);
    expect(a.get(1, 0)).toBe("NONE");
    expect(a.usedSlots()).toEqual([]);
    expect(a.othersOver(1, 0, 3338)).toEqual([]);
  });

  it("sets and reads a range, inclusive at both ends", () => {
    const a = new CseArea(HEADER);
    a.setRange(2, 100, 149, "W");
    expect([a.get(2, 99), a.get(2, 100), a.get(2, 149), a.get(2, 150)]).toEqual(["NONE", "W", "W", "NONE"]);
    expect(a.runs(2)).toEqual([{ start: 100, end: 149, access: "W" }]);
    expect(a.get(1, 120)).toBe("NONE");
  });

  it("replaces what an overlapping range held", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 0, 99, "R");
    a.setRange(1, 50, 149, "SR");
    expect(a.runs(1)).toEqual([
      { start: 0, end: 49, access: "R" },
      { start: 50, end: 149, access: "SR" },
    ]);
  });

  it("clears a range, and forgets a slot once it is empty", () => {
    const a = new CseArea(HEADER);
    a.setRange(3, 10, 19, "EW");
    a.clearRange(3, 12, 13);
    expect(a.runs(3)).toEqual([
      { start: 10, end: 11, access: "EW" },
      { start: 14, end: 19, access: "EW" },
    ]);
    a.clearRange(3, 0, 3338);
    expect(a.usedSlots()).toEqual([]);
    a.clearRange(4, 0, 10); // nothing there: no-op
  });

  it("clears a whole slot (XLINK RESET, re-IPL)", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 0, 10, "W");
    a.setRange(2, 0, 10, "R");
    a.clearSlot(1);
    expect(a.usedSlots()).toEqual([2]);
    expect(a.get(1, 5)).toBe("NONE");
  });

  it("answers what the other slots hold over a range, own slot excluded", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 100, 149, "W");
    a.setRange(2, 140, 160, "R");
    a.setRange(3, 500, 600, "EW");
    expect(a.othersOver(2, 120, 199)).toEqual([{ slot: 1, access: "W" }]);
    expect(a.othersOver(3, 145, 145)).toEqual([
      { slot: 1, access: "W" },
      { slot: 2, access: "R" },
    ]);
    expect(a.othersOver(1, 150, 499)).toEqual([{ slot: 2, access: "R" }]);
    expect(a.othersOver(1, 0, 99)).toEqual([]);
  });

  it("gives one entry per slot where one access covers the others, and all where none does", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 0, 9, "R");
    a.setRange(1, 10, 19, "W");
    expect(a.othersOver(2, 0, 19)).toEqual([{ slot: 1, access: "W" }]);
    a.setRange(1, 20, 29, "SR");
    expect(a.othersOver(2, 0, 29)).toEqual([
      { slot: 1, access: "SR" },
      { slot: 1, access: "W" },
    ]);
  });

  it("refuses a bad slot or cylinder range (a caller bug)", () => {
    const a = new CseArea({ ...HEADER, systems: 4 });
    expect(() => a.setRange(0, 0, 1, "R")).toThrow(RangeError);
    expect(() => a.setRange(5, 0, 1, "R")).toThrow(RangeError);
    expect(() => a.setRange(1, 10, 9, "R")).toThrow(RangeError);
    expect(() => a.setRange(1, 0, 3339, "R")).toThrow(RangeError);
    expect(() => a.setRange(1, -1, 3, "R")).toThrow(RangeError);
    expect(() => a.othersOver(1, 0.5, 3)).toThrow(RangeError);
    expect(() => new CseArea({ ...HEADER, systems: 17 })).toThrow(RangeError);
    expect(() => new CseArea({ ...HEADER, cylinders: 0 })).toThrow(RangeError);
  });
});

describe("XLINK DISPLAY body", () => {
  it("says so when no flags are set", () => {
    expect(new CseArea(HEADER).display("VMQ001", NAMES)).toEqual([
      "-CYL- READ/WRITE FLAGS ON VMQ001 (CYL=3339 TRK=2 RECL=4096 RECS=16 SYSTEMS=16)",
      "----- NO LINK FLAGS ON THIS VOLUME- VMQ001",
    ]);
  });

  it("shows one line per run of equal flags, slots in order, names from the slot list", () => {
    const a = new CseArea(HEADER);
    a.setRange(2, 100, 149, "R");
    a.setRange(1, 120, 129, "R");
    a.setRange(5, 3000, 3000, "EW");
    expect(a.display("VMQ001", NAMES).slice(1)).toEqual([
      "00100-00119 R SYSB",
      "00120-00129 R SYSA R SYSB",
      "00130-00149 R SYSB",
      "03000 EW SLOT5",
    ]);
  });

  it("limits the lines to a cylinder range and drops the heading on request", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 0, 9, "W");
    a.setRange(1, 100, 109, "SR");
    expect(a.display("VMQ001", NAMES, { start: 100, end: 104, noHeader: true })).toEqual([
      "00100-00104 SR SYSA",
    ]);
    expect(a.display("VMQ001", NAMES, { start: 50, end: 60, noHeader: true })).toEqual([
      "----- NO LINK FLAGS ON THIS VOLUME- VMQ001",
    ]);
  });

  it("18: after DETACH on SYSA its flags are gone from the display", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 200, 209, "W");
    a.clearRange(1, 200, 209);
    expect(a.display("SHR001", NAMES).slice(1)).toEqual(["----- NO LINK FLAGS ON THIS VOLUME- SHR001"]);
    expect(decideLink("M", "X", "0200", []).granted).toBe(true);
  });

  it("19: a failed system's W blocks until XLINK RESET clears its slot", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 200, 209, "W"); // SYSA holds W, then fails: its flags stay
    const holders = () =>
      a.othersOver(2, 200, 209).map((o) => ({ who: "SYSA", access: o.access, remote: true }));
    expect(formatMessage(...errorOf(decideLink("W", "X", "0200", holders())))).toBe(
      "HCPLNM105E X 0200 not linked; R/W by SYSA",
    );
    a.clearSlot(1);
    expect(decideLink("W", "X", "0200", holders())).toMatchObject({ granted: true, access: "W" });
  });

  it("gives the HCPXXL2876I variables from the header", () => {
    const a = new CseArea(HEADER);
    expect(formatMessage("HCPXXL2876I", a.formattedVars("VMQ001"))).toBe(
      "HCPXXL2876I VOLUME VMQ001 WAS FORMATTED FOR CSE ON 08/11/08 AT 14:05:09 BY USER MAINT AT SYSTEM SYSA",
    );
  });

  it("sizes the area by our layout model", () => {
    expect(areaLayout(65520, 16)).toEqual({ tracks: 22, recl: 4096, recs: 256 });
  });
});

function errorOf(d: ReturnType<typeof decideLink>): [string, Readonly<Record<string, string | number>>] {
  if (d.granted) throw new Error("expected a refusal");
  return [d.error.id, d.error.vars];
}

describe("encodeFlags / decodeFlags", () => {
  it("round-trips header and flags", () => {
    const a = new CseArea(HEADER);
    a.setRange(1, 0, 0, "R");
    a.setRange(1, 5, 3338, "SW");
    a.setRange(16, 42, 43, "ER");
    const text = encodeFlags(a);
    expect(JSON.parse(text)).toEqual({
      v: 1,
      header: HEADER,
      slots: { "1": "0R,5-3338SW", "16": "42-43ER" },
    });
    const b = decodeFlags(text);
    expect(b.header).toEqual(HEADER);
    expect(encodeFlags(b)).toBe(text);
    expect(b.runs(1)).toEqual(a.runs(1));
  });

  it("keeps a full 3390-54 small", () => {
    const a = new CseArea({ ...HEADER, cylinders: 65520 });
    for (let s = 1; s <= 16; s++) a.setRange(s, 0, 65519, "R");
    expect(encodeFlags(a).length).toBeLessThan(600);
  });

  it("refuses text it did not write", () => {
    expect(() => decodeFlags("{}")).toThrow(/not an encoded area/);
    expect(() => decodeFlags(JSON.stringify({ v: 1, header: HEADER, slots: { "1": "5-4X" } }))).toThrow(
      /bad run/,
    );
    expect(() => decodeFlags(JSON.stringify({ v: 1, header: HEADER, slots: { "1": "9-4R" } }))).toThrow(
      RangeError,
    );
  });
});

describe("CSE area against a naive model (property)", () => {
  const CYLS = 12;
  const SLOTS = 3;
  const slot = fc.integer({ min: 1, max: SLOTS });
  const range = fc
    .tuple(fc.integer({ min: 0, max: CYLS - 1 }), fc.integer({ min: 0, max: CYLS - 1 }))
    .map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as const);
  const op = fc.oneof(
    fc.record({ kind: fc.constant("set" as const), slot, range, access: fc.constantFrom(...ACCESSES) }),
    fc.record({ kind: fc.constant("clear" as const), slot, range }),
    fc.record({ kind: fc.constant("clearSlot" as const), slot }),
  );

  it("agrees with a Map model on flags, on LINK decisions, and survives encode/decode", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), slot, range, (ops, asker, [qs, qe]) => {
        const area = new CseArea({ ...HEADER, cylinders: CYLS, systems: SLOTS });
        const model = new Map<string, Access>();
        for (const o of ops) {
          if (o.kind === "set") {
            area.setRange(o.slot, o.range[0], o.range[1], o.access);
            for (let c = o.range[0]; c <= o.range[1]; c++) model.set(`${o.slot}/${c}`, o.access);
          } else if (o.kind === "clear") {
            area.clearRange(o.slot, o.range[0], o.range[1]);
            for (let c = o.range[0]; c <= o.range[1]; c++) model.delete(`${o.slot}/${c}`);
          } else {
            area.clearSlot(o.slot);
            for (let c = 0; c < CYLS; c++) model.delete(`${o.slot}/${c}`);
          }
        }
        const copy = decodeFlags(encodeFlags(area));
        for (let s = 1; s <= SLOTS; s++) {
          for (let c = 0; c < CYLS; c++) {
            expect(area.get(s, c)).toBe(model.get(`${s}/${c}`) ?? "NONE");
            expect(copy.get(s, c)).toBe(area.get(s, c));
          }
        }
        // Naive answer: every distinct access of every other slot over the range.
        const naive = new Map<number, Set<Access>>();
        for (let s = 1; s <= SLOTS; s++) {
          if (s === asker) continue;
          for (let c = qs; c <= qe; c++) {
            const a = model.get(`${s}/${c}`);
            if (a) naive.set(s, (naive.get(s) ?? new Set()).add(a));
          }
        }
        const got = area.othersOver(asker, qs, qe);
        expect([...new Set(got.map((g) => g.slot))]).toEqual([...naive.keys()].sort((x, y) => x - y));
        for (const g of got) expect(naive.get(g.slot)!.has(g.access)).toBe(true);
        expect(copy.othersOver(asker, qs, qe)).toEqual(got);
        // Keeping only the strongest accesses must not change any LINK decision.
        const toHolders = (xs: { slot: number; access: Access }[]) =>
          xs.map((x) => ({ who: `SYS${x.slot}`, access: x.access, remote: true }));
        const all = [...naive].flatMap(([s, set]) => [...set].map((access) => ({ slot: s, access })));
        for (const mode of LINK_MODES) {
          const a = decideLink(mode, "X", "0200", toHolders(got));
          const b = decideLink(mode, "X", "0200", toHolders(all));
          expect(a.granted).toBe(b.granted);
          if (a.granted && b.granted)
            expect([a.access, a.forcedReadOnly]).toEqual([b.access, b.forcedReadOnly]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("stores exactly the flag values of the CSE area", () => {
    expect(FLAGS).toEqual(["NONE", "R", "W", "SR", "SW", "ER", "EW"]);
  });
});
