import {
  geometryOf,
  RESERVE_TIMEOUT_MS,
  type ReserveHolder,
  type VolumeGeometry,
} from "../../src/dasd/volume-view";
import { isWriteAccess, reserveGoesToHardware, type Access } from "../../src/dasd/link-rules";
import { allows } from "../../src/cp/privileges";
import { conflict, notFound, notLoggedOn, type Refusal, type Refused } from "../../src/refusal";
import { WaitQueue } from "../../src/dasd/wait-queue";
import type { VdevRow } from "./schema";
import type { NodeState } from "./state";

const DEVICE_CODES = { down: "SYSTEM_DOWN", logon: "NOT_LOGGED_ON" };

/** The refusal of I/O or RESERVE on a device another guest holds, naming where that guest is. */
function reservedBy(vdev: string, holder: Pick<ReserveHolder, "system" | "userid">, here: string): Refusal {
  const where =
    holder.system === here ? `${holder.userid} on this system` : `another system (${holder.system})`;
  return conflict(`DASD ${vdev} is reserved by ${where}`, "DEVICE_RESERVED", { holder });
}

/** A RESERVE that waited its time and did not get the device. */
function waitedInVain(
  vdev: string,
  timeoutMs: number,
  holder: Pick<ReserveHolder, "system" | "userid">,
  here: string,
): Refusal {
  const r = reservedBy(vdev, holder, here);
  return conflict(`${r.message}; RESERVE gave up after ${timeoutMs} ms`, "RESERVE_TIMEOUT", r.details);
}

/**
 * RESERVE/RELEASE and record I/O on a guest's devices: the hardware reserve of a dedicated volume,
 * or of a DEVNO minidisk with a V mode on a device marked shared, is the Volume object's
 * (serialised across the plex); the virtual reserve of any other minidisk whose MDISK mode has V
 * is this system's alone (CSE does not carry it to the others), kept here.
 */
export class Reserves {
  /** Virtual RESERVEs waiting on this system, by minidisk (`owner vdev`), in arrival order. */
  private waiters = new Map<string, WaitQueue<{ userid: string; vdev: string }, number | null | "timeout">>();

  constructor(private readonly s: NodeState) {}

  /** This system's virtual reserves: who holds each minidisk's, and who waits for it in order. */
  virtualReserves(): { owner: string; ownerVdev: string; holder: string | null; waiting: string[] }[] {
    const held = this.s.sql<{ owner: string; owner_vdev: string; userid: string; vdev: string }>`
      SELECT owner, owner_vdev, userid, vdev FROM vreserve ORDER BY owner, owner_vdev`;
    const queued = [...this.waiters].filter(([, q]) => q.length > 0).map(([key]) => key);
    const keys = new Set([...held.map((h) => `${h.owner} ${h.owner_vdev}`), ...queued]);
    return [...keys].sort().map((key) => {
      const [owner, ownerVdev] = key.split(" ");
      const h = held.find((x) => x.owner === owner && x.owner_vdev === ownerVdev);
      return {
        owner,
        ownerVdev,
        holder: h ? `${h.userid} ${h.vdev}` : null,
        waiting: (this.waiters.get(key)?.list() ?? []).map((w) => `${w.userid} ${w.vdev}`),
      };
    });
  }

  /**
   * A user logging off: its waiting requests learn their devices are gone first, so that a reserve
   * its other devices free (released together) is never granted to one of its own.
   */
  dropWaitersOf(userid: string): void {
    for (const queue of this.waiters.values())
      queue.drop(
        (who) => who.userid === userid,
        () => null,
      );
  }

  /** IPL: every waiting request learns its device is gone. */
  dropWaiters(): void {
    for (const queue of this.waiters.values())
      queue.drop(
        () => true,
        () => null,
      );
    this.waiters.clear();
  }

  private nextVirtualGeneration(): number {
    const g = this.s.sql<{ g: number }>`SELECT next_vgen AS g FROM node`[0]?.g ?? 1;
    this.s.nodeSql`UPDATE node SET next_vgen = ${g + 1}`;
    return g;
  }

  private holderOf(owner: string | null, ownerVdev: string | null) {
    return this.s.sql<{ userid: string; vdev: string; generation: number }>`
      SELECT userid, vdev, generation FROM vreserve WHERE owner = ${owner} AND owner_vdev = ${ownerVdev}`[0];
  }

  private grantTo(owner: string, ownerVdev: string, userid: string, vdev: string): number {
    const generation = this.nextVirtualGeneration();
    this.s
      .sql`INSERT INTO vreserve (owner, owner_vdev, userid, vdev, generation) VALUES (${owner}, ${ownerVdev}, ${userid}, ${vdev}, ${generation})`;
    return generation;
  }

  /** Gives a free virtual reserve to the first waiter still holding its device. */
  private wake(owner: string, ownerVdev: string): void {
    if (this.holderOf(owner, ownerVdev)) return;
    const queue = this.waiters.get(`${owner} ${ownerVdev}`);
    for (let next = queue?.shift(); next; next = queue?.shift()) {
      if (!this.s.vdev(next.who.userid, next.who.vdev)) {
        next.answer(null);
        continue;
      }
      next.answer(this.grantTo(owner, ownerVdev, next.who.userid, next.who.vdev));
      return;
    }
  }

  /** A device going away (DETACH, LOGOFF): its virtual reserve is released and the next waiter woken. */
  forget(d: VdevRow): void {
    const held =
      this.s.sql`SELECT 1 FROM vreserve WHERE userid = ${d.userid} AND vdev = ${d.vdev}`.length > 0;
    this.s.sql`DELETE FROM vreserve WHERE userid = ${d.userid} AND vdev = ${d.vdev}`;
    if (held && d.owner) this.wake(d.owner, d.owner_vdev!);
  }

  private device(userid: string, vdev: string): VdevRow | Refusal {
    const refused = this.s.refusalFor(userid, { directory: false, logon: true, codes: DEVICE_CODES });
    if (refused) return refused;
    const d = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND vdev = ${vdev} AND pending = 0`[0];
    if (!d || !d.volser) return notFound(`${userid} has no DASD ${vdev}`, "NO_DEVICE");
    return d;
  }

  /** The geometry of a device's volume, as this system read it at IPL. */
  private geometry(d: VdevRow): VolumeGeometry {
    return geometryOf(this.s.volume(d.volser!)!.info);
  }

  private virtualReserveAllowed(d: VdevRow): boolean {
    const md = d.owner ? this.s.user(d.owner)?.mdisks.find((m) => m.vdev === d.owner_vdev) : undefined;
    return !!md && /V$/.test(md.mode.toUpperCase());
  }

  /**
   * Whether a device's RESERVE/RELEASE is the Volume's hardware reserve: a dedicated volume's, or a
   * DEVNO (full-pack) minidisk's whose MDISK mode has V on a device SYSTEM CONFIG marks shared. There
   * the one reserve stands for both of CP's: the virtual one (this system's other guests) and the
   * real one CP passes to the device (every other system's guests).
   */
  /** Whether a device's RESERVE is its volume's hardware reserve (dedicated, or DEVNO V-mode on a shared device). */
  hardwareReserve(d: VdevRow): boolean {
    if (d.kind === "ATTACHED") return true;
    if (d.kind !== "LINK" || !d.rdev || !d.owner) return false;
    const md = this.s.user(d.owner)?.mdisks.find((m) => m.vdev === d.owner_vdev);
    return !!md && reserveGoesToHardware(md.mode, d.rdev, this.s.image()?.sharedDasd);
  }

  /**
   * RESERVE by a guest on one of its devices: a hardware reserve on a dedicated volume, or a
   * virtual reserve on a minidisk whose MDISK mode has V. With `wait`, queued in order until the
   * holder releases.
   */
  async reserve(
    userid: string,
    vdev: string,
    wait: boolean,
    timeoutMs = RESERVE_TIMEOUT_MS,
  ): Promise<Refused<{ generation: number; kind: "hardware" | "virtual" }>> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    const sysname = this.s.sysname;
    if (this.hardwareReserve(d)) {
      this.s.holds(d.volser!);
      const a = await this.s
        .volumeStub(d.volser!)
        .reserve(
          { system: sysname, userid, vdev },
          wait,
          this.geometry(d),
          timeoutMs,
          this.s.node()!.ipl_count,
        );
      if (a.granted) {
        // The device may have gone while the volume granted it (DETACH, LOGOFF, FORCE): the
        // reserve must not outlive it, or every other system's guests stay locked out.
        const now = this.s.vdev(userid, vdev);
        if (!now || now.pending !== 0 || now.volser !== d.volser) {
          await this.s.volumeStub(d.volser!).release({ system: sysname, userid, vdev }, a.generation);
          return conflict(`DASD ${vdev} was detached while its reserve was granted`, "NO_DEVICE");
        }
        return { ok: true, generation: a.generation, kind: "hardware" };
      }
      if ("fenced" in a)
        return conflict(`DASD ${vdev} was detached while its reserve was asked`, "NO_DEVICE");
      if (a.timedOut) return waitedInVain(vdev, timeoutMs, a.holder, sysname);
      return reservedBy(vdev, a.holder, sysname);
    }
    if (!this.virtualReserveAllowed(d))
      return conflict(
        `${d.owner} ${d.owner_vdev} is not defined for virtual reserve/release (its MDISK mode has no V)`,
        "NOT_RESERVABLE",
      );
    const held = this.holderOf(d.owner, d.owner_vdev);
    if (held && held.userid === userid && held.vdev === vdev)
      return { ok: true, generation: held.generation, kind: "virtual" };
    if (!held)
      return { ok: true, generation: this.grantTo(d.owner!, d.owner_vdev!, userid, vdev), kind: "virtual" };
    if (!wait) return reservedBy(vdev, { system: sysname, ...held }, sysname);
    const key = `${d.owner} ${d.owner_vdev}`;
    let queue = this.waiters.get(key);
    if (!queue) this.waiters.set(key, (queue = new WaitQueue()));
    const generation = await queue.wait({ userid, vdev }, timeoutMs, () => "timeout");
    if (generation === "timeout") {
      const now = this.holderOf(d.owner, d.owner_vdev);
      return waitedInVain(vdev, timeoutMs, { system: sysname, userid: now?.userid ?? held.userid }, sysname);
    }
    if (generation === null) return conflict(`DASD ${vdev} was detached while waiting`, "NO_DEVICE");
    return { ok: true, generation, kind: "virtual" };
  }

  /** RELEASE by a guest; with `generation`, a stale one (an older grant) is refused and changes nothing. */
  async release(userid: string, vdev: string, generation?: number): Promise<Refused<object>> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    const sysname = this.s.sysname;
    if (this.hardwareReserve(d)) {
      const r = await this.s.volumeStub(d.volser!).release({ system: sysname, userid, vdev }, generation);
      if (r.ok) return { ok: true };
      return conflict(
        `DASD ${vdev}: release refused, this guest does not hold that reserve (generation ${generation ?? "none"})`,
        "STALE_RELEASE",
        r.holder ? { holder: r.holder } : undefined,
      );
    }
    const held = this.holderOf(d.owner, d.owner_vdev);
    if (
      !held ||
      held.userid !== userid ||
      held.vdev !== vdev ||
      (generation !== undefined && generation !== held.generation)
    )
      return conflict(
        `DASD ${vdev}: release refused, this guest does not hold that reserve`,
        "STALE_RELEASE",
      );
    this.s.sql`DELETE FROM vreserve WHERE owner = ${d.owner} AND owner_vdev = ${d.owner_vdev}`;
    this.wake(d.owner!, d.owner_vdev!);
    return { ok: true };
  }

  /** Where a device's records live, and who blocks them: a dedicated volume's reserve, or a minidisk's virtual one. */
  private ioTarget(d: VdevRow, userid: string) {
    if (d.kind === "ATTACHED")
      return { area: { owner: "", ownerVdev: "" }, hardware: true, blockedBy: undefined };
    const held = this.holderOf(d.owner, d.owner_vdev);
    // A DEVNO minidisk is the whole real device: its records are the volume's, and a real reserve
    // on the device (any system's) holds its I/O as it holds a dedicated volume's.
    const fullPack = d.kind === "LINK" && !!d.rdev;
    return {
      area: fullPack ? { owner: "", ownerVdev: "" } : { owner: d.owner!, ownerVdev: d.owner_vdev! },
      hardware: fullPack,
      blockedBy: held && held.userid !== userid ? held.userid : undefined,
    };
  }

  /** Writes numbered records to a device, refused while another guest holds its reserve. */
  async write(
    userid: string,
    vdev: string,
    records: { n: number; data: string }[],
  ): Promise<Refused<{ written: number }>> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    if (!isWriteAccess(d.access as Access)) return conflict(`DASD ${vdev} is linked R/O`, "READ_ONLY");
    const t = this.ioTarget(d, userid);
    const sysname = this.s.sysname;
    if (t.blockedBy) return reservedBy(vdev, { system: sysname, userid: t.blockedBy }, sysname);
    const r = await this.s
      .volumeStub(d.volser!)
      .write({ system: sysname, userid, vdev }, t.area, records, t.hardware, this.geometry(d));
    if (!r.ok) return reservedBy(vdev, r.holder, sysname);
    return { ok: true, written: records.length };
  }

  /** Reads numbered records from a device, refused while another guest holds its reserve. */
  async read(
    userid: string,
    vdev: string,
    from: number,
    count: number,
  ): Promise<Refused<{ records: { n: number; data: string }[] }>> {
    const d = this.device(userid, vdev);
    if ("ok" in d) return d;
    const t = this.ioTarget(d, userid);
    const sysname = this.s.sysname;
    if (t.blockedBy) return reservedBy(vdev, { system: sysname, userid: t.blockedBy }, sysname);
    const r = await this.s
      .volumeStub(d.volser!)
      .read({ system: sysname, userid, vdev }, t.area, from, count, t.hardware);
    if (!r.ok) return reservedBy(vdev, r.holder, sysname);
    return { ok: true, records: r.records };
  }

  /** The operator's break-reserve (class B): takes a dedicated volume's reserve from whoever holds it, e.g. a failed system. */
  async breakReserve(userid: string, rdev: string): Promise<Refused<{ broke: unknown }>> {
    const refused = this.s.refusalFor(userid, { directory: false, logon: true, codes: DEVICE_CODES });
    if (refused) return refused;
    const u = this.s.user(userid);
    if (!u) return notLoggedOn(userid, this.s.sysname, DEVICE_CODES.logon);
    if (!allows(u.classes, "B"))
      return conflict(`${userid} needs privilege class B to break a reserve`, "NOT_AUTHORIZED");
    const v = this.s.volumeByRdev(rdev);
    if (!v) return notFound(`No real DASD ${rdev}`, "NO_DEVICE");
    const broke = await this.s.volumeStub(v.info.volser).breakReserve();
    return { ok: true, broke: broke ?? null };
  }
}
