import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PatternSet } from "../../src/text/patterns";
import { matchesPattern } from "../../src/text/records";

/** The plain way: the last pattern of the list that matches, tested one by one. */
const lastByScan = (patterns: string[], name: string) => {
  for (let i = patterns.length - 1; i >= 0; i--) if (matchesPattern(name, patterns[i])) return i;
  return -1;
};

const ch = fc.constantFrom("A", "B", "V", "M", "Q", "1", "$", "a");
const name = fc.array(ch, { minLength: 1, maxLength: 6 }).map((xs) => xs.join(""));
const pattern = fc
  .array(fc.oneof({ weight: 4, arbitrary: ch }, fc.constant("*"), fc.constant("%")), {
    minLength: 1,
    maxLength: 7,
  })
  .map((xs) => xs.join(""));

describe("PatternSet", () => {
  it("finds the last matching pattern exactly as testing each pattern in turn does", () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 12 }),
        fc.array(name, { minLength: 1, maxLength: 10 }),
        (ps, names) => {
          const set = new PatternSet(ps);
          for (const n of names)
            expect(set.lastMatch(n), `${JSON.stringify(ps)} ${n}`).toBe(lastByScan(ps, n));
        },
      ),
      { numRuns: 2000, seed: 9 },
    );
  });

  it("handles exact names, prefixes and other patterns, case-insensitively", () => {
    const set = new PatternSet(["VMQ*", "VMQ001", "*", "VM%0*", "LTIC*"]);
    expect(set.lastMatch("vmq001")).toBe(3); // VM%0* is the last that matches
    expect(set.lastMatch("VMQ1")).toBe(2); // "*" (2) beats VMQ* (0)
    expect(set.lastMatch("VM00X")).toBe(3);
    expect(set.lastMatch("LTIC01")).toBe(4);
    expect(new PatternSet([]).lastMatch("X")).toBe(-1);
    expect(new PatternSet(["A%"]).matches("AB")).toBe(true);
    expect(new PatternSet(["A%"]).matches("ABC")).toBe(false);
  });
});
