import type { CpMessage } from "./cp-message";

/**
 * The system: IPL and SHUTDOWN (HCPWRP, HCPIPL), its CSE peers (HCPCSE), ATTACH/DETACH of its
 * real volumes (HCPATT) and SYSTEM CONFIG (CPSYNTAX, HCPSYK).
 */
export const SYSTEM_MESSAGES: readonly CpMessage[] = [
  {
    id: "HCPWRP963I",
    number: 963,
    severity: "I",
    template: "STARTUP COMPLETE ON {sysname}",
    source: "recalled",
    note: "the end of an IPL's console lines; the wording with the system name is unverified",
  },
  {
    id: "HCPWRP961W",
    number: 961,
    severity: "W",
    template: "SYSTEM {sysname} DOWN",
    source: "recalled",
    note: "after SHUTDOWN; the wording with the system name is unverified",
  },
  {
    id: "HCPIPL9021I",
    number: 9021,
    severity: "I",
    template:
      "Volume {volid} now has {cylinders} cylinders, as SYSTEM CONFIG and the inventory read at this IPL say",
    source: "recalled",
    note: "ours: a geometry changed by PUT /config is taken at the next IPL that reads it (issue #10)",
  },
  {
    id: "HCPIPL9022W",
    number: 9022,
    severity: "W",
    template:
      "Volume {volid} now has {cylinders} cylinders; its CSE area no longer fits and must be formatted again (XLINK FORMAT)",
    source: "recalled",
    note: "ours: the CSE area is sized to the volume, so a new size or CSE cylinder drops it",
  },
  {
    id: "HCPIPL9023W",
    number: 9023,
    severity: "W",
    template: "Volume {volid} keeps {cylinders} cylinders: the new geometry does not fit, {reason}",
    source: "recalled",
    note: "ours: a geometry is never applied under links it would cut off or whose flags it would lose",
  },
  {
    id: "HCPIPL9020W",
    number: 9020,
    severity: "W",
    template: "Volume {volid} not brought online: XLINK-controlled and no CSE area",
    source: "recalled",
    note: "ours: the seed says such a volume is not brought online at all",
  },
  {
    id: "HCPCSE9030E",
    number: 9030,
    severity: "E",
    template: "System {sysname} is not up",
    source: "recalled",
    note: "ours: an AT sysname command to a system that is down or failed",
  },
  {
    id: "HCPCSE9032I",
    number: 9032,
    severity: "I",
    template: "System {sysname} is not up; its users are not shown",
    source: "recalled",
    note: "ours: QUERY NAMES/USERS AT ALL leaves out systems that are down and says so",
  },
  {
    id: "HCPCSE9033E",
    number: 9033,
    severity: "E",
    template: "System {sysname} cannot be reached: no CSE path ({why})",
    source: "recalled",
    note: "ours: CP's text for a CSE path that is down was not found (reference: service-machines §1.3, HCP...972W unknown)",
  },
  {
    id: "HCPCSE9034I",
    number: 9034,
    severity: "I",
    template: "System {sysname} cannot be reached: no CSE path; its users are not shown",
    source: "recalled",
    note: "ours: QUERY NAMES/USERS AT ALL leaves out systems it has no CSE path to and says so",
  },
  {
    id: "HCPCSE9031E",
    number: 9031,
    severity: "E",
    template: "System {sysname} is not in this plex",
    source: "recalled",
    note: "ours",
  },
  {
    id: "HCPATT9040E",
    number: 9040,
    severity: "E",
    template: "{class} {rdev} {reason}",
    source: "recalled",
    note: "ours: ATTACH/DETACH of a real volume refused",
  },
  {
    id: "HCPSYK6700E",
    number: 6700,
    severity: "E",
    template: "FILE {fn} {ft} {fm}, RECORD {record}:",
    source: "corpus",
  },
  {
    id: "HCPSYK6701E",
    number: 6701,
    severity: "E",
    template: "INVALID SYSTEM CONFIGURATION FILE STATEMENT - {statement}",
    source: "corpus",
  },
  {
    id: "HCPIPL9026E",
    number: 9026,
    severity: "E",
    template:
      "The {area} area moved from {from} to {to}: no {area} data there to warm start from; IPL CLEAN rebuilds it (SPXTAPE DUMP the spool first)",
    source: "recalled",
    note: "ours: a warm start reads the checkpoint and warm start data where the last IPL left them; a bad checkpoint area makes CP ask for a FORCE or COLD start (reference §9), and the seed rebuilds a moved checkpoint with SPXTAPE DUMP, IPL CLEAN, SPXTAPE LOAD",
  },
  {
    id: "HCPIPL9027E",
    number: 9027,
    severity: "E",
    template: "The {area} area's volume {volid} is not online to SYSTEM: IPL stopped",
    source: "recalled",
    note: "ours: System_Residence names a volume the IPL does not attach (not the SysRes, CP_Owned or a user volume, or not in the inventory)",
  },
];
