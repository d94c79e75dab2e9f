import type { VolumeView } from "../../src/dasd/volume-view";
import { expect } from "vitest";
import { call, newTenant } from "./helpers";

/** A four-system plex with one XLINK volume (SHR001, rdev 0300) and one unprotected volume (OPEN01, rdev 0301). */
export function smallPlex(name: string, extraDirectory = "") {
  const systems = ["SYSA", "SYSB", "SYSC", "SYSD"];
  const systemConfig = {
    "SYSTEM CONFIG": [
      ...systems.map((s, i) => `System_Identifier 2964 %${String(i + 1).repeat(5)} ${s}`),
      "XLINK_System_Include Slot 1 SYSA SYSB SYSC SYSD",
      "XLINK_Volume_Include SHR*",
      "User_Volume_Include SHR* OPEN*",
      "Imbed -SYSTEM- CPOWNED",
      "",
    ].join("\n"),
    ...Object.fromEntries(systems.map((s) => [`${s} CPOWNED`, `CP_Owned Slot 1 &SYSRES\n`])),
  };
  const directory = [
    ...systems.map((s, i) => `DIRECTORY 0123 3390 RES${s.slice(3)} *${String(i + 1).repeat(5)}-2964 ${s}`),
    "USER MAINT MAINTPW 128M 1G ABCDEFG",
    "USER OPERATOR OPERPW 32M 64M ABCDEFG",
    "USER OWNER OWNERPW 32M 64M G",
    "  MDISK 0191 3390 100 50 SHR001 MR RPASS WPASS MPASS",
    "  MDISK 0192 3390 300 10 SHR001 MR ALL ALL ALL",
    "  MDISK 0193 3390 400 10 SHR001 MR",
    "USER OWNER2 OWNER2PW 32M 64M G",
    "  MDISK 0200 3390 120 50 SHR001 MR ALL ALL ALL",
    "USER OWNER3 OWNER3PW 32M 64M G",
    "  MDISK 0191 3390 10 10 OPEN01 MR ALL ALL ALL",
    "USER OWNER4 OWNER4PW 32M 64M G",
    "  MDISK 0191 3390 30 10 OPEN01 MWV ALL ALL ALL",
    "USER RACFVM RACFPW 64M 64M G",
    "  DEDICATE 0200 0500",
    "  DEDICATE 0201 RACFD2",
    ...Array.from({ length: 50 }, (_, i) => `USER U${String(i).padStart(2, "0")} PW 32M 64M G`),
    extraDirectory,
  ].join("\n");
  const dasd = [
    ...systems.map((s, i) => ({ volser: `RES${s.slice(3)}`, devtype: "3390-9", rdev: `01${i}0`, ipl: [s] })),
    { volser: "SHR001", devtype: "3390-9", rdev: "0300" },
    { volser: "OPEN01", devtype: "3390-9", rdev: "0301" },
    { volser: "RACFD1", devtype: "3390-3", rdev: "0500" },
    { volser: "RACFD2", devtype: "3390-3", rdev: "0501" },
  ];
  return { name, systemConfig, directory, dasd };
}

/** A tenant with the small plex created and the given systems IPLed. */
export async function setUp(name: string, ipl: string[] = ["SYSA", "SYSB"]) {
  const token = await newTenant();
  const created = await call("/v1/plexes", { token, body: smallPlex(name) });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}`;
  const api = {
    token,
    base,
    async ipl(sys: string, body: Record<string, unknown> = {}) {
      const r = await call(`${base}/systems/${sys}/ipl`, { token, body });
      return { status: r.status, body: (await r.json()) as { state: string; lines: string[] } };
    },
    async post(path: string, body: unknown = {}) {
      const r = await call(`${base}${path}`, { token, body });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    },
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
    async volume(volser: string) {
      const r = await call(`${base}/volumes/${volser}`, { token });
      expect(r.status).toBe(200);
      return (await r.json()) as VolumeView;
    },
  };
  for (const s of ipl) expect((await api.ipl(s)).status).toBe(200);
  return api;
}

/** Formats SHR001's CSE area from MAINT on SYSA and attaches it to SYSTEM on the given systems (the seed's steps). */
export async function formatShared(api: Awaited<ReturnType<typeof setUp>>, systems: string[]) {
  await api.logon("SYSA", "MAINT", "MAINTPW");
  expect((await api.cp("SYSA", "MAINT", "ATTACH 0300 TO * AS 0300")).rc).toBe(0);
  expect((await api.cp("SYSA", "MAINT", "XLINK FORMAT 0300 SHR001")).rc).toBe(0);
  expect((await api.cp("SYSA", "MAINT", "DETACH 0300")).rc).toBe(0);
  for (const s of systems) {
    if (s !== "SYSA") await api.logon(s, "MAINT", "MAINTPW");
    const r = await api.cp(s, "MAINT", "ATTACH 0300 SYSTEM");
    expect(r.rc, r.lines.join("\n")).toBe(0);
  }
}

/**
 * Waits for something to happen in the plex (a RESERVE queued, say) by asking until `check` says
 * it has, one request at a time: no fixed sleep, and a bound so a test that waits in vain fails.
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) if (await check()) return;
  throw new Error(`gave up waiting until ${what}`);
}

/** Guests waiting for a volume's hardware reserve, as `SYSTEM USERID`. */
export async function reserveWaiters(
  api: Awaited<ReturnType<typeof setUp>>,
  volser: string,
): Promise<string[]> {
  return (await api.volume(volser)).waiting.map((w) => `${w.system} ${w.userid}`);
}
