import type { LedgerLink, LinkRequest } from "../../src/dasd/ledger";
import { linkState, PENDING, type NodeLink, type RepairPlan } from "../../src/dasd/link-repair";
import type { Access, LinkMode } from "../../src/dasd/link-rules";
import type { Disk } from "./model";

/** The node's generation for links it decided alone (durable-objects/vm-node/schema.ts LOCAL_GENERATION). */
export const LOCAL_GENERATION = 0;

/** A row of the node's `vdevs` table for a minidisk device, as links.ts writes it. */
export interface Device {
  userid: string;
  vdev: string;
  disk: number;
  volser: string;
  access: Access | null;
  generation: number | null;
  pending: number;
  token: string | null;
  mode: LinkMode;
  local: boolean;
}

/** One system's node: its state, devices, and the volume calls this incarnation awaits. */
export class NodeSim {
  up = true;
  /** Between an IPL's start and its volumes' reset: not up, not to be failed or reset. */
  ipling = false;
  /** Calls this node sent to volumes and they have not had yet, in the order sent. */
  outbox: number[] = [];
  readonly devices = new Map<string, Device>();
  /** Tokens of the volume calls in flight in this incarnation (link-repair.ts `inFlight`). */
  inFlight = new Set<string>();
  /** Volumes compared with their ledger in this incarnation (link-repair.ts `checked`). */
  checked = new Set<string>();
  /**
   * The node object's life (the node row's `life`, +1 at each start): LINKs and crash repairs carry
   * it, and a volume refuses a LINK of a life before the one whose repair ran there. A request of an
   * earlier life that outlived it stops at its answer.
   */
  life = 0;
  /** Volumes this object is repairing (link-repair.ts `repairs`; `outlive` only): calls to them wait. */
  repairing = new Set<string>();
  /** The system's incarnation: how many times it was IPLed (the node row's `ipl_count`; the plex starts IPLed). */
  iplCount = 1;

  constructor(
    readonly sysname: string,
    readonly slot: number,
  ) {}

  /** The device at (userid, vdev), if any. */
  device(userid: string, vdev: string): Device | undefined {
    return this.devices.get(`${userid} ${vdev}`);
  }

  /** Adds or replaces a device. */
  put(d: Device): void {
    this.devices.set(`${d.userid} ${d.vdev}`, d);
  }

  /** The device of a request token (`WHERE token = ?`). */
  byToken(token: string): Device | undefined {
    for (const d of this.devices.values()) if (d.token === token) return d;
    return undefined;
  }

  /** Deletes the device of a token, only while it is `pending` when that is given. */
  deleteByToken(token: string, pending?: number): void {
    const d = this.byToken(token);
    if (d && (pending === undefined || d.pending === pending)) this.devices.delete(`${d.userid} ${d.vdev}`);
  }

  /** The node's links on a volume no XLINK covers, as local-links.ts hands them to decideOnVolume. */
  localLedger(volser: string, disks: readonly Disk[]): LedgerLink[] {
    return [...this.devices.values()]
      .filter((d) => d.volser === volser && d.access !== null)
      .map((d) => ({
        system: this.sysname,
        userid: d.userid,
        vdev: d.vdev,
        owner: disks[d.disk].owner,
        ownerVdev: disks[d.disk].vdev,
        start: disks[d.disk].start,
        end: disks[d.disk].end,
        access: d.access!,
        requested: d.mode,
        generation: LOCAL_GENERATION,
        virtualReserve: false,
      }));
  }

  /** This system's devices on a volume as crash repair compares them (link-repair.ts `nodeLinks`). */
  nodeLinks(volser: string, disks: readonly Disk[]): NodeLink[] {
    return [...this.devices.values()]
      .filter((d) => d.volser === volser && !d.local)
      .map((d) => ({
        userid: d.userid,
        vdev: d.vdev,
        owner: disks[d.disk].owner,
        ownerVdev: disks[d.disk].vdev,
        state: linkState(d.pending),
        generation: d.generation,
        token: d.token,
        inFlight: d.token !== null && this.inFlight.has(d.token),
      }));
  }

  /** Applies a repair's verdicts to devices still as they were compared (link-repair.ts `applyRepair`). */
  applyRepair(plan: RepairPlan): void {
    for (const v of plan.verdicts) {
      const l = v.link;
      const d = this.device(l.userid, l.vdev);
      if (!d || d.pending !== PENDING[l.state] || d.token !== l.token || d.generation !== l.generation)
        continue;
      if (v.kind === "completed") {
        d.access = v.entry.access;
        d.generation = v.entry.generation;
        d.pending = PENDING.linked;
      } else this.devices.delete(`${d.userid} ${d.vdev}`);
    }
  }

  /** A LINK request to the volume for a device (links.ts). */
  request(d: Device, disks: readonly Disk[], slotNames: Record<number, string>, slot?: number): LinkRequest {
    const disk = disks[d.disk];
    return {
      system: this.sysname,
      slot,
      slotNames,
      userid: d.userid,
      vdev: d.vdev,
      owner: disk.owner,
      ownerVdev: disk.vdev,
      start: disk.start,
      end: disk.end,
      mode: d.mode,
      virtualReserve: false,
      token: d.token ?? undefined,
      // The incarnation that sends it: a volume reset by a later IPL refuses it (links.ts).
      ipl: this.iplCount,
      // And the node object's life: a volume its new life repaired refuses it (links.ts).
      life: this.life,
    };
  }
}
