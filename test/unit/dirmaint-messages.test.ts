import { describe, expect, it } from "vitest";
import { corpusLines } from "./corpus-lines";
import { DVH_LINE_WIDTH, dvh, dvhIds, dvhRc, dvhSource, wrapDvh } from "../../src/dirmaint/messages";

/** The DVH lines of a corpus file, without the leading blank DirMaint's MSGNOH lines carry. */
function dvhLines(file: string): string[] {
  return corpusLines(file)
    .map((l) => l.trim())
    .filter((l) => /^DVH[A-Z]{3}[0-9]{4}[IEWS] /.test(l));
}

describe("the DVH catalog", () => {
  it("gives the real bootcamp DIRM ADD lines, wrapped where DirMaint wraps them", () => {
    const seen = dvhLines("zvm-bootcamp-dirmaint-responses.txt");
    const ours = [
      ...dvh("DVHXMT1191I", { cmd: "ADD", node: "ZVMWSXX" }),
      ...dvh("DVHREQ2288I", { cmd: "ADD", target: "LINDFLT", node: "*" }),
      ...dvh("DVHBIU3450I", { userid: "LINDFLT" }),
      ...dvh("DVHBIU3424I"),
      ...dvh("DVHBIU3428I", { userid: "LINDFLT" }),
    ];
    expect(seen.slice(0, ours.length)).toEqual(ours);
    expect(seen).toContain("DVHREQ2289I Your ADD request for LINDFLT at * has completed; with RC =");
    expect(dvh("DVHREQ2289I", { cmd: "ADD", target: "LINDFLT", node: "*", rc: 0 })).toEqual([
      "DVHREQ2289I Your ADD request for LINDFLT at * has completed; with RC =",
      "DVHREQ2289I 0.",
    ]);
  });

  it("keeps a 72-character line whole (the FILE request's 2289I) and wraps the next word", () => {
    const seen = dvhLines("zvm-bootcamp-dirmaint-responses.txt");
    const fileDone = dvh("DVHREQ2289I", { cmd: "FILE", target: "MAINT", node: "*", rc: 0 });
    expect(fileDone).toEqual(["DVHREQ2289I Your FILE request for MAINT at * has completed; with RC = 0."]);
    expect(fileDone[0]).toHaveLength(DVH_LINE_WIDTH);
    expect(seen).toContain(fileDone[0]);
    expect(dvh("DVHXMT1191I", { cmd: "FILE", node: "SSI1" })).toEqual([
      "DVHXMT1191I Your FILE request has been sent for processing to DIRMAINT",
      "DVHXMT1191I at SSI1.",
    ]);
  });

  it("gives the xCAT AUTHFOR lines", () => {
    const seen = dvhLines("xcat-zvm-setup-cp-responses.txt");
    const ours = [
      ...dvh("DVHREQ2288I", { cmd: "AUTHFOR", target: "ALL", node: "*" }),
      ...dvh("DVHREQ2289I", { cmd: "AUTHFOR", target: "ALL", node: "*", rc: 0 }),
    ];
    expect(seen.slice(1, 1 + ours.length)).toEqual(ours);
  });

  it("gives the bootcamp's refused UNLOCK (3601E, then 2289E with RC = 3601)", () => {
    expect([
      ...dvh("DVHLOC3601E", { userid: "LINUX1" }),
      ...dvh("DVHREQ2289E", { cmd: "UNLOCK", target: "LINUX1", node: "*", rc: dvhRc("DVHLOC3601E") }),
    ]).toEqual([
      "DVHLOC3601E Directory entry LINUX1 is already unlocked.",
      "DVHREQ2289E Your UNLOCK request for LINUX1 at * has failed; with RC =",
      "DVHREQ2289E 3601.",
    ]);
  });

  it("gives the ANSC satellite form of 1191I", () => {
    expect(dvh("DVHXMT1191I:VIA", { cmd: "NICDEF", node: "LTICVM1", satellite: "DIRMSAT7" })).toEqual([
      "DVHXMT1191I Your NICDEF request has been sent for processing to DIRMAINT",
      "DVHXMT1191I at LTICVM1 via DIRMSAT7.",
    ]);
  });

  it("cuts a word longer than a line, and never writes a line over 72", () => {
    const lines = wrapDvh("DVHBXX6213E", "X".repeat(130));
    expect(lines.map((l) => l.length)).toEqual([72, 72, 22]);
    for (const id of dvhIds()) {
      const subs = new Proxy({}, { get: () => "LONGNAME" }) as Record<string, string>;
      for (const l of dvh(id, subs)) expect(l.length).toBeLessThanOrEqual(DVH_LINE_WIDTH);
    }
  });

  it("refuses an unknown id or a missing substitution (caller bugs), and says where each text comes from", () => {
    expect(() => dvh("DVHXXX9999E", {})).toThrow(/unknown DVH message/);
    expect(() => dvh("DVHBIU3450I", {})).toThrow(/missing substitution \{userid\}/);
    expect(dvhSource("DVHREQ2288I")).toBe("seen");
    expect(dvhSource("DVHUSR3201E")).toBe("ours");
    expect(dvhRc("DVHADD3212E")).toBe(3212);
  });
});
