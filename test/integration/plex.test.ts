import ltic from "../../examples/ltic/plex.json";
import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { formatShared, setUp, smallPlex } from "./plex-helpers";

describe("plex lifecycle over HTTP", () => {
  it("creates, lists, shows and deletes a plex; refuses a duplicate and hides it from other tenants", async () => {
    const token = await newTenant();
    const res = await call("/v1/plexes", { token, body: smallPlex("life") });
    expect(res.status).toBe(201);
    const topo = (await res.json()) as {
      systems: { sysname: string; state: string; xlinkSlot: number }[];
      volumes: { volser: string; xlink: boolean }[];
    };
    expect(topo.systems.map((s) => `${s.sysname} ${s.state} ${s.xlinkSlot}`)).toEqual([
      "SYSA DOWN 1",
      "SYSB DOWN 2",
      "SYSC DOWN 3",
      "SYSD DOWN 4",
    ]);
    expect(topo.volumes.find((v) => v.volser === "SHR001")?.xlink).toBe(true);
    expect((await call("/v1/plexes", { token, body: smallPlex("life") })).status).toBe(409);
    const list = (await (await call("/v1/plexes", { token })).json()) as { plexes: { name: string }[] };
    expect(list.plexes.map((p) => p.name)).toEqual(["life"]);
    const other = await newTenant();
    expect((await call("/v1/plexes/life", { token: other })).status).toBe(404);
    expect((await call("/v1/plexes/life", { token })).status).toBe(200);
    expect((await call("/v1/plexes/life", { token, method: "DELETE" })).status).toBe(204);
    expect((await call("/v1/plexes/life", { token })).status).toBe(404);
    // The name is free again, and the new plex starts from nothing.
    expect((await call("/v1/plexes", { token, body: smallPlex("life") })).status).toBe(201);
  });

  it("answers 422 with diagnostics for a config with errors, and stores nothing", async () => {
    const token = await newTenant();
    const bad = {
      ...smallPlex("bad"),
      systemConfig: "System_Identifier 2964 %11111 SYSA\nXLINK_System_Include Slot 0 SYSA\n",
    };
    const res = await call("/v1/plexes", { token, body: bad });
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string; details: { diagnostics: { line: number; severity: string }[] } };
    };
    expect(body.error.code).toBe("INVALID_CONFIG");
    expect(body.error.details.diagnostics).toContainEqual(
      expect.objectContaining({ line: 2, severity: "error" }),
    );
    expect((await call("/v1/plexes/bad", { token })).status).toBe(404);
  });

  it("builds the seed's LTIC plex and IPLs all six systems", async () => {
    const token = await newTenant();
    const res = await call("/v1/plexes", { token, body: ltic });
    expect(res.status, await res.clone().text()).toBe(201);
    for (const s of ["LTICVM1", "LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"]) {
      const ipl = await call(`/v1/plexes/ltic/systems/${s}/ipl`, { token, body: {} });
      const body = (await ipl.json()) as { state: string; lines: string[] };
      expect(ipl.status, body.lines?.join("\n")).toBe(200);
      expect(body.state).toBe("UP");
      // VMPCOM is XLINK-controlled and has no CSE area yet: not brought online (seed).
      expect(body.lines.join("\n")).toContain("Volume VMPCOM not brought online");
    }
    const topo = (await (await call("/v1/plexes/ltic", { token })).json()) as {
      systems: { state: string }[];
    };
    expect(topo.systems.every((s) => s.state === "UP")).toBe(true);

    // Issue #11 item 6: AUTOLOG1 started PVM on every system and the CSECOM network is fully
    // connected (15 point-to-point paths between six systems), as the seed draws it.
    const network = (await (await call("/v1/plexes/ltic/network", { token })).json()) as {
      paths: { a: string; b: string; state: string; why?: string }[];
      lines: { state: string }[];
    };
    expect(network.paths).toHaveLength(15);
    expect(network.paths.filter((p) => p.state !== "UP")).toEqual([]);
    expect(network.lines).toHaveLength(30);
    expect(network.lines.every((l) => l.state === "UP")).toBe(true);
    // Issue #12: AUTOLOG1 started RSCS too; its PROFILE GCS attached the other cable of each pair
    // and STARTed every link: 30 links (each system's 5), all active.
    const rscs = (network as unknown as { rscs: { status: string; why?: string }[] }).rscs;
    expect(rscs).toHaveLength(30);
    expect(rscs.filter((l) => l.status !== "active")).toEqual([]);
    const logon = await call("/v1/plexes/ltic/systems/LTICVM1/users/MAINT/logon", {
      token,
      body: { password: "LTICMNT" },
    });
    expect(logon.status).toBe(200);
    const names = (await (
      await call("/v1/plexes/ltic/systems/LTICVM1/users/MAINT/cp", {
        token,
        body: { command: "QUERY NAMES AT ALL" },
      })
    ).json()) as { rc: number; lines: string[] };
    expect(names.rc).toBe(0);
    // One line per system (`LTICVM1  : AUTOLOG1 - DSC , ... , PVM      - DSC`), each with its PVM.
    for (const s of ["LTICVM1", "LTICVM2", "LTICVM4", "LTICVM5", "LTICVM7", "LTICVM9"])
      expect(names.lines.find((l) => l.startsWith(`${s} `))).toMatch(/PVM {6}- DSC/);
    const sent = (await (
      await call("/v1/plexes/ltic/systems/LTICVM1/users/MAINT/cp", {
        token,
        body: { command: "MSG OPERATOR AT LTICVM9 through PVM" },
      })
    ).json()) as { rc: number };
    expect(sent.rc).toBe(0);
    // DETACH of PVM's CTC to LTICVM2 on LTICVM1 (class B): that path drops, with its why, and
    // only that one; the other 14 stay up.
    const wrongGuest = (await (
      await call("/v1/plexes/ltic/systems/LTICVM1/users/MAINT/cp", {
        token,
        body: { command: "DETACH DB44 FROM MAINT" },
      })
    ).json()) as { rc: number; lines: string[] };
    expect(wrongGuest.rc).not.toBe(0);
    expect(wrongGuest.lines[0]).toContain("attached to PVM 0DB4, not to MAINT");
    const detached = (await (
      await call("/v1/plexes/ltic/systems/LTICVM1/users/MAINT/cp", {
        token,
        body: { command: "DETACH DB44 FROM PVM" },
      })
    ).json()) as { rc: number; lines: string[] };
    expect(detached).toEqual({ rc: 0, lines: ["CTCA DB44 DETACHED PVM 0DB4"] });
    const after = (await (await call("/v1/plexes/ltic/network", { token })).json()) as typeof network;
    expect(after.paths.filter((p) => p.state !== "UP")).toEqual([
      expect.objectContaining({
        a: "LTICVM1",
        b: "LTICVM2",
        state: "DOWN",
        why: expect.stringContaining("0DB4"),
      }),
    ]);
  });
});

describe("systems and users", () => {
  it("IPLs, refuses a second IPL, shuts down and logs users on and off", async () => {
    const api = await setUp("life2", ["SYSA"]);
    expect((await api.ipl("SYSA")).status).toBe(409);
    expect((await api.post("/systems/NOSUCH/ipl")).status).toBe(404);
    expect(await api.logon("SYSA", "OWNER", "WRONG")).toMatchObject({ rc: 50 });
    expect(await api.logon("SYSA", "NOBODY", "X")).toMatchObject({ rc: 53 });
    expect(await api.logon("SYSA", "OWNER", "ownerpw")).toMatchObject({ rc: 0 });
    expect(await api.logon("SYSA", "OWNER", "OWNERPW")).toMatchObject({ rc: 54 });
    // CSE lets one user be logged on to several systems.
    expect((await api.ipl("SYSB")).status).toBe(200);
    expect(await api.logon("SYSB", "OWNER", "OWNERPW")).toMatchObject({ rc: 0 });
    const names = await api.cp("SYSA", "OWNER", "QUERY NAMES");
    expect(names.lines.join(" ")).toContain("OWNER");
    expect(names.lines.join(" ")).toContain("OPERATOR");
    expect((await api.post("/systems/SYSA/shutdown")).status).toBe(200);
    const after = await call(`${api.base}/systems/SYSA/users/OWNER/cp`, {
      token: api.token,
      body: { command: "Q NAMES" },
    });
    expect(after.status).toBe(409);
  });
});

describe("LINK and XLINK (reference §9.3)", () => {
  it("scenario 14 and 20: an XLINK volume without a CSE area is not mounted for minidisks", async () => {
    const api = await setUp("s14");
    await api.logon("SYSA", "U01", "PW");
    const r = await api.cp("SYSA", "U01", "LINK OWNER 192 192 RR");
    expect(r).toEqual({ rc: 108, lines: ["HCPLNM108E OWNER 0192 not linked; volid SHR001 not mounted"] });
  });

  it("scenario 22: XLINK FORMAT checks the label and needs write access", async () => {
    const api = await setUp("s22");
    await api.logon("SYSA", "MAINT", "MAINTPW");
    expect((await api.cp("SYSA", "MAINT", "ATTACH 0300 TO * AS 0300")).rc).toBe(0);
    const wrong = await api.cp("SYSA", "MAINT", "XLINK FORMAT 0300 VOLXYZ");
    expect(wrong.rc).not.toBe(0);
    expect(wrong.lines[0]).toContain("labelled SHR001, not VOLXYZ");
    expect((await api.cp("SYSA", "MAINT", "XLINK FORMAT 0300 SHR001")).rc).toBe(0);
    const check = await api.cp("SYSA", "MAINT", "XLINK CHECK SHR001");
    expect(check).toEqual({ rc: 0, lines: ["Volume SHR001 is controlled by CSE LINK."] });
    const view = await api.volume("SHR001");
    expect(view.cseArea.formatted).toMatchObject({ user: "MAINT", system: "SYSA" });
  });

  it("scenarios 10-13: passwords, owner links, vdev in use, unknown owner", async () => {
    const api = await setUp("s10");
    await formatShared(api, ["SYSA"]);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER 191 291 RR")).rc).toBe(114); // read password not given
    expect((await api.cp("SYSA", "U01", "LINK OWNER 191 291 RR RPASS")).rc).toBe(0);
    expect((await api.cp("SYSA", "U01", "LINK OWNER 191 391 W WRONG")).rc).toBe(114);
    expect((await api.cp("SYSA", "U01", "LINK OWNER 192 292 RR")).rc).toBe(0); // ALL
    expect((await api.cp("SYSA", "U01", "LINK OWNER 193 293 RR")).rc).toBe(111); // no read password at all
    await api.logon("SYSA", "OWNER", "OWNERPW");
    expect((await api.cp("SYSA", "OWNER", "LINK * 191 592 RR")).rc).toBe(0); // the owner needs no password
    expect(await api.cp("SYSA", "U01", "LINK OWNER 192 292 RR")).toEqual({
      rc: 110,
      lines: ["HCPLNM110E OWNER 0192 not linked; DASD 0292 already defined"],
    });
    expect(await api.cp("SYSA", "U01", "LINK NOBODY 191 391 RR")).toEqual({
      rc: 53,
      lines: ["HCPLNM053E NOBODY not in CP directory"],
    });
  });

  it("scenarios 15, 16 and 18: across systems the conflict names the system; R with R is fine; DETACH frees", async () => {
    const api = await setUp("s15");
    await formatShared(api, ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSB", "U02", "PW");
    expect(await api.cp("SYSA", "U01", "LINK OWNER 192 200 M")).toEqual({ rc: 0, lines: [] });
    const denied = await api.cp("SYSB", "U02", "LINK OWNER 192 200 M");
    expect(denied.rc).toBe(105);
    expect(denied.lines[0]).toBe("HCPLNM105E OWNER 0192 not linked; R/W by SYSA");
    expect((await api.cp("SYSA", "U01", "DETACH 200")).lines).toEqual(["DASD 0200 DETACHED"]);
    expect((await api.cp("SYSB", "U02", "LINK OWNER 192 200 M")).rc).toBe(0);
    expect((await api.cp("SYSA", "U01", "LINK OWNER 191 201 RR RPASS")).rc).toBe(0);
    const view = await api.volume("SHR001");
    expect(view.flags).toEqual([
      { cylinder: 100, end: 149, system: "SYSA", mode: "R" },
      { cylinder: 300, end: 309, system: "SYSB", mode: "W" },
    ]);
    await api.logon("SYSA", "MAINT", "MAINTPW").catch(() => undefined);
    expect((await api.cp("SYSA", "MAINT", "LINK OWNER 192 192 RR")).rc).toBe(0);
    const display = await api.cp("SYSA", "MAINT", "XLINK DISPLAY 192");
    expect(display.lines[0]).toMatch(
      /^HCPXXL2876I VOLUME SHR001 WAS FORMATTED FOR CSE ON \d\d\/\d\d\/\d\d AT \d\d:\d\d:\d\d BY USER MAINT AT SYSTEM SYSA$/,
    );
    expect(display.lines.join("\n")).toContain("SYSB");
  });

  it("scenario 17: two minidisks overlapping real cylinders conflict across systems", async () => {
    const api = await setUp("s17");
    await formatShared(api, ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSB", "U02", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER 191 200 W WPASS")).rc).toBe(0);
    const r = await api.cp("SYSB", "U02", "LINK OWNER2 200 200 W");
    expect(r.rc).toBe(105);
    expect(r.lines[0]).toContain("R/W by SYSA");
  });

  it("scenario 19: a failed system's links block until XLINK RESET from a survivor, or its re-IPL", async () => {
    const api = await setUp("s19");
    await formatShared(api, ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSB", "U02", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER 192 200 MW")).rc).toBe(0);
    expect((await api.post("/systems/SYSA/fail")).body).toMatchObject({ state: "FAILED" });
    expect((await api.cp("SYSB", "U02", "LINK OWNER 192 200 W")).rc).toBe(105);
    const reset = await api.cp("SYSB", "MAINT", "XLINK RESET SYSA ALL");
    expect(reset.rc).toBe(0);
    expect((await api.cp("SYSB", "U02", "LINK OWNER 192 200 W")).rc).toBe(0);
    // The failed system comes back: its IPL clears what it held, and it sees SYSB's link.
    expect((await api.ipl("SYSA")).status).toBe(200);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER 192 200 W")).lines[0]).toContain("R/W by SYSB");
  });

  it("without XLINK a volume is not protected across systems: two R/W links side by side", async () => {
    const api = await setUp("open");
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSB", "U02", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 200 M")).rc).toBe(0);
    expect((await api.cp("SYSB", "U02", "LINK OWNER3 191 200 M")).rc).toBe(0);
    const view = await api.volume("OPEN01");
    expect(
      view.links
        .filter((l) => l.mode === "R/W")
        .map((l) => `${l.system} ${l.userid}`)
        .sort(),
    ).toEqual(["SYSA U01", "SYSB U02"]);
    expect(view.cseArea.formatted).toBeNull();
  });

  it("MWV works on one system and is refused across systems, saying why", async () => {
    const api = await setUp("mwv");
    await formatShared(api, ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSA", "U02", "PW");
    await api.logon("SYSB", "U03", "PW");
    const first = await api.cp("SYSA", "U01", "LINK OWNER 192 200 MWV");
    expect(first).toEqual({
      rc: 0,
      lines: ["HCPLNM9001I DASD 0200 virtual reserve/release is not extended across systems"],
    });
    expect((await api.cp("SYSA", "U02", "LINK OWNER 192 200 MWV")).rc).toBe(0); // same system: fine
    const other = await api.cp("SYSB", "U03", "LINK OWNER 192 200 MWV");
    expect(other).toEqual({
      rc: 9002,
      lines: [
        "HCPLNM9002E OWNER 0192 not linked; virtual reserve/release is not extended across systems, SYSA has it linked",
      ],
    });
  });
});

describe("concurrency", () => {
  it("50 simultaneous LINK W from users on 4 systems: exactly one R/W link, flags agree with the ledger", async () => {
    const api = await setUp("race", ["SYSA", "SYSB", "SYSC", "SYSD"]);
    await formatShared(api, ["SYSA", "SYSB", "SYSC", "SYSD"]);
    const systems = ["SYSA", "SYSB", "SYSC", "SYSD"];
    const who = Array.from({ length: 50 }, (_, i) => ({
      sys: systems[i % 4],
      user: `U${String(i).padStart(2, "0")}`,
    }));
    for (const w of who) expect((await api.logon(w.sys, w.user, "PW")).rc).toBe(0);
    const answers = await Promise.all(who.map((w) => api.cp(w.sys, w.user, "LINK OWNER 192 200 W")));
    const granted = answers.filter((a) => a.rc === 0);
    expect(granted).toHaveLength(1);
    const refused = answers.filter((a) => a.rc !== 0);
    expect(refused).toHaveLength(49);
    for (const a of refused) expect(a.lines[0]).toMatch(/^HCPLNM10[45]E OWNER 0192 not linked; R\/W by \S+$/);
    const view = await api.volume("SHR001");
    const rw = view.links.filter((l) => l.mode === "R/W");
    expect(rw).toHaveLength(1);
    expect(view.flags).toEqual([{ cylinder: 300, end: 309, system: rw[0].system, mode: "W" }]);
  });
});
