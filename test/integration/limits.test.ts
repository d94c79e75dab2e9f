import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BUILT_IN_LIMITS, LIMIT_CEILINGS } from "../../src/limits";
import { objectName } from "../../src/plex/names";
import type { NodeState } from "../../durable-objects/vm-node/state";
import { ADMIN, call } from "./helpers";
import { smallPlex } from "./plex-helpers";

/** The admin's routes, a tenant's limits (rate and quotas) and GET /v1/usage (issue #10, items 1 and 2). */

let n = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}-${n++}`;

async function tenant(prefix = "lim"): Promise<{ name: string; token: string }> {
  const name = uniqueName(prefix);
  const res = await call("/v1/tenants", { token: ADMIN, body: { name } });
  expect(res.status).toBe(201);
  return { name, token: ((await res.json()) as { token: string }).token };
}

const patch = (name: string, limits: Record<string, number>) =>
  call(`/v1/tenants/${name}`, { token: ADMIN, method: "PATCH", body: { limits } });

type Envelope = { error: { code: string; message: string; details?: Record<string, unknown> } };

describe("admin routes", () => {
  it("list tenants by name a page at a time, show one with its limits, and refuse tenant tokens", async () => {
    const a = await tenant("lista");
    const b = await tenant("listb");
    const page = await call(`/v1/tenants`, { token: ADMIN });
    expect(page.status).toBe(200);
    const names = ((await page.json()) as { tenants: { name: string }[] }).tenants.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining([a.name, b.name]));
    expect(names).toEqual([...names].sort());
    const after = (await (await call(`/v1/tenants?after=${a.name}`, { token: ADMIN })).json()) as {
      tenants: { name: string }[];
    };
    expect(after.tenants.map((t) => t.name)).not.toContain(a.name);

    const shown = await call(`/v1/tenants/${a.name}`, { token: ADMIN });
    expect(await shown.json()).toMatchObject({ name: a.name, overrides: {}, limits: { plexes: 20 } });
    expect((await call(`/v1/tenants/nosuch-${a.name}`, { token: ADMIN })).status).toBe(404);
    expect((await call(`/v1/tenants?after=%00`, { token: ADMIN })).status).toBe(400);

    // A tenant's token is not the admin's, and the admin's is not a tenant's.
    for (const [method, path] of [
      ["GET", "/v1/tenants"],
      ["GET", `/v1/tenants/${a.name}`],
      ["PATCH", `/v1/tenants/${a.name}`],
      ["DELETE", `/v1/tenants/${b.name}`],
      ["POST", "/v1/tenants"],
    ])
      expect(
        (await call(path, { token: a.token, method, body: method === "GET" ? undefined : {} })).status,
        `${method} ${path}`,
      ).toBe(401);
    expect((await call("/v1/plexes", { token: ADMIN })).status).toBe(401);
    expect((await call("/v1/usage", { token: ADMIN })).status).toBe(401);
  });

  it("PATCH takes any subset of the limits, each from 1 to its ceiling, and names a bad one", async () => {
    const t = await tenant();
    const ok = await patch(t.name, { plexes: 3, consoleLines: 10 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      tenant: t.name,
      overrides: { plexes: 3, consoleLines: 10 },
      limits: { plexes: 3, consoleLines: 10, tapes: BUILT_IN_LIMITS.tapes },
    });
    // Later patches add to the overrides.
    expect(await (await patch(t.name, { tapes: 2 })).json()).toMatchObject({
      overrides: { plexes: 3, consoleLines: 10, tapes: 2 },
    });
    for (const [limits, path] of [
      [{ plexes: 0 }, "limits.plexes"],
      [{ plexes: LIMIT_CEILINGS.plexes + 1 }, "limits.plexes"],
      [{ systemsPerPlex: 1.5 }, "limits.systemsPerPlex"],
      [{ cylinders: 5 }, "limits"],
    ] as const) {
      const bad = await patch(t.name, limits as Record<string, number>);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Envelope).error.message).toContain(path);
    }
    expect((await patch(`nosuch-${t.name}`, { plexes: 1 })).status).toBe(404);
  });

  it("DELETE removes the tenant with every object's state; its tokens get 401 and its name is free", async () => {
    const t = await tenant("del");
    const created = await call("/v1/plexes", { token: t.token, body: smallPlex("doomed") });
    expect(created.status).toBe(201);
    expect((await call("/v1/plexes/doomed/systems/SYSA/ipl", { token: t.token, body: {} })).status).toBe(200);
    const tokenRes = await call("/v1/tokens", { token: t.token, body: { name: "second" } });
    const second = ((await tokenRes.json()) as { token: string }).token;

    expect((await call(`/v1/tenants/${t.name}`, { token: ADMIN, method: "DELETE" })).status).toBe(204);
    expect((await call("/v1/plexes", { token: t.token })).status).toBe(401);
    expect((await call("/v1/plexes", { token: second })).status).toBe(401);
    expect((await call(`/v1/tenants/${t.name}`, { token: ADMIN, method: "DELETE" })).status).toBe(404);
    const list = (await (await call("/v1/tenants", { token: ADMIN })).json()) as {
      tenants: { name: string }[];
    };
    expect(list.tenants.map((x) => x.name)).not.toContain(t.name);
    // Every object it had holds nothing once the plex's alarm has run (alarms do not fire by
    // themselves under vitest-pool-workers): the tenant, the plex, a node, a volume.
    while (await runDurableObjectAlarm(env.PLEX.getByName(objectName(t.name, "doomed"))));
    const stubs = [
      env.TENANT.getByName(t.name),
      env.PLEX.getByName(objectName(t.name, "doomed")),
      env.VMNODE.getByName(objectName(t.name, "doomed", "SYSA")),
      env.VOLUME.getByName(objectName(t.name, "doomed", "RESA")),
    ];
    for (const stub of stubs)
      expect(
        await runInDurableObject(stub, (_, state) =>
          state.storage.sql
            .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf%'")
            .toArray(),
        ),
      ).toEqual([]);
    // The name can be a tenant again, with nothing from before.
    const again = await call("/v1/tenants", { token: ADMIN, body: { name: t.name } });
    expect(again.status).toBe(201);
    const token = ((await again.json()) as { token: string }).token;
    expect(await (await call("/v1/plexes", { token })).json()).toEqual({ plexes: [] });
    expect((await listDurableObjectIds(env.REGISTRY)).length).toBe(1);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After past the burst, and lets requests through again once it refills", async () => {
    const t = await tenant("rate");
    expect((await patch(t.name, { requestsPerSecond: 5, burst: 5 })).status).toBe(200);
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 12; i++) {
      const r = await call("/v1/plexes", { token: t.token });
      statuses.push(r.status);
      if (r.status === 429) refused ??= r;
      else await r.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(7);
    expect(refused?.headers.get("Retry-After")).toBe("1");
    const body = (await refused!.json()) as Envelope;
    expect(body.error).toMatchObject({
      code: "RATE_LIMITED",
      details: { limit: "requestsPerSecond", max: 5 },
    });
    await new Promise((r) => setTimeout(r, 450));
    expect((await call("/v1/plexes", { token: t.token })).status).toBe(200);
    // Another tenant is not slowed by this one.
    const other = await tenant("rate");
    expect((await call("/v1/plexes", { token: other.token })).status).toBe(200);
  });
});

describe("quotas", () => {
  it("plexes: the limit-th passes, one more is QUOTA_EXCEEDED naming the limit; a deleted plex frees its place", async () => {
    const t = await tenant("qplex");
    expect((await patch(t.name, { plexes: 2 })).status).toBe(200);
    for (const name of ["p1", "p2"])
      expect((await call("/v1/plexes", { token: t.token, body: smallPlex(name) })).status).toBe(201);
    const over = await call("/v1/plexes", { token: t.token, body: smallPlex("p3") });
    expect(over.status).toBe(429);
    expect(((await over.json()) as Envelope).error).toMatchObject({
      code: "QUOTA_EXCEEDED",
      details: { limit: "plexes", used: 2, max: 2 },
    });
    expect((await call("/v1/plexes/p1", { token: t.token, method: "DELETE" })).status).toBe(204);
    expect((await call("/v1/plexes", { token: t.token, body: smallPlex("p3") })).status).toBe(201);
  });

  it("systems, users and volumes per plex: at the limit a plex is made, one past it is refused, at create and on PUT", async () => {
    const t = await tenant("qin");
    const plex = smallPlex("edge");
    const usage = async () =>
      (
        (await (await call("/v1/usage", { token: t.token })).json()) as {
          plexes: { name: string; systemsPerPlex: number; users: number; volumes: number }[];
        }
      ).plexes.find((p) => p.name === "edge")!;
    expect((await call("/v1/plexes", { token: t.token, body: plex })).status).toBe(201);
    const used = await usage();
    expect(used).toMatchObject({ systemsPerPlex: 4 });
    expect(used.users).toBeGreaterThan(50);
    expect((await call("/v1/plexes/edge", { token: t.token, method: "DELETE" })).status).toBe(204);

    for (const limit of ["systemsPerPlex", "users", "volumes"] as const) {
      expect((await patch(t.name, { [limit]: used[limit] - 1 })).status).toBe(200);
      const over = await call("/v1/plexes", { token: t.token, body: plex });
      expect(over.status, limit).toBe(429);
      expect(((await over.json()) as Envelope).error.details).toEqual({
        limit,
        used: used[limit],
        max: used[limit] - 1,
      });
      // The refused create left nothing: the name is free.
      expect(await (await call("/v1/plexes", { token: t.token })).json()).toEqual({ plexes: [] });
      expect((await patch(t.name, { [limit]: used[limit] })).status).toBe(200);
      expect((await call("/v1/plexes", { token: t.token, body: plex })).status, limit).toBe(201);
      expect((await call("/v1/plexes/edge", { token: t.token, method: "DELETE" })).status).toBe(204);
    }

    // PUT /directory with one user more than the limit is refused and changes nothing.
    expect((await call("/v1/plexes", { token: t.token, body: plex })).status).toBe(201);
    const more = `${plex.directory}\nUSER EXTRA PW 32M 64M G`;
    const put = await call("/v1/plexes/edge/directory", {
      token: t.token,
      method: "PUT",
      body: { directory: more },
    });
    expect(put.status, "PUT directory").toBe(429);
    expect(((await put.json()) as Envelope).error.details).toMatchObject({ limit: "users", max: used.users });
    // Lowered below what the plex holds, the limit leaves the plex as it is but refuses a PUT /config
    // that still defines four systems.
    expect((await patch(t.name, { systemsPerPlex: 3 })).status).toBe(200);
    const putConfig = await call("/v1/plexes/edge/config", {
      token: t.token,
      method: "PUT",
      body: { systemConfig: plex.systemConfig },
    });
    expect(putConfig.status, "PUT config").toBe(429);
    expect(((await putConfig.json()) as Envelope).error.details).toEqual({
      limit: "systemsPerPlex",
      used: 4,
      max: 3,
    });
    expect(await usage()).toMatchObject({ systemsPerPlex: 4, users: used.users });
  });
});

describe("GET /v1/usage", () => {
  it("answers the limits and the use of each: the tenant's plexes and tokens, each plex's counts", async () => {
    const t = await tenant("use");
    expect((await call("/v1/plexes", { token: t.token, body: smallPlex("u1") })).status).toBe(201);
    expect((await call("/v1/plexes/u1/systems/SYSA/ipl", { token: t.token, body: {} })).status).toBe(200);
    const res = await call("/v1/usage", { token: t.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      tenant: t.name,
      limits: { plexes: 20, consoleLines: 5000 },
      used: { plexes: { used: 1, max: 20 }, tokens: { used: 1, max: 100 } },
      plexes: [
        {
          name: "u1",
          systemsPerPlex: 4,
          spoolFiles: 0,
          spoolBytes: 0,
          tapes: 0,
          tapeBytes: 0,
        },
      ],
    });
    // IPL logged OPERATOR on: its console has lines.
    expect((body.plexes as { consoleLines: number }[])[0].consoleLines).toBeGreaterThan(0);
  });
});

describe("console lines", () => {
  it("keeps at most consoleLines per user, the oldest trimmed, and paging with after goes on exactly", async () => {
    const t = await tenant("con");
    expect((await call("/v1/plexes", { token: t.token, body: smallPlex("c1") })).status).toBe(201);
    expect((await patch(t.name, { consoleLines: 10 })).status).toBe(200);
    const base = "/v1/plexes/c1/systems/SYSA";
    expect((await call(`${base}/ipl`, { token: t.token, body: {} })).status).toBe(200);
    const logon = await call(`${base}/users/MAINT/logon`, { token: t.token, body: { password: "MAINTPW" } });
    expect(logon.status).toBe(200);
    type Page = { lines: { seq: number; text: string }[]; next: number };
    const page = async (after: number) =>
      (await (await call(`${base}/users/MAINT/console?after=${after}`, { token: t.token })).json()) as Page;
    const first = await page(0);
    expect(first.lines.length).toBeLessThanOrEqual(10);
    let after = first.next;
    const seen: string[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await call(`${base}/users/MAINT/cp`, {
        token: t.token,
        body: { command: `MSG MAINT line ${i}` },
      });
      expect(r.status).toBe(200);
      // A reader that keeps up misses nothing, whatever is trimmed behind it.
      const p = await page(after);
      seen.push(...p.lines.map((l) => l.text));
      after = p.next;
    }
    expect(seen.filter((l) => /line \d+$/.test(l)).map((l) => Number(/line (\d+)$/.exec(l)![1]))).toEqual(
      Array.from({ length: 25 }, (_, i) => i),
    );
    // What is kept is the newest ten lines, in order.
    const kept = await page(0);
    expect(kept.lines).toHaveLength(10);
    expect(kept.lines[kept.lines.length - 1].text).toMatch(/line 24$/);
    expect(kept.lines.map((l) => l.seq)).toEqual([...kept.lines.map((l) => l.seq)].sort((a, b) => a - b));
    const use = (await (await call("/v1/usage", { token: t.token })).json()) as {
      plexes: { consoleLines: number }[];
    };
    expect(use.plexes[0].consoleLines).toBe(10);
  });
});

describe("stored inputs", () => {
  it("a directory and a SYSTEM CONFIG of nearly 1 MiB each are kept in rows of their own and read back", async () => {
    const t = await tenant("big");
    const plex = smallPlex("wide");
    expect((await call("/v1/plexes", { token: t.token, body: plex })).status).toBe(201);
    const pad = (comment: (i: number) => string) =>
      Array.from({ length: 11_500 }, (_, i) => comment(i)).join("\n");
    const directory = `${plex.directory}\n${pad((i) => `* ${String(i).padStart(6, "0")} ${"x".repeat(70)}`)}\n`;
    const systemConfig = {
      ...plex.systemConfig,
      "SYSTEM CONFIG": `${plex.systemConfig["SYSTEM CONFIG"]}${pad((i) => `/* ${String(i).padStart(6, "0")} ${"y".repeat(68)} */`)}\n`,
    };
    expect(directory.length + systemConfig["SYSTEM CONFIG"].length).toBeGreaterThan(1_800_000);
    const put = (path: string, body: unknown) =>
      call(`/v1/plexes/wide/${path}`, { token: t.token, method: "PUT", body });
    expect((await put("directory", { directory })).status).toBe(200);
    expect((await put("config", { systemConfig })).status).toBe(200);
    const inputs = await runInDurableObject(env.PLEX.getByName(objectName(t.name, "wide")), (_, state) =>
      state.storage.sql.exec("SELECT kind, length(text) AS n FROM inputs ORDER BY kind").toArray(),
    );
    expect(inputs.map((r) => r.kind)).toEqual(["ctcs", "dasd", "directory", "programs", "systemConfig"]);
    for (const r of inputs) expect(r.n as number).toBeLessThan(1024 * 1024);
    expect((await call("/v1/plexes/wide/systems/SYSA/ipl", { token: t.token, body: {} })).status).toBe(200);
  });

  it("stores a line just after its answer, on its own, and never one a rolled-back transaction wrote", async () => {
    const t = await tenant("cwb");
    expect((await call("/v1/plexes", { token: t.token, body: smallPlex("c2") })).status).toBe(201);
    const base = "/v1/plexes/c2/systems/SYSA";
    expect((await call(`${base}/ipl`, { token: t.token, body: {} })).status).toBe(200);
    expect(
      (await call(`${base}/users/MAINT/logon`, { token: t.token, body: { password: "MAINTPW" } })).status,
    ).toBe(200);
    const r = await call(`${base}/users/MAINT/cp`, { token: t.token, body: { command: "MSG MAINT behind" } });
    expect(r.status).toBe(200);
    const node = env.VMNODE.getByName(objectName(t.name, "c2", "SYSA"));
    const stored = (text: string) =>
      runInDurableObject(
        node,
        (_, state) =>
          state.storage.sql.exec(`SELECT count(*) AS n FROM console WHERE text LIKE ?`, `%${text}`).one()
            .n as number,
      );
    // No read of the console asks for it: the line is stored by itself, soon after the answer.
    for (let i = 0; i < 100 && (await stored("behind")) === 0; i++)
      await new Promise((ok) => setTimeout(ok, 10));
    expect(await stored("behind")).toBe(1);
    await runInDurableObject(node, (instance) => {
      const s = (instance as unknown as { s: NodeState }).s;
      expect(() =>
        s.transaction(() => {
          s.consoleWrite("MAINT", ["rolled back"]);
          throw new Error("the command failed");
        }),
      ).toThrow("the command failed");
      s.consoleWrite("MAINT", ["kept"]);
      s.writeConsole();
    });
    expect(await stored("rolled back")).toBe(0);
    expect(await stored("kept")).toBe(1);

    // A burst of 3 MB, past what one SQLite string may hold deployed (2 MB), goes in pieces: every
    // line stored, in order, then trimmed to the tenant's consoleLines.
    const burst = Array.from(
      { length: 30_000 },
      (_, i) => `${String(i).padStart(6, "0")} ${"X".repeat(100)}`,
    );
    const kept = await runInDurableObject(node, (instance, state) => {
      const s = (instance as unknown as { s: NodeState }).s;
      s.consoleWrite("MAINT", burst);
      s.writeConsole();
      const rows = state.storage.sql
        .exec(`SELECT text FROM console WHERE userid = 'MAINT' ORDER BY seq`)
        .toArray()
        .map((r) => String(r.text));
      return { rows, limit: s.limits().consoleLines };
    });
    expect(kept.rows).toEqual(burst.slice(-kept.limit));
  });
});
