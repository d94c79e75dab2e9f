import fc from "fast-check";
import { Run, Violation, type Network } from "./in-process";
import { cpScript, scenario, type Scenario } from "./ops";
import type { Sut } from "./sut";

/** What an in-process check found. */
export interface InProcessReport {
  runs: number;
  operations: number;
  steps: number;
  violations: number;
  ms: number;
  seed: number;
  /** The shrunk counterexample: the broken invariant, its message and the CP script that reproduces it. */
  counterexample?: { invariant: string; message: string; script: string };
}

/**
 * Runs `runs` generated scenarios against `sut` with fast-check, shrinking the first failure to a
 * smallest scenario, printed as a CP command script.
 */
export function checkInProcess(
  sut: Sut,
  opts: {
    runs: number;
    seed?: number;
    maxSteps?: number;
    network?: Network;
    /** False: the model grants a LINK sent before its system's last IPL as any other (Run.modelFence). */
    modelFence?: boolean;
    /** False: the model grants a LINK a former life of its node object sent as any other (Run.modelLifeFence). */
    modelLifeFence?: boolean;
  },
): InProcessReport {
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  const t0 = performance.now();
  let operations = 0;
  let steps = 0;
  const once = (s: Scenario) => {
    const run = new Run(sut, s.systems, opts.network);
    run.modelFence = opts.modelFence ?? true;
    run.modelLifeFence = opts.modelLifeFence ?? true;
    try {
      run.run(s);
    } finally {
      operations += run.operations;
      steps += run.steps;
      run.close();
    }
  };
  const out = fc.check(fc.property(scenario(opts.maxSteps), once), { numRuns: opts.runs, seed });
  const report: InProcessReport = {
    runs: out.numRuns,
    operations,
    steps,
    violations: out.failed ? 1 : 0,
    ms: Math.round(performance.now() - t0),
    seed,
  };
  if (out.failed && out.counterexample) {
    const [s] = out.counterexample;
    // Replayed once more to keep what happened on the way (the trace) for the script.
    const run = new Run(sut, s.systems, opts.network);
    run.modelFence = opts.modelFence ?? true;
    run.modelLifeFence = opts.modelLifeFence ?? true;
    let invariant = "error";
    let message = String(out.errorInstance);
    try {
      run.run(s);
    } catch (e) {
      if (e instanceof Violation) invariant = e.invariant;
      message = (e as Error).message;
    }
    report.counterexample = { invariant, message, script: cpScript(s, run.trace) };
  }
  return report;
}
