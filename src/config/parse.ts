import { diag, type Diagnostic } from "../diagnostics";
import { isAbbrev } from "../text/records";
import { readStatements, type ConfigWord, type RawStatement } from "./lexer";
import { CSE_LIMITS } from "./limits";
import {
  emptyModel,
  type ConfigStatement,
  type NamedRef,
  type ParsedSystemConfig,
  type SystemConfigModel,
} from "./model";
import { lookupStatement } from "./statements";

/** SYSTEM CONFIG as the API takes it: the file's text, or CMS file name → text when it IMBEDs others. */
export type SystemConfigInput = string | Record<string, string>;

/** The CMS name of the primary configuration file. */
export const MAIN_FILE = "SYSTEM CONFIG";

const NAME = /^[A-Z0-9@#$_-]{1,8}$/;
const MAX_IMBED_DEPTH = 16;

/** Normalises a CMS file name ("vm9  sysres" → "VM9 SYSRES") so imbeds find their files. */
export function cmsFileName(name: string): string {
  return name.trim().toUpperCase().split(/\s+/).slice(0, 2).join(" ");
}

/** Turns the API's systemConfig value into a map of CMS file name → text. */
export function configFiles(input: SystemConfigInput): Map<string, string> {
  const files = new Map<string, string>();
  if (typeof input === "string") files.set(MAIN_FILE, input);
  else for (const [name, text] of Object.entries(input)) files.set(cmsFileName(name), text);
  return files;
}

/**
 * Reads SYSTEM CONFIG (and what it IMBEDs) as the system `sysname` would at IPL: record qualifiers
 * for other systems are skipped and `-SYSTEM-` in an Imbed names this system. Without `sysname`
 * only unqualified statements and system-independent imbeds are applied (the plex-wide view).
 * Never throws: every problem is a diagnostic with its file, record and column.
 */
export function parseSystemConfig(input: SystemConfigInput, sysname?: string): ParsedSystemConfig {
  const files = configFiles(input);
  const model = emptyModel();
  const diagnostics: Diagnostic[] = [];
  const sys = sysname?.toUpperCase();
  if (!files.has(MAIN_FILE)) {
    diagnostics.push(
      diag(MAIN_FILE, 0, 0, "error", "CFG-NO-FILE", `No file named ${MAIN_FILE} was supplied`),
    );
    return { sysname: sys, model, diagnostics };
  }
  const readFile = (name: string, stack: string[]) => {
    const { statements, diagnostics: lexDiags } = readStatements(files.get(name) ?? "", name);
    diagnostics.push(...lexDiags);
    for (const raw of statements) {
      const stmt = recognise(raw, diagnostics);
      if (!stmt) continue;
      const applies = stmt.qualifier === undefined || stmt.qualifier === sys;
      if (stmt.keyword === "IMBED") {
        const target = imbedTarget(stmt, sys, diagnostics);
        if (!target) continue;
        if (!applies) continue;
        if (target.name === undefined) {
          model.statements.push(stmt); // -SYSTEM- without a system: expanded in each system's view
          continue;
        }
        model.imbeds.push({
          file: stmt.file,
          line: stmt.line,
          column: stmt.column,
          qualifier: stmt.qualifier,
          name: target.name,
        });
        model.statements.push(stmt);
        const imbedError = (column: number, code: string, message: string) =>
          diagnostics.push(diag(stmt.file, stmt.line, column, "error", code, message));
        if (stack.includes(target.name)) {
          imbedError(
            stmt.column,
            "CFG-IMBED-LOOP",
            `Imbed ${target.name} loops: ${[...stack, target.name].join(" -> ")}`,
          );
        } else if (!files.has(target.name)) {
          imbedError(
            target.column,
            "CFG-IMBED-MISSING",
            `Imbed names file ${target.name}, which was not supplied`,
          );
        } else if (stack.length >= MAX_IMBED_DEPTH) {
          imbedError(stmt.column, "CFG-IMBED-DEPTH", `Imbeds nest deeper than ${MAX_IMBED_DEPTH}`);
        } else {
          readFile(target.name, [...stack, target.name]);
        }
        continue;
      }
      const before = diagnostics.length;
      const apply = HANDLERS[stmt.keyword];
      // Every statement is checked; only those for this system change the model.
      const scratch = applies ? model : emptyModel();
      if (apply) apply(stmt, scratch, diagnostics);
      if (applies && !diagnostics.slice(before).some((d) => d.severity === "error"))
        model.statements.push(stmt);
    }
  };
  readFile(MAIN_FILE, [MAIN_FILE]);
  return { sysname: sys, model, diagnostics };
}

// The model's entries spell out the statement's place (file, line, column, qualifier) rather than
// spreading an object that holds it: V8 copies a spread through a slow path, and a plex reads its
// SYSTEM CONFIG once per system; writing them out took a third off a warm lint of examples/ltic.

function recognise(raw: RawStatement, diagnostics: Diagnostic[]): ConfigStatement | undefined {
  const [first, ...rest] = raw.words;
  const keyword = lookupStatement(first.text);
  if (!keyword) {
    diagnostics.push(
      diag(
        raw.file,
        first.line,
        first.column,
        "error",
        "HCPSYK6701E",
        `Invalid system configuration file statement - ${first.text.toUpperCase()}`,
      ),
    );
    return undefined;
  }
  if (raw.qualifier && !NAME.test(raw.qualifier.text)) {
    diagnostics.push(
      diag(
        raw.file,
        raw.qualifier.line,
        raw.qualifier.column,
        "error",
        "CFG-QUALIFIER",
        `Record qualifier ${raw.qualifier.text}: is not a valid system name`,
      ),
    );
    return undefined;
  }
  return {
    file: raw.file,
    line: raw.line,
    column: raw.column,
    qualifier: raw.qualifier?.text,
    keyword,
    operands: rest.map((w) => w.text),
    raw,
  };
}

function imbedTarget(
  stmt: ConfigStatement,
  sys: string | undefined,
  diagnostics: Diagnostic[],
): { name?: string; column: number } | undefined {
  const words = stmt.raw.words.slice(1);
  if (words.length < 2) {
    diagnostics.push(
      diag(
        stmt.file,
        stmt.line,
        stmt.column,
        "error",
        "CFG-OPERAND",
        "Imbed needs a file name and a file type",
      ),
    );
    return undefined;
  }
  const fn = words[0].text.toUpperCase();
  const ft = words[1].text.toUpperCase();
  if (fn === "-SYSTEM-" && !sys) return { column: words[0].column };
  const name = `${fn === "-SYSTEM-" ? sys : fn} ${ft === "-SYSTEM-" ? (sys ?? ft) : ft}`;
  return { name, column: words[0].column };
}

/** A cursor over a statement's operands that reports problems at the right column. */
class Operands {
  private i = 0;
  readonly words: ConfigWord[];
  constructor(
    readonly stmt: ConfigStatement,
    readonly diagnostics: Diagnostic[],
  ) {
    this.words = stmt.raw.words.slice(1);
  }
  get done(): boolean {
    return this.i >= this.words.length;
  }
  peek(): ConfigWord | undefined {
    return this.words[this.i];
  }
  next(): ConfigWord | undefined {
    return this.words[this.i++];
  }
  /** Consumes the next word when it abbreviates `keyword` (at least `min` characters). */
  accept(keyword: string, min = keyword.length): boolean {
    const w = this.peek();
    if (w && isAbbrev(w.text, keyword, min)) {
      this.i++;
      return true;
    }
    return false;
  }
  error(message: string, at?: ConfigWord, code = "CFG-OPERAND"): void {
    const w = at ?? this.peek() ?? this.words[this.words.length - 1];
    this.diagnostics.push(
      diag(
        this.stmt.file,
        w?.line ?? this.stmt.line,
        w?.column ?? this.stmt.column,
        "error",
        code,
        `${this.stmt.keyword}: ${message}`,
      ),
    );
  }
  /** Reads a decimal number in [lo, hi]; reports and returns undefined when it is not. */
  number(what: string, lo: number, hi: number): number | undefined {
    const w = this.next();
    if (!w) {
      this.error(`${what} is missing`);
      return undefined;
    }
    if (!/^[0-9]+$/.test(w.text)) {
      this.error(`${what} ${w.text} is not a number`, w);
      return undefined;
    }
    const n = Number(w.text);
    if (n < lo || n > hi) {
      this.error(`${what} ${n} is out of range ${lo}-${hi}`, w);
      return undefined;
    }
    return n;
  }
  /** Reads a 1-8 character name (system, user or volume label). */
  name(what: string, maxLength = 8): string | undefined {
    const w = this.next();
    if (!w) {
      this.error(`${what} is missing`);
      return undefined;
    }
    const t = w.text.toUpperCase();
    if (t.length > maxLength || !/^[A-Z0-9@#$_&-]+$/.test(t)) {
      this.error(`${what} ${w.text} is not a valid name of 1-${maxLength} characters`, w);
      return undefined;
    }
    return t;
  }
  extra(): void {
    if (!this.done) this.error(`unexpected operand ${this.peek()!.text}`, undefined, "HCPCQV003E");
  }
}

type Handler = (stmt: ConfigStatement, model: SystemConfigModel, diagnostics: Diagnostic[]) => void;

const slotNames = (
  o: Operands,
  limit: number,
  onName: (slot: number, sysname: string, at: ConfigWord) => void,
  stopAt?: (w: ConfigWord) => boolean,
) => {
  let slot: number | undefined;
  let named = 0;
  while (!o.done && !(stopAt && stopAt(o.peek()!))) {
    if (o.accept("SLOT", 4)) {
      slot = o.number("Slot", 1, limit);
      if (slot === undefined) return;
      continue;
    }
    const at = o.peek()!;
    const sysname = o.name("System name");
    if (!sysname) return;
    if (slot === undefined) {
      o.error(`system ${sysname} has no Slot number`, at);
      return;
    }
    if (slot > limit) {
      o.error(`slot ${slot} for ${sysname} is out of range 1-${limit}`, at);
      return;
    }
    onName(slot, sysname, at);
    slot++;
    named++;
  }
  if (named === 0) o.error("a system name is missing");
};

const HANDLERS: Record<string, Handler> = {
  SYSTEM_IDENTIFIER(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    const first = o.next();
    const second = o.next();
    if (!first || !second)
      return o.error("needs a machine model and CPU ID (or LPAR name) and a system name");
    const lpar = first.text.toUpperCase() === "LPAR";
    if (!lpar && !/^[0-9A-F%*]{1,4}$/i.test(first.text))
      return o.error(`machine model ${first.text} is not valid`, first);
    if (!lpar && !/^[0-9A-F%*]{1,6}$/i.test(second.text))
      return o.error(`CPU ID ${second.text} is not valid`, second);
    const sysname = o.name("System name");
    if (!sysname) return;
    o.extra();
    model.systemIdentifiers.push({
      file: stmt.file,
      line: stmt.line,
      column: stmt.column,
      qualifier: stmt.qualifier,
      model: first.text.toUpperCase(),
      cpuid: second.text.toUpperCase(),
      sysname,
      lpar,
    });
  },
  SYSTEM_IDENTIFIER_DEFAULT(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    const name = o.name("System name");
    if (!name) return;
    o.extra();
    model.systemIdentifierDefault = {
      file: stmt.file,
      line: stmt.line,
      column: stmt.column,
      qualifier: stmt.qualifier,
      name,
    };
  },
  XLINK_SYSTEM_INCLUDE(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    slotNames(o, CSE_LIMITS.xlinkSystems, (slot, sysname) =>
      model.xlinkSystemInclude.push({
        file: stmt.file,
        line: stmt.line,
        column: stmt.column,
        qualifier: stmt.qualifier,
        slot,
        sysname,
      }),
    );
  },
  XLINK_SYSTEM_EXCLUDE(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    if (o.done) return o.error("a system name is missing");
    while (!o.done) {
      const name = o.name("System name");
      if (!name) return;
      model.xlinkSystemExclude.push({
        file: stmt.file,
        line: stmt.line,
        column: stmt.column,
        qualifier: stmt.qualifier,
        name,
      });
    }
  },
  XLINK_VOLUME_INCLUDE(stmt, model, diagnostics) {
    volumePatterns(stmt, diagnostics, model.xlinkVolumeInclude, true);
  },
  XLINK_VOLUME_EXCLUDE(stmt, model, diagnostics) {
    volumePatterns(stmt, diagnostics, model.xlinkVolumeExclude, false);
  },
  XSPOOL_SYSTEM(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    const added: { slot: number; sysname: string }[] = [];
    slotNames(
      o,
      CSE_LIMITS.xspoolSystems,
      (slot, sysname) => added.push({ slot, sysname }),
      (w) => isAbbrev(w.text, "SHARE_SPOOL", 5),
    );
    let shareSpool = true;
    if (o.accept("SHARE_SPOOL", 5)) {
      const v = o.next();
      const t = v?.text.toUpperCase();
      if (t !== "YES" && t !== "NO")
        return o.error(`Share_Spool must be YES or NO, not ${v?.text ?? "nothing"}`, v);
      shareSpool = t === "YES";
    }
    o.extra();
    for (const a of added)
      model.xspoolSystems.push({
        file: stmt.file,
        line: stmt.line,
        column: stmt.column,
        qualifier: stmt.qualifier,
        slot: a.slot,
        sysname: a.sysname,
        shareSpool,
      });
  },
  XSPOOL_XLIST_INPUT(stmt, model, diagnostics) {
    userList(stmt, diagnostics, model.xspoolXlistInput);
  },
  XSPOOL_XLIST_OUTPUT(stmt, model, diagnostics) {
    userList(stmt, diagnostics, model.xspoolXlistOutput);
  },
  SYSTEM_RESIDENCE(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    if (o.done) return o.error("needs Checkpoint and Warmstart areas");
    while (!o.done) {
      const which = o.peek()!;
      let area: "checkpoint" | "warmstart";
      if (o.accept("CHECKPOINT", 4)) area = "checkpoint";
      else if (o.accept("WARMSTART", 4)) area = "warmstart";
      else return o.error(`expected Checkpoint or Warmstart, found ${which.text}`, which);
      if (!o.accept("VOLID", 3)) return o.error(`${area}: expected Volid`);
      const volid = o.name("Volume label", 6);
      if (!volid) return;
      if (!o.accept("FROM", 4)) return o.error(`${area}: expected From Cylinder`);
      if (!o.accept("CYLINDER", 3)) return o.error(`${area}: expected Cylinder after From`);
      const cylinder = o.number("Cylinder", 0, 65519);
      if (cylinder === undefined) return;
      if (!o.accept("FOR", 3)) return o.error(`${area}: expected For`);
      const count = o.number("Cylinder count", 1, 65520);
      if (count === undefined) return;
      model[area] = {
        file: stmt.file,
        line: which.line,
        column: which.column,
        qualifier: stmt.qualifier,
        volid,
        cylinder,
        count,
      };
    }
  },
  CP_OWNED(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    if (!o.accept("SLOT", 4)) return o.error("expected Slot");
    const slot = o.number("Slot", 1, CSE_LIMITS.cpOwnedSlots);
    if (slot === undefined) return;
    const at = o.peek();
    const volid = o.name("Volume label", 8);
    if (!volid) return;
    // &SYSRES (the IPL volume) and RESERVED (a held slot) are the two longer words CP takes here.
    if (volid.length > 6 && volid !== "&SYSRES" && volid !== "RESERVED")
      return o.error(`volume label ${volid} is longer than 6 characters`, at);
    let ownership: "OWN" | "SHARED" | undefined;
    while (!o.done) {
      const w = o.next()!;
      const t = w.text.toUpperCase();
      if (t === "OWN") ownership = "OWN";
      else if (t === "SHARED") ownership = "SHARED";
      else if (t === "NOOWN" || t === "DEFAULT" || t === "NONSHARED") continue;
      else return o.error(`unexpected operand ${w.text}`, w);
    }
    model.cpOwned.push({
      file: stmt.file,
      line: stmt.line,
      column: stmt.column,
      qualifier: stmt.qualifier,
      slot,
      volid,
      ownership,
    });
  },
  USER_VOLUME_LIST(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    while (!o.done) {
      const name = o.name("Volume label", 6);
      if (!name) return;
      model.userVolumes.push({
        file: stmt.file,
        line: stmt.line,
        column: stmt.column,
        qualifier: stmt.qualifier,
        name,
      });
    }
  },
  USER_VOLUME_INCLUDE(stmt, model) {
    for (const name of stmt.operands)
      model.userVolumePatterns.push({
        file: stmt.file,
        line: stmt.line,
        column: stmt.column,
        qualifier: stmt.qualifier,
        name: name.toUpperCase(),
      });
  },
  SSI(stmt, model) {
    model.ssi = stmt;
  },
  FEATURES(stmt, _model, diagnostics) {
    checkFeatures(stmt, diagnostics);
  },
};

function volumePatterns(
  stmt: ConfigStatement,
  diagnostics: Diagnostic[],
  into: {
    pattern: string;
    cylinder?: number;
    file: string;
    line: number;
    column: number;
    qualifier?: string;
  }[],
  allowCylinder: boolean,
): void {
  const o = new Operands(stmt, diagnostics);
  const patterns: string[] = [];
  let cylinder: number | undefined;
  while (!o.done) {
    if (allowCylinder && o.accept("CYLINDER", 3)) {
      cylinder = o.number("Cylinder", 0, 65519);
      if (cylinder === undefined) return;
      continue;
    }
    const w = o.next()!;
    const p = w.text.toUpperCase();
    if (p.length > 6 || !/^[A-Z0-9@#$*%]+$/.test(p))
      return o.error(`volume pattern ${w.text} is not valid (1-6 characters, * and %)`, w);
    patterns.push(p);
  }
  if (patterns.length === 0) return o.error("a volume label or pattern is missing");
  for (const pattern of patterns)
    into.push({
      file: stmt.file,
      line: stmt.line,
      column: stmt.column,
      qualifier: stmt.qualifier,
      pattern,
      cylinder,
    });
}

function userList(stmt: ConfigStatement, diagnostics: Diagnostic[], into: NamedRef[]): void {
  const o = new Operands(stmt, diagnostics);
  if (o.done) return o.error("a user ID is missing");
  while (!o.done) {
    const name = o.name("User ID");
    if (!name) return;
    into.push({ file: stmt.file, line: stmt.line, column: stmt.column, qualifier: stmt.qualifier, name });
  }
}

/**
 * FEATURES takes operand groups; a word that starts no group is what CPSYNTAX rejects with
 * HCPSYK6701E (the corpus shows it for DISCONNECT_TIMEOUT at this level of CP).
 */
const FEATURE_GROUPS: Record<string, (o: Operands) => void> = {
  ENABLE: (o) => {
    while (!o.done && !featureGroupOf(o.peek()!.text)) o.next();
  },
  DISABLE: (o) => FEATURE_GROUPS.ENABLE(o),
  RETRIEVE: (o) => {
    while (o.accept("DEFAULT", 3) || o.accept("MAXIMUM", 3)) o.number("Retrieve buffers", 0, 255);
  },
  MAXUSERS: (o) => {
    const w = o.next();
    if (!w || !(/^[0-9]+$/.test(w.text) || w.text.toUpperCase() === "NOLIMIT"))
      o.error("MaxUsers needs a number or NOLIMIT", w);
  },
  PASSWORDS_ON_CMDS: (o) => {
    while (o.accept("AUTOLOG") || o.accept("LINK") || o.accept("LOGON")) {
      const w = o.next();
      const t = w?.text.toUpperCase();
      if (t !== "YES" && t !== "NO")
        return o.error(`Passwords_on_Cmds expects YES or NO, not ${w?.text ?? "nothing"}`, w);
    }
  },
  VDISK: (o) => {
    while (o.accept("SYSLIM") || o.accept("USERLIM")) {
      const w = o.next();
      if (!w || !(/^[0-9]+[KMGT]?$/i.test(w.text) || w.text.toUpperCase() === "INFINITE"))
        return o.error("Vdisk limit must be a size or INFINITE", w);
      o.accept("BLOCKS");
    }
  },
};

function featureGroupOf(word: string): string | undefined {
  const w = word.toUpperCase();
  return Object.keys(FEATURE_GROUPS).find((k) => k === w);
}

function checkFeatures(stmt: ConfigStatement, diagnostics: Diagnostic[]): void {
  const o = new Operands(stmt, diagnostics);
  while (!o.done) {
    const w = o.next()!;
    const group = featureGroupOf(w.text);
    if (!group) {
      diagnostics.push(
        diag(
          stmt.file,
          w.line,
          w.column,
          "error",
          "HCPSYK6701E",
          `Invalid system configuration file statement - ${w.text.toUpperCase()}`,
        ),
      );
      return;
    }
    FEATURE_GROUPS[group](o);
  }
}

/** The system names SYSTEM CONFIG defines: its System_Identifier (and _Default) statements, in order. */
export function definedSystems(model: SystemConfigModel): string[] {
  const names = model.systemIdentifiers.map((s) => s.sysname);
  if (model.systemIdentifierDefault) names.push(model.systemIdentifierDefault.name);
  return [...new Set(names)];
}
