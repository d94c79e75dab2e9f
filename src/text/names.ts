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
  const t = text.toUpperCase();
  return HEX_DEVICE.test(t) ? t.padStart(4, "0") : undefined;
}
