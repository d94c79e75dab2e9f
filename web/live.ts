import { api, ApiFailure, plexPath } from "./api";

/** An event from the plex's socket (durable-objects/plex/watchers.ts WatchEvent). */
export type LiveEvent =
  | { t: "hello"; plex: string }
  | { t: "state"; system: string; state: string }
  | { t: "changed"; systems: string[] };

/**
 * The plex's live events: a WebSocket opened with a single-use ticket (a browser cannot send the
 * token on a socket), opened again with a new ticket when it drops; a ping now and then keeps it.
 */
export class Live {
  private ws: WebSocket | undefined;
  private stopped = false;
  private ping: number | undefined;
  private retry: number | undefined;

  constructor(
    private readonly plex: string,
    private readonly onEvent: (e: LiveEvent) => void,
    private readonly onState: (state: "live" | "connecting" | "offline") => void,
  ) {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.onState("connecting");
    let ticket: string;
    try {
      ticket = (await api<{ ticket: string }>("POST", `${plexPath(this.plex)}/tickets`, {})).ticket;
    } catch (e) {
      // No such plex (deleted meanwhile) or no longer a good token: asking again will not help.
      if (e instanceof ApiFailure && (e.status === 401 || e.status === 404)) return this.onState("offline");
      this.later();
      return;
    }
    if (this.stopped) return;
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/socket?ticket=${encodeURIComponent(ticket)}`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.onState("live");
      this.ping = window.setInterval(() => ws.readyState === WebSocket.OPEN && ws.send("ping"), 30_000);
    });
    ws.addEventListener("message", (m) => {
      if (m.data === "pong") return;
      try {
        this.onEvent(JSON.parse(String(m.data)) as LiveEvent);
      } catch {
        // not an event
      }
    });
    ws.addEventListener("close", () => {
      window.clearInterval(this.ping);
      if (this.ws === ws) this.later();
    });
  }

  private later(): void {
    if (this.stopped) return;
    this.onState("offline");
    window.clearTimeout(this.retry);
    this.retry = window.setTimeout(() => void this.connect(), 1000);
  }

  /** Closes the socket for good (the page leaves the plex). */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retry);
    window.clearInterval(this.ping);
    this.ws?.close(1000, "leaving");
  }
}
