import ltic from "../../examples/ltic/plex.json";
import { describe, expect, it } from "vitest";
import { lintPlex, type PlexInput } from "../../src/lint";

/**
 * DirMaint's lint (issue #12 item 6) on the LTIC example: its CONFIG DATADVH is clean; each broken
 * variant gives its finding at the line of CONFIG DATADVH that says it.
 */

const CONFIG = ltic.files["DIRMAINT 011F"]["CONFIG DATADVH"];

function findings(config: string, rscs?: Record<string, Record<string, string>>) {
  const input = {
    ...ltic,
    files: { ...ltic.files, ...rscs, "DIRMAINT 011F": { "CONFIG DATADVH": config } },
  } as unknown as PlexInput;
  return lintPlex(input).diagnostics.filter((d) => d.code.startsWith("DIRMAINT-"));
}

const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("DirMaint lint", () => {
  it("finds nothing in the LTIC example", () => {
    expect(findings(CONFIG)).toEqual([]);
  });

  it("a SATELLITE_SERVER= for a user the system's directory lacks, or for no system, is found at its line", () => {
    const bad = CONFIG.replace(
      "SATELLITE_SERVER= DIRMSAT9 LTICVM9",
      "SATELLITE_SERVER= DIRMSATX LTICVM9",
    ).replace("SATELLITE_SERVER= DIRMSAT5 LTICVM5", "SATELLITE_SERVER= DIRMSAT5 LTICVM8");
    const f = findings(bad);
    const sat = f.filter((d) => d.code === "DIRMAINT-SATELLITE");
    expect(sat.map((d) => d.line).sort()).toEqual(
      [lineOf(bad, "DIRMSATX LTICVM9"), lineOf(bad, "DIRMSAT5 LTICVM8")].sort(),
    );
    expect(sat.map((d) => d.message).join("\n")).toMatch(/DIRMSATX is not in LTICVM9's directory/);
    expect(sat.map((d) => d.message).join("\n")).toMatch(/LTICVM8 is not a system of this plex/);
    // One system without a satellite may be DIRMAINT's own: no DIRMAINT-SYSTEMS finding for one.
    expect(f.filter((d) => d.code === "DIRMAINT-SYSTEMS")).toEqual([]);
  });

  it("a route over an RSCS link one end does not define is found at the route's line", () => {
    const vm7 = ltic.files["LTICVM7: RSCS 0191"] as Record<string, string>;
    const noBack = {
      "LTICVM7: RSCS 0191": {
        ...vm7,
        "RSCS CONFIG": vm7["RSCS CONFIG"]
          .split("\n")
          .filter((l) => !/^LINKDEFINE LTICVM1\b/.test(l))
          .join("\n"),
      },
    };
    const f = findings(CONFIG, noBack).filter((d) => d.code === "DIRMAINT-ROUTE");
    expect(f.map((d) => d.line).sort()).toEqual(
      [lineOf(CONFIG, "FROM= LTICVM1  TO= LTICVM7"), lineOf(CONFIG, "FROM= LTICVM7  TO= LTICVM1")].sort(),
    );
    expect(f[0].message).toMatch(/LTICVM7's RSCS CONFIG has no LINKDEFINE LTICVM1/);
  });

  it("a statement CONFIG DATADVH cannot read is found at its line", () => {
    const bad = CONFIG.replace("SATELLITE_SERVER= DIRMSAT4 LTICVM4", "SATELLITE_SERVER= DIRMSAT4");
    const f = findings(bad).filter((d) => d.code === "DIRMAINT-CONFIG");
    expect(f.length).toBeGreaterThan(0);
    expect(f[0].line).toBe(lineOf(bad, "SATELLITE_SERVER= DIRMSAT4"));
  });

  it("a satellite with no route to it is found", () => {
    const bad = CONFIG.split("\n")
      .filter((l) => !/^FROM= LTICVM1 +TO= LTICVM9/.test(l))
      .join("\n");
    const f = findings(bad).filter((d) => d.code === "DIRMAINT-SYSTEMS");
    expect(f).toHaveLength(1);
    expect(f[0].line).toBe(lineOf(bad, "DIRMSAT9 LTICVM9"));
    expect(f[0].message).toMatch(/no FROM=\/TO= route to LTICVM9/);
  });
});
