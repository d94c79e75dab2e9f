import { objectName } from "../../src/plex/names";

/** How long a ticket from `POST /v1/plexes/:plex/tickets` may wait for its WebSocket. */
export const TICKET_TTL_MS = 30_000;

/** What a watcher's socket receives (docs/console.md): a notice to read the picture or a console again. */
export type WatchEvent =
  | { t: "hello"; plex: string }
  | { t: "state"; system: string; state: string }
  | { t: "changed"; systems: string[] };

/**
 * How long the Plex gathers nodes' notices before it tells the sockets: a burst of commands on
 * several systems costs one message per socket, not one per command and system.
 */
export const NOTICE_GATHER_MS = 100;

/** Keys of the tickets in the Plex's key-value storage. */
const TICKET_PREFIX = "console-ticket:";

const enc = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", enc.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function randomPart(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * The plex's watchers: the web console's WebSockets, held by the Plex with the hibernation API (the
 * object sleeps between messages; `getWebSockets` finds them again). Tickets are single use and short
 * lived, kept as their SHA-256 only. The nodes are told whether anyone watches, so a command pays
 * for a notice only while a console is open (./../vm-node/watchers.ts).
 */
export class PlexWatchers {
  /** Systems with changes not yet told, and the timer that will tell them. */
  private readonly noticed = new Set<string>();
  private flushing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly plex: () => { tenant: string; name: string; systems: readonly string[] } | undefined,
  ) {
    // A ping from a page keeps its socket open without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** A new ticket for this plex's socket: `<tenant>.<plex>.<random>`, good once within TICKET_TTL_MS. */
  async ticket(now = Date.now()): Promise<string | undefined> {
    const p = this.plex();
    if (!p) return undefined;
    const kv = this.ctx.storage.kv;
    // Tickets never used are dropped as new ones are made, so they cannot pile up.
    for (const [key, expires] of kv.list<number>({ prefix: TICKET_PREFIX }))
      if (expires <= now) kv.delete(key);
    const secret = randomPart();
    kv.put(TICKET_PREFIX + (await sha256Hex(secret)), now + TICKET_TTL_MS);
    return `${p.tenant}.${p.name}.${secret}`;
  }

  /** Takes a ticket's secret part: true once for a live ticket, false when unknown, used or expired. */
  async take(secret: string, now = Date.now()): Promise<boolean> {
    const key = TICKET_PREFIX + (await sha256Hex(secret));
    const kv = this.ctx.storage.kv;
    const expires = kv.get<number>(key);
    if (expires === undefined) return false;
    kv.delete(key);
    return expires > now;
  }

  /** The WebSocket upgrade: refused (401) without a live ticket, else accepted for hibernation. */
  async accept(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    const p = this.plex();
    const secret = new URL(request.url).searchParams.get("secret") ?? "";
    if (!p || !(await this.take(secret))) return new Response("Ticket refused", { status: 401 });
    const first = this.ctx.getWebSockets().length === 0;
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].send(JSON.stringify({ t: "hello", plex: p.name } satisfies WatchEvent));
    if (first) this.ctx.waitUntil(this.tellNodes(true));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** How many sockets are open on this plex. */
  count(): number {
    return this.ctx.getWebSockets().length;
  }

  /**
   * Sends an event to every open socket of the plex (a no-op when none is open); answers how many.
   * A system coming UP while the plex is watched is told so: one added since the first socket
   * opened (PUT .../config) would otherwise never send its notices.
   */
  broadcast(event: WatchEvent): number {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return 0;
    const p = event.t === "state" && event.state === "UP" ? this.plex() : undefined;
    if (p)
      this.ctx.waitUntil(
        this.env.VMNODE.getByName(objectName(p.tenant, p.name, (event as { system: string }).system))
          .setWatched(true)
          .catch(() => {}),
      );
    const text = JSON.stringify(event);
    for (const ws of sockets) {
      try {
        ws.send(text);
      } catch {
        // closing meanwhile: its close event tidies up
      }
    }
    return sockets.length;
  }

  /**
   * A node's notice that something changed on `system`: told to every socket within
   * NOTICE_GATHER_MS, with the other systems' notices of that time. Answers how many sockets are open.
   */
  notice(system: string): number {
    const open = this.ctx.getWebSockets().length;
    if (open === 0) return 0;
    this.noticed.add(system);
    this.flushing ??= setTimeout(() => {
      this.flushing = undefined;
      const systems = [...this.noticed].sort();
      this.noticed.clear();
      this.broadcast({ t: "changed", systems });
    }, NOTICE_GATHER_MS);
    return open;
  }

  /** A socket closed: once the last one goes, the nodes stop sending notices. */
  closed(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
    if (this.ctx.getWebSockets().filter((s) => s !== ws).length === 0)
      this.ctx.waitUntil(this.tellNodes(false));
  }

  /** Closes every socket (the plex is deleted). */
  closeAll(): void {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(1001, "plex deleted");
      } catch {
        // already closed
      }
    }
  }

  /** Tells every system's node whether the plex has watchers. */
  async tellNodes(watched: boolean): Promise<void> {
    const p = this.plex();
    if (!p) return;
    await Promise.allSettled(
      p.systems.map((s) => this.env.VMNODE.getByName(objectName(p.tenant, p.name, s)).setWatched(watched)),
    );
  }
}
