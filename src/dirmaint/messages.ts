/**
 * The DVH catalog: every DirMaint message text in one place, wrapped as DirMaint wraps long
 * messages (the continuation repeats the message id). Sources: docs/dirmaint.md, "Messages".
 */

/** Where a text comes from: seen in real output (`seen`), or ours where none was found (`ours`). */
export type DvhSource = "seen" | "ours";

interface DvhMessage {
  template: string;
  source: DvhSource;
}

/**
 * The texts. `seen` ones are copied from real DirMaint output (BOOT, XCATD, ANSC, ANSR in
 * docs/dirmaint.md); `ours` ones keep DirMaint's form (module, number, severity, RC = the number)
 * with ids and words of our own: replace them here when the DirMaint Messages manual is at hand.
 */
const CATALOG: Readonly<Record<string, DvhMessage>> = {
  DVHXMT1191I: {
    template: "Your {cmd} request has been sent for processing to DIRMAINT at {node}.",
    source: "seen",
  },
  "DVHXMT1191I:VIA": {
    template: "Your {cmd} request has been sent for processing to DIRMAINT at {node} via {satellite}.",
    source: "seen",
  },
  DVHREQ2288I: { template: "Your {cmd} request for {target} at {node} has been accepted.", source: "seen" },
  DVHREQ2289I: {
    template: "Your {cmd} request for {target} at {node} has completed; with RC = {rc}.",
    source: "seen",
  },
  DVHREQ2289E: {
    template: "Your {cmd} request for {target} at {node} has failed; with RC = {rc}.",
    source: "seen",
  },
  DVHBIU3450I: { template: "The source for directory entry {userid} has been updated.", source: "seen" },
  DVHBIU3424I: { template: "The next ONLINE will take place immediately.", source: "seen" },
  DVHBIU3428I: {
    template: "Changes made to directory entry {userid} have been placed online.",
    source: "seen",
  },
  DVHLOC3601E: { template: "Directory entry {userid} is already unlocked.", source: "seen" },
  // The requester's form of DIRECTXA output: one line of it per message (the console shows SUBS=).
  DVHBXX6213E: { template: "{text}", source: "seen" },
  // Seen only as SUBS= 2 EXEC DVHBBXXA U on the server console; the words are ours.
  DVHADD3212E: { template: "RC = {rc} from {kind} {name} {mode}; the ADD was not done.", source: "ours" },

  // Command line (the DIRM EXEC refuses these before anything is sent).
  DVHREQ2280E: { template: "{cmd} is not a DirMaint command.", source: "ours" },
  DVHREQ2281E: { template: "The {cmd} command needs the {operand} operand.", source: "ours" },
  DVHREQ2282E: {
    template: "The {operand} operand of the {cmd} command is not valid: {value}.",
    source: "ours",
  },
  DVHREQ2283E: { template: "The {cmd} command does not take the operand {value}.", source: "ours" },
  // Authority.
  DVHREQ2284E: {
    template: "{user} is not authorized to issue the {cmd} command for {target}.",
    source: "ours",
  },
  // Entries.
  DVHUSR3201E: { template: "Directory entry {userid} does not exist.", source: "ours" },
  DVHADD3210E: { template: "Directory entry {userid} already exists.", source: "ours" },
  DVHADD3211E: { template: "File {fn} {ft} was not found on your A-disk.", source: "ours" },
  DVHADD3213E: {
    template: "File {fn} {ft} does not hold one directory entry named {userid}.",
    source: "ours",
  },
  DVHADD3214E: { template: "Prototype file {name} PROTODIR does not exist.", source: "ours" },
  DVHPUR3215I: { template: "Directory entry {userid} has been purged.", source: "ours" },
  DVHCLS3216E: {
    template: "The USER statement of {userid} has no storage operands to put the classes after.",
    source: "ours",
  },
  // Locks.
  DVHLOC3600I: { template: "Directory entry {userid} is now locked by {holder}.", source: "ours" },
  DVHLOC3602E: { template: "Directory entry {userid} is locked by {holder}.", source: "ours" },
  DVHLOC3603E: {
    template: "Directory entry {userid} is not locked by you; GET it with LOCK first.",
    source: "ours",
  },
  DVHLOC3606I: { template: "Directory entry {userid} is now unlocked.", source: "ours" },
  // Minidisks and links.
  DVHAMD3360E: { template: "There is no room for {size} cylinders on volume {volser}.", source: "ours" },
  DVHAMD3361E: {
    template: "Virtual address {vdev} is already defined in directory entry {userid}.",
    source: "ours",
  },
  DVHDMD3362E: {
    template: "Virtual address {vdev} is not defined in directory entry {userid}.",
    source: "ours",
  },
  DVHLNK3363E: {
    template: "Directory entry {userid} has no LINK to {owner} {ownervdev} as {vdev}.",
    source: "ours",
  },
  DVHLNK3364E: { template: "No directory entry links to {owner} {vdev}.", source: "ours" },
  DVHLNK3365I: {
    template: "The LINK to {owner} {vdev} was removed from directory entry {userid}.",
    source: "ours",
  },
  // AUTHFOR.
  DVHAUT3366E: { template: "{user} has no AUTHFOR grant for {target} to drop.", source: "ours" },
  // DIRECT.
  DVHDRC3452I: { template: "The source directory has been placed online.", source: "ours" },
};

/** The width of a DVH line as DirMaint writes it to the requester (id, blank, text). */
export const DVH_LINE_WIDTH = 72;

const VARIABLE = /\{(\w+)\}/g;

/** The id DirMaint prints: the catalog key without its `:FORM` suffix. */
function printedId(id: string): string {
  return id.split(":")[0];
}

/** Where the text comes from, for tests and docs; throws on an unknown id. */
export function dvhSource(id: string): DvhSource {
  const m = CATALOG[id];
  if (!m) throw new Error(`unknown DVH message id ${id}`);
  return m.source;
}

/** Every catalog key, for tests. */
export function dvhIds(): string[] {
  return Object.keys(CATALOG);
}

/** The lines of DVH message `id` with its substitutions filled in, wrapped as DirMaint wraps. */
export function dvh(id: string, subs: Record<string, string | number> = {}): string[] {
  const m = CATALOG[id];
  if (!m) throw new Error(`unknown DVH message id ${id}`);
  const text = m.template.replace(VARIABLE, (_, name: string) => {
    const v = subs[name];
    if (v === undefined) throw new Error(`${id}: missing substitution {${name}}`);
    return String(v);
  });
  return wrapDvh(printedId(id), text);
}

/**
 * Splits `text` into lines of at most DVH_LINE_WIDTH with `id` and a blank in front of each, at
 * blanks (a word longer than the room is cut). Real output: `DVHREQ2289I Your ADD request for
 * LINDFLT at * has completed; with RC =` / `DVHREQ2289I 0.`
 */
export function wrapDvh(id: string, text: string): string[] {
  const room = DVH_LINE_WIDTH - id.length - 1;
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > room) {
    let cut = rest.lastIndexOf(" ", room);
    if (cut <= 0) cut = room;
    lines.push(`${id} ${rest.slice(0, cut).trimEnd()}`);
    rest = rest.slice(cut).trimStart();
  }
  lines.push(`${id} ${rest}`);
  return lines;
}

/** The RC DirMaint ends a failed request with: the failing message's number (DVHLOC3601E → 3601). */
export function dvhRc(id: string): number {
  return Number(printedId(id).slice(6, 10));
}
