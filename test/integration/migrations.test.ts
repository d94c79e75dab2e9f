import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PLEX_MIGRATIONS } from "../../durable-objects/plex/schema";
import { schemaVersion, sqlHelper } from "../../durable-objects/sql";
import { VM_NODE_MIGRATIONS } from "../../durable-objects/vm-node/schema";
import { VOLUME_MIGRATIONS } from "../../durable-objects/volume/schema";
import { objectName } from "../../src/plex/names";
import { call } from "./helpers";
import { formatShared, setUp } from "./plex-helpers";

/**
 * Objects written by the previous schema open and read after the migration (issue #9): each test
 * writes state through the API, takes the object back to the schema before its last migration
 * (what an object stored by the previous release holds), evicts it, and reads it again.
 */

const latest = (m: readonly { version: number }[]) => m[m.length - 1].version;

/**
 * Undoes an object's last `undo` migrations (the SQL in `undoSql` takes away what they added) and
 * evicts it, so that the next instance migrates again. Answers the version it went back to.
 */
async function toPreviousSchema(stub: DurableObjectStub, undoSql: string[], undo = 1): Promise<number> {
  const before = await runInDurableObject(stub, (_, state) => {
    const sql = sqlHelper(state.storage.sql);
    for (const statement of undoSql) state.storage.sql.exec(statement);
    const previous = schemaVersion(sql) - undo;
    sql`UPDATE schema_version SET version = ${previous}`;
    return previous;
  });
  await evictDurableObject(stub);
  return before;
}

const versionOf = (stub: DurableObjectStub) =>
  runInDurableObject(stub, (_, state) => schemaVersion(sqlHelper(state.storage.sql)));

describe("numbered migrations", () => {
  it("upgrades a VmNode of the previous schema in place: its users and consoles are still there", async () => {
    const api = await setUp("mignode", ["SYSA"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    await api.cp("SYSA", "MAINT", "QUERY USERID");
    // A console line is stored just after its answer leaves (docs/decisions.md); a read stores it at
    // once, so the eviction below cannot come first.
    expect((await call(`${api.base}/systems/SYSA/users/MAINT/console`, { token: api.token })).status).toBe(
      200,
    );
    const tenant = api.token.split("_")[1];
    const node = env.VMNODE.getByName(objectName(tenant, "mignode", "SYSA"));
    // 20 makes held_volumes, 21 fills it from the devices an object of version 19 holds, 22 adds
    // the directory's `retired` column, 23 the node's `limits`, 24 keeps open files in parts, 25
    // indexes the console by user, 26 notes the volumes the node called, 27 a CTC's real device, 28
    // the programs service machines run, 29 the mode of a link the node decided alone, 30 RSCS's
    // started links, 31 the object's life.
    const undo = [
      "DROP TABLE held_volumes",
      "ALTER TABLE directory DROP COLUMN retired",
      "ALTER TABLE node DROP COLUMN limits",
      "DROP TRIGGER spool_open_parts",
      "DROP TABLE spool_open_data",
      "ALTER TABLE spool_open ADD COLUMN data BLOB NOT NULL DEFAULT x''",
      "DROP INDEX console_by_user",
      "DROP TABLE touched_volumes",
      "ALTER TABLE vdevs DROP COLUMN rdev",
      "DROP TABLE programs",
      "ALTER TABLE vdevs DROP COLUMN link_mode",
      "DROP TABLE rscs_links",
      "ALTER TABLE node DROP COLUMN life",
    ];
    expect(await toPreviousSchema(node, undo, 12)).toBe(latest(VM_NODE_MIGRATIONS) - 12);

    const console = await call(`${api.base}/systems/SYSA/users/MAINT/console`, { token: api.token });
    expect(console.status).toBe(200);
    expect(((await console.json()) as { lines: { text: string }[] }).lines.map((l) => l.text)).toContain(
      "MAINT    AT SYSA",
    );
    expect((await api.cp("SYSA", "MAINT", "QUERY NAMES")).lines.join(" ")).toContain("MAINT");
    // The table the last migration adds works: a tape drive is mounted.
    expect(
      (await api.post("/systems/SYSA/users/MAINT/tapes", { vdev: "181", volser: "T00001" })).status,
    ).toBe(200);
    expect(await versionOf(node)).toBe(latest(VM_NODE_MIGRATIONS));
  });

  it("upgrades a Plex of the previous schema in place: its inputs, systems and spool are still there", async () => {
    const api = await setUp("migplex", ["SYSA"]);
    await api.logon("SYSA", "MAINT", "MAINTPW");
    await api.cp("SYSA", "MAINT", "SPOOL PUNCH * RDR");
    const punched = await api.post("/systems/SYSA/users/MAINT/punch", { records: ["HELLO"] });
    expect(punched.status).toBe(200);
    const tenant = api.token.split("_")[1];
    const plex = env.PLEX.getByName(objectName(tenant, "migplex"));
    // 21 makes tape_data, 22 adds the plex's `limits`, 23 `deleting` and the `doomed` list, 24
    // moves the inputs into rows of their own (undone: back into the plex row), 25 makes cms_files,
    // 26 RSCS's rscs_files and its trigger, 27 DirMaint's directory versions and state, 28 the
    // spool file's CP TAG.
    const undo = [
      ...["system_config", "directory", "dasd"].map(
        (c) => `ALTER TABLE plex ADD COLUMN ${c} TEXT NOT NULL DEFAULT ''`,
      ),
      "UPDATE plex SET system_config = (SELECT text FROM inputs WHERE kind = 'systemConfig')",
      "UPDATE plex SET directory = (SELECT text FROM inputs WHERE kind = 'directory')",
      "UPDATE plex SET dasd = (SELECT text FROM inputs WHERE kind = 'dasd')",
      "DROP TABLE inputs",
      "ALTER TABLE plex DROP COLUMN inputs_version",
      "DROP TABLE tape_data",
      "ALTER TABLE plex DROP COLUMN limits",
      "ALTER TABLE plex DROP COLUMN deleting",
      "DROP TABLE doomed",
      "DROP TABLE cms_files",
      "DROP TRIGGER rscs_files_purged",
      "DROP TABLE rscs_files",
      "DROP TABLE directory_versions",
      "ALTER TABLE plex DROP COLUMN directory_base",
      "ALTER TABLE systems DROP COLUMN directory_version",
      "DROP TABLE dirmaint",
      "DROP TABLE dirmaint_state",
      "ALTER TABLE spool DROP COLUMN tag",
    ];
    expect(await toPreviousSchema(plex, undo, 8)).toBe(latest(PLEX_MIGRATIONS) - 8);

    const topology = await call(api.base, { token: api.token });
    expect(topology.status).toBe(200);
    const systems = ((await topology.json()) as { systems: { sysname: string; state: string }[] }).systems;
    expect(systems.find((s) => s.sysname === "SYSA")?.state).toBe("UP");
    const file = await call(`${api.base}/systems/SYSA/users/MAINT/reader/${punched.body.spoolid as string}`, {
      token: api.token,
    });
    expect(((await file.json()) as { records: string[] }).records).toEqual(["HELLO"]);
    // The table the last migration adds works: a tape is written and read back.
    const tape = { format: "cseplex-spxtape/1", files: [] };
    expect(
      (await call(`${api.base}/tapes/T00002`, { token: api.token, method: "PUT", body: tape })).status,
    ).toBe(200);
    // DirMaint's: the directory the plex had is every system's base, nobody behind.
    const directory = await call(`${api.base}/directory`, { token: api.token });
    const d = (await directory.json()) as {
      source: { version: number; base: number };
      systems: { behind: number }[];
    };
    expect(d.source.base).toBe(d.source.version);
    expect(d.systems.every((x) => x.behind === 0)).toBe(true);
    expect(await versionOf(plex)).toBe(latest(PLEX_MIGRATIONS));
  });

  it("upgrades a Volume of the previous schema in place: its link ledger is still there", async () => {
    const api = await setUp("migvol", ["SYSA"]);
    // A ledger is kept for XLINK volumes (links on others are the node's alone): SHR001's.
    await formatShared(api, ["SYSA"]);
    await api.logon("SYSA", "OWNER2", "OWNER2PW");
    const tenant = api.token.split("_")[1];
    const volume = env.VOLUME.getByName(objectName(tenant, "migvol", "SHR001"));
    // 4 makes records, 5 adds the ledger's `token` (the LINK request that was granted each entry),
    // 6 the geometry's version and a refused newer one, 7 the IPL fences, 8 their node lives.
    const undo = [
      "DROP TABLE records",
      "ALTER TABLE links DROP COLUMN token",
      "ALTER TABLE volume DROP COLUMN geometry_version",
      "ALTER TABLE volume DROP COLUMN geometry_refused",
      "ALTER TABLE fences DROP COLUMN life",
      "DROP TABLE fences",
    ];
    expect(await toPreviousSchema(volume, undo, 5)).toBe(latest(VOLUME_MIGRATIONS) - 5);

    expect((await api.volume("SHR001")).links.map((l) => `${l.userid} ${l.vdev}`)).toEqual(["OWNER2 0200"]);
    const written = await api.post("/systems/SYSA/users/OWNER2/devices/0200/write", {
      records: [{ n: 1, data: "x" }],
    });
    expect(written.status).toBe(200);
    // The column the last migration adds works: a new LINK's entry carries its request's token.
    expect((await api.cp("SYSA", "OWNER2", "LINK OWNER2 0200 0291 RR")).rc).toBe(0);
    const tokens = await runInDurableObject(volume, (_, state) =>
      sqlHelper(state.storage.sql)<{ vdev: string; token: string | null }>`
        SELECT vdev, token FROM links ORDER BY vdev`.map(
        (r) => `${r.vdev} ${r.token === null ? "none" : "set"}`,
      ),
    );
    expect(tokens).toEqual(["0200 none", "0291 set"]);
    // The last table works: an IPL records SYSA's incarnation.
    expect((await api.post("/systems/SYSA/shutdown")).status).toBe(200);
    expect((await api.ipl("SYSA")).status).toBe(200);
    const fences = await runInDurableObject(volume, (_, state) =>
      sqlHelper(state.storage.sql)<{ system: string }>`SELECT system FROM fences`.map((r) => r.system),
    );
    expect(fences).toEqual(["SYSA"]);
    expect(await versionOf(volume)).toBe(latest(VOLUME_MIGRATIONS));
  });
});
