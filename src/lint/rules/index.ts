import { diag, type Diagnostic } from "../../diagnostics";
import type { PlexView, SystemView } from "../../plex/view";
import { allocation, allocationMdisk } from "./allocation";
import {
  cseIncludedAndExcluded,
  cseSlotDuplicate,
  cseSlotsDiffer,
  cseSystemUnknown,
  cseXlinkWithSsi,
} from "./cse-systems";
import { cpownedOtherDirectory, dirCpuidMismatch, dirNoDirectory, linkTarget } from "./directory";
import { mdiskOverlap, mdiskPastEnd, mdiskVolumeUnknown } from "./minidisks";
import { programsUserUnknown } from "./programs";
import { PVM_RULES } from "./pvm-network";
import { RSCS_RULES } from "./rscs-network";
import { DIRMAINT_RULES } from "./dirmaint";
import { spoolSharedNotSharing, spoolSlotDiffers, xlistUserUnknown } from "./spool";
import { iplVolume, residenceOnline, sysresShared } from "./sysres";
import { cseAreaPlacement, dirmaintLockDisk, xlinkUnprotected } from "./xlink";
import type { LintRule } from "./rule";

export { isFullPack } from "./extents";
export type { LintRule, Reporter } from "./rule";

/** The rules, in the order their findings are reported. */
export const RULES: LintRule[] = [
  cseSystemUnknown,
  cseSlotDuplicate,
  cseIncludedAndExcluded,
  cseSlotsDiffer,
  cseXlinkWithSsi,
  dirNoDirectory,
  mdiskOverlap,
  mdiskVolumeUnknown,
  mdiskPastEnd,
  cseAreaPlacement,
  sysresShared,
  residenceOnline,
  cpownedOtherDirectory,
  spoolSlotDiffers,
  spoolSharedNotSharing,
  xlistUserUnknown,
  allocation,
  allocationMdisk,
  dirmaintLockDisk,
  linkTarget,
  xlinkUnprotected,
  dirCpuidMismatch,
  iplVolume,
  programsUserUnknown,
  ...PVM_RULES,
  ...RSCS_RULES,
  ...DIRMAINT_RULES,
];

/** Runs every rule over a built plex. */
export function runRules(plex: PlexView, rules: readonly LintRule[] = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules)
    rule.check(plex, (where, message, severity) =>
      out.push(diag(where.file, where.line, where.column, severity ?? rule.severity, rule.code, message)),
    );
  return out;
}

export type { SystemView };
