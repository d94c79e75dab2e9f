import { SPOOLID } from "../../text/names";
import { accept, command, type ParseResult, refuse, spells } from "./grammar";
import { unitRecord } from "./spool";

/**
 * CP TAG: the tag text of a spool device's files, or of one of the user's closed files, which RSCS
 * reads as `node [userid]` (docs/rscs.md). Syntax from VM/370 HELP TAG (codex.retro1.org:
 * `TAg DEv|Printer|PUnch|CONsole|vaddr [tagtext]`, `FIle spoolid [tagtext]`, `QUery DEv ...|FILE
 * spoolid`; tag text up to 136 characters with embedded blanks) and z/VM 7.3 QUERY TAG (ibm.com/docs).
 */

/** The most characters a tag holds, embedded blanks included (VM/370 HELP TAG; z/VM 7.3 QUERY TAG). */
export const TAG_MAX = 136;

/** A spool device TAG names: the punch or the printer (a console spools nothing here). */
export type TagDevice = { device: "PUN" | "PRT"; vdev: string };

export type TagCommand =
  | { verb: "TAG"; what: "DEV"; dev: TagDevice; text: string | null }
  | { verb: "TAG"; what: "FILE"; spoolid: string; text: string | null }
  | { verb: "TAG"; what: "QUERY_DEV"; dev: TagDevice }
  | { verb: "TAG"; what: "QUERY_FILE"; spoolid: string };

const invalid = (operand: string) => refuse("HCPTAG002E", { operand });

/**
 * The device a word names: PUnch, Printer, or a vdev (000D, 000E: the punch and printer cseplex
 * users have). Another vdev is a device the user does not have; the reader and console are refused.
 */
function tagDevice(word: string | undefined): TagDevice | ParseResult<never> {
  if (word === undefined) return refuse("HCPTAG026E");
  const ur = unitRecord(word);
  if (ur === "PUN") return { device: "PUN", vdev: "000D" };
  if (ur === "PRT") return { device: "PRT", vdev: "000E" };
  if (ur === "RDR" || spells(word, "CONsole")) return invalid(word);
  if (/^[0-9A-F]{1,4}$/.test(word)) return refuse("HCPTAG040E", { vdev: word.padStart(4, "0") });
  return invalid(word);
}

const isDevice = (d: TagDevice | ParseResult<never>): d is TagDevice => "device" in d;

/** The tag text: the line from the operand word `i` to its end, as typed; null when none or blank. */
function tagText(
  i: number,
  ctx: { line: string; original: readonly { text: string; column: number }[] },
): { text: string | null } | ParseResult<never> {
  // Operand i is word i+1 of the line (word 0 is the command).
  const first = ctx.original[i + 1];
  const text = first ? ctx.line.slice(first.column - 1).trimEnd() : "";
  if (text.length > TAG_MAX) return invalid(text.slice(TAG_MAX).trim().split(/\s+/)[0] ?? text);
  return { text: text === "" ? null : text };
}

// TAg DEv Printer|PUnch|vdev [tagtext] | FIle spoolid [tagtext] | QUery DEv dev | QUery FIle spoolid
/** Parses TAG. */
export function parseTag(
  ops: string[],
  ctx: { line: string; original: readonly { text: string; column: number }[] },
): ParseResult<TagCommand> {
  const [what, ...rest] = ops;
  if (what === undefined) return refuse("HCPTAG026E");
  if (spells(what, "QUery")) {
    const [kind, target, extra] = rest;
    if (kind === undefined) return refuse("HCPTAG026E");
    if (extra !== undefined) return invalid(extra);
    if (spells(kind, "DEv")) {
      const dev = tagDevice(target);
      return isDevice(dev) ? accept({ verb: "TAG", what: "QUERY_DEV", dev }) : dev;
    }
    if (spells(kind, "FIle")) {
      if (target === undefined) return refuse("HCPTAG026E");
      if (!SPOOLID.test(target) || Number(target) === 0) return invalid(target);
      return accept({ verb: "TAG", what: "QUERY_FILE", spoolid: target.padStart(4, "0") });
    }
    return invalid(kind);
  }
  if (spells(what, "DEv")) {
    const dev = tagDevice(rest[0]);
    if (!isDevice(dev)) return dev;
    const t = tagText(2, ctx);
    return "text" in t ? accept({ verb: "TAG", what: "DEV", dev, text: t.text }) : t;
  }
  if (spells(what, "FIle")) {
    const id = rest[0];
    if (id === undefined) return refuse("HCPTAG026E");
    if (!SPOOLID.test(id) || Number(id) === 0) return invalid(id);
    const t = tagText(2, ctx);
    return "text" in t
      ? accept({ verb: "TAG", what: "FILE", spoolid: id.padStart(4, "0"), text: t.text })
      : t;
  }
  return invalid(what);
}

/** TAG. */
export const TAG_COMMANDS = [
  command<TagCommand>({
    verb: "TAG",
    syntax: "TAg",
    forms: { user: "G" },
    source:
      "TAg DEv dev [tagtext], FIle spoolid [tagtext], QUery DEv dev|FIle spoolid: VM/370 HELP TAG " +
      "(codex.retro1.org); z/VM 7.3 QUERY TAG responses (ibm.com/docs)",
    parse: (ops, ctx) => parseTag(ops, ctx),
  }),
] as const;
