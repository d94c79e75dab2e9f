import { describe, expect, it } from "vitest";
import { judge, type ChaosObservation } from "../verify/chaos";
import type { HttpInput } from "../verify/http-model";
import type { HistoryOp } from "../verify/linearizability";

// The checks the chaos run makes afterwards (test/verify/chaos.ts `judge`), each shown a planted
// fault in what it observes: the server cannot be given a bug without a switch in product code.

const link = (
  id: number,
  sys: string,
  user: string,
  vdev: string,
  output: string,
  invoke: number,
  ret: number,
) =>
  ({
    id,
    client: `${sys} ${user}`,
    input: { op: "LINK", sys, user, disk: 0, vdev, mode: "W", password: "WPASS" },
    output,
    invoke,
    ret,
  }) as HistoryOp<HttpInput, string>;

/** A sound observation: SYS1 U1 writes OWNER 0191 (cylinders 10-29), answered and held. */
function sound(): ChaosObservation {
  return {
    ops: [link(0, "SYS1", "U1", "0300", "OK", 0, 5)],
    ipls: [],
    view: {
      links: [
        {
          system: "SYS1",
          userid: "U1",
          vdev: "0300",
          owner: "OWNER",
          ownerVdev: "0191",
          start: 10,
          end: 29,
          mode: "R/W",
          requested: "W",
        },
      ],
      flags: [{ cylinder: 10, end: 29, system: "SYS1", mode: "W" }],
    },
    nodes: { SYS1: ["U1 0300 SHR001 R/W"], SYS2: [] },
    punched: [{ sys: "SYS1", name: "F1N1" }],
    readers: { SYS1: ["F1N1"], SYS2: [] },
  };
}

describe("the checks after chaos", () => {
  it("pass a sound observation and check the link answered", () => {
    expect(judge(sound())).toEqual({ violations: [], linksChecked: 1 });
  });

  it("catch two systems writing overlapping cylinders", () => {
    const o = sound();
    o.view.links.push({
      ...o.view.links[0],
      system: "SYS2",
      start: 25,
      end: 34,
      owner: "OWNER",
      ownerVdev: "0192",
    });
    o.view.flags.push({ cylinder: 25, end: 34, system: "SYS2", mode: "W" });
    o.nodes.SYS2 = ["U1 0300 SHR001 R/W"];
    expect(judge(o).violations).toEqual([expect.stringMatching(/^write: SYS1 U1 0300 and SYS2 U1 0300/)]);
  });

  it("allow a writer beside another when it asked for MW", () => {
    const o = sound();
    o.view.links.push({ ...o.view.links[0], system: "SYS2", requested: "MW" });
    o.view.flags.push({ cylinder: 10, end: 29, system: "SYS2", mode: "W" });
    o.nodes.SYS2 = ["U1 0300 SHR001 R/W"];
    expect(judge(o).violations).toEqual([]);
  });

  it("catch flags that are not what the ledger implies", () => {
    const o = sound();
    o.view.flags = [{ cylinder: 10, end: 20, system: "SYS1", mode: "W" }];
    expect(judge(o).violations).toEqual([expect.stringMatching(/^flags: SYS1 21/)]);
  });

  it("catch a node and its volume disagreeing", () => {
    const o = sound();
    o.nodes.SYS2 = ["U2 0301 SHR001 R/O"];
    expect(judge(o).violations).toEqual([expect.stringMatching(/^agreement: SYS2 shows \[U2 0301/)]);
  });

  it("catch an answered LINK that is gone, but not one a FAIL may have taken", () => {
    const o = sound();
    o.view.links = [];
    o.view.flags = [];
    o.nodes.SYS1 = [];
    expect(judge(o).violations).toEqual([expect.stringMatching(/^lost: SYS1 U1 LINK to 0300/)]);
    o.ops = [
      ...o.ops,
      { id: 1, client: "operator", input: { op: "FAIL", sys: "SYS1" }, output: "OK", invoke: 3, ret: 4 },
    ];
    expect(judge(o)).toEqual({ violations: [], linksChecked: 0 });
  });

  it("catch a spool file lost or doubled", () => {
    const lost = sound();
    lost.readers.SYS1 = [];
    expect(judge(lost).violations).toEqual(["spool: SYS1 file F1N1 is in the reader 0 times"]);
    const doubled = sound();
    doubled.readers.SYS1 = ["F1N1", "F1N1"];
    expect(judge(doubled).violations).toEqual([
      "spool: SYS1 file F1N1 is in the reader 2 times",
      "spool: SYS1 reader holds F1N1 more than once",
    ]);
  });
});
