import type { CpAnswer } from "../../src/catalog/answer";
import type { Note } from "../../src/cp/messaging";
import type { LimitsPatch } from "../../src/limits";
import type { ImageUser } from "../../src/plex/image";
import { notFound, type Refusal, type Refused, systemDown } from "../../src/refusal";
import type { RecordEncoding } from "../../src/spool/records";
import type { LedgerLink } from "../../src/dasd/ledger";
import { CrossSystem, type NameEntry } from "./cross-system";
import type { StateAnswer } from "./lifecycle";
import type { PvmReport } from "../../src/pvm/report";
import { pathFrom } from "./pvm";
import { Queries } from "./queries";
import type { ReaderFile } from "./spool-access";
import type { NodePicture } from "../../src/console/picture";
import { nodePicture } from "./picture";
import { VmNodeServices } from "./vm-node-services";

/**
 * One z/VM system of a plex: its IPL state, object directory, logged-on users, their devices and
 * consoles. This file and ./vm-node-services.ts are its RPC surface (its state is made in
 * ./vm-node-base.ts); each concern lives in its own module beside them, and the decisions in
 * plain code under src/. The node answers for its own existence and state, so a CP
 * command costs one object call before any work.
 */
export class VmNode extends VmNodeServices {
  /**
   * Makes this object the node of `sysname` in plex `tenant/plex` with the admin's overrides of the
   * tenant's limits (the Plex calls it at create and config changes; a node registered before keeps
   * its state, takes the overrides).
   */
  register(tenant: string, plex: string, sysname: string, overrides?: LimitsPatch): void {
    this.s.schema.ensure();
    const json = overrides ? JSON.stringify(overrides) : null;
    this.s
      .nodeSql`INSERT INTO node (id, tenant, plex, sysname, state, limits) VALUES (1, ${tenant}, ${plex}, ${sysname}, 'DOWN', ${json})
               ON CONFLICT (id) DO UPDATE SET limits = coalesce(excluded.limits, limits)`;
  }

  /** The admin changed the tenant's limits (its overrides); what is held past a lowered limit stays. */
  setLimits(overrides: LimitsPatch): void {
    if (this.unknown()) return;
    this.s.nodeSql`UPDATE node SET limits = ${JSON.stringify(overrides)}`;
  }

  /** The volumes this node ever called (what deleting the plex must delete besides the nodes). */
  touchedVolumes(): string[] {
    return this.unknown() ? [] : this.s.touchedVolumes();
  }

  /** This system's use of the per-user limits: the most console lines any user keeps. */
  usage(): { consoleLines: number } {
    if (this.unknown()) return { consoleLines: 0 };
    this.s.writeConsole();
    const row = this.s.sql<{ n: number | null }>`
      SELECT max(n) AS n FROM (SELECT count(*) AS n FROM console GROUP BY userid)`[0];
    return { consoleLines: row?.n ?? 0 };
  }

  /** Replaces the object directory (what DIRECTXA does when DirMaint pushes a new source). */
  loadDirectory(users: Record<string, ImageUser>, version: number): void {
    if (this.unknown()) return;
    this.n.lifecycle.loadDirectory(users, version);
  }

  /** IPL: reads SYSTEM CONFIG and the directory as they are now, brings volumes online, logs on OPERATOR and AUTOLOG1. */
  async ipl(opts: { clean?: boolean; volume?: string }): Promise<StateAnswer> {
    return this.unknown() ?? this.whileExists(() => this.n.lifecycle.ipl(opts));
  }

  /** SHUTDOWN: every user logged off and every link released. */
  async shutdown(): Promise<StateAnswer> {
    return this.unknown() ?? this.whileExists(() => this.n.lifecycle.shutdown());
  }

  /** FAIL: stops at once; links stay on the shared DASD until XLINK RESET or this system's IPL. */
  async fail(): Promise<StateAnswer> {
    return this.unknown() ?? this.whileExists(() => this.n.lifecycle.fail());
  }

  /** LOGON with the directory password. */
  async logon(userid: string, password: string): Promise<CpAnswer | Refusal> {
    const refused = this.unknown() ?? (this.s.isUp() ? undefined : systemDown());
    return refused ?? this.whileExists(() => this.n.sessions.logon(userid, password));
  }

  /** A CP command issued by a logged-on user: CP's rc and lines (a CP error is an rc, not a refusal). */
  async cp(userid: string, text: string): Promise<CpAnswer | Refusal> {
    const refused = this.unknown() ?? this.s.refusalFor(userid, { logon: true });
    if (refused) return refused;
    return this.whileExists(async () => {
      const answer = await this.command(userid, text);
      this.s.consoleWrite(userid, answer.lines);
      return answer;
    });
  }

  /** Console lines of a user after sequence number `after`. */
  console(userid: string, after: number): Refused<{ lines: { seq: number; text: string }[]; next: number }> {
    const refused = this.unknown();
    if (refused) return refused;
    if (!this.s.user(userid)) return notFound(`${userid} is not in the directory of ${this.s.sysname}`);
    this.s.writeConsole();
    const lines = this.s.sql<{ seq: number; text: string }>`
      SELECT seq, text FROM console WHERE userid = ${userid} AND seq > ${after} ORDER BY seq LIMIT 1000`;
    return { ok: true, lines, next: lines.length ? lines[lines.length - 1].seq : after };
  }

  /** Puts a message on a user's console here (another system's MSG, a CP notice). */
  deliver(userid: string, note: Note): ReturnType<CrossSystem["deliver"]> {
    return this.unknown() ? "not logged on" : this.n.cross.deliver(userid, note);
  }

  /** A message from another system's user, delivered here only over a CSE path from the sender's PVM. */
  deliverOver(
    userid: string,
    note: Note,
    senderPvm: PvmReport,
  ): ReturnType<CrossSystem["deliver"]> | { noPath: string } {
    if (this.unknown()) return "not logged on";
    const why = pathFrom(this.s, { system: note.fromSystem, report: senderPvm });
    return why ? { noPath: why } : this.n.cross.deliver(userid, note);
  }

  /** The links this system decided alone on a volume no XLINK covers here (for the volume view). */
  localLinks(volser: string): LedgerLink[] {
    return this.unknown() || !this.s.isUp() ? [] : this.n.localLinks.of(volser);
  }

  /** Users logged on here, for another system's QUERY NAMES AT. */
  localNames(): NameEntry[] {
    return this.unknown() ? [] : this.n.cross.localNames();
  }

  /** MSG ALL / WARNING ALL AT this system, from another system: every user logged on here. */
  broadcast(note: Note): number {
    return this.unknown() ? 0 : this.n.cross.broadcastHere(note);
  }

  /** A broadcast from another system's user, delivered here only over a CSE path from the sender's PVM. */
  broadcastOver(note: Note, senderPvm: PvmReport): number | { noPath: string } {
    if (this.unknown()) return 0;
    const why = pathFrom(this.s, { system: note.fromSystem, report: senderPvm });
    return why ? { noPath: why } : this.n.cross.broadcastHere(note);
  }

  /** FORCE of a user logged on here, by `issuer` on another system. */
  forceLocal(target: string, issuer: string): Promise<CpAnswer> {
    return this.n.cross.forceLocal(target, issuer);
  }

  /** XAUTOLOG of a user onto this system, by `issuer` on another system. */
  xautologLocal(target: string, issuer: string, synch = false): Promise<CpAnswer> {
    return this.n.cross.xautologLocal(target, { issuer, synch, remote: true });
  }

  /** INDICATE LOAD / USER of this system, from another system's INDICATE ... AT. */
  indicateLocal(c: Parameters<Queries["indicateLocal"]>[0]): CpAnswer {
    return this.n.queries.indicateLocal(c);
  }

  /** CMS PUNCH / PRINT: records to the user's virtual punch or printer. */
  async write(
    userid: string,
    device: "PUN" | "PRT",
    records: Uint8Array[],
    file: { name?: string; type?: string },
  ): Promise<Refused<{ rc: number; lines: string[]; spoolid: string | null }>> {
    return this.unknown() ?? this.whileExists(() => this.n.spool.write(userid, device, records, file));
  }

  /** A reader file's records (PEEK), or the file opened on the reader and locked here. */
  async read(
    userid: string,
    opts: { spoolid?: string; open: boolean; encoding?: RecordEncoding },
  ): Promise<Refused<ReaderFile & { origin?: { node: string; userid: string } }>> {
    return (
      this.unknown() ??
      this.whileExists(async () => {
        const r = await this.n.spool.read(userid, opts);
        // A file RSCS delivered shows its NJE origin beside CP's FROM RSCS (docs/rscs.md).
        if (!r.ok || r.from !== this.rscs.userid()) return r;
        const origin = (await this.s.plexStub().rscsOrigins([r.spoolid]))[r.spoolid];
        return origin ? { ...r, origin } : r;
      })
    );
  }

  /** Mounts a plex tape on a tape drive of a logged-on user, for SPXTAPE. */
  async mountTape(userid: string, vdev: string, volser: string): Promise<CpAnswer | Refusal> {
    return this.unknown() ?? this.whileExists(() => this.n.spool.mountTape(userid, vdev, volser));
  }

  /** RESERVE: hardware on a dedicated volume, virtual on a V-mode minidisk; with `wait`, queued. */
  async reserveDevice(userid: string, vdev: string, wait: boolean, timeoutMs?: number) {
    return this.unknown() ?? this.whileExists(() => this.reserves.reserve(userid, vdev, wait, timeoutMs));
  }

  /** RELEASE; a stale generation changes nothing. */
  async releaseDevice(userid: string, vdev: string, generation?: number) {
    return this.unknown() ?? this.whileExists(() => this.reserves.release(userid, vdev, generation));
  }

  /** Writes numbered records to a device. */
  async writeDevice(userid: string, vdev: string, records: { n: number; data: string }[]) {
    return this.unknown() ?? this.whileExists(() => this.reserves.write(userid, vdev, records));
  }

  /** Reads numbered records from a device. */
  async readDevice(userid: string, vdev: string, from: number, count: number) {
    return this.unknown() ?? this.whileExists(() => this.reserves.read(userid, vdev, from, count));
  }

  /** The operator's break-reserve (class B) on a dedicated volume. */
  async breakReserve(userid: string, rdev: string) {
    return this.unknown() ?? this.whileExists(() => this.reserves.breakReserve(userid, rdev));
  }

  /** This system's virtual reserves (V-mode minidisks): holder and waiters of each, for the API and tests. */
  virtualReserves() {
    return this.unknown() ? [] : this.reserves.virtualReserves();
  }

  /** The Plex says whether the web console watches the plex (then changes here send it a notice). */
  setWatched(on: boolean): void {
    this.watchers.set(on);
  }

  /** This system as the web console draws it (./picture.ts), or undefined for a node never registered. */
  picture(): NodePicture | undefined {
    return nodePicture(this.s);
  }

  /** No work: the benchmark's baseline hop (Worker → VmNode → Volume). */
  async ping(volser: string): Promise<Refused<{ pinged: boolean }>> {
    const refused = this.unknown();
    if (refused) return refused;
    // Only a volume of this plex: a made-up name must not create an object.
    if (!this.s.schema.exists || !this.s.volume(volser)) return { ok: true, pinged: false };
    return { ok: true, pinged: await this.s.volumeStub(volser).ping() };
  }

  /**
   * Forgets everything: the plex was deleted. Answers the volumes it used up to then (a request
   * still running may have called one since the deletion asked), which the deletion deletes too.
   */
  async destroy(): Promise<string[]> {
    let used: string[] = [];
    try {
      used = this.s.schema.exists && this.s.node() ? this.s.touchedVolumes() : [];
    } catch {
      // Storage that cannot be read (broken) is dropped all the same; the deletion then counts
      // every volume as used.
    }
    this.epoch++;
    await this.s.drop();
    return used;
  }
}
