import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDirectory } from "../../src/directory/parse";
import { applyDirm, refusalForDiagnostics } from "../../src/dirmaint/apply";
import { parseDirm } from "../../src/dirmaint/commands";
import { diag } from "../../src/diagnostics";
import { context, dirm, linesOf, ok, refusal, said, SOURCE } from "./dirmaint-fixture";

const LINDFLT =
  ["PROFILE LINDFLT", " SPOOL 000C 2540 READER *", " LINK MAINT 0190 0190 RR"].join("\n") + "\n";
const PROTO = ["USER LINUX NOLOG 512M 1G G", " INCLUDE IBMDFLT", " MDISK 0100 3390 0001 10 LNX301 MR"].join(
  "\n",
);

describe("DIRM ADD", () => {
  it("adds the entry from the requester's userid DIRECT at the end, everything before it unchanged", () => {
    const files = (u: string, fn: string, ft: string) =>
      u === "MAINT" && fn === "LINDFLT" && ft === "DIRECT" ? LINDFLT : undefined;
    const r = ok(dirm("ADD LINDFLT", context("MAINT", { files })));
    expect(r.source).toBe(SOURCE + LINDFLT);
    expect(r.changed).toEqual(["LINDFLT"]);
    expect(said(r.lines)).toEqual([
      "DVHREQ2288I Your ADD request for LINDFLT at * has been accepted.",
      "DVHBIU3450I The source for directory entry LINDFLT has been updated.",
      "DVHBIU3424I The next ONLINE will take place immediately.",
      "DVHBIU3428I Changes made to directory entry LINDFLT have been placed online.",
      "DVHREQ2289I Your ADD request for LINDFLT at * has completed; with RC = 0.",
    ]);
  });

  it("adds a line end first when the source has none at its end, and keeps CRLF sources CRLF", () => {
    const files = () => LINDFLT;
    const bare = ok(dirm("ADD LINDFLT", context("MAINT", { files, source: "USER A B 1M 1M G" })));
    expect(bare.source).toBe("USER A B 1M 1M G\n" + LINDFLT);
    const crlf = ok(dirm("ADD LINDFLT", context("MAINT", { files, source: "USER A B 1M 1M G\r\n" })));
    expect(crlf.source).toBe("USER A B 1M 1M G\r\n" + LINDFLT.replaceAll("\n", "\r\n"));
  });

  it("clones a PROTODIR with LIKE, giving the new userid and password", () => {
    const prototypes = (name: string) => (name === "LINUX" ? PROTO : undefined);
    const r = ok(dirm("ADD LINUX2 LIKE LINUX PW ZCLOUD", context("MAINT", { prototypes })));
    expect(linesOf(r.source).slice(-4)).toEqual([
      "USER LINUX2 ZCLOUD 512M 1G G",
      " INCLUDE IBMDFLT",
      " MDISK 0100 3390 0001 10 LNX301 MR",
      "",
    ]);
    expect(parseDirectory(r.source!).users.map((u) => u.userid)).toContain("LINUX2");
  });

  it("refuses an entry that exists, a missing file or prototype, and a file with something else in it", () => {
    expect(refusal(dirm("ADD LINUX1", context("MAINT", { files: () => LINDFLT }))).text).toContain(
      "DVHADD3210E Directory entry LINUX1 already exists.",
    );
    expect(refusal(dirm("ADD LINDFLT")).text).toContain(
      "DVHADD3211E File LINDFLT DIRECT was not found on your A-disk.",
    );
    expect(refusal(dirm("ADD X LIKE NOPROTO")).text).toContain(
      "DVHADD3214E Prototype file NOPROTO PROTODIR does not exist.",
    );
    const two = LINDFLT + "USER OTHER X 1M 1M G\n";
    expect(refusal(dirm("ADD LINDFLT", context("MAINT", { files: () => two }))).rc).toBe(3213);
    expect(refusal(dirm("ADD OTHER", context("MAINT", { files: () => LINDFLT }))).rc).toBe(3213);
    const stray = "DIRECTORY 0123 3390 VM1IPL\n" + LINDFLT;
    expect(refusal(dirm("ADD LINDFLT", context("MAINT", { files: () => stray }))).rc).toBe(3213);
  });

  it("refuses a file with statement errors as DIRECTXA's refusal (6213E lines, 3212E, RC 3212)", () => {
    const bad = "USER NEWU PW 64M 32M G\n MDISK 0191 3390 1 10\n";
    const r = refusal(dirm("ADD NEWU", context("MAINT", { files: () => bad })));
    expect(r.rc).toBe(3212);
    const r2 = dirm("ADD NEWU", context("MAINT", { files: () => bad }));
    expect(r2.lines).toContain("DVHBXX6213E EOJ DIRECTORY NOT UPDATED");
    expect(r2.lines.slice(1, 3)).toEqual([
      "DVHBXX6213E DIR-MDISK MDISK 0191: the volume label is missing (NEWU",
      "DVHBXX6213E DIRECT line 2)",
    ]);
    expect(r.text).toContain("DVHADD3212E RC = 2 from EXEC DVHBBXXA U; the ADD was not done.");
  });
});

describe("DIRM PURGE", () => {
  it("removes the entry's records and nothing else (comments before the next entry stay)", () => {
    const r = ok(dirm("FOR OPERATOR PURGE", context("MAINT", { locks: { OPERATOR: "MAINT" } })));
    const before = linesOf(SOURCE);
    const start = before.indexOf("USER OPERATOR LTICOPR 32M 128M ABCDEFG");
    const end = before.indexOf("   MDISK 0192 3390 0059 5 VM2CDS MR");
    expect(linesOf(r.source)).toEqual([...before.slice(0, start), ...before.slice(end + 1)]);
    expect(r.locks).toEqual({});
    expect(said(r.lines)).toContain("DVHPUR3215I Directory entry OPERATOR has been purged.");
  });

  it("refuses an unknown userid and an entry someone else has locked", () => {
    expect(refusal(dirm("FOR NOBODY PURGE")).rc).toBe(3201);
    const locked = refusal(dirm("FOR LINUX1 PURGE", context("MAINT", { locks: { LINUX1: "HELPER" } })));
    expect(locked.text).toContain("DVHLOC3602E Directory entry LINUX1 is locked by HELPER.");
  });
});

describe("DIRM REVIEW, GET, REPLACE and UNLOCK", () => {
  it("REVIEW sends the entry to the reader with its passwords masked, and locks nothing", () => {
    const r = ok(dirm("FOR MAINT REVIEW"));
    expect(r.reader).toEqual({
      fn: "MAINT",
      ft: "DIRECT",
      records: [
        "USER MAINT XXXXXXXX 128M 1G ABCDEFG",
        "   INCLUDE IBMDFLT",
        "   MDISK 0191 3390 0800 50 +VMRES MR XXXXXXXX XXXXXXXX XXXXXXXX",
      ],
    });
    expect(r.source).toBeUndefined();
    expect(r.locks).toBeUndefined();
  });

  it("a user may REVIEW their own entry without any grant, but not another's", () => {
    expect(ok(dirm("REVIEW", context("LINUX1"))).reader?.fn).toBe("LINUX1");
    expect(refusal(dirm("FOR MAINT REVIEW", context("LINUX1"))).text).toContain(
      "DVHREQ2284E LINUX1 is not authorized to issue the REVIEW command for MAINT.",
    );
  });

  it("GET locks the entry and sends it with passwords; REPLACE stores the edited copy and unlocks", () => {
    const got = ok(dirm("FOR LINUX1 GET"));
    expect(got.locks).toEqual({ LINUX1: "MAINT" });
    expect(got.reader?.records[0]).toBe("USER LINUX1 LNXPW 512M 1G G");
    const edited = [...got.reader!.records, " MDISK 0200 3390 3339 10 LNX301 MR"].join("\n") + "\n";
    const files = (u: string, fn: string) => (u === "MAINT" && fn === "LINUX1" ? edited : undefined);
    const r = ok(dirm("FOR LINUX1 REPLACE", context("MAINT", { files, locks: got.locks })));
    const lines = linesOf(r.source);
    expect(lines[lines.indexOf(" LINK OPERATOR 0192 0292 RR") + 1]).toBe(
      " MDISK 0200 3390 3339 10 LNX301 MR",
    );
    expect(lines.at(-2)).toBe("* the end");
    expect(r.locks).toEqual({});
    expect(r.changed).toEqual(["LINUX1"]);
  });

  it("refuses REPLACE without the lock, GET LOCK of an entry locked by another, and UNLOCK of an unlocked entry", () => {
    const files = () => "USER LINUX1 X 1M 1M G\n";
    expect(refusal(dirm("FOR LINUX1 REPLACE", context("MAINT", { files }))).rc).toBe(3603);
    expect(refusal(dirm("FOR LINUX1 GET", context("MAINT", { locks: { LINUX1: "HELPER" } }))).rc).toBe(3602);
    expect(
      ok(dirm("FOR LINUX1 GET NOLOCK", context("MAINT", { locks: { LINUX1: "HELPER" } }))).locks,
    ).toBeUndefined();
    expect(refusal(dirm("FOR LINUX1 UNLOCK")).text).toContain(
      "DVHLOC3601E Directory entry LINUX1 is already unlocked.",
    );
    const unlocked = ok(dirm("FOR LINUX1 UNLOCK", context("MAINT", { locks: { LINUX1: "HELPER" } })));
    expect(unlocked.locks).toEqual({});
  });
});

describe("DIRM USER WITHPASS and DIRECT", () => {
  it("USER WITHPASS sends the whole source, which parses back to the same directory (the LTIC one)", () => {
    const source = readFileSync(new URL("../../examples/ltic/user.direct", import.meta.url), "utf8");
    const r = ok(dirm("USER WITHPASS", context("MAINT", { source })));
    expect(r.reader?.fn).toBe("USER");
    expect(r.reader?.ft).toBe("WITHPASS");
    expect(r.reader!.records.join("\n") + "\n").toBe(source);
    const back = parseDirectory(r.reader!.records.join("\n"));
    const orig = parseDirectory(source);
    expect(back.users).toEqual(orig.users);
    expect(back.directories).toEqual(orig.directories);
    expect(r.source).toBeUndefined();
  });

  it("USER NOPASS masks the passwords; DIRECT changes nothing", () => {
    const r = ok(dirm("USER NOPASS"));
    expect(r.reader?.records).toContain("USER LINUX1 XXXXXXXX 512M 1G G");
    const d = ok(dirm("DIRECT"));
    expect(d.source).toBeUndefined();
    expect(d.changed).toEqual([]);
    expect(said(d.lines)).toContain("DVHDRC3452I The source directory has been placed online.");
  });

  it("are for DirMaint administrators only", () => {
    expect(refusal(dirm("USER WITHPASS", context("LINUX1"))).rc).toBe(2284);
    expect(refusal(dirm("DIRECT", context("LINUX1"))).rc).toBe(2284);
  });
});

describe("AUTHFOR and DROPFOR", () => {
  it("grant and drop command sets; a grant of set A for ALL makes an administrator", () => {
    const granted = ok(dirm("FOR ALL AUTHFOR LNX2 CMDL 140A CMDS ADGHOPS"));
    expect(granted.authorizations).toEqual([
      { target: "ALL", user: "LNX2", node: "*", cmdLevel: "140A", cmdSets: "ADGHOPS" },
    ]);
    expect(said(granted.lines)).toEqual([
      "DVHREQ2288I Your AUTHFOR request for ALL at * has been accepted.",
      "DVHREQ2289I Your AUTHFOR request for ALL at * has completed; with RC = 0.",
    ]);
    const asLnx2 = context("LNX2", { authorizations: granted.authorizations });
    expect(ok(dirm("FOR MAINT REVIEW", asLnx2)).reader?.fn).toBe("MAINT");
    expect(ok(dirm("USER WITHPASS", asLnx2)).reader?.ft).toBe("WITHPASS");
    const dropped = ok(
      dirm("FOR ALL DROPFOR LNX2", context("MAINT", { authorizations: granted.authorizations })),
    );
    expect(dropped.authorizations).toEqual([]);
  });

  it("a helpdesk grant for one entry allows SETPW for it only, and only from the granted node", () => {
    const grants = [{ target: "LINUX1", user: "HELPER", node: "LTICVM1", cmdLevel: "150A", cmdSets: "H" }];
    expect(ok(dirm("FOR LINUX1 SETPW NEWPW", context("HELPER", { authorizations: grants }))).changed).toEqual(
      ["LINUX1"],
    );
    expect(refusal(dirm("FOR OPERATOR SETPW NEWPW", context("HELPER", { authorizations: grants }))).rc).toBe(
      2284,
    );
    expect(refusal(dirm("FOR LINUX1 CLASS G", context("HELPER", { authorizations: grants }))).rc).toBe(2284);
    const elsewhere = context("HELPER", { authorizations: grants, requesterSystem: "LTICVM2" });
    expect(refusal(dirm("FOR LINUX1 SETPW NEWPW", elsewhere)).rc).toBe(2284);
  });

  it("add sets to a grant, drop some, and refuse DROPFOR of nothing or AUTHFOR for an unknown entry", () => {
    const one = ok(dirm("FOR LINUX1 AUTHFOR HELPER CMDL 140A CMDS H")).authorizations!;
    const two = ok(
      dirm("FOR LINUX1 AUTHFOR HELPER CMDL 140A CMDS GH", context("MAINT", { authorizations: one })),
    );
    expect(two.authorizations).toEqual([
      { target: "LINUX1", user: "HELPER", node: "*", cmdLevel: "140A", cmdSets: "HG" },
    ]);
    const less = ok(
      dirm("FOR LINUX1 DROPFOR HELPER CMDS H", context("MAINT", { authorizations: two.authorizations })),
    );
    expect(less.authorizations?.[0].cmdSets).toBe("G");
    expect(refusal(dirm("FOR LINUX1 DROPFOR HELPER")).text).toContain(
      "DVHAUT3366E HELPER has no AUTHFOR grant for LINUX1 to drop.",
    );
    expect(refusal(dirm("FOR NOBODY AUTHFOR HELPER CMDL 140A CMDS H")).rc).toBe(3201);
  });
});

describe("refusalForDiagnostics", () => {
  it("turns the caller's lint errors into DVHBXX6213E lines and 2289E with RC 6213 (3212 for ADD)", () => {
    const parsed = parseDirm("FOR LINUX1 AMDISK 201 3390 1 10 LNX301", "MAINT");
    if (!parsed.ok) throw new Error("parse");
    const d = [
      diag("USER DIRECT", 30, 2, "error", "CSE-MDISK-OVERLAP", "0201 overlaps LINUX1 0100 on LNX301"),
      diag("USER DIRECT", 3, 1, "warning", "DIR-X", "only a warning"),
    ];
    const r = refusalForDiagnostics(parsed.command, d);
    expect(r.rc).toBe(6213);
    expect(r.lines).toEqual([
      "DVHREQ2288I Your AMDISK request for LINUX1 at * has been accepted.",
      "DVHBXX6213E CSE-MDISK-OVERLAP 0201 overlaps LINUX1 0100 on LNX301 (USER",
      "DVHBXX6213E DIRECT line 30)",
      "DVHBXX6213E EOJ DIRECTORY NOT UPDATED",
      "DVHREQ2289E Your AMDISK request for LINUX1 at * has failed; with RC =",
      "DVHREQ2289E 6213.",
    ]);
    const add = parseDirm("ADD X", "MAINT");
    if (!add.ok) throw new Error("parse");
    expect(refusalForDiagnostics(add.command, d).rc).toBe(3212);
    // applyDirm itself never lints the plex: an overlapping extent is the caller's check.
    expect(applyDirm(parsed.command, context()).ok).toBe(true);
  });
});
