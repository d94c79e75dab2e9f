/** Severity letter that ends a CP message id. */
export type Severity = "E" | "W" | "I" | "R";

/**
 * Where a text comes from: `corpus` = seen verbatim in real output (shared/corpus), `documented` =
 * quoted by an IBM page, `recalled` = unverified (or our own), to be checked against
 * *z/VM CP Messages and Codes*.
 */
export type MessageSource = "corpus" | "documented" | "recalled";

/** One entry of the CP message catalog. */
export interface CpMessage {
  /**
   * Catalog key. Normally the CP message id; a `:FORM` suffix names another wording of the same
   * message (same printed id and number), e.g. `HCPLNM105E:CSE` for a conflict on another system.
   */
  id: string;
  number: number;
  severity: Severity;
  /** The text after the id, with `{name}` variables. */
  template: string;
  source: MessageSource;
  /** Why the text is what it is, when it is not plain corpus text. */
  note?: string;
}

/** The one CP message catalog. A corrected text is a one-line change here. */
export const MESSAGES: readonly CpMessage[] = [
  // LINK (HCPLNM)
  { id: "HCPLNM020E", number: 20, severity: "E", template: "Userid missing or invalid", source: "recalled" },
  { id: "HCPLNM053E", number: 53, severity: "E", template: "{userid} not in CP directory", source: "corpus" },
  {
    id: "HCPLNM101W",
    number: 101,
    severity: "W",
    template: "DASD {vdev} forced R/O; R/O by {holders}",
    source: "recalled",
  },
  {
    id: "HCPLNM102W",
    number: 102,
    severity: "W",
    template: "DASD {vdev} forced R/O; R/W by {holders}",
    source: "recalled",
  },
  {
    id: "HCPLNM103W",
    number: 103,
    severity: "W",
    template: "DASD {vdev} forced R/O; R/W by {writers}; R/O by {readers}",
    source: "recalled",
  },
  {
    id: "HCPLNM104E",
    number: 104,
    severity: "E",
    template: "{userid} {vdev} not linked; R/O by {holders}",
    source: "recalled",
  },
  {
    id: "HCPLNM105E",
    number: 105,
    severity: "E",
    template: "{userid} {vdev} not linked; R/W by {holders}",
    source: "recalled",
  },
  {
    id: "HCPLNM106E",
    number: 106,
    severity: "E",
    template: "{userid} {vdev} not linked; R/W by {writers}; R/O by {readers}",
    source: "recalled",
  },
  {
    id: "HCPLNM107E",
    number: 107,
    severity: "E",
    template: "{userid} {vdev} not linked; not in CP directory",
    source: "recalled",
    note: "seen only as VM/370 DMKLNK107E",
  },
  {
    id: "HCPLNM108E",
    number: 108,
    severity: "E",
    template: "{userid} {vdev} not linked; volid {volid} not mounted",
    source: "corpus",
  },
  {
    id: "HCPLNM110E",
    number: 110,
    severity: "E",
    template: "{userid} {vdev} not linked; DASD {vdev2} already defined",
    source: "recalled",
    note: "seen only as VM/370 DMKLNK110E",
  },
  {
    id: "HCPLNM111E",
    number: 111,
    severity: "E",
    template: "{userid} {vdev} not linked; no read password",
    source: "recalled",
  },
  {
    id: "HCPLNM112E",
    number: 112,
    severity: "E",
    template: "{userid} {vdev} not linked; no write password",
    source: "recalled",
  },
  {
    id: "HCPLNM113E",
    number: 113,
    severity: "E",
    template: "{userid} {vdev} not linked; no multi password",
    source: "recalled",
  },
  {
    id: "HCPLNM114E",
    number: 114,
    severity: "E",
    template: "{userid} {vdev} not linked; mode or password incorrect",
    source: "recalled",
    note: "number and text unverified; the catalog needs one message for a wrong password",
  },
  // A conflict found in the CSE area names the other system: CSE keeps per-system flags, not userids.
  {
    id: "HCPLNM101W:CSE",
    number: 101,
    severity: "W",
    template: "DASD {vdev} forced R/O; R/O by {sysname}",
    source: "recalled",
  },
  {
    id: "HCPLNM102W:CSE",
    number: 102,
    severity: "W",
    template: "DASD {vdev} forced R/O; R/W by {sysname}",
    source: "recalled",
  },
  {
    id: "HCPLNM103W:CSE",
    number: 103,
    severity: "W",
    template: "DASD {vdev} forced R/O; R/W by {writers}; R/O by {readers}",
    source: "recalled",
  },
  {
    id: "HCPLNM104E:CSE",
    number: 104,
    severity: "E",
    template: "{userid} {vdev} not linked; R/O by {sysname}",
    source: "recalled",
  },
  {
    id: "HCPLNM105E:CSE",
    number: 105,
    severity: "E",
    template: "{userid} {vdev} not linked; R/W by {sysname}",
    source: "recalled",
    note: 'IBMVM forum quotes "not linked, R/W by VMA" (comma); the semicolon matches 105E',
  },
  {
    id: "HCPLNM106E:CSE",
    number: 106,
    severity: "E",
    template: "{userid} {vdev} not linked; R/W by {writers}; R/O by {readers}",
    source: "recalled",
  },
  {
    id: "HCPLNM9001I",
    number: 9001,
    severity: "I",
    template: "DASD {vdev} virtual reserve/release is not extended across systems",
    source: "recalled",
    note: "ours, not CP's: the seed says MWV reserve/release does not cross systems",
  },

  {
    id: "HCPLNM9002E",
    number: 9002,
    severity: "E",
    template:
      "{userid} {vdev} not linked; virtual reserve/release is not extended across systems, {sysname} has it linked",
    source: "recalled",
    note: "ours: a V mode (e.g. MWV) is refused when another system holds the extent (seed: CSE does not extend it)",
  },
  {
    id: "HCPMSG045E",
    number: 45,
    severity: "E",
    template: "{userid} not logged on",
    source: "recalled",
    note: "the MSG form of HCPCQU045E (the corpus shows the QUERY form)",
  },
  {
    id: "HCPMSG057I",
    number: 57,
    severity: "I",
    template: "{userid} not receiving; {what} off",
    source: "recalled",
  },
  {
    id: "HCPLNM9003E",
    number: 9003,
    severity: "E",
    template: "{userid} {vdev} not linked; extent runs past the end of {volid} ({cylinders} cylinders)",
    source: "recalled",
    note: "ours: a directory extent the volume cannot hold (lint MDISK-PAST-END warns of it)",
  },
  {
    id: "HCPXXL9016E",
    number: 9016,
    severity: "E",
    template: "XLINK FORMAT: {volid} has links; formatting would lose their flags",
    source: "recalled",
    note: "ours",
  },
  {
    id: "HCPXXL9017E",
    number: 9017,
    severity: "E",
    template: "XLINK RESET: system {sysname} is running; reset only a failed or stopped system",
    source: "recalled",
    note: "ours: clearing a running system's flags would open its links to the others",
  },
  {
    id: "HCPCSP042E",
    number: 42,
    severity: "E",
    template: "User {userid} spoolid {spoolid} does not exist",
    source: "recalled",
  },
  {
    id: "HCPCSP439E",
    number: 439,
    severity: "E",
    template: "Spool fileid limit exceeded",
    source: "recalled",
    note: "the return code 439 is what s390-tools vmur reads for a full spool; the text is recalled",
  },
  {
    id: "HCPCSP9050E",
    number: 9050,
    severity: "E",
    template: "Spoolid {spoolid} is open on system {sysname}; it is locked there until it is closed",
    source: "recalled",
    note: "ours: no CP text for a file locked by another CSE system was found (reference §6, scenario 27)",
  },
  {
    id: "HCPSPX040E",
    number: 40,
    severity: "E",
    template: "Device {vdev} does not exist",
    source: "recalled",
    note: "the HCPQVD040E text, for SPXTAPE without a tape drive at vdev",
  },
  {
    id: "HCPSPX9060E",
    number: 9060,
    severity: "E",
    template: "Tape {volser} on {vdev} holds no SPXTAPE dump",
    source: "recalled",
    note: "ours",
  },
  {
    id: "HCPSPX9061E",
    number: 9061,
    severity: "E",
    template: "Tape {volser} is full: the files selected hold {bytes} bytes; a tape holds {max}",
    source: "recalled",
    note: "ours: CP would ask for the next tape; cseplex tapes are one cartridge",
  },
  {
    id: "HCPSPX9063E",
    number: 9063,
    severity: "E",
    template:
      "Tape {volser} holds files {userid} dumped; a class G user writes only its own or a scratch tape",
    source: "recalled",
    note: "ours: DUMP starts the tape afresh, so class G may not overwrite another user's dump",
  },
  {
    id: "HCPSPX9064E",
    number: 9064,
    severity: "E",
    template: "The spool is full: {count} files were not loaded",
    source: "recalled",
    note: "ours: 9999 spool ids are in use",
  },
  {
    id: "HCPSPL053E",
    number: 53,
    severity: "E",
    template: "{userid} not in CP directory",
    source: "recalled",
    note: "the SPOOL form of HCPLNM053E",
  },
  {
    id: "HCPSPX9062E",
    number: 9062,
    severity: "E",
    template: "{userid} may process only its own spool files",
    source: "recalled",
    note: "ours: reference §6 says class G may process only its own RDR, PRT and PUN files",
  },
  {
    id: "HCPATT9041E",
    number: 9041,
    severity: "E",
    template: "Device {vdev} already defined",
    source: "recalled",
    note: "ours: mounting a tape on a vdev the user already has",
  },
  // cseplex's own texts where CP's are not at hand (recalled = unverified; the note says "ours").
  {
    id: "HCPLGA053E",
    number: 53,
    severity: "E",
    template: "{userid} not in CP directory",
    source: "recalled",
    note: "the LOGON form of HCPLNM053E",
  },
  {
    id: "HCPXXL9010E",
    number: 9010,
    severity: "E",
    template: "XLINK FORMAT: volume on {vdev} is labelled {label}, not {volid}",
    source: "recalled",
    note: "ours: XLINK FORMAT checks the label (reference §3.1)",
  },
  {
    id: "HCPXXL9011E",
    number: 9011,
    severity: "E",
    template: "XLINK FORMAT: {vdev} is not linked R/W",
    source: "recalled",
    note: "ours: XLINK FORMAT needs write access (reference §3.1)",
  },
  {
    id: "HCPXXL9012E",
    number: 9012,
    severity: "E",
    template: "Volume {volid} is not controlled by CSE LINK.",
    source: "recalled",
    note: "ours: the negative of the seed's XLINK CHECK answer",
  },
  {
    id: "HCPXXL9013E",
    number: 9013,
    severity: "E",
    template: "VOLUME {volid} HAS NO CSE AREA",
    source: "recalled",
    note: "ours: XLINK DISPLAY on an unformatted volume",
  },
  {
    id: "HCPXXL9014E",
    number: 9014,
    severity: "E",
    template: "System {sysname} has no XLINK slot",
    source: "recalled",
    note: "ours: XLINK RESET of a system XLINK_System_Include does not name",
  },
  {
    id: "HCPXXL9015I",
    number: 9015,
    severity: "I",
    template: "XLINK flags of system {sysname} reset on {count} volume(s)",
    source: "recalled",
    note: "ours: XLINK RESET's answer",
  },
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
    template: "DASD {rdev} {reason}",
    source: "recalled",
    note: "ours: ATTACH/DETACH of a real volume refused",
  },

  // Commands, QUERY, DETACH
  {
    id: "HCPCMD001E",
    number: 1,
    severity: "E",
    template: "Unknown CP command: {command}",
    source: "recalled",
  },
  { id: "HCPCFC026E", number: 26, severity: "E", template: "Operand missing or invalid", source: "corpus" },
  { id: "HCPCQV003E", number: 3, severity: "E", template: "Invalid option - {option}", source: "corpus" },
  { id: "HCPCQU045E", number: 45, severity: "E", template: "{userid} not logged on", source: "corpus" },
  {
    id: "HCPCQU361E",
    number: 361,
    severity: "E",
    template: "LOGOFF/FORCE pending for user {userid}",
    source: "corpus",
  },
  { id: "HCPQVD040E", number: 40, severity: "E", template: "Device {vdev} does not exist", source: "corpus" },
  { id: "HCPDTV040E", number: 40, severity: "E", template: "Device {vdev} does not exist", source: "corpus" },

  // LOGON
  {
    id: "HCPLGA050E",
    number: 50,
    severity: "E",
    template: "LOGON unsuccessful--incorrect password",
    source: "corpus",
  },
  {
    id: "HCPLGA054E",
    number: 54,
    severity: "E",
    template: "Already logged on",
    source: "recalled",
    note: 'the corpus line is cut short ("already logged"); tessia matches "Already logged on"',
  },
  {
    id: "HCPLGA361E",
    number: 361,
    severity: "E",
    template: "LOGOFF/FORCE pending for user {userid}",
    source: "corpus",
  },

  // SYSTEM CONFIG (CPSYNTAX)
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

  // XLINK utilities
  {
    id: "HCPXXL2867I",
    number: 2867,
    severity: "I",
    template: "VOLSER {volid} NOT IN INCLUDE LIST, DEVTYPE CSE DEFAULTS WILL BE USED.",
    source: "documented",
  },
  {
    id: "HCPXXL2876I",
    number: 2876,
    severity: "I",
    template: "VOLUME {volid} WAS FORMATTED FOR CSE ON {date} AT {time} BY USER {userid} AT SYSTEM {sysname}",
    source: "documented",
  },
];

const CATALOG: ReadonlyMap<string, CpMessage> = new Map(MESSAGES.map((m) => [m.id, m]));

const VARIABLE = /\{(\w+)\}/g;

/** The catalog entry for an id; throws on an unknown id (a programming error). */
export function messageOf(id: string): CpMessage {
  const m = CATALOG.get(id);
  if (!m) throw new Error(`unknown CP message id ${id}`);
  return m;
}

/** The message id CP prints: the catalog key without its `:FORM` suffix. */
export function printedId(id: string): string {
  return messageOf(id).id.split(":")[0];
}

/** Names of the `{variables}` a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1]))];
}

/**
 * The full CP line, `HCPLNM104E USERA 0191 not linked; R/O by 2 users`. Throws on an unknown id
 * or a missing variable: both are bugs in the caller, never user input.
 */
export function formatMessage(id: string, vars: Readonly<Record<string, string | number>> = {}): string {
  const m = messageOf(id);
  const text = m.template.replace(VARIABLE, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`${id}: missing variable {${name}}`);
    return String(v);
  });
  return `${printedId(id)} ${text}`;
}

/** The CP return code a message sets: its number (HCPLNM104E → 104). */
export function rcOf(id: string): number {
  return messageOf(id).number;
}
