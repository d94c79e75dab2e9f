import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintPlex, type PlexInput } from "../../src/lint";
import { cmsFileName, placeFiles } from "../../src/plex/files";

const ltic = JSON.parse(
  readFileSync(new URL("../../examples/ltic/plex.json", import.meta.url), "utf8"),
) as PlexInput;
const view = lintPlex(ltic).plex;

describe("CMS files on minidisks", () => {
  it("reads FN FT as CMS does: 1-8 characters each, any case, blanks between", () => {
    expect(cmsFileName("profile  exec")).toEqual({ fn: "PROFILE", ft: "EXEC" });
    expect(cmsFileName("PVM")).toBeUndefined();
    expect(cmsFileName("TOOLONGNAME EXEC")).toBeUndefined();
    expect(cmsFileName("A B C")).toBeUndefined();
    expect(cmsFileName("A B/C")).toBeUndefined();
  });

  it("places a file on the extent the named system gives the minidisk, counting bytes and records", () => {
    const r = placeFiles(view, { "lticvm1: tcpip 191": { "PROFILE TCPIP": "; LTICVM1\nHOME 10.1.1.1\n" } });
    expect(r.diagnostics).toEqual([]);
    expect(r.placed).toEqual([
      {
        volser: "VM1IPL",
        start: 2953,
        end: 2957,
        fn: "PROFILE",
        ft: "TCPIP",
        text: "; LTICVM1\nHOME 10.1.1.1\n",
        bytes: 24,
        records: 2,
      },
    ]);
  });

  it("refuses a minidisk SYSAFFIN puts on different extents unless the system is named, and says where each is", () => {
    const r = placeFiles(view, { "TCPIP 0191": { "PROFILE TCPIP": "x" } });
    expect(r.placed).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      file: "files",
      severity: "error",
      code: "FILE-MINIDISK-AMBIGUOUS",
    });
    expect(r.diagnostics[0].message).toContain("LTICVM1: VM1IPL 2953-2957");
    expect(r.diagnostics[0].message).toContain('name the system, as "LTICVM1: TCPIP 0191"');
  });

  it("refuses minidisks that are not there and names that are not FN FT, one finding each", () => {
    const r = placeFiles(view, {
      "NOSUCH 0191": { "A B": "" },
      "LTICVM1: MAINT 0999": { "A B": "" },
      "LTICVM3: MAINT 0191": { "A B": "" },
      MAINT: { "A B": "" },
      "LTICVM1: MAINT 0191": { "NOT A CMS NAME": "", "GOOD FILE": "" },
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual([
      "FILE-MINIDISK",
      "FILE-MINIDISK",
      "FILE-MINIDISK",
      "FILE-MINIDISK",
      "FILE-NAME",
    ]);
    expect(r.diagnostics.map((d) => d.message).join("\n")).toMatch(
      /no system of the plex gives NOSUCH a minidisk 0191/,
    );
    expect(r.diagnostics.map((d) => d.message).join("\n")).toMatch(/MAINT has no minidisk 0999 on LTICVM1/);
    expect(r.diagnostics.map((d) => d.message).join("\n")).toMatch(/LTICVM3 is not a system of the plex/);
    expect(r.placed.map((f) => `${f.fn} ${f.ft}`)).toEqual(["GOOD FILE"]);
  });

  it("keeps one file per extent, name and type: the last of a name given twice, in any spelling", () => {
    const r = placeFiles(view, {
      "LTICVM1: TCPIP 191": { "A B": "x", "a b": "yy" },
      "lticvm1: tcpip 0191": { "A  B": "zzz" },
    });
    expect(r.placed.map((f) => [f.fn, f.ft, f.text])).toEqual([["A", "B", "zzz"]]);
  });
});
