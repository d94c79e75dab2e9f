import { describe, expect, it } from "vitest";
import { directoryOnline, residenceArea, spoolingComplete } from "../../src/cp/console-lines";
import { movedResidence, residenceOffline, type ImageResidence } from "../../src/plex/image";

const CKPT = { volid: "VM9CDS", from: 1, count: 9, unit: "cylinder" as const };
const WARM = { volid: "VM9CDS", from: 10, count: 9, unit: "cylinder" as const };

describe("System_Residence at IPL (issue #13 item 8)", () => {
  it("prints the directory line the reference gives (cp-first-hour.md §9)", () => {
    expect(directoryOnline("M01RES", "0123")).toBe(
      "The directory on volume M01RES at address 0123 has been brought online.",
    );
  });

  it("prints where each area is, in the layout of HCPZCO6718I's parm-disk line", () => {
    expect(residenceArea("checkpoint", CKPT, "5502")).toBe(
      "Checkpoint area on volume VM9CDS (device 5502) resides on cylinders 1 through 9.",
    );
    expect(residenceArea("warmstart", WARM)).toBe(
      "Warm start area on volume VM9CDS resides on cylinders 10 through 18.",
    );
    expect(residenceArea("checkpoint", { volid: "EDEV01", from: 16, count: 256, unit: "page" })).toBe(
      "Checkpoint area on volume EDEV01 resides on pages 16 through 271.",
    );
    expect(spoolingComplete()).toBe("HCPWRS2512I Spooling initialization is complete.");
  });

  it("finds the areas a warm start cannot read because they moved", () => {
    const before: ImageResidence = { checkpoint: CKPT, warmstart: WARM };
    expect(movedResidence(before, { checkpoint: CKPT, warmstart: WARM })).toEqual([]);
    expect(movedResidence(undefined, before)).toEqual([]);
    expect(movedResidence(before, undefined)).toEqual([]);
    const moved = { ...CKPT, volid: "VM9CD2" };
    expect(movedResidence(before, { checkpoint: moved, warmstart: WARM })).toEqual([
      { area: "checkpoint", from: CKPT, to: moved },
    ]);
    expect(movedResidence(before, { checkpoint: CKPT, warmstart: { ...WARM, count: 8 } })).toHaveLength(1);
  });

  it("finds the areas whose volume the IPL does not bring online", () => {
    const residence: ImageResidence = { checkpoint: CKPT, warmstart: { ...WARM, volid: "VM5CDS" } };
    expect(
      residenceOffline(residence, [
        { volser: "VM9CDS", system: true },
        { volser: "VM5CDS", system: false },
      ]),
    ).toEqual([{ area: "warmstart", volid: "VM5CDS" }]);
    expect(residenceOffline(undefined, [])).toEqual([]);
  });
});
