import { USERID } from "../text/names";
import { diag, type Severity } from "../diagnostics";
import { isBlank, RecordReader, WordCache } from "../text/records";
import {
  DASD_TYPES,
  DEVICE_KEYWORDS,
  ENTRY_KEYWORDS,
  MIN_OPERANDS,
  VERBATIM_KEYWORDS,
  lookupStatement,
} from "./statements";
import type { DirectoryControl, DirStatement, LinkDef, MdiskDef, SourceDirectory, UserEntry } from "./types";

const HEX_VDEV = /^[0-9A-F]{1,4}$/;
const DIGITS = /^[0-9]{1,10}$/;
const STORAGE = /^[0-9]{1,10}[KMGTPE]?$/;
const CLASSES = /^[A-Z1-6]{1,32}$/;
const PRIORITY = /^[0-9]{1,2}$/;
/** R RR W WR M MR MW, the stable/exclusive SR SW SM ER EW, and a suffix letter (V virtual reserve). */
const MODE = /^(RR|WR|MR|MW|SR|SW|SM|ER|EW|R|W|M)[VED]?$/;
const CPUID_MODEL = /^\*?([0-9A-F%*]{1,8})(?:-([0-9A-Z]{1,4}))?$/;
const IPL_SYMBOLS = new Set(["+VMRES", "&SYSRES"]);
const DIRMAINT_ALLOCATION = new Set(["AUTOG", "AUTOV", "AUTOR"]);
/** `*`: a record whose first word starts with it is a comment. */
const STAR = 42;
/** Statements that neither are general statements nor are devices, for the MDISK ordering check. */
const ORDER_NEUTRAL = new Set(["SYSAFFIN", "INCLUDE"]);

/** Normalises a virtual or real device number to four upper-case hex digits, or undefined. */
export function normalizeVdev(text: string): string | undefined {
  const t = text.toUpperCase();
  return HEX_VDEV.test(t) ? t.padStart(4, "0") : undefined;
}

/** Bytes a USER storage operand stands for ("64M" → 64 MiB); bare digits are bytes. */
export function storageBytes(text: string): number | undefined {
  const t = text.toUpperCase();
  if (!STORAGE.test(t)) return undefined;
  const power = "KMGTPE".indexOf(t[t.length - 1]) + 1;
  return Number(power > 0 ? t.slice(0, -1) : t) * 1024 ** power;
}

/** Keeps quoted tokens short, so a diagnostic on a huge line stays readable. */
function q(text: string): string {
  return text.length > 24 ? `${text.slice(0, 21)}...` : text;
}

/** A statement being read, with its operand words for columns. */
interface Stmt {
  st: DirStatement;
  /** Upper-cased operands (as st.operands). */
  ops: string[];
  /** Operand words as written (as st.words). */
  w: string[];
  /**
   * 1-based column of each operand word (the first `ops.length` entries): the parser's scratch
   * array, reused for the next record, until `kept` copies it.
   */
  cols: number[];
}

/** A statement to look at again after the record it came from (the parser reuses `cols`). */
function kept(s: Stmt): Stmt {
  return { st: s.st, ops: s.ops, w: s.w, cols: s.cols.slice(0, s.ops.length) };
}

interface EntryState {
  entry: UserEntry;
  /** False for an entry whose header was unusable: its statements are skipped, not reported. */
  valid: boolean;
  scope: string[] | null;
  sawMdisk: boolean;
  includes: number;
  firstStatement: boolean;
}

/**
 * Parses a source directory (USER DIRECT) into DIRECTORY control statements, GLOBALDEFS, PROFILE,
 * USER/IDENTITY and SUBCONFIG entries. Never throws: every problem is a diagnostic.
 */
export function parseDirectory(text: string, file = "USER DIRECT"): SourceDirectory {
  const parser = new Parser(file);
  const reader = new RecordReader(typeof text === "string" ? text : String(text));
  while (reader.next()) parser.record(reader.text, reader.line, reader.start, reader.end);
  parser.crossCheck();
  return parser.src;
}

class Parser {
  readonly src: SourceDirectory;
  private state: EntryState | null = null;
  private inGlobaldefs = false;
  private sawGlobaldefs = false;
  private sawEntry = false;
  private readonly userIds = new Map<string, UserEntry>();
  private readonly includes: DirStatement[] = [];
  private readonly builds: Stmt[] = [];
  private readonly sysaffins: Stmt[] = [];
  /** Reused for every record: its words, and their columns (a Stmt's `cols` until `kept`). */
  private readonly scratchWords: string[] = [];
  private readonly scratchColumns: number[] = [];
  private readonly cache = new WordCache();

  constructor(file: string) {
    this.src = {
      file,
      directories: [],
      globaldefs: [],
      profiles: new Map(),
      users: [],
      subconfigs: new Map(),
      diagnostics: [],
    };
  }

  /** Reports at operand `i` of the statement, or at its keyword when `i` is -1 or past the end. */
  private report(s: Stmt, i: number, severity: Severity, code: string, message: string): void {
    const column = i >= 0 && i < s.ops.length ? s.cols[i] : s.st.column;
    this.src.diagnostics.push(diag(this.src.file, s.st.line, column, severity, code, message));
  }

  private error(s: Stmt, i: number, code: string, message: string): void {
    this.report(s, i, "error", code, message);
  }

  private warn(s: Stmt, i: number, code: string, message: string): void {
    this.report(s, i, "warning", code, message);
  }

  /**
   * Reads the record `text.slice(start, end)`: its blank-delimited words, as `words()` splits them,
   * are scanned here in place, so a big directory costs no per-record or per-word objects.
   */
  record(text: string, line: number, start: number, end: number): void {
    let i = start;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i === end || text.charCodeAt(i) === STAR) return; // blank, or a comment
    const headStart = i;
    let headHash = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (isBlank(c)) break;
      headHash = WordCache.step(headHash, c);
    }
    // Cached, the keyword's string keeps its hash for the statement table's lookup.
    const headText = this.cache.get(text, headStart, i, headHash);
    const headColumn = headStart - start + 1;
    const keyword = lookupStatement(headText);
    if (keyword === undefined) {
      const message = `${q(headText)} is not a directory statement`;
      this.src.diagnostics.push(diag(this.src.file, line, headColumn, "error", "DIR-UNKNOWN-STMT", message));
      return;
    }
    const verbatim = VERBATIM_KEYWORDS.has(keyword);
    // Words and columns go to scratch arrays first: the words are then copied to an array of their
    // exact size (an array grown by push keeps room for 17), as every statement's words are kept.
    const scratch = this.scratchWords;
    const cols = this.scratchColumns;
    let count = 0;
    let changed = false;
    for (;;) {
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      if (i === end) break;
      const wordStart = i;
      // Only a lower-case ASCII letter or a non-ASCII character can change when upper-cased.
      let casedChar = false;
      let hash = 0;
      for (; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c >= 97) {
          if (c <= 122 || c >= 128) {
            if (isBlank(c)) break;
            casedChar = true;
          }
        } else if (c <= 32 && isBlank(c)) break;
        hash = WordCache.step(hash, c);
      }
      const word = this.cache.get(text, wordStart, i, hash);
      scratch[count] = word;
      cols[count] = wordStart - start + 1;
      count++;
      if (casedChar && !verbatim && !changed && word !== word.toUpperCase()) changed = true;
    }
    const original = scratch.slice(0, count);
    // Most directories are upper case already: then operands and words share one (read-only) array.
    const operands = changed ? original.map((t) => t.toUpperCase()) : original;
    // Every field set up front (mdisk/link too) keeps one object shape, which matters at 100k+ statements.
    const st: DirStatement = {
      keyword,
      operands,
      words: original,
      line,
      column: headColumn,
      file: this.src.file,
      sysaffin: this.state ? this.state.scope : null,
      mdisk: undefined,
      link: undefined,
    };
    const s: Stmt = { st, ops: operands, w: original, cols };

    if (keyword === "DIRECTORY") this.directory(s);
    else if (keyword === "GLOBALDEFS") this.globaldefs(s);
    else if (ENTRY_KEYWORDS.has(keyword)) this.header(s);
    else if (this.state) this.entryStatement(this.state, s);
    else if (this.inGlobaldefs) {
      this.checkOperandCount(s);
      this.src.globaldefs.push(st);
    } else {
      this.error(
        s,
        -1,
        "DIR-OUTSIDE",
        `${keyword} is outside any entry: USER, IDENTITY, PROFILE or SUBCONFIG must come first`,
      );
    }
  }

  /** `DIRECTORY vdev devtype volser [*cpuid-model] [sysname]`. */
  private directory(s: Stmt): void {
    const { ops } = s;
    if (this.sawEntry || this.sawGlobaldefs) {
      this.warn(s, -1, "DIR-ORDER", "DIRECTORY statements belong before GLOBALDEFS and the entries");
    }
    if (ops.length < 3)
      return this.error(s, -1, "DIR-DIRECTORY", "DIRECTORY needs vdev, device type and volume label");
    const vdev = normalizeVdev(ops[0]);
    if (!vdev) return this.error(s, 0, "DIR-DIRECTORY", `DIRECTORY: ${q(s.w[0])} is not a device number`);
    if (ops[2].length > 6) {
      return this.error(s, 2, "DIR-DIRECTORY", `DIRECTORY: volume label ${q(s.w[2])} is longer than 6`);
    }
    const control: DirectoryControl = {
      vdev,
      devtype: ops[1],
      volser: ops[2],
      line: s.st.line,
      column: s.st.column,
    };
    let i = 3;
    if (i < ops.length && (ops[i].startsWith("*") || ops[i].includes("-"))) {
      const m = CPUID_MODEL.exec(ops[i]);
      if (m) {
        control.cpuid = m[1];
        if (m[2]) control.model = m[2];
      } else this.error(s, i, "DIR-DIRECTORY", `DIRECTORY: ${q(s.w[i])} is not *cpuid-model`);
      i++;
    }
    if (i < ops.length) {
      if (USERID.test(ops[i])) control.sysname = ops[i];
      else this.error(s, i, "DIR-DIRECTORY", `DIRECTORY: ${q(s.w[i])} is not a system name`);
      i++;
    }
    if (i < ops.length) this.warn(s, i, "DIR-EXTRA", "DIRECTORY: extra operands ignored");
    this.src.directories.push(control);
  }

  private globaldefs(s: Stmt): void {
    if (this.sawGlobaldefs) this.warn(s, -1, "DIR-GLOBALDEFS", "GLOBALDEFS appears more than once");
    if (this.sawEntry)
      this.warn(s, -1, "DIR-ORDER", "GLOBALDEFS belongs before the PROFILE and USER entries");
    if (s.ops.length > 0) this.warn(s, 0, "DIR-EXTRA", "GLOBALDEFS takes no operands");
    this.sawGlobaldefs = true;
    this.inGlobaldefs = true;
    this.state = null;
  }

  /** USER, IDENTITY, SUBCONFIG or PROFILE: starts an entry. */
  private header(s: Stmt): void {
    const kind = s.st.keyword as UserEntry["kind"];
    this.inGlobaldefs = false;
    this.sawEntry = true;
    s.st.sysaffin = null;
    const entry = this.readHeader(kind, s);
    this.state = {
      entry: entry ?? { kind, userid: "", line: s.st.line, column: s.st.column, statements: [] },
      valid: entry !== undefined,
      scope: null,
      sawMdisk: false,
      includes: 0,
      firstStatement: true,
    };
    if (!entry) return;
    const id = entry.userid;
    const { profiles, subconfigs } = this.src;
    if (kind === "PROFILE") {
      if (profiles.has(id)) this.error(s, 0, "DIR-DUP-PROFILE", `PROFILE ${id} is defined twice`);
      else profiles.set(id, entry);
    } else if (kind === "SUBCONFIG") {
      if (subconfigs.has(id) || this.userIds.has(id))
        this.error(s, 0, "DIR-DUP-USER", `SUBCONFIG ${id} repeats an entry name`);
      else subconfigs.set(id, entry);
    } else {
      const previous = this.userIds.get(id) ?? subconfigs.get(id);
      if (previous) {
        this.error(s, 0, "DIR-DUP-USER", `${kind} ${id} is already defined at line ${previous.line}`);
      } else {
        this.userIds.set(id, entry);
        this.src.users.push(entry);
      }
    }
  }

  /** The entry a header defines; undefined when it has no usable name. */
  private readHeader(kind: UserEntry["kind"], s: Stmt): UserEntry | undefined {
    const { ops, w } = s;
    if (ops.length === 0) {
      this.error(s, -1, "DIR-USERID", `${kind} needs a name`);
      return undefined;
    }
    const id = ops[0];
    if (!USERID.test(id)) {
      this.error(
        s,
        0,
        "DIR-USERID",
        `${kind} ${q(w[0])}: a name is 1 to 8 characters from A-Z 0-9 @ # $ _ -`,
      );
      return undefined;
    }
    const entry: UserEntry = { kind, userid: id, line: s.st.line, column: s.st.column, statements: [] };
    if (kind === "PROFILE" || kind === "SUBCONFIG") {
      if (ops.length > 1) this.warn(s, 1, "DIR-EXTRA", `${kind} takes one name`);
      return entry;
    }
    // USER/IDENTITY userid password [storage [maxstorage [classes [priority]]]]
    if (ops.length < 2) {
      this.error(s, -1, "DIR-USER", `${kind} ${id} has no password (use NOLOG, NOPASS, LBYONLY or AUTOONLY)`);
      return entry;
    }
    entry.password = ops[1];
    if (ops[1].length > 8)
      this.error(s, 1, "DIR-USER", `${kind} ${id}: the password is longer than 8 characters`);
    const initial = ops.length > 2 ? storageBytes(ops[2]) : undefined;
    if (ops.length > 2) {
      entry.storage = ops[2];
      if (initial === undefined)
        this.error(s, 2, "DIR-STORAGE", `${kind} ${id}: ${q(w[2])} is not a storage size`);
    }
    if (ops.length > 3) {
      entry.maxStorage = ops[3];
      const max = storageBytes(ops[3]);
      if (max === undefined)
        this.error(s, 3, "DIR-STORAGE", `${kind} ${id}: ${q(w[3])} is not a storage size`);
      else if (initial !== undefined && initial > max) {
        this.warn(
          s,
          2,
          "DIR-STORAGE",
          `${kind} ${id}: initial storage ${ops[2]} exceeds the maximum ${ops[3]}`,
        );
      }
    }
    if (ops.length > 4) {
      entry.classes = ops[4];
      if (!CLASSES.test(ops[4])) {
        this.error(s, 4, "DIR-CLASS", `${kind} ${id}: ${q(w[4])} is not a privilege class string`);
      }
    }
    if (ops.length > 5 && !PRIORITY.test(ops[5])) {
      this.warn(s, 5, "DIR-USER", `${kind} ${id}: priority ${q(w[5])} is not 1-99`);
    }
    if (ops.length > 6)
      this.warn(s, 6, "DIR-EXTRA", `${kind} ${id}: operands after the priority are ignored`);
    return entry;
  }

  /** Checks MIN_OPERANDS; false (and an error) when the statement is short. */
  private checkOperandCount(s: Stmt): boolean {
    const need = MIN_OPERANDS.get(s.st.keyword);
    if (need === undefined || s.ops.length >= need) return true;
    this.error(
      s,
      -1,
      "DIR-OPERAND",
      `${s.st.keyword} needs at least ${need} operand${need === 1 ? "" : "s"}`,
    );
    return false;
  }

  /** A statement inside an entry. */
  private entryStatement(state: EntryState, s: Stmt): void {
    if (!state.valid) return;
    const { st, ops, w } = s;
    const { entry } = state;
    const keyword = st.keyword;
    const first = state.firstStatement;
    state.firstStatement = false;
    entry.statements.push(st);
    if (!this.checkOperandCount(s)) return;

    switch (keyword) {
      case "SYSAFFIN":
        this.sysaffin(state, s);
        break;
      case "INCLUDE":
        state.includes++;
        if (entry.kind === "PROFILE" || entry.kind === "SUBCONFIG") {
          this.error(s, -1, "DIR-INCLUDE", `INCLUDE is not allowed in a ${entry.kind} entry`);
        } else if (state.includes > 1) {
          this.error(s, -1, "DIR-INCLUDE", `${entry.userid} has more than one INCLUDE`);
        } else {
          if (!first) this.warn(s, -1, "DIR-INCLUDE", "INCLUDE should come right after the USER statement");
          this.includes.push(st);
        }
        if (ops.length > 1) this.warn(s, 1, "DIR-EXTRA", "INCLUDE takes one profile name");
        break;
      case "MDISK":
        st.mdisk = this.mdisk(s);
        break;
      case "LINK":
        st.link = this.link(s);
        break;
      case "BUILD":
        if (entry.kind !== "IDENTITY") this.error(s, -1, "DIR-BUILD", "BUILD belongs in an IDENTITY entry");
        else if (ops.length < 5 || ops[0] !== "ON" || ops[2] !== "USING" || ops[3] !== "SUBCONFIG") {
          this.error(s, -1, "DIR-BUILD", "BUILD needs the form BUILD ON member USING SUBCONFIG id");
        } else this.builds.push(kept(s));
        break;
      case "XSTORE":
        this.warn(s, -1, "DIR-OBSOLETE", "XSTORE is accepted for compatibility and has no function");
        break;
      case "CONSOLE":
      case "DEDICATE":
      case "SPECIAL":
      case "SPOOL":
      case "NICDEF":
        if (!normalizeVdev(ops[0]))
          this.error(s, 0, "DIR-VDEV", `${keyword}: ${q(w[0])} is not a device number`);
        break;
      case "CLASS":
        if (!CLASSES.test(ops[0]))
          this.error(s, 0, "DIR-CLASS", `CLASS: ${q(w[0])} is not a privilege class string`);
        break;
      case "STORAGE":
      case "MAXSTORAGE":
        if (storageBytes(ops[0]) === undefined) {
          this.error(s, 0, "DIR-STORAGE", `${keyword}: ${q(w[0])} is not a storage size`);
        }
        break;
    }

    // z/VM documents that MDISK follows the general statements; IBM's own samples put NAMESAVE after
    // CONSOLE, so only a general statement after an MDISK is flagged.
    if (keyword === "MDISK") state.sawMdisk = true;
    else if (state.sawMdisk && !DEVICE_KEYWORDS.has(keyword) && !ORDER_NEUTRAL.has(keyword)) {
      this.warn(
        s,
        -1,
        "DIR-ORDER",
        `${keyword} is a general statement and belongs before the MDISK statements`,
      );
    }
  }

  /** `SYSAFFIN sys [sys ...]` or `SYSAFFIN *`: scopes what follows, to the next SYSAFFIN or the entry's end. */
  private sysaffin(state: EntryState, s: Stmt): void {
    const { ops, w } = s;
    if (state.entry.kind === "SUBCONFIG") {
      this.warn(s, -1, "DIR-SYSAFFIN", "SYSAFFIN in a SUBCONFIG entry, which is one system's already");
    }
    if (ops.length === 0) {
      this.error(s, -1, "DIR-SYSAFFIN", "SYSAFFIN names no system");
      state.scope = []; // what follows applies nowhere
    } else if (ops.includes("*")) {
      if (ops.length > 1) this.warn(s, 1, "DIR-SYSAFFIN", "SYSAFFIN * already means every system");
      state.scope = null;
    } else {
      for (let i = 0; i < ops.length; i++) {
        if (!USERID.test(ops[i]))
          this.error(s, i, "DIR-SYSAFFIN", `SYSAFFIN: ${q(w[i])} is not a system name`);
      }
      state.scope = [...new Set(ops)];
      this.sysaffins.push(kept(s));
    }
    s.st.sysaffin = state.scope;
  }

  /**
   * MDISK in its DIRECTXA forms: extent (`start count|END volser`), `DEVNO rdev`, `V-DISK blocks`,
   * `T-DISK count`; then `[mode [readpw [writepw [multipw]]]]`.
   */
  private mdisk(s: Stmt): MdiskDef | undefined {
    const { st, ops, w } = s;
    const vdev = normalizeVdev(ops[0]);
    if (!vdev) {
      this.error(s, 0, "DIR-MDISK", `MDISK: ${q(w[0])} is not a virtual device number`);
      return undefined;
    }
    const devtype = ops[1];
    if (!DASD_TYPES.has(devtype)) {
      this.warn(s, 1, "DIR-DEVTYPE", `MDISK ${vdev}: ${q(w[1])} is not a DASD type DIRECTXA knows`);
    }
    const def: MdiskDef = {
      vdev,
      devtype,
      kind: "extent",
      start: undefined,
      count: undefined,
      toEnd: undefined,
      volser: undefined,
      devno: undefined,
      blocks: undefined,
      mode: "W",
      readPassword: undefined,
      writePassword: undefined,
      multiPassword: undefined,
      line: st.line,
      column: st.column,
      sysaffin: st.sysaffin,
    };
    const how = ops[2];
    let rest: number;
    if (DIRMAINT_ALLOCATION.has(how)) {
      const message = `MDISK ${vdev}: ${how} allocation is DirMaint-only syntax, not valid for DIRECTXA (give start, count and volume)`;
      this.error(s, 2, "DIR-AUTOG", message);
      return undefined;
    } else if (how === "DEVNO") {
      const rdev = ops.length > 3 ? normalizeVdev(ops[3]) : undefined;
      if (!rdev) {
        this.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: DEVNO needs a real device number`);
        return undefined;
      }
      def.kind = "devno";
      def.devno = rdev;
      rest = 4;
    } else if (how === "V-DISK" || how === "T-DISK") {
      const size = ops.length > 3 && DIGITS.test(ops[3]) ? Number(ops[3]) : undefined;
      if (size === undefined) {
        this.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: ${how} needs a numeric size`);
        return undefined;
      }
      if (how === "V-DISK") {
        if (devtype !== "FB-512")
          this.error(s, 1, "DIR-MDISK", `MDISK ${vdev}: a V-DISK must be device type FB-512`);
        def.kind = "v-disk";
        def.blocks = size;
      } else {
        def.kind = "t-disk";
        def.count = size;
      }
      rest = 4;
    } else {
      if (!DIGITS.test(how)) {
        this.error(s, 2, "DIR-MDISK", `MDISK ${vdev}: start ${q(w[2])} is not a number`);
        return undefined;
      }
      def.start = Number(how);
      if (ops.length < 4) {
        this.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: the extent needs a count and a volume label`);
        return undefined;
      }
      if (ops[3] === "END") def.toEnd = true;
      else if (!DIGITS.test(ops[3])) {
        this.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: count ${q(w[3])} is not a number`);
        return undefined;
      } else {
        def.count = Number(ops[3]);
        if (def.count === 0) this.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: count must be at least 1`);
      }
      if (ops.length < 5) {
        this.error(s, 4, "DIR-MDISK", `MDISK ${vdev}: the volume label is missing`);
        return undefined;
      }
      if (ops[4].length > 6 && !IPL_SYMBOLS.has(ops[4])) {
        this.error(s, 4, "DIR-MDISK", `MDISK ${vdev}: volume label ${q(w[4])} is longer than 6`);
        return undefined;
      }
      def.volser = ops[4];
      rest = 5;
    }
    if (rest < ops.length) {
      def.mode = ops[rest];
      if (!MODE.test(def.mode))
        this.warn(s, rest, "DIR-MODE", `MDISK ${vdev}: ${q(w[rest])} is not a link mode`);
    }
    // Passwords are positional: read, write, multiple (ALL = anyone may link).
    for (let i = rest + 1; i < Math.min(ops.length, rest + 4); i++) {
      if (ops[i].length > 8) {
        this.error(s, i, "DIR-MDISK", `MDISK ${vdev}: password ${q(w[i])} is longer than 8 characters`);
      }
    }
    def.readPassword = ops[rest + 1];
    def.writePassword = ops[rest + 2];
    def.multiPassword = ops[rest + 3];
    if (rest + 4 < ops.length)
      this.warn(s, rest + 4, "DIR-EXTRA", `MDISK ${vdev}: operands after the passwords are ignored`);
    return def;
  }

  /** `LINK owner vdev1 vdev2 [mode]`; the mode defaults to R. */
  private link(s: Stmt): LinkDef | undefined {
    const { st, ops, w } = s;
    const owner = ops[0];
    if (owner !== "*" && !USERID.test(owner)) {
      this.error(s, 0, "DIR-LINK", `LINK: ${q(w[0])} is not a userid`);
      return undefined;
    }
    const ownerVdev = normalizeVdev(ops[1]);
    const vdev = normalizeVdev(ops[2]);
    if (!ownerVdev || !vdev) {
      const bad = ownerVdev ? 2 : 1;
      this.error(s, bad, "DIR-LINK", `LINK: ${q(w[bad])} is not a device number`);
      return undefined;
    }
    const mode = ops.length > 3 ? ops[3] : "R";
    if (!MODE.test(mode))
      this.warn(s, 3, "DIR-MODE", `LINK ${owner} ${ownerVdev}: ${q(w[3])} is not a link mode`);
    if (ops.length > 4) this.warn(s, 4, "DIR-EXTRA", "LINK: operands after the mode are ignored");
    return { owner, ownerVdev, vdev, mode, line: st.line, column: st.column, sysaffin: st.sysaffin };
  }

  /** Cross-references, once every entry is known: profiles, SUBCONFIGs, SYSAFFIN system names. */
  crossCheck(): void {
    const { src } = this;
    for (const inc of this.includes) {
      const name = inc.operands[0];
      if (!src.profiles.has(name)) {
        const message = `INCLUDE ${q(name)}: there is no PROFILE ${q(name)}`;
        src.diagnostics.push(diag(src.file, inc.line, inc.column, "error", "DIR-NO-PROFILE", message));
      }
    }
    const built = new Set<string>();
    for (const b of this.builds) {
      built.add(b.ops[4]);
      if (!src.subconfigs.has(b.ops[4]))
        this.error(b, 4, "DIR-NO-SUBCONFIG", `BUILD: there is no SUBCONFIG ${q(b.ops[4])}`);
    }
    for (const [id, sub] of src.subconfigs) {
      if (!built.has(id)) {
        const message = `SUBCONFIG ${id} is not named by any BUILD statement`;
        src.diagnostics.push(diag(src.file, sub.line, sub.column, "warning", "DIR-NO-SUBCONFIG", message));
      }
    }
    const known = new Set<string>();
    for (const d of src.directories) if (d.sysname !== undefined) known.add(d.sysname);
    if (known.size === 0) return; // a single-system directory names no systems to check against
    for (const s of this.sysaffins) {
      for (let i = 0; i < s.ops.length; i++) {
        const name = s.ops[i];
        if (USERID.test(name) && !known.has(name)) {
          this.warn(s, i, "DIR-SYSAFFIN", `SYSAFFIN ${q(name)}: no DIRECTORY statement names that system`);
        }
      }
    }
  }
}
