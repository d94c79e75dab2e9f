import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { objectName } from "../../src/plex/names";
import { call, tablesOf } from "./helpers";
import { formatShared, setUp, smallPlex } from "./plex-helpers";

/**
 * Links on a volume no XLINK covers (OPEN01 in the small plex): as in z/VM without CSE, only each
 * system's CP knows them, so the node decides them alone and the Volume object stores nothing;
 * the volume view asks the nodes (issue #10: a LOGON over many such volumes makes no objects).
 */
describe("links on a volume no XLINK covers", () => {
  it("are decided by each system alone, stored by no Volume object, and shown in the volume view", async () => {
    const api = await setUp("local1", ["SYSA", "SYSB"]);
    const volume = env.VOLUME.getByName(objectName(api.token.split("_")[1], "local1", "OPEN01"));
    for (const [s, u] of [
      ["SYSA", "U01"],
      ["SYSA", "U02"],
      ["SYSB", "U03"],
    ])
      expect((await api.logon(s, u, "PW")).rc).toBe(0);
    // OWNER3 0191 (MR ALL): on one system the second writer is refused, as CP does.
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 291 M")).rc).toBe(0);
    expect(await api.cp("SYSA", "U02", "LINK OWNER3 191 291 M")).toEqual({
      rc: 105,
      lines: ["HCPLNM105E OWNER3 0191 not linked; R/W by U01"],
    });
    expect((await api.cp("SYSA", "U02", "LINK OWNER3 191 291 RR")).rc).toBe(0);
    // Another system knows nothing of SYSA's links (no CSE here): it writes too.
    expect((await api.cp("SYSB", "U03", "LINK OWNER3 191 291 M")).rc).toBe(0);
    expect(await tablesOf(volume)).toEqual([]);
    const view = await api.volume("OPEN01");
    expect(
      view.links.map((l) => `${l.system} ${l.userid} ${l.vdev} ${l.mode} ${l.requested}`).sort(),
    ).toEqual(["SYSA U01 0291 R/W M", "SYSA U02 0291 R/O RR", "SYSB U03 0291 R/W M"]);
    // DETACH and LOGOFF give them back on the node alone.
    expect((await api.cp("SYSA", "U01", "DETACH 291")).rc).toBe(0);
    expect((await api.cp("SYSB", "U03", "LOGOFF")).rc).toBe(0);
    expect((await api.volume("OPEN01")).links.map((l) => `${l.system} ${l.userid}`)).toEqual(["SYSA U02"]);
    expect((await api.cp("SYSA", "U01", "LINK OWNER3 191 291 M")).rc).toBe(0);
    // A system that goes down takes its links with it (nothing of them is on the DASD).
    expect((await api.post("/systems/SYSA/fail")).status).toBe(200);
    expect((await api.volume("OPEN01")).links).toEqual([]);
    expect(await tablesOf(volume)).toEqual([]);
  });
});

describe("around links on volumes no XLINK covers", () => {
  it("a LINK decided here counts a link a Volume granted before (kept until the next IPL)", async () => {
    const api = await setUp("local2", ["SYSA"]);
    const node = env.VMNODE.getByName(objectName(api.token.split("_")[1], "local2", "SYSA"));
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSA", "U02", "PW");
    // U01 0291 R/W on OWNER3 0191 as the Volume granted links before: generation 5, no mode kept.
    await runInDurableObject(node, (_, state) =>
      state.storage.sql
        .exec(`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", access, generation, pending)
        VALUES ('U01', '0291', 'LINK', 'OWNER3', '0191', 'OPEN01', 10, 19, 'W', 5, 0)`),
    );
    expect(await api.cp("SYSA", "U02", "LINK OWNER3 191 291 M")).toEqual({
      rc: 105,
      lines: ["HCPLNM105E OWNER3 0191 not linked; R/W by U01"],
    });
  });

  it("XLINK FORMAT is refused while any system holds links on the volume, its own or another's", async () => {
    const api = await setUp("local3", ["SYSA", "SYSB"]);
    await api.logon("SYSB", "U03", "PW");
    expect((await api.cp("SYSB", "U03", "LINK OWNER3 191 291 RR")).rc).toBe(0);
    // SYSA holds nothing there: it takes OPEN01 from SYSTEM and gives it to MAINT whole.
    await api.logon("SYSA", "MAINT", "MAINTPW");
    expect((await api.cp("SYSA", "MAINT", "DETACH 0301 SYSTEM")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "ATTACH 0301 TO * AS 0301")).rc).toBe(0);
    expect(await api.cp("SYSA", "MAINT", "XLINK FORMAT 0301 OPEN01")).toEqual({
      rc: 9016,
      lines: ["HCPXXL9016E XLINK FORMAT: OPEN01 has links; formatting would lose their flags"],
    });
    expect((await api.cp("SYSB", "U03", "DETACH 291")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "XLINK FORMAT 0301 OPEN01")).rc).toBe(0);
  });

  it("an IPL that reads a SYSTEM CONFIG taking a volume out of XLINK clears the flags the system had there", async () => {
    const api = await setUp("local4", ["SYSA", "SYSB"]);
    await formatShared(api, ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 200 300 M")).rc).toBe(0);
    expect((await api.volume("SHR001")).flags).toEqual([
      expect.objectContaining({ system: "SYSA", mode: "W" }),
    ]);
    expect((await api.post("/systems/SYSA/fail")).status).toBe(200);
    const config = smallPlex("local4").systemConfig;
    const put = await call(`${api.base}/config`, {
      token: api.token,
      method: "PUT",
      body: {
        systemConfig: {
          ...config,
          "SYSTEM CONFIG": config["SYSTEM CONFIG"].replace("XLINK_Volume_Include SHR*", ""),
        },
      },
    });
    expect(put.status, await put.clone().text()).toBe(200);
    expect((await api.ipl("SYSA")).status).toBe(200);
    // SYSA's slot no longer shows a writer to SYSB, which still reads SHR001 under XLINK.
    expect((await api.volume("SHR001")).flags).toEqual([]);
    await api.logon("SYSB", "U02", "PW");
    expect((await api.cp("SYSB", "U02", "LINK OWNER2 200 300 M")).rc).toBe(0);
  });
});
