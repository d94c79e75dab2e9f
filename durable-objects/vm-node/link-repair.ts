import { linkState, type NodeLink, PENDING, repairLine, type RepairPlan } from "../../src/dasd/link-repair";
import { LOCAL_GENERATION, type VdevRow } from "./schema";
import type { NodeState } from "./state";

/** The console that hears of link repairs besides the device's user: the system operator's. */
const SYSTEM_CONSOLE = "OPERATOR";

/**
 * Crash repair of links (src/dasd/link-repair.ts): a minidisk device records its intent before the
 * volume is called (`pending` linking or detaching) and settles it after the answer. A pending
 * device whose request is not running in this incarnation of the object is in doubt: its request
 * died with an earlier one (a crash) or its call failed. At startup the volumes with devices in
 * doubt are repaired before the node serves anything; every other volume is compared with its
 * ledger at the node's first call to it in an incarnation, and again after a call to it failed.
 */
export class LinkRepair {
  /** Tokens of the volume calls this incarnation awaits: a pending device whose token is not here is in doubt. */
  private readonly inFlight = new Set<string>();
  /** Volumes whose ledger this incarnation has compared with its devices (and not called in vain since). */
  private readonly checked = new Set<string>();
  /** Repairs running, by volume: calls to the volume wait for them. */
  private readonly repairs = new Map<string, Promise<void>>();

  constructor(private readonly s: NodeState) {
    // Before the first request of this incarnation: what an earlier one left pending is settled.
    if (s.schema.exists) void s.ctx.blockConcurrencyWhile(() => this.recover());
  }

  /** At startup: repairs every volume on which a device was left pending (nothing is in flight yet). */
  private async recover(): Promise<void> {
    if (!this.s.isUp()) return;
    const volsers = this.s.sql<{ volser: string }>`SELECT DISTINCT volser FROM vdevs
      WHERE pending != ${PENDING.linked} AND kind = 'LINK' AND volser IS NOT NULL`;
    await Promise.all(
      volsers.map(({ volser }) =>
        this.repair(volser).catch((e: unknown) => {
          // The volume stays unchecked: the node's next call to it repairs it.
          console.error(`link repair of ${volser} at startup failed: ${(e as Error).message}`);
        }),
      ),
    );
  }

  /**
   * Before a call to a volume: its first in this incarnation (or the first after one failed)
   * compares this system's devices on it with its ledger; calls meanwhile wait for that.
   */
  touch(volser: string): Promise<void> | undefined {
    if (this.checked.has(volser)) return undefined;
    return this.repairs.get(volser) ?? this.repair(volser);
  }

  /**
   * Before a LINK calls a volume: the repair to wait for, if any. At the node's first call to the
   * volume in this incarnation, a LINK carries the repair itself (`linkCall`) when this system has
   * no device there (only ledger entries can be wrong then, and the volume drops those before it
   * decides); devices there are compared first, as they may be the very one asked for. A repair
   * already running is waited for.
   */
  beforeLink(volser: string): Promise<void> | undefined {
    return this.checked.has(volser)
      ? undefined
      : (this.repairs.get(volser) ?? (this.nodeLinks(volser).length > 0 ? this.repair(volser) : undefined));
  }

  /**
   * Awaits a LINK's call to its volume (`call`). Not yet compared in this incarnation and no repair
   * running: this call is the repair (`call` gets this system's devices there for the volume to
   * compare first, and the verdicts it answers are applied), and calls to the volume meanwhile wait
   * for it as for any repair.
   */
  async linkCall<T extends { repair?: RepairPlan }>(
    volser: string,
    token: string,
    call: (repairFirst: NodeLink[] | undefined) => Promise<T>,
  ): Promise<T> {
    const carries = !this.checked.has(volser) && !this.repairs.has(volser);
    let carried: () => void = () => undefined;
    if (carries) this.repairs.set(volser, new Promise<void>((resolve) => (carried = resolve)));
    try {
      // The volume may have granted it before the call failed: the device stays in doubt until
      // the next call to the volume compares it with the ledger.
      return await this.call(volser, token, async () => {
        // Without this LINK's own row: a stale ledger entry under its userid and vdev is an orphan
        // to drop, not an entry an in-flight request keeps (the vdev was free when checked before).
        const answer = await call(
          carries ? this.nodeLinks(volser).filter((l) => l.token !== token) : undefined,
        );
        if (answer.repair) {
          this.applyRepair(volser, answer.repair);
          this.checked.add(volser);
        }
        return answer;
      });
    } finally {
      if (carries) this.repairs.delete(volser);
      carried();
    }
  }

  /**
   * Awaits a call to a volume for the device with this token: the device is not in doubt meanwhile.
   * If the call fails, whether it did its work is unknown: the device stays pending, in doubt, and
   * the next call to the volume compares it with the ledger (and finishes it).
   */
  async call<T>(volser: string, token: string, call: () => Promise<T>): Promise<T> {
    this.inFlight.add(token);
    try {
      return await call();
    } catch (e) {
      this.suspect(volser);
      throw e;
    } finally {
      this.inFlight.delete(token);
    }
  }

  /** Whether a call of this incarnation awaits a volume for the device with this token. */
  awaits(token: string): boolean {
    return this.inFlight.has(token);
  }

  /** Runs one repair of a volume; it counts as checked once it has run with the system up. */
  private repair(volser: string): Promise<void> {
    const run = (async () => {
      try {
        if (await this.reconcile(volser)) this.checked.add(volser);
      } finally {
        this.repairs.delete(volser);
      }
    })();
    this.repairs.set(volser, run);
    return run;
  }

  /** A call to the volume failed: whether it did its work is unknown, so the next call compares again. */
  private suspect(volser: string): void {
    this.checked.delete(volser);
  }

  /** Compares this system's devices on a volume with its ledger and applies the verdicts; false when not up. */
  private async reconcile(volser: string): Promise<boolean> {
    const image = this.s.image();
    const vol = this.s.volume(volser);
    if (!this.s.isUp() || !image) return false;
    const slot = vol?.info.xlink ? image.slot : undefined;
    const { ipl_count: ipl, life } = this.s.node()!;
    const plan = await this.s
      .volumeStub(volser)
      .reconcile(image.sysname, slot, this.nodeLinks(volser), ipl, life);
    this.applyRepair(volser, plan);
    return true;
  }

  /** This system's devices on a volume as crash repair compares them with the volume's ledger. */
  private nodeLinks(volser: string): NodeLink[] {
    const rows = this.s.sql<VdevRow & { token: string | null }>`
      SELECT * FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'
        AND generation IS NOT ${LOCAL_GENERATION}`;
    return rows.map((r) => ({
      userid: r.userid,
      vdev: r.vdev,
      owner: r.owner ?? "",
      ownerVdev: r.owner_vdev ?? "",
      state: linkState(r.pending),
      generation: r.generation,
      token: r.token,
      inFlight: r.token !== null && this.inFlight.has(r.token),
    }));
  }

  /**
   * Applies a repair's verdicts to the devices, each only if the device is still as it was compared
   * (a request may have changed it meanwhile), and reports each repair on the system operator's
   * console and the user's.
   */
  private applyRepair(volser: string, plan: RepairPlan): void {
    // Nearly always nothing to repair: no transaction then (it would drop the node's kept directory
    // entries, to be parsed again at the next request).
    if (plan.verdicts.length === 0 && plan.orphans.length === 0) return;
    const reports: { userid: string; text: string }[] = [];
    this.s.transaction(() => {
      for (const v of plan.verdicts) {
        const l = v.link;
        const unchanged = this.s.sql`SELECT 1 FROM vdevs WHERE userid = ${l.userid} AND vdev = ${l.vdev}
          AND pending = ${PENDING[l.state]} AND token IS ${l.token} AND generation IS ${l.generation}`;
        if (unchanged.length === 0) continue;
        if (v.kind === "completed")
          this.s.sql`UPDATE vdevs SET access = ${v.entry.access}, generation = ${v.entry.generation},
            pending = ${PENDING.linked} WHERE userid = ${l.userid} AND vdev = ${l.vdev}`;
        else this.s.sql`DELETE FROM vdevs WHERE userid = ${l.userid} AND vdev = ${l.vdev}`;
        reports.push({ userid: l.userid, text: repairLine(volser, v) });
      }
    });
    for (const entry of plan.orphans)
      reports.push({ userid: entry.userid, text: repairLine(volser, { kind: "orphan", entry }) });
    for (const r of reports) {
      this.s.consoleWrite(SYSTEM_CONSOLE, [r.text]);
      if (r.userid !== SYSTEM_CONSOLE) this.s.consoleWrite(r.userid, [r.text]);
    }
  }
}
