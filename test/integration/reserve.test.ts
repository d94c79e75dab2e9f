import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { objectName } from "../../src/plex/names";
import { call } from "./helpers";
import { reserveWaiters, setUp, waitUntil } from "./plex-helpers";

type Api = Awaited<ReturnType<typeof setUp>>;
type DevAnswer = {
  status: number;
  body: {
    ok?: boolean;
    generation?: number;
    records?: { n: number; data: string }[];
    error?: { code: string; message: string; details?: { holder?: { system: string; generation: number } } };
  };
};

const dev = async (
  api: Api,
  sys: string,
  user: string,
  vdev: string,
  op: string,
  body: unknown = {},
): Promise<DevAnswer> => {
  const r = await call(`${api.base}/systems/${sys}/users/${user}/devices/${vdev}/${op}`, {
    token: api.token,
    body,
  });
  return { status: r.status, body: (await r.json()) as DevAnswer["body"] };
};

describe("dedicated volumes and hardware RESERVE/RELEASE across systems", () => {
  it("dedicates the same volumes to RACFVM on two systems at once", async () => {
    const api = await setUp("ded", ["SYSA", "SYSB"]);
    for (const s of ["SYSA", "SYSB"]) {
      expect((await api.logon(s, "RACFVM", "RACFPW")).rc).toBe(0);
      const q = await api.cp(s, "RACFVM", "Q V DASD");
      expect(q.lines).toEqual([
        "DASD 0200 ON DASD  0500 R/W RACFD1 SUBCHANNEL = 0000",
        "DASD 0201 ON DASD  0501 R/W RACFD2 SUBCHANNEL = 0001",
      ]);
      expect((await api.cp(s, "RACFVM", "Q V 201")).lines).toEqual([
        "DASD 0201 ON DASD  0501 R/W RACFD2 SUBCHANNEL = 0000",
      ]);
    }
  });

  it("two systems racing 100 times: never both hold it, and records written under it never interleave", async () => {
    const api = await setUp("race2", ["SYSA", "SYSB"]);
    for (const s of ["SYSA", "SYSB"]) await api.logon(s, "RACFVM", "RACFPW");
    let holders = 0;
    let maxHolders = 0;
    const worker = async (sys: string) => {
      for (let i = 0; i < 50; i++) {
        const r = await dev(api, sys, "RACFVM", "0200", "reserve", { wait: true });
        expect(r.status).toBe(200);
        holders++;
        maxHolders = Math.max(maxHolders, holders);
        for (let k = 0; k < 3; k++)
          expect(
            (await dev(api, sys, "RACFVM", "0200", "write", { records: [{ n: k, data: `${sys}-${i}` }] }))
              .status,
          ).toBe(200);
        const back = await dev(api, sys, "RACFVM", "0200", "read", { from: 0, count: 3 });
        expect(back.body.records!.map((x) => x.data)).toEqual([`${sys}-${i}`, `${sys}-${i}`, `${sys}-${i}`]);
        holders--;
        expect(
          (await dev(api, sys, "RACFVM", "0200", "release", { generation: r.body.generation })).status,
        ).toBe(200);
      }
    };
    await Promise.all([worker("SYSA"), worker("SYSB")]);
    expect(maxHolders).toBe(1);
  }, 120_000);

  it("refuses I/O by another system while reserved, answers busy without wait, and serves waiters in order", async () => {
    const api = await setUp("order", ["SYSA", "SYSB", "SYSC", "SYSD"]);
    for (const s of ["SYSA", "SYSB", "SYSC", "SYSD"]) await api.logon(s, "RACFVM", "RACFPW");
    const held = await dev(api, "SYSA", "RACFVM", "0200", "reserve");
    expect(held.status).toBe(200);
    const busy = await dev(api, "SYSB", "RACFVM", "0200", "reserve", { wait: false });
    expect(busy.status).toBe(409);
    expect(busy.body.error!.message).toBe("DASD 0200 is reserved by another system (SYSA)");
    const io = await dev(api, "SYSB", "RACFVM", "0200", "write", { records: [{ n: 1, data: "x" }] });
    expect(io.status).toBe(409);
    expect(io.body.error!.code).toBe("DEVICE_RESERVED");
    const granted: string[] = [];
    const waiters = [];
    for (const s of ["SYSB", "SYSC", "SYSD"]) {
      waiters.push(
        dev(api, s, "RACFVM", "0200", "reserve", { wait: true }).then((r) => (granted.push(s), r)),
      );
      // Queued in this order: the next one is sent only once this one waits.
      await waitUntil(`${s} waits`, async () =>
        (await reserveWaiters(api, "RACFD1")).includes(`${s} RACFVM`),
      );
    }
    expect((await dev(api, "SYSA", "RACFVM", "0200", "release")).status).toBe(200);
    await waiters[0];
    expect(granted).toEqual(["SYSB"]);
    for (const s of ["SYSB", "SYSC"])
      expect((await dev(api, s, "RACFVM", "0200", "release")).status).toBe(200);
    await Promise.all(waiters);
    expect(granted).toEqual(["SYSB", "SYSC", "SYSD"]);
  });

  it("a failed holder keeps the reserve until its re-IPL; then the waiter proceeds", async () => {
    const api = await setUp("failres", ["SYSA", "SYSB"]);
    for (const s of ["SYSA", "SYSB"]) await api.logon(s, "RACFVM", "RACFPW");
    expect((await dev(api, "SYSA", "RACFVM", "0200", "reserve")).status).toBe(200);
    let done = false;
    const waiting = dev(api, "SYSB", "RACFVM", "0200", "reserve", { wait: true }).then(
      (r) => ((done = true), r),
    );
    await waitUntil("SYSB waits", async () => (await reserveWaiters(api, "RACFD1")).includes("SYSB RACFVM"));
    expect((await api.post("/systems/SYSA/fail")).status).toBe(200);
    // The failure frees nothing: SYSB still waits and SYSA still holds the reserve.
    expect(await reserveWaiters(api, "RACFD1")).toEqual(["SYSB RACFVM"]);
    expect((await api.volume("RACFD1")).reserve).toMatchObject({ system: "SYSA", userid: "RACFVM" });
    expect(done).toBe(false);
    expect((await api.ipl("SYSA")).status).toBe(200);
    const got = await waiting;
    expect(got.status).toBe(200);
    expect(got.body.generation).toEqual(expect.any(Number));
  });

  it("break-reserve from a survivor, then a release with the old generation is refused and changes nothing", async () => {
    const api = await setUp("breakres", ["SYSA", "SYSB"]);
    for (const s of ["SYSA", "SYSB"]) await api.logon(s, "RACFVM", "RACFPW");
    const old = await dev(api, "SYSA", "RACFVM", "0200", "reserve");
    expect((await api.post("/systems/SYSA/fail")).status).toBe(200);
    await api.logon("SYSB", "MAINT", "MAINTPW");
    const notB = await call(`${api.base}/systems/SYSB/users/RACFVM/break-reserve`, {
      token: api.token,
      body: { rdev: "0500" },
    });
    expect(notB.status).toBe(409); // RACFVM is class G
    const broke = await call(`${api.base}/systems/SYSB/users/MAINT/break-reserve`, {
      token: api.token,
      body: { rdev: "0500" },
    });
    expect(broke.status).toBe(200);
    const mine = await dev(api, "SYSB", "RACFVM", "0200", "reserve");
    expect(mine.body.generation).toBeGreaterThan(old.body.generation!);
    const stale = await dev(api, "SYSB", "RACFVM", "0200", "release", { generation: old.body.generation });
    expect(stale.status).toBe(409);
    expect(stale.body.error!.code).toBe("STALE_RELEASE");
    const view = await call(`${api.base}/volumes/RACFD1`, { token: api.token });
    expect(
      ((await view.json()) as { reserve: { system: string; generation: number } }).reserve,
    ).toMatchObject({ system: "SYSB", generation: mine.body.generation });
  });

  it("DETACH and LOGOFF release what the guest holds", async () => {
    const api = await setUp("detres", ["SYSA", "SYSB"]);
    for (const s of ["SYSA", "SYSB"]) await api.logon(s, "RACFVM", "RACFPW");
    expect((await dev(api, "SYSA", "RACFVM", "0200", "reserve")).status).toBe(200);
    expect((await api.cp("SYSA", "RACFVM", "DETACH 0200")).rc).toBe(0);
    expect((await dev(api, "SYSB", "RACFVM", "0200", "reserve")).status).toBe(200);
    expect((await api.cp("SYSB", "RACFVM", "LOGOFF")).rc).toBe(0);
    const view = await call(`${api.base}/volumes/RACFD1`, { token: api.token });
    expect(((await view.json()) as { reserve: unknown }).reserve).toBeNull();
  });
});

describe("virtual reserve/release (V modes)", () => {
  it("MWV on one system blocks a second guest on that system and not a guest on another system", async () => {
    const api = await setUp("vres", ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSA", "U02", "PW");
    await api.logon("SYSB", "U03", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER4 191 200 MWV")).rc).toBe(0);
    expect((await api.cp("SYSA", "U02", "LINK OWNER4 191 200 MW")).rc).toBe(0);
    expect((await api.cp("SYSB", "U03", "LINK OWNER4 191 200 MW")).rc).toBe(0);
    const r = await dev(api, "SYSA", "U01", "0200", "reserve");
    expect(r.body).toMatchObject({ ok: true, kind: "virtual" });
    const blocked = await dev(api, "SYSA", "U02", "0200", "write", { records: [{ n: 0, data: "u02" }] });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error!.message).toBe("DASD 0200 is reserved by U01 on this system");
    const other = await dev(api, "SYSB", "U03", "0200", "write", { records: [{ n: 0, data: "u03" }] });
    expect(other.status).toBe(200);
    const view = (await (await call(`${api.base}/volumes/OPEN01`, { token: api.token })).json()) as {
      warnings: string[];
    };
    expect(view.warnings).toEqual([
      expect.stringContaining("OWNER4 0191 is linked MWV on SYSA but also from SYSB"),
    ]);
    expect((await dev(api, "SYSA", "U01", "0200", "release")).status).toBe(200);
    expect(
      (await dev(api, "SYSA", "U02", "0200", "write", { records: [{ n: 0, data: "u02" }] })).status,
    ).toBe(200);
    // A minidisk whose MDISK mode has no V cannot be reserved.
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 300 MW")).rc).toBe(0);
    expect((await dev(api, "SYSA", "U01", "0300", "reserve")).body.error!.code).toBe("NOT_RESERVABLE");
  });
});

describe("LOGOFF with a virtual reserve held and waited for by the same user", () => {
  it("gives the reserve to no device of the user logging off: another guest gets it next", async () => {
    const api = await setUp("vresoff", ["SYSA"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSA", "U02", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER4 191 200 MWV")).rc).toBe(0);
    expect((await api.cp("SYSA", "U01", "LINK OWNER4 191 201 MWV")).rc).toBe(0);
    expect((await api.cp("SYSA", "U02", "LINK OWNER4 191 200 MWV")).rc).toBe(0);
    expect((await dev(api, "SYSA", "U01", "0201", "reserve")).body).toMatchObject({ ok: true });
    // U01's 0200 waits for the reserve its own 0201 holds; then U01 is forced off.
    const node = env.VMNODE.getByName(objectName(api.token.split("_")[1], "vresoff", "SYSA"));
    await api.logon("SYSA", "MAINT", "MAINTPW");
    const waiting = dev(api, "SYSA", "U01", "0200", "reserve", { wait: true });
    await waitUntil("U01 0200 waits", async () =>
      (await node.virtualReserves()).some((r) => r.waiting.includes("U01 0200")),
    );
    expect((await api.cp("SYSA", "MAINT", "FORCE U01")).rc).toBe(0);
    expect((await waiting).status).not.toBe(200);
    // Released devices and all: the reserve is free for U02.
    expect((await dev(api, "SYSA", "U02", "0200", "reserve")).body).toMatchObject({ ok: true });
  });
});

describe("a waiting RESERVE gives up (issue #10)", () => {
  it("on a dedicated volume after its timeout, leaving the queue, and answers who holds it", async () => {
    const api = await setUp("rtimeout1", ["SYSA", "SYSB"]);
    for (const s of ["SYSA", "SYSB"]) await api.logon(s, "RACFVM", "RACFPW");
    expect((await dev(api, "SYSA", "RACFVM", "0200", "reserve")).status).toBe(200);
    const late = await dev(api, "SYSB", "RACFVM", "0200", "reserve", { wait: true, timeoutMs: 200 });
    expect(late.status).toBe(409);
    expect(late.body.error!.code).toBe("RESERVE_TIMEOUT");
    expect(late.body.error!.message).toContain("another system (SYSA)");
    expect(await reserveWaiters(api, "RACFD1")).toEqual([]);
    // The holder lets go: the next RESERVE is granted at once, nobody stale is ahead of it.
    expect((await dev(api, "SYSA", "RACFVM", "0200", "release")).status).toBe(200);
    expect((await dev(api, "SYSB", "RACFVM", "0200", "reserve")).status).toBe(200);
  });

  it("on a V-mode minidisk after its timeout, leaving the queue", async () => {
    const api = await setUp("rtimeout2", ["SYSA"]);
    for (const u of ["U01", "U02"]) {
      await api.logon("SYSA", u, "PW");
      expect((await api.cp("SYSA", u, "LINK OWNER4 191 200 MW")).rc).toBe(0);
    }
    expect((await dev(api, "SYSA", "U01", "0200", "reserve")).status).toBe(200);
    const late = await dev(api, "SYSA", "U02", "0200", "reserve", { wait: true, timeoutMs: 200 });
    expect(late.status).toBe(409);
    expect(late.body.error!.code).toBe("RESERVE_TIMEOUT");
    expect((await dev(api, "SYSA", "U01", "0200", "release")).status).toBe(200);
    expect((await dev(api, "SYSA", "U02", "0200", "reserve")).status).toBe(200);
  });

  it("refuses a timeout out of range", async () => {
    const api = await setUp("rtimeout3", ["SYSA"]);
    await api.logon("SYSA", "RACFVM", "RACFPW");
    for (const timeoutMs of [0, -1, 1.5, 300_001])
      expect((await dev(api, "SYSA", "RACFVM", "0200", "reserve", { wait: true, timeoutMs })).status).toBe(
        400,
      );
  });
});
