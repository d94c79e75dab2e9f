import { DEVICE_KEYWORDS } from "../directory/statements";
import type { DirmContext, DirmResult } from "./types";
import type { DirmCommand } from "./commands";
import { dvh } from "./messages";
import { acceptedLines, changedResult, completedLines, failed, updatedLines } from "./result";
import { indentOf, replaceWord, type EntryLine, type EntryRange, type SourceText } from "./source";

/** A statement line with the systems its SYSAFFIN scope names (null: all systems). */
interface ScopedLine extends EntryLine {
  scope: string[] | null;
}

/** Four hex digits, as the directory parser keeps device numbers. */
function vdevOf(word: string | undefined): string {
  return (word ?? "").padStart(4, "0");
}

/** An entry's statements, each with the SYSAFFIN scope it is under. */
function scoped(source: SourceText, entry: EntryRange): ScopedLine[] {
  let scope: string[] | null = null;
  return source.statements(entry).map((s) => {
    if (s.keyword === "SYSAFFIN") scope = s.words.slice(1);
    return { ...s, scope };
  });
}

/** True when a statement under `scope` applies on `node` ("*": the request is for all systems). */
function inScope(scope: string[] | null, node: string): boolean {
  return node === "*" || scope === null || scope.includes(node);
}

/**
 * Where DirMaint puts a new statement, and the records to put there. At `*`: after the entry's last
 * statement under no SYSAFFIN, so it applies on every system (a statement after a SYSAFFIN is in
 * that SYSAFFIN's scope). `AT sys`: at the end of the entry's `SYSAFFIN sys` section (one naming
 * sys alone), else in a new `SYSAFFIN sys` section at the end of the entry.
 */
function placement(
  lines: ScopedLine[],
  entry: EntryRange,
  node: string,
  statement: string,
): { at: number; records: string[] } {
  if (node === "*") {
    let at = entry.start + 1;
    for (const l of lines) {
      if (l.scope !== null || l.keyword === "SYSAFFIN") break;
      at = l.index + 1;
    }
    return { at, records: [statement] };
  }
  const own = lines.filter((l) => l.scope !== null && l.scope.length === 1 && l.scope[0] === node);
  if (own.length > 0) return { at: own[own.length - 1].index + 1, records: [statement] };
  return { at: entry.end + 1, records: [`SYSAFFIN ${node}`, statement] };
}

/** The virtual address a device statement defines (LINK's is its third operand), if any. */
function vdevDefined(l: EntryLine): string | undefined {
  if (l.keyword === undefined || !DEVICE_KEYWORDS.has(l.keyword)) return undefined;
  if (l.keyword === "DASDOPT" || l.keyword === "MINIOPT") return undefined;
  return vdevOf(l.words[l.keyword === "LINK" ? 3 : 1]);
}

/** Device statements defining `vdev` in the entry or in the PROFILE it INCLUDEs. */
function devicesAt(source: SourceText, entry: EntryRange, vdev: string, node: string): ScopedLine[] {
  const own = scoped(source, entry);
  const include = own.find((l) => l.keyword === "INCLUDE");
  const profile = include
    ? source.entries().find((e) => e.kind === "PROFILE" && e.name === include.words[1])
    : undefined;
  const all = profile ? [...own, ...scoped(source, profile)] : own;
  return all.filter((l) => vdevDefined(l) === vdev && inScope(l.scope, node));
}

/** Cylinder 0 holds the volume label: AUTOV starts at 1. */
const FIRST_CYLINDER = 1;

/**
 * AUTOV: the lowest start from cylinder 1 where `size` cylinders overlap no MDISK extent on `volser`
 * in the source (any entry, any SYSAFFIN scope; an END extent runs to the end of the volume). The
 * volume's size is not known here: an extent past its end is the caller's lint's to find.
 */
function firstFree(source: SourceText, volser: string, size: number): number | undefined {
  const used: [number, number][] = [];
  for (const e of source.entries()) {
    for (const l of source.statements(e)) {
      if (l.keyword !== "MDISK" || l.words[5] !== volser || !/^[0-9]+$/.test(l.words[3] ?? "")) continue;
      const from = Number(l.words[3]);
      const count = l.words[4] === "END" ? Infinity : Number(l.words[4]);
      if (Number.isFinite(from) && count > 0) used.push([from, from + count - 1]);
    }
  }
  used.sort((a, b) => a[0] - b[0]);
  let start = FIRST_CYLINDER;
  for (const [from, to] of used) {
    if (from > start + size - 1) break;
    start = Math.max(start, to + 1);
  }
  return Number.isFinite(start) ? start : undefined;
}

/** Removes the given lines (of any entries), last first so the indexes stay right. */
function removeLines(source: SourceText, indexes: number[]): void {
  for (const i of [...indexes].sort((a, b) => b - a)) source.splice(i, 1, []);
}

/** The verbs that edit statements: AMDISK, DMDISK, LINK, DLINK, SETPW, PW, CLASS. */
export function applyStatementVerb(
  cmd: DirmCommand,
  ctx: DirmContext,
  source: SourceText,
  entry: EntryRange,
): DirmResult {
  const userid = cmd.target;
  switch (cmd.verb) {
    case "AMDISK":
    case "LINK": {
      if (cmd.verb === "LINK" && cmd.delete) {
        const links = scoped(source, entry).filter(
          (l) =>
            l.keyword === "LINK" &&
            l.words[1] === cmd.owner &&
            vdevOf(l.words[2]) === cmd.ownerVdev &&
            vdevOf(l.words[3]) === cmd.vdev &&
            inScope(l.scope, cmd.node),
        );
        if (links.length === 0) {
          return failed(cmd, "DVHLNK3363E", {
            userid,
            owner: cmd.owner,
            ownervdev: cmd.ownerVdev,
            vdev: cmd.vdev,
          });
        }
        removeLines(
          source,
          links.map((l) => l.index),
        );
        return changedResult(cmd, source, [userid]);
      }
      if (devicesAt(source, entry, cmd.vdev, cmd.node).length > 0)
        return failed(cmd, "DVHAMD3361E", { vdev: cmd.vdev, userid });
      let start = cmd.verb === "AMDISK" ? cmd.start : 0;
      if (cmd.verb === "AMDISK" && start === "AUTOV") {
        const free = firstFree(source, cmd.volser, cmd.size);
        if (free === undefined) return failed(cmd, "DVHAMD3360E", { size: cmd.size, volser: cmd.volser });
        start = free;
      }
      const statement =
        cmd.verb === "AMDISK"
          ? `MDISK ${cmd.vdev} ${cmd.devtype} ${String(start).padStart(4, "0")} ${cmd.size} ${cmd.volser} ${cmd.mode}`
          : `LINK ${cmd.owner} ${cmd.ownerVdev} ${cmd.vdev} ${cmd.mode}`;
      const place = placement(scoped(source, entry), entry, cmd.node, indentOf(source, entry) + statement);
      source.splice(place.at, 0, place.records);
      return changedResult(cmd, source, [userid]);
    }
    case "DMDISK": {
      const disks = scoped(source, entry).filter(
        (l) => l.keyword === "MDISK" && vdevOf(l.words[1]) === cmd.vdev && inScope(l.scope, cmd.node),
      );
      if (disks.length === 0) return failed(cmd, "DVHDMD3362E", { vdev: cmd.vdev, userid });
      removeLines(
        source,
        disks.map((l) => l.index),
      );
      return changedResult(cmd, source, [userid]);
    }
    case "DLINK": {
      // Every other entry's LINK to the owner's disk ("*" counts only in the owner's own entry).
      const found: { userid: string; indexes: number[] }[] = [];
      for (const e of source.entries()) {
        const indexes = scoped(source, e)
          .filter(
            (l) =>
              l.keyword === "LINK" &&
              (l.words[1] === userid || (l.words[1] === "*" && e.name === userid)) &&
              vdevOf(l.words[2]) === cmd.vdev &&
              inScope(l.scope, cmd.node),
          )
          .map((l) => l.index);
        if (indexes.length > 0) found.push({ userid: e.name, indexes });
      }
      if (found.length === 0) return failed(cmd, "DVHLNK3364E", { owner: userid, vdev: cmd.vdev });
      const locked = found.find(
        (f) => ctx.locks[f.userid] !== undefined && ctx.locks[f.userid] !== ctx.requester,
      );
      if (locked)
        return failed(cmd, "DVHLOC3602E", { userid: locked.userid, holder: ctx.locks[locked.userid] });
      removeLines(
        source,
        found.flatMap((f) => f.indexes),
      );
      const changed = found.map((f) => f.userid);
      const removed = changed.flatMap((u) =>
        dvh("DVHLNK3365I", { owner: userid, vdev: cmd.vdev, userid: u }),
      );
      return {
        ok: true,
        source: source.toString(),
        lines: [...acceptedLines(cmd), ...removed, ...updatedLines(changed), ...completedLines(cmd)],
        changed,
      };
    }
    case "SETPW":
    case "PW":
    case "CLASS": {
      const header = source.lines[entry.start];
      const words = header.trim().split(/\s+/);
      if (cmd.verb === "CLASS") {
        // USER userid password storage maxstorage classes [priority]
        if (entry.kind === "PROFILE" || entry.kind === "SUBCONFIG" || words.length < 5) {
          return failed(cmd, "DVHCLS3216E", { userid });
        }
        source.lines[entry.start] =
          words.length >= 6 ? replaceWord(header, 5, cmd.classes) : `${header.trimEnd()} ${cmd.classes}`;
      } else {
        if (entry.kind === "PROFILE" || entry.kind === "SUBCONFIG")
          return failed(cmd, "DVHUSR3201E", { userid });
        source.lines[entry.start] =
          words.length >= 3 ? replaceWord(header, 2, cmd.password) : `${header.trimEnd()} ${cmd.password}`;
      }
      return changedResult(cmd, source, [userid]);
    }
    default:
      throw new Error(`applyStatementVerb: ${cmd.verb} is not a statement verb`);
  }
}
