import { isAbbrev, minAbbrevOf } from "../text/records";

/**
 * The SYSTEM CONFIG statements CP knows, spelt as IBM's syntax diagrams spell them: the capital
 * letters are the minimum abbreviation (so "FEATures" accepts FEAT, FEATU, ... FEATURES).
 * Statements the simulator models get a semantic handler (parse.ts's HANDLERS); the rest are kept as text.
 */
export const STATEMENT_SYNTAX: readonly string[] = [
  "ACTIVATE",
  "ALTERNATE_OPerators",
  "ASSOCIATE",
  "BEGIN",
  "END",
  "CHARACTER_DEFAULTS",
  "CP_ACCESS",
  "CP_ADDON_INITIALIZE_ROUTINES",
  "CP_OWNED",
  "CPXLOAD",
  "CRYPTO",
  "CU",
  "DEFine",
  "DEVICEs",
  "DISABLE",
  "DISTRIBUTE",
  "DRAIN",
  "EDEVICE",
  "EMERGENCY_MESSAGE_CONSOLES",
  "ENABLE",
  "ENCRYPT",
  "EQUATE",
  "FEATures",
  "FORM_DEFAULT",
  "HOT_IO_RATE",
  "IMBED",
  "IODF",
  "JOURNALing",
  "LOGO_CONFIG",
  "MODify",
  "MULTITHREADING",
  "OPERATOR_CONSOLES",
  "PAGING63",
  "PRINTER_TITLE",
  "PRIV_CLASSES",
  "PRODUCT",
  "RDEVice",
  "RELOCATION_DOMAIN",
  "SAY",
  "SET",
  "SRM",
  "SSI",
  "START",
  "STORAGE",
  "STP_TIMEZONE",
  "SYSTEM_ALIAS",
  "SYSTEM_DATEFORMAT",
  "SYSTEM_IDentifier",
  "SYSTEM_IDENTIFIER_DEFAULT",
  "SYSTEM_RESIDENCE",
  "SYSTEM_USERIDS",
  "THROTTLE",
  "TIMEZONE_BOUNDARY",
  "TIMEZONE_DEFINITION",
  "TOLERATE_CONFIG_ERRORS",
  "TRANSLATE_TABLE",
  "USER_DEFAULTS",
  "USER_VOLUME_EXCLUDE",
  "USER_VOLUME_INCLUDE",
  "USER_VOLUME_LIST",
  "USER_VOLUME_RDEV",
  "VMLAN",
  "XLINK_DEVICE_DEFAULTS",
  "XLINK_SYSTEM_EXclude",
  "XLINK_SYSTEM_INclude",
  "XLINK_VOLUME_EXclude",
  "XLINK_VOLUME_INclude",
  "XSPOOL_SYSTEM",
  "XSPOOL_TRACE",
  "XSPOOL_XLIST_INPUT",
  "XSPOOL_XLIST_OUTPUT",
];

const TABLE = STATEMENT_SYNTAX.map((s) => ({ keyword: s.toUpperCase(), min: minAbbrevOf(s) }));
const EXACT = new Map(TABLE.map((e) => [e.keyword, e.keyword]));

/** The canonical (upper-case) keyword a word abbreviates, or undefined when CP has no such statement. */
export function lookupStatement(word: string): string | undefined {
  const w = word.toUpperCase();
  const exact = EXACT.get(w);
  if (exact) return exact;
  return TABLE.find((e) => isAbbrev(w, e.keyword, e.min))?.keyword;
}
