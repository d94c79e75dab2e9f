import type { ConfigStatement } from "./model";
import type { Diagnostic } from "../diagnostics";
import { Operands } from "./operands";

/**
 * PRODUCT PRODID prodid STATE {ENABLED | DISABLED} [DESCRIPTION 'text'] (z/VM CP Planning and
 * Administration, "PRODUCT Statement"): what IBM's service tools write to enable a priced feature.
 * The description is one quoted string, which the lexer reads across records (see lexer.ts).
 */
export function checkProduct(stmt: ConfigStatement, diagnostics: Diagnostic[]): void {
  const o = new Operands(stmt, diagnostics);
  let prodid = false;
  let state = false;
  while (!o.done) {
    const w = o.peek()!;
    if (o.accept("PRODID")) {
      if (!o.name("Product identifier")) return;
      prodid = true;
    } else if (o.accept("STATE")) {
      const v = o.next();
      const t = v?.text.toUpperCase();
      if (t !== "ENABLED" && t !== "DISABLED")
        return o.error(`STATE must be ENABLED or DISABLED, not ${v?.text ?? "nothing"}`, v);
      state = true;
    } else if (o.accept("DESCRIPTION")) {
      // The rest of the statement is the description: a quoted string, as the tools write it.
      if (o.done) return o.error("DESCRIPTION needs a text");
      while (!o.done) o.next();
    } else return o.error(`unexpected operand ${w.text}`, w);
  }
  if (!prodid) return o.error("PRODID is missing");
  if (!state) return o.error("STATE is missing");
}
