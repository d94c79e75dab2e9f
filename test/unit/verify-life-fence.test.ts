import { describe, expect, it } from "vitest";
import { checkInProcess } from "../verify/check-in-process";
import { MUTANTS } from "../verify/mutants";
import { REAL } from "../verify/sut";

// The `--network outlive` finding (docs/verify.md, "What it found"): a LINK sent before its node
// object restarts reaches the volume after the new life's crash repair and was granted a link the
// node does not know. The simulated nodes now count their object's lives and send the life with
// each LINK and each repair, the volume's LinkLedger records the repairing life (`repairedBy`) and
// refuses a former life's LINK (`fenced`), and the model refuses it too. Seeds are fixed so a
// failure repeats.
describe("the node object's life fence under the in-process model check", () => {
  it("finds no violation in 4,000 runs where a sent call outlives its node object's restart", () => {
    const r = checkInProcess(REAL, { runs: 4_000, seed: 17, network: "outlive" });
    expect(r.counterexample?.script ?? "", r.counterexample?.message).toBe("");
    expect(r.runs).toBe(4_000);
    expect(r.operations).toBeGreaterThan(20_000);
  }, 60_000);

  it("never acts unless a call outlives its node object: a model without it agrees under reorder", () => {
    const r = checkInProcess(REAL, { runs: 3_000, seed: 17, network: "reorder", modelLifeFence: false });
    expect(r.counterexample?.script ?? "", r.counterexample?.message).toBe("");
    expect(r.runs).toBe(3_000);
  }, 60_000);

  it("acts under outlive: a model without it grants a LINK the volume refuses", () => {
    const r = checkInProcess(REAL, { runs: 4_000, seed: 17, network: "outlive", modelLifeFence: false });
    expect(r.violations).toBe(1);
    expect(r.counterexample!.invariant).toBe("decision");
    expect(r.counterexample!.message).toMatch(/refused, the model says granted/);
  }, 60_000);

  // A LINK without its life, or a repair that does not record its life: either way the volume has
  // no fence, the model (without its own) grants the late LINK as any other, and what breaks is the
  // finding's own harm: the volume holds an entry the restarted node does not know.
  for (const name of ["no-life-fence", "repair-skips-life"])
    it(`without it (${name}), the late LINK is granted an entry the restarted node does not know`, () => {
      const r = checkInProcess(MUTANTS[name].sut, {
        runs: 4_000,
        seed: 17,
        network: MUTANTS[name].network,
        modelLifeFence: false,
      });
      expect(r.violations).toBe(1);
      expect(["agreement", "lost", "ledger"]).toContain(r.counterexample!.invariant);
      // The counterexample restarts the node object while one of its LINKs is on its way, and the
      // LINK's request ends when its call arrives (DIED).
      expect(r.counterexample!.script).toMatch(/the node object restarts/);
      expect(r.counterexample!.script).toMatch(/LINK .* -> DIED/);
    }, 60_000);
});
