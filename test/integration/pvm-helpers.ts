/**
 * A two-system CSE network for the small plex (test/integration/plex-helpers.ts): AUTOLOG1 starts
 * PVM on SYSA and SYSB, each PVM attaches its end of one CTC (SYSA DB44, SYSB DA44) and starts
 * its line and CSECOM toward the other.
 */

/** AUTOLOG1 and PVM (a 191 per system), to add to the small plex's directory. */
export const pvmDirectory = [
  "USER AUTOLOG1 AUTOPW 32M 64M ABCDEG",
  "  MDISK 0191 3390 200 5 OPEN01 MR",
  "USER PVM PVMPW 32M 64M BG",
  "SYSAFFIN SYSA",
  "  MDISK 0191 3390 210 5 OPEN01 MR",
  "SYSAFFIN SYSB",
  "  MDISK 0191 3390 215 5 OPEN01 MR",
].join("\n");

/** The one CTC between SYSA and SYSB. */
export const pvmCtcs = [{ a: { system: "SYSA", rdev: "DB44" }, b: { system: "SYSB", rdev: "DA44" } }];

/** AUTOLOG1's profile and each system's PVM profile and PVM CONFIG (SYSA's may be given). */
export function pvmFiles(sysaConfig = "LOCAL SYSA\nLINK DB4 SYSB CTCA\nSTART LINE DB4\nSTART CSECOM SYSB\n") {
  return {
    "AUTOLOG1 0191": { "PROFILE EXEC": "/* AUTOLOG1 */\n'CP XAUTOLOG PVM'\n" },
    "SYSA: PVM 0191": { "PROFILE EXEC": "/* PVM */\n'CP ATT DB44 * DB4'\n", "PVM CONFIG": sysaConfig },
    "SYSB: PVM 0191": {
      "PROFILE EXEC": "/* PVM */\n'CP ATT DA44 * DA4'\n",
      "PVM CONFIG": "LOCAL SYSB\nLINK DA4 SYSA CTCA\nSTART LINE DA4\nSTART CSECOM SYSA\n",
    },
  };
}
