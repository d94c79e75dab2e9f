// The parsers' fast paths (issue 9, parser speed) against the plain ways they replace: the record
// reader and in-place word scan against splitRecords + words, the per-source resolution cache
// against a fresh parse per system, the comment blanking of the SYSTEM CONFIG lexer against the
// character loop it replaced, and the compiled-pattern cache against patternToRegExp.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readStatements } from "../../src/config/lexer";
import { parseDirectory } from "../../src/directory/parse";
import { resolveDirectory } from "../../src/directory/resolve";
import { lookupStatement } from "../../src/directory/statements";
import {
  RecordReader,
  WordCache,
  isBlank,
  matchesPattern,
  patternToRegExp,
  splitRecords,
  words,
} from "../../src/text/records";
import { generateDirectory } from "../../bench/generate";

const read = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");

/** Pieces that reach every branch of the record and word scanners. */
const PIECES = [
  "USER",
  "user",
  "MDISK",
  "mdisk",
  "LINK",
  "SYSAFFIN",
  "COMMAND",
  "Set",
  "a",
  "z",
  "0a",
  "{|}~",
  "*",
  "*X",
  "0191",
  "LTICVM1",
  "é",
  "ß",
  "µ",
  "\u0130",
  "\ud83d\ude00",
  "\u0000",
  " ",
  "  ",
  "\t",
  "\v",
  "\f",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u200a",
  "\u200b",
  "\u2028",
  "\u202f",
  "\u3000",
  "\ufeff",
  "\n",
  "\r",
  "\r\n",
  "12345678",
  "x".repeat(71),
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(""));

/** A statement keyword (as written) and random words and blanks after it. */
const statement = fc
  .tuple(
    fc.constantFrom("MDISK", "mdisk", "Link", "OPTION", "COMMAND", "SYSAFFIN", "IPL", "POSIXINFO"),
    fc.array(fc.constantFrom(...PIECES.filter((p) => !/[\r\n]/.test(p))), { maxLength: 12 }),
  )
  .map(([keyword, rest]) => `${keyword} ${rest.join("")}`);

/** Records as RecordReader gives them. */
function readRecords(t: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const r = new RecordReader(t);
  while (r.next()) out.push({ line: r.line, text: t.slice(r.start, r.end) });
  return out;
}

describe("record reader and word scan", () => {
  it("isBlank is exactly what \\s matches, for every UTF-16 code unit", () => {
    for (let c = 0; c < 0x10000; c++) expect(isBlank(c)).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it("RecordReader gives splitRecords' records (line ends, final newline, sequence numbers)", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(readRecords(t)).toEqual(splitRecords(t));
      }),
      { numRuns: 3000 },
    );
    for (const t of ["", "\n", "\n\n", "a", "a\r", "a\r\n", "\r\n\r", `${"A".repeat(72)}00001234 \u00a0`]) {
      expect(readRecords(t)).toEqual(splitRecords(t));
    }
  });

  it("each statement's words, columns and keyword are what words() splits from its record", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(statement, text), { maxLength: 12 }), (lines) => {
        // A valid entry first, so that what follows is kept as its statements.
        const t = ["USER X PW", ...lines].join("\n");
        const src = parseDirectory(t);
        const expected = splitRecords(t).flatMap((r) => {
          const ws = words(r.text);
          if (ws.length === 0 || ws[0].text.startsWith("*")) return [];
          const keyword = lookupStatement(ws[0].text);
          return keyword
            ? [{ keyword, line: r.line, column: ws[0].column, words: ws.slice(1).map((w) => w.text) }]
            : [];
        });
        const statements = [
          ...src.globaldefs,
          ...src.users.flatMap((u) => u.statements),
          ...[...src.profiles.values(), ...src.subconfigs.values()].flatMap((u) => u.statements),
        ];
        for (const st of statements) {
          const want = expected.find((e) => e.line === st.line);
          expect(want).toBeDefined();
          expect({ keyword: st.keyword, column: st.column, words: st.words }).toEqual({
            keyword: want!.keyword,
            column: want!.column,
            words: want!.words,
          });
          const upper = st.words.map((w) => w.toUpperCase());
          if (["COMMAND", "POSIXINFO", "POSIXGROUP", "POSIXGLIST", "POSIXOPT"].includes(st.keyword)) {
            expect(st.operands).toEqual(st.words);
          } else expect(st.operands).toEqual(upper);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("WordCache gives back the slice it stands for, also when hashes collide", () => {
    const cache = new WordCache();
    const hash = (t: string, a: number, b: number) => {
      let h = 0;
      for (let i = a; i < b; i++) h = WordCache.step(h, t.charCodeAt(i));
      return h;
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.nat(), fc.nat(), fc.boolean(), (t, x, y, collide) => {
        const a = Math.min(x, y) % (t.length + 1);
        const b = Math.max(x, y) % (t.length + 1);
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        // A wrong hash stands for a collision: the cache must compare the characters.
        const h = collide ? 0 : hash(t, lo, hi);
        expect(cache.get(t, lo, hi, h)).toBe(t.slice(lo, hi));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("resolution cache", () => {
  const SYSTEMS = ["LTICVM1", "LTICVM2", "LTICVM5", "OTHER"];
  const LINES = [
    "DIRECTORY 0123 3390 VM1CDS LTICVM1",
    "DIRECTORY 0124 3390 VM2CDS LTICVM2",
    "PROFILE P",
    "USER A PW 1G 2G G",
    "USER B PW 1G",
    "IDENTITY C PW 1G 2G G",
    "BUILD ON LTICVM1 USING SUBCONFIG C-1",
    "BUILD ON LTICVM2 USING SUBCONFIG C-2",
    "SUBCONFIG C-1",
    "SUBCONFIG C-2",
    "INCLUDE P",
    "INCLUDE NOSUCH",
    "SYSAFFIN LTICVM1",
    "SYSAFFIN LTICVM2 LTICVM5",
    "SYSAFFIN *",
    " MDISK 0191 3390 10 20 +VMRES MR",
    " MDISK 0191 3390 10 20 VOL1 RR",
    " MDISK 0192 3390 1 END &SYSRES",
    " LINK * 0191 0291 RR",
    " LINK MAINT 0190 0190 RR",
    " OPTION MAXCONN 10 APPLMON",
    " CLASS BG",
    " AUTOLOG OP1",
    " IPL CMS",
  ];

  /** Each system resolved from its own fresh parse: no cache shared between systems. */
  const fresh = (t: string, sys: string, vol: string) => resolveDirectory(parseDirectory(t), sys, vol);

  it("resolving one source on system after system gives what a fresh parse per system gives", () => {
    const directory = fc.array(fc.constantFrom(...LINES), { maxLength: 50 }).map((l) => l.join("\n"));
    fc.assert(
      fc.property(directory, fc.shuffledSubarray(SYSTEMS, { minLength: 1 }), (t, order) => {
        const src = parseDirectory(t);
        for (const pass of ["RES1", "RES2"])
          for (const sys of order) expect(resolveDirectory(src, sys, pass)).toEqual(fresh(t, sys, pass));
      }),
      { numRuns: 400 },
    );
  });

  it("holds on the corpus and on the bench's generated directory", () => {
    const texts = [
      read("seed-tcpip.direct"),
      read("corpus/zvm-bootcamp-user-direct.direct"),
      read("corpus/vm370ce-user-direct-excerpt.direct"),
      generateDirectory(300, ["LTICVM1", "LTICVM2", "LTICVM5"], 0.3),
    ];
    for (const t of texts) {
      const src = parseDirectory(t);
      for (const sys of SYSTEMS)
        expect(resolveDirectory(src, sys, "IPLVOL")).toEqual(fresh(t, sys, "IPLVOL"));
    }
  });

  it("tells apart systems whose users differ only in the profile named", () => {
    const t = [
      "DIRECTORY 0123 3390 VM1CDS LTICVM1",
      "USER A PW 1G 2G G",
      "SYSAFFIN LTICVM1",
      "INCLUDE NOSUCH",
      "SYSAFFIN LTICVM2",
      "INCLUDE OTHER",
    ].join("\n");
    const src = parseDirectory(t);
    expect(resolveDirectory(src, "LTICVM1", "V").users.get("A")!.profile).toBe("NOSUCH");
    expect(resolveDirectory(src, "LTICVM2", "V").users.get("A")!.profile).toBe("OTHER");
    expect(resolveDirectory(src, "OTHER", "V").users.get("A")!.profile).toBeUndefined();
  });

  it("keeps a user's devices in first-defined order with the later definition, for few devices and for many", () => {
    for (const n of [3, 40]) {
      const lines = ["USER BIG PW 1G 2G G"];
      for (let i = 0; i < n; i++) lines.push(` MDISK ${(0x100 + i).toString(16)} 3390 ${i + 1} 1 VOL1 MR`);
      lines.push(" MDISK 101 3390 900 1 VOL2 RR", ` LINK MAINT 0190 ${(0x100 + n - 1).toString(16)} RR`);
      const src = parseDirectory(lines.join("\n"));
      const od = resolveDirectory(src, "S", "V");
      const big = od.users.get("BIG")!;
      expect(big.mdisks.map((m) => m.vdev)).toEqual(
        Array.from({ length: n - 1 }, (_, i) => (0x100 + i).toString(16).toUpperCase().padStart(4, "0")),
      );
      expect(big.mdisks[1]).toMatchObject({ volser: "VOL2", mode: "RR", line: n + 2 });
      expect(big.links.map((l) => [l.vdev, l.ownerVdev])).toEqual([
        [(0x100 + n - 1).toString(16).padStart(4, "0").toUpperCase(), "0190"],
      ]);
      expect(od.diagnostics.map((d) => [d.code, d.line])).toEqual([
        ["DIR-DUP-VDEV", n + 2],
        ["DIR-DUP-VDEV", n + 3],
      ]);
    }
  });

  it("gives a user's OPTION, AUTOLOG and LOGONBY lists from one statement or from several alike", () => {
    const user = (...lines: string[]) =>
      resolveDirectory(parseDirectory(["USER A PW 1G 2G G", ...lines].join("\n")), "S", "V").users.get("A")!;
    const one = user(" OPTION APPLMON LNKNOPAS", " AUTOLOG OP1 OP2", " LOGONBY ME");
    expect([one.options, one.autologBy, one.logonBy, one.autolog]).toEqual([
      ["APPLMON", "LNKNOPAS"],
      ["OP1", "OP2"],
      ["ME"],
      true,
    ]);
    const several = user(
      " OPTION MAXCONN 10 APPLMON",
      " AUTOLOG OP1",
      " XAUTOLOG OP2 OP3",
      " LOGONBY ME",
      " LOGONBY YOU",
      " OPTION LNKNOPAS",
    );
    expect([several.options, several.autologBy, several.logonBy]).toEqual([
      ["MAXCONN", "APPLMON", "LNKNOPAS"],
      ["OP1", "OP2", "OP3"],
      ["ME", "YOU"],
    ]);
    expect(user(" OPTION MAXCONN 10").options).toEqual(["MAXCONN"]);
    const none = user(" IPL CMS");
    expect([none.options, none.autologBy, none.logonBy, none.autolog]).toEqual([[], [], [], false]);
  });

  it("shares a user between systems only when it resolves the same on both", () => {
    // Odd users have SYSAFFIN blocks (U000001's 0201 is MR on LTICVM2, RR on LTICVM1); MAINT's
    // minidisks are on +VMRES.
    const src = parseDirectory(generateDirectory(20, ["LTICVM1", "LTICVM2"], 0.5));
    const a = resolveDirectory(src, "LTICVM1", "V");
    const b = resolveDirectory(src, "LTICVM2", "W");
    expect(b.users.get("U000000")).toBe(a.users.get("U000000"));
    expect(a.users.get("U000001")!.mdisks.find((m) => m.vdev === "0201")!.mode).toBe("RR");
    expect(b.users.get("U000001")!.mdisks.find((m) => m.vdev === "0201")!.mode).toBe("MR");
    expect(a.users.get("MAINT")!.mdisks.map((m) => m.volser)).toEqual(["V", "V", "V"]);
    expect(b.users.get("MAINT")!.mdisks.map((m) => m.volser)).toEqual(["W", "W", "W"]);
    // A third system that picks U000001's LTICVM1 statements gets LTICVM1's user.
    const c = resolveDirectory(src, "LTICVM1", "X");
    expect(c.users.get("U000001")).toBe(a.users.get("U000001"));
  });
});

/** The lexer's comment blanking as it was: one character at a time. */
function blankCommentsByCharacter(lines: string[]): string[] {
  let inComment = false;
  return lines.map((t) => {
    let body = "";
    for (let i = 0; i < t.length; i++) {
      if (inComment) {
        if (t[i] === "*" && t[i + 1] === "/") {
          inComment = false;
          body += "  ";
          i++;
        } else body += " ";
      } else if (t[i] === "/" && t[i + 1] === "*") {
        inComment = true;
        body += "  ";
        i++;
      } else body += t[i];
    }
    return body;
  });
}

describe("SYSTEM CONFIG lexer and patterns", () => {
  it("blanks comments as the character loop did: same words, records and columns", () => {
    const piece = fc.constantFrom(
      "/*",
      "*/",
      "/",
      "*",
      " ",
      "A",
      "b,",
      ",",
      "\n",
      "/* x */",
      "*/*",
      "/*/",
      "\t",
      "SYS1:",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (ps) => {
        const t = ps.join("");
        const blanked = blankCommentsByCharacter(splitRecords(t).map((r) => r.text)).join("\n");
        // With the comments already blanked, the lexer has nothing left to blank.
        const strip = (r: ReturnType<typeof readStatements>) => r.statements;
        expect(strip(readStatements(t, "F"))).toEqual(strip(readStatements(blanked, "F")));
      }),
      { numRuns: 3000 },
    );
  });

  it("matchesPattern answers as a freshly compiled pattern does", () => {
    const pat = fc.stringMatching(/^[A-Za-z0-9*%.$^()[\]+?{}|\\]{0,6}$/);
    fc.assert(
      fc.property(pat, pat, (name, p) => {
        expect(matchesPattern(name, p)).toBe(patternToRegExp(p).test(name.toUpperCase()));
        expect(matchesPattern(name, p)).toBe(patternToRegExp(p).test(name.toUpperCase()));
      }),
      { numRuns: 3000 },
    );
  });
});
