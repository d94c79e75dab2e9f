import { describe, expect, it } from "vitest";
import { failureOf, runOnFreshPlex, shipped, shippedRunbooks } from "./runbook-helpers";

describe("the shipped runbooks (examples/ltic/runbooks) pass", () => {
  it("ships the seed's procedures", () => {
    expect(shippedRunbooks.length).toBeGreaterThan(0);
  });
  for (const name of shippedRunbooks)
    it(
      name,
      async () => {
        const { status, run, ms } = await runOnFreshPlex(
          shipped(name),
          name.replace(/\.yaml$/, "").slice(0, 20),
        );
        console.log(`${name}: ${run.steps?.length} steps in ${ms} ms`);
        expect(status, JSON.stringify(run)).toBe(200);
        expect(run.ok, failureOf(run)).toBe(true);
      },
      60_000,
    );
});
