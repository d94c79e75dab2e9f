import { describe, expect, it } from "vitest";
import {
  BUILT_IN_LIMITS,
  deploymentLimits,
  LIMIT_CEILINGS,
  LIMIT_NAMES,
  quotaExceeded,
  storedLimits,
  withOverrides,
} from "../../src/limits";
import { TokenBuckets } from "../../src/rate-limit";

describe("limits", () => {
  it("names every limit once, with a default at most its ceiling", () => {
    expect(new Set(LIMIT_NAMES).size).toBe(LIMIT_NAMES.length);
    expect(Object.keys(BUILT_IN_LIMITS).sort()).toEqual([...LIMIT_NAMES].sort());
    for (const name of LIMIT_NAMES) expect(BUILT_IN_LIMITS[name]).toBeLessThanOrEqual(LIMIT_CEILINGS[name]);
  });

  it("reads the deployment's defaults over the built-in ones, and refuses a bad one by name", () => {
    expect(deploymentLimits(undefined)).toEqual(BUILT_IN_LIMITS);
    expect(deploymentLimits({ plexes: 3 }).plexes).toBe(3);
    expect(deploymentLimits('{"burst": 7}').burst).toBe(7);
    expect(() => deploymentLimits({ plexes: 0 })).toThrow(/DEFAULT_LIMITS/);
    expect(() => deploymentLimits({ nosuch: 1 })).toThrow(/DEFAULT_LIMITS/);
    expect(withOverrides(BUILT_IN_LIMITS, { tapes: 1 })).toEqual({ ...BUILT_IN_LIMITS, tapes: 1 });
  });

  it("reads stored limits leniently: missing, broken or invalid JSON falls back to the defaults", () => {
    expect(storedLimits(null)).toEqual(BUILT_IN_LIMITS);
    expect(storedLimits("{")).toEqual(BUILT_IN_LIMITS);
    expect(storedLimits('{"tapes": -1}')).toEqual(BUILT_IN_LIMITS);
    expect(storedLimits('{"tapes": 2}')).toEqual({ ...BUILT_IN_LIMITS, tapes: 2 });
  });

  it("refuses counts with 429 and sizes with 413, naming the limit", () => {
    expect(quotaExceeded("spoolFiles", 10, 10)).toMatchObject({
      status: 429,
      code: "QUOTA_EXCEEDED",
      details: { limit: "spoolFiles", used: 10, max: 10 },
    });
    expect(quotaExceeded("spoolBytes", 11, 10).status).toBe(413);
    expect(quotaExceeded("deviceRecords", 11, 10).status).toBe(413);
  });
});

describe("token buckets", () => {
  it("let a burst through, then one request per 1/rate seconds, and say how long to wait", () => {
    const b = new TokenBuckets();
    for (let i = 0; i < 5; i++) expect(b.take("t", 5, 5, 0)).toBe(0);
    expect(b.take("t", 5, 5, 0)).toBe(200);
    expect(b.take("t", 5, 5, 100)).toBe(100);
    expect(b.take("t", 5, 5, 200)).toBe(0);
    expect(b.take("u", 5, 5, 200)).toBe(0); // another key has its own bucket
    // Refills to the burst, not past it.
    for (let i = 0; i < 5; i++) expect(b.take("t", 5, 5, 100_000)).toBe(0);
    expect(b.take("t", 5, 5, 100_000)).toBeGreaterThan(0);
  });

  it("stay bounded in keys: refilled buckets are dropped first", () => {
    const b = new TokenBuckets(3);
    b.take("a", 1, 1, 0);
    b.take("b", 1, 1, 0);
    b.take("c", 1, 1, 5_000);
    b.take("d", 1, 1, 5_000); // a and b have refilled by then
    expect(b.size).toBe(2);
    b.forget("c");
    expect(b.size).toBe(1);
  });
});
