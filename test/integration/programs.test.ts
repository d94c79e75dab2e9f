import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";
import { pvmCtcs, pvmDirectory, pvmFiles } from "./pvm-helpers";

/**
 * The plex's `programs` input (issue #11 item 2): which user runs which service machine's program
 * is decided by its name unless the plex says otherwise, e.g. a site whose PVM is called PVMX.
 */

type Network = {
  ctcs: { aUser?: string; bUser?: string }[];
  paths: { a: string; b: string; state: string; why?: string }[];
};

/** The two-system network of ./pvm-helpers.ts with PVM called PVMX: AUTOLOG1 XAUTOLOGs PVMX. */
const pvmxDirectory = pvmDirectory.replace("USER PVM PVMPW", "USER PVMX PVMXPW");
const pvmxFiles = () => {
  const f = pvmFiles();
  return {
    "AUTOLOG1 0191": { "PROFILE EXEC": "/* AUTOLOG1 */\n'CP XAUTOLOG PVMX'\n" },
    "SYSA: PVMX 0191": f["SYSA: PVM 0191"],
    "SYSB: PVMX 0191": f["SYSB: PVM 0191"],
  };
};

/** A tenant with a plex made from `body` over the small plex, and its API. */
async function plexOf(name: string, body: Record<string, unknown>, directory: string) {
  const token = await newTenant();
  const created = await call("/v1/plexes", { token, body: { ...smallPlex(name, directory), ...body } });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}`;
  const cp = async (sys: string, command: string) =>
    (await (await call(`${base}/systems/${sys}/users/MAINT/cp`, { token, body: { command } })).json()) as {
      rc: number;
      lines: string[];
    };
  return {
    token,
    base,
    created: (await created.json()) as { diagnostics: { code: string; message: string }[] },
    cp,
    network: async () => (await (await call(`${base}/network`, { token })).json()) as Network,
    ab: (n: Network) => n.paths.filter((p) => p.a === "SYSA" && p.b === "SYSB"),
    async ipl(...systems: string[]) {
      for (const s of systems)
        expect((await call(`${base}/systems/${s}/ipl`, { token, body: {} })).status).toBe(200);
    },
    async shutdown(...systems: string[]) {
      for (const s of systems)
        expect((await call(`${base}/systems/${s}/shutdown`, { token, body: {} })).status).toBe(200);
    },
    async logon(...systems: string[]) {
      for (const s of systems)
        expect(
          (await call(`${base}/systems/${s}/users/MAINT/logon`, { token, body: { password: "MAINTPW" } }))
            .status,
        ).toBe(200);
    },
    async console(sys: string, userid: string) {
      const r = await call(`${base}/systems/${sys}/users/${userid}/console`, { token });
      return ((await r.json()) as { lines: { text: string }[] }).lines.map((l) => l.text);
    },
    async programs() {
      const r = await call(`${base}/programs`, { token });
      expect(r.status).toBe(200);
      return ((await r.json()) as { programs: Record<string, string> }).programs;
    },
    put: (programs: unknown) => call(`${base}/programs`, { token, method: "PUT", body: { programs } }),
  };
}

describe("the programs input", () => {
  it("a PVM called PVMX: AUTOLOG1 starts it at IPL, its CSE path comes up, the network names it, SMSG PVMX answers", async () => {
    const p = await plexOf(
      "progs1",
      { ctcs: pvmCtcs, files: pvmxFiles(), programs: { pvmx: "pvm" } },
      pvmxDirectory,
    );
    expect(await p.programs()).toEqual({ PVMX: "PVM" });
    expect(
      p.created.diagnostics.filter((d) => d.code.startsWith("PROGRAMS") || d.code.startsWith("PVM")),
    ).toEqual([]);
    await p.ipl("SYSA", "SYSB");
    const up = await p.network();
    expect(p.ab(up)).toEqual([{ a: "SYSA", b: "SYSB", state: "UP" }]);
    expect(up.ctcs).toEqual([expect.objectContaining({ aUser: "PVMX", bUser: "PVMX" })]);
    expect(await p.console("SYSA", "PVMX")).toContain("PVM started with PVM CONFIG");
    // Commands that need SYSB go over the path; SMSG to the user running PVM reaches the program.
    await p.logon("SYSA");
    expect(await p.cp("SYSA", "MSG OPERATOR AT SYSB hello")).toEqual({ rc: 0, lines: [] });
    expect(await p.cp("SYSA", "SMSG PVMX Q LINKS")).toEqual({ rc: 0, lines: [] });
    expect((await p.console("SYSA", "MAINT")).filter((t) => t.startsWith("MSG FROM PVMX"))).toEqual([
      "MSG FROM PVMX    : LINK 0DB4 SYSB CTCA UP",
    ]);
    // FORCE PVMX on SYSB: the path drops, as when PVM is called PVM.
    expect((await p.cp("SYSA", "FORCE PVMX AT SYSB")).rc).toBe(0);
    expect(p.ab(await p.network())).toEqual([
      expect.objectContaining({ state: "DOWN", why: "PVM is not running on SYSB" }),
    ]);
  });

  it('a user named PVM with {"PVM": "NONE"} runs nothing; a change counts from the next IPL', async () => {
    const p = await plexOf(
      "progs2",
      { ctcs: pvmCtcs, files: pvmFiles(), programs: { PVM: "NONE" } },
      pvmDirectory,
    );
    await p.ipl("SYSA", "SYSB");
    // AUTOLOG1 still XAUTOLOGs PVM, which comes up in CMS and runs no profile: nothing attached, no PVM.
    const n = await p.network();
    expect(p.ab(n)).toEqual([expect.objectContaining({ state: "DOWN", why: "PVM is not running on SYSA" })]);
    expect(n.ctcs).toEqual([{ a: pvmCtcs[0].a, b: pvmCtcs[0].b }]);
    expect((await p.console("SYSA", "PVM")).join("\n")).not.toContain("PVM started");
    await p.logon("SYSA");
    expect((await p.cp("SYSA", "SMSG PVM Q LINKS")).rc).not.toBe(0);
    expect((await p.console("SYSA", "MAINT")).filter((t) => t.startsWith("MSG FROM PVM"))).toEqual([]);

    // Back to the default: nothing changes until the systems IPL again.
    const put = await p.put({});
    expect(put.status, await put.clone().text()).toBe(200);
    expect(((await put.json()) as { programs: object }).programs).toEqual({});
    expect(await p.programs()).toEqual({});
    expect((await p.cp("SYSA", "FORCE PVM")).rc).toBe(0);
    expect((await p.cp("SYSA", "XAUTOLOG PVM")).rc).toBe(0);
    expect(p.ab(await p.network())).toEqual([expect.objectContaining({ state: "DOWN" })]);
    await p.shutdown("SYSA", "SYSB");
    await p.ipl("SYSA", "SYSB");
    const up = await p.network();
    expect(p.ab(up)).toEqual([{ a: "SYSA", b: "SYSB", state: "UP" }]);
    expect(up.ctcs).toEqual([expect.objectContaining({ aUser: "PVM", bUser: "PVM" })]);
  });

  it("PUT .../programs refuses a bad program or userid, naming the key, and changes nothing; an unknown userid is a warning", async () => {
    const p = await plexOf("progs3", { programs: { PVMX: "PVM", GHOST: "PVM" } }, pvmxDirectory);
    expect(p.created.diagnostics.filter((d) => d.code === "PROGRAMS-USER-UNKNOWN")).toEqual([
      expect.objectContaining({
        message: "programs.GHOST (PVM): the directory has no USER GHOST, so no system runs it",
      }),
    ]);
    const bad = await p.put({ PVMX: "NJE" });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.message).toBe(
      'Invalid request body: programs.PVMX: PVMX: unknown program "NJE"; one of AUTOLOG1, PVM, RSCS, DIRMAINT, DIRMSAT, NONE',
    );
    const badUser = await p.put({ "NOT A USER": "PVM" });
    expect(badUser.status).toBe(400);
    expect(((await badUser.json()) as { error: { message: string } }).error.message).toContain(
      '"NOT A USER" is not a userid',
    );
    expect(await p.programs()).toEqual({ PVMX: "PVM", GHOST: "PVM" });
    // POST /v1/plexes checks it the same way, before anything is made.
    const token = await newTenant();
    const refused = await call("/v1/plexes", {
      token,
      body: { ...smallPlex("progs4"), programs: { PVM: "PASSTHRU" } },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'programs.PVM: PVM: unknown program "PASSTHRU"',
    );
    expect((await call("/v1/plexes/progs4", { token })).status).toBe(404);
    // A good PUT answers the stored programs and the plex's findings.
    const good = await p.put({ pvmx: "PVM" });
    expect(good.status).toBe(200);
    const answer = (await good.json()) as { programs: object; topology: { diagnostics: { code: string }[] } };
    expect(answer.programs).toEqual({ PVMX: "PVM" });
    expect(answer.topology.diagnostics.filter((d) => d.code === "PROGRAMS-USER-UNKNOWN")).toEqual([]);
    expect((await call("/v1/plexes/nosuch/programs", { token })).status).toBe(404);
  });
});
