import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { formatShared, setUp, smallPlex } from "./plex-helpers";

type Api = Awaited<ReturnType<typeof setUp>>;

/** Logs U01-U04 off and on again on SYSA, so each scenario starts with no links. */
async function fresh(api: Api) {
  for (const u of ["U01", "U02", "U03", "U04"]) {
    await call(`${api.base}/systems/SYSA/users/${u}/cp`, { token: api.token, body: { command: "LOGOFF" } });
    expect((await api.logon("SYSA", u, "PW")).rc).toBe(0);
  }
}

const link = (api: Api, user: string, mode: string, vdev = "0291") =>
  api.cp("SYSA", user, `LINK OWNER3 191 ${vdev} ${mode}`);

describe("single-system LINK modes through HTTP (reference §9.3 scenarios 1-9)", () => {
  it("follows the decision table, with CP's messages", async () => {
    const api = await setUp("modes", ["SYSA"]);
    // 1. R against an existing R/W link.
    await fresh(api);
    expect((await link(api, "U01", "W")).rc).toBe(0);
    expect(await link(api, "U02", "R")).toEqual({
      rc: 105,
      lines: ["HCPLNM105E OWNER3 0191 not linked; R/W by U01"],
    });
    // 2. RR against a writer is R/O; RR against EW is refused.
    expect((await link(api, "U02", "RR")).rc).toBe(0);
    await fresh(api);
    expect((await link(api, "U01", "EW")).rc).toBe(0);
    expect((await link(api, "U02", "RR")).rc).not.toBe(0);
    // 3. W against readers.
    await fresh(api);
    await link(api, "U01", "R");
    await link(api, "U02", "R");
    expect(await link(api, "U03", "W")).toEqual({
      rc: 104,
      lines: ["HCPLNM104E OWNER3 0191 not linked; R/O by 2 users"],
    });
    // 4. WR with readers: forced R/O, and the link is R/O.
    await fresh(api);
    await link(api, "U01", "R");
    const wr = await link(api, "U02", "WR");
    expect(wr.lines[0]).toMatch(/^HCPLNM101W DASD 0291 forced R\/O; R\/O by U01$/);
    expect((await api.cp("SYSA", "U02", "QUERY VIRTUAL DASD")).lines.join("\n")).toMatch(
      /DASD 0291 3390 OPEN01 R\/O/,
    );
    // 5. M with a reader is R/W; a second M is refused.
    await fresh(api);
    await link(api, "U01", "R");
    expect((await link(api, "U02", "M")).rc).toBe(0);
    expect((await link(api, "U03", "M")).rc).toBe(105);
    // 6. MR with a writer: forced R/O.
    await fresh(api);
    await link(api, "U01", "W");
    expect((await link(api, "U02", "MR")).lines[0]).toMatch(
      /^HCPLNM102W DASD 0291 forced R\/O; R\/W by U01$/,
    );
    // 7. MW with a writer is R/W; MW with SR is refused.
    await fresh(api);
    await link(api, "U01", "W");
    expect((await link(api, "U02", "MW")).rc).toBe(0);
    await fresh(api);
    await link(api, "U01", "SR");
    expect((await link(api, "U02", "MW")).rc).not.toBe(0);
    // 8. SR held: W, M and MW refused; RR and R granted.
    for (const m of ["W", "M", "MW"]) expect((await link(api, "U02", m)).rc, m).not.toBe(0);
    expect((await link(api, "U02", "RR")).rc).toBe(0);
    expect((await link(api, "U03", "R")).rc).toBe(0);
    // 9. ER held: everything refused, RR too.
    await fresh(api);
    expect((await link(api, "U01", "ER")).rc).toBe(0);
    for (const m of ["R", "RR", "W", "M"]) expect((await link(api, "U02", m)).rc, m).not.toBe(0);
  });
});

describe("XLINK DISPLAY and configuration scenarios", () => {
  it("scenario 21: a volume outside the include list prints HCPXXL2867I first", async () => {
    const api = await setUp("s21", ["SYSA"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    expect((await api.cp("SYSA", "MAINT", "DETACH 0301 FROM SYSTEM")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "ATTACH 0301 TO * AS 0301")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "XLINK FORMAT 0301 OPEN01")).rc).toBe(0);
    const d = await api.cp("SYSA", "MAINT", "XLINK DISPLAY 0301");
    expect(d.lines[0]).toBe(
      "HCPXXL2867I VOLSER OPEN01 NOT IN INCLUDE LIST, DEVTYPE CSE DEFAULTS WILL BE USED.",
    );
    expect(d.lines[1]).toMatch(/^HCPXXL2876I VOLUME OPEN01 WAS FORMATTED FOR CSE ON /);
    expect(d.lines.join("\n")).toContain("NO LINK FLAGS ON THIS VOLUME");
  });

  it("scenarios 23 and 24 through /v1/lint: an ignored exclude, and XLINK with SSI", async () => {
    const api = await setUp("s23", []);
    const plex = smallPlex("x");
    const lint = async (extra: string) => {
      const body = {
        ...plex,
        systemConfig: { ...plex.systemConfig, "SYSTEM CONFIG": plex.systemConfig["SYSTEM CONFIG"] + extra },
      };
      const r = await call("/v1/lint", { token: api.token, body });
      return (await r.json()) as { ok: boolean; diagnostics: { code: string; severity: string }[] };
    };
    const excluded = await lint("XLINK_System_Exclude SYSC\n");
    expect(excluded.ok).toBe(true);
    expect(excluded.diagnostics).toContainEqual(
      expect.objectContaining({ code: "CSE-INCLUDED-AND-EXCLUDED", severity: "warning" }),
    );
    const ssi = await lint("SSI CLUSTER1 PDR_VOLUME VMCOM1 SLOT 1 SYSA\n");
    expect(ssi.ok).toBe(false);
    expect(ssi.diagnostics).toContainEqual(
      expect.objectContaining({ code: "CSE-XLINK-WITH-SSI", severity: "error" }),
    );
  });
});

describe("replacing the directory and the config", () => {
  it("pushes a new directory to every UP system, and refuses one with errors, changing nothing", async () => {
    const api = await setUp("dirpush", ["SYSA"]);
    const base = smallPlex("dirpush");
    const put = (directory: string) =>
      call(`${api.base}/directory`, { token: api.token, method: "PUT", body: { directory } });
    const bad = await put(base.directory + "\nUSER TOOLONGNAME PW 8M 8M G\n");
    expect(bad.status).toBe(422);
    expect(await api.logon("SYSA", "NEWBIE", "NEWPW")).toMatchObject({ rc: 53 });
    const good = await put(base.directory + "\nUSER NEWBIE NEWPW 8M 8M G\n");
    expect(good.status).toBe(200);
    expect(((await good.json()) as { pushedTo: string[] }).pushedTo).toEqual(["SYSA"]);
    expect(await api.logon("SYSA", "NEWBIE", "NEWPW")).toMatchObject({ rc: 0 });
  });

  it("takes a new SYSTEM CONFIG at each system's next IPL", async () => {
    const api = await setUp("cfgnext", ["SYSA"]);
    const base = smallPlex("cfgnext");
    const systemConfig = {
      ...base.systemConfig,
      "SYSTEM CONFIG": base.systemConfig["SYSTEM CONFIG"].replace(
        "XLINK_Volume_Include SHR*",
        "XLINK_Volume_Include SHR* OPEN*",
      ),
    };
    const r = await call(`${api.base}/config`, { token: api.token, method: "PUT", body: { systemConfig } });
    expect(r.status).toBe(200);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 291 RR")).rc).toBe(0); // still the old config
    expect((await api.post("/systems/SYSA/shutdown")).status).toBe(200);
    const ipl = await api.ipl("SYSA");
    expect(ipl.body.lines.join("\n")).toContain("Volume OPEN01 not brought online");
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 291 RR")).rc).toBe(108);
  });

  it("deleting a plex removes every object's state", async () => {
    const api = await setUp("gone", ["SYSA"]);
    await formatShared(api, ["SYSA"]);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER 192 200 M")).rc).toBe(0);
    expect((await call(api.base, { token: api.token, method: "DELETE" })).status).toBe(204);
    expect((await call("/v1/plexes", { token: api.token, body: smallPlex("gone") })).status).toBe(201);
    const view = await api.volume("SHR001");
    expect(view.cseArea.formatted).toBeNull();
    expect(view.links).toEqual([]);
    expect(view.flags).toEqual([]);
    const topo = (await (await call(api.base, { token: api.token })).json()) as {
      systems: { state: string }[];
    };
    expect(topo.systems.every((s) => s.state === "DOWN")).toBe(true);
    const cp = await call(`${api.base}/systems/SYSA/users/U01/cp`, {
      token: api.token,
      body: { command: "Q NAMES" },
    });
    expect(cp.status).toBe(409);
  });
});

describe("other commands", () => {
  it("answers QUERY USERID, USERS, TIME, CPLEVEL, userid, NAMES AT ALL, LINKS, and FORCE/XAUTOLOG AT", async () => {
    const api = await setUp("queries", ["SYSA", "SYSB"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    await api.logon("SYSB", "U01", "PW");
    expect((await api.cp("SYSA", "MAINT", "Q USERID")).lines).toEqual(["MAINT    AT SYSA"]);
    expect((await api.cp("SYSA", "MAINT", "Q USERS")).lines[0]).toMatch(/^\s+2 USERS,\s+0 DIALED,\s+0 NET$/);
    expect((await api.cp("SYSA", "MAINT", "Q TIME")).lines[0]).toMatch(
      /^TIME IS \d\d:\d\d:\d\d UTC \w+ \d\d\/\d\d\/\d\d$/,
    );
    expect((await api.cp("SYSA", "MAINT", "Q CPLEVEL")).lines[0]).toMatch(/^z\/VM Version 7 Release 3\.0/);
    expect(await api.cp("SYSA", "MAINT", "Q U01")).toEqual({
      rc: 45,
      lines: ["HCPCQU045E U01 not logged on"],
    });
    // A session over the API is a logical device, as a TN3270 session is: `U01      -L0003`.
    expect((await api.cp("SYSA", "MAINT", "Q U01 AT SYSB")).lines).toEqual([
      expect.stringMatching(/^U01 {6}-L[0-9A-F]{4}$/),
    ]);
    const all = await api.cp("SYSA", "MAINT", "Q NAMES AT ALL");
    expect(all.lines.some((l) => l.startsWith("SYSB") && l.includes("U01"))).toBe(true);
    expect(all.lines.some((l) => l.startsWith("SYSA") && l.includes("MAINT"))).toBe(true);
    expect((await api.cp("SYSA", "MAINT", "FORCE U01 AT SYSB")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "Q U01 AT SYSB")).rc).toBe(45);
    expect((await api.cp("SYSA", "MAINT", "XAUTOLOG U01 AT SYSB")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "Q U01 AT SYSB")).lines).toEqual(["U01      - DSC"]);
    expect((await api.post("/systems/SYSB/fail")).status).toBe(200);
    expect((await api.cp("SYSA", "MAINT", "FORCE U01 AT SYSB")).lines[0]).toContain("System SYSB is not up");
    // Scenario 30: down systems are left out of AT ALL, and said to be so; AT a down system is an error.
    const after = await api.cp("SYSA", "MAINT", "Q NAMES AT ALL");
    expect(after.rc).toBe(0);
    expect(after.lines.some((l) => l.startsWith("SYSB"))).toBe(false);
    expect(after.lines.filter((l) => l.startsWith("HCPCSE9032I"))).toEqual(
      ["SYSB", "SYSC", "SYSD"].map((s) => `HCPCSE9032I System ${s} is not up; its users are not shown`),
    );
    expect((await api.cp("SYSA", "MAINT", "Q NAMES AT SYSB")).rc).toBe(9030);
    expect((await api.cp("SYSA", "MAINT", "Q USERS AT ALL")).lines.at(-1)).toMatch(
      /^HCPCSE9032I System SYSD/,
    );
    // A class G user cannot FORCE: CP answers as if the command did not exist.
    await api.logon("SYSA", "U02", "PW");
    expect(await api.cp("SYSA", "U02", "FORCE MAINT")).toEqual({
      rc: 1,
      lines: ["HCPCMD001E Unknown CP command: FORCE"],
    });
  });
});

describe("record qualifiers at run time", () => {
  it("scenario 25: `SYSB: CP_Owned Slot 5 SPLB01` makes SPLB01 CP-owned on SYSB only", async () => {
    const base = smallPlex("s25");
    const body = {
      ...base,
      systemConfig: {
        ...base.systemConfig,
        "SYSTEM CONFIG": base.systemConfig["SYSTEM CONFIG"] + "SYSB: CP_Owned Slot 5 SPLB01\n",
      },
      dasd: [...base.dasd, { volser: "SPLB01", devtype: "3390-9", rdev: "0400" }],
    };
    const api = await setUp("s25-holder", []);
    expect((await call("/v1/plexes", { token: api.token, body })).status).toBe(201);
    const b = "/v1/plexes/s25/systems";
    for (const s of ["SYSA", "SYSB"])
      expect((await call(`${b}/${s}/ipl`, { token: api.token, body: {} })).status).toBe(200);
    const q = async (s: string) => {
      await call(`${b}/${s}/users/MAINT/logon`, { token: api.token, body: { password: "MAINTPW" } });
      const r = await call(`${b}/${s}/users/MAINT/cp`, { token: api.token, body: { command: "QUERY DASD" } });
      return ((await r.json()) as { lines: string[] }).lines.find((l) => l.includes("SPLB01"));
    };
    expect(await q("SYSB")).toMatch(/^DASD 0400 CP OWNED\s+SPLB01/);
    expect(await q("SYSA")).toBeUndefined(); // not CP's on SYSA: online, free for a guest
  });
});

describe("IPL volume, DISCONNECT, VARY and QUERY LINKS", () => {
  it("IPLs from another volume, which +VMRES then names; refuses an unknown one", async () => {
    const base = smallPlex("iplvol", "USER RESUSER PW 8M 8M G\n  MDISK 0191 3390 500 5 +VMRES MR\n");
    const api = await setUp("iplvol-holder", []);
    expect((await call("/v1/plexes", { token: api.token, body: base })).status).toBe(201);
    const b = "/v1/plexes/iplvol/systems/SYSA";
    expect((await call(`${b}/ipl`, { token: api.token, body: { volume: "NOPE01" } })).status).toBe(404);
    const ipl = await call(`${b}/ipl`, { token: api.token, body: { volume: "resb" } });
    expect(((await ipl.json()) as { lines: string[] }).lines[0]).toBe("z/VM SYSTEM SYSA IPL FROM RESB");
    await call(`${b}/users/RESUSER/logon`, { token: api.token, body: { password: "PW" } });
    const q = await call(`${b}/users/RESUSER/cp`, { token: api.token, body: { command: "Q V DASD" } });
    expect(((await q.json()) as { lines: string[] }).lines[0]).toMatch(/^DASD 0191 3390 RESB\s+R\/W\s+5 CYL/);
  });

  it("DISCONNECT shows as DSC; VARY OFFLINE takes a volume from minidisk use; QUERY LINKS lists this system's links", async () => {
    const api = await setUp("misc", ["SYSA"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    await api.logon("SYSA", "OWNER3", "OWNER3PW");
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "DISCONNECT")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "Q U01")).lines).toEqual(["U01      - DSC"]);
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 291 RR")).rc).toBe(0);
    const links = await api.cp("SYSA", "OWNER3", "Q LINKS 191");
    expect(links.lines).toEqual(["OWNER3   0191 R/W", "U01      0291 R/O"]);
    expect((await api.cp("SYSA", "MAINT", "VARY OFFLINE 0301")).rc).not.toBe(0); // in use
    expect((await api.cp("SYSA", "U01", "DETACH 291")).rc).toBe(0);
    await api.cp("SYSA", "OWNER3", "LOGOFF");
    expect((await api.cp("SYSA", "MAINT", "VARY OFFLINE 0301")).rc).toBe(0);
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 291 RR")).rc).toBe(108);
    expect((await api.cp("SYSA", "MAINT", "VARY ONLINE 0301")).rc).toBe(0);
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 291 RR")).rc).toBe(0);
  });
});
