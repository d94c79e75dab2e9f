import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { objectName } from "../../src/plex/names";
import { call, newTenant } from "./helpers";
import { formatShared, setUp, smallPlex, waitUntil } from "./plex-helpers";

type Api = Awaited<ReturnType<typeof setUp>>;
const dev = async (api: Api, sys: string, user: string, vdev: string, op: string, body: unknown = {}) => {
  const r = await call(`${api.base}/systems/${sys}/users/${user}/devices/${vdev}/${op}`, {
    token: api.token,
    body,
  });
  return { status: r.status, body: (await r.json()) as { error?: { code: string }; generation?: number } };
};

// Each case here was a bug found in review; the test pins the fix.
describe("review regressions", () => {
  it("a DETACH by a user who does not hold the virtual reserve leaves the waiter waiting, and no 500", async () => {
    const api = await setUp("rr1", ["SYSA"]);
    for (const u of ["U01", "U02", "U03"]) {
      await api.logon("SYSA", u, "PW");
      expect((await api.cp("SYSA", u, "LINK OWNER4 191 200 MW")).rc).toBe(0);
    }
    expect((await dev(api, "SYSA", "U01", "0200", "reserve")).status).toBe(200);
    let granted = false;
    const waiter = dev(api, "SYSA", "U02", "0200", "reserve", { wait: true }).then(
      (r) => ((granted = true), r),
    );
    const node = env.VMNODE.getByName(objectName(api.token.split("_")[1], "rr1", "SYSA"));
    const reserves = async () => (await node.virtualReserves()).map((r) => ({ ...r }));
    const queued = [{ owner: "OWNER4", ownerVdev: "0191", holder: "U01 0200", waiting: ["U02 0200"] }];
    await waitUntil("U02 waits", async () => JSON.stringify(await reserves()) === JSON.stringify(queued));
    expect(await api.cp("SYSA", "U03", "DETACH 200")).toEqual({ rc: 0, lines: ["DASD 0200 DETACHED"] });
    // U03 held nothing: U01 keeps the reserve and U02 still waits.
    expect(await reserves()).toEqual(queued);
    expect(granted).toBe(false);
    expect((await dev(api, "SYSA", "U01", "0200", "release")).status).toBe(200);
    expect((await waiter).status).toBe(200);
    const view = (await (await call(`${api.base}/volumes/OPEN01`, { token: api.token })).json()) as {
      links: { userid: string }[];
    };
    expect(view.links.map((l) => l.userid).sort()).not.toContain("U03");
  });

  it("two IPLs of one system at once: one comes up, the other is refused with 409", async () => {
    const api = await setUp("rr2", []);
    const both = await Promise.all([api.ipl("SYSA"), api.ipl("SYSA")]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await api.logon("SYSA", "U01", "PW")).toMatchObject({ rc: 0 });
  });

  it("a virtual reserve does not survive FAIL and re-IPL", async () => {
    const api = await setUp("rr3", ["SYSA"]);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER4 191 200 MW")).rc).toBe(0);
    expect((await dev(api, "SYSA", "U01", "0200", "reserve")).status).toBe(200);
    expect((await api.post("/systems/SYSA/fail")).status).toBe(200);
    expect((await api.ipl("SYSA")).status).toBe(200);
    await api.logon("SYSA", "U02", "PW");
    expect((await api.cp("SYSA", "U02", "LINK OWNER4 191 200 MW")).rc).toBe(0);
    expect((await dev(api, "SYSA", "U02", "0200", "reserve")).status).toBe(200);
  });

  it("XLINK RESET of a running system is refused", async () => {
    const api = await setUp("rr4", ["SYSA", "SYSB"]);
    await formatShared(api, ["SYSA", "SYSB"]);
    const r = await api.cp("SYSA", "MAINT", "XLINK RESET SYSB ALL");
    expect(r.rc).toBe(9017);
    expect(r.lines[0]).toContain("system SYSB is running");
  });

  it("a minidisk past the end of its volume is refused at LINK, and DISPLAY CYL past the end is an operand error", async () => {
    const base = smallPlex(
      "rr5",
      "USER FAROUT PW 8M 8M G\n  MDISK 0191 3390 10000 100 OPEN01 MR ALL ALL ALL\n",
    );
    const api = await setUp("rr5-holder", []);
    expect((await call("/v1/plexes", { token: api.token, body: base })).status).toBe(201);
    const b = "/v1/plexes/rr5/systems/SYSA";
    expect((await call(`${b}/ipl`, { token: api.token, body: {} })).status).toBe(200);
    await call(`${b}/users/U01/logon`, { token: api.token, body: { password: "PW" } });
    const r = (await (
      await call(`${b}/users/U01/cp`, { token: api.token, body: { command: "LINK FAROUT 191 291 RR" } })
    ).json()) as { rc: number; lines: string[] };
    expect(r.rc).toBe(9003);
    expect(r.lines[0]).toContain("past the end of OPEN01");
    const api2 = await setUp("rr6", ["SYSA"]);
    await formatShared(api2, ["SYSA"]);
    expect((await api2.cp("SYSA", "MAINT", "LINK OWNER 192 192 RR")).rc).toBe(0);
    expect((await api2.cp("SYSA", "MAINT", "XLINK DISPLAY 192 CYL(20000)")).rc).toBe(26);
  });

  it("answers 404 for a user not in the directory (cp, console) and ignores volumes outside the plex on the hops route", async () => {
    const api = await setUp("rr8", ["SYSA"]);
    expect(
      (
        await call(`${api.base}/systems/SYSA/users/NOBODY/cp`, {
          token: api.token,
          body: { command: "Q NAMES" },
        })
      ).status,
    ).toBe(404);
    expect((await call(`${api.base}/systems/SYSA/users/NOBODY/console`, { token: api.token })).status).toBe(
      404,
    );
    const hops = await call(`${api.base}/systems/SYSA/hops?volume=MADEUP`, { token: api.token });
    expect(await hops.json()).toEqual({ ok: false });
  });
});

// Found in the review of the reshaped objects (#9).
describe("review regressions of the object layer", () => {
  const tenantOf = (api: Api) => api.token.split("_")[1];

  it("a LOGON racing a SHUTDOWN leaves no link behind on a volume after the next IPL", async () => {
    const api = await setUp("rr9", ["SYSA"]);
    const node = env.VMNODE.getByName(objectName(tenantOf(api), "rr9", "SYSA"));
    const shutdown = node.shutdown();
    const logon = call(`${api.base}/systems/SYSA/users/OWNER3/logon`, {
      token: api.token,
      body: { password: "OWNER3PW" },
    });
    expect((await shutdown).ok).toBe(true);
    expect([200, 409]).toContain((await logon).status);
    expect((await api.ipl("SYSA")).status).toBe(200);
    expect((await api.volume("OPEN01")).links.filter((l) => l.system === "SYSA")).toEqual([]);
  });

  it("a new inventory reaches a volume at the next IPL that reads it, never under links it would cut off", async () => {
    const api = await setUp("rr10", ["SYSA"]);
    await formatShared(api, ["SYSA"]);
    const base = smallPlex("rr10");
    const dasd = base.dasd.map((d) => (d.volser === "SHR001" ? { ...d, devtype: "3390-27" } : d));
    const put = await call(`${api.base}/config`, {
      token: api.token,
      method: "PUT",
      body: { systemConfig: base.systemConfig, dasd },
    });
    expect(put.status).toBe(200);
    // PUT /config touches no volume: SHR001 keeps its geometry and its CSE area, and says what is pending.
    let view = await api.volume("SHR001");
    expect(view.cylinders).toBe(10017);
    expect(view.cseArea.formatted).not.toBeNull();
    expect(view.warnings.join(" ")).toContain("now gives this volume 32760 cylinders");
    // SYSA still runs on the image it read before: its users' links change nothing.
    await api.logon("SYSA", "OWNER", "OWNERPW");
    expect((await api.volume("SHR001")).cylinders).toBe(10017);
    // SYSB's IPL reads the new size, but the CSE area would have to be formatted again under
    // OWNER's links on SYSA: the volume keeps its geometry, and the IPL says why.
    const refused = await api.ipl("SYSB");
    expect(refused.status).toBe(200);
    expect(refused.body.lines.join("\n")).toMatch(
      /HCPIPL9023W Volume SHR001 keeps 10017 cylinders: .*formatted again/,
    );
    view = await api.volume("SHR001");
    expect(view.cylinders).toBe(10017);
    expect(view.warnings.join(" ")).toContain("cannot take yet");
    // Once the links are gone, the next IPL that reads it brings the new size, and the CSE area goes.
    expect((await api.cp("SYSA", "OWNER", "LOGOFF")).rc).toBe(0);
    const applied = await api.ipl("SYSC");
    expect(applied.body.lines.join("\n")).toContain("HCPIPL9022W Volume SHR001 now has 32760 cylinders");
    view = await api.volume("SHR001");
    expect(view.cylinders).toBe(32760);
    expect(view.cseArea.formatted).toBeNull();
    expect(view.warnings.join(" ")).not.toContain("cylinders");
  });

  it("the volume view shows the plex's CSE cylinder whichever system used the volume first", async () => {
    const base = smallPlex("rr11");
    const config = base.systemConfig["SYSTEM CONFIG"]
      .replace(
        "XLINK_System_Include Slot 1 SYSA SYSB SYSC SYSD",
        "XLINK_System_Include Slot 1 SYSA SYSB SYSC",
      )
      .replace("XLINK_Volume_Include SHR*", "XLINK_Volume_Include SHR* Cylinder 9000");
    const token = await newTenant();
    const created = await call("/v1/plexes", {
      token,
      body: { ...base, systemConfig: { ...base.systemConfig, "SYSTEM CONFIG": config } },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const b = "/v1/plexes/rr11/systems/SYSD";
    expect((await call(`${b}/ipl`, { token, body: {} })).status).toBe(200);
    // SYSD has no XLINK slot: SHR001 is an ordinary user volume there, and OWNER's LOGON uses it first.
    expect((await call(`${b}/users/OWNER/logon`, { token, body: { password: "OWNERPW" } })).status).toBe(200);
    const view = (await (await call("/v1/plexes/rr11/volumes/SHR001", { token })).json()) as {
      cseArea: { cylinder: number };
      links: unknown[];
    };
    expect(view.links.length).toBeGreaterThan(0);
    expect(view.cseArea.cylinder).toBe(9000);
  });

  it("a system route racing DELETE does not bring a system of the deleted plex back", async () => {
    const api = await setUp("rr12", ["SYSA"]);
    const plex = env.PLEX.getByName(objectName(tenantOf(api), "rr12"));
    const [, found] = await Promise.all([plex.destroy(), plex.registerSystem("SYSA")]);
    expect(found).toBe("no-plex");
    const logon = await call(`${api.base}/systems/SYSA/users/MAINT/logon`, {
      token: api.token,
      body: { password: "MAINTPW" },
    });
    expect(logon.status).toBe(404);
  });
});
