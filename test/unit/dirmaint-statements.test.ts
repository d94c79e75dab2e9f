import { describe, expect, it } from "vitest";
import { parseDirectory } from "../../src/directory/parse";
import { context, dirm, linesOf, ok, refusal, said, SOURCE } from "./dirmaint-fixture";

/** What the new source has that the old had not, and what it lost (by line text, in order). */
function diff(before: string, after: string | undefined): { added: string[]; removed: string[] } {
  const a = linesOf(before);
  const b = linesOf(after);
  const added = b.filter((l) => !a.includes(l));
  const removed = a.filter((l) => !b.includes(l));
  return { added, removed };
}

describe("DIRM AMDISK", () => {
  it("adds the MDISK at the end of an entry without SYSAFFIN, in the entry's own indentation", () => {
    const r = ok(dirm("FOR LINUX1 AMDISK 201 3390 3339 100 LNX301 MR"));
    const lines = linesOf(r.source);
    expect(lines[lines.indexOf(" LINK OPERATOR 0192 0292 RR") + 1]).toBe(
      " MDISK 0201 3390 3339 100 LNX301 MR",
    );
    expect(diff(SOURCE, r.source)).toEqual({ added: [" MDISK 0201 3390 3339 100 LNX301 MR"], removed: [] });
    expect(r.changed).toEqual(["LINUX1"]);
    expect(r.lines).toEqual([
      "DVHREQ2288I Your AMDISK request for LINUX1 at * has been accepted.",
      "DVHBIU3450I The source for directory entry LINUX1 has been updated.",
      "DVHBIU3424I The next ONLINE will take place immediately.",
      "DVHBIU3428I Changes made to directory entry LINUX1 have been placed",
      "DVHBIU3428I online.",
      "DVHREQ2289I Your AMDISK request for LINUX1 at * has completed; with RC =",
      "DVHREQ2289I 0.",
    ]);
    expect(
      parseDirectory(r.source!)
        .users.find((u) => u.userid === "LINUX1")
        ?.statements.at(-1)?.mdisk,
    ).toMatchObject({ vdev: "0201", start: 3339, count: 100, volser: "LNX301", mode: "MR", sysaffin: null });
  });

  it("puts it before the first SYSAFFIN of an entry that has them, so it applies on every system", () => {
    const r = ok(dirm("FOR OPERATOR AMDISK 0193 3390 2010 5 VM1IPL"));
    const lines = linesOf(r.source);
    expect(lines.slice(lines.indexOf("   IPL CMS"), lines.indexOf("   IPL CMS") + 3)).toEqual([
      "   IPL CMS",
      "   MDISK 0193 3390 2010 5 VM1IPL W",
      "SYSAFFIN LTICVM1",
    ]);
    const op = parseDirectory(r.source!).users.find((u) => u.userid === "OPERATOR")!;
    expect(op.statements.find((s) => s.mdisk?.vdev === "0193")?.sysaffin).toBeNull();
  });

  it("refuses a virtual address the entry (or the profile it INCLUDEs) already has, under any SYSAFFIN", () => {
    expect(refusal(dirm("FOR LINUX1 AMDISK 100 3390 1 1 LNX301")).text).toContain(
      "DVHAMD3361E Virtual address 0100 is already defined in directory entry LINUX1.",
    );
    expect(refusal(dirm("FOR OPERATOR AMDISK 192 3390 1 1 VM1IPL")).rc).toBe(3361);
    expect(refusal(dirm("FOR LINUX1 AMDISK 00C 3390 1 1 LNX301")).text).toContain("Virtual address 000C");
    expect(refusal(dirm("FOR NOBODY AMDISK 100 3390 1 1 LNX301")).text).toContain(
      "DVHUSR3201E Directory entry NOBODY does not exist.",
    );
  });
});

describe("DIRM AT sys AMDISK and LINK", () => {
  it("go to the end of the entry's SYSAFFIN section for that system alone", () => {
    const r = ok(dirm("FOR OPERATOR AT LTICVM2 AMDISK 0193 3390 0064 5 VM2CDS MR"));
    const lines = linesOf(r.source);
    const at = lines.indexOf("   MDISK 0192 3390 0059 5 VM2CDS MR");
    expect(lines.slice(at, at + 3)).toEqual([
      "   MDISK 0192 3390 0059 5 VM2CDS MR",
      "   MDISK 0193 3390 0064 5 VM2CDS MR",
      "*",
    ]);
    const op = parseDirectory(r.source!).users.find((u) => u.userid === "OPERATOR")!;
    expect(op.statements.find((s) => s.mdisk?.vdev === "0193")?.sysaffin).toEqual(["LTICVM2"]);
  });

  it("may reuse an address another system's section has, not one that applies on that system", () => {
    const r = ok(dirm("FOR OPERATOR AT LTICVM1 AMDISK 0192 3390 2010 5 +VMRES RR"));
    const lines = linesOf(r.source);
    const at = lines.indexOf("   MDISK 0191 3390 2000 5 +VMRES MR ROPER WOPER MOPER");
    expect(lines[at + 1]).toBe("   MDISK 0192 3390 2010 5 +VMRES RR");
    expect(lines[at + 2]).toBe("SYSAFFIN LTICVM2");
    expect(refusal(dirm("FOR OPERATOR AT LTICVM1 AMDISK 0191 3390 2010 5 +VMRES")).rc).toBe(3361);
    expect(refusal(dirm("FOR OPERATOR AT LTICVM1 LINK MAINT 190 C RR")).text).toContain(
      "Virtual address 000C",
    );
  });

  it("open a SYSAFFIN section at the end of the entry when it has none for that system", () => {
    const r = ok(dirm("FOR LINUX1 AT LTICVM2 LINK MAINT 0191 0291 RR"));
    const lines = linesOf(r.source);
    const at = lines.indexOf(" LINK OPERATOR 0192 0292 RR");
    expect(lines.slice(at, at + 4)).toEqual([
      " LINK OPERATOR 0192 0292 RR",
      "SYSAFFIN LTICVM2",
      " LINK MAINT 0191 0291 RR",
      "* the end",
    ]);
    const linux = parseDirectory(r.source!).users.find((u) => u.userid === "LINUX1")!;
    expect(linux.statements.find((s) => s.link?.vdev === "0291")?.sysaffin).toEqual(["LTICVM2"]);
  });
});

describe("DIRM AMDISK AUTOV", () => {
  it("takes the first free extent from cylinder 1 on that volume, counting every entry's MDISKs", () => {
    const after = ok(dirm("FOR LINUX1 AMDISK 201 3390 AUTOV 100 LNX301 MR"));
    expect(diff(SOURCE, after.source).added).toEqual([" MDISK 0201 3390 3339 100 LNX301 MR"]);
    const gap = ok(dirm("FOR LINUX1 AMDISK 201 3390 AUTOV 58 VM2CDS"));
    expect(diff(SOURCE, gap.source).added).toEqual([" MDISK 0201 3390 0001 58 VM2CDS W"]);
    const past = ok(dirm("FOR LINUX1 AMDISK 201 3390 AUTOV 59 VM2CDS"));
    expect(diff(SOURCE, past.source).added).toEqual([" MDISK 0201 3390 0064 59 VM2CDS W"]);
  });

  it("refuses when an END extent leaves no room", () => {
    const src = SOURCE.replace(" MDISK 0100 3390 0001 3338 LNX301 MR", " MDISK 0100 3390 0000 END LNX301 MR");
    const r = dirm("FOR LINUX1 AMDISK 201 3390 AUTOV 1 LNX301", context("MAINT", { source: src }));
    expect(refusal(r)).toEqual({
      rc: 3360,
      text: expect.stringContaining("DVHAMD3360E There is no room for 1 cylinders on volume LNX301."),
    });
  });
});

describe("DIRM DMDISK", () => {
  it("removes the MDISK statement and nothing else", () => {
    const r = ok(dirm("FOR LINUX1 DMDISK 100"));
    expect(diff(SOURCE, r.source)).toEqual({ added: [], removed: [" MDISK 0100 3390 0001 3338 LNX301 MR"] });
  });

  it("removes it from every SYSAFFIN scope at *, only that system's with AT", () => {
    const all = ok(dirm("FOR OPERATOR DMDISK 191"));
    expect(diff(SOURCE, all.source).removed).toEqual([
      "   MDISK 0191 3390 2000 5 +VMRES MR ROPER WOPER MOPER",
      "   MDISK 0191 3390 2000 5 +VMRES RR",
    ]);
    const one = ok(dirm("FOR OPERATOR AT LTICVM2 DMDISK 191"));
    expect(diff(SOURCE, one.source).removed).toEqual(["   MDISK 0191 3390 2000 5 +VMRES RR"]);
    expect(said(one.lines)[0]).toBe(
      "DVHREQ2288I Your DMDISK request for OPERATOR at LTICVM2 has been accepted.",
    );
  });

  it("refuses a disk the entry does not have", () => {
    expect(refusal(dirm("FOR LINUX1 DMDISK 191"))).toEqual({
      rc: 3362,
      text: expect.stringContaining("Virtual address 0191 is not defined in directory entry LINUX1."),
    });
  });
});

describe("DIRM LINK", () => {
  it("adds a LINK statement where AMDISK puts an MDISK", () => {
    const r = ok(dirm("FOR OPERATOR LINK MAINT 191 291 RR"));
    const lines = linesOf(r.source);
    expect(lines[lines.indexOf("   IPL CMS") + 1]).toBe("   LINK MAINT 0191 0291 RR");
  });

  it("deletes a LINK with DELETE, and refuses one that is not there", () => {
    const r = ok(dirm("FOR LINUX1 LINK OPERATOR 192 292 DELETE"));
    expect(diff(SOURCE, r.source)).toEqual({ added: [], removed: [" LINK OPERATOR 0192 0292 RR"] });
    expect(refusal(dirm("FOR LINUX1 LINK OPERATOR 192 293 DELETE")).text).toContain(
      "DVHLNK3363E Directory entry LINUX1 has no LINK to OPERATOR 0192 as 0293.",
    );
  });

  it("refuses a virtual address in use", () => {
    expect(refusal(dirm("FOR LINUX1 LINK MAINT 191 190 RR")).rc).toBe(3361);
  });
});

describe("DIRM DLINK", () => {
  it("removes every other entry's LINK to the owner's disk", () => {
    const r = ok(dirm("FOR OPERATOR DLINK 192"));
    expect(diff(SOURCE, r.source)).toEqual({ added: [], removed: [" LINK OPERATOR 0192 0292 RR"] });
    expect(r.changed).toEqual(["LINUX1"]);
    expect(said(r.lines)).toContain(
      "DVHLNK3365I The LINK to OPERATOR 0192 was removed from directory entry LINUX1.",
    );
    const profile = ok(dirm("FOR MAINT DLINK 190"));
    expect(profile.changed).toEqual(["IBMDFLT"]);
  });

  it("refuses when nobody links to it, or when a linking entry is locked by someone else", () => {
    expect(refusal(dirm("FOR OPERATOR DLINK 191")).rc).toBe(3364);
    const locked = dirm("FOR OPERATOR DLINK 192", context("MAINT", { locks: { LINUX1: "HELPER" } }));
    expect(refusal(locked).text).toContain("DVHLOC3602E Directory entry LINUX1 is locked by HELPER.");
  });
});

describe("DIRM SETPW, PW and CLASS", () => {
  it("change the USER statement's word in place", () => {
    const pw = ok(dirm("FOR OPERATOR SETPW NEWPW"));
    expect(diff(SOURCE, pw.source)).toEqual({
      added: ["USER OPERATOR NEWPW 32M 128M ABCDEFG"],
      removed: ["USER OPERATOR LTICOPR 32M 128M ABCDEFG"],
    });
    const own = ok(dirm("PW SECRET", context("LINUX1")));
    expect(diff(SOURCE, own.source).added).toEqual(["USER LINUX1 SECRET 512M 1G G"]);
    const cls = ok(dirm("FOR LINUX1 CLASS BG"));
    expect(diff(SOURCE, cls.source).added).toEqual(["USER LINUX1 LNXPW 512M 1G BG"]);
  });

  it("adds the classes when the USER statement has none", () => {
    const src = SOURCE.replace("USER LINUX1 LNXPW 512M 1G G", "USER LINUX1 LNXPW  512M   1G");
    const r = ok(dirm("FOR LINUX1 CLASS BG", context("MAINT", { source: src })));
    expect(linesOf(r.source)).toContain("USER LINUX1 LNXPW  512M   1G BG");
  });

  it("refuse CLASS for an entry without storage operands or a PROFILE, and PW for a PROFILE", () => {
    const src = SOURCE.replace("USER LINUX1 LNXPW 512M 1G G", "USER LINUX1 LNXPW");
    expect(refusal(dirm("FOR LINUX1 CLASS BG", context("MAINT", { source: src }))).rc).toBe(3216);
    expect(refusal(dirm("FOR IBMDFLT CLASS BG")).rc).toBe(3216);
    expect(refusal(dirm("FOR IBMDFLT SETPW X")).rc).toBe(3201);
  });
});
