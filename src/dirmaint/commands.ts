import { DASD_TYPES } from "../directory/statements";
import { CLASSES } from "../directory/operands";
import { HEX_DEVICE, USERID, VOLSER } from "../text/names";
import { dvh, dvhRc } from "./messages";

/**
 * The DIRM command line as a user types it (after "DIRM"): `[FOR target] [AT node] verb operands`.
 */

/** What each verb carries once its operands are checked. */
export type DirmOperation =
  /** `ADD userid` (entry from the requester's `userid DIRECT`), or `ADD newid LIKE proto PW pw`. */
  | { verb: "ADD"; userid: string; like?: string; password?: string }
  /** `FOR u PURGE [CLEAN|NOCLEAN]`. */
  | { verb: "PURGE"; clean: boolean }
  /** `FOR u AMDISK vdev devtype start|AUTOV size volser [mode]`: AUTOV takes the first free extent. */
  | {
      verb: "AMDISK";
      vdev: string;
      devtype: string;
      start: number | "AUTOV";
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

/** A refusal before anything reaches DIRMAINT: DirMaint's rc and lines. */
export type DirmParseRefusal = { ok: false; rc: number; lines: string[] };

/** Each verb with its shortest abbreviation (AMD and REV are seen in use; the rest are ours). */
const VERBS: readonly [DirmVerb, number][] = [
  ["ADD", 3],
  ["PURGE", 5],
  ["AMDISK", 3],
  ["DMDISK", 3],
  ["LINK", 4],
  ["DLINK", 5],
  ["SETPW", 5],
  ["PW", 2],
  ["CLASS", 5],
  ["REVIEW", 3],
  ["GET", 3],
  ["REPLACE", 3],
  ["UNLOCK", 6],
  ["USER", 4],
  ["DIRECT", 6],
  ["AUTHFOR", 7],
  ["DROPFOR", 7],
];

/** The verb a word stands for, full or abbreviated. */
export function lookupVerb(word: string): DirmVerb | undefined {
  const w = word.toUpperCase();
  for (const [verb, min] of VERBS) if (w.length >= min && verb.startsWith(w)) return verb;
  return undefined;
}

/** Access modes of MDISK and LINK (with CP's optional E, V or D suffix). */
const MODE = /^(RR|R|WR|W|MR|M|MW)[EVD]?$/;
/** A directory password: up to 8 characters, or NOLOG / NOPASS / AUTOONLY / LBYONLY. */
const PASSWORD = /^[A-Z0-9@#$]{1,8}$/;
const LEVELS = new Set(["140A", "150A"]);
const SETS = /^[A-Z0-9]{1,36}$/;
const NUMBER = /^[0-9]{1,8}$/;

class Refused extends Error {
  constructor(readonly refusal: DirmParseRefusal) {
    super("refused");
  }
}

function refuse(id: string, subs: Record<string, string | number>): never {
  throw new Refused({ ok: false, rc: dvhRc(id), lines: dvh(id, subs) });
}

/** The operands after the verb, read one by one; every error names the operand. */
class Operands {
  private i = 0;
  constructor(
    private readonly cmd: string,
    private readonly words: string[],
  ) {}
  /** The next operand, required. */
  need(operand: string): string {
    const w = this.words[this.i];
    if (w === undefined) refuse("DVHREQ2281E", { cmd: this.cmd, operand });
    this.i++;
    return w;
  }
  /** The next operand when there is one. */
  take(): string | undefined {
    return this.words[this.i++];
  }
  /** The next operand without taking it. */
  peek(): string | undefined {
    return this.words[this.i];
  }
  /** Refuses anything left over. */
  end(): void {
    const w = this.words[this.i];
    if (w !== undefined) refuse("DVHREQ2283E", { cmd: this.cmd, value: w });
  }
  check(ok: boolean, operand: string, value: string): void {
    if (!ok) refuse("DVHREQ2282E", { cmd: this.cmd, operand, value });
  }
  vdev(operand: string): string {
    const w = this.need(operand);
    this.check(HEX_DEVICE.test(w), operand, w);
    return w.padStart(4, "0");
  }
  userid(operand: string): string {
    const w = this.need(operand);
    this.check(USERID.test(w), operand, w);
    return w;
  }
  password(operand: string): string {
    const w = this.need(operand);
    this.check(PASSWORD.test(w), operand, w);
    return w;
  }
  mode(operand: string): string {
    const w = this.need(operand);
    this.check(MODE.test(w), operand, w);
    return w;
  }
  number(operand: string): number {
    const w = this.need(operand);
    this.check(NUMBER.test(w), operand, w);
    return Number(w);
  }
}

/** Parses a DIRM command line; a refusal carries DirMaint's rc and lines naming the operand. */
export function parseDirm(
  text: string,
  requester: string,
): { ok: true; command: DirmCommand } | DirmParseRefusal {
  try {
    return { ok: true, command: parseWords(text, requester.toUpperCase()) };
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

function parseWords(text: string, requester: string): DirmCommand {
  const words = text.trim().toUpperCase().split(/\s+/).filter(Boolean);
  let target: string | undefined;
  let node = "*";
  let i = 0;
  for (;;) {
    const w = words[i];
    if (w === "FOR" || w === "AT") {
      const value = words[i + 1];
      if (value === undefined) refuse("DVHREQ2281E", { cmd: "DIRM", operand: w });
      const ok = w === "FOR" ? USERID.test(value) || value === "ALL" : value === "*" || USERID.test(value);
      if (!ok) refuse("DVHREQ2282E", { cmd: "DIRM", operand: w, value });
      if (w === "FOR") target = value;
      else node = value;
      i += 2;
    } else break;
  }
  const word = words[i];
  if (word === undefined) refuse("DVHREQ2281E", { cmd: "DIRM", operand: "command" });
  const verb = lookupVerb(word);
  if (!verb) refuse("DVHREQ2280E", { cmd: word });
  const ops = new Operands(verb, words.slice(i + 1));
  const op = operation(verb, ops);
  ops.end();
  let forTarget = target ?? requester;
  if (op.verb === "ADD") forTarget = op.userid;
  if (forTarget === "ALL" && op.verb !== "AUTHFOR" && op.verb !== "DROPFOR") {
    refuse("DVHREQ2282E", { cmd: verb, operand: "FOR", value: "ALL" });
  }
  return { ...op, target: forTarget, node, text: text.trim() };
}

function operation(verb: DirmVerb, ops: Operands): DirmOperation {
  switch (verb) {
    case "ADD": {
      const userid = ops.userid("userid");
      if (ops.peek() === undefined) return { verb, userid };
      const like = ops.need("LIKE");
      ops.check(like === "LIKE", "LIKE", like);
      const proto = ops.userid("prototype");
      if (ops.peek() === undefined) return { verb, userid, like: proto };
      const pw = ops.need("PW");
      ops.check(pw === "PW", "PW", pw);
      return { verb, userid, like: proto, password: ops.password("password") };
    }
    case "PURGE":
    case "DMDISK": {
      const vdev = verb === "DMDISK" ? ops.vdev("vdev") : "";
      const opt = ops.take();
      if (opt !== undefined) ops.check(opt === "CLEAN" || opt === "NOCLEAN", "CLEAN", opt);
      const clean = opt === "CLEAN";
      return verb === "PURGE" ? { verb, clean } : { verb, vdev, clean };
    }
    case "AMDISK": {
      const vdev = ops.vdev("vdev");
      const devtype = ops.need("devtype");
      ops.check(DASD_TYPES.has(devtype), "devtype", devtype);
      const start = ops.peek() === "AUTOV" ? (ops.need("start") as "AUTOV") : ops.number("start");
      const size = ops.number("size");
      ops.check(size > 0, "size", String(size));
      const volser = ops.need("volser");
      ops.check(VOLSER.test(volser) || volser === "+VMRES" || volser === "&SYSRES", "volser", volser);
      const mode = ops.peek() === undefined ? "W" : ops.mode("mode");
      return { verb, vdev, devtype, start, size, volser, mode };
    }
    case "LINK": {
      const owner = ops.need("owner");
      ops.check(owner === "*" || USERID.test(owner), "owner", owner);
      const ownerVdev = ops.vdev("ownervdev");
      const vdev = ops.vdev("vdev");
      const mode = ops.need("mode");
      if (mode === "DELETE" || mode === "DEL") return { verb, owner, ownerVdev, vdev, delete: true };
      ops.check(MODE.test(mode), "mode", mode);
      return { verb, owner, ownerVdev, vdev, mode, delete: false };
    }
    case "DLINK":
      return { verb, vdev: ops.vdev("vdev") };
    case "SETPW":
    case "PW":
      return { verb, password: ops.password("password") };
    case "CLASS": {
      const classes = ops.need("classes");
      ops.check(CLASSES.test(classes), "classes", classes);
      return { verb, classes };
    }
    case "GET": {
      const opt = ops.take() ?? "LOCK";
      ops.check(opt === "LOCK" || opt === "NOLOCK", "LOCK", opt);
      return { verb, lock: opt === "LOCK" };
    }
    case "USER": {
      const opt = ops.take() ?? "NOPASS";
      ops.check(opt === "WITHPASS" || opt === "NOPASS", "WITHPASS", opt);
      return { verb, withpass: opt === "WITHPASS" };
    }
    case "REVIEW":
    case "REPLACE":
    case "UNLOCK":
    case "DIRECT":
      return { verb };
    case "AUTHFOR":
    case "DROPFOR": {
      const user = ops.userid("user");
      let userNode = "*";
      let cmdLevel: string | undefined;
      let cmdSets: string | undefined;
      for (let w = ops.take(); w !== undefined; w = ops.take()) {
        if (w === "CMDL" || w === "CMDLEVEL") {
          cmdLevel = ops.need("CMDL");
          ops.check(LEVELS.has(cmdLevel), "CMDL", cmdLevel);
        } else if (w === "CMDS" || w === "CMDSETS") {
          cmdSets = ops.need("CMDS");
          ops.check(SETS.test(cmdSets), "CMDS", cmdSets);
        } else {
          ops.check(userNode === "*" && cmdLevel === undefined && USERID.test(w), "node", w);
          userNode = w;
        }
      }
      if (verb === "DROPFOR") return { verb, user, userNode, cmdLevel, cmdSets };
      if (cmdLevel === undefined) refuse("DVHREQ2281E", { cmd: verb, operand: "CMDL" });
      if (cmdSets === undefined) refuse("DVHREQ2281E", { cmd: verb, operand: "CMDS" });
      return { verb, user, userNode, cmdLevel, cmdSets };
    }
  }
}

/**
 * The request as DirMaint may log or show it: a password (SETPW, PW, ADD ... PW) masked as REVIEW
 * masks them, so no console or change list shows it.
 */
export function maskedText(cmd: DirmCommand): string {
  const words = cmd.text.trim().split(/\s+/);
  const mask = (i: number) => {
    if (i >= 0 && i < words.length) words[i] = "XXXXXXXX";
  };
  if (cmd.verb === "SETPW" || cmd.verb === "PW") mask(words.length - 1);
  if (cmd.verb === "ADD") mask(words.findIndex((w) => w.toUpperCase() === "PW") + 1 || -1);
  return words.join(" ");
}
