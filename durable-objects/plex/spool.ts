import { type CpAnswer, cpAnswer } from "../../src/catalog/answer";
import type { NoPath, SpoolFile, Queue, XspoolFacts } from "../../src/spool/spool";
import { defaultSettings, isShared, readable, xspoolFacts } from "../../src/spool/spool";
import { type FileAction, planAction } from "../../src/spool/actions";
import type { Limits } from "../../src/limits";
import { dumpRefused, limitOf, spoolRoom, tapeRoom } from "../../src/spool/quota";
import { packRecords, toBase64 } from "../../src/spool/records";
import { TAPE_FORMAT, type TapeDocument, type TapeFile, tapeFile } from "../../src/spool/spxtape";
import { planSpxtape, spxtapeLoadAnswer, type SpxtapeRequest } from "../../src/spool/spxtape-plan";
import type { ParsedSystemConfig } from "../../src/config/model";
import { conflict, notFound, type Refusal, type Refused } from "../../src/refusal";
import type { Sql } from "../sql";
import { SpoolStore } from "./spool-store";

/** A file to spool, as a system's punch or printer closes it. */
export type NewSpoolFile = Pick<
  SpoolFile,
  | "origin"
  | "from"
  | "owner"
  | "queue"
  | "made"
  | "cls"
  | "name"
  | "type"
  | "dist"
  | "copies"
  | "hold"
  | "keep"
> & {
  packed: Uint8Array;
  nrecs: number;
  nbytes: number;
  /** The device's CP TAG text, which the file keeps (TAG DEV); none when undefined or null. */
  tag?: string | null;
};

/**
 * A reader file of text records, as a service machine or CMS punches it to a user with the
 * punch's defaults (CMS SENDFILE to a local user, RSCS's queue, DIRM's request and updates).
 */
export function punchedFile(
  f: { origin: string; from: string; owner: string; name: string; type: string; cls?: string },
  records: readonly string[],
): NewSpoolFile {
  const bytes = records.map((r) => new TextEncoder().encode(r));
  return {
    ...f,
    queue: "RDR",
    made: "PUN",
    cls: f.cls ?? "A",
    dist: f.from,
    copies: 1,
    hold: "NONE",
    keep: false,
    packed: packRecords(bytes),
    nrecs: bytes.length,
    nbytes: bytes.reduce((n, b) => n + b.length, 0),
  };
}

/**
 * The plex's spool: closed files with spool ids unique in the complex, shared or kept on their
 * origin system as XSPOOL says, reader locks, and SPXTAPE's tapes. Each operation that checks and
 * changes is one transaction, so a lock taken on another system cannot slip in between.
 */
export class PlexSpool {
  readonly store: SpoolStore;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly sql: Sql,
    /** The systems of the plex and each one's SYSTEM CONFIG as stored now. */
    private readonly plex: () => {
      systems: string[];
      config(system: string): ParsedSystemConfig | undefined;
    },
    /** The tenant's limits as the plex enforces them now. */
    private readonly limits: () => Limits,
  ) {
    this.store = new SpoolStore(sql);
  }

  /**
   * XSPOOL as `system` read it at its last IPL (a changed SYSTEM CONFIG counts from the next IPL,
   * as in z/VM), or as the stored config says for a system never IPLed.
   */
  private xspool(system: string): XspoolFacts | undefined {
    const saved = this.sql<{ x: string | null }>`SELECT xspool AS x FROM systems WHERE sysname = ${system}`[0]
      ?.x;
    if (saved) return JSON.parse(saved) as XspoolFacts;
    const model = this.plex().config(system)?.model;
    return model && xspoolFacts(model, system);
  }

  /**
   * The tenant's limits as the plex stores them (the built-in defaults when it stores none), read
   * at each use: the admin may change them at any time.
   */
  /** Whether `system` sees a file: a shared file where the system shares spool, else where it is kept. */
  private static sees(system: string, shares: boolean, f: SpoolFile): boolean {
    return f.shared ? shares : f.home === system;
  }

  /** Every system of the plex that sees a file. */
  private seenOn(f: SpoolFile): string[] {
    return this.plex().systems.filter((s) => PlexSpool.sees(s, this.xspool(s)?.shares ?? false, f));
  }

  /** The files `system` sees in `queue` (all queues when undefined), one owner's or every owner's. */
  list(system: string, opts: { owner?: string; queue?: Queue }): SpoolFile[] {
    const shares = this.xspool(system)?.shares ?? false;
    return this.store
      .all()
      .filter(
        (f) =>
          (opts.owner === undefined || f.owner === opts.owner) &&
          (opts.queue === undefined || f.queue === opts.queue) &&
          PlexSpool.sees(system, shares, f),
      );
  }

  /**
   * Spools a closed file; answers it and the systems that see it. Refused (QUOTA_EXCEEDED) past the
   * plex's spoolFiles or spoolBytes, and (SPOOL_FULL) when all 9999 spool ids are in use.
   */
  create(f: NewSpoolFile): Refused<{ file: SpoolFile; visibleOn: string[] }> {
    const facts = this.xspool(f.origin);
    if (!facts) return notFound(`No system ${f.origin}`);
    return this.storage.transactionSync(() => {
      const over = spoolRoom(this.store.use(), f.packed.length, this.limits());
      if (over) return over;
      const spoolid = this.store.allocate();
      if (!spoolid) return conflict("The spool is full: 9999 files", "SPOOL_FULL");
      const { packed, tag, ...meta } = f;
      const file: SpoolFile = {
        ...meta,
        spoolid,
        home: f.origin,
        shared: isShared(facts, f.from, f.owner, f.queue),
        created: new Date().toISOString(),
        order: 0,
        lock: null,
      };
      this.store.insert(file, packed);
      if (tag) this.store.setTag(spoolid, tag);
      return { ok: true as const, file, visibleOn: this.seenOn(file) };
    });
  }

  /**
   * A reader file's records. With `open`, the file is opened on `system`'s virtual reader and
   * locked there until CLOSE (reference §6): the first readable file in order unless `spoolid`
   * names one. Refused when another system has the file open, or, to open, when it is held.
   */
  read(
    system: string,
    userid: string,
    opts: { spoolid?: string; open: boolean; readerClass?: string },
  ): Refused<{ file: SpoolFile; packed: Uint8Array }> {
    return this.storage.transactionSync(() => {
      const mine = this.list(system, { owner: userid, queue: "RDR" });
      const reader = { ...defaultSettings("RDR"), cls: opts.readerClass ?? "*" };
      const f =
        opts.spoolid !== undefined
          ? mine.find((x) => x.spoolid === opts.spoolid)
          : mine.find((x) => readable(x, reader) && (x.lock === null || x.lock === system));
      if (!f)
        return notFound(
          `No ${opts.spoolid ? `reader file ${opts.spoolid}` : "readable reader file"} for ${userid} on ${system}`,
        );
      if (f.lock !== null && f.lock !== system)
        return conflict(
          `Reader file ${f.spoolid} is open on ${f.lock}: it is locked there until it is closed`,
        );
      if (opts.open) {
        const open = this.store.openBy(system, userid);
        if (open && open.spoolid !== f.spoolid)
          return conflict(`${userid}'s reader has file ${open.spoolid} open: CLOSE READER first`);
        if (f.hold !== "NONE") return conflict(`Reader file ${f.spoolid} is held`);
        f.lock = system;
        this.store.update(f, userid);
      }
      return { ok: true as const, file: f, packed: this.store.data(f.spoolid) };
    });
  }

  /**
   * CLOSE READER: the file open on `system`'s reader is released; it is purged unless the reader
   * (or CLOSE) says KEEP or HOLD, in which case it stays, held when HOLD (CP's reader rules).
   */
  closeReader(
    system: string,
    userid: string,
    how: { keep: boolean; hold: boolean; purge: boolean },
    noPath?: NoPath,
  ): { closed: string | null; purged: boolean; refused?: NoPath } {
    return this.storage.transactionSync(() => {
      const f = this.store.openBy(system, userid);
      if (!f) return { closed: null, purged: false };
      // A shared file's unlock and purge reach every system sharing the spool: without a path
      // to one (the issuer's node says which), the file stays open and nothing changes.
      if (noPath && f.shared) return { closed: null, purged: false, refused: noPath };
      if (how.purge || (!how.keep && !how.hold)) {
        this.store.remove([f.spoolid]);
        return { closed: f.spoolid, purged: true };
      }
      this.store.update({
        ...f,
        lock: null,
        hold: how.hold ? (f.hold === "NONE" ? "USER" : f.hold) : f.hold,
      });
      return { closed: f.spoolid, purged: false };
    });
  }

  /**
   * PURGE, CHANGE, TRANSFER and ORDER, planned and applied in one transaction. `owner` undefined
   * means every user's files (class D `... ALL`). Answers CP's lines and the notices with where to send them.
   */
  action(
    system: string,
    issuer: string,
    owner: string | undefined,
    action: FileAction,
    noPath?: NoPath,
  ): { rc: number; lines: string[]; notices: { userid: string; text: string; systems: string[] }[] } {
    const facts = this.xspool(system);
    if (!facts) return { rc: 0, lines: [], notices: [] };
    return this.storage.transactionSync(() => {
      const files = this.list(system, { owner, queue: action.queue === "ALL" ? undefined : action.queue });
      const plan = planAction(files, action, {
        system,
        issuer,
        sharedAs: (f) => isShared(facts, f.from, f.owner, f.queue),
        firstOrder: this.store.firstOrder(),
      });
      // A shared file changes on every system sharing the spool: without a path to one (the
      // issuer's node says which), nothing changes.
      const byId = new Map(files.map((f) => [f.spoolid, f]));
      const touchesShared =
        plan.update.some((f) => byId.get(f.spoolid)?.shared || f.shared) ||
        plan.purge.some((id) => byId.get(id)?.shared);
      if (noPath && touchesShared) {
        const refused = cpAnswer("HCPCSE9033E", { ...noPath });
        return { ...refused, notices: [] };
      }
      this.store.remove(plan.purge);
      for (const f of plan.update) this.store.update(f, f.lock ? this.store.lockUser(f.spoolid) : null);
      return {
        rc: plan.rc,
        lines: plan.lines,
        notices: plan.notices.map((n) => ({ userid: n.userid, text: n.text, systems: this.seenOn(n.file) })),
      };
    });
  }

  /**
   * CP TAG FILE: the tag of `owner`'s file `spoolid` as `system` sees it, set first when `set` is
   * given (null clears it). Undefined when the user has no such file there (HCPCSP042E's case).
   */
  tag(
    system: string,
    owner: string,
    spoolid: string,
    set?: { tag: string | null },
  ): { tag: string | null } | undefined {
    return this.storage.transactionSync(() => {
      if (!this.list(system, { owner }).some((f) => f.spoolid === spoolid)) return undefined;
      if (set) this.store.setTag(spoolid, set.tag);
      return { tag: this.store.tagOf(spoolid) };
    });
  }

  /** At IPL: the system's XSPOOL settings are read, nothing is open on its readers, and IPL CLEAN discards its unshared spool. */
  ipl(system: string, clean: boolean): number {
    const model = this.plex().config(system)?.model;
    return this.storage.transactionSync(() => {
      if (model)
        this
          .sql`UPDATE systems SET xspool = ${JSON.stringify(xspoolFacts(model, system))} WHERE sysname = ${system}`;
      this.store.unlock(system);
      if (!clean) return 0;
      const gone = this.store
        .all()
        .filter((f) => !f.shared && f.home === system)
        .map((f) => f.spoolid);
      this.store.remove(gone);
      return gone.length;
    });
  }

  /**
   * SPXTAPE on `system` for `issuer` with the plex tape `volser` on the drive, planned by
   * planSpxtape and carried out in one transaction: LOAD keeps each file's spool id when it is
   * free and shares it or keeps it on this system as XSPOOL says now, and stops where the spool is
   * full (9999 ids, the plex's spoolFiles or spoolBytes); DUMP writes and purges nothing when the
   * plex's tapes or tapeBytes would be passed.
   */
  spxtape(system: string, issuer: string, operator: boolean, volser: string, c: SpxtapeRequest): CpAnswer {
    const facts = this.xspool(system);
    if (!facts) return { rc: 0, lines: [] };
    const started = new Date();
    return this.storage.transactionSync(() => {
      const index = this.store.tapeIndex(volser);
      const plan = planSpxtape(c, {
        system,
        issuer,
        operator,
        volser,
        started,
        tape: index,
        visible: () => this.list(system, {}),
        all: () => this.store.all(),
      });
      if (plan.kind === "answer") return plan.answer;
      if (plan.kind === "dump") {
        const files = plan.files.map((f) => ({ meta: tapeFile(f), packed: this.store.data(f.spoolid) }));
        const bytes = files.reduce((n, f) => n + f.packed.length, 0);
        const over = this.tapeRoom(volser, bytes);
        if (over) return dumpRefused(over, volser, bytes);
        this.store.writeTape(volser, { system, user: issuer, at: started.toISOString() }, files);
        this.store.remove(plan.purge);
        return plan.answer;
      }
      const loaded: TapeFile[] = [];
      const limits = this.limits();
      const use = this.store.use();
      let left = 0;
      let full: Refusal | undefined;
      for (const { meta, seq } of plan.files) {
        // Once the spool is full it stays full in this transaction: count the rest, do not search again.
        if (left > 0) {
          left++;
          continue;
        }
        const packed = this.store.tapeData(volser, seq);
        full = spoolRoom(use, packed.length, limits);
        const spoolid = full
          ? undefined
          : this.store.free(meta.spoolid)
            ? meta.spoolid
            : this.store.allocate();
        if (!spoolid) {
          left++;
          continue;
        }
        const shared = isShared(facts, meta.from, meta.owner, meta.queue);
        this.store.insert({ ...meta, spoolid, home: system, shared, order: 0, lock: null }, packed);
        use.files++;
        use.bytes += packed.length;
        loaded.push(meta);
      }
      const why = full && limitOf(full) === "spoolBytes" ? "spoolBytes" : "spoolFiles";
      return spxtapeLoadAnswer(c, loaded, left, started, why);
    });
  }

  /** A tape as a document that can be downloaded and uploaded again, or undefined. */
  tapeExport(volser: string): TapeDocument | undefined {
    const index = this.store.tapeIndex(volser);
    if (!index) return undefined;
    return {
      format: TAPE_FORMAT,
      volser,
      written: index.written,
      writtenBy: index.by,
      files: index.files.map((meta, seq) => ({ ...meta, data: toBase64(this.store.tapeData(volser, seq)) })),
    };
  }

  /** The refusal of `bytes` onto tape `volser` past the plex's tapes or tapeBytes, or undefined. */
  private tapeRoom(volser: string, bytes: number): Refusal | undefined {
    const tape = { exists: this.store.hasTape(volser), had: this.store.tapeBytes(volser) };
    return tapeRoom(this.store.tapeUse(), tape, bytes, this.limits());
  }

  /** Makes an empty (scratch) tape unless there is one of that name; refused past the plex's tapes. */
  scratch(volser: string): Refused<{ made: boolean }> {
    return this.storage.transactionSync(() => {
      if (this.store.hasTape(volser)) return { ok: true as const, made: false };
      const over = this.tapeRoom(volser, 0);
      if (over) return over;
      this.store.scratch(volser);
      return { ok: true as const, made: true };
    });
  }

  /**
   * Writes an uploaded tape (replacing one of that name): its files as they were dumped. Refused,
   * with the old tape kept, past the plex's tapes or tapeBytes.
   */
  tapeImport(
    volser: string,
    files: { meta: TapeFile; packed: Uint8Array }[],
    by: string,
  ): Refused<{ bytes: number }> {
    const bytes = files.reduce((n, f) => n + f.packed.length, 0);
    return this.storage.transactionSync(() => {
      const over = this.tapeRoom(volser, bytes);
      if (over) return over;
      this.store.writeTape(volser, { system: "UPLOAD", user: by, at: new Date().toISOString() }, files);
      return { ok: true as const, bytes };
    });
  }
}
