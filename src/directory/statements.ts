import { minAbbrevOf } from "../text/records";

/**
 * The z/VM 7.x user directory statements (plus CSE's SYSAFFIN and the obsolete XSTORE), spelt as in
 * IBM's syntax diagrams: the capital letters are the minimum abbreviation. Only MDISK (`Mdisk`, seen
 * in the z/VM 7.2 MDISK page) and MACHINE (`MACH`, used in the bootcamp directory) are confirmed;
 * the other minimum lengths are recalled, so a real but shorter abbreviation may be refused.
 */
export const DIRECTORY_SYNTAX: readonly string[] = [
  "ACCount",
  "ACIGROUP",
  "APPCPASS",
  "AUTOLOG",
  "BUILD",
  "CLASS",
  "COMMAND",
  "CONSole",
  "CPU",
  "CRYPTO",
  "D8ONECMD",
  "DASDOPT",
  "DATEFormat",
  "DEDicate",
  "DIRectory",
  "GLOBALDEFS",
  "GLOBALOPTS",
  "IDENTITY",
  "INCLUDE",
  "IOPRIORITY",
  "IPL",
  "IUCV",
  "LINK",
  "LOAD",
  "LOADDEV",
  "LOGONBY",
  "MACHine",
  "MAXSTORage",
  "Mdisk",
  "MINIOPT",
  "NAMESAVE",
  "NICDEF",
  "NOPDATA",
  "OPTion",
  "POSIXGLIST",
  "POSIXGROUP",
  "POSIXINFO",
  "POSIXOPT",
  "PROFILE",
  "SCReen",
  "SHARE",
  "SPECial",
  "SPOOL",
  "STDEVOPT",
  "STORage",
  "SUBCONFIG",
  "SYSAFFIN",
  "USER",
  "VMRELOCATE",
  "XAUTOLOG",
  "XCONFIG",
  "XSTORE",
];

/** Every accepted spelling (full keyword and each allowed abbreviation) → canonical keyword. */
const LOOKUP: Map<string, string> = (() => {
  const map = new Map<string, string>();
  // Full keywords first so an exact name always wins over another keyword's abbreviation.
  for (const syntax of DIRECTORY_SYNTAX) map.set(syntax.toUpperCase(), syntax.toUpperCase());
  for (const syntax of DIRECTORY_SYNTAX) {
    const full = syntax.toUpperCase();
    for (let n = minAbbrevOf(syntax); n < full.length; n++) {
      const abbrev = full.slice(0, n);
      if (!map.has(abbrev)) map.set(abbrev, full);
    }
  }
  return map;
})();

/** The canonical keyword a directory statement word stands for, or undefined when none. */
export function lookupStatement(word: string): string | undefined {
  if (word.length > 10) return undefined;
  // Most directories are written in upper case: then no toUpperCase, which V8 runs as a C++ call
  // (and a new string to hash) each time, costing more than the rest of a record's scan.
  return LOOKUP.get(word) ?? LOOKUP.get(word.toUpperCase());
}

/** Statements that start an entry (or the GLOBALDEFS section). */
export const ENTRY_KEYWORDS: ReadonlySet<string> = new Set(["USER", "IDENTITY", "SUBCONFIG", "PROFILE"]);

/** Device statements; general statements belong before them. */
export const DEVICE_KEYWORDS: ReadonlySet<string> = new Set([
  "CONSOLE",
  "DEDICATE",
  "LINK",
  "MDISK",
  "NICDEF",
  "SPECIAL",
  "SPOOL",
  "DASDOPT",
  "MINIOPT",
]);

/** Statements whose operands are case-sensitive text (CP commands, POSIX names), kept as written. */
export const VERBATIM_KEYWORDS: ReadonlySet<string> = new Set([
  "COMMAND",
  "POSIXINFO",
  "POSIXGROUP",
  "POSIXGLIST",
  "POSIXOPT",
]);

/** Fewest operands a statement needs; statements not listed are not checked. */
export const MIN_OPERANDS: ReadonlyMap<string, number> = new Map([
  ["ACCOUNT", 1],
  ["AUTOLOG", 1],
  ["CLASS", 1],
  ["COMMAND", 1],
  ["CONSOLE", 2],
  ["CPU", 1],
  ["DEDICATE", 2],
  ["INCLUDE", 1],
  ["IPL", 1],
  ["IUCV", 1],
  ["LINK", 3],
  ["LOADDEV", 2],
  ["LOGONBY", 1],
  ["MACHINE", 1],
  ["MAXSTORAGE", 1],
  ["MDISK", 3],
  ["NAMESAVE", 1],
  ["NICDEF", 1],
  ["OPTION", 1],
  ["POSIXGROUP", 2],
  ["SHARE", 2],
  ["SPECIAL", 2],
  ["SPOOL", 2],
  ["STORAGE", 1],
  ["XAUTOLOG", 1],
]);

/** Device types DIRECTXA knows for minidisks (CKD and FBA, old and new). */
export const DASD_TYPES: ReadonlySet<string> = new Set([
  "2305",
  "2314",
  "2319",
  "3310",
  "3330",
  "3333",
  "3340",
  "3350",
  "3370",
  "3375",
  "3380",
  "3390",
  "9313",
  "9332",
  "9335",
  "9336",
  "9345",
  "FB-512",
]);
