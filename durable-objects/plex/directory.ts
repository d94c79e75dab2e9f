import { applyDirm, refusalForDiagnostics, type DirmResult } from "../../src/dirmaint/apply";
import type { Authorization } from "../../src/dirmaint/authority";
import { maskedText, parseDirm } from "../../src/dirmaint/commands";
import type { Diagnostic } from "../../src/diagnostics";
import { lintPlex } from "../../src/lint";
import { systemImage, type ImageUser } from "../../src/plex/image";
import { inputQuota } from "../../src/plex/quota";
import type { Limits } from "../../src/limits";
import type { Sql } from "../sql";
import type { CmsFileStore } from "./cms-files";
import type { PlexInputs } from "./inputs";

/** One DIRM request as DIRMAINT received it. */
export interface DirmRequest {
  requester: string;
  /** The system the request came from (the requester's A disk is read as that system sees it). */
  requesterSystem: string;
  /** The command after `DIRM`. */
  text: string;
  /** The user running DIRMAINT: PROTODIR files are on its 1DF (E disk). */
  dirmaint: string;
  /** The system DIRMAINT runs on. */
  system: string;
}

/** What DIRMAINT did with a request: DirMaint's answer, and the source version a change made. */
export type DirmOutcome = DirmResult & { version?: number };

/** A change DIRMAINT made, as `GET /directory` lists it. */
export interface DirectoryChange {
  version: number;
  requester: string;
  request: string;
  changed: string[];
  at: string;
}

/** The source's version and each system's object directory, as the Plex knows them. */
export interface DirectoryVersions {
  /** The source directory's version now. */
  version: number;
  /** The version the last PUT /directory (or the plex's creation) wrote on every system. */
  base: number;
  /** Per system, the version of the object directory it runs with. */
  systems: Record<string, number>;
  /** DIRMAINT as it last started: its system, its user, its CONFIG DATADVH. */
  dirmaint?: { system: string; userid: string; config: string | null };
  changes: DirectoryChange[];
}

/**
 * How many versions behind the current one a source text is kept for a lagging system; one
 * further behind loads the newest when it next loads (its changes are in it).
 */
const KEPT_VERSIONS = 64;

/** The E disk of DIRMAINT, where `DIRM FILE` keeps PROTODIR files (the bootcamp corpus: "E2"). */
const PROTODIR_DISK = "01DF";
/** The A disk of a requester, where `DIRM ADD userid` and `REPLACE` find `userid DIRECT`. */
const A_DISK = "0191";

/**
 * The source directory as DirMaint keeps it (#12): each DIRM change is a new version of the source;
 * the texts of versions some system has not applied yet are kept, so a satellite that catches up,
 * or a system IPLed while behind, loads exactly the version it reached. A PUT /directory (the
 * seed's first step: DIRECTXA everywhere from a USER WITHPASS file) is a new base for every system.
 */
export class PlexDirectory {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly sql: Sql,
    private readonly inputs: PlexInputs,
    private readonly files: CmsFileStore,
    private readonly limits: () => Limits,
  ) {}

  /** The version of the last PUT /directory (or creation): every system's object directory is at least that. */
  base(): number {
    return this.sql<{ b: number }>`SELECT directory_base AS b FROM plex`[0]?.b ?? 1;
  }

  /** The version of the object directory `sysname` runs with (at least the base). */
  systemVersion(sysname: string): number {
    const r = this.sql<{
      v: number | null;
    }>`SELECT directory_version AS v FROM systems WHERE sysname = ${sysname}`[0];
    return Math.max(this.base(), r?.v ?? 0);
  }

  /** Every system's object directory version (at least the base), in one read. */
  private systemVersions(): Map<string, number> {
    const base = this.base();
    return new Map(
      this.sql<{
        sysname: string;
        v: number | null;
      }>`SELECT sysname, directory_version AS v FROM systems`.map((r) => [
        r.sysname,
        Math.max(base, r.v ?? 0),
      ]),
    );
  }

  /** A PUT /directory replaced the source (inside the caller's transaction): the new base for every system. */
  rebased(version: number): void {
    this.sql`UPDATE plex SET directory_base = ${version}`;
    this.sql`UPDATE systems SET directory_version = NULL`;
    this.sql`DELETE FROM directory_versions`;
  }

  /** DIRMAINT's processing of one request against the source, at once: parsed, checked, applied, stored. */
  apply(req: DirmRequest): DirmOutcome {
    const p = this.inputs.linted();
    if (!p) return { ok: false, rc: 100, lines: ["DIRMAINT: no such plex"] };
    const parsed = parseDirm(req.text, req.requester);
    if (!parsed.ok) return parsed;
    const cmd = parsed.command;
    const input = this.inputs.input();
    const source = input.directory ?? "";
    const state = this.state();
    const read = (sys: string, owner: string, vdev: string, fn: string, ft: string) => {
      const r = this.files.readOn(p.view, p.name, sys, owner, vdev, fn, ft);
      return r.ok ? r.text : undefined;
    };
    const result = applyDirm(cmd, {
      requester: req.requester,
      requesterSystem: req.requesterSystem,
      source,
      authorizations: state.authorizations,
      locks: state.locks,
      files: (userid, fn, ft) => read(req.requesterSystem, userid, A_DISK, fn, ft),
      prototypes: (name) => read(req.system, req.dirmaint, PROTODIR_DISK, name, "PROTODIR"),
    });
    if (!result.ok) return result;
    const changedSource = result.source !== undefined && result.source !== source;
    let next: ReturnType<typeof lintPlex> | undefined;
    if (changedSource) {
      next = lintPlex({ ...input, directory: result.source! });
      // Only what the change broke refuses it: a finding the source had before is not the requester's.
      const before = new Set(p.diagnostics.map(findingKey));
      const broken = next.diagnostics.filter(
        (d) => (d.severity === "error" || BREAKS_DIRECTORY.has(d.code)) && !before.has(findingKey(d)),
      );
      if (broken.length > 0) return refusalForDiagnostics(cmd, broken);
      const over = inputQuota(next.plex, this.limits());
      if (over) return { ok: false, rc: 413, lines: [over.message] };
    }
    let version: number | undefined;
    this.storage.transactionSync(() => {
      if (result.authorizations) this.putState("authorizations", result.authorizations);
      if (result.locks) this.putState("locks", result.locks);
      if (!changedSource) return;
      const current = this.inputs.versions()!.directory;
      // The version being replaced stays readable while some system runs with it.
      this.sql`INSERT OR IGNORE INTO directory_versions (version, text, requester, request, changed, created)
               VALUES (${current}, ${source}, '', '', '[]', ${new Date().toISOString()})`;
      this.inputs.writeDirectory(result.source!);
      version = current + 1;
      this.sql`INSERT INTO directory_versions (version, text, requester, request, changed, created)
               VALUES (${version}, ${result.source!}, ${req.requester}, ${maskedText(cmd)}, ${JSON.stringify(result.changed)},
                       ${new Date().toISOString()})`;
    });
    if (next) this.inputs.keep(next.plex, next.diagnostics);
    return version === undefined ? result : { ...result, version };
  }

  /**
   * The object directory of version `version` for `sysname` (IPLed from `iplVolume`), for a
   * satellite applying DIRMAINT's update file or DIRMAINT putting a change online on its own
   * system; `skip` when the system has that version or a later one already (files applied twice,
   * or out of order, change nothing). Recorded as the system's version.
   */
  objectDirectory(
    sysname: string,
    version: number,
    iplVolume?: string,
  ): { users: Record<string, ImageUser>; version: number } | { skip: number } | { missing: string } {
    const v = this.inputs.versions();
    if (!this.inputs.linted() || !v) return { missing: "the plex is being deleted" };
    const have = this.systemVersion(sysname);
    if (version <= have) return { skip: have };
    if (version > v.directory)
      return { missing: `version ${version} of the source directory does not exist` };
    // A version no longer kept (the system was further behind than KEPT_VERSIONS): the newest.
    const at = this.textAt(version) === undefined ? v.directory : version;
    const users = this.usersAt(sysname, at, iplVolume)!;
    this.sql`UPDATE systems SET directory_version = ${at} WHERE sysname = ${sysname}`;
    this.collect();
    return { users, version: at };
  }

  /** The users `sysname` loads at IPL: the object directory it has (its version), not the newest source. */
  imageUsers(
    sysname: string,
    iplVolume?: string,
  ): { users: Record<string, ImageUser>; version: number } | undefined {
    const current = this.inputs.versions()?.directory;
    const version = this.systemVersion(sysname);
    if (current === undefined || version >= current) return undefined;
    const users = this.usersAt(sysname, version, iplVolume);
    // Its version is no longer kept: it comes up with the newest, and says so in GET /directory.
    if (!users) this.sql`UPDATE systems SET directory_version = ${current} WHERE sysname = ${sysname}`;
    return users && { users, version };
  }

  /** DIRMAINT started on `system` with this CONFIG DATADVH (null: none on its 11F). */
  started(system: string, userid: string, config: string | null): void {
    this.sql`INSERT INTO dirmaint (id, system, userid, config) VALUES (1, ${system}, ${userid}, ${config})
             ON CONFLICT (id) DO UPDATE SET system = excluded.system, userid = excluded.userid, config = excluded.config`;
  }

  /** The versions and the changes since the base, for `GET /directory`. */
  versions(): DirectoryVersions | undefined {
    const v = this.inputs.versions();
    if (!v) return undefined;
    const systems = Object.fromEntries(this.systemVersions());
    const d = this.sql<{ system: string; userid: string; config: string | null }>`
      SELECT system, userid, config FROM dirmaint`[0];
    const changes = this.sql<{
      version: number;
      requester: string;
      request: string;
      changed: string;
      created: string;
    }>`
      SELECT version, requester, request, changed, created FROM directory_versions
      WHERE requester != '' ORDER BY version DESC LIMIT 50`.map((r) => ({
      version: r.version,
      requester: r.requester,
      request: r.request,
      changed: JSON.parse(r.changed) as string[],
      at: r.created,
    }));
    return { version: v.directory, base: this.base(), systems, ...(d ? { dirmaint: d } : {}), changes };
  }

  /** The users of version `version` as `sysname` resolves them, or undefined when that text is gone. */
  private usersAt(
    sysname: string,
    version: number,
    iplVolume?: string,
  ): Record<string, ImageUser> | undefined {
    const v = this.inputs.versions();
    const linted = this.inputs.linted();
    const text = this.textAt(version);
    if (!v || !linted || text === undefined) return undefined;
    const view =
      version === v.directory ? linted.view : lintPlex({ ...this.inputs.input(), directory: text }).plex;
    return systemImage(view, sysname, iplVolume, version, v.inputs)?.users;
  }

  /** The source's text at `version`, if it is the current one or still kept. */
  private textAt(version: number): string | undefined {
    const v = this.inputs.versions();
    if (v && version === v.directory) return this.inputs.input().directory ?? "";
    return this.sql<{ text: string }>`SELECT text FROM directory_versions WHERE version = ${version}`[0]
      ?.text;
  }

  /**
   * Drops the texts of versions every system of the plex is past (the current one is the inputs'
   * own), and any more than KEPT_VERSIONS behind the current: a system that never catches up (no
   * satellite, DOWN for good) cannot make every later change keep a copy of the source.
   */
  private collect(): void {
    const current = this.inputs.versions()?.directory;
    const systems = this.inputs.linted()?.view.systems ?? [];
    if (current === undefined || systems.length === 0) return;
    const versions = this.systemVersions();
    const oldest = Math.min(...systems.map((s) => versions.get(s) ?? this.base()));
    this.sql`DELETE FROM directory_versions WHERE version < ${Math.max(oldest, current - KEPT_VERSIONS)}`;
  }

  private state(): { authorizations: Authorization[]; locks: Record<string, string> } {
    const rows = this.sql<{ key: string; value: string }>`SELECT key, value FROM dirmaint_state`;
    const get = (k: string) => rows.find((r) => r.key === k)?.value;
    return {
      authorizations: JSON.parse(get("authorizations") ?? "[]") as Authorization[],
      locks: JSON.parse(get("locks") ?? "{}") as Record<string, string>,
    };
  }

  private putState(key: "authorizations" | "locks", value: unknown): void {
    this.sql`INSERT INTO dirmaint_state (key, value) VALUES (${key}, ${JSON.stringify(value)})
             ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
  }
}

/**
 * Findings CP would take that DirMaint refuses in a change (#12 item 3): an extent on another's
 * cylinders, a volume nobody knows, a SYSAFFIN for a system the directory does not have.
 */
const BREAKS_DIRECTORY = new Set(["MDISK-OVERLAP", "MDISK-VOLUME-UNKNOWN", "DIR-SYSAFFIN"]);

/** A finding without its line, so one that only moved with the edit counts as the same. */
function findingKey(d: Diagnostic): string {
  return `${d.file} ${d.code} ${d.message}`;
}
