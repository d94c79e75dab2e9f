import { describe, expect, it } from "vitest";
import { lookupVerb, parseDirm } from "../../src/dirmaint/commands";

/** The parsed command, or the test fails with the refusal's lines. */
function parsed(text: string, requester = "MAINT") {
  const r = parseDirm(text, requester);
  if (!r.ok) throw new Error(r.lines.join("\n"));
  return r.command;
}

/** The refusal's lines joined, or the test fails. */
function refused(text: string, requester = "MAINT"): { rc: number; text: string } {
  const r = parseDirm(text, requester);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.command)}`);
  return { rc: r.rc, text: r.lines.join(" ") };
}

describe("DIRM command lines", () => {
  it("read FOR and AT; without FOR the target is the requester; ADD's target is the new userid", () => {
    expect(parsed("for linux1 amd 201 3390 1 50 lnx301 mr")).toEqual({
      verb: "AMDISK",
      vdev: "0201",
      devtype: "3390",
      start: 1,
      size: 50,
      volser: "LNX301",
      mode: "MR",
      target: "LINUX1",
      node: "*",
      text: "for linux1 amd 201 3390 1 50 lnx301 mr",
    });
    expect(parsed("USER WITHPASS", "maint")).toMatchObject({ verb: "USER", withpass: true, target: "MAINT" });
    expect(parsed("FOR X AT LTICVM2 REView")).toMatchObject({ verb: "REVIEW", target: "X", node: "LTICVM2" });
    expect(parsed("add lindflt")).toMatchObject({ verb: "ADD", userid: "LINDFLT", target: "LINDFLT" });
    expect(parsed("ADD LINUX1 LIKE LINUX PW ZCLOUD")).toMatchObject({
      verb: "ADD",
      userid: "LINUX1",
      like: "LINUX",
      password: "ZCLOUD",
    });
  });

  it("read every verb's operands and defaults", () => {
    expect(parsed("FOR U PURGE")).toMatchObject({ verb: "PURGE", clean: false });
    expect(parsed("FOR U PURGE CLEAN")).toMatchObject({ verb: "PURGE", clean: true });
    expect(parsed("FOR U AMDISK 191 3390 100 10 VMPCOM")).toMatchObject({ mode: "W" });
    expect(parsed("FOR U AMD 191 3390 AUTOV 10 VMPCOM")).toMatchObject({ start: "AUTOV", size: 10 });
    expect(parsed("FOR U DMDISK 191")).toMatchObject({ verb: "DMDISK", vdev: "0191", clean: false });
    expect(parsed("FOR U LINK MAINT 190 190 RR")).toMatchObject({
      verb: "LINK",
      owner: "MAINT",
      ownerVdev: "0190",
      vdev: "0190",
      mode: "RR",
      delete: false,
    });
    expect(parsed("FOR U LINK MAINT 190 190 DELETE")).toMatchObject({ verb: "LINK", delete: true });
    expect(parsed("FOR U DLINK 191")).toMatchObject({ verb: "DLINK", vdev: "0191" });
    expect(parsed("FOR U SETPW NEWPW")).toMatchObject({ verb: "SETPW", password: "NEWPW" });
    expect(parsed("PW NEWPW", "U")).toMatchObject({ verb: "PW", password: "NEWPW", target: "U" });
    expect(parsed("FOR U CLASS ABCDG")).toMatchObject({ verb: "CLASS", classes: "ABCDG" });
    expect(parsed("FOR U GET")).toMatchObject({ verb: "GET", lock: true });
    expect(parsed("FOR U GET NOLOCK")).toMatchObject({ verb: "GET", lock: false });
    expect(parsed("FOR U REPLACE")).toMatchObject({ verb: "REPLACE" });
    expect(parsed("FOR U UNLOCK")).toMatchObject({ verb: "UNLOCK" });
    expect(parsed("USER")).toMatchObject({ verb: "USER", withpass: false });
    expect(parsed("DIRECT")).toMatchObject({ verb: "DIRECT" });
    expect(parsed("FOR ALL AUTHFOR LNX2 CMDL 140A CMDS ADGHOPS")).toMatchObject({
      verb: "AUTHFOR",
      target: "ALL",
      user: "LNX2",
      userNode: "*",
      cmdLevel: "140A",
      cmdSets: "ADGHOPS",
    });
    expect(parsed("FOR X AUTHFOR LNX2 LTICVM7 CMDL 150A CMDS G")).toMatchObject({ userNode: "LTICVM7" });
    expect(parsed("FOR ALL DROPFOR LNX2")).toMatchObject({
      verb: "DROPFOR",
      user: "LNX2",
      cmdLevel: undefined,
    });
  });

  it("know the abbreviations", () => {
    expect(lookupVerb("AMD")).toBe("AMDISK");
    expect(lookupVerb("rev")).toBe("REVIEW");
    expect(lookupVerb("DMD")).toBe("DMDISK");
    expect(lookupVerb("AM")).toBeUndefined();
    expect(lookupVerb("REVIEWS")).toBeUndefined();
  });

  it("refuse an unknown verb with DirMaint's own refusal", () => {
    expect(refused("FOR U FROBNICATE 1")).toEqual({
      rc: 2280,
      text: "DVHREQ2280E FROBNICATE is not a DirMaint command.",
    });
    expect(refused("")).toMatchObject({ rc: 2281, text: expect.stringContaining("command operand") });
  });

  it("name the operand in every operand error", () => {
    const cases: [string, string][] = [
      ["FOR", "the FOR operand"],
      ["FOR TOOLONGNAME REVIEW", "FOR operand"],
      ["AT", "the AT operand"],
      ["FOR U AMDISK", "vdev"],
      ["FOR U AMDISK 12345 3390 1 1 VOL", "vdev operand of the AMDISK command is not valid: 12345"],
      ["FOR U AMDISK 191 3391 1 1 VOL", "devtype"],
      ["FOR U AMDISK 191 3390 X 1 VOL", "start"],
      ["FOR U AMDISK 191 3390 1 0 VOL", "size"],
      ["FOR U AMDISK 191 3390 1 5", "volser operand"],
      ["FOR U AMDISK 191 3390 1 5 VOLUME7", "volser"],
      ["FOR U AMDISK 191 3390 1 5 VOL XX", "mode"],
      ["FOR U AMDISK 191 3390 1 5 VOL MR EXTRA", "does not take the operand EXTRA"],
      ["FOR U LINK MAINT 190 190", "mode operand"],
      ["FOR U LINK MAINT 190 190 Q", "mode operand of the LINK command is not valid: Q"],
      ["FOR U LINK MAINT! 190 190 RR", "owner"],
      ["FOR U LINK MAINT 190 G190 RR", "vdev"],
      ["FOR U SETPW", "password"],
      ["FOR U SETPW TOOLONGPW", "password"],
      ["FOR U CLASS abc7", "classes"],
      ["FOR U GET SOMETIMES", "LOCK"],
      ["USER EVERYTHING", "WITHPASS"],
      ["ADD U LIKE", "prototype"],
      ["ADD U AS P", "LIKE"],
      ["ADD U LIKE P PASSWORD X", "PW"],
      ["FOR ALL AUTHFOR LNX2 CMDS A", "CMDL"],
      ["FOR ALL AUTHFOR LNX2 CMDL 140A", "CMDS"],
      ["FOR ALL AUTHFOR LNX2 CMDL 141A CMDS A", "CMDL operand of the AUTHFOR command is not valid: 141A"],
      ["FOR ALL AUTHFOR LNX2 CMDL 140A CMDS A-B", "CMDS"],
      ["FOR ALL AUTHFOR LNX2 N1 N2 CMDL 140A CMDS A", "node"],
      ["FOR ALL REVIEW", "FOR operand of the REVIEW command is not valid: ALL"],
      ["FOR U PURGE NOW", "CLEAN"],
    ];
    for (const [text, operand] of cases) expect(refused(text).text, text).toContain(operand);
  });
});
