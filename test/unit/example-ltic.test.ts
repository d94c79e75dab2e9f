import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintPlex } from "../../src/lint";

const dir = new URL("../../examples/ltic/", import.meta.url);
const plex = JSON.parse(readFileSync(new URL("plex.json", dir), "utf8"));

describe("examples/ltic, the seed's plex", () => {
  it("plex.json is what build-plex-json.mjs makes from the files beside it", () => {
    expect(() =>
      execFileSync(process.execPath, [new URL("build-plex-json.mjs", dir).pathname, "--check"], {
        stdio: "pipe",
      }),
    ).not.toThrow();
  });

  it("lints clean but for the findings the seed itself implies (examples/ltic/README.md)", () => {
    const r = lintPlex(plex);
    expect(r.ok).toBe(true);
    expect(r.plex.systems).toEqual(["LTICVM1", "LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"]);
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual([
      "warning SPOOL-SHARED-NOT-SHARING LTICVM5 CPOWNED:16", // finding 3
      "warning SPOOL-SHARED-NOT-SHARING LTICVM9 CPOWNED:9", // finding 3
      "warning CSE-SYSTEM-UNKNOWN SYSTEM CONFIG:47", // finding 1: LTICVM6 in XLINK
      "info CSE-SYSTEM-UNKNOWN SYSTEM CONFIG:49", // finding 2: LVL2VM excluded
      "warning CSE-SYSTEM-UNKNOWN SYSTEM CONFIG:68", // finding 1: LTICVM6 in XSPOOL
    ]);
  });

  it("IPLs LTICVM5 and LTICVM9 from the shared VMQIPL and the others from their own", () => {
    const r = lintPlex(plex);
    expect(Object.fromEntries([...r.plex.views].map(([s, v]) => [s, v.iplVolume]))).toEqual({
      LTICVM1: "VM1IPL",
      LTICVM2: "VM2IPL",
      LTICVM4: "VM4IPL",
      LTICVM5: "VMQIPL",
      LTICVM7: "VM7IPL",
      LTICVM9: "VMQIPL",
    });
  });

  it("resolves the seed's TCPIP entry on LTICVM5 and LTICVM1 as the slides show", () => {
    const r = lintPlex(plex);
    const on = (sys: string) => r.plex.views.get(sys)!.directory!.users.get("TCPIP")!;
    const vm5 = on("LTICVM5");
    expect(
      vm5.links
        .filter((l) => l.owner !== "MAINT")
        .map((l) => `${l.owner} ${l.ownerVdev} ${l.vdev} ${l.mode}`),
    ).toEqual([
      "TCPMAINT 0591 0591 RR",
      "TCPMAINT 0592 0592 RR",
      "TCPMAINT 0198 0198 RR",
      "5VMTCP20 0491 0491 RR",
      "5VMTCP20 0492 0492 RR",
    ]);
    expect(vm5.mdisks.map((m) => `${m.vdev} ${m.volser} ${m.start} ${m.count} ${m.mode}`)).toEqual([
      "9191 VMQIPL 3125 5 RR",
      "0191 VM5CDS 72 5 MR",
    ]);
    const vm1 = on("LTICVM1");
    expect(
      vm1.links.filter((l) => l.owner.startsWith("5VMTCP")).map((l) => `${l.owner} ${l.ownerVdev}`),
    ).toEqual(["5VMTCP10 0491", "5VMTCP10 0492"]);
    expect(
      vm1.mdisks.map(
        (m) =>
          `${m.vdev} ${m.volser} ${m.start} ${m.count} ${m.mode} ${m.readPassword} ${m.writePassword} ${m.multiPassword}`,
      ),
    ).toEqual(["0191 VM1IPL 2953 5 MR RTCPIP WTCPIP MTCPIP"]);
  });
});
