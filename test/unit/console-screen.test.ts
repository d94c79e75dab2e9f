import { describe, expect, it } from "vitest";
import {
  COLUMNS,
  lastScreen,
  OUTPUT_ROWS,
  Retrieve,
  rowsOf,
  Screen,
  statusRow,
} from "../../src/console/screen";

describe("the 3270 console screen", () => {
  it("puts the status word at column 61 and the system name at column 71, as CP does", () => {
    // Real output (corpus/tessia-zvm-3270-console-lines.txt): 60 blanks, the word, the system name.
    expect(statusRow("CP READ", "HOSTNAME")).toBe(`${" ".repeat(60)}CP READ   HOSTNAME`);
    expect(statusRow("MORE...", "HOSTNAME")).toBe(`${" ".repeat(60)}MORE...   HOSTNAME`);
    expect(statusRow("RUNNING", "LTICVM1").indexOf("LTICVM1")).toBe(70);
  });

  it("opens on the newest whole lines that fit the output area", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    expect(lastScreen(lines)).toEqual(lines.slice(-OUTPUT_ROWS));
    const long = [...lines, "x".repeat(COLUMNS * 3)];
    expect(lastScreen(long)).toEqual(long.slice(-(OUTPUT_ROWS - 2)));
    expect(lastScreen([])).toEqual([]);
  });

  it("cuts long lines into 80-column rows", () => {
    expect(rowsOf("")).toEqual([""]);
    expect(rowsOf("x".repeat(COLUMNS))).toHaveLength(1);
    expect(rowsOf("x".repeat(COLUMNS * 2 + 1)).map((r) => r.length)).toEqual([80, 80, 1]);
  });

  it("is in CP READ when idle, RUNNING while a command runs, VM READ when the guest reads", () => {
    const s = new Screen();
    expect(s.status()).toBe("CP READ");
    s.busy = true;
    expect(s.status()).toBe("RUNNING");
    s.busy = false;
    s.reader = "VM";
    expect(s.status()).toBe("VM READ");
  });

  it("says MORE... once the output area is full, HOLDING after ENTER, and CLEAR shows the next screen", () => {
    const s = new Screen();
    s.put(Array.from({ length: OUTPUT_ROWS }, (_, i) => `line ${i}`));
    expect(s.status()).toBe("CP READ");
    s.put(["one more", "and another"]);
    expect(s.shown).toHaveLength(OUTPUT_ROWS);
    expect(s.status()).toBe("MORE...");
    s.enterEmpty();
    expect(s.status()).toBe("HOLDING");
    s.put(["while held"]);
    expect(s.status()).toBe("HOLDING");
    s.clear();
    expect(s.shown).toEqual(["one more", "and another", "while held"]);
    expect(s.status()).toBe("CP READ");
    // ENTER with nothing waiting holds nothing.
    s.enterEmpty();
    expect(s.status()).toBe("CP READ");
    s.clear();
    expect(s.shown).toEqual([]);
  });

  it("keeps lines in order behind a full screen, a long line's rows included", () => {
    const s = new Screen();
    s.put(Array.from({ length: OUTPUT_ROWS - 1 }, () => "x"));
    s.put(["a".repeat(100), "b"]);
    expect(s.shown.at(-1)).toBe("a".repeat(80));
    expect(s.waiting).toEqual(["a".repeat(20), "b"]);
  });
});

describe("command retrieve", () => {
  it("gives the commands back newest first, cycling, and forward again", () => {
    const r = new Retrieve(3);
    expect(r.back()).toBe("");
    for (const c of ["Q N", "Q T", "", "Q T", "LINK X 191 291 RR", "Q DASD"]) r.push(c);
    // Kept: the last three distinct in a row (the repeated Q T once, the empty one never).
    expect([r.back(), r.back(), r.back(), r.back()]).toEqual([
      "Q DASD",
      "LINK X 191 291 RR",
      "Q T",
      "Q DASD",
    ]);
    r.push("Q U");
    expect(r.back()).toBe("Q U");
    expect(r.back()).toBe("Q DASD");
    expect(r.forward()).toBe("Q U");
    expect(r.forward()).toBe("");
  });
});
