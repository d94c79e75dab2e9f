import type { Diagnostic } from "../diagnostics";
import { isAbbrev } from "../text/records";
import type { ConfigWord } from "./lexer";
import { CSE_LIMITS } from "./limits";
import type { ConfigStatement, NamedRef } from "./model";
import { Operands, type Handler } from "./operands";

/** Reads `Slot n name name ...` runs: each name takes the next slot, from the last Slot given. */
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

/** The statements that identify the systems and say what they share: System_Identifier, XLINK_*, XSPOOL_*, SSI. */
export const CSE_HANDLERS: Record<string, Handler> = {
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
  SSI(stmt, model) {
    model.ssi = stmt;
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
