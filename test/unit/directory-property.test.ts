import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics";
import { splitOnSeparator, stripListingPrefix } from "../../src/directory/import";
import { parseDirectory } from "../../src/directory/parse";
import { resolveDirectory } from "../../src/directory/resolve";

const read = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const FIXTURES = [
  read("seed-tcpip.direct"),
  read("corpus/zvm-bootcamp-user-direct.direct"),
  read("corpus/vm370ce-user-direct-excerpt.direct"),
  ...splitOnSeparator(read("corpus/xcat-zvm-setup-user-direct.direct")).map((b) => b.text),
  ...splitOnSeparator(read("corpus/feilong-user-direct-fixtures.txt"))
    .slice(0, 4)
    .map((b) => b.text),
];
const SYSTEMS = ["LTICVM1", "LTICVM5", "LTICVM9", "OTHER"];

/** Tokens that steer the parser into its less travelled paths. */
const TOKENS = [
  "USER",
  "PROFILE",
  "IDENTITY",
  "SUBCONFIG",
  "BUILD",
  "ON",
  "USING",
  "INCLUDE",
  "SYSAFFIN",
  "*",
  "MDISK",
  "LINK",
  "DIRECTORY",
  "GLOBALDEFS",
  "AUTOG",
  "DEVNO",
  "V-DISK",
  "T-DISK",
  "FB-512",
  "END",
  "+VMRES",
  "&SYSRES",
  "MR",
  "ALL",
  "3390",
  "0191",
  "191",
  "XYZZY",
  "-1",
  "99999999999",
  "",
  "\t",
  "\u0000",
  "é",
];

function checkDiagnostics(diagnostics: Diagnostic[], file: string): void {
  for (const d of diagnostics) {
    expect(d.file).toBe(file);
    expect(Number.isInteger(d.line) && d.line >= 0).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 0).toBe(true);
    expect(["error", "warning", "info"]).toContain(d.severity);
    expect(typeof d.code === "string" && d.code.length > 0).toBe(true);
    expect(typeof d.message === "string" && d.message.length > 0).toBe(true);
  }
}

/** Parses and resolves on a few systems; checks every diagnostic and that SYSAFFIN scoping holds. */
function exercise(text: string): void {
  const file = "FUZZ DIRECT";
  const src = parseDirectory(text, file);
  checkDiagnostics(src.diagnostics, file);
  for (const sys of SYSTEMS) {
    const od = resolveDirectory(src, sys, "IPLVOL");
    checkDiagnostics(od.diagnostics, file);
    for (const user of od.users.values()) {
      for (const st of user.statements) {
        expect(st.sysaffin === null || st.sysaffin.includes(sys)).toBe(true);
        expect(st.keyword).not.toBe("SYSAFFIN");
      }
      for (const m of user.mdisks) expect(m.volser === "+VMRES" || m.volser === "&SYSRES").toBe(false);
      for (const l of user.links) expect(l.owner).not.toBe("*");
    }
  }
}

type Mutation =
  | { op: "delete"; at: number }
  | { op: "duplicate"; at: number }
  | { op: "swap"; at: number; with: number }
  | { op: "insert"; at: number; line: string }
  | { op: "token"; at: number; token: string }
  | { op: "truncate"; at: number; keep: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    line: fc.array(fc.constantFrom(...TOKENS), { maxLength: 8 }).map((t) => t.join(" ")),
  }),
  fc.record({
    op: fc.constant("token" as const),
    at: fc.nat(),
    token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })),
  }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat(), keep: fc.nat({ max: 80 }) }),
);

function mutate(text: string, mutations: Mutation[]): string {
  const lines = text.split("\n");
  for (const m of mutations) {
    if (lines.length === 0) lines.push("");
    const at = m.at % lines.length;
    switch (m.op) {
      case "delete":
        lines.splice(at, 1);
        break;
      case "duplicate":
        lines.splice(at, 0, lines[at]);
        break;
      case "swap": {
        const other = m.with % lines.length;
        [lines[at], lines[other]] = [lines[other], lines[at]];
        break;
      }
      case "insert":
        lines.splice(at, 0, m.line);
        break;
      case "token": {
        const words = lines[at].split(" ");
        words.splice(m.at % (words.length + 1), 0, m.token);
        lines[at] = words.join(" ");
        break;
      }
      case "truncate":
        lines[at] = lines[at].slice(0, m.keep);
        break;
    }
  }
  return lines.join("\n");
}

describe("directory parser and resolver: properties", () => {
  it("never throw on random strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => exercise(text)),
      { numRuns: 300 },
    );
  });

  it("never throw on random bytes read as Latin-1", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) =>
        exercise(Buffer.from(bytes).toString("latin1")),
      ),
      { numRuns: 200 },
    );
  });

  it("never throw on random statement-shaped lines", () => {
    const line = fc.array(fc.constantFrom(...TOKENS), { maxLength: 10 }).map((t) => t.join(" "));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => exercise(lines.join("\n"))),
      { numRuns: 300 },
    );
  });

  it("never throw on mutated fixture files", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.array(mutation, { minLength: 1, maxLength: 12 }),
        (text, mutations) => exercise(mutate(text, mutations)),
      ),
      { numRuns: 300 },
    );
  });

  it("never throw on huge lines and listing prefixes", () => {
    exercise(`USER A PW 1M 1M G\n${"MDISK ".repeat(50_000)}\n${"x".repeat(200_000)}\n`);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(typeof stripListingPrefix(text)).toBe("string");
        exercise(stripListingPrefix(text));
      }),
      { numRuns: 200 },
    );
  });
});
