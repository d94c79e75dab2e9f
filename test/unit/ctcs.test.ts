import { describe, expect, it } from "vitest";
import type { DasdVolume } from "../../src/dasd/inventory";
import { ctcDevicesOf, readCtcs } from "../../src/plex/ctcs";

const systems = ["SYSA", "SYSB", "SYSC"];
const volumes = new Map([["SHR001", { volser: "SHR001", rdev: "0300" } as DasdVolume]]);
const end = (system: string, rdev: string) => ({ system, rdev });

describe("channel-to-channel adapters", () => {
  it("are read with systems upper-cased and rdevs as four hex digits; each system gets its ends with the other end", () => {
    const r = readCtcs([{ a: end("sysa", "db44"), b: end("SYSB", "C31") }], systems, volumes);
    expect(r.diagnostics).toEqual([]);
    expect(r.ctcs).toEqual([{ a: end("SYSA", "DB44"), b: end("SYSB", "0C31") }]);
    expect(ctcDevicesOf(r.ctcs, "SYSB")).toEqual([{ rdev: "0C31", peer: end("SYSA", "DB44") }]);
    expect(ctcDevicesOf(r.ctcs, "SYSC")).toEqual([]);
  });

  it("that make no sense are errors at their entry, and left out", () => {
    const r = readCtcs(
      [
        { a: end("SYSA", "DB44"), b: end("SYSZ", "DB44") },
        { a: end("SYSA", "DB44"), b: end("SYSB", "DB45") },
        { a: end("SYSA", "DB46"), b: end("SYSA", "DB47") },
        { a: end("SYSA", "0300"), b: end("SYSB", "DB48") },
        { a: end("SYSA", "XYZ9"), b: end("SYSB", "DB49") },
        { a: end("SYSA", "DB44"), b: end("SYSC", "DB44") },
      ],
      systems,
      volumes,
    );
    expect(r.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [1, "CTC-SYSTEM"],
      [3, "CTC-SELF"],
      [4, "CTC-RDEV-DASD"],
      [5, "CTC-RDEV"],
      [6, "CTC-RDEV-DUP"],
    ]);
    expect(r.diagnostics.every((d) => d.file === "ctcs" && d.severity === "error")).toBe(true);
    expect(r.ctcs).toEqual([{ a: end("SYSA", "DB44"), b: end("SYSB", "DB45") }]);
  });
});
