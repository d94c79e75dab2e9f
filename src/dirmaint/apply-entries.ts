import type { Diagnostic } from "../diagnostics";
import { parseDirectory } from "../directory/parse";
import type { DirmContext, DirmResult } from "./types";
import type { DirmCommand } from "./commands";
import { dvh } from "./messages";
import { acceptedLines, changedResult, completedLines, failed, refusalForDiagnostics } from "./result";
import { lookupStatement } from "../directory/statements";
import { replaceWord, SourceText, wordsOf, type EntryRange } from "./source";

/** What REVIEW and USER NOPASS show in place of a password (as in a real REVIEW's MDISK line). */
export const MASK = "XXXXXXXX";

/** The verbs that work on whole entries: ADD, PURGE, REVIEW, GET, REPLACE, UNLOCK, USER, DIRECT. */
export function applyEntryVerb(
  cmd: DirmCommand,
  ctx: DirmContext,
  source: SourceText,
  entry: EntryRange | undefined,
): DirmResult {
  const done = (body: string[] = []) => [...acceptedLines(cmd), ...body, ...completedLines(cmd)];
  switch (cmd.verb) {
    case "ADD": {
      if (entry) return failed(cmd, "DVHADD3210E", { userid: cmd.userid });
      let records: string[];
      if (cmd.like === undefined) {
        const got = entryFromFile(cmd, ctx, cmd.userid);
        if (!got.ok) return got;
        records = got.records;
      } else {
        const text = ctx.prototypes(cmd.like);
        if (text === undefined) return failed(cmd, "DVHADD3214E", { name: cmd.like });
        const proto = new SourceText(text);
        const head = proto.entries().find((e) => e.kind === "USER" || e.kind === "IDENTITY");
        if (!head) return failed(cmd, "DVHADD3213E", { fn: cmd.like, ft: "PROTODIR", userid: cmd.like });
        records = proto.recordsOf(head);
        records[0] = replaceWord(records[0], 1, cmd.userid);
        if (cmd.password !== undefined) records[0] = replaceWord(records[0], 2, cmd.password);
      }
      const at = source.lines.length;
      source.splice(at, 0, records);
      const file = cmd.like === undefined ? `${cmd.userid} DIRECT` : `${cmd.like} PROTODIR`;
      const errors = entryErrors(source, at, records.length, file);
      if (errors.length > 0) return refusalForDiagnostics(cmd, errors);
      return changedResult(cmd, source, [cmd.userid]);
    }
    case "PURGE": {
      const e = entry!;
      source.splice(e.start, e.end - e.start + 1, []);
      const locks = { ...ctx.locks };
      delete locks[cmd.target];
      const lines = done([...dvh("DVHPUR3215I", { userid: cmd.target }), ...dvh("DVHBIU3424I")]);
      return { ok: true, source: source.toString(), lines, locks, changed: [cmd.target] };
    }
    case "REVIEW":
      return {
        ok: true,
        lines: done(),
        reader: { fn: cmd.target, ft: "DIRECT", records: source.recordsOf(entry!).map(maskPasswords) },
        changed: [],
      };
    case "GET": {
      const reader = { fn: cmd.target, ft: "DIRECT", records: source.recordsOf(entry!) };
      if (!cmd.lock) return { ok: true, lines: done(), reader, changed: [] };
      const locks = { ...ctx.locks, [cmd.target]: ctx.requester };
      const lines = done(dvh("DVHLOC3600I", { userid: cmd.target, holder: ctx.requester }));
      return { ok: true, lines, reader, locks, changed: [] };
    }
    case "REPLACE": {
      if (ctx.locks[cmd.target] !== ctx.requester) return failed(cmd, "DVHLOC3603E", { userid: cmd.target });
      const got = entryFromFile(cmd, ctx, cmd.target);
      if (!got.ok) return got;
      const e = entry!;
      source.splice(e.start, e.end - e.start + 1, got.records);
      const errors = entryErrors(source, e.start, got.records.length, `${cmd.target} DIRECT`);
      if (errors.length > 0) return refusalForDiagnostics(cmd, errors);
      const locks = { ...ctx.locks };
      delete locks[cmd.target];
      return { ...changedResult(cmd, source, [cmd.target]), locks };
    }
    case "UNLOCK": {
      if (ctx.locks[cmd.target] === undefined) return failed(cmd, "DVHLOC3601E", { userid: cmd.target });
      const locks = { ...ctx.locks };
      delete locks[cmd.target];
      return { ok: true, lines: done(dvh("DVHLOC3606I", { userid: cmd.target })), locks, changed: [] };
    }
    case "USER": {
      const records = cmd.withpass ? [...source.lines] : maskSource(source);
      return {
        ok: true,
        lines: done(),
        reader: { fn: "USER", ft: cmd.withpass ? "WITHPASS" : "NOPASS", records },
        changed: [],
      };
    }
    case "DIRECT":
      return { ok: true, lines: done(dvh("DVHDRC3452I")), changed: [] };
    default:
      throw new Error(`applyEntryVerb: ${cmd.verb} is not an entry verb`);
  }
}

/**
 * The one entry named `userid` in the requester's `userid DIRECT` (ADD, REPLACE): refused when the
 * file is missing, has statement errors, or holds anything but that one entry.
 */
function entryFromFile(
  cmd: DirmCommand,
  ctx: DirmContext,
  userid: string,
): { ok: true; records: string[] } | { ok: false; rc: number; lines: string[] } {
  const text = ctx.files(ctx.requester, userid, "DIRECT");
  if (text === undefined) return failed(cmd, "DVHADD3211E", { fn: userid, ft: "DIRECT" });
  const file = new SourceText(text);
  const entries = file.entries();
  const strays = file.lines.some(
    (l, i) => wordsOf(l).length > 0 && !entries.some((e) => i >= e.start && i <= e.end),
  );
  if (entries.length !== 1 || entries[0].name !== userid || strays) {
    return failed(cmd, "DVHADD3213E", { fn: userid, ft: "DIRECT", userid });
  }
  return { ok: true, records: file.recordsOf(entries[0]) };
}

/**
 * DIRECTXA's errors in the records just put at `at` (the new source is parsed whole, so an INCLUDE
 * of a PROFILE elsewhere is found), numbered as lines of the file they came from.
 */
function entryErrors(source: SourceText, at: number, count: number, file: string): Diagnostic[] {
  const parsed = parseDirectory(source.toString());
  return parsed.diagnostics
    .filter((d) => d.severity === "error" && d.line > at && d.line <= at + count)
    .map((d) => ({ ...d, file, line: d.line - at }));
}

/** A record with its passwords masked: USER/IDENTITY's logon password, MDISK's link passwords. */
export function maskPasswords(record: string): string {
  const w = wordsOf(record);
  if (w.length === 0) return record;
  const keyword = lookupStatement(w[0]);
  let from = -1;
  let to = -1;
  if ((keyword === "USER" || keyword === "IDENTITY") && w.length > 2) from = to = 2;
  else if (keyword === "MDISK") {
    // MDISK vdev type start size volser mode pw...; V-DISK/T-DISK/DEVNO forms have one word less.
    const mode = ["V-DISK", "T-DISK", "DEVNO"].includes(w[3] ?? "") ? 5 : 6;
    from = mode + 1;
    to = w.length - 1;
  }
  let out = record;
  for (let i = from; i >= 0 && i <= to; i++) out = replaceWord(out, i, MASK);
  return out;
}

/** Every record of the source, passwords masked inside entries. */
function maskSource(source: SourceText): string[] {
  return source.lines.map(maskPasswords);
}
