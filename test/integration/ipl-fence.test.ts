import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { LinkRequest } from "../../src/dasd/ledger";
import { objectName } from "../../src/plex/names";
import { formatShared, setUp } from "./plex-helpers";

/**
 * A LINK a system sent before it failed and was IPLed again, delivered to the volume only after
 * that IPL reset the system there (nothing orders calls from two stubs; found by the model check
 * of issue #17 with calls reordered): the volume refuses it, and the LINK the system's new
 * incarnation holds stays protected.
 */
/** U01's LINK of OWNER2's 0200 (RR) as SYSA, in slot 1, sends it to SHR001; `v` gives what varies. */
const u01Link = (v: Pick<LinkRequest, "vdev" | "token" | "ipl" | "life">): LinkRequest => ({
  system: "SYSA",
  slot: 1,
  slotNames: { 1: "SYSA" },
  userid: "U01",
  owner: "OWNER2",
  ownerVdev: "0200",
  start: 120,
  end: 169,
  mode: "RR",
  virtualReserve: false,
  ...v,
});

describe("the IPL fence on a volume", () => {
  it("refuses a LINK from an earlier incarnation of the system; the current one's link stays", async () => {
    const api = await setUp("fence", ["SYSA", "SYSB"]);
    await formatShared(api, ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 RR")).rc).toBe(0);
    const volume = env.VOLUME.getByName(objectName(api.token.split("_")[1], "fence", "SHR001"));
    // The LINK as SYSA's first incarnation would have sent it (its IPL count was 1).
    const late = (ipl: number) => u01Link({ vdev: "0300", token: "late-link", ipl });

    // FAIL and IPL again: the volume records incarnation 2; U01 links again in it.
    expect((await api.post("/systems/SYSA/fail", {})).status).toBe(200);
    expect((await api.ipl("SYSA")).status).toBe(200);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 RR")).rc).toBe(0);
    const ledger = async () => (await api.volume("SHR001")).links;
    const before = await ledger();
    expect(before).toHaveLength(1);

    const geometry = { volser: "SHR001", devtype: "3390-9", cylinders: 10017, cseCylinder: 0 };
    const refused = await volume.link(late(1), geometry);
    expect(refused.decision.granted).toBe(false);
    expect(refused.decision.granted ? "" : refused.decision.error.id).toBe("HCPDTV040E");
    // The ledger still holds the current incarnation's link, granted as it was: without the fence the
    // late LINK would replace it (a new generation), and its give-back would then remove it.
    expect(await ledger()).toEqual(before);

    // Nor does its crash repair run: a late LINK carrying the old incarnation's (empty) device list,
    // or a late repair on its own, would drop the current incarnation's link.
    expect((await volume.link(late(1), geometry, [])).decision.granted).toBe(false);
    expect(await volume.reconcile("SYSA", 1, [], 1)).toEqual({ drop: [], orphans: [], verdicts: [] });
    expect(await ledger()).toEqual(before);

    // A request of the current incarnation is decided as any other (R beside U01's R is granted).
    const current = await volume.link({ ...late(2), vdev: "0301", mode: "RR", token: "current" }, geometry);
    expect(current.decision.granted).toBe(true);
  });

  it("refuses a hardware RESERVE from an earlier incarnation: the IPL released the system's reserves", async () => {
    const api = await setUp("fence2", ["SYSA", "SYSB"]);
    // RACFVM's dedicated 0200 is RACFD1 (real 0500): SYSA holds it once it reserved it (as a RESERVE
    // still on its way when SYSA fails has had it noted).
    await api.logon("SYSA", "RACFVM", "RACFPW");
    const dev = "/systems/SYSA/users/RACFVM/devices/0200";
    expect((await api.post(`${dev}/reserve`, {})).status).toBe(200);
    expect((await api.post(`${dev}/release`, {})).status).toBe(200);
    const volume = env.VOLUME.getByName(objectName(api.token.split("_")[1], "fence2", "RACFD1"));
    const geometry = { volser: "RACFD1", devtype: "3390-3", cylinders: 3339, cseCylinder: 0 };
    const racfvm = { system: "SYSA", userid: "RACFVM", vdev: "0200" };
    expect((await api.post("/systems/SYSA/fail", {})).status).toBe(200);
    expect((await api.ipl("SYSA")).status).toBe(200);
    // The RESERVE SYSA's first incarnation sent, arriving now: refused, and the volume stays free.
    const late = await volume.reserve(racfvm, false, geometry, undefined, 1);
    expect(late).toEqual({ granted: false, fenced: true });
    expect(await volume.reserveHolder()).toBeUndefined();
    // The same guest in the current incarnation gets it.
    await api.logon("SYSA", "RACFVM", "RACFPW");
    const now = await api.post(`${dev}/reserve`, {});
    expect(now.status, JSON.stringify(now.body)).toBe(200);
  });

  it("refuses a LINK that outlived a restart of its node object, once the new life repaired", async () => {
    const api = await setUp("fence3", ["SYSA", "SYSB"]);
    await formatShared(api, ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 RR")).rc).toBe(0);
    const tenant = api.token.split("_")[1];
    const node = env.VMNODE.getByName(objectName(tenant, "fence3", "SYSA"));
    const volume = env.VOLUME.getByName(objectName(tenant, "fence3", "SHR001"));
    const row = () =>
      runInDurableObject(node, (_, state) =>
        state.storage.sql
          .exec<{ ipl: number; life: number }>("SELECT ipl_count AS ipl, life FROM node")
          .one(),
      );
    const old = await row();
    // The node object restarts (a crash, an eviction); its next LINK there repairs first, in its new life.
    await evictDurableObject(node);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0301 RR")).rc).toBe(0);
    const now = await row();
    expect(now.life).toBeGreaterThan(old.life);
    const late = (life: number, token: string) => u01Link({ vdev: "0302", token, ipl: now.ipl, life });
    const geometry = { volser: "SHR001", devtype: "3390-9", cylinders: 10017, cseCylinder: 0 };
    const before = (await api.volume("SHR001")).links;
    // The LINK the former life sent, arriving now: refused, and nobody holds a link the node lacks.
    const refused = await volume.link(late(old.life, "outlived"), geometry);
    expect(refused.decision.granted ? "" : refused.decision.error.id).toBe("HCPDTV040E");
    expect((await api.volume("SHR001")).links).toEqual(before);
    // The current life's is decided as any other.
    expect((await volume.link(late(now.life, "current"), geometry)).decision.granted).toBe(true);
  });
});
