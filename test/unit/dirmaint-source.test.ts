import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDirectory } from "../../src/directory/parse";
import { SourceText } from "../../src/dirmaint/source";
import { context, dirm, ok } from "./dirmaint-fixture";

const LTIC = readFileSync(new URL("../../examples/ltic/user.direct", import.meta.url), "utf8");

describe("DirMaint's edits of the LTIC source", () => {
  it("read the LTIC file back byte for byte, and find its entries and their ends", () => {
    const s = new SourceText(LTIC);
    expect(s.toString()).toBe(LTIC);
    const names = s.entries().map((e) => `${e.kind} ${e.name}`);
    const parsed = parseDirectory(LTIC);
    expect(
      names.filter((n) => n.startsWith("USER ") || n.startsWith("IDENTITY ")).map((n) => n.split(" ")[1]),
    ).toEqual(parsed.users.map((u) => u.userid));
    const maint = s.find("MAINT")!;
    expect(s.lines[maint.end]).toBe("   MDISK 0191 3390 0100 50 VM9CDS MR RMAINT WMAINT MMAINT");
  });

  it("change only the records of the entry they are for", () => {
    const steps = [
      "FOR OPERATOR AMDISK 0193 3390 2010 5 VM1IPL MR",
      "FOR OPERATOR LINK MAINT 0193 0293 RR",
      "FOR OPERATOR SETPW NEWPW",
      "FOR OPERATOR DMDISK 9191",
    ];
    let source = LTIC;
    for (const step of steps) source = ok(dirm(step, context("MAINT", { source }))).source!;
    const before = LTIC.split("\n");
    const after = source.split("\n");
    const start = before.indexOf("USER OPERATOR LTICOPR 32M 128M ABCDEFG");
    const end = before.indexOf("   MDISK 0191 3390 0059 5 VM9CDS MR ROPER WOPER MOPER");
    const newEnd = after.indexOf("   MDISK 0191 3390 0059 5 VM9CDS MR ROPER WOPER MOPER");
    expect(after.slice(0, start)).toEqual(before.slice(0, start));
    expect(after.slice(newEnd + 1)).toEqual(before.slice(end + 1));
    expect(after.slice(start, newEnd + 1)).toEqual([
      "USER OPERATOR NEWPW 32M 128M ABCDEFG",
      "   INCLUDE IBMDFLT",
      "   MDISK 0193 3390 2010 5 VM1IPL MR",
      "   LINK MAINT 0193 0293 RR",
      "SYSAFFIN LTICVM1 LTICVM2 LTICVM4 LTICVM7",
      "   MDISK 0191 3390 2000 5 +VMRES MR ROPER WOPER MOPER",
      "SYSAFFIN LTICVM5",
      "   MDISK 0191 3390 0059 5 VM5CDS MR ROPER WOPER MOPER",
      "SYSAFFIN LTICVM9",
      "   MDISK 0191 3390 0059 5 VM9CDS MR ROPER WOPER MOPER",
    ]);
    expect(parseDirectory(source).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("keep CRLF line ends and a card image's sequence numbers", () => {
    const crlf = LTIC.replaceAll("\n", "\r\n");
    const r = ok(dirm("FOR OPERATOR DMDISK 9191", context("MAINT", { source: crlf })));
    expect(r.source).toBe(
      ok(dirm("FOR OPERATOR DMDISK 9191", context("MAINT", { source: LTIC }))).source!.replaceAll(
        "\n",
        "\r\n",
      ),
    );
    const card = (t: string, n: number) => t.padEnd(72) + String(n).padStart(8, "0");
    const numbered =
      [card("USER SEQ PW 1M 2M G", 10), card(" MDISK 0191 3390 1 5 VOL1 MR", 20)].join("\n") + "\n";
    const pw = ok(dirm("FOR SEQ SETPW NEW", context("MAINT", { source: numbered })));
    expect(pw.source).toBe(numbered.replace("USER SEQ PW ", "USER SEQ NEW "));
    const dm = ok(dirm("FOR SEQ DMDISK 191", context("MAINT", { source: numbered })));
    expect(dm.source).toBe(card("USER SEQ PW 1M 2M G", 10) + "\n");
  });
});
