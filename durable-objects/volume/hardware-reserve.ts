import type { ReserveHolder } from "../../src/dasd/volume-view";
import { WaitQueue } from "../../src/dasd/wait-queue";
import type { Sql } from "../sql";

/** A guest on a system asking for, holding or giving back the reserve. */
export type Guest = Omit<ReserveHolder, "generation">;

/** The answer to RESERVE: granted with a fencing generation, or busy with the holder. */
export type ReserveAnswer =
  | { granted: true; generation: number }
  | { granted: false; holder: ReserveHolder }
  /** Asked by an incarnation of the system an IPL has since replaced (the IPL fence). */
  | { granted: false; fenced: true };

const same = (a: Guest, b: Guest) => a.system === b.system && a.userid === b.userid && a.vdev === b.vdev;

/**
 * The hardware RESERVE of a volume: one holder, waiters in arrival order, a fencing generation per
 * grant. Every method runs inside the Volume's transaction (`atomic`), so it is never interleaved.
 */
export class HardwareReserve {
  /** RESERVEs waiting for the volume, in arrival order. */
  private readonly waiters = new WaitQueue<Guest, ReserveAnswer & { timedOut?: boolean }>();

  constructor(
    private readonly sql: Sql,
    private readonly nextGeneration: () => number,
  ) {}

  /** The guests waiting for the reserve, in the order they will get it. */
  waiting(): Guest[] {
    return this.waiters.list().map((w) => ({ ...w }));
  }

  /** The current holder, if any. */
  holder(): ReserveHolder | undefined {
    return this.sql<ReserveHolder>`SELECT system, userid, vdev, generation FROM reserve`[0];
  }

  /** Who keeps `who` from doing I/O now: another guest holding the reserve, or undefined. */
  blocker(who: Guest): ReserveHolder | undefined {
    const h = this.holder();
    return h && !same(h, who) ? h : undefined;
  }

  private hold(who: Guest): number {
    const generation = this.nextGeneration();
    this
      .sql`INSERT INTO reserve (id, system, userid, vdev, generation) VALUES (1, ${who.system}, ${who.userid}, ${who.vdev}, ${generation})`;
    return generation;
  }

  /** Frees the reserve and hands it to the first waiter, if any. */
  private free(): void {
    this.sql`DELETE FROM reserve`;
    const next = this.waiters.shift();
    if (next) next.answer({ granted: true, generation: this.hold(next.who) });
  }

  /** RESERVE now: granted when free (or already `who`'s), else busy; null means "queue it" (with `wait`). */
  tryReserve(who: Guest, wait: boolean): ReserveAnswer | null {
    const h = this.holder();
    if (h && same(h, who)) return { granted: true, generation: h.generation };
    if (!h && this.waiters.length === 0) return { granted: true, generation: this.hold(who) };
    return wait ? null : { granted: false, holder: h ?? { ...this.waiters.list()[0], generation: 0 } };
  }

  /**
   * Queues a RESERVE until the holder lets go, or for at most `timeoutMs`: then it leaves the
   * queue and is answered busy with the holder, `timedOut` (a guest never waits for ever on a
   * holder that does not come back).
   */
  enqueue(who: Guest, timeoutMs: number): Promise<ReserveAnswer & { timedOut?: boolean }> {
    return this.waiters.wait(who, timeoutMs, () => ({
      granted: false,
      holder: this.holder() ?? { ...who, generation: 0 },
      timedOut: true,
    }));
  }

  /** RELEASE: frees the reserve when `generation` is the current grant's; a stale one changes nothing. */
  release(who: Guest, generation?: number): { ok: true } | { ok: false; holder?: ReserveHolder } {
    const h = this.holder();
    // Without a generation the guest releases what it holds; with one, only that grant.
    if (!h || !same(h, who) || (generation !== undefined && h.generation !== generation))
      return { ok: false, holder: h };
    this.free();
    return { ok: true };
  }

  /** Frees what one system's guests hold or wait for (its IPL); or one guest's (DETACH, LOGOFF, FORCE) with `userid`. */
  releaseOf(system: string, userid?: string, vdev?: string): boolean {
    const mine = (w: Guest) =>
      w.system === system &&
      (userid === undefined || w.userid === userid) &&
      (vdev === undefined || w.vdev === vdev);
    const h = this.holder();
    this.waiters.drop(mine, (w) => ({ granted: false, holder: h ?? { ...w, generation: 0 } }));
    if (!h || !mine(h)) return false;
    this.free();
    return true;
  }

  /** The operator's break-reserve: takes the reserve from its holder, whoever it is. */
  breakReserve(): ReserveHolder | undefined {
    const h = this.holder();
    if (h) this.free();
    return h;
  }

  /** The volume is gone: every waiter is told no. */
  dropWaiters(): void {
    this.waiters.drop(
      () => true,
      () => ({ granted: false, holder: { system: "", userid: "", vdev: "", generation: 0 } }),
    );
  }
}
