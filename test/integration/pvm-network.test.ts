import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";
import { pvmCtcs, pvmDirectory, pvmFiles } from "./pvm-helpers";

/** PVM's CSE network (issue #11 item 5): AUTOLOG1 starts PVM, PVM attaches its CTCs and reads PVM CONFIG. */

const directory = pvmDirectory;
const ctcs = pvmCtcs;
const files = pvmFiles();

type Network = {
  ctcs: { aUser?: string; bUser?: string }[];
  lines: { system: string; vdev: string; node: string; state: string; why?: string }[];
  paths: { a: string; b: string; state: string; why?: string }[];
};

describe("the CSE network", () => {
  it("comes up when AUTOLOG1 starts PVM on both systems; when one PVM stops its path drops with its why, and messages to that system fail until it is back", async () => {
    const token = await newTenant();
    const created = await call("/v1/plexes", {
      token,
      body: { ...smallPlex("pvm1", directory), ctcs, files },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const network = async () => (await (await call("/v1/plexes/pvm1/network", { token })).json()) as Network;
    // The plex has four systems (six paths); SYSA and SYSB are the two joined by a CTC.
    const ab = (n: Network) => n.paths.filter((p) => p.a === "SYSA" && p.b === "SYSB");
    // Nothing runs yet: the path is down and says why.
    const before = await network();
    expect(before.paths).toHaveLength(6);
    expect(ab(before)).toEqual([
      expect.objectContaining({ state: "DOWN", why: "PVM is not running on SYSA" }),
    ]);
    for (const s of ["SYSA", "SYSB"])
      expect((await call(`/v1/plexes/pvm1/systems/${s}/ipl`, { token, body: {} })).status).toBe(200);
    const up = await network();
    expect(ab(up)).toEqual([{ a: "SYSA", b: "SYSB", state: "UP" }]);
    expect(up.paths.filter((p) => p.state === "UP")).toHaveLength(1);
    expect(up.lines.map((l) => `${l.system} ${l.vdev} ${l.node} ${l.state}`)).toEqual([
      "SYSA 0DB4 SYSB UP",
      "SYSB 0DA4 SYSA UP",
    ]);
    expect(up.ctcs).toEqual([expect.objectContaining({ aUser: "PVM", bUser: "PVM" })]);
    // FORCE PVM on SYSB: its line and the path go down, and say why.
    const logon = await call("/v1/plexes/pvm1/systems/SYSA/users/MAINT/logon", {
      token,
      body: { password: "MAINTPW" },
    });
    expect(logon.status).toBe(200);
    const forced = await call("/v1/plexes/pvm1/systems/SYSA/users/MAINT/cp", {
      token,
      body: { command: "FORCE PVM AT SYSB" },
    });
    expect(((await forced.json()) as { rc: number }).rc).toBe(0);
    const down = await network();
    expect(ab(down)).toEqual([expect.objectContaining({ state: "DOWN", why: "PVM is not running on SYSB" })]);
    // Without the path, what needs SYSB from SYSA fails and says why; SYSB itself is still up.
    const cpA = async (command: string) =>
      (await (
        await call("/v1/plexes/pvm1/systems/SYSA/users/MAINT/cp", { token, body: { command } })
      ).json()) as { rc: number; lines: string[] };
    const msg = await cpA("MSG OPERATOR AT SYSB hello");
    expect(msg.rc).toBe(9033);
    expect(msg.lines).toEqual([
      "HCPCSE9033E System SYSB cannot be reached: no CSE path (PVM is not running on SYSB)",
    ]);
    const names = await cpA("QUERY NAMES AT ALL");
    expect(names.lines).toContain(
      "HCPCSE9034I System SYSB cannot be reached: no CSE path; its users are not shown",
    );
    expect((await cpA("XAUTOLOG PVM AT SYSB")).lines.join(" ")).toContain("SYSB");
    // XAUTOLOG PVM there (locally, as an operator on SYSB would): its profile reattaches, the path is up again.
    const b = await call("/v1/plexes/pvm1/systems/SYSB/users/MAINT/logon", {
      token,
      body: { password: "MAINTPW" },
    });
    expect(b.status).toBe(200);
    await call("/v1/plexes/pvm1/systems/SYSB/users/MAINT/cp", { token, body: { command: "XAUTOLOG PVM" } });
    expect(ab(await network())).toEqual([{ a: "SYSA", b: "SYSB", state: "UP" }]);
    expect(await cpA("MSG OPERATOR AT SYSB hello again")).toEqual({ rc: 0, lines: [] });
    // An operator's LOGON of PVM starts its program too (CMS runs PROFILE EXEC, then PVM starts).
    expect((await cpA("FORCE PVM")).rc).toBe(0);
    expect(ab(await network())).toEqual([
      expect.objectContaining({ state: "DOWN", why: "PVM is not running on SYSA" }),
    ]);
    const pvm = await call("/v1/plexes/pvm1/systems/SYSA/users/PVM/logon", {
      token,
      body: { password: "PVMPW" },
    });
    expect(pvm.status).toBe(200);
    expect(ab(await network())).toEqual([{ a: "SYSA", b: "SYSB", state: "UP" }]);
  });

  it("is linted again from the stored files when PUT /files changes PVM CONFIG, and the finding names the minidisk", async () => {
    const token = await newTenant();
    const created = await call("/v1/plexes", {
      token,
      body: { ...smallPlex("pvm2", directory), ctcs, files },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const codes = async () =>
      (
        (await (await call("/v1/plexes/pvm2", { token })).json()) as {
          diagnostics: { code: string; file: string; line: number }[];
        }
      ).diagnostics.filter((d) => d.code.startsWith("PVM-"));
    expect(await codes()).toEqual([]);
    const put = await call("/v1/plexes/pvm2/files", {
      token,
      method: "PUT",
      body: {
        files: {
          "SYSB: PVM 0191": {
            "PVM CONFIG": "LOCAL SYSX\nLINK DA4 SYSA CTCA\nSTART LINE DA4\nSTART CSECOM SYSA\n",
          },
        },
      },
    });
    expect(put.status).toBe(200);
    expect(await codes()).toEqual([
      expect.objectContaining({ code: "PVM-LOCAL-MISMATCH", file: "SYSB: PVM 0191 PVM CONFIG", line: 1 }),
    ]);
    // ERASE it: SYSB runs no PVM configuration any more, and says nothing of one.
    const erased = await call("/v1/plexes/pvm2/systems/SYSB/users/PVM/minidisks/0191/files/PVM/CONFIG", {
      token,
      method: "DELETE",
    });
    expect(erased.status).toBe(204);
    expect((await codes()).map((d) => d.code)).not.toContain("PVM-LOCAL-MISMATCH");
  });
});
