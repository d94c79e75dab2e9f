import type { CpAnswer } from "../../src/catalog/answer";
import type { Refused } from "../../src/refusal";
import type { RscsFile } from "../../src/rscs/types";
import type { FileAction } from "../../src/spool/actions";
import type { NoPath, Queue, SpoolFile } from "../../src/spool/spool";
import type { TapeDocument, TapeFile } from "../../src/spool/spxtape";
import type { SpxtapeRequest } from "../../src/spool/spxtape-plan";
import { PlexBase } from "./plex-base";
import type { NewSpoolFile } from "./spool";

/** The Plex's RPC methods for the shared spool, RSCS's queue in it, and SPXTAPE's tapes (./spool.ts, ./rscs-spool.ts). */
export abstract class PlexSpoolRpc extends PlexBase {
  // The spool (./spool.ts): one call per operation, each one transaction.

  /** The files `system` sees in `queue` (all queues when undefined), one owner's or every owner's. */
  spoolList(system: string, opts: { owner?: string; queue?: Queue }): SpoolFile[] {
    return this.spool.list(system, opts);
  }

  /** RSCS: spools a file into RSCS's reader, tagged for `to`, with its NJE origin (./rscs-spool.ts). */
  rscsQueue(
    f: NewSpoolFile,
    to: { node: string; userid: string },
    origin: { node: string; userid: string },
  ): Refused<{ file: SpoolFile }> {
    return this.rscs.queue(f, to, origin);
  }

  /**
   * RSCS: for each reader named, takes the tagged files CP put into it onto its queue, then answers
   * what is queued there (for link `node` only, when given). One call serves both ends of a link.
   */
  rscsPending(readers: readonly { system: string; rscsUser: string; node?: string }[]): RscsFile[][] {
    return readers.map((r) => {
      this.rscs.intake(r.system, r.rscsUser);
      return this.rscs.queued(r.system, r.rscsUser, r.node);
    });
  }

  /** CP TAG FILE: a user's file's tag on `system`, set first with `set`; undefined: no such file. */
  spoolTag(system: string, owner: string, spoolid: string, set?: { tag: string | null }) {
    return this.spool.tag(system, owner, spoolid, set);
  }

  /** RSCS: the files queued in `rscsUser`'s reader on `system`, FIFO (one link's with `node`). */
  rscsQueued(system: string, rscsUser: string, node?: string): RscsFile[] {
    return this.rscs.queued(system, rscsUser, node);
  }

  /** RSCS: sends the files queued for link `node` into their users' readers on `to.system`, in order. */
  rscsTransmit(
    from: { system: string; rscsUser: string },
    node: string,
    to: { system: string; rscsUser: string },
  ): RscsFile[] {
    return this.rscs.transmit(from, node, to);
  }

  /** RSCS: a file it cannot route goes back to its originator (DMT103E). */
  rscsReject(system: string, rscsUser: string, spoolid: string): RscsFile | undefined {
    return this.rscs.reject(system, rscsUser, spoolid);
  }

  /** RSCS: an arrived file for a user the system lacks stays in RSCS's reader there, held. */
  rscsKeep(spoolid: string, rscsUser: string): void {
    this.rscs.keepForRscs(spoolid, rscsUser);
  }

  /** RSCS: the NJE origin (node and user) of files it delivered, by spool id. */
  rscsOrigins(spoolids: string[]): Record<string, { node: string; userid: string }> {
    return this.rscs.origins(spoolids);
  }

  /** RSCS: delivered files with their records, for the receiving system's arrival hooks. */
  rscsArrived(spoolids: string[]): (RscsFile & { owner: string; records: string[] })[] {
    return this.rscs.arrived(spoolids);
  }

  /** Spools a closed file with a spool id unique in the complex; answers it and the systems that see it. */
  spoolCreate(f: NewSpoolFile): Refused<{ file: SpoolFile; visibleOn: string[] }> {
    return this.spool.create(f);
  }

  /** A reader file's records; with `open`, locked to `system`'s reader until CLOSE. */
  spoolRead(system: string, userid: string, opts: { spoolid?: string; open: boolean; readerClass?: string }) {
    return this.spool.read(system, userid, opts);
  }

  /** CLOSE READER: the open file is released, purged unless KEEP or HOLD. */
  spoolCloseReader(
    system: string,
    userid: string,
    how: { keep: boolean; hold: boolean; purge: boolean },
    noPath?: NoPath,
  ) {
    return this.spool.closeReader(system, userid, how, noPath);
  }

  /** Releases what `userid` (or, at IPL, anyone) has open on `system`'s readers, without purging. */
  spoolRelease(system: string, userid?: string): void {
    this.spool.store.unlock(system, userid);
  }

  /** PURGE, CHANGE, TRANSFER and ORDER in one transaction; answers CP's lines and the notices to send. */
  spoolAction(
    system: string,
    issuer: string,
    owner: string | undefined,
    action: FileAction,
    noPath?: NoPath,
  ) {
    return this.spool.action(system, issuer, owner, action, noPath);
  }

  /** At IPL: XSPOOL read, readers released, IPL CLEAN discards the system's unshared spool. */
  spoolIpl(system: string, clean: boolean): number {
    return this.spool.ipl(system, clean);
  }

  /** SPXTAPE DUMP, LOAD or SCAN on the plex tape `volser`. */
  spxtape(system: string, issuer: string, operator: boolean, volser: string, c: SpxtapeRequest): CpAnswer {
    return this.spool.spxtape(system, issuer, operator, volser, c);
  }

  /** Makes an empty tape of that name unless there is one (mounting a scratch tape); refused past the plex's tapes. */
  tapeScratch(volser: string): Refused<{ made: boolean }> {
    return this.spool.scratch(volser);
  }

  /** The plex's tapes. */
  tapeList(): { volser: string; files: number; bytes: number; written: string | null }[] {
    return this.spool.store.tapes();
  }

  /** A tape as a document that can be downloaded and uploaded again, or undefined. */
  tapeExport(volser: string): TapeDocument | undefined {
    return this.spool.tapeExport(volser);
  }

  /** Writes an uploaded tape (replacing one of that name); refused past the plex's tapes or tapeBytes. */
  tapeImport(
    volser: string,
    files: { meta: TapeFile; packed: Uint8Array }[],
    by: string,
  ): Refused<{ bytes: number }> {
    return this.spool.tapeImport(volser, files, by);
  }

  /** Removes a tape; answers whether there was one. */
  tapeDelete(volser: string): boolean {
    const had = this.spool.store.hasTape(volser);
    this.spool.store.deleteTape(volser);
    return had;
  }
}
