import { describe, expect, it } from "vitest";
import { parseSystemConfig } from "../../src/config/parse";
import { coversCseArea, cseSpan, xlinkExcluded } from "../../src/dasd/cse-area";
import { CseArea, MAX_SLOTS, xlinkSystemCount } from "../../src/dasd/cse-flags";
import { systemImage } from "../../src/plex/image";
import { buildPlex } from "../../src/plex/view";

/** XLINK as the documentation and the seed say (issue #13 item 4): the parts in src/. */

const CONFIG = (exclude: string[]) => ({
  "SYSTEM CONFIG": [
    "System_Identifier 2084 %4B52A LTICVM9",
    "System_Identifier 2096 %168BE LTICVM5",
    "XLINK_System_Include Slot 3 LTICVM9",
    "XLINK_System_Include Slot 5 LTICVM5",
    ...exclude.map((s) => `XLINK_System_Exclude ${s}`),
    "XLINK_Volume_Include VMQ* Cylinder 10008",
    "XLINK_Volume_Include VMP*",
    "CP_Owned Slot 1 &SYSRES",
    "",
  ].join("\n"),
});

const DASD = [
  { volser: "VMQIPL", devtype: "3390-9", rdev: "5500", ipl: ["LTICVM5", "LTICVM9"] },
  { volser: "VMPCOM", devtype: "3390-9", rdev: "5700" },
  { volser: "OTHER1", devtype: "3390-3", rdev: "5800" },
];

function image(sysname: string, exclude: string[]) {
  const plex = buildPlex({ systemConfig: CONFIG(exclude), dasd: DASD });
  const im = systemImage(plex, sysname)!;
  return { im, vol: (volser: string) => im.volumes.find((v) => v.volser === volser)! };
}

describe("XLINK_System_Exclude at IPL (the seed's mod-9 shared SysRes)", () => {
  it("an excluded system has no slot and no volume under XLINK, but keeps the include list's placement", () => {
    const { im, vol } = image("LTICVM9", ["LTICVM9"]);
    expect(im.slot).toBeUndefined();
    expect(im.xlinkExcluded).toBe(true);
    // The slot list is still the complex's: XLINK DISPLAY names systems by it, FORMAT counts it.
    expect(im.slotNames).toEqual({ 3: "LTICVM9", 5: "LTICVM5" });
    expect(vol("VMQIPL")).toMatchObject({ xlink: false, included: true, cseCylinder: 10008, system: true });
    expect(vol("VMPCOM")).toMatchObject({ xlink: false, included: true, cseCylinder: 0 });
    expect(vol("OTHER1")).toMatchObject({ xlink: false, included: false, cseCylinder: 0 });
  });

  it("the exclude of one system leaves the others in XLINK", () => {
    const { im, vol } = image("LTICVM5", ["LTICVM9"]);
    expect(im.slot).toBe(5);
    expect(im.xlinkExcluded).toBeUndefined();
    expect(vol("VMQIPL")).toMatchObject({ xlink: true, included: true, cseCylinder: 10008 });
  });

  it("without the exclude the system takes part again (remove the exclude and IPL)", () => {
    const { im, vol } = image("LTICVM9", []);
    expect(im.slot).toBe(3);
    expect(vol("VMQIPL")).toMatchObject({ xlink: true, included: true, cseCylinder: 10008 });
  });

  it("xlinkExcluded reads the statements that apply to the system", () => {
    const m = parseSystemConfig(CONFIG(["LTICVM9", "LVL2VM"])).model;
    expect(xlinkExcluded(m, "LTICVM9")).toBe(true);
    expect(xlinkExcluded(m, "LVL2VM")).toBe(true);
    expect(xlinkExcluded(m, "LTICVM5")).toBe(false);
  });
});

describe("XLINK FORMAT through a minidisk: what covers the CSE area", () => {
  const mod9 = { cylinders: 10017, cseCylinder: 10008 };
  const mod3 = { cylinders: 3339, cseCylinder: 0 };

  it("the area's span: 9 cylinders on a mod 9, 1 on a mod 3 (seed: <1 cyl for mod 3, 9 for mod 9)", () => {
    expect(cseSpan(mod9)).toEqual({ start: 10008, end: 10016 });
    expect(cseSpan(mod3)).toEqual({ start: 0, end: 0 });
  });

  it("a full-pack minidisk or one over the area covers it; one over part of it does not", () => {
    expect(coversCseArea({ start: 0, end: 10016 }, mod9)).toBe(true);
    expect(coversCseArea({ start: 10008, end: 10016 }, mod9)).toBe(true);
    expect(coversCseArea({ start: 10000, end: 10016 }, mod9)).toBe(true);
    expect(coversCseArea({ start: 10008, end: 10012 }, mod9)).toBe(false);
    expect(coversCseArea({ start: 10009, end: 10016 }, mod9)).toBe(false);
    expect(coversCseArea({ start: 100, end: 200 }, mod9)).toBe(false);
    expect(coversCseArea({ start: 0, end: 0 }, mod3)).toBe(true);
    expect(coversCseArea({ start: 1, end: 3338 }, mod3)).toBe(false);
  });
});

describe("the header's SYSTEMS count follows the include list", () => {
  it("is the highest slot XLINK_System_Include gives, or the most slots when it gives none", () => {
    expect(xlinkSystemCount([3, 5])).toBe(5);
    expect(xlinkSystemCount(["1", "2", "3", "4", "5", "6", "7"])).toBe(7);
    expect(xlinkSystemCount([])).toBe(MAX_SLOTS);
  });

  it("an area for fewer systems holds no slot beyond them; clearing one is a no-op", () => {
    const a = new CseArea({
      formattedBy: "MAINT",
      system: "LTICVM9",
      at: "2008-08-11T14:05:09.000Z",
      cylinders: 10017,
      systems: 5,
    });
    expect(a.hasSlot(5)).toBe(true);
    expect(a.hasSlot(6)).toBe(false);
    expect(a.hasSlot(0)).toBe(false);
    expect(() => a.clearSlot(9)).not.toThrow();
    expect(() => a.setRange(6, 0, 1, "R")).toThrow(RangeError);
    expect(a.display("VMQIPL", { 3: "LTICVM9", 5: "LTICVM5" })[0]).toMatch(/SYSTEMS=5\)$/);
  });
});
