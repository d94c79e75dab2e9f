import { describe, expect, it } from "vitest";
import { INPUT_LIMITS } from "../../src/config/limits";
import { lintPlex, MAX_DIAGNOSTICS } from "../../src/lint";

const codes = (r: ReturnType<typeof lintPlex>) => r.diagnostics.map((d) => d.code);
const systems = (n: number) =>
  Array.from({ length: n }, (_, i) => `System_Identifier 2964 %${String(i).padStart(5, "0")} S${i}`).join(
    "\n",
  ) + "\n";

describe("input limits (issue #10: bounded work)", () => {
  it("stops reading SYSTEM CONFIG past the record limit, however the Imbeds nest", () => {
    const fanout = (file: string) => Array.from({ length: 100 }, () => `Imbed ${file}\n`).join("");
    const nested = {
      "SYSTEM CONFIG": "System_Identifier 2964 %11111 SYSA\n" + fanout("L1 FILE"),
      "L1 FILE": fanout("L2 FILE"),
      "L2 FILE": Array.from({ length: 100 }, () => "/* only a comment */\n").join(""),
    };
    const r = lintPlex({ systemConfig: nested });
    expect(r.ok).toBe(false);
    expect(codes(r)).toContain("CFG-TOO-LARGE");
    const small = { ...nested, "SYSTEM CONFIG": "System_Identifier 2964 %11111 SYSA\nImbed L1 FILE\n" };
    expect(codes(lintPlex({ systemConfig: small }))).not.toContain("CFG-TOO-LARGE");
    expect(INPUT_LIMITS.configRecords).toBeGreaterThan(100 * 100 + 100);
  });

  it("holds at most the system limit, and says so past it", () => {
    const at = lintPlex({ systemConfig: systems(INPUT_LIMITS.systems), directory: "" });
    expect(codes(at)).not.toContain("CFG-TOO-MANY-SYSTEMS");
    expect(at.plex.systems).toHaveLength(INPUT_LIMITS.systems);
    const over = lintPlex({ systemConfig: systems(INPUT_LIMITS.systems + 1), directory: "" });
    expect(over.ok).toBe(false);
    expect(codes(over)).toContain("CFG-TOO-MANY-SYSTEMS");
    expect(over.plex.systems).toHaveLength(INPUT_LIMITS.systems);
  });

  it("answers at most MAX_DIAGNOSTICS findings and counts the rest, errors included", () => {
    // Every unknown statement is an error of its own.
    const config =
      "System_Identifier 2964 %11111 SYSA\n" + Array.from({ length: 1500 }, (_, i) => `Bogus${i}\n`).join("");
    const r = lintPlex({ systemConfig: config });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    const last = r.diagnostics[MAX_DIAGNOSTICS];
    expect(last.code).toBe("LINT-TRUNCATED");
    expect(last.message).toMatch(/^\d+ more findings are not shown \(\d+ of them errors\)$/);
  });
});
