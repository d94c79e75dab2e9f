import { describe, expect, it } from "vitest";
import { formatMessage, rcOf } from "../../src/catalog/messages";
import { CseArea } from "../../src/dasd/cse-flags";
import {
  decideLink,
  dominates,
  LINK_MODES,
  LINK_TABLE,
  parseLinkMode,
  type Access,
  type Holder,
  type LinkDecision,
  type LinkMode,
} from "../../src/dasd/link-rules";

// Reference §4.3, written out again by hand (not derived from LINK_TABLE): the access granted,
// "R!" for forced R/O, "-" for a refusal. Columns: none, R, W, SR, SW (SW or SM), ER, EW.
const EXPECTED: Record<LinkMode, string[]> = {
  R: ["R", "R", "-", "R", "-", "-", "-"],
  RR: ["R", "R", "R", "R", "R", "-", "-"],
  W: ["W", "-", "-", "-", "-", "-", "-"],
  WR: ["W", "R!", "R!", "R!", "R!", "-", "-"],
  M: ["W", "W", "-", "-", "-", "-", "-"],
  MR: ["W", "W", "R!", "R!", "R!", "-", "-"],
  MW: ["W", "W", "W", "-", "-", "-", "-"],
  SR: ["SR", "SR", "-", "SR", "-", "-", "-"],
  SM: ["SW", "SW", "-", "-", "-", "-", "-"],
  SW: ["SW", "-", "-", "-", "-", "-", "-"],
  ER: ["ER", "-", "-", "-", "-", "-", "-"],
  EW: ["EW", "-", "-", "-", "-", "-", "-"],
};
const EXISTING: (Access | "none")[] = ["none", "R", "W", "SR", "SW", "ER", "EW"];
const CELLS = LINK_MODES.flatMap((mode) =>
  EXISTING.map((existing, i) => [mode, existing, EXPECTED[mode][i]] as [LinkMode, Access | "none", string]),
);

const local = (who: string, access: Access): Holder => ({ who, access, remote: false });
const remote = (who: string, access: Access): Holder => ({ who, access, remote: true });

/** The decision as the user sees it: the CP line, or "" for a silent grant. */
function line(d: LinkDecision): string {
  if (!d.granted) return formatMessage(d.error.id, d.error.vars);
  return d.warning ? formatMessage(d.warning.id, d.warning.vars) : "";
}

describe("LINK decision table, cell by cell", () => {
  it("has 84 cells to test (12 modes x 7 kinds of existing access)", () => {
    expect(CELLS).toHaveLength(84);
  });

  it.each(CELLS)("%s against existing %s gives %s", (mode, existing, expected) => {
    const others = existing === "none" ? [] : [local("OTHER", existing)];
    const d = decideLink(mode, "OWNER", "0191", others, "0291");
    if (expected === "-") {
      expect(d.granted).toBe(false);
      if (!d.granted) {
        expect(["HCPLNM104E", "HCPLNM105E"]).toContain(d.error.id);
        expect(d.error.vars).toMatchObject({ userid: "OWNER", vdev: "0191", holders: "OTHER" });
      }
    } else if (expected === "R!") {
      expect(d).toMatchObject({ granted: true, access: "R", forcedReadOnly: true });
      if (d.granted) expect(["HCPLNM101W", "HCPLNM102W"]).toContain(d.warning?.id);
    } else {
      expect(d).toEqual({ granted: true, access: expected, forcedReadOnly: false });
    }
  });

  it("names the writer in 105E and the reader in 104E", () => {
    expect(line(decideLink("R", "OWNER", "0191", [local("A", "W")]))).toBe(
      "HCPLNM105E OWNER 0191 not linked; R/W by A",
    );
    expect(line(decideLink("W", "OWNER", "0191", [local("A", "SR")]))).toBe(
      "HCPLNM104E OWNER 0191 not linked; R/O by A",
    );
    expect(line(decideLink("M", "OWNER", "0191", [local("A", "EW")]))).toBe(
      "HCPLNM105E OWNER 0191 not linked; R/W by A",
    );
    expect(line(decideLink("RR", "OWNER", "0191", [local("A", "ER")]))).toBe(
      "HCPLNM104E OWNER 0191 not linked; R/O by A",
    );
  });

  it("keeps the table and the LINK_TABLE data consistent: R/O rows hold read accesses", () => {
    for (const mode of LINK_MODES) {
      const d = decideLink(mode, "O", "0191", []);
      expect(d.granted).toBe(true);
      if (d.granted) expect(["R", "SR", "ER"].includes(d.access)).toBe(LINK_TABLE[mode][0] === "R/O");
    }
  });
});

describe("LINK decisions with several holders", () => {
  it("decides by the strongest existing access", () => {
    expect(decideLink("M", "O", "0191", [local("A", "R"), local("B", "R"), local("C", "W")]).granted).toBe(
      false,
    );
    expect(decideLink("MW", "O", "0191", [local("A", "R"), local("B", "W")])).toMatchObject({
      granted: true,
      access: "W",
    });
  });

  it("stays defined for a write plus an SR, which no strongest access covers", () => {
    // R is refused by the writer, MW by the stable reader: both must count.
    expect(decideLink("R", "O", "0191", [local("A", "W"), local("B", "SR")]).granted).toBe(false);
    expect(decideLink("MW", "O", "0191", [local("A", "W"), local("B", "SR")]).granted).toBe(false);
  });

  it("counts users when more than one holds that kind, once each", () => {
    const others = [local("A", "R"), local("B", "R"), local("B", "R")];
    expect(line(decideLink("W", "OWNER", "0191", others))).toBe(
      "HCPLNM104E OWNER 0191 not linked; R/O by 2 users",
    );
  });

  it("gives 106E when both readers and writers refuse the request", () => {
    const others = [local("A", "W"), local("B", "R"), local("C", "R")];
    expect(line(decideLink("W", "OWNER", "0191", others))).toBe(
      "HCPLNM106E OWNER 0191 not linked; R/W by A; R/O by 2 users",
    );
  });

  it("names only the holders that refuse: M with a reader and a writer names the writer", () => {
    expect(line(decideLink("M", "OWNER", "0191", [local("A", "R"), local("B", "W")]))).toBe(
      "HCPLNM105E OWNER 0191 not linked; R/W by B",
    );
  });

  it("warns 103W when readers and writers both force R/O, and names the new vdev", () => {
    const d = decideLink("WR", "OWNER", "0191", [local("A", "W"), local("B", "R")], "0391");
    expect(line(d)).toBe("HCPLNM103W DASD 0391 forced R/O; R/W by A; R/O by B");
  });

  it("lets a refusal outrank a forced R/O", () => {
    const d = decideLink("WR", "OWNER", "0191", [local("A", "R"), local("B", "EW")]);
    expect(line(d)).toBe("HCPLNM105E OWNER 0191 not linked; R/W by B");
  });
});

describe("LINK across systems (CSE form)", () => {
  it("names the system, not the user", () => {
    expect(line(decideLink("M", "X", "0200", [remote("SYSA", "W")]))).toBe(
      "HCPLNM105E X 0200 not linked; R/W by SYSA",
    );
    expect(line(decideLink("W", "X", "0200", [remote("SYSA", "R")]))).toBe(
      "HCPLNM104E X 0200 not linked; R/O by SYSA",
    );
    const d = decideLink("W", "X", "0200", [remote("SYSA", "R")]);
    if (!d.granted) expect(d.error.id).toBe("HCPLNM104E:CSE");
  });

  it("names one system, the first in the order given, when several conflict", () => {
    expect(line(decideLink("W", "X", "0200", [remote("SYSB", "R"), remote("SYSC", "R")]))).toBe(
      "HCPLNM104E X 0200 not linked; R/O by SYSB",
    );
  });

  it("reports local holders first when both local and remote ones refuse", () => {
    const d = decideLink("W", "X", "0200", [remote("SYSB", "W"), local("U1", "R")]);
    expect(line(d)).toBe("HCPLNM104E X 0200 not linked; R/O by U1");
  });

  it("reports the remote system when the local check passes and the remote one refuses", () => {
    // The local reader only forces R/O; the remote exclusive writer refuses outright.
    const d = decideLink("WR", "X", "0200", [local("U1", "R"), remote("SYSB", "EW")]);
    expect(line(d)).toBe("HCPLNM105E X 0200 not linked; R/W by SYSB");
  });

  it("warns with the system name on a forced R/O caused by another system", () => {
    const d = decideLink("MR", "X", "0200", [remote("SYSA", "W")], "0300");
    expect(d).toMatchObject({ granted: true, access: "R", forcedReadOnly: true });
    expect(line(d)).toBe("HCPLNM102W DASD 0300 forced R/O; R/W by SYSA");
  });

  it("uses the CSE 106E form when one system writes and another reads", () => {
    const d = decideLink("W", "X", "0200", [remote("SYSA", "W"), remote("SYSB", "R")]);
    expect(line(d)).toBe("HCPLNM106E X 0200 not linked; R/W by SYSA; R/O by SYSB");
  });
});

describe("parseLinkMode", () => {
  it.each(LINK_MODES)("reads %s in either case", (mode) => {
    expect(parseLinkMode(mode)).toEqual({ mode, virtualReserve: false });
    expect(parseLinkMode(mode.toLowerCase())).toEqual({ mode, virtualReserve: false });
  });

  it("reads the V suffix (virtual reserve/release)", () => {
    expect(parseLinkMode("MWV")).toEqual({ mode: "MW", virtualReserve: true });
    expect(parseLinkMode("mwv")).toEqual({ mode: "MW", virtualReserve: true });
    expect(parseLinkMode("RV")).toEqual({ mode: "R", virtualReserve: true });
  });

  it("refuses what is not a mode", () => {
    for (const t of ["", "V", "X", "RW", "MD", "MWVV", "VMW", "PASS=ALL", "WRITE"])
      expect(parseLinkMode(t)).toBeUndefined();
  });
});

describe("dominates", () => {
  it("orders accesses where the table does", () => {
    expect(dominates("W", "R")).toBe(true);
    expect(dominates("R", "W")).toBe(false);
    expect(dominates("EW", "SW")).toBe(true);
    expect(dominates("ER", "EW") && dominates("EW", "ER")).toBe(true);
    expect(dominates("W", "SR") || dominates("SR", "W")).toBe(false);
  });
});

describe("reference §9.3 scenarios", () => {
  it("1: R against an existing R/W link is refused, naming the writer", () => {
    const d = decideLink("R", "OWNER", "0191", [local("A", "W")], "0391");
    expect(d.granted).toBe(false);
    expect(line(d)).toBe("HCPLNM105E OWNER 0191 not linked; R/W by A");
    if (!d.granted) expect(rcOf(d.error.id)).toBe(105);
  });

  it("2: RR against a writer is R/O without a warning; RR against EW is refused", () => {
    expect(decideLink("RR", "OWNER", "0191", [local("A", "W")])).toEqual({
      granted: true,
      access: "R",
      forcedReadOnly: false,
    });
    expect(line(decideLink("RR", "OWNER", "0191", [local("A", "EW")]))).toBe(
      "HCPLNM105E OWNER 0191 not linked; R/W by A",
    );
  });

  it("3: W with existing readers is refused, R/O by n users", () => {
    const d = decideLink("W", "OWNER", "0191", [local("A", "R"), local("B", "R")]);
    expect(line(d)).toBe("HCPLNM104E OWNER 0191 not linked; R/O by 2 users");
  });

  it("4: WR with existing readers is forced R/O with 101W", () => {
    const d = decideLink("WR", "OWNER", "0191", [local("A", "R"), local("B", "R")], "0291");
    expect(d).toMatchObject({ granted: true, access: "R", forcedReadOnly: true });
    expect(line(d)).toBe("HCPLNM101W DASD 0291 forced R/O; R/O by 2 users");
    if (d.granted) expect(rcOf(d.warning!.id)).toBe(101);
  });

  it("5: M while another user reads is R/W; a second M is refused", () => {
    const first = decideLink("M", "OWNER", "0191", [local("A", "R")]);
    expect(first).toEqual({ granted: true, access: "W", forcedReadOnly: false });
    const second = decideLink("M", "OWNER", "0191", [local("A", "R"), local("B", "W")]);
    expect(line(second)).toBe("HCPLNM105E OWNER 0191 not linked; R/W by B");
  });

  it("6: MR with an existing writer is forced R/O with 102W", () => {
    const d = decideLink("MR", "OWNER", "0191", [local("A", "W")], "0291");
    expect(line(d)).toBe("HCPLNM102W DASD 0291 forced R/O; R/W by A");
  });

  it("7: MW with a writer is R/W; MW with a stable reader is refused", () => {
    expect(decideLink("MW", "OWNER", "0191", [local("A", "W")])).toMatchObject({
      granted: true,
      access: "W",
    });
    expect(line(decideLink("MW", "OWNER", "0191", [local("A", "SR")]))).toBe(
      "HCPLNM104E OWNER 0191 not linked; R/O by A",
    );
  });

  it("8: with an SR held, W, M and MW are refused; RR and R are granted", () => {
    const others = [local("A", "SR")];
    for (const mode of ["W", "M", "MW"] as const)
      expect(decideLink(mode, "OWNER", "0191", others).granted).toBe(false);
    for (const mode of ["RR", "R"] as const) {
      expect(decideLink(mode, "OWNER", "0191", others)).toEqual({
        granted: true,
        access: "R",
        forcedReadOnly: false,
      });
    }
  });

  it("9: with an ER held, every request is refused, RR included", () => {
    for (const mode of LINK_MODES) {
      const d = decideLink(mode, "OWNER", "0191", [local("A", "ER")]);
      expect(line(d), mode).toBe("HCPLNM104E OWNER 0191 not linked; R/O by A");
    }
  });

  // Systems SYSA (slot 1) and SYSB (slot 2) share volume SHR001; its CSE area gives the remote holders.
  const names = { 1: "SYSA", 2: "SYSB" };
  const area = () =>
    new CseArea({
      formattedBy: "MAINT",
      system: "SYSA",
      at: "2024-01-02T03:04:05Z",
      cylinders: 3339,
      systems: 2,
    });
  const remoteHolders = (a: CseArea, slot: number, start: number, end: number) =>
    a.othersOver(slot, start, end).map((o) => remote(names[o.slot as 1 | 2], o.access));

  it("15: M on SYSB after M on SYSA is refused, naming SYSA rather than the user", () => {
    const a = area();
    const onA = decideLink("M", "X", "0200", remoteHolders(a, 1, 200, 299));
    expect(onA).toMatchObject({ granted: true, access: "W" });
    if (onA.granted) a.setRange(1, 200, 299, onA.access);
    const onB = decideLink("M", "X", "0200", remoteHolders(a, 2, 200, 299));
    expect(line(onB)).toBe("HCPLNM105E X 0200 not linked; R/W by SYSA");
  });

  it("16: R against R across systems: both granted, XLINK DISPLAY shows both", () => {
    const a = area();
    for (const slot of [1, 2]) {
      const d = decideLink("R", "X", "0200", remoteHolders(a, slot, 200, 209));
      expect(d).toEqual({ granted: true, access: "R", forcedReadOnly: false });
      if (d.granted) a.setRange(slot, 200, 209, d.access);
    }
    expect(a.display("SHR001", names).slice(1)).toEqual(["00200-00209 R SYSA R SYSB"]);
  });

  it("17: different minidisks overlapping real cylinders conflict across systems", () => {
    const a = area();
    a.setRange(1, 100, 199, "W"); // disk 1 of OWNER1, cylinders 100-199, W on SYSA
    const disk2 = decideLink("W", "OWNER2", "0191", remoteHolders(a, 2, 50, 149)); // cylinders 50-149
    expect(line(disk2)).toBe("HCPLNM105E OWNER2 0191 not linked; R/W by SYSA");
    const disjoint = decideLink("W", "OWNER3", "0191", remoteHolders(a, 2, 200, 299));
    expect(disjoint).toMatchObject({ granted: true, access: "W" });
  });
});
