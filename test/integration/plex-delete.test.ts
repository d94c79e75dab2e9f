import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DELETE_STEP } from "../../durable-objects/plex/deletion";
import { objectName } from "../../src/plex/names";
import { ADMIN, call, tablesOf } from "./helpers";
import { smallPlex } from "./plex-helpers";

/** Deleting a plex in bounded steps (issue #10 item 3): what one request cannot finish, the alarm does. */

describe("DELETE of a plex", () => {
  it("of a few objects is done in the request: 204, and the name is free at once", async () => {
    const name = `pd${Date.now().toString(36)}`;
    const made = await call("/v1/tenants", { token: ADMIN, body: { name } });
    const token = ((await made.json()) as { token: string }).token;
    expect((await call("/v1/plexes", { token, body: smallPlex("small") })).status).toBe(201);
    expect((await call("/v1/plexes/small", { token, method: "DELETE" })).status).toBe(204);
    expect((await call("/v1/plexes/small", { token })).status).toBe(404);
    expect((await call("/v1/plexes/small", { token, method: "DELETE" })).status).toBe(404);
    expect((await call("/v1/plexes", { token, body: smallPlex("small") })).status).toBe(201);
  });

  it(
    "of more objects than a step answers 202 deleting, and the alarm finishes it; meanwhile the name is taken",
    { timeout: 60_000 },
    async () => {
      const name = `pl${Date.now().toString(36)}`;
      const made = await call("/v1/tenants", { token: ADMIN, body: { name } });
      const token = ((await made.json()) as { token: string }).token;
      const patched = await call(`/v1/tenants/${name}`, {
        token: ADMIN,
        method: "PATCH",
        body: { limits: { volumes: 2000 } },
      });
      expect(patched.status).toBe(200);
      // A user with a minidisk on each of the V* volumes, with a record written on each: each is a
      // volume with storage that the deletion must delete. (A LOGON alone stores nothing there: on
      // volumes no XLINK covers, links are the node's.)
      const extra = 2 * DELETE_STEP;
      const mdisks = Array.from(
        { length: extra },
        (_, i) =>
          `  MDISK ${(0x200 + i).toString(16).toUpperCase()} 3390 1 10 V${String(i).padStart(5, "0")} MR`,
      );
      const plex = smallPlex("big", `USER WIDE WIDEPW 32M 64M G\n${mdisks.join("\n")}`);
      plex.systemConfig["SYSTEM CONFIG"] = plex.systemConfig["SYSTEM CONFIG"].replace(
        "User_Volume_Include SHR* OPEN*",
        "User_Volume_Include SHR* OPEN* V*",
      );
      plex.dasd.push(
        ...Array.from({ length: extra }, (_, i) => ({
          volser: `V${String(i).padStart(5, "0")}`,
          devtype: "3390-9",
          rdev: (0x1000 + i).toString(16),
        })),
      );
      expect((await call("/v1/plexes", { token, body: plex })).status).toBe(201);
      // A system up and a link held: the node and the volume have state to lose.
      expect((await call("/v1/plexes/big/systems/SYSA/ipl", { token, body: {} })).status).toBe(200);
      const logon = await call("/v1/plexes/big/systems/SYSA/users/WIDE/logon", {
        token,
        body: { password: "WIDEPW" },
      });
      expect(logon.status).toBe(200);
      for (let i = 0; i < extra; i++) {
        const vdev = (0x200 + i).toString(16).toUpperCase().padStart(4, "0");
        const written = await call(`/v1/plexes/big/systems/SYSA/users/WIDE/devices/${vdev}/write`, {
          token,
          body: { records: [{ n: 0, data: "x" }] },
        });
        expect(written.status).toBe(200);
      }
      const volume = env.VOLUME.getByName(objectName(name, "big", "V00000"));
      const plexStub = env.PLEX.getByName(objectName(name, "big"));

      const del = await call("/v1/plexes/big", { token, method: "DELETE" });
      expect(del.status).toBe(202);
      const body = (await del.json()) as { state: string; remaining: number };
      expect(body.state).toBe("deleting");
      expect(body.remaining).toBeGreaterThan(0);
      // What is left is what it knows of so far: the nodes went first and named the volumes they used.
      expect(body.remaining).toBeLessThanOrEqual(extra + 8);
      // Meanwhile: GET says so, the plex's routes answer as if it were gone, the name is not free.
      expect(await (await call("/v1/plexes/big", { token })).json()).toMatchObject({ state: "deleting" });
      expect((await call("/v1/plexes/big/volumes/SHR001", { token })).status).toBe(404);
      expect(
        (await call("/v1/plexes/big/systems/SYSA/users/OWNER/cp", { token, body: { command: "Q USERID" } }))
          .status,
      ).toBe(404);
      const again = await call("/v1/plexes", { token, body: smallPlex("big") });
      expect(again.status).toBe(409);
      expect(
        ((await (await call("/v1/plexes", { token })).json()) as { plexes: { name: string }[] }).plexes,
      ).toHaveLength(1);

      // The alarm runs the remaining steps. Under vitest-pool-workers alarms do not fire by
      // themselves, so the test runs each one (what workerd does at once in wrangler dev).
      let steps = 0;
      while (await runDurableObjectAlarm(plexStub)) steps++;
      expect(steps).toBeGreaterThanOrEqual(1);
      expect((await call("/v1/plexes/big", { token })).status).toBe(404);
      expect(await tablesOf(plexStub)).toEqual([]);
      expect(await tablesOf(env.VMNODE.getByName(objectName(name, "big", "SYSA")))).toEqual([]);
      expect(await tablesOf(volume)).toEqual([]);
      expect(await (await call("/v1/plexes", { token })).json()).toEqual({ plexes: [] });
      expect((await call("/v1/plexes", { token, body: smallPlex("big") })).status).toBe(201);
    },
  );

  it("of a plex made again under the same name deletes the volumes the new one used (a node in memory notes them afresh)", async () => {
    const name = `pr${Date.now().toString(36)}`;
    const made = await call("/v1/tenants", { token: ADMIN, body: { name } });
    const token = ((await made.json()) as { token: string }).token;
    const volume = env.VOLUME.getByName(objectName(name, "again", "OPEN01"));
    for (let round = 0; round < 2; round++) {
      expect((await call("/v1/plexes", { token, body: smallPlex("again") })).status).toBe(201);
      expect((await call("/v1/plexes/again/systems/SYSA/ipl", { token, body: {} })).status).toBe(200);
      const logon = await call("/v1/plexes/again/systems/SYSA/users/OWNER3/logon", {
        token,
        body: { password: "OWNER3PW" },
      });
      expect(logon.status).toBe(200);
      // A record written: the volume's object stores something (the link itself is the node's).
      const written = await call("/v1/plexes/again/systems/SYSA/users/OWNER3/devices/0191/write", {
        token,
        body: { records: [{ n: 0, data: "x" }] },
      });
      expect(written.status).toBe(200);
      expect((await tablesOf(volume)).length).toBeGreaterThan(0);
      expect((await call("/v1/plexes/again", { token, method: "DELETE" })).status).toBe(204);
      expect(await tablesOf(volume), `round ${round}`).toEqual([]);
    }
  });

  it("of a name the tenant holds with no plex behind it (a crash between the two) frees it once it is old", async () => {
    const name = `ps${Date.now().toString(36)}`;
    const made = await call("/v1/tenants", { token: ADMIN, body: { name } });
    const token = ((await made.json()) as { token: string }).token;
    const tenant = env.TENANT.getByName(name);
    // What a crash after the Tenant reserved the name and before the Plex was made leaves.
    expect((await tenant.addPlex("ghost")).ok).toBe(true);
    expect((await call("/v1/plexes/ghost", { token })).status).toBe(404);
    // A young name may be a create under way: not freed yet.
    const young = await call("/v1/plexes/ghost", { token, method: "DELETE" });
    expect(young.status).toBe(409);
    await runInDurableObject(tenant, (_, state) =>
      state.storage.sql.exec(
        "UPDATE plexes SET created_at = '2026-01-01T00:00:00.000Z' WHERE name = 'ghost'",
      ),
    );
    expect((await call("/v1/plexes/ghost", { token, method: "DELETE" })).status).toBe(204);
    expect(await (await call("/v1/plexes", { token })).json()).toEqual({ plexes: [] });
    expect((await call("/v1/plexes", { token, body: smallPlex("ghost") })).status).toBe(201);
    // A tenant with such a name is deleted by the admin all the same.
    expect((await tenant.addPlex("ghost2")).ok).toBe(true);
    expect((await call(`/v1/tenants/${name}`, { token: ADMIN, method: "DELETE" })).status).toBe(204);
  });
});
