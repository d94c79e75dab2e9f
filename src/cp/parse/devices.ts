import { deviceNumber, USERID, VOLSER as VOLID } from "../../text/names";
import { allows } from "../privileges";
import { accept, command, operandMissingOrInvalid, refuse, spells, type ParseResult } from "./grammar";

/** LINK: a minidisk of one's own or another user's, in a mode, with its password. */
export type LinkCommand = {
  verb: "LINK";
  /** The owner's userid, or "*" for one's own directory entry. */
  owner: string;
  ownerVdev: string;
  vdev: string;
  /** Upper case, possibly with the V (virtual reserve/release) suffix. */
  mode?: string;
  password?: string;
};
export type DetachCommand = { verb: "DETACH"; vdev: string };
export type DetachRealCommand = { verb: "DETACH_REAL"; rdev: string; from?: string };
export type AttachCommand = { verb: "ATTACH"; rdev: string; to: string; as?: string };
export type VaryCommand = { verb: "VARY"; online: boolean; rdevs: string[] };

const PASSWORD = /^\S{1,8}$/;
/** LINK modes of reference §4.1, each optionally asking for virtual reserve/release (V). */
const LINK_MODE = /^(RR|WR|MR|MW|SR|SW|SM|ER|EW|R|W|M)V?$/;
/** Devices one VARY may name, so a range like 0000-FFFF cannot flood a system. */
const MAX_VARY_DEVICES = 256;

// LINK [TO] userid vdev1 [AS] vdev2 [mode] [[PASS=] password]  (reference §4.1)
function parseLink(ops: string[]): ParseResult<LinkCommand> {
  let i = 0;
  // Without TO the userid may not be TO or T, and without AS vdev2 may not be AS or A (VM/370 HELP).
  if (ops[i] !== undefined && spells(ops[i], "To")) i++;
  const owner = ops[i++];
  if (owner === undefined || (owner !== "*" && !USERID.test(owner))) return refuse("HCPLNM020E");
  const ownerVdev = deviceNumber(ops[i++]);
  if (ownerVdev === undefined) return operandMissingOrInvalid();
  if (ops[i] !== undefined && spells(ops[i], "As")) i++;
  const vdev = deviceNumber(ops[i++]);
  if (vdev === undefined) return operandMissingOrInvalid();

  const link: LinkCommand = { verb: "LINK", owner, ownerVdev, vdev };
  // A password that looks like a mode is read as the mode, as CP does when the mode is left out.
  if (ops[i] !== undefined && LINK_MODE.test(ops[i])) link.mode = ops[i++];
  if (ops[i] !== undefined) {
    let password = ops[i++];
    if (password.startsWith("PASS=")) {
      password = password.slice("PASS=".length);
      if (password === "" && ops[i] !== undefined) password = ops[i++];
    }
    if (!PASSWORD.test(password)) return operandMissingOrInvalid();
    link.password = password;
  }
  if (i < ops.length) return operandMissingOrInvalid();
  return accept(link);
}

// DETach vdev (class G); DETach rdev [FROM {userid|*|ALL|SYSTEM}] | DETach rdev SYSTEM (class B).
function parseDetach(ops: string[], classes: string): ParseResult<DetachCommand | DetachRealCommand> {
  const dev = deviceNumber(ops[0]);
  if (dev === undefined) return operandMissingOrInvalid();
  const general = allows(classes, "G");
  const operator = allows(classes, "B");
  if (ops.length === 1) {
    return general ? accept({ verb: "DETACH", vdev: dev }) : accept({ verb: "DETACH_REAL", rdev: dev });
  }
  // CP reads a line in the forms the issuer may use: for a class G user FROM is just a bad operand.
  if (!operator) return operandMissingOrInvalid();
  if (ops.length === 2 && ops[1] === "SYSTEM")
    return accept({ verb: "DETACH_REAL", rdev: dev, from: "SYSTEM" });
  if (ops.length !== 3 || ops[1] !== "FROM") return operandMissingOrInvalid();
  const from = ops[2];
  if (from !== "*" && from !== "ALL" && from !== "SYSTEM" && !USERID.test(from))
    return operandMissingOrInvalid();
  return accept({ verb: "DETACH_REAL", rdev: dev, from });
}

// ATTach rdev [TO] {userid|*} [[AS] vdev] | ATTach rdev [TO] SYSTEM [[AS] volid]  (z/VM 7.2 ATTACH)
function parseAttach(ops: string[]): ParseResult<AttachCommand> {
  const rdev = deviceNumber(ops[0]);
  if (rdev === undefined) return operandMissingOrInvalid();
  let i = 1;
  if (ops[i] !== undefined && spells(ops[i], "To")) i++;
  const to = ops[i++];
  if (to === undefined || (to !== "*" && to !== "SYSTEM" && !USERID.test(to)))
    return operandMissingOrInvalid();
  const attach: AttachCommand = { verb: "ATTACH", rdev, to };
  if (ops[i] !== undefined && spells(ops[i], "As")) {
    i++;
    if (ops[i] === undefined) return operandMissingOrInvalid();
  }
  if (ops[i] !== undefined) {
    const as = to === "SYSTEM" ? (VOLID.test(ops[i]) ? ops[i] : undefined) : deviceNumber(ops[i]);
    if (as === undefined) return operandMissingOrInvalid();
    attach.as = as;
    i++;
  }
  if (i < ops.length) return operandMissingOrInvalid();
  return accept(attach);
}

// Vary ONline|OFFline rdev|rdev1-rdev2 ...
function parseVary(ops: string[]): ParseResult<VaryCommand> {
  if (ops.length < 2) return operandMissingOrInvalid();
  let online: boolean;
  if (spells(ops[0], "ONline")) online = true;
  else if (spells(ops[0], "OFFline")) online = false;
  else return operandMissingOrInvalid();
  const rdevs: string[] = [];
  for (const op of ops.slice(1)) {
    const [first, last, extra] = op.split("-");
    const from = deviceNumber(first);
    const to = last === undefined ? from : deviceNumber(last);
    if (from === undefined || to === undefined || extra !== undefined) return operandMissingOrInvalid();
    const lo = parseInt(from, 16);
    const hi = parseInt(to, 16);
    if (hi < lo || rdevs.length + hi - lo + 1 > MAX_VARY_DEVICES) return operandMissingOrInvalid();
    for (let n = lo; n <= hi; n++) rdevs.push(n.toString(16).toUpperCase().padStart(4, "0"));
  }
  return accept({ verb: "VARY", online, rdevs });
}

/** LINK, DETACH, ATTACH and VARY: virtual and real devices. */
export const DEVICE_COMMANDS = [
  command({
    verb: "LINK",
    syntax: "Link",
    forms: { link: "G" },
    source:
      "class G: VM/370 HELP LINK; operands: z/VM 7.3 'Linking to Other Users' Minidisks'; " +
      "the minimum L is recalled (VM/370 HELP prints LINK in full)",
    parse: (ops) => parseLink(ops),
  }),
  command({
    verb: "DETACH",
    syntax: "DETach",
    forms: { virtual: "G", real: "B" },
    source:
      "DETach: VM/370 CP Command Reference for General Users R6 p.66; class G (virtual): " +
      "VM/370 HELP DETACH; class B (real): z/VM 7.3 'DETACH (Real Device)'",
    parse: (ops, ctx) => parseDetach(ops, ctx.classes),
  }),
  command({
    verb: "ATTACH",
    syntax: "ATTach",
    forms: { attach: "B" },
    source:
      "ATTach and 'rdev TO userid|*|SYSTEM AS ...': z/VM 7.2 ATTACH; TO may be left out: " +
      "'ATT  1740 *' in shared/corpus/tessia-zvm-3270-console-lines.txt; " +
      "class B: VM/370 Operator's Guide (class B user)",
    parse: (ops) => parseAttach(ops),
  }),
  command({
    verb: "VARY",
    syntax: "Vary",
    forms: { vary: "B" },
    source: "Vary ONline|OFFline rdev, class B: recalled (z/VM VARY (Real Device) page not retrieved)",
    parse: (ops) => parseVary(ops),
  }),
] as const;
