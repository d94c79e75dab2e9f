import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chaosRun } from "../verify/chaos";
import { linearizabilityRun } from "../verify/http-history";
import { VerifyServer } from "../verify/servers";

// Issue #17 over HTTP against `wrangler dev`, at CI size (docs/verify.md; `npm run verify -- --large`
// runs more): a concurrent history checked for linearizability, and a run under chaos.
describe("verification over HTTP", () => {
  const server = new VerifyServer();
  beforeAll(() => server.start(), 120_000);
  afterAll(() => server.stop());

  it("records a concurrent history of LINK, DETACH, FAIL and XLINK RESET that the model linearizes", async () => {
    const r = await linearizabilityRun(server.base(), "verifylin", { seed: 17, opsPerClient: 8 });
    expect(r.history.ops.length).toBe(3 + 9 * 8 + 1 + 1);
    expect(r.history.ops.every((o) => o.output !== undefined)).toBe(true);
    expect(r.verdict.result, JSON.stringify(r.verdict)).toBe("linearizable");
  }, 120_000);

  it("keeps the invariants, every answered LINK and every punched file through FAILs, re-IPLs and kill -9", async () => {
    const r = await chaosRun(server, "verifychaos", { seed: 17, events: 3, pauseMs: [400, 1200] });
    console.log(
      `chaos: ${r.operations} operations (${r.unanswered} unanswered), ${r.kills} kills, ${r.reipls} re-IPLs, ${r.punched} files punched, ${r.linksChecked} answered links checked`,
    );
    expect(r.violations).toEqual([]);
    expect(r.operations).toBeGreaterThan(30);
    expect(r.punched).toBeGreaterThan(0);
  }, 180_000);
});
