import { hc, type ClientResponse } from "hono/client";
import type { lint } from "../api/lint";
import type { plexes } from "../api/plexes";
import type { tenants } from "../api/tenants";
import type { tokens } from "../api/tokens";
import type { usage } from "../api/usage";

/**
 * The typed client of the cseplex API, built from the app's own route types (Hono's RPC client):
 * a route's body and its answer have the types the route validates and returns, so a change to a
 * route breaks its callers at compile time. The CLI and the end-to-end tests use it.
 */

/** Where the API is and who is asking. */
export interface ClientOptions {
  /** The service, e.g. http://127.0.0.1:8787 (no /v1). */
  url: string;
  /** A tenant's token (or the ADMIN_TOKEN for `tenants`). */
  token?: string;
  /** A fetch to use instead of the global one (tests, a Worker's service binding). */
  fetch?: typeof fetch;
  /** Ends every request it is given to (Ctrl-C in the CLI). */
  signal?: AbortSignal;
}

/** The API's error envelope, thrown for any answer that is not a success. */
export class CseplexError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The routers' clients, each at its mount point in src/index.ts. */
export function cseplexClient(options: ClientOptions) {
  const base = options.url.replace(/\/+$/, "");
  const init = {
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : undefined,
    fetch: options.fetch,
    init: options.signal ? { signal: options.signal } : undefined,
  };
  return {
    plexes: hc<typeof plexes>(`${base}/v1/plexes`, init),
    lint: hc<typeof lint>(`${base}/v1/lint`, init),
    tokens: hc<typeof tokens>(`${base}/v1/tokens`, init),
    usage: hc<typeof usage>(`${base}/v1/usage`, init),
    tenants: hc<typeof tenants>(`${base}/v1/tenants`, init),
    /** `GET /v1/health`: no token needed. */
    health: async () => {
      const res = await (options.fetch ?? fetch)(`${base}/v1/health`, init.init);
      return answer(res as unknown as ClientResponse<{ ok: boolean; version: string }>);
    },
  };
}

/** The client's type. */
export type CseplexClient = ReturnType<typeof cseplexClient>;

/** The success body a client response carries (each of a union's). */
export type Answered<R> = R extends ClientResponse<infer T, infer _S, infer _F> ? T : unknown;

/**
 * A route's answer as its type, or the error envelope thrown as CseplexError (a body that is not
 * the envelope, e.g. from a proxy, is named by its status).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any route's response
export async function answer<R extends ClientResponse<any, any, any>>(
  res: R | Promise<R>,
): Promise<Answered<R>> {
  const r = await res;
  if (r.ok) {
    if (r.status === 204) return undefined as Answered<R>;
    const type = r.headers.get("content-type") ?? "";
    return (type.includes("application/json") ? await r.json() : await r.text()) as Answered<R>;
  }
  const text = await r.text();
  let envelope: { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  try {
    envelope = JSON.parse(text);
  } catch {
    // not the API's answer
  }
  const e = envelope?.error;
  if (e?.code) throw new CseplexError(r.status, e.code, e.message ?? e.code, e.details);
  throw new CseplexError(
    r.status,
    `HTTP_${r.status}`,
    `HTTP ${r.status} ${r.statusText}: ${text.slice(0, 200)}`,
  );
}

/**
 * A query string for a route that reads it itself (no query validator, so Hono's client types
 * have no `query`): the client sends it all the same.
 */
export function query(q: Record<string, string>): object {
  return { query: q };
}
