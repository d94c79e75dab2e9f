import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LedgerLink } from "../../src/dasd/ledger";
import {
  linkState,
  type NodeLink,
  PENDING,
  planLinkRepair,
  repairLine,
  type RepairPlan,
} from "../../src/dasd/link-repair";

const entry = (userid: string, vdev: string, generation: number, more: Partial<LedgerLink> = {}) =>
  ({
    system: "SYSA",
    userid,
    vdev,
    owner: "OWNER",
    ownerVdev: "0191",
    start: 100,
    end: 149,
    access: "W",
    requested: "M",
    generation,
    virtualReserve: false,
    ...more,
  }) satisfies LedgerLink;

const device = (userid: string, vdev: string, more: Partial<NodeLink> = {}): NodeLink => ({
  userid,
  vdev,
  owner: "OWNER",
  ownerVdev: "0191",
  state: "linked",
  generation: null,
  token: null,
  inFlight: false,
  ...more,
});

const summary = (p: RepairPlan) => ({
  drop: p.drop.map((e) => `${e.system} ${e.userid} ${e.vdev}`),
  orphans: p.orphans.map((e) => `${e.userid} ${e.vdev}`),
  verdicts: p.verdicts.map((v) => `${v.kind} ${v.link.userid} ${v.link.vdev}`),
});

describe("crash repair of links: what a mismatch is and what is done", () => {
  it("keeps what agrees: a settled link and its grant", () => {
    const plan = planLinkRepair("SYSA", [device("U1", "0200", { generation: 7 })], [entry("U1", "0200", 7)]);
    expect(summary(plan)).toEqual({ drop: [], orphans: [], verdicts: [] });
  });

  it("drops a ledger entry no device shows (a DETACH whose volume call never came), and only this system's", () => {
    const ledger = [entry("U1", "0200", 3), entry("U1", "0200", 4, { system: "SYSB" })];
    expect(summary(planLinkRepair("SYSA", [], ledger))).toEqual({
      drop: ["SYSA U1 0200"],
      orphans: ["U1 0200"],
      verdicts: [],
    });
  });

  it("completes a LINK in doubt that the volume granted, known by its token", () => {
    const linking = device("U1", "0200", { state: "linking", token: "t1" });
    const plan = planLinkRepair("SYSA", [linking], [entry("U1", "0200", 9, { token: "t1" })]);
    expect(summary(plan)).toEqual({ drop: [], orphans: [], verdicts: ["completed U1 0200"] });
    expect(plan.verdicts[0]).toMatchObject({ kind: "completed", entry: { generation: 9, access: "W" } });
  });

  it("undoes a LINK in doubt that the volume never granted, and drops an entry of another request", () => {
    const linking = device("U1", "0200", { state: "linking", token: "t1" });
    expect(summary(planLinkRepair("SYSA", [linking], []))).toEqual({
      drop: [],
      orphans: [],
      verdicts: ["undone U1 0200"],
    });
    // An entry under the same vdev from an older request (no token, or another one) is not this LINK's.
    const plan = planLinkRepair("SYSA", [linking], [entry("U1", "0200", 2, { token: "old" })]);
    expect(summary(plan)).toEqual({
      drop: ["SYSA U1 0200"],
      orphans: ["U1 0200"],
      verdicts: ["undone U1 0200"],
    });
  });

  it("finishes a DETACH in doubt whether or not the volume had done its part", () => {
    const detaching = device("U1", "0200", { state: "detaching", generation: 5, token: "t1" });
    expect(summary(planLinkRepair("SYSA", [detaching], [entry("U1", "0200", 5)]))).toEqual({
      drop: ["SYSA U1 0200"],
      orphans: [],
      verdicts: ["detached U1 0200"],
    });
    expect(summary(planLinkRepair("SYSA", [detaching], []))).toEqual({
      drop: [],
      orphans: [],
      verdicts: ["detached U1 0200"],
    });
    // A DETACH of a LINK that had not been answered yet knows its grant by the token only.
    const early = device("U1", "0200", { state: "detaching", token: "t2" });
    expect(
      summary(planLinkRepair("SYSA", [early], [entry("U1", "0200", 6, { token: "t2" })])).orphans,
    ).toEqual([]);
  });

  it("drops a settled link the ledger lacks, or whose entry is another grant", () => {
    const linked = device("U1", "0200", { generation: 7 });
    expect(summary(planLinkRepair("SYSA", [linked], []))).toEqual({
      drop: [],
      orphans: [],
      verdicts: ["missing U1 0200"],
    });
    expect(summary(planLinkRepair("SYSA", [linked], [entry("U1", "0200", 8)]))).toEqual({
      drop: ["SYSA U1 0200"],
      orphans: ["U1 0200"],
      verdicts: ["missing U1 0200"],
    });
  });

  it("leaves a device in flight and its entry alone: its own request settles them", () => {
    const devices = [
      device("U1", "0200", { state: "linking", token: "t1", inFlight: true }),
      device("U2", "0200", { state: "detaching", generation: 3, token: "t2", inFlight: true }),
    ];
    const ledger = [entry("U1", "0200", 4, { token: "t1" }), entry("U2", "0200", 3)];
    expect(summary(planLinkRepair("SYSA", devices, ledger))).toEqual({ drop: [], orphans: [], verdicts: [] });
    expect(summary(planLinkRepair("SYSA", [devices[0]], []))).toEqual({
      drop: [],
      orphans: [],
      verdicts: [],
    });
  });

  it("reads the stored pending column", () => {
    expect([0, 1, 2].map(linkState)).toEqual(["linked", "linking", "detaching"]);
    expect(PENDING.detaching).toBe(2);
  });

  it("says what it did on the console, in words of its own", () => {
    const linking = device("MAINT", "0300", { state: "linking", token: "t", ownerVdev: "015D" });
    const e = entry("MAINT", "0300", 9, { token: "t", ownerVdev: "015D" });
    expect(repairLine("VMPCOM", { kind: "completed", link: linking, entry: e })).toBe(
      "LINK REPAIR ON VMPCOM: MAINT 0300 (OWNER 015D) LINK COMPLETED R/W: THE VOLUME HAD GRANTED IT",
    );
    expect(repairLine("VMPCOM", { kind: "orphan", entry: e })).toBe(
      "LINK REPAIR ON VMPCOM: MAINT 0300 (OWNER 015D) LINK REMOVED FROM THE VOLUME: NO SUCH DEVICE ON SYSA",
    );
  });
});

// Any mix of devices and entries: after the plan and its verdicts, the two sides agree.
const USERS = ["U1", "U2"];
const VDEVS = ["0200", "0201"];
const arbitraryDevice = fc.record({
  userid: fc.constantFrom(...USERS),
  vdev: fc.constantFrom(...VDEVS),
  state: fc.constantFrom("linked", "linking", "detaching") as fc.Arbitrary<NodeLink["state"]>,
  generation: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  token: fc.option(fc.constantFrom("a", "b", "c"), { nil: null }),
  inFlight: fc.boolean(),
});
const arbitraryEntry = fc.record({
  system: fc.constantFrom("SYSA", "SYSB"),
  userid: fc.constantFrom(...USERS),
  vdev: fc.constantFrom(...VDEVS),
  generation: fc.integer({ min: 1, max: 4 }),
  token: fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
});
const uniqueBy = <T extends { userid: string; vdev: string }>(xs: T[], more: (x: T) => string = () => "") => [
  ...new Map(xs.map((x) => [`${more(x)} ${x.userid} ${x.vdev}`, x])).values(),
];

describe("crash repair of links, for any mismatch", () => {
  it("leaves every settled device with its grant and every entry of the system with its device", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryDevice, { maxLength: 4 }),
        fc.array(arbitraryEntry, { maxLength: 6 }),
        (d, e) => {
          const devices = uniqueBy(d).map((x) => device(x.userid, x.vdev, x));
          const ledger = uniqueBy(e, (x) => x.system).map((x) => entry(x.userid, x.vdev, x.generation, x));
          const plan = planLinkRepair("SYSA", devices, ledger);
          // Apply it as the objects do.
          const left = ledger.filter((x) => !plan.drop.includes(x));
          const after = devices.flatMap((x): NodeLink[] => {
            const v = plan.verdicts.find((y) => y.link === x);
            if (!v) return [x];
            return v.kind === "completed" ? [{ ...x, state: "linked", generation: v.entry.generation }] : [];
          });
          const key = (x: { userid: string; vdev: string }) => `${x.userid} ${x.vdev}`;
          // Other systems' entries are never touched.
          expect(left.filter((x) => x.system !== "SYSA")).toEqual(ledger.filter((x) => x.system !== "SYSA"));
          for (const x of after.filter((y) => !y.inFlight)) {
            expect(x.state).toBe("linked");
            const mine = left.find((y) => y.system === "SYSA" && key(y) === key(x));
            expect(mine?.generation).toBe(x.generation);
          }
          for (const y of left.filter((z) => z.system === "SYSA"))
            expect(after.some((x) => key(x) === key(y))).toBe(true);
          // A device in flight keeps its entry, whatever it is.
          for (const x of devices.filter((y) => y.inFlight)) {
            const had = ledger.find((y) => y.system === "SYSA" && key(y) === key(x));
            if (had) expect(left).toContain(had);
          }
        },
      ),
    );
  });
});
