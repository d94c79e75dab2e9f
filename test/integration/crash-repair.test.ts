import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sqlHelper } from "../../durable-objects/sql";
import { objectName } from "../../src/plex/names";
import { call } from "./helpers";
import { formatShared, setUp } from "./plex-helpers";

/**
 * Crash consistency of links (issue #10 item 6). A crash between the node's and the volume's
 * writes is made deliberately, by changing one object's storage behind the other's back and
 * restarting (evicting) the objects, as a kill of the server would leave them. At the first touch
 * the two agree again, and each repair is on the system operator's console.
 */

type Api = Awaited<ReturnType<typeof setUp>>;

const STRENGTH: Record<string, number> = { R: 1, SR: 2, W: 3, SW: 4, ER: 5, EW: 6 };

/** Two systems up, SHR001 formatted and attached to SYSTEM on both, U01 and U02 logged on to each. */
async function plexWithUsers(name: string): Promise<Api> {
  const api = await setUp(name, ["SYSA", "SYSB"]);
  await formatShared(api, ["SYSA", "SYSB"]);
  for (const s of ["SYSA", "SYSB"]) for (const u of ["U01", "U02"]) await api.logon(s, u, "PW");
  return api;
}

const stubs = (api: Api) => {
  const tenant = api.token.split("_")[1];
  const plex = api.base.split("/").pop()!;
  return {
    node: (s: string) => env.VMNODE.getByName(objectName(tenant, plex, s)),
    volume: (v: string) => env.VOLUME.getByName(objectName(tenant, plex, v)),
  };
};

/** Runs SQL in an object's storage behind its back. */
const behindItsBack = (stub: DurableObjectStub, statements: string[]) =>
  runInDurableObject(stub, (_, state) => {
    for (const q of statements) state.storage.sql.exec(q);
  });

/** The node's minidisk devices on a volume, as `USERID VDEV pending`. */
const devicesOf = (stub: DurableObjectStub, volser: string) =>
  runInDurableObject(stub, (_, state) =>
    sqlHelper(state.storage.sql)<{ userid: string; vdev: string; pending: number }>`
      SELECT userid, vdev, pending FROM vdevs WHERE volser = ${volser} AND kind = 'LINK' ORDER BY userid, vdev`.map(
      (r) => `${r.userid} ${r.vdev}${r.pending ? ` pending ${r.pending}` : ""}`,
    ),
  );

/** What a system's users see: QUERY VIRTUAL DASD lines on a volume, as `USERID VDEV R/W`. */
async function shown(api: Api, system: string, users: string[], volser: string): Promise<string[]> {
  const out: string[] = [];
  for (const u of users)
    for (const line of (await api.cp(system, u, "QUERY VIRTUAL DASD")).lines) {
      const m = /^DASD (\w{4}) \w+ (\w+) +(R\/[OW])/.exec(line);
      if (m && m[2] === volser) out.push(`${u} ${m[1]} ${m[3]}`);
    }
  return out.sort();
}

/** The volume's ledger for one system, as `USERID VDEV R/W`, and whether its flags are what the ledger says. */
async function ledgerOf(api: Api, volser: string, system: string) {
  const v = await api.volume(volser);
  const links = v.links
    .filter((l) => l.system === system)
    .map((l) => `${l.userid} ${l.vdev} ${l.mode}`)
    .sort();
  // Every system's flags, cylinder by cylinder, must be the strongest access its ledger entries hold.
  const want = new Map<string, string>();
  for (const l of v.links) {
    const access = l.mode === "R/O" ? "R" : l.mode === "R/W" ? "W" : l.mode;
    for (let c = l.start; c <= l.end; c++) {
      const k = `${l.system} ${c}`;
      const had = want.get(k);
      if (!had || STRENGTH[access] > STRENGTH[had]) want.set(k, access);
    }
  }
  const have = new Map<string, string>();
  for (const f of v.flags) for (let c = f.cylinder; c <= f.end; c++) have.set(`${f.system} ${c}`, f.mode);
  const flagsAgree = [...want].every(([k, a]) => have.get(k) === a) && want.size === have.size;
  return { links, flagsAgree };
}

/** The repair lines on a user's console. */
async function repairs(api: Api, system: string, userid = "OPERATOR"): Promise<string[]> {
  const r = await call(`${api.base}/systems/${system}/users/${userid}/console`, { token: api.token });
  const lines = ((await r.json()) as { lines: { text: string }[] }).lines.map((l) => l.text);
  return lines.filter((t) => t.startsWith("LINK REPAIR"));
}

describe("crash repair of links (issue #10 item 6)", () => {
  it("completes a LINK the volume granted but the node never recorded, at the node's restart", async () => {
    const api = await plexWithUsers("cr1");
    const { node } = stubs(api);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    // The crash: the volume's grant was written, the node's answer never was.
    await behindItsBack(node("SYSA"), [
      "UPDATE vdevs SET pending = 1, access = NULL, generation = NULL WHERE userid = 'U01' AND vdev = '0300'",
    ]);
    await evictDurableObject(node("SYSA"));

    // The first request after the restart finds it settled.
    expect(await shown(api, "SYSA", ["U01"], "SHR001")).toEqual(["U01 0300 R/W"]);
    expect(await ledgerOf(api, "SHR001", "SYSA")).toEqual({ links: ["U01 0300 R/W"], flagsAgree: true });
    const line =
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) LINK COMPLETED R/W: THE VOLUME HAD GRANTED IT";
    expect(await repairs(api, "SYSA")).toEqual([line]);
    expect(await repairs(api, "SYSA", "U01")).toEqual([line]);
    // It is an ordinary link now: DETACH takes it off the volume.
    expect((await api.cp("SYSA", "U01", "DETACH 0300")).rc).toBe(0);
    expect((await ledgerOf(api, "SHR001", "SYSA")).links).toEqual([]);
    expect((await api.cp("SYSB", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
  });

  it("undoes a LINK the node reserved but the volume never granted", async () => {
    const api = await plexWithUsers("cr2");
    const { node } = stubs(api);
    // The crash: the node's intent was written, the volume was never asked.
    await behindItsBack(node("SYSA"), [
      `INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", pending, token)
       VALUES ('U01', '0300', 'LINK', 'OWNER2', '0200', 'SHR001', 120, 169, 1, 'lost')`,
    ]);
    await evictDurableObject(node("SYSA"));

    expect(await shown(api, "SYSA", ["U01"], "SHR001")).toEqual([]);
    expect(await devicesOf(node("SYSA"), "SHR001")).toEqual([]);
    expect(await repairs(api, "SYSA")).toEqual([
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) LINK UNDONE: THE VOLUME HAD NOT GRANTED IT",
    ]);
    // The vdev is free again.
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 RR")).rc).toBe(0);
  });

  it("finishes a DETACH the node began but the volume never heard of, W flags and all", async () => {
    const api = await plexWithUsers("cr3");
    const { node } = stubs(api);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    await behindItsBack(node("SYSA"), [
      "UPDATE vdevs SET pending = 2 WHERE userid = 'U01' AND vdev = '0300'",
    ]);
    await evictDurableObject(node("SYSA"));
    // Before the repair SYSA's W flag would shut SYSB out; the first request to SYSA repairs it.
    expect(await shown(api, "SYSA", ["U01"], "SHR001")).toEqual([]);
    expect(await ledgerOf(api, "SHR001", "SYSA")).toEqual({ links: [], flagsAgree: true });
    expect((await api.volume("SHR001")).flags).toEqual([]);
    expect(await repairs(api, "SYSA")).toEqual([
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) DETACH COMPLETED",
    ]);
    expect((await api.cp("SYSB", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
  });

  it("drops a ledger entry no node shows (a DETACH whose volume call was lost) at the node's first call to the volume", async () => {
    const api = await plexWithUsers("cr4");
    const { node } = stubs(api);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    // The old failure: the node forgot the device, the volume kept the link and its W flags.
    await behindItsBack(node("SYSA"), ["DELETE FROM vdevs WHERE userid = 'U01' AND vdev = '0300'"]);
    await evictDurableObject(node("SYSA"));
    expect(await shown(api, "SYSA", ["U01"], "SHR001")).toEqual([]);
    expect((await ledgerOf(api, "SHR001", "SYSA")).links).toEqual(["U01 0300 R/W"]);
    expect((await api.cp("SYSB", "U02", "LINK OWNER2 0200 0300 M")).rc).toBe(105);

    // SYSA's next call to the volume (any user's LINK or DETACH there) repairs it first.
    expect((await api.cp("SYSA", "U02", "LINK OWNER 0192 0192 RR")).rc).toBe(0);
    expect(await ledgerOf(api, "SHR001", "SYSA")).toEqual({ links: ["U02 0192 R/O"], flagsAgree: true });
    expect(await repairs(api, "SYSA")).toEqual([
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) LINK REMOVED FROM THE VOLUME: NO SUCH DEVICE ON SYSA",
    ]);
    expect((await api.cp("SYSB", "U02", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
  });

  it("drops such an entry before the LINK it rides on is decided (the repair and the LINK in one call)", async () => {
    const api = await plexWithUsers("cr4b");
    const { node } = stubs(api);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    await behindItsBack(node("SYSA"), ["DELETE FROM vdevs WHERE userid = 'U01' AND vdev = '0300'"]);
    await evictDurableObject(node("SYSA"));
    // SYSA has no device on SHR001 now: its next LINK there carries the repair. Decided against the
    // stale W entry, this M would be refused; the repair drops the entry first.
    expect((await api.cp("SYSA", "U02", "LINK OWNER2 0200 0301 M")).rc).toBe(0);
    expect(await ledgerOf(api, "SHR001", "SYSA")).toEqual({ links: ["U02 0301 R/W"], flagsAgree: true });
    expect(await repairs(api, "SYSA")).toEqual([
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) LINK REMOVED FROM THE VOLUME: NO SUCH DEVICE ON SYSA",
    ]);
  });

  it("drops such an entry under the very userid and vdev the carried LINK asks for", async () => {
    const api = await setUp4c();
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    expect(await ledgerOf(api, "SHR001", "SYSA")).toEqual({ links: ["U01 0300 R/W"], flagsAgree: true });
    expect(await repairs(api, "SYSA")).toEqual([
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) LINK REMOVED FROM THE VOLUME: NO SUCH DEVICE ON SYSA",
    ]);
  });

  /** cr4c: U01 0300 (W) left in SHR001's ledger with no device on SYSA, which has no device there. */
  async function setUp4c() {
    const api = await plexWithUsers("cr4c");
    const { node } = stubs(api);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    await behindItsBack(node("SYSA"), ["DELETE FROM vdevs WHERE userid = 'U01' AND vdev = '0300'"]);
    await evictDurableObject(node("SYSA"));
    return api;
  }

  it("drops a link a node shows but the volume's ledger lacks", async () => {
    const api = await plexWithUsers("cr5");
    const { node, volume } = stubs(api);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    await behindItsBack(volume("SHR001"), ["DELETE FROM links WHERE userid = 'U01' AND vdev = '0300'"]);
    await evictDurableObject(volume("SHR001"));
    await evictDurableObject(node("SYSA"));

    expect((await api.cp("SYSA", "U01", "DETACH 0300")).rc).toBe(40);
    expect(await shown(api, "SYSA", ["U01"], "SHR001")).toEqual([]);
    expect(await repairs(api, "SYSA", "U01")).toEqual([
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) LINK DROPPED: NOT IN THE VOLUME'S LEDGER",
    ]);
  });

  it("settles a LINK whose volume call failed at the next call to that volume", async () => {
    const api = await plexWithUsers("cr9");
    const { volume } = stubs(api);
    expect((await api.cp("SYSA", "U02", "LINK OWNER 0192 0192 RR")).rc).toBe(0);
    // The volume fails the LINK: whether it granted it is unknown to the node.
    await behindItsBack(volume("SHR001"), ["ALTER TABLE links RENAME TO links_away"]);
    const failed = await call(`${api.base}/systems/SYSA/users/U01/cp`, {
      token: api.token,
      body: { command: "LINK OWNER2 0200 0300 M" },
    });
    expect(failed.status).toBe(500);
    await behindItsBack(volume("SHR001"), ["ALTER TABLE links_away RENAME TO links"]);
    // The same LINK again: the device in doubt is undone first, then the LINK is made.
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    expect(await ledgerOf(api, "SHR001", "SYSA")).toEqual({
      links: ["U01 0300 R/W", "U02 0192 R/O"],
      flagsAgree: true,
    });
    expect(await repairs(api, "SYSA", "U01")).toEqual([
      "LINK REPAIR ON SHR001: U01 0300 (OWNER2 0200) LINK UNDONE: THE VOLUME HAD NOT GRANTED IT",
    ]);
  });

  it("leaves a FAILED system's links alone: its IPL resets them", async () => {
    const api = await plexWithUsers("cr6");
    const { node } = stubs(api);
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 M")).rc).toBe(0);
    await behindItsBack(node("SYSA"), [
      "UPDATE vdevs SET pending = 2 WHERE userid = 'U01' AND vdev = '0300'",
    ]);
    expect((await api.post("/systems/SYSA/fail")).status).toBe(200);
    await evictDurableObject(node("SYSA"));
    expect((await ledgerOf(api, "SHR001", "SYSA")).links).toEqual(["U01 0300 R/W"]);
    expect((await api.ipl("SYSA")).status).toBe(200);
    expect((await ledgerOf(api, "SHR001", "SYSA")).links).toEqual([]);
    expect(await repairs(api, "SYSA")).toEqual([]);
  });

  it("repairs nothing when nothing crashed, with first touches racing a burst of LINK and DETACH", async () => {
    const api = await plexWithUsers("cr7");
    const { node } = stubs(api);
    const users = ["U01", "U02"];
    const burst = async () => {
      const jobs: Promise<unknown>[] = [];
      for (const s of ["SYSA", "SYSB"])
        for (const u of users)
          for (const vdev of ["0300", "0301", "0302"]) {
            const mode = vdev === "0300" ? "M" : "RR";
            jobs.push(
              api
                .cp(s, u, `LINK OWNER2 0200 ${vdev} ${mode}`)
                .then(() => api.cp(s, u, `DETACH ${vdev}`))
                .then(() => api.cp(s, u, `LINK OWNER ${vdev === "0300" ? "0192" : "0193"} ${vdev} RR`)),
            );
          }
      await Promise.all(jobs);
    };
    for (let round = 0; round < 3; round++) {
      // A new incarnation of each node: every volume is compared again at its first call.
      for (const s of ["SYSA", "SYSB"]) await evictDurableObject(node(s));
      await burst();
      for (const s of ["SYSA", "SYSB"]) {
        expect(await devicesOf(node(s), "SHR001")).not.toContainEqual(expect.stringContaining("pending"));
        const { links, flagsAgree } = await ledgerOf(api, "SHR001", s);
        expect(links.length).toBeGreaterThan(0);
        expect(links).toEqual(await shown(api, s, users, "SHR001"));
        expect(flagsAgree).toBe(true);
        expect(await repairs(api, s)).toEqual([]);
      }
      for (const s of ["SYSA", "SYSB"])
        for (const u of users)
          for (const vdev of ["0300", "0301", "0302"]) await api.cp(s, u, `DETACH ${vdev}`);
    }
  });
});
