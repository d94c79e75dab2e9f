import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import app from "../../src/index";
import { ADMIN, call } from "./helpers";

/**
 * Shared by the attack suite (issue #10): test/integration/attack-*.test.ts. The bulk of the random
 * requests go to the app in this isolate (`inProcess`), which skips the Worker's fetch hop (about a
 * third of the cost of a request the validator refuses); the few requests that matter one by one go
 * through the Worker (`call`).
 */

/** Sends a request to the Hono app in this isolate, with the Worker's bindings. */
export function inProcess(
  path: string,
  init: { method?: string; token?: string; raw?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  return Promise.resolve(
    app.request(
      path,
      { method: init.method ?? (init.raw === undefined ? "GET" : "POST"), headers, body: init.raw },
      env,
    ),
  );
}

/** What an answer was, read once: its status, its text, and its JSON when it is JSON. */
export interface Answer {
  status: number;
  text: string;
  json: unknown;
}

/** Reads an answer; its body must be JSON (every route, errors included, answers JSON) unless it is a 204. */
export async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown = undefined;
  if (res.status !== 204) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${res.status} answer is not JSON: ${text.slice(0, 200)}`);
    }
  }
  return { status: res.status, text, json };
}

/**
 * Checks the rules every answer to an attack keeps: never a 5xx, an error is the one envelope with
 * a code and a non-empty message that quotes little of the input, and nothing of `secrets` (another
 * tenant's names and data) appears anywhere in it, unless the request itself carried it (`sent`):
 * an echo of the caller's own input is not a leak.
 */
export function expectSafe(a: Answer, what: string, secrets: readonly string[] = [], sent = ""): void {
  if (a.status >= 500) throw new Error(`${what}: ${a.status} ${a.text.slice(0, 300)}`);
  if (a.status >= 400) {
    const e = (a.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (typeof e?.code !== "string" || typeof e.message !== "string" || e.message.length === 0)
      throw new Error(`${what}: ${a.status} without the error envelope: ${a.text.slice(0, 300)}`);
    if (e.message.length > 2000)
      throw new Error(`${what}: a ${e.message.length}-character error message: ${e.message.slice(0, 200)}`);
  }
  for (const s of secrets)
    if (!sent.includes(s) && a.text.includes(s))
      throw new Error(`${what}: the answer holds ${s}: ${a.text.slice(0, 300)}`);
}

/** The Durable Object namespaces the Worker has (Tenant, Plex, VmNode, Volume, and any added since). */
function namespaces(): [string, DurableObjectNamespace][] {
  // The test pool's own objects (names starting "__") are not the Worker's.
  return Object.entries(env as unknown as Record<string, unknown>).filter(
    (e): e is [string, DurableObjectNamespace] =>
      !e[0].startsWith("__") &&
      e[1] instanceof Object &&
      /^(?:Loopback)?DurableObjectNamespace$/.test(e[1].constructor.name),
  );
}

/** The ids of every stored object, by namespace, sorted: what "the storage" holds. */
export async function storedObjects(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, ns] of namespaces())
    out[name] = (await listDurableObjectIds(ns)).map((id) => id.toString()).sort();
  return out;
}

/** How many objects each namespace stores. */
export async function objectCounts(): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await storedObjects()).map(([k, v]) => [k, v.length]));
}

/**
 * Every stored object that has tables, with every row of every table: the storage as it is, to
 * compare before and after. An object that was only asked (a made-up plex name of a real tenant)
 * keeps an empty SQLite file in the test runtime and is left out: it holds nothing. `storedObjects`
 * counts those too. (Reading an object instantiates it; the constructors only migrate an old schema,
 * which these objects do not have.)
 */
export async function storageSnapshot(): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, ns] of namespaces()) {
    out[name] = {};
    for (const id of await listDurableObjectIds(ns)) {
      const rows = await runInDurableObject(ns.get(id), (_, state) => {
        const sql = state.storage.sql;
        const tables = sql
          .exec<{ name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' ORDER BY name",
          )
          .toArray()
          .map((t) => t.name);
        return JSON.stringify(
          tables.map((t) => [t, sql.exec(`SELECT * FROM "${t.replace(/"/g, '""')}"`).toArray()]),
          (_k, v: unknown) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v),
        );
      });
      if (rows !== "[]") out[name][id.toString()] = rows;
    }
  }
  return out;
}

/**
 * Raises a tenant's request rate so thousands of requests in a few seconds are not refused with
 * 429: through `PATCH /v1/tenants/:name` once that admin route exists (issue #10); until then there
 * is no rate limit and the 404 is fine.
 */
export async function raiseLimits(tenant: string): Promise<void> {
  const r = await call(`/v1/tenants/${tenant}`, {
    token: ADMIN,
    method: "PATCH",
    body: { limits: { requestsPerSecond: 10_000, burst: 20_000 } },
  });
  expect([200, 204, 404], await r.clone().text()).toContain(r.status);
}

/** The tenant name in a tenant token (`cpx_<tenant>_...`). */
export const tenantOf = (token: string) => token.split("_")[1];
