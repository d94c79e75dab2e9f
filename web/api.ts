// The API as the page uses it: the tenant token from session storage as a bearer header, never in a URL.

const TOKEN_KEY = "cseplex.token";

/** The signed-in tenant token, if any (session storage: gone when the tab closes). */
export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(t: string): void {
  sessionStorage.setItem(TOKEN_KEY, t.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** An answer that is not 2xx: the API's error envelope. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

/** Calls the API; answers the JSON body (null for 204) or throws ApiFailure with the envelope. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below
  }
  if (!res.ok) {
    const e = (json as { error?: { code: string; message: string; details?: unknown } } | null)?.error;
    throw new ApiFailure(
      res.status,
      e?.code ?? "HTTP_" + res.status,
      e?.message ?? text.slice(0, 200),
      e?.details,
    );
  }
  return json as T;
}

/** Path of a plex, a system, a user. */
export const plexPath = (plex: string) => `/v1/plexes/${encodeURIComponent(plex)}`;
export const userPath = (plex: string, sys: string, userid: string) =>
  `${plexPath(plex)}/systems/${encodeURIComponent(sys)}/users/${encodeURIComponent(userid)}`;
