import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { waitUntil } from "./plex-helpers";
import type { VolumeView } from "../../src/dasd/volume-view";

/**
 * DEVNO minidisks and shared devices (issue #13 item 5; docs/decisions.md, "DEVNO minidisks and
 * shared devices"): `MDISK vdev 3390 DEVNO rdev MWV` is the whole real device; on a device SYSTEM
 * CONFIG marks `SHARED YES`, a guest's RESERVE is the Volume's hardware reserve, so a guest on
 * another system waits for it (RESERVE with wait) or is refused (I/O, RESERVE without wait).
 */

const SYSTEMS = ["SYSA", "SYSB"];

function devnoPlex(name: string) {
  const systemConfig = {
    "SYSTEM CONFIG": [
      ...SYSTEMS.map((s, i) => `System_Identifier 2964 %${String(i + 1).repeat(5)} ${s}`),
      "XLINK_System_Include Slot 1 SYSA SYSB",
      "XLINK_Volume_Include SHR*",
      "User_Volume_Include DEV* SHR*",
      "Rdevice 0600 Type DASD Shared Yes",
      "Rdevice 0601 Type DASD Shared No",
      "Rdevice 0300 Type DASD Shared Yes",
      "Imbed -SYSTEM- CPOWNED",
      "",
    ].join("\n"),
    ...Object.fromEntries(SYSTEMS.map((s) => [`${s} CPOWNED`, `CP_Owned Slot 1 &SYSRES\n`])),
  };
  const directory = [
    ...SYSTEMS.map((s, i) => `DIRECTORY 0123 3390 RES${s.slice(3)} *${String(i + 1).repeat(5)}-2964 ${s}`),
    "USER MAINT MAINTPW 128M 1G ABCDEFG",
    // The seed's footnote: MDISK 200 3390 DEVNO nnnn MWV, one per guest, on one shared device.
    "USER GUESTA PWA 64M 64M G",
    "  MDISK 0200 3390 DEVNO 0600 MWV",
    "USER GUESTB PWB 64M 64M G",
    "  MDISK 0200 3390 DEVNO 0600 MWV",
    // The same on a device SYSTEM CONFIG does not mark shared: virtual reserve/release only.
    "USER GUESTC PWC 64M 64M G",
    "  MDISK 0200 3390 DEVNO 0601 MWV",
    "USER GUESTD PWD 64M 64M G",
    "  MDISK 0200 3390 DEVNO 0601 MWV",
    // On an XLINK volume: through the Volume's ledger.
    "USER GUESTE PWE 64M 64M G",
    "  MDISK 0200 3390 DEVNO 0300 MWV ALL ALL ALL",
    "USER VOWNER VPW 32M 64M G",
    "  MDISK 0300 FB-512 V-DISK 1000 MR ALL ALL ALL",
    "  MDISK 0291 3390 T-DISK 10 W ALL ALL ALL",
    "USER LINKER LPW 32M 64M G",
    "USER LINKER2 LPW 32M 64M G",
  ].join("\n");
  const dasd = [
    ...SYSTEMS.map((s, i) => ({ volser: `RES${s.slice(3)}`, devtype: "3390-9", rdev: `01${i}0`, ipl: [s] })),
    { volser: "SHR001", devtype: "3390-9", rdev: "0300" },
    { volser: "DEVS01", devtype: "3390-3", rdev: "0600" },
    { volser: "DEVN01", devtype: "3390-3", rdev: "0601" },
  ];
  return { name, systemConfig, directory, dasd };
}

type DevAnswer = {
  status: number;
  body: {
    ok?: boolean;
    generation?: number;
    kind?: string;
    records?: { n: number; data: string }[];
    error?: { code: string; message: string };
  };
};

async function setUp(name: string) {
  const token = await newTenant();
  const created = await call("/v1/plexes", { token, body: devnoPlex(name) });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}`;
  const api = {
    token,
    base,
    async logon(sys: string, userid: string, password: string) {
      const r = await call(`${base}/systems/${sys}/users/${userid}/logon`, { token, body: { password } });
      expect(r.status).toBe(200);
      return (await r.json()) as { rc: number; lines: string[] };
    },
    async cp(sys: string, userid: string, command: string) {
      const r = await call(`${base}/systems/${sys}/users/${userid}/cp`, { token, body: { command } });
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as { rc: number; lines: string[] };
    },
    async dev(sys: string, user: string, vdev: string, op: string, body: unknown = {}): Promise<DevAnswer> {
      const r = await call(`${base}/systems/${sys}/users/${user}/devices/${vdev}/${op}`, { token, body });
      return { status: r.status, body: (await r.json()) as DevAnswer["body"] };
    },
    async volume(volser: string) {
      const r = await call(`${base}/volumes/${volser}`, { token });
      expect(r.status).toBe(200);
      return (await r.json()) as VolumeView;
    },
  };
  for (const s of SYSTEMS) {
    const r = await call(`${base}/systems/${s}/ipl`, { token, body: {} });
    expect(r.status).toBe(200);
  }
  return api;
}

describe("DEVNO MWV minidisks on a shared device", () => {
  it("links the whole real device at LOGON, on each system", async () => {
    const api = await setUp("devno-q");
    expect((await api.logon("SYSA", "GUESTA", "PWA")).rc).toBe(0);
    expect((await api.logon("SYSB", "GUESTB", "PWB")).rc).toBe(0);
    for (const [sys, user] of [
      ["SYSA", "GUESTA"],
      ["SYSB", "GUESTB"],
    ])
      expect((await api.cp(sys, user, "Q V 200")).lines).toEqual([
        "DASD 0200 3390 DEVS01 R/W       3339 CYL ON DASD  0600 SUBCHANNEL = 0000",
      ]);
  });

  it("RESERVE by a guest on one system: the other system's guest is refused I/O, waits with wait, and gets it on RELEASE", async () => {
    const api = await setUp("devno-res");
    await api.logon("SYSA", "GUESTA", "PWA");
    await api.logon("SYSB", "GUESTB", "PWB");
    const held = await api.dev("SYSA", "GUESTA", "0200", "reserve");
    expect(held.status).toBe(200);
    expect(held.body.kind).toBe("hardware");
    expect((await api.volume("DEVS01")).reserve).toMatchObject({ system: "SYSA", userid: "GUESTA" });
    // The holder writes; the other system's guest is refused I/O and RESERVE without wait.
    expect(
      (await api.dev("SYSA", "GUESTA", "0200", "write", { records: [{ n: 1, data: "A" }] })).status,
    ).toBe(200);
    const io = await api.dev("SYSB", "GUESTB", "0200", "write", { records: [{ n: 1, data: "B" }] });
    expect(io.status).toBe(409);
    expect(io.body.error).toMatchObject({
      code: "DEVICE_RESERVED",
      message: "DASD 0200 is reserved by another system (SYSA)",
    });
    expect((await api.dev("SYSB", "GUESTB", "0200", "read", { from: 0, count: 5 })).status).toBe(409);
    const busy = await api.dev("SYSB", "GUESTB", "0200", "reserve", { wait: false });
    expect(busy.status).toBe(409);
    expect(busy.body.error!.message).toBe("DASD 0200 is reserved by another system (SYSA)");
    // With wait, SYSB's RESERVE waits until SYSA's guest releases.
    let granted = false;
    const waiting = api.dev("SYSB", "GUESTB", "0200", "reserve", { wait: true }).then((r) => {
      granted = true;
      return r;
    });
    await waitUntil("SYSB waits", async () =>
      (await api.volume("DEVS01")).waiting.some((w) => w.system === "SYSB" && w.userid === "GUESTB"),
    );
    expect(granted).toBe(false);
    expect(
      (await api.dev("SYSA", "GUESTA", "0200", "release", { generation: held.body.generation })).status,
    ).toBe(200);
    const got = await waiting;
    expect(got.status).toBe(200);
    expect(got.body.kind).toBe("hardware");
    // One device: SYSB's guest reads what SYSA's wrote, then SYSA's guest is the one refused.
    const read = await api.dev("SYSB", "GUESTB", "0200", "read", { from: 1, count: 1 });
    expect(read.body.records).toEqual([{ n: 1, data: "A" }]);
    expect(
      (await api.dev("SYSA", "GUESTA", "0200", "write", { records: [{ n: 2, data: "A" }] })).status,
    ).toBe(409);
    expect((await api.dev("SYSB", "GUESTB", "0200", "release")).status).toBe(200);
    expect(
      (await api.dev("SYSA", "GUESTA", "0200", "write", { records: [{ n: 2, data: "A" }] })).status,
    ).toBe(200);
  });

  it("LOGOFF of the holder releases the device's hardware reserve", async () => {
    const api = await setUp("devno-off");
    await api.logon("SYSA", "GUESTA", "PWA");
    await api.logon("SYSB", "GUESTB", "PWB");
    expect((await api.dev("SYSA", "GUESTA", "0200", "reserve")).status).toBe(200);
    expect((await api.cp("SYSA", "GUESTA", "LOGOFF")).rc).toBe(0);
    expect((await api.volume("DEVS01")).reserve ?? null).toBeNull();
    expect((await api.dev("SYSB", "GUESTB", "0200", "reserve", { wait: false })).status).toBe(200);
  });

  it("on a device not marked shared, the reserve stays virtual: the other system's guest is not held", async () => {
    const api = await setUp("devno-ns");
    await api.logon("SYSA", "GUESTC", "PWC");
    await api.logon("SYSB", "GUESTD", "PWD");
    const held = await api.dev("SYSA", "GUESTC", "0200", "reserve");
    expect(held.status).toBe(200);
    expect(held.body.kind).toBe("virtual");
    expect(
      (await api.dev("SYSB", "GUESTD", "0200", "write", { records: [{ n: 1, data: "D" }] })).status,
    ).toBe(200);
    expect((await api.dev("SYSB", "GUESTD", "0200", "reserve", { wait: false })).status).toBe(200);
  });

  it("a DEVNO MWV link on an XLINK volume goes through the Volume's ledger, on both systems", async () => {
    const api = await setUp("devno-x");
    await api.logon("SYSA", "MAINT", "MAINTPW");
    expect((await api.cp("SYSA", "MAINT", "ATTACH 0300 TO * AS 0300")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "XLINK FORMAT 0300 SHR001")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "DETACH 0300")).rc).toBe(0);
    for (const s of SYSTEMS) {
      if (s !== "SYSA") await api.logon(s, "MAINT", "MAINTPW");
      expect((await api.cp(s, "MAINT", "ATTACH 0300 SYSTEM")).rc).toBe(0);
    }
    expect((await api.logon("SYSA", "GUESTE", "PWE")).rc).toBe(0);
    // Another system's MWV link: the real reserve protects it, so it is not refused (HCPLNM9002E).
    const link = await api.cp("SYSB", "MAINT", "LINK GUESTE 0200 0200 MWV");
    expect(link).toEqual({ rc: 0, lines: [] });
    const view = await api.volume("SHR001");
    expect(view.links.map((l) => `${l.system} ${l.userid} ${l.start}-${l.end}`).sort()).toEqual([
      "SYSA GUESTE 0-10016",
      "SYSB MAINT 0-10016",
    ]);
    expect((await api.dev("SYSA", "GUESTE", "0200", "reserve")).body.kind).toBe("hardware");
    expect((await api.dev("SYSB", "MAINT", "0200", "write", { records: [{ n: 1, data: "M" }] })).status).toBe(
      409,
    );
  });
});

describe("LINK to a T-DISK or a V-DISK", () => {
  it("shares a V-DISK among this system's links and refuses a T-DISK with CP's message", async () => {
    const api = await setUp("vdisk");
    expect((await api.logon("SYSA", "VOWNER", "VPW")).rc).toBe(0);
    expect((await api.cp("SYSA", "VOWNER", "Q V DASD")).lines).toEqual([
      "DASD 0300 9336 (VDSK) R/W       1000 BLK ON DASD  VDSK SUBCHANNEL = 0000",
    ]);
    await api.logon("SYSA", "LINKER", "LPW");
    expect(await api.cp("SYSA", "LINKER", "LINK VOWNER 0300 0400 RR")).toEqual({ rc: 0, lines: [] });
    expect((await api.cp("SYSA", "LINKER", "Q V 400")).lines).toEqual([
      "DASD 0400 9336 (VDSK) R/O       1000 BLK ON DASD  VDSK SUBCHANNEL = 0000",
    ]);
    // The LINK table decides against the other links to it: W while its owner writes is refused (R/W by its owner, R/O by LINKER).
    await api.logon("SYSA", "LINKER2", "LPW");
    const w = await api.cp("SYSA", "LINKER2", "LINK VOWNER 0300 0400 W");
    expect(w.lines).toEqual(["HCPLNM106E VOWNER 0300 not linked; R/W by VOWNER; R/O by LINKER"]);
    const t = await api.cp("SYSA", "LINKER", "LINK VOWNER 0291 0401 W");
    expect(t.lines).toEqual(["HCPLNM109E VOWNER 0291 not linked; invalid link device"]);
    expect(t.rc).toBe(109);
    expect((await api.cp("SYSA", "LINKER", "DETACH 0400")).rc).toBe(0);
    expect((await api.cp("SYSA", "LINKER", "Q V 400")).lines[0]).toMatch(/^HCPQVD040E/);
  });
});
