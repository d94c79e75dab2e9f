import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSystemConfig } from "../../src/config/parse";
import { lintPlex } from "../../src/lint";

const seedLike = readFileSync(
  new URL("../fixtures/corpus/zvm-bootcamp-system-config.sysconfig", import.meta.url),
  "utf8",
);
const lines = seedLike.split("\n");

const TOKENS = [
  "/*",
  "*/",
  ",",
  "Slot",
  "0",
  "99999",
  "-SYSTEM-",
  "Imbed",
  "SYSA:",
  ":",
  "XLINK_System_Include",
  "CP_Owned",
  "&SYSRES",
  "\t",
  "\u0000",
  "é",
  "Cylinder",
];

/** A line-level mutation of a real file: delete, duplicate, swap, insert a token, truncate. */
const mutated = fc
  .array(
    fc.record({
      op: fc.constantFrom("delete", "duplicate", "swap", "insert", "truncate"),
      at: fc.nat(),
      token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })),
    }),
    { maxLength: 12 },
  )
  .map((ops) => {
    const out = [...lines];
    for (const { op, at, token } of ops) {
      const i = out.length ? at % out.length : 0;
      if (op === "delete") out.splice(i, 1);
      else if (op === "duplicate") out.splice(i, 0, out[i] ?? "");
      else if (op === "swap" && out.length > 1)
        [out[i], out[(i + 1) % out.length]] = [out[(i + 1) % out.length], out[i]];
      else if (op === "insert")
        out[i] = `${(out[i] ?? "").slice(0, at % 40)} ${token} ${(out[i] ?? "").slice(at % 40)}`;
      else if (op === "truncate") out.splice(i);
    }
    return out.join("\n");
  });

function wellFormed(
  ds: { file: string; line: number; column: number; severity: string; code: string; message: string }[],
) {
  for (const d of ds) {
    expect(typeof d.file).toBe("string");
    expect(d.line).toBeGreaterThanOrEqual(0);
    expect(d.column).toBeGreaterThanOrEqual(0);
    expect(["error", "warning", "info"]).toContain(d.severity);
    expect(d.code.length).toBeGreaterThan(0);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

describe("SYSTEM CONFIG parser under random input", () => {
  it("never throws on random text, only returns diagnostics", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400, unit: "binary" }),
        fc.option(fc.constantFrom("SYSA", "LTICVM9")),
        (text, sys) => {
          wellFormed(parseSystemConfig(text, sys ?? undefined).diagnostics);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on mutated real files, and lint over them neither", () => {
    fc.assert(
      fc.property(mutated, (text) => {
        wellFormed(
          parseSystemConfig({ "SYSTEM CONFIG": text, "ZVMWSXX CPOWNED": text }, "ZVMWSXX").diagnostics,
        );
        wellFormed(lintPlex({ systemConfig: text, directory: text }).diagnostics);
      }),
      { numRuns: 150 },
    );
  });
});
