import { deviceNumber } from "../text/names";
import { USERID } from "../text/names";
import { diag, type Severity } from "../diagnostics";
import { isBlank, RecordReader, WordCache } from "../text/records";
import { readDirectoryControl, readEntryHeader } from "./headers";
import { readLink, readMdisk } from "./minidisks";
import { CLASSES, kept, q, storageBytes, type OperandReporter, type Stmt } from "./operands";
import {
  DEVICE_KEYWORDS,
  ENTRY_KEYWORDS,
  MIN_OPERANDS,
  VERBATIM_KEYWORDS,
  lookupStatement,
} from "./statements";
import type { DirStatement, SourceDirectory, UserEntry } from "./types";
import { WordListCache } from "./word-lists";

export { storageBytes } from "./operands";

/** `*`: a record whose first word starts with it is a comment. */
const STAR = 42;
/** Statements that neither are general statements nor are devices, for the MDISK ordering check. */
const ORDER_NEUTRAL = new Set(["SYSAFFIN", "INCLUDE"]);

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

class Parser implements OperandReporter {
  readonly src: SourceDirectory;
  /** The entry being read, or null outside one: `entryState`, which each header resets. */
  private state: EntryState | null = null;
  private readonly entryState: EntryState = {
    entry: { kind: "USER", userid: "", line: 0, column: 0, statements: [] },
    valid: false,
    scope: null,
    sawMdisk: false,
    includes: 0,
    firstStatement: true,
  };
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
  private readonly lists = new WordListCache();
  /**
   * Reused for every record, as the scratch arrays are: a Stmt lives only while its record is read
   * (what is looked at later is `kept`), so one object serves them all.
   */
  private readonly stmt: Stmt = {
    st: undefined as unknown as DirStatement,
    ops: [],
    w: [],
    cols: this.scratchColumns,
  };

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

  error(s: Stmt, i: number, code: string, message: string): void {
    this.report(s, i, "error", code, message);
  }

  warn(s: Stmt, i: number, code: string, message: string): void {
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
    // exact size (an array grown by push keeps room for 17), or to the one an earlier statement with
    // the same words has, as every statement's words are kept.
    const scratch = this.scratchWords;
    const cols = this.scratchColumns;
    let count = 0;
    let changed = false;
    let listHash = 0;
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
      listHash = WordListCache.step(listHash, hash);
      scratch[count] = word;
      cols[count] = wordStart - start + 1;
      count++;
      if (casedChar && !verbatim && !changed && word !== word.toUpperCase()) changed = true;
    }
    const original = this.lists.get(scratch, count, listHash);
    // Most directories are upper case already: then operands and words share one (read-only) array.
    const operands = changed ? original.map((t) => t.toUpperCase()) : original;
    // Every field set up front (mdisk/link too) keeps one object shape, which matters at 100k+ statements.
    const st: DirStatement = {
      keyword,
      operands,
      words: original,
      line,
      column: headColumn,
      sysaffin: this.state ? this.state.scope : null,
      mdisk: undefined,
      link: undefined,
    };
    const s = this.stmt;
    s.st = st;
    s.ops = operands;
    s.w = original;

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

  /** DIRECTORY: read, and kept when usable; the control statements come first. */
  private directory(s: Stmt): void {
    if (this.sawEntry || this.sawGlobaldefs) {
      this.warn(s, -1, "DIR-ORDER", "DIRECTORY statements belong before GLOBALDEFS and the entries");
    }
    const control = readDirectoryControl(s, this);
    if (control) this.src.directories.push(control);
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
    const entry = readEntryHeader(kind, s, this);
    const state = this.entryState;
    state.entry = entry ?? { kind, userid: "", line: s.st.line, column: s.st.column, statements: [] };
    state.valid = entry !== undefined;
    state.scope = null;
    state.sawMdisk = false;
    state.includes = 0;
    state.firstStatement = true;
    this.state = state;
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
        st.mdisk = readMdisk(s, this);
        break;
      case "LINK":
        st.link = readLink(s, this);
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
        if (!deviceNumber(ops[0]))
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
