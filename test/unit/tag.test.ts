import { describe, expect, it } from "vitest";
import { fileTag, deviceTag } from "../../src/cp/layouts/tag";
import { rscsTagDestination } from "../../src/rscs/tag";
import { parsed, refused } from "./cp-parse-helpers";

/** CP TAG's parser (src/cp/parse/tag.ts), its answers' layouts, and how RSCS reads a tag. */
describe("TAG", () => {
  it("reads DEV and FILE with the tag text as typed, its case and inner spacing kept", () => {
    expect(parsed("TAG DEV PUNCH LTICVM2 maint")).toEqual({
      verb: "TAG",
      what: "DEV",
      dev: { device: "PUN", vdev: "000D" },
      text: "LTICVM2 maint",
    });
    expect(parsed("ta de 00e  two  blanks ")).toMatchObject({
      what: "DEV",
      dev: { device: "PRT", vdev: "000E" },
      text: "two  blanks",
    });
    expect(parsed("TAG DEV D")).toMatchObject({ what: "DEV", dev: { device: "PUN" }, text: null });
    expect(parsed("TAG FILE 12 LTICVM2 MAINT 50")).toEqual({
      verb: "TAG",
      what: "FILE",
      spoolid: "0012",
      text: "LTICVM2 MAINT 50",
    });
    expect(parsed("TAG FI 0012")).toEqual({ verb: "TAG", what: "FILE", spoolid: "0012", text: null });
  });

  it("reads QUERY DEV and QUERY FILE", () => {
    expect(parsed("TAG QUERY DEV PRINTER")).toEqual({
      verb: "TAG",
      what: "QUERY_DEV",
      dev: { device: "PRT", vdev: "000E" },
    });
    expect(parsed("TAG QU FILE 7")).toEqual({ verb: "TAG", what: "QUERY_FILE", spoolid: "0007" });
  });

  it("takes 136 characters of text and refuses one more, naming the word past the limit", () => {
    const text = `${"A".repeat(70)} ${"B".repeat(65)}`;
    expect(text.length).toBe(136);
    expect(parsed(`TAG DEV PUNCH ${text}`)).toMatchObject({ text });
    expect(refused(`TAG DEV PUNCH ${text}C`)).toEqual({ rc: 2, lines: ["HCPTAG002E Invalid operand - C"] });
    expect(refused(`TAG FILE 1 ${text} MORE`)).toEqual({
      rc: 2,
      lines: ["HCPTAG002E Invalid operand - MORE"],
    });
  });

  it("refuses bad operands with CP's message and return code", () => {
    const op = (o: string) => ({ rc: 2, lines: [`HCPTAG002E Invalid operand - ${o}`] });
    const missing = { rc: 26, lines: ["HCPTAG026E Operand missing or invalid"] };
    expect(refused("TAG")).toEqual(missing);
    expect(refused("TAG DEV")).toEqual(missing);
    expect(refused("TAG FILE")).toEqual(missing);
    expect(refused("TAG QUERY")).toEqual(missing);
    expect(refused("TAG QUERY FILE")).toEqual(missing);
    expect(refused("TAG BOGUS")).toEqual(op("BOGUS"));
    expect(refused("TAG DEV READER X")).toEqual(op("READER"));
    expect(refused("TAG DEV CONSOLE X")).toEqual(op("CONSOLE"));
    expect(refused("TAG DEV 0191 X")).toEqual({ rc: 40, lines: ["HCPTAG040E Device 0191 does not exist"] });
    expect(refused("TAG DEV 1FFFF X")).toEqual(op("1FFFF"));
    expect(refused("TAG FILE 12345 X")).toEqual(op("12345"));
    expect(refused("TAG FILE 0000")).toEqual(op("0000"));
    expect(refused("TAG QUERY FILE 1 2")).toEqual(op("2"));
    expect(refused("TAG QUERY THING 1")).toEqual(op("THING"));
  });

  it("answers QUERY in z/VM 7.3's layouts", () => {
    expect(deviceTag("PUN", "000D", "LTICVM2 MAINT")).toEqual(["PUN 000D TAG:", "LTICVM2 MAINT"]);
    expect(deviceTag("PRT", "000E", null)).toEqual(["PRT 000E TAG NOT SET"]);
    expect(fileTag("X Y")).toEqual(["X Y"]);
    expect(fileTag(null)).toEqual(["(TAG BLANK)"]);
    expect(fileTag("   ")).toEqual(["(TAG BLANK)"]);
  });
});

describe("RSCS's reading of a tag", () => {
  it("takes `node userid [priority]`, in any case; a node alone, a blank or a bad name names no user", () => {
    expect(rscsTagDestination("lticvm2 maint 50")).toEqual({ ok: true, node: "LTICVM2", userid: "MAINT" });
    expect(rscsTagDestination("  LTICVM2   MAINT ")).toEqual({ ok: true, node: "LTICVM2", userid: "MAINT" });
    expect(rscsTagDestination("LTICVM2")).toEqual({ ok: false, why: "no userid" });
    expect(rscsTagDestination(null)).toEqual({ ok: false, why: "blank" });
    expect(rscsTagDestination("   ")).toEqual({ ok: false, why: "blank" });
    expect(rscsTagDestination("TOOLONGNODE MAINT")).toEqual({ ok: false, why: "invalid" });
    expect(rscsTagDestination("LTICVM2 MA.INT")).toEqual({ ok: false, why: "invalid" });
  });
});
