import { expect } from "vitest";
import type { DirmContext, DirmResult } from "../../src/dirmaint/apply";
import { applyDirm } from "../../src/dirmaint/apply";
import { parseDirm } from "../../src/dirmaint/commands";

/** A small source directory: control statements, comments, a profile, and SYSAFFIN scopes. */
export const SOURCE = [
  "DIRECTORY 0123 3390 VM1IPL *01550-2064 LTICVM1",
  "DIRECTORY 0123 3390 VM2IPL *4299E-2094 LTICVM2",
  "*",
  "* The profile everyone INCLUDEs.",
  "PROFILE IBMDFLT",
  "   SPOOL 000C 2540 READER *",
  "   LINK MAINT 0190 0190 RR",
  "*",
  "USER MAINT LTICMNT 128M 1G ABCDEFG",
  "   INCLUDE IBMDFLT",
  "   MDISK 0191 3390 0800 50 +VMRES MR RMAINT WMAINT MMAINT",
  "*",
  "* OPERATOR: one 191 per system.",
  "USER OPERATOR LTICOPR 32M 128M ABCDEFG",
  "   INCLUDE IBMDFLT",
  "   IPL CMS",
  "SYSAFFIN LTICVM1",
  "   MDISK 0191 3390 2000 5 +VMRES MR ROPER WOPER MOPER",
  "SYSAFFIN LTICVM2",
  "   MDISK 0191 3390 2000 5 +VMRES RR",
  "   MDISK 0192 3390 0059 5 VM2CDS MR",
  "*",
  "USER LINUX1 LNXPW 512M 1G G",
  " INCLUDE IBMDFLT",
  " MDISK 0100 3390 0001 3338 LNX301 MR",
  " LINK OPERATOR 0192 0292 RR",
  "* the end",
  "",
].join("\n");

/** A context for `requester` on LTICVM1 with the fixture's source and nothing else. */
export function context(requester = "MAINT", over: Partial<DirmContext> = {}): DirmContext {
  return {
    requester,
    requesterSystem: "LTICVM1",
    source: SOURCE,
    authorizations: [],
    files: () => undefined,
    prototypes: () => undefined,
    locks: {},
    ...over,
  };
}

/** Parses and applies a DIRM command line. */
export function dirm(text: string, ctx: DirmContext = context()): DirmResult {
  const parsed = parseDirm(text, ctx.requester);
  if (!parsed.ok) throw new Error(parsed.lines.join("\n"));
  return applyDirm(parsed.command, ctx);
}

/** The successful result, or the test fails with the refusal's lines. */
export function ok(r: DirmResult): Extract<DirmResult, { ok: true }> {
  if (!r.ok) throw new Error(r.lines.join("\n"));
  return r;
}

/** The refusal, checked to change nothing and to end with 2289E naming the RC. */
export function refusal(r: DirmResult): { rc: number; text: string } {
  if (r.ok) throw new Error(`accepted: ${r.lines.join("\n")}`);
  expect(Object.keys(r).sort()).toEqual(["lines", "ok", "rc"]);
  expect(r.lines[0]).toMatch(/^DVHREQ2288I /);
  expect(said(r.lines).at(-1)).toMatch(new RegExp(`^DVHREQ2289E .* has failed; with RC = ${r.rc}\\.$`));
  return { rc: r.rc, text: said(r.lines).join(" ") };
}

/** The source's lines, for comparing what changed. */
export function linesOf(text: string | undefined): string[] {
  return (text ?? "").split("\n");
}

/** DVH lines with DirMaint's wrapping undone: a continuation (same id) joins the line before. */
export function said(lines: readonly string[]): string[] {
  const out: string[] = [];
  let id = "";
  for (const line of lines) {
    const lineId = line.slice(0, 11);
    if (lineId === id && out.length > 0) out[out.length - 1] += line.slice(11);
    else out.push(line);
    id = lineId;
  }
  return out;
}
