import { describe, expect, it } from "vitest";
import { planGeometry } from "../../src/dasd/geometry-change";

const stored = { devtype: "3390-9", cylinders: 10017, cseCylinder: 0, version: 3 };
const g = (cylinders: number, version: number, cseCylinder = 0) => ({
  volser: "SHR001",
  devtype: cylinders === 10017 ? "3390-9" : "3390-27",
  cylinders,
  cseCylinder,
  version,
});

describe("a volume's geometry from newer inputs", () => {
  it("is ignored when not newer, and only moves the version on when it is the same", () => {
    expect(planGeometry(stored, g(32760, 3), { links: [], formatted: false })).toEqual({ kind: "keep" });
    expect(planGeometry(stored, g(32760, 2), { links: [], formatted: false })).toEqual({ kind: "keep" });
    expect(
      planGeometry(stored, { ...g(32760, 9), version: undefined }, { links: [], formatted: false }),
    ).toEqual({
      kind: "keep",
    });
    expect(planGeometry(stored, g(10017, 4), { links: [], formatted: true })).toEqual({ kind: "same" });
  });

  it("is taken when it fits; a new size or CSE cylinder drops a CSE area", () => {
    expect(planGeometry(stored, g(32760, 4), { links: [], formatted: false })).toEqual({
      kind: "apply",
      dropArea: false,
    });
    expect(planGeometry(stored, g(32760, 4), { links: [], formatted: true })).toEqual({
      kind: "apply",
      dropArea: true,
    });
    const links = [{ start: 100, end: 149 }];
    expect(planGeometry(stored, g(32760, 4), { links, formatted: false })).toEqual({
      kind: "apply",
      dropArea: false,
    });
  });

  it("is refused under links beyond its end, or under links whose flags a new CSE area would lose", () => {
    const links = [
      { start: 100, end: 149 },
      { start: 5000, end: 5009 },
    ];
    const beyond = planGeometry({ ...stored, devtype: "3390-27", cylinders: 32760 }, g(10017, 4), {
      links,
      formatted: false,
    });
    expect(beyond).toMatchObject({ kind: "apply" });
    const cut = planGeometry(stored, { ...g(3000, 4), devtype: "3390-3" }, { links, formatted: false });
    expect(cut).toEqual({
      kind: "refuse",
      reason: "1 link(s) held up to cylinder 5009, beyond the new 3000 cylinders",
    });
    const area = planGeometry(stored, g(10017, 4, 9000), { links, formatted: true });
    expect(area).toEqual({
      kind: "refuse",
      reason: "its CSE area would have to be formatted again under 2 link(s)",
    });
  });
});
