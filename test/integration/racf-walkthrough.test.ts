import { describe, expect, it } from "vitest";
import before from "../../examples/ltic/racfvm-before.direct?raw";
import ltic from "../../examples/ltic/plex.json";
import { call, newTenant } from "./helpers";

// Replays examples/ltic/racf-walkthrough.md step by step.

const racfEntry = /^\* RACFVM, the RACF server[\s\S]*$/m;

describe("examples/ltic/racf-walkthrough.md", () => {
  it("moves RACF from minidisks to shared dedicated volumes, system by system", async () => {
    const T = await newTenant();
    expect(ltic.directory).toMatch(racfEntry);
    const beforeDirectory = ltic.directory.replace(racfEntry, before);
    const B = "/v1/plexes/ltic";
    const post = async (path: string, body: unknown) => {
      const r = await call(`${B}${path}`, { token: T, body });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const cp = async (sys: string, user: string, command: string) => {
      const r = (await post(`/systems/${sys}/users/${user}/cp`, { command })).body as {
        rc: number;
        lines: string[];
      };
      expect(r.rc, `${sys} ${user} ${command}: ${r.lines.join(" ")}`).toBe(0);
      return r;
    };
    const io = async (sys: string, user: string, vdev: string, op: string, body: unknown = {}) =>
      post(`/systems/${sys}/users/${user}/devices/${vdev}/${op}`, body);

    // 0. Before: a database per system, on minidisks.
    expect(
      (await call("/v1/plexes", { token: T, body: { ...ltic, directory: beforeDirectory } })).status,
    ).toBe(201);
    for (const s of ["LTICVM1", "LTICVM2"]) {
      expect((await post(`/systems/${s}/ipl`, {})).status).toBe(200);
      expect(
        ((await post(`/systems/${s}/users/MAINT/logon`, { password: "LTICMNT" })).body as { rc: number }).rc,
      ).toBe(0);
      await cp(s, "MAINT", "XAUTOLOG RACFVM");
      expect((await cp(s, "RACFVM", "Q V DASD")).lines[0]).toMatch(/^DASD 0200 3390 VM[12]IPL R\/W\s+20 CYL/);
    }
    const vm1Profiles = [0, 1, 2].map((n) => ({ n, data: `LTICVM1 profile ${n}` }));
    expect((await io("LTICVM1", "RACFVM", "0200", "write", { records: vm1Profiles })).status).toBe(200);
    expect(
      (await io("LTICVM2", "RACFVM", "0200", "write", { records: [{ n: 0, data: "LTICVM2 profile 0" }] }))
        .status,
    ).toBe(200);

    // 1. DDR from the minis to full volumes on LTICVM1.
    await cp("LTICVM1", "MAINT", "LINK RACFVM 200 1200 RR RRACF");
    await cp("LTICVM1", "MAINT", "ATTACH 5800 TO * AS 2200");
    const copied = (await io("LTICVM1", "MAINT", "1200", "read", { from: 0, count: 100 })).body.records as {
      n: number;
      data: string;
    }[];
    expect(copied).toEqual(vm1Profiles);
    expect((await io("LTICVM1", "MAINT", "2200", "write", { records: copied })).status).toBe(200);
    await cp("LTICVM1", "MAINT", "DETACH 1200");
    await cp("LTICVM1", "MAINT", "DETACH 2200");

    // 2. Change the directory entry and recycle RACF on LTICVM1.
    const put = await call(`${B}/directory`, {
      token: T,
      method: "PUT",
      body: { directory: ltic.directory },
    });
    expect(put.status).toBe(200);
    await cp("LTICVM1", "MAINT", "FORCE RACFVM");
    await cp("LTICVM1", "MAINT", "XAUTOLOG RACFVM");
    expect((await cp("LTICVM1", "RACFVM", "Q V DASD")).lines.join("\n")).toMatch(
      /DASD 0200 ON DASD  5800 R\/W RACFP1/,
    );
    // LTICVM2's RACFVM still runs on its minidisk until it is recycled.
    expect((await cp("LTICVM2", "RACFVM", "Q V DASD")).lines[0]).toMatch(/VM2IPL/);

    // 3. Add LTICVM2's missing entries, under the reserve.
    const r = await io("LTICVM1", "RACFVM", "0200", "reserve", { wait: true });
    expect(r.status).toBe(200);
    expect(
      (await io("LTICVM1", "RACFVM", "0200", "write", { records: [{ n: 10, data: "LTICVM2 profile 0" }] }))
        .status,
    ).toBe(200);
    expect((await io("LTICVM1", "RACFVM", "0200", "release", { generation: r.body.generation })).status).toBe(
      200,
    );

    // 4. Change the directory entry and recycle RACF on LTICVM2: one database for both.
    await cp("LTICVM2", "MAINT", "FORCE RACFVM");
    await cp("LTICVM2", "MAINT", "XAUTOLOG RACFVM");
    const shared = (await io("LTICVM2", "RACFVM", "0200", "read", { from: 0, count: 100 })).body.records as {
      n: number;
      data: string;
    }[];
    expect(shared.map((x) => x.data)).toEqual([...vm1Profiles.map((x) => x.data), "LTICVM2 profile 0"]);

    // 5. From now on the reserve keeps the systems apart.
    expect((await io("LTICVM1", "RACFVM", "0200", "reserve")).status).toBe(200);
    const refused = await io("LTICVM2", "RACFVM", "0200", "write", { records: [{ n: 11, data: "x" }] });
    expect(refused.status).toBe(409);
    expect((refused.body.error as { message: string }).message).toBe(
      "DASD 0200 is reserved by another system (LTICVM1)",
    );
    expect((await io("LTICVM1", "RACFVM", "0200", "release")).status).toBe(200);
    expect((await io("LTICVM2", "RACFVM", "0200", "write", { records: [{ n: 11, data: "x" }] })).status).toBe(
      200,
    );
  });
});
