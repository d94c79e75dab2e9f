import type { NodeState } from "./state";

/** Key of the watched flag in the node's key-value storage (no table, so no migration). */
const WATCHED_KEY = "console-watched";

/**
 * How long a node gathers its changes before one notice goes to the Plex: a burst of commands costs
 * one call, not one per command or console line (the Plex gathers again: the page sees a change
 * within about 250 ms).
 */
const GATHER_MS = 100;

/**
 * Whether the plex's web console watches, and the notices this node sends it (docs/console.md). A
 * change here (console lines written: every command's answer, a message, a notice) sends the Plex
 * one `changed` notice from `ctx.waitUntil`, never awaited on the command's path, and only while the
 * Plex said someone watches; with nobody watching the cost is one flag read per object start.
 */
export class NodeWatchers {
  private watched: boolean | undefined;
  private pending = false;

  constructor(private readonly s: NodeState) {}

  /** The Plex says whether any socket watches the plex. */
  set(on: boolean): void {
    this.watched = on;
    if (on) this.s.ctx.storage.kv.put(WATCHED_KEY, true);
    else this.s.ctx.storage.kv.delete(WATCHED_KEY);
  }

  /** Something a watcher sees changed on this system: one notice to the Plex soon, if anyone watches. */
  changed(): void {
    this.watched ??= this.s.ctx.storage.kv.get<boolean>(WATCHED_KEY) === true;
    if (!this.watched || this.pending || !this.s.node()) return;
    this.pending = true;
    const sysname = this.s.sysname;
    const plex = this.s.plexStub();
    this.s.ctx.waitUntil(
      new Promise((resolve) => setTimeout(resolve, GATHER_MS))
        .then(async () => {
          this.pending = false;
          // The Plex answers how many sockets got it: none left means stop sending.
          if ((await plex.changed(sysname)) === 0) this.set(false);
        })
        .catch(() => {
          this.pending = false;
        }),
    );
  }
}
