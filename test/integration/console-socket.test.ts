import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Picture } from "../../src/console/picture";
import { flagRows, holdLines } from "../../src/console/picture";
import { call } from "./helpers";
import { formatShared, setUp } from "./plex-helpers";

/** Waits (real time, so socket messages arrive meanwhile) until `check` holds, for at most two seconds. */
async function waitUntil(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/** A ticket for the plex's socket. */
async function ticket(token: string, plex: string): Promise<string> {
  const r = await call(`/v1/plexes/${plex}/tickets`, { token, body: {} });
  expect(r.status, await r.clone().text()).toBe(201);
  return ((await r.json()) as { ticket: string }).ticket;
}

/** Opens the socket with a ticket: the events it gets, or the refusal's status. */
async function open(t: string) {
  const res = await call(`/v1/socket?ticket=${encodeURIComponent(t)}`, { headers: { Upgrade: "websocket" } });
  if (!res.webSocket)
    return { status: res.status, events: [] as Record<string, string & string[]>[], ws: undefined };
  const ws = res.webSocket;
  const events: Record<string, string & string[]>[] = [];
  ws.accept();
  ws.addEventListener("message", (m) => {
    events.push(JSON.parse(m.data as string));
  });
  return { status: res.status, events, ws };
}

describe("the web console's tickets and sockets", () => {
  it("a ticket opens one socket once; a reused, expired or forged ticket is refused", async () => {
    const api = await setUp("sock1", []);
    const t = await ticket(api.token, "sock1");
    const first = await open(t);
    expect(first.status).toBe(101);
    await waitUntil("hello", () => first.events.length > 0);
    expect(first.events[0]).toEqual({ t: "hello", plex: "sock1" });
    const again = await open(t);
    expect(again.status).toBe(401);

    const old = await ticket(api.token, "sock1");
    // The ticket's time runs out: its stored expiry is set back (what 30 s of waiting would do).
    const stub = env.PLEX.getByName(`${old.split(".")[0]}/sock1`);
    await runInDurableObject(stub, (_, state) => {
      for (const [key] of state.storage.kv.list({ prefix: "console-ticket:" })) state.storage.kv.put(key, 1);
    });
    expect((await open(old)).status).toBe(401);
    expect((await open("nobody.sock1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).status).toBe(401);
    expect((await open("garbage")).status).toBe(401);
    const plain = await call(`/v1/socket?ticket=${encodeURIComponent(t)}`);
    expect(plain.status).toBe(400);
    first.ws!.close();
  });

  it("pushes state changes and changes on a system; another tenant's socket hears nothing of them", async () => {
    const api = await setUp("sock2", []);
    const other = await setUp("sock2", []);
    // Tickets are per tenant: the other tenant cannot get one for a plex it lacks.
    expect((await call(`/v1/plexes/nope/tickets`, { token: api.token, body: {} })).status).toBe(404);
    const mine = await open(await ticket(api.token, "sock2"));
    const theirs = await open(await ticket(other.token, "sock2"));
    // The other tenant's secret with this tenant's name in front does not open this plex.
    const forged = (await ticket(other.token, "sock2")).split(".");
    forged[0] = (await ticket(api.token, "sock2")).split(".")[0];
    expect((await open(forged.join("."))).status).toBe(401);

    expect((await api.ipl("SYSA")).status).toBe(200);
    await waitUntil("the UP event", () =>
      mine.events.some((e) => e.t === "state" && e.system === "SYSA" && e.state === "UP"),
    );
    await api.logon("SYSA", "MAINT", "MAINTPW");
    await api.cp("SYSA", "MAINT", "QUERY NAMES");
    await waitUntil("a changed event", () =>
      mine.events.some((e) => e.t === "changed" && e.systems.includes("SYSA")),
    );
    expect(theirs.events.filter((e) => e.t !== "hello")).toEqual([]);
    // The last socket gone, the node stops sending notices (its flag is cleared).
    const tenant = (await ticket(api.token, "sock2")).split(".")[0];
    const node = env.VMNODE.getByName(`${tenant}/sock2/SYSA`);
    const watched = () =>
      runInDurableObject(node, (_, state) => state.storage.kv.get("console-watched") === true);
    expect(await watched()).toBe(true);
    mine.ws!.close();
    theirs.ws!.close();
    for (let i = 0; i < 200 && (await watched()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await watched()).toBe(false);
  });

  it("the picture shows links as lines, R/W told from R/O, and a failed system's flags as stale until XLINK RESET", async () => {
    const api = await setUp("sock3", ["SYSA", "SYSB"]);
    await formatShared(api, ["SYSA", "SYSB"]);
    expect((await api.cp("SYSA", "MAINT", "LINK OWNER 0191 0391 MR MPASS")).rc).toBe(0);
    expect((await api.cp("SYSB", "MAINT", "LINK OWNER2 0200 0392 RR")).rc).toBe(0);
    const picture = async () => {
      const r = await call("/v1/plexes/sock3/picture", { token: api.token });
      expect(r.status).toBe(200);
      return (await r.json()) as Picture;
    };
    let p = await picture();
    const lines = holdLines(p.nodes).filter((l) => l.volser === "SHR001");
    expect(lines.map((l) => `${l.system} ${l.rw ? "R/W" : "R/O"}`)).toEqual(["SYSA R/W", "SYSB R/O"]);
    const sysa = p.nodes.find((n) => n.sysname === "SYSA")!;
    expect(sysa.users.map((u) => u.userid)).toContain("MAINT");
    expect(sysa.volumes.find((v) => v.volser === "SHR001")?.status).toBe("SYSTEM");
    const view = () => p.xlinkVolumes.find((v) => v.volser === "SHR001")!;
    const states = () => Object.fromEntries(p.topology.systems.map((s) => [s.sysname, s.state]));
    expect(flagRows(view(), p.slots, states()).find((r) => r.system === "SYSA")).toMatchObject({
      stale: false,
    });

    expect((await api.post("/systems/SYSA/fail")).status).toBe(200);
    p = await picture();
    const failed = flagRows(view(), p.slots, states()).find((r) => r.system === "SYSA")!;
    expect(failed.stale).toBe(true);
    expect(failed.runs.length).toBeGreaterThan(0);

    expect((await api.cp("SYSB", "MAINT", "XLINK RESET SYSA ALL")).rc).toBe(0);
    p = await picture();
    expect(flagRows(view(), p.slots, states()).find((r) => r.system === "SYSA")!.runs).toEqual([]);
    expect((await call("/v1/plexes/none/picture", { token: api.token })).status).toBe(404);
  });
});
