import { describe, expect, it } from "vitest";
import { profileCommand, profileFor } from "../../src/cms/profiles";

describe("a profile's host commands", () => {
  it("go to CP: CP and #CP prefixes dropped, other commands passed as CMS's IMPCP would", () => {
    expect(profileCommand("CP XAUTOLOG PVM")).toEqual({ cp: "XAUTOLOG PVM" });
    expect(profileCommand("  cp  ATTACH DB45 * DB4 ")).toEqual({ cp: "ATTACH DB45 * DB4" });
    expect(profileCommand("#CP QUERY NAMES")).toEqual({ cp: "QUERY NAMES" });
    expect(profileCommand("XAUTOLOG RSCS")).toEqual({ cp: "XAUTOLOG RSCS" });
    expect(profileCommand("CPACCESS")).toEqual({ cp: "CPACCESS" });
    expect(profileCommand("CP")).toEqual({ unknown: "Unknown CP/CMS command" });
    expect(profileCommand("   ")).toEqual({ unknown: "Unknown CP/CMS command" });
  });

  it("run only for the users that have a program: AUTOLOG1's PROFILE EXEC, PVM's and then PVM itself", () => {
    expect(profileFor("AUTOLOG1")).toEqual({ vdev: "0191", fn: "PROFILE", ft: "EXEC" });
    expect(profileFor("PVM")).toMatchObject({ fn: "PROFILE", ft: "EXEC", product: { name: "PVM" } });
    expect(profileFor("MAINT")).toBeUndefined();
  });
});
