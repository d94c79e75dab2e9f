/**
 * The shapes of z/VM names, in one place for the parsers and the API: CP upper-cases a command
 * line before it reads it, so these are upper case; the API upper-cases before it checks.
 */

/** A userid (USER statement, LINK owner, SPOOL TO): 1-8 of A-Z 0-9 @ # $ _ -. */
export const USERID = /^[A-Z0-9@#$_-]{1,8}$/;
/** A system name (System_Identifier, AT sysname): the same characters as a userid. */
export const SYSNAME = USERID;
/** A volume label (volser) of a DASD or a tape: 1-6 characters. */
export const VOLSER = /^[A-Z0-9@#$_-]{1,6}$/;
/** A device number, real or virtual: 1-4 hex digits. */
export const HEX_DEVICE = /^[0-9A-F]{1,4}$/;
/** A spool id as typed: 1-4 digits (0001-9999 once padded). */
export const SPOOLID = /^[0-9]{1,4}$/;
/** A spool file's name or type (SPOOL NAME, CMS file names): 1-8 characters. */
export const SPOOL_NAME = /^[A-Z0-9@#$_+:.-]{1,8}$/;
/** A spool file's class: one letter or digit (a reader may also read class `*`, any). */
export const SPOOL_CLASS = /^[A-Z0-9]$/;

/** A device number of 1-4 hex digits (any case) as four upper-case digits, or undefined: the one device-number parser. */
export function deviceNumber(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // Four upper-case digits already (most directory and command operands) is the answer itself: no
  // toUpperCase (a C++ call in V8), no regex, no new string.
  if (text.length === 4 && isUpperHex(text.charCodeAt(0)) && isUpperHex(text.charCodeAt(1))) {
    if (isUpperHex(text.charCodeAt(2)) && isUpperHex(text.charCodeAt(3))) return text;
  }
  const t = text.toUpperCase();
  return HEX_DEVICE.test(t) ? t.padStart(4, "0") : undefined;
}

/** 0-9 or A-F. */
function isUpperHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
}

/**
 * Characters never taken into a name, a command or a message: C0 controls but tab, DEL, C1
 * controls, and the bidirectional-text controls that make a line read differently than it is.
 */
export const UNSAFE_CHARS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** True when `text` holds none of UNSAFE_CHARS. */
export function isPrintable(text: string): boolean {
  return !UNSAFE_CHARS.test(text);
}

/** How much of untrusted input an error message repeats. */
const QUOTE_MAX = 32;

/** A short, printable prefix of untrusted input for an error message: unsafe characters as `?`, long text cut with `…`. */
export function quoted(text: string): string {
  const shown = text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text;
  return shown.replace(new RegExp(UNSAFE_CHARS.source, "g"), "?");
}
