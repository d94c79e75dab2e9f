import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { schemaVersion, sqlHelper } from "../../durable-objects/sql";
import { VM_NODE_MIGRATIONS } from "../../durable-objects/vm-node/schema";
import { objectName } from "../../src/plex/names";
import { blob, joinParts, PART_BYTES } from "../../src/spool/records";
import { spoolPlex } from "./spool-helpers";

/**
 * VmNode migration 24: an open (CONT) file stored the old way, as one BLOB in `spool_open.data`,
 * moves into parts of at most PART_BYTES, and later writes append to it.
 */
describe("VmNode migration 24: open files in parts", () => {
  it("an open file of version 23 (one BLOB over a part's size) is cut into parts and reads back whole", async () => {
    const p = await spoolPlex("migopen");
    const node = env.VMNODE.getByName(objectName(p.T.split("_")[1], "migopen", "SYSA"));
    await p.logon("SYSA", "U27");
    await p.cp("SYSA", "U27", "SPOOL PUNCH CONT * RDR");
    const big = "b".repeat(PART_BYTES + 300_000);
    await p.post("/SYSA/users/U27/punch", { records: ["first", big, ""] });

    // The file as version 23 stored it: its packed records as one value, no parts table or trigger.
    // Then migration 24's own SQL runs on it (later migrations do not depend on it, and stay as they are).
    const migration = VM_NODE_MIGRATIONS.find((m) => m.version === 24)!;
    const packedLength = await runInDurableObject(node, (_, state) => {
      const sql = state.storage.sql;
      const parts = sql
        .exec("SELECT data FROM spool_open_data ORDER BY part")
        .toArray()
        .map((r) => r.data as ArrayBuffer);
      const whole = joinParts(parts);
      sql.exec("DROP TRIGGER spool_open_parts");
      sql.exec("DROP TABLE spool_open_data");
      sql.exec("ALTER TABLE spool_open ADD COLUMN data BLOB NOT NULL DEFAULT x''");
      sql.exec("UPDATE spool_open SET data = ?", blob(whole));
      state.storage.transactionSync(() => sql.exec(migration.sql));
      return whole.length;
    });
    expect(packedLength).toBeGreaterThan(PART_BYTES);
    await evictDurableObject(node);

    // The next write appends after what it had.
    expect((await p.post("/SYSA/users/U27/punch", { records: ["after the upgrade"] })).status).toBe(200);
    const parts = await runInDurableObject(node, (_, state) => ({
      version: schemaVersion(sqlHelper(state.storage.sql)),
      lengths: state.storage.sql
        .exec("SELECT length(data) AS n FROM spool_open_data ORDER BY part")
        .toArray()
        .map((r) => r.n as number),
    }));
    expect(parts.version).toBe(VM_NODE_MIGRATIONS[VM_NODE_MIGRATIONS.length - 1].version);
    expect(parts.lengths.slice(0, 2)).toEqual([PART_BYTES, packedLength - PART_BYTES]);
    expect(Math.max(...parts.lengths)).toBeLessThanOrEqual(PART_BYTES);

    const closed = await p.cp("SYSA", "U27", "CLOSE PUNCH");
    expect(closed.rc).toBe(0);
    const file = await p.get(`/SYSA/users/U27/reader/${closed.lines[0].slice(9, 13)}`);
    expect(file.body.records).toEqual(["first", big, "", "after the upgrade"]);
  });
});
