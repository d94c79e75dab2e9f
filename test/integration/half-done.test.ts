import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sqlHelper } from "../../durable-objects/sql";
import { VM_NODE_MIGRATIONS } from "../../durable-objects/vm-node/schema";
import { objectName } from "../../src/plex/names";
import { call, newTenant } from "./helpers";
import { setUp, smallPlex } from "./plex-helpers";

/**
 * No half-done work (issue #10 item 5): a create or an IPL that fails half-way leaves a state the
 * objects agree on, from which the same request can be made again. The failure is injected by
 * breaking one object's storage behind its back.
 */
describe("no half-done work", () => {
  it("a create that fails leaves no plex behind, and the name can be used again", async () => {
    const token = await newTenant();
    const tenant = token.split("_")[1];
    const node = env.VMNODE.getByName(objectName(tenant, "hd1", "SYSB"));
    // SYSB's node claims the latest schema but has no tables: registering it fails.
    await runInDurableObject(node, (_, state) => {
      const sql = sqlHelper(state.storage.sql);
      sql`CREATE TABLE schema_version (version INTEGER NOT NULL)`;
      sql`INSERT INTO schema_version (version) VALUES (${VM_NODE_MIGRATIONS.length})`;
    });
    const failed = await call("/v1/plexes", { token, body: smallPlex("hd1") });
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { error: { message: string } }).error.message).not.toMatch(
      /nothing was changed/,
    );
    expect(((await (await call("/v1/plexes", { token })).json()) as { plexes: unknown[] }).plexes).toEqual(
      [],
    );
    expect((await call("/v1/plexes/hd1", { token })).status).toBe(404);
    await runInDurableObject(node, async (_, state) => state.storage.deleteAll());
    expect((await call("/v1/plexes", { token, body: smallPlex("hd1") })).status).toBe(201);
  });

  it("an IPL that fails half-way leaves the system DOWN for the Plex and the node, and it can be IPLed again", async () => {
    const api = await setUp("hd2", []);
    const node = env.VMNODE.getByName(objectName(api.token.split("_")[1], "hd2", "SYSA"));
    await runInDurableObject(node, (_, state) => state.storage.sql.exec("DROP TABLE volumes"));
    expect((await api.ipl("SYSA")).status).toBe(500);
    const topology = (await (await call(api.base, { token: api.token })).json()) as {
      systems: { sysname: string; state: string }[];
    };
    expect(topology.systems.find((s) => s.sysname === "SYSA")?.state).toBe("DOWN");
    const logon = await call(`${api.base}/systems/SYSA/users/MAINT/logon`, {
      token: api.token,
      body: { password: "MAINTPW" },
    });
    expect(logon.status).toBe(409);
    await runInDurableObject(node, (_, state) =>
      state.storage.sql.exec(
        `CREATE TABLE volumes (volser TEXT PRIMARY KEY, info TEXT NOT NULL, status TEXT NOT NULL)`,
      ),
    );
    expect((await api.ipl("SYSA")).status).toBe(200);
  });
});

describe("a directory change under a logged-on user (DIRECTXA)", () => {
  it("lets the user run on until LOGOFF, and nobody else find it", async () => {
    const api = await setUp("hd3", ["SYSA"]);
    await api.logon("SYSA", "U05", "PW");
    await api.logon("SYSA", "MAINT", "MAINTPW");
    const without = smallPlex("hd3").directory.replace("USER U05 PW 32M 64M G\n", "");
    const put = await call(`${api.base}/directory`, {
      token: api.token,
      method: "PUT",
      body: { directory: without },
    });
    expect(put.status).toBe(200);
    // U05 runs on: its commands, its console, QUERY NAMES.
    expect(await api.cp("SYSA", "U05", "QUERY USERID")).toEqual({ rc: 0, lines: ["U05      AT SYSA"] });
    expect((await call(`${api.base}/systems/SYSA/users/U05/console`, { token: api.token })).status).toBe(200);
    expect((await api.cp("SYSA", "MAINT", "QUERY NAMES")).lines.join(" ")).toContain("U05");
    // Nobody else finds it in the directory.
    expect((await api.cp("SYSA", "MAINT", "XAUTOLOG U06")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "SPOOL PUNCH TO U05")).rc).toBe(53);
    // After LOGOFF it is gone.
    expect((await api.cp("SYSA", "U05", "LOGOFF")).rc).toBe(0);
    const again = await call(`${api.base}/systems/SYSA/users/U05/logon`, {
      token: api.token,
      body: { password: "PW" },
    });
    expect(((await again.json()) as { rc: number }).rc).toBe(53);
    const cp = await call(`${api.base}/systems/SYSA/users/U05/cp`, {
      token: api.token,
      body: { command: "Q USERID" },
    });
    expect(cp.status).toBe(404);
  });

  it("takes the user back into the directory when a later change has it again", async () => {
    const api = await setUp("hd4", ["SYSA"]);
    await api.logon("SYSA", "U05", "PW");
    await api.logon("SYSA", "MAINT", "MAINTPW");
    const full = smallPlex("hd4").directory;
    for (const directory of [full.replace("USER U05 PW 32M 64M G\n", ""), full])
      expect(
        (await call(`${api.base}/directory`, { token: api.token, method: "PUT", body: { directory } }))
          .status,
      ).toBe(200);
    expect((await api.cp("SYSA", "MAINT", "SPOOL PUNCH TO U05")).rc).toBe(0);
    expect((await api.cp("SYSA", "U05", "LOGOFF")).rc).toBe(0);
    expect((await api.logon("SYSA", "U05", "PW")).rc).toBe(0);
  });

  it("an IPL a crash cut short (the node left IPLING) is DOWN for both sides at the node's next start, and can be IPLed", async () => {
    const api = await setUp("hd9", []);
    const tenant = api.token.split("_")[1];
    const node = env.VMNODE.getByName(objectName(tenant, "hd9", "SYSA"));
    const plex = env.PLEX.getByName(objectName(tenant, "hd9"));
    // What a kill during an IPL leaves: both sides IPLING, no IPL running.
    await runInDurableObject(node, (_, state) => state.storage.sql.exec("UPDATE node SET state = 'IPLING'"));
    await plex.setState("SYSA", "IPLING");
    await evictDurableObject(node);
    expect((await api.ipl("SYSA")).status).toBe(200);
    const topology = (await (await call(api.base, { token: api.token })).json()) as {
      systems: { sysname: string; state: string }[];
    };
    expect(topology.systems.find((s) => s.sysname === "SYSA")?.state).toBe("UP");
  });
});
