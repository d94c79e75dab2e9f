/** REXX values: numbers, comparison, logical values, and the faults (REXX errors, forms not simulated). */

/** A REXX number: blanks, sign, digits with a point, exponent, blanks. */
export const NUMBER = /^ *[+-]? *(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/;
/** The numbers we compute with: whole, at most 9 digits, no point or exponent. */
const WHOLE = /^ *([+-]?) *(\d+) *$/;

/** A REXX error (stops the run) or a form we do not simulate (skips the clause). */
export type Fault = { error: number; message: string } | { unsupported: true };

/** Thrown while a clause runs; caught per clause (an error stops the run, unsupported skips it). */
export class Failure {
  constructor(readonly fault: Fault) {}
}

/** A Failure for REXX error `error`. */
export function rexxError(error: number, message: string): Failure {
  return new Failure({ error, message });
}
export const NOT_SIMULATED = new Failure({ unsupported: true });

/** A value as a whole number of at most 9 digits; error 41 if not a number, unsupported if decimal. */
export function wholeNumber(v: string): number {
  const m = WHOLE.exec(v);
  if (!m) {
    if (NUMBER.test(v)) throw NOT_SIMULATED;
    throw rexxError(41, "bad arithmetic conversion");
  }
  const digits = m[2].replace(/^0+(?=\d)/, "");
  if (digits.length > 9) throw NOT_SIMULATED;
  const n = Number(digits);
  return m[1] === "-" ? -n : n;
}

/** A computed number as a REXX value; unsupported if not whole or 10 digits or more. */
export function fromNumber(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) >= 1e9) throw NOT_SIMULATED;
  return String(n === 0 ? 0 : n);
}

/** The value without leading and trailing blanks. */
export function stripBlanks(s: string): string {
  return s.replace(/^ +| +$/g, "");
}

/** REXX's normal comparison: numeric when both are numbers, else blank-stripped and padded. */
function compareNormal(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) {
    const x = Number(a.replace(/ /g, ""));
    const y = Number(b.replace(/ /g, ""));
    return x === y ? 0 : x < y ? -1 : 1;
  }
  let x = stripBlanks(a);
  let y = stripBlanks(b);
  if (x.length < y.length) x = x.padEnd(y.length, " ");
  else y = y.padEnd(x.length, " ");
  return x === y ? 0 : x < y ? -1 : 1;
}

function compareStrict(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Applies a comparison operator, normal or strict, to two values. */
export function compare(op: string, a: string, b: string): boolean {
  const strict = ["==", "\\==", "¬==", ">>", "<<", ">>=", "<<=", "\\>>", "\\<<", "¬>>", "¬<<"].includes(op);
  const c = strict ? compareStrict(a, b) : compareNormal(a, b);
  switch (op.replace("¬", "\\")) {
    case "=":
    case "==":
      return c === 0;
    case "\\=":
    case "\\==":
    case "<>":
    case "><":
      return c !== 0;
    case ">":
    case ">>":
      return c > 0;
    case "<":
    case "<<":
      return c < 0;
    case ">=":
    case ">>=":
    case "\\<":
    case "\\<<":
      return c >= 0;
    default: // <= <<= \> \>>
      return c <= 0;
  }
}

/** A value as a logical value; error 34 unless 0 or 1. */
export function logical(v: string): boolean {
  if (v === "1") return true;
  if (v === "0") return false;
  throw rexxError(34, "logical value not 0 or 1");
}
