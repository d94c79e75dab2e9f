import { PROGRAMS_FILE } from "../../cms/programs";
import type { LintRule } from "./rule";

/**
 * The plex's `programs` input (src/cms/programs.ts) names users the directory has: a userid given
 * a program that no system's directory defines runs nothing (a typo, or a user since removed). A
 * warning: every system still comes up, only that service machine does not.
 */
export const programsUserUnknown: LintRule = {
  code: "PROGRAMS-USER-UNKNOWN",
  severity: "warning",
  title: "each userid the programs input names is a user of the directory",
  check(plex, report) {
    if (!plex.source) return;
    const users = new Set(plex.source.users.map((u) => u.userid));
    for (const [userid, program] of Object.entries(plex.programs))
      if (!users.has(userid))
        report(
          { file: PROGRAMS_FILE, line: 0, column: 0 },
          `programs.${userid} (${program}): the directory has no USER ${userid}, so no system runs it`,
        );
  },
};
