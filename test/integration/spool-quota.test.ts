import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { LimitsPatch } from "../../src/limits";
import { objectName } from "../../src/plex/names";
import { PART_BYTES } from "../../src/spool/records";
import { ADMIN, call } from "./helpers";
import { spoolPlex } from "./spool-helpers";

/**
 * The plex's spool and tape quotas and the node's deviceRecords (issue #10, items 2 and 4), each
 * at its edge, with small limits set by the admin's PATCH /v1/tenants/:name.
 */

type Answer = { rc: number; lines: string[] };
type Quota = { error: { code: string; details: { limit: string; used: number; max: number } } };

/** The spool plex, with a way to set the tenant's limits. */
async function quotaPlex(name: string) {
  const p = await spoolPlex(name);
  const tenant = p.T.split("_")[1];
  const plex = env.PLEX.getByName(objectName(tenant, name));
  const nodes = ["SYSA", "SYSB", "SYSC"].map((s) => env.VMNODE.getByName(objectName(tenant, name, s)));
  // The admin's PATCH: the Tenant keeps the overrides and gives them to the Plex and every node.
  const limit = async (l: LimitsPatch) => {
    const r = await call(`/v1/tenants/${tenant}`, { token: ADMIN, method: "PATCH", body: { limits: l } });
    expect(r.status, await r.clone().text()).toBe(200);
  };
  const tapePut = (volser: string, body: unknown) =>
    call(`/v1/plexes/${name}/tapes/${volser}`, { token: p.T, method: "PUT", body });
  const tapeGet = async (volser: string) =>
    (await (await call(`/v1/plexes/${name}/tapes/${volser}`, { token: p.T })).json()) as {
      files: { spoolid: string }[];
    };
  return { ...p, plex, nodes, limit, tapePut, tapeGet };
}

const spoolidOf = (a: Answer) => a.lines[0].slice(9, 13);
const details = async (r: { body: Record<string, unknown> }) => (r.body as unknown as Quota).error;

describe("spoolFiles: files per plex", () => {
  it("the file that reaches the limit is made, the next is refused by PUNCH (429) and by CLOSE (HCPCSP439E), and nothing is lost", async () => {
    const p = await quotaPlex("quota1");
    await p.limit({ spoolFiles: 3 });
    await p.logon("SYSA", "U20");
    for (let i = 0; i < 3; i++)
      expect((await p.post("/SYSA/users/U20/punch", { records: [`file ${i}`] })).status).toBe(200);
    const over = await p.post("/SYSA/users/U20/punch", { records: ["one too many"] });
    expect(over.status).toBe(429);
    expect(await details(over)).toMatchObject({
      code: "QUOTA_EXCEEDED",
      details: { limit: "spoolFiles", used: 3, max: 3 },
    });

    // A CONT file is written, then CLOSE cannot spool it: CP's answer, and the file stays open.
    await p.cp("SYSA", "U20", "SPOOL PUNCH CONT * RDR");
    expect((await p.post("/SYSA/users/U20/punch", { records: ["kept", "as", "written"] })).status).toBe(200);
    expect(await p.cp("SYSA", "U20", "CLOSE PUNCH")).toEqual({
      rc: 439,
      lines: ["HCPCSP439E Spool fileid limit exceeded"],
    });
    // LOGOFF cannot spool it either: it says so, and keeps the file for the next session.
    const logoff = await p.cp("SYSA", "U20", "LOGOFF");
    expect(logoff.lines).toContain("HCPCSP439E Spool fileid limit exceeded");
    await p.logon("SYSA", "U20");
    expect((await p.cp("SYSA", "U20", "PURGE PUN ALL")).lines).toEqual(["0000003 FILES PURGED"]);
    await p.cp("SYSA", "U20", "SPOOL PUNCH * RDR");
    const closed = await p.cp("SYSA", "U20", "CLOSE PUNCH");
    expect(closed.rc).toBe(0);
    const file = await p.get(`/SYSA/users/U20/reader/${spoolidOf(closed)}`);
    expect(file.body.records).toEqual(["kept", "as", "written"]);
  });

  it("SPXTAPE LOAD stops at the limit: what fits is loaded, the rest is counted (HCPSPX9064E)", async () => {
    const p = await quotaPlex("quota2");
    await p.post("/SYSA/users/MAINT/logon", { password: "MAINTPW" });
    await p.logon("SYSA", "U21");
    await p.cp("SYSA", "U21", "SPOOL PUNCH * RDR");
    for (let i = 0; i < 3; i++) await p.post("/SYSA/users/U21/punch", { records: [`r${i}`] });
    await p.post("/SYSA/users/MAINT/tapes", { vdev: "181", volser: "QTAPE1" });
    expect((await p.cp("SYSA", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL PURGE")).rc).toBe(0);
    await p.limit({ spoolFiles: 2 });
    const load = await p.cp("SYSA", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL");
    expect(load.rc).toBe(9064);
    expect(load.lines.at(-1)).toBe("HCPSPX9064E The spool is full: 1 files were not loaded");
    expect((await p.cp("SYSA", "U21", "QUERY READER")).lines).toHaveLength(3);
    // The tape keeps all three.
    expect((await p.tapeGet("QTAPE1")).files).toHaveLength(3);
  });
});

describe("spoolBytes: bytes per plex, records with their 4-byte lengths", () => {
  it("a file that fills the spool exactly is made; a byte more is refused (413, HCPCSP9051E, HCPSPX9065E)", async () => {
    const p = await quotaPlex("quota3");
    await p.limit({ spoolBytes: 100 });
    await p.logon("SYSA", "U22");
    await p.cp("SYSA", "U22", "SPOOL PUNCH * RDR");
    // 46 bytes + 4 = 50, twice: 100 exactly.
    for (let i = 0; i < 2; i++)
      expect((await p.post("/SYSA/users/U22/punch", { records: ["x".repeat(46)] })).status).toBe(200);
    const over = await p.post("/SYSA/users/U22/punch", { records: [""] });
    expect(over.status).toBe(413);
    expect(await details(over)).toMatchObject({ details: { limit: "spoolBytes", used: 100, max: 100 } });

    await p.cp("SYSA", "U22", "SPOOL PUNCH CONT");
    await p.post("/SYSA/users/U22/punch", { records: ["abc"] });
    expect(await p.cp("SYSA", "U22", "CLOSE PUNCH")).toEqual({
      rc: 9051,
      lines: ["HCPCSP9051E Spool space is full: the file needs 7 bytes; 100 of 100 are in use"],
    });

    // LOAD: a tape of two 50-byte files into a spool with room for one.
    await p.post("/SYSA/users/MAINT/logon", { password: "MAINTPW" });
    await p.post("/SYSA/users/MAINT/tapes", { vdev: "181", volser: "QTAPE3" });
    expect((await p.cp("SYSA", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL PURGE")).rc).toBe(0);
    await p.limit({ spoolBytes: 99 });
    const load = await p.cp("SYSA", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL");
    expect(load.lines.at(-1)).toBe("HCPSPX9065E Spool space is full: 1 files were not loaded");
    // The open file was kept through all of it.
    await p.limit({});
    const closed = await p.cp("SYSA", "U22", "CLOSE PUNCH");
    expect(closed.rc).toBe(0);
  });
});

describe("deviceRecords: records an open (CONT) file holds", () => {
  it("the write that reaches the limit is taken, the next is refused (413) and the file is unchanged", async () => {
    const p = await quotaPlex("quota4");
    await p.limit({ deviceRecords: 3 });
    await p.logon("SYSA", "U23");
    await p.cp("SYSA", "U23", "SPOOL PUNCH CONT * RDR");
    expect((await p.post("/SYSA/users/U23/punch", { records: ["1", "2"] })).status).toBe(200);
    expect((await p.post("/SYSA/users/U23/punch", { records: ["3"] })).status).toBe(200);
    const over = await p.post("/SYSA/users/U23/punch", { records: ["4"] });
    expect(over.status).toBe(413);
    expect(await details(over)).toMatchObject({ details: { limit: "deviceRecords", used: 3, max: 3 } });
    const closed = await p.cp("SYSA", "U23", "CLOSE PUNCH");
    expect((await p.get(`/SYSA/users/U23/reader/${spoolidOf(closed)}`)).body.records).toEqual([
      "1",
      "2",
      "3",
    ]);
  });
});

describe("spoolBytes: open (CONT) files on a system count too", () => {
  it("two users' open files together stop at spoolBytes, and what each holds is kept", async () => {
    const p = await quotaPlex("quota4b");
    await p.limit({ spoolBytes: 10 });
    for (const u of ["U24", "U25"]) {
      await p.logon("SYSA", u);
      await p.cp("SYSA", u, "SPOOL PUNCH CONT * RDR");
    }
    expect((await p.post("/SYSA/users/U24/punch", { records: ["123456"] })).status).toBe(200);
    expect((await p.post("/SYSA/users/U25/punch", { records: ["1234"] })).status).toBe(200);
    const over = await p.post("/SYSA/users/U25/punch", { records: ["5"] });
    expect(over.status).toBe(413);
    expect(await details(over)).toMatchObject({ details: { limit: "spoolBytes", used: 11, max: 10 } });
  });
});

describe("tapes and tapeBytes: per plex", () => {
  it("mounting a new tape and uploading one count against tapes; a rewrite does not", async () => {
    const p = await quotaPlex("quota5");
    await p.limit({ tapes: 2 });
    await p.post("/SYSA/users/MAINT/logon", { password: "MAINTPW" });
    expect((await p.post("/SYSA/users/MAINT/tapes", { vdev: "181", volser: "T00001" })).status).toBe(200);
    expect((await p.tapePut("T00002", { format: "cseplex-spxtape/1", files: [] })).status).toBe(200);
    const mount = await p.post("/SYSA/users/MAINT/tapes", { vdev: "182", volser: "T00003" });
    expect(mount.status).toBe(429);
    expect(await details(mount)).toMatchObject({ details: { limit: "tapes", used: 2, max: 2 } });
    const upload = await p.tapePut("T00003", { format: "cseplex-spxtape/1", files: [] });
    expect(upload.status).toBe(429);
    expect(((await upload.json()) as Quota).error.details).toEqual({ limit: "tapes", used: 2, max: 2 });
    // Writing a tape the plex has is no new tape; mounting one either.
    expect((await p.tapePut("T00002", { format: "cseplex-spxtape/1", files: [] })).status).toBe(200);
    expect((await p.post("/SYSA/users/MAINT/tapes", { vdev: "182", volser: "T00002" })).status).toBe(200);
    // A DUMP onto a tape deleted since it was mounted would make a third.
    expect((await call(`/v1/plexes/quota5/tapes/T00001`, { token: p.T, method: "DELETE" })).status).toBe(204);
    expect((await p.tapePut("T00003", { format: "cseplex-spxtape/1", files: [] })).status).toBe(200);
    expect((await p.cp("SYSA", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL")).lines).toEqual([
      "HCPSPX9066E Tape T00001 cannot be made: the plex holds 2 tapes",
    ]);
  });

  it("a DUMP or upload past tapeBytes writes and purges nothing; one that fits exactly is written", async () => {
    const p = await quotaPlex("quota6");
    await p.logon("SYSA", "U24");
    await p.cp("SYSA", "U24", "SPOOL PUNCH * RDR");
    // Two files of 16 + 4 bytes: 40 bytes on tape.
    for (let i = 0; i < 2; i++) await p.post("/SYSA/users/U24/punch", { records: ["y".repeat(16)] });
    await p.post("/SYSA/users/MAINT/logon", { password: "MAINTPW" });
    await p.post("/SYSA/users/MAINT/tapes", { vdev: "181", volser: "B00001" });
    await p.limit({ tapeBytes: 39 });
    expect(await p.cp("SYSA", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL PURGE")).toEqual({
      rc: 9067,
      lines: ["HCPSPX9067E Tape B00001 cannot take 40 bytes: the plex's tapes hold 0 of 39"],
    });
    expect((await p.cp("SYSA", "U24", "QUERY READER")).lines).toHaveLength(3);
    await p.limit({ tapeBytes: 40 });
    expect((await p.cp("SYSA", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL")).rc).toBe(0);
    // The same dump again replaces the tape's 40 bytes: it fits.
    expect((await p.cp("SYSA", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL")).rc).toBe(0);
    // An upload of those 40 bytes onto another tape would take the plex to 80.
    const tape = await p.tapeGet("B00001");
    const upload = await p.tapePut("B00002", tape);
    expect(upload.status).toBe(413);
    expect(((await upload.json()) as Quota).error.details).toEqual({ limit: "tapeBytes", used: 40, max: 40 });
    expect((await call(`/v1/plexes/quota6/tapes/B00002`, { token: p.T })).status).toBe(404);
    expect((await p.tapeGet("B00001")).files).toHaveLength(2);
  });
});

describe("an open (CONT) file in parts", () => {
  it("written in many PUNCH calls, it reads back exactly; no stored part is over PART_BYTES", async () => {
    const p = await quotaPlex("parts1");
    await p.logon("SYSA", "U25");
    await p.cp("SYSA", "U25", "SPOOL PUNCH CONT * RDR");
    const expected: string[] = [];
    for (let i = 0; i < 60; i++) {
      const records = Array.from({ length: i % 5 }, (_, j) =>
        j === 0 ? "" : `call ${i} record ${j} `.repeat(j),
      );
      expected.push(...records);
      expect((await p.post("/SYSA/users/U25/punch", { records })).status).toBe(200);
    }
    // One record larger than a part, in base64: it is cut across parts and joined again.
    const big = new Uint8Array(PART_BYTES + 1000).map((_, i) => (i * 7) % 256);
    let binary = "";
    for (let i = 0; i < big.length; i += 0x8000)
      binary += String.fromCharCode(...big.subarray(i, i + 0x8000));
    expect(
      (await p.post("/SYSA/users/U25/punch", { records: [btoa(binary)], encoding: "base64" })).status,
    ).toBe(200);
    expect((await p.post("/SYSA/users/U25/punch", { records: ["the end"] })).status).toBe(200);
    const stored = await runInDurableObject(p.nodes[0], (_, state) => ({
      parts: state.storage.sql.exec("SELECT count(*) AS n FROM spool_open_data").one().n as number,
      largest: state.storage.sql.exec("SELECT max(length(data)) AS n FROM spool_open_data").one().n as number,
    }));
    expect(stored.largest).toBeLessThanOrEqual(PART_BYTES);
    expect(stored.parts).toBeGreaterThan(40);

    const closed = await p.cp("SYSA", "U25", "CLOSE PUNCH");
    expect(closed.rc).toBe(0);
    const text = await p.get(`/SYSA/users/U25/reader/${spoolidOf(closed)}?encoding=base64`);
    const records = (text.body.records as string[]).map((r) => atob(r));
    expect(records.length).toBe(expected.length + 2);
    expect(records.slice(0, expected.length)).toEqual(expected);
    expect(records.at(-2)).toBe(binary);
    expect(records.at(-1)).toBe("the end");
    // CLOSE took the parts with the file.
    expect(
      await runInDurableObject(p.nodes[0], (_, state) =>
        state.storage.sql.exec("SELECT count(*) AS n FROM spool_open_data").one(),
      ),
    ).toEqual({ n: 0 });
  });

  it("an IPL drops open files with their parts: a new file starts empty", async () => {
    const p = await quotaPlex("parts2");
    await p.logon("SYSA", "U26");
    await p.cp("SYSA", "U26", "SPOOL PUNCH CONT * RDR");
    await p.post("/SYSA/users/U26/punch", { records: ["before the IPL"] });
    expect((await p.post("/SYSA/shutdown", {})).status).toBe(200);
    expect((await p.post("/SYSA/ipl", {})).status).toBe(200);
    expect(
      await runInDurableObject(p.nodes[0], (_, state) =>
        state.storage.sql.exec("SELECT count(*) AS n FROM spool_open_data").one(),
      ),
    ).toEqual({ n: 0 });
    await p.logon("SYSA", "U26");
    await p.cp("SYSA", "U26", "SPOOL PUNCH CONT * RDR");
    await p.post("/SYSA/users/U26/punch", { records: ["after"] });
    const closed = await p.cp("SYSA", "U26", "CLOSE PUNCH");
    expect((await p.get(`/SYSA/users/U26/reader/${spoolidOf(closed)}`)).body.records).toEqual(["after"]);
  });
});
