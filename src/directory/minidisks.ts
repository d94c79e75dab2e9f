import { deviceNumber } from "../text/names";
import { USERID } from "../text/names";
import { q, type OperandReporter, type Stmt } from "./operands";
import { DASD_TYPES } from "./statements";
import type { LinkDef, MdiskDef } from "./types";

// MDISK and LINK: the minidisks an entry defines and the ones it links.

const DIGITS = /^[0-9]{1,10}$/;
/** R RR W WR M MR MW, the stable/exclusive SR SW SM ER EW, and a suffix letter (V virtual reserve). */
const MODE = /^(RR|WR|MR|MW|SR|SW|SM|ER|EW|R|W|M)[VED]?$/;
const IPL_SYMBOLS = new Set(["+VMRES", "&SYSRES"]);
const DIRMAINT_ALLOCATION = new Set(["AUTOG", "AUTOV", "AUTOR"]);

/**
 * MDISK in its DIRECTXA forms: extent (`start count|END volser`), `DEVNO rdev`, `V-DISK blocks`,
 * `T-DISK count`; then `[mode [readpw [writepw [multipw]]]]`.
 */
export function readMdisk(s: Stmt, r: OperandReporter): MdiskDef | undefined {
  const { st, ops, w } = s;
  const vdev = deviceNumber(ops[0]);
  if (!vdev) {
    r.error(s, 0, "DIR-MDISK", `MDISK: ${q(w[0])} is not a virtual device number`);
    return undefined;
  }
  const devtype = ops[1];
  if (!DASD_TYPES.has(devtype)) {
    r.warn(s, 1, "DIR-DEVTYPE", `MDISK ${vdev}: ${q(w[1])} is not a DASD type DIRECTXA knows`);
  }
  const def: MdiskDef = {
    vdev,
    devtype,
    kind: "extent",
    start: undefined,
    count: undefined,
    toEnd: undefined,
    volser: undefined,
    devno: undefined,
    blocks: undefined,
    mode: "W",
    readPassword: undefined,
    writePassword: undefined,
    multiPassword: undefined,
    line: st.line,
    column: st.column,
    sysaffin: st.sysaffin,
  };
  const how = ops[2];
  let rest: number;
  if (DIRMAINT_ALLOCATION.has(how)) {
    const message = `MDISK ${vdev}: ${how} allocation is DirMaint-only syntax, not valid for DIRECTXA (give start, count and volume)`;
    r.error(s, 2, "DIR-AUTOG", message);
    return undefined;
  } else if (how === "DEVNO") {
    const rdev = ops.length > 3 ? deviceNumber(ops[3]) : undefined;
    if (!rdev) {
      r.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: DEVNO needs a real device number`);
      return undefined;
    }
    def.kind = "devno";
    def.devno = rdev;
    rest = 4;
  } else if (how === "V-DISK" || how === "T-DISK") {
    const size = ops.length > 3 && DIGITS.test(ops[3]) ? Number(ops[3]) : undefined;
    if (size === undefined) {
      r.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: ${how} needs a numeric size`);
      return undefined;
    }
    if (how === "V-DISK") {
      if (devtype !== "FB-512")
        r.error(s, 1, "DIR-MDISK", `MDISK ${vdev}: a V-DISK must be device type FB-512`);
      def.kind = "v-disk";
      def.blocks = size;
    } else {
      def.kind = "t-disk";
      def.count = size;
    }
    rest = 4;
  } else {
    if (!DIGITS.test(how)) {
      r.error(s, 2, "DIR-MDISK", `MDISK ${vdev}: start ${q(w[2])} is not a number`);
      return undefined;
    }
    def.start = Number(how);
    if (ops.length < 4) {
      r.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: the extent needs a count and a volume label`);
      return undefined;
    }
    if (ops[3] === "END") def.toEnd = true;
    else if (!DIGITS.test(ops[3])) {
      r.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: count ${q(w[3])} is not a number`);
      return undefined;
    } else {
      def.count = Number(ops[3]);
      if (def.count === 0) r.error(s, 3, "DIR-MDISK", `MDISK ${vdev}: count must be at least 1`);
    }
    if (ops.length < 5) {
      r.error(s, 4, "DIR-MDISK", `MDISK ${vdev}: the volume label is missing`);
      return undefined;
    }
    if (ops[4].length > 6 && !IPL_SYMBOLS.has(ops[4])) {
      r.error(s, 4, "DIR-MDISK", `MDISK ${vdev}: volume label ${q(w[4])} is longer than 6`);
      return undefined;
    }
    def.volser = ops[4];
    rest = 5;
  }
  if (rest < ops.length) {
    def.mode = ops[rest];
    if (!MODE.test(def.mode)) r.warn(s, rest, "DIR-MODE", `MDISK ${vdev}: ${q(w[rest])} is not a link mode`);
  }
  // Passwords are positional: read, write, multiple (ALL = anyone may link).
  for (let i = rest + 1; i < Math.min(ops.length, rest + 4); i++) {
    if (ops[i].length > 8) {
      r.error(s, i, "DIR-MDISK", `MDISK ${vdev}: password ${q(w[i])} is longer than 8 characters`);
    }
  }
  def.readPassword = ops[rest + 1];
  def.writePassword = ops[rest + 2];
  def.multiPassword = ops[rest + 3];
  if (rest + 4 < ops.length)
    r.warn(s, rest + 4, "DIR-EXTRA", `MDISK ${vdev}: operands after the passwords are ignored`);
  return def;
}

/** `LINK owner vdev1 vdev2 [mode]`; the mode defaults to R. */
export function readLink(s: Stmt, r: OperandReporter): LinkDef | undefined {
  const { st, ops, w } = s;
  const owner = ops[0];
  if (owner !== "*" && !USERID.test(owner)) {
    r.error(s, 0, "DIR-LINK", `LINK: ${q(w[0])} is not a userid`);
    return undefined;
  }
  const ownerVdev = deviceNumber(ops[1]);
  const vdev = deviceNumber(ops[2]);
  if (!ownerVdev || !vdev) {
    const bad = ownerVdev ? 2 : 1;
    r.error(s, bad, "DIR-LINK", `LINK: ${q(w[bad])} is not a device number`);
    return undefined;
  }
  const mode = ops.length > 3 ? ops[3] : "R";
  if (!MODE.test(mode)) r.warn(s, 3, "DIR-MODE", `LINK ${owner} ${ownerVdev}: ${q(w[3])} is not a link mode`);
  if (ops.length > 4) r.warn(s, 4, "DIR-EXTRA", "LINK: operands after the mode are ignored");
  return { owner, ownerVdev, vdev, mode, line: st.line, column: st.column, sysaffin: st.sysaffin };
}
