import { describe, expect, it } from "vitest";
import { parseSystemConfig } from "../../src/config/parse";
import { sharedDasd } from "../../src/config/rdevice";
import { fullPackOf, reserveGoesToHardware } from "../../src/dasd/link-rules";
import { formatMessage } from "../../src/catalog/messages";

/** DEVNO minidisks and shared devices (issue #13 item 5; docs/decisions.md). */

describe("RDEVICE ... TYPE DASD SHARED YES (src/config/rdevice.ts)", () => {
  const statements = (text: string) => parseSystemConfig({ "SYSTEM CONFIG": text }).model.statements;

  it("reads single devices and ranges marked shared, the last statement naming a device winning", () => {
    const text = [
      "Rdevice 0600 Type DASD Shared Yes",
      "RDEVICE 0700-0702 TYPE DASD SHARED YES EQID ABC",
      "Rdevice 0701 Type DASD Shared No",
      "Rdevice 0800 Type DASD",
      "Rdevice 0900 Type DASD Share Yes",
      "Rdevice 0A00 Type TAPE Shared Yes",
      "",
    ].join("\n");
    expect(sharedDasd(statements(text))).toEqual(["0600", "0700", "0702", "0900"]);
  });

  it("ignores malformed device numbers and ranges too wide to be real", () => {
    const text = ["Rdevice 06X0 Type DASD Shared Yes", "Rdevice 0000-FFFF Type DASD Shared Yes", ""].join(
      "\n",
    );
    expect(sharedDasd(statements(text))).toEqual([]);
  });
});

describe("DEVNO decisions (src/dasd/link-rules.ts)", () => {
  it("a DEVNO minidisk is a full-pack extent of the volume at its rdev", () => {
    const md = {
      kind: "devno",
      devno: "0600",
      mode: "MWV",
      start: undefined,
      count: undefined,
      volser: undefined,
    };
    expect(fullPackOf(md, { volser: "DEVS01", cylinders: 3339 })).toMatchObject({
      kind: "extent",
      volser: "DEVS01",
      start: 0,
      count: 3339,
      devno: "0600",
      mode: "MWV",
    });
  });

  it("RESERVE goes to the hardware only with a V mode, a DEVNO minidisk and a device marked shared", () => {
    expect(reserveGoesToHardware("MWV", "0600", ["0600"])).toBe(true);
    expect(reserveGoesToHardware("mwv", "0600", ["0600"])).toBe(true);
    expect(reserveGoesToHardware("MW", "0600", ["0600"])).toBe(false);
    expect(reserveGoesToHardware("MWV", "0601", ["0600"])).toBe(false);
    expect(reserveGoesToHardware("MWV", undefined, ["0600"])).toBe(false);
    expect(reserveGoesToHardware("MWV", "0600", undefined)).toBe(false);
  });

  it("LINK to a T-DISK answers HCPLNM109E", () => {
    expect(formatMessage("HCPLNM109E", { userid: "VOWNER", vdev: "0291" })).toBe(
      "HCPLNM109E VOWNER 0291 not linked; invalid link device",
    );
  });
});
