import type { Diagnostic } from "../diagnostics";
import type { DirmCommand } from "./commands";
import type { DirmRefusal, DirmResult } from "./types";
import { dvh, dvhRc } from "./messages";
import type { SourceText } from "./source";

/** What every DVH line about a request names: its verb, target and node. */
function about(cmd: DirmCommand): { cmd: string; target: string; node: string } {
  return { cmd: cmd.verb, target: cmd.target, node: cmd.node };
}

/** `DVHREQ2288I Your ADD request for LINDFLT at * has been accepted.` */
export function acceptedLines(cmd: DirmCommand): string[] {
  return dvh("DVHREQ2288I", about(cmd));
}

/** `DVHREQ2289I Your ADD request for LINDFLT at * has completed; with RC = 0.` */
export function completedLines(cmd: DirmCommand): string[] {
  return dvh("DVHREQ2289I", { ...about(cmd), rc: 0 });
}

/** A refused request: accepted, the reason, then 2289E with the reason's number as RC. */
export function failed(
  cmd: DirmCommand,
  id: string,
  subs: Record<string, string | number>,
): { ok: false; rc: number; lines: string[] } {
  return failedWith(cmd, dvhRc(id), dvh(id, subs));
}

/** A refused request with its reason lines already built. */
export function failedWith(
  cmd: DirmCommand,
  rc: number,
  reason: string[],
): { ok: false; rc: number; lines: string[] } {
  return {
    ok: false,
    rc,
    lines: [...acceptedLines(cmd), ...reason, ...dvh("DVHREQ2289E", { ...about(cmd), rc })],
  };
}

/** The lines for entries whose source changed and went online at once (ONLINE= IMMED). */
export function updatedLines(userids: readonly string[]): string[] {
  return userids.flatMap((userid) => [
    ...dvh("DVHBIU3450I", { userid }),
    ...dvh("DVHBIU3424I"),
    ...dvh("DVHBIU3428I", { userid }),
  ]);
}

/**
 * DirMaint's refusal when the new source fails the checks DIRECTXA makes (the caller lints it with
 * the plex's rules): each error as a DVHBXX6213E line, as DIRMAINT wraps DIRECTXA's HCPDIR output,
 * "EOJ DIRECTORY NOT UPDATED", then for ADD DVHADD3212E (RC 3212), otherwise RC 6213.
 */
export function refusalForDiagnostics(cmd: DirmCommand, diagnostics: readonly Diagnostic[]): DirmRefusal {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const shown = errors.length > 0 ? errors : diagnostics;
  const reason = shown.flatMap((d) =>
    dvh("DVHBXX6213E", { text: `${d.code} ${d.message}${d.line > 0 ? ` (${d.file} line ${d.line})` : ""}` }),
  );
  reason.push(...dvh("DVHBXX6213E", { text: "EOJ DIRECTORY NOT UPDATED" }));
  if (cmd.verb === "ADD") {
    reason.push(...dvh("DVHADD3212E", { rc: 2, kind: "EXEC", name: "DVHBBXXA", mode: "U" }));
    return failedWith(cmd, 3212, reason);
  }
  return failedWith(cmd, 6213, reason);
}

/** A successful change: the new text, 3450I/3424I/3428I for each changed entry. */
export function changedResult(
  cmd: DirmCommand,
  source: SourceText,
  changed: string[],
): Extract<DirmResult, { ok: true }> {
  return {
    ok: true,
    source: source.toString(),
    lines: [...acceptedLines(cmd), ...updatedLines(changed), ...completedLines(cmd)],
    changed,
  };
}
