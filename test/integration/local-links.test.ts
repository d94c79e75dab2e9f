import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { objectName } from "../../src/plex/names";
import { tablesOf } from "./helpers";
import { setUp } from "./plex-helpers";

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
