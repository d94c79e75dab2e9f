/**
 * CP privilege classes. IBM defines A-H; I-Z and 1-6 are left to the installation; "Any" commands
 * need no class at all (z/VM 7.2 CP Commands and Utilities Reference, "IBM-Defined Privilege
 * Classes").
 */

/** The marker for a command every logged-on user may issue, whatever its classes. */
export const ANY = "ANY";

/** What each IBM-defined class is for (z/VM 7.2, "IBM-Defined Privilege Classes"). */
export const IBM_CLASSES: Readonly<Record<string, string>> = {
  A: "System Operator",
  B: "System Resource Operator",
  C: "System Programmer",
  D: "Spooling Operator",
  E: "System Analyst",
  F: "Service Representative",
  G: "General User",
  H: "Reserved for IBM use",
};

const CLASS_LETTER = /^[A-Z1-6]$/;

/** The class letters of a USER statement's class operand, upper-cased, each once, in order. */
export function normalizeClasses(classes: string): string {
  let out = "";
  for (const ch of classes.toUpperCase()) {
    if (CLASS_LETTER.test(ch) && !out.includes(ch)) out += ch;
  }
  return out;
}

/** True when every character of `classes` is a privilege class (A-Z, 1-6). */
export function isValidClasses(classes: string): boolean {
  return classes.length > 0 && [...classes.toUpperCase()].every((ch) => CLASS_LETTER.test(ch));
}

/** True when a user holding `userClasses` may use a form that requires any one of `required`. */
export function allows(userClasses: string, required: string): boolean {
  if (required === ANY) return true;
  const held = normalizeClasses(userClasses);
  return [...required].some((ch) => held.includes(ch));
}
