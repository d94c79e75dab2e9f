import { describe, expect, it } from "vitest";
import { profileCommand, profileFor } from "../../src/cms/profiles";

describe("a profile's host commands", () => {
  it("go to CP as they are (CP's parser takes the CP and #CP prefixes); an empty one is unknown", () => {
    expect(profileCommand("CP XAUTOLOG PVM")).toEqual({ cp: "CP XAUTOLOG PVM" });
    expect(profileCommand("  cp  ATTACH DB45 * DB4 ")).toEqual({ cp: "cp  ATTACH DB45 * DB4" });
    expect(profileCommand("XAUTOLOG RSCS")).toEqual({ cp: "XAUTOLOG RSCS" });
    expect(profileCommand("   ")).toEqual({ unknown: "Unknown CP/CMS command" });
  });

  it("run only for the users that have a program: AUTOLOG1's PROFILE EXEC, PVM's and then PVM itself", () => {
    expect(profileFor("AUTOLOG1")).toEqual({ vdev: "0191", fn: "PROFILE", ft: "EXEC" });
    expect(profileFor("PVM")).toMatchObject({ fn: "PROFILE", ft: "EXEC", product: { name: "PVM" } });
    expect(profileFor("MAINT")).toBeUndefined();
  });
});
