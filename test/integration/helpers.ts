import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";

/** The admin token the test Worker is configured with (vitest.config.ts). */
export const ADMIN = "test-admin-token";

/** Sends a request to the Worker under test through its real fetch handler. */
export function call(
  path: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    raw?: BodyInit;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: BodyInit | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["Content-Type"] ??= "application/json";
  }
  const worker = (exports as unknown as { default: Fetcher }).default;
  return worker.fetch(
    new Request(`https://cseplex.test${path}`, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
    }),
  );
}

let counter = 0;

/** Creates a fresh tenant and returns its token. */
export async function newTenant(): Promise<string> {
  const res = await call("/v1/tenants", {
    token: ADMIN,
    body: { name: `t${Date.now().toString(36)}-${counter++}` },
  });
  if (res.status !== 201) throw new Error(`tenant creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The tables an object stores (none once it is deleted, or when it was never used). */
export function tablesOf(stub: DurableObjectStub): Promise<string[]> {
  return runInDurableObject(stub, (_, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%'")
      .toArray()
      .map((t) => t.name),
  );
}
