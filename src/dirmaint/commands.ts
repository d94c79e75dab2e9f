/**
 * The DIRM command line as a user types it (after "DIRM"): `[FOR target] [AT node] verb operands`.
 */

/** What each verb carries once its operands are checked. */
export type DirmOperation =
  /** `ADD userid` (entry from the requester's `userid DIRECT`), or `ADD newid LIKE proto PW pw`. */
  | { verb: "ADD"; userid: string; like?: string; password?: string }
  /** `FOR u PURGE [CLEAN|NOCLEAN]`. */
  | { verb: "PURGE"; clean: boolean }
  /** `FOR u AMDISK vdev devtype start size volser [mode]`. */
  | {
      verb: "AMDISK";
      vdev: string;
      devtype: string;
      start: number;
      size: number;
      volser: string;
      mode: string;
    }
  /** `FOR u DMDISK vdev [CLEAN|NOCLEAN]`. */
  | { verb: "DMDISK"; vdev: string; clean: boolean }
  /** `FOR u LINK owner ownervdev vdev mode` or `... vdev DELETE` (mode undefined). */
  | { verb: "LINK"; owner: string; ownerVdev: string; vdev: string; mode?: string; delete: boolean }
  /** `FOR owner DLINK vdev`: remove other entries' links to the owner's vdev. */
  | { verb: "DLINK"; vdev: string }
  /** `FOR u SETPW pw` (someone else's password) / `PW pw` (one's own). */
  | { verb: "SETPW" | "PW"; password: string }
  /** `FOR u CLASS classes`. */
  | { verb: "CLASS"; classes: string }
  /** `FOR u REVIEW`: the entry to the requester's reader, no lock. */
  | { verb: "REVIEW" }
  /** `FOR u GET [LOCK|NOLOCK]`. */
  | { verb: "GET"; lock: boolean }
  /** `FOR u REPLACE`: the requester's `u DIRECT` replaces the entry; needs the lock. */
  | { verb: "REPLACE" }
  /** `FOR u UNLOCK`. */
  | { verb: "UNLOCK" }
  /** `USER WITHPASS` (or `USER NOPASS`): the whole source to the reader. */
  | { verb: "USER"; withpass: boolean }
  /** `DIRECT`: put the directory online now. */
  | { verb: "DIRECT" }
  /** `FOR target AUTHFOR user [node] CMDL level CMDS sets`. */
  | { verb: "AUTHFOR"; user: string; userNode: string; cmdLevel: string; cmdSets: string }
  /** `FOR target DROPFOR user [node] [CMDL level] [CMDS sets]`. */
  | { verb: "DROPFOR"; user: string; userNode: string; cmdLevel?: string; cmdSets?: string };

/** A parsed DIRM request. */
export type DirmCommand = DirmOperation & {
  /** The entry the request is for: the FOR operand, or the requester (ALL for `FOR ALL`). */
  target: string;
  /** The AT operand: the system the change is for, "*" for all. */
  node: string;
  /** The request as typed, for logs. */
  text: string;
};

/** The verbs, as DirMaint names them in its messages. */
export type DirmVerb = DirmOperation["verb"];

/** Parses a DIRM command line; a refusal carries DirMaint's rc and lines naming the operand. */
export function parseDirm(
  text: string,
  requester: string,
): { ok: true; command: DirmCommand } | { ok: false; rc: number; lines: string[] } {
  void text;
  void requester;
  throw new Error("parseDirm: not yet");
}
