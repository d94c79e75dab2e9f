import type { SystemConfigInput } from "../../src/config/parse";
import type { Picture } from "../../src/console/picture";
import type { DasdEntry } from "../../src/dasd/inventory";
import type { LedgerLink } from "../../src/dasd/ledger";
import type { VolumeView } from "../../src/dasd/volume-view";
import type { LimitsPatch } from "../../src/limits";
import type { ProgramsInput } from "../../src/cms/programs";
import type { CtcInput } from "../../src/plex/ctcs";
import type { FilesInput } from "../../src/plex/files";
import type { SystemImage } from "../../src/plex/image";
import type { SystemState, Topology } from "../../src/plex/topology";
import type { Network } from "../../src/pvm/types";
import { notFound, type Refused } from "../../src/refusal";
import type { CreateInput } from "./changes";
import type { FileEntry } from "./cms-files";
import { ALARM_STEP, type DeletionState } from "./deletion";
import type { DirectoryVersions, DirmOutcome, DirmRequest } from "./directory";
import { directoryReport, type DirectoryReport } from "./directory-report";
import type { PlexUsage } from "./limits";
import { plexPicture } from "./picture";
import { PlexSpoolRpc } from "./plex-spool-rpc";
import type { SystemLookup } from "./systems";

/**
 * One per tenant+plex: the source SYSTEM CONFIG and directory (the DirMaint role), the DASD
 * inventory, the registry of systems with their run state, and the shared spool (./spool.ts).
 * This file and ./plex-spool-rpc.ts are its RPC surface (its state is ./plex-base.ts's); each
 * concern lives in its own module beside them.
 */
export class Plex extends PlexSpoolRpc {
  // The web console (./watchers.ts, ./picture.ts, docs/console.md).

  /** A single-use, short-lived ticket for this plex's WebSocket, or undefined when the plex does not exist. */
  ticket(): Promise<string | undefined> {
    return this.watchers.ticket();
  }

  /** Only WebSocket upgrades come here: a watcher with a live ticket is accepted for hibernation. */
  override fetch(request: Request): Promise<Response> {
    return this.watchers.accept(request);
  }

  /** Pages only ping (answered without waking the object); anything else is ignored. */
  override webSocketMessage(): void {}

  /** A watcher left. */
  override webSocketClose(ws: WebSocket, code: number): void {
    this.watchers.closed(ws, code);
  }

  /** A node says something changed on `sysname`: every watcher is told; answers how many sockets are open. */
  changed(sysname: string): number {
    return this.watchers.notice(sysname);
  }

  /** Everything the web console draws, or null when the plex does not exist. */
  picture(): Promise<Picture | null> {
    return plexPicture(this.env, this.inputs, this.systems, this.views, this.spool);
  }

  /**
   * Creates the plex from its three inputs under the tenant's limits; refuses (422) when lint finds
   * an error, and (429 QUOTA_EXCEEDED) inputs past the limits on systems, users or volumes.
   */
  create(
    tenant: string,
    name: string,
    input: CreateInput,
    overrides: LimitsPatch = {},
  ): Promise<Refused<{ topology: Topology }>> {
    return this.changes.create(tenant, name, input, overrides);
  }

  /** The admin changed the tenant's limits: the plex and each of its systems keep the new overrides. */
  async setLimits(overrides: LimitsPatch): Promise<void> {
    const r = this.inputs.row();
    if (!r) return;
    await this.limits.set(this.systems.nodesOf(r), overrides);
  }

  /** What the plex uses of the tenant's per-plex limits, or null when it does not exist. */
  async usage(): Promise<PlexUsage | null> {
    const p = this.inputs.linted();
    return p ? this.limits.usage(p, this.systems.nodesOf(p), this.spool.store, this.files) : null;
  }

  /** The CSE network: every CTC, PVM line and CSE path with its state and why it is down. */
  network(): Promise<Network | null> {
    return this.views.network();
  }

  /** Registers the node of `sysname` when the plex has that system (nodes made before registration existed). */
  registerSystem(sysname: string): Promise<SystemLookup> {
    return this.systems.register(sysname);
  }

  /** True when the plex exists (it was created and not deleted). */
  exists(): boolean {
    return this.inputs.row() !== undefined;
  }

  /** How many of its objects a plex being deleted has left, or undefined when it is not being deleted. */
  deletingRemaining(): number | undefined {
    return this.deletion.active ? this.deletion.remaining() : undefined;
  }

  /** A volume of the plex as the API shows it (its Volume object's view with slots named), or null. */
  volumeView(volser: string): Promise<VolumeView | null> {
    return this.views.volumeView(volser);
  }

  /** The links UP systems (but `except`) decided alone on a volume no XLINK covers there. */
  localLinks(volser: string, except?: string): Promise<LedgerLink[]> {
    return this.views.localLinks(volser, except);
  }

  /** The plex's topology, or undefined when it does not exist. */
  topology(): Topology | undefined {
    return this.systems.topology();
  }

  /** What `sysname` reads at IPL (optionally from another volume than its default). */
  image(sysname: string, iplVolume?: string): SystemImage | undefined {
    const image = this.systems.image(sysname, iplVolume);
    // A system whose satellite has not applied every DIRMAINT change comes up with the object
    // directory it has, not the newest source (#12).
    const behind = image && this.directory.imageUsers(image.sysname, image.iplVolume);
    return behind ? { ...image, users: behind.users, directoryVersion: behind.version } : image;
  }

  /**
   * Adds or replaces CMS files on minidisks (each kept with its minidisk's extent); refuses (422)
   * files on minidisks the plex does not have, and (413) files past the tenant's fileBytes.
   */
  putFiles(files: FilesInput): Refused<{ files: number; bytes: number }> {
    const p = this.inputs.linted();
    if (!p) return notFound("No such plex");
    const put = this.files.putChecked(p.view, files, this.limits.limits().fileBytes);
    if (put.ok) this.inputs.filesChanged();
    return put;
  }

  /** The CMS files on minidisk `vdev` of `owner` as system `sysname` sees it. */
  minidiskFiles(sysname: string, owner: string, vdev: string): Refused<{ files: FileEntry[] }> {
    const p = this.inputs.linted();
    return p ? this.files.listOn(p.view, p.name, sysname, owner, vdev) : notFound("No such plex");
  }

  /** Erases one CMS file from a minidisk as `sysname` sees it. */
  eraseFile(sysname: string, owner: string, vdev: string, fn: string, ft: string): Refused<{ erased: true }> {
    const p = this.inputs.linted();
    if (!p) return notFound("No such plex");
    const erased = this.files.eraseOn(p.view, p.name, sysname, owner, vdev, fn, ft);
    if (erased.ok) this.inputs.filesChanged();
    return erased;
  }

  /** One CMS file's text on a minidisk as `sysname` sees it. */
  readFile(sysname: string, owner: string, vdev: string, fn: string, ft: string): Refused<{ text: string }> {
    const p = this.inputs.linted();
    return p ? this.files.readOn(p.view, p.name, sysname, owner, vdev, fn, ft) : notFound("No such plex");
  }

  /** The volumes any system of the plex ever called, so an IPL asks only volumes that can hold something. */
  usedVolumes(): Promise<string[]> {
    return this.systems.usedVolumes();
  }

  /** Records a system's run state, as its node reports IPL, shutdown and failure. */
  setState(sysname: string, state: SystemState): void {
    this.systems.setState(sysname, state);
    this.watchers.broadcast({ t: "state", system: sysname, state });
  }

  /** Run states of every system. */
  systemStates(): Record<string, SystemState> {
    return this.systems.states();
  }

  /** Replaces the source directory after checking it; pushes it to every UP system (DIRMAINT + DIRECTXA). */
  setDirectory(directory: string): Promise<Refused<{ topology: Topology; pushedTo: string[] }>> {
    return this.changes.setDirectory(directory);
  }

  // DirMaint (./directory.ts, #12): DIRMAINT's node applies requests here; satellites fetch versions.

  /** DIRMAINT's processing of one DIRM request against the source directory, atomically. */
  dirmApply(req: DirmRequest): DirmOutcome {
    return this.directory.apply(req);
  }

  /** The object directory of source version `version` for `sysname`, or `skip` when it has it already. */
  objectDirectory(sysname: string, version: number, iplVolume?: string) {
    return this.directory.objectDirectory(sysname, version, iplVolume);
  }

  /** DIRMAINT started on `system` and read this CONFIG DATADVH. */
  dirmaintStarted(system: string, userid: string, config: string | null): void {
    this.directory.started(system, userid, config);
  }

  /** The source's version, each system's object directory version and the recent changes. */
  directoryVersions(): DirectoryVersions | undefined {
    return this.directory.versions();
  }

  /** `GET /directory`: the versions, and why each system that is behind is behind. */
  async directoryReport(): Promise<DirectoryReport | null> {
    const r = this.inputs.row();
    const v = this.directory.versions();
    if (!r || !v) return null;
    return directoryReport(this.env, r, v, this.systems.states());
  }

  /** Replaces SYSTEM CONFIG (and the inventory) after checking; each system reads it at its next IPL. */
  setConfig(
    systemConfig: SystemConfigInput,
    dasd?: DasdEntry[],
    ctcs?: CtcInput[],
  ): Promise<Refused<{ topology: Topology }>> {
    return this.changes.setConfig(systemConfig, dasd, ctcs);
  }

  /** The plex's `programs` input (src/cms/programs.ts), or undefined when the plex does not exist. */
  programs(): ProgramsInput | undefined {
    return this.inputs.row() ? (this.inputs.input().programs ?? {}) : undefined;
  }

  /** Replaces the `programs` input; each system reads it at its next IPL, as SYSTEM CONFIG. */
  setPrograms(programs: ProgramsInput): Refused<{ programs: ProgramsInput; topology: Topology }> {
    return this.changes.setPrograms(programs);
  }

  /**
   * Deletes the plex and every object it made (its systems' nodes and its volumes) in bounded steps:
   * done within this call for a plex of up to DELETE_STEP objects, else finished from the alarm.
   * With `tenantGone` (the tenant is being deleted) every step runs from the alarm and the tenant
   * is not called back.
   */
  async destroy(opts: { tenantGone?: boolean } = {}): Promise<DeletionState> {
    const p = this.inputs.linted();
    if (!p && opts.tenantGone) this.deletion.tenantGone();
    if (p) {
      await this.deletion.begin(
        [...new Set([...p.view.systems, ...Object.keys(this.systems.states())])],
        opts.tenantGone ?? false,
      );
      this.inputs.forget();
      this.watchers.closeAll();
    }
    return opts.tenantGone ? this.deletion.later() : this.deletion.step();
  }

  /** The next step of a deletion that one request could not finish. */
  override async alarm(): Promise<void> {
    if (this.deletion.active) await this.deletion.step(ALARM_STEP);
  }
}
