import { diag, type Diagnostic } from "../diagnostics";
import type { ConfigStatement } from "./model";
import { Operands } from "./operands";

/**
 * FEATURES takes operand groups (z/VM CP Planning and Administration, "FEATURES Statement"):
 * ENABLE/DISABLE and the features they name, DISCONNECT_TIMEOUT {OFF | minutes}, MAXUSERS,
 * PASSWORDS_ON_CMDS, RETRIEVE, VDISK. A word that starts no group is a bad operand of FEATURES.
 * (The corpus's CPSYNTAX `HCPSYK6701E ... STATEMENT - DISCONNECT_TIMEOUT` names a *statement*: CP
 * read DISCONNECT_TIMEOUT as a new statement because the record before it did not end with a
 * continuation comma, as the tutorial's own earlier screen `Vdisk Userlim 144000 blocks` does not.)
 */
const FEATURE_GROUPS: Record<string, (o: Operands) => void> = {
  ENABLE: (o) => {
    while (!o.done && !featureGroupOf(o.peek()!.text)) o.next();
  },
  DISABLE: (o) => FEATURE_GROUPS.ENABLE(o),
  RETRIEVE: (o) => {
    while (o.accept("DEFAULT", 3) || o.accept("MAXIMUM", 3)) o.number("Retrieve buffers", 0, 255);
  },
  DISCONNECT_TIMEOUT: (o) => {
    const w = o.next();
    if (!w || !(/^[0-9]+$/.test(w.text) || w.text.toUpperCase() === "OFF"))
      o.error("Disconnect_Timeout needs OFF or a number of minutes", w);
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

/** Checks a FEATURES statement's operand groups. */
export function checkFeatures(stmt: ConfigStatement, diagnostics: Diagnostic[]): void {
  const o = new Operands(stmt, diagnostics);
  while (!o.done) {
    const w = o.next()!;
    const group = featureGroupOf(w.text);
    if (!group) {
      diagnostics.push(
        diag(stmt.file, w.line, w.column, "error", "CFG-OPERAND", `FEATURES: unknown operand ${w.text}`),
      );
      return;
    }
    FEATURE_GROUPS[group](o);
  }
}
