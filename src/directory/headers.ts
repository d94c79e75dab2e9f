import { deviceNumber } from "../text/names";
import { USERID } from "../text/names";
import { CLASSES, q, storageBytes, type OperandReporter, type Stmt } from "./operands";
import type { DirectoryControl, UserEntry } from "./types";

// The statements that head something: DIRECTORY, which heads the file, and USER, IDENTITY, PROFILE or
// SUBCONFIG, which head an entry.

const PRIORITY = /^[0-9]{1,2}$/;
const CPUID_MODEL = /^\*?([0-9A-F%*]{1,8})(?:-([0-9A-Z]{1,4}))?$/;

/** `DIRECTORY vdev devtype volser [*cpuid-model] [sysname]`: the control statement; undefined when unusable. */
export function readDirectoryControl(s: Stmt, r: OperandReporter): DirectoryControl | undefined {
  const { ops } = s;
  if (ops.length < 3) {
    r.error(s, -1, "DIR-DIRECTORY", "DIRECTORY needs vdev, device type and volume label");
    return undefined;
  }
  const vdev = deviceNumber(ops[0]);
  if (!vdev) {
    r.error(s, 0, "DIR-DIRECTORY", `DIRECTORY: ${q(s.w[0])} is not a device number`);
    return undefined;
  }
  if (ops[2].length > 6) {
    r.error(s, 2, "DIR-DIRECTORY", `DIRECTORY: volume label ${q(s.w[2])} is longer than 6`);
    return undefined;
  }
  const control: DirectoryControl = {
    vdev,
    devtype: ops[1],
    volser: ops[2],
    line: s.st.line,
    column: s.st.column,
  };
  let i = 3;
  if (i < ops.length && (ops[i].startsWith("*") || ops[i].includes("-"))) {
    const m = CPUID_MODEL.exec(ops[i]);
    if (m) {
      control.cpuid = m[1];
      if (m[2]) control.model = m[2];
    } else r.error(s, i, "DIR-DIRECTORY", `DIRECTORY: ${q(s.w[i])} is not *cpuid-model`);
    i++;
  }
  if (i < ops.length) {
    if (USERID.test(ops[i])) control.sysname = ops[i];
    else r.error(s, i, "DIR-DIRECTORY", `DIRECTORY: ${q(s.w[i])} is not a system name`);
    i++;
  }
  if (i < ops.length) r.warn(s, i, "DIR-EXTRA", "DIRECTORY: extra operands ignored");
  return control;
}

/** The entry a header defines; undefined when it has no usable name. */
export function readEntryHeader(kind: UserEntry["kind"], s: Stmt, r: OperandReporter): UserEntry | undefined {
  const { ops, w } = s;
  if (ops.length === 0) {
    r.error(s, -1, "DIR-USERID", `${kind} needs a name`);
    return undefined;
  }
  const id = ops[0];
  if (!USERID.test(id)) {
    r.error(s, 0, "DIR-USERID", `${kind} ${q(w[0])}: a name is 1 to 8 characters from A-Z 0-9 @ # $ _ -`);
    return undefined;
  }
  // Every field set up front: one object shape, its fields in the object rather than in a second one.
  const entry: UserEntry = {
    kind,
    userid: id,
    password: undefined,
    storage: undefined,
    maxStorage: undefined,
    classes: undefined,
    line: s.st.line,
    column: s.st.column,
    statements: [],
  };
  if (kind === "PROFILE" || kind === "SUBCONFIG") {
    if (ops.length > 1) r.warn(s, 1, "DIR-EXTRA", `${kind} takes one name`);
    return entry;
  }
  // USER/IDENTITY userid password [storage [maxstorage [classes [priority]]]]
  if (ops.length < 2) {
    r.error(s, -1, "DIR-USER", `${kind} ${id} has no password (use NOLOG, NOPASS, LBYONLY or AUTOONLY)`);
    return entry;
  }
  entry.password = ops[1];
  if (ops[1].length > 8) r.error(s, 1, "DIR-USER", `${kind} ${id}: the password is longer than 8 characters`);
  const initial = ops.length > 2 ? storageBytes(ops[2]) : undefined;
  if (ops.length > 2) {
    entry.storage = ops[2];
    if (initial === undefined)
      r.error(s, 2, "DIR-STORAGE", `${kind} ${id}: ${q(w[2])} is not a storage size`);
  }
  if (ops.length > 3) {
    entry.maxStorage = ops[3];
    const max = storageBytes(ops[3]);
    if (max === undefined) r.error(s, 3, "DIR-STORAGE", `${kind} ${id}: ${q(w[3])} is not a storage size`);
    else if (initial !== undefined && initial > max) {
      r.warn(s, 2, "DIR-STORAGE", `${kind} ${id}: initial storage ${ops[2]} exceeds the maximum ${ops[3]}`);
    }
  }
  if (ops.length > 4) {
    entry.classes = ops[4];
    if (!CLASSES.test(ops[4])) {
      r.error(s, 4, "DIR-CLASS", `${kind} ${id}: ${q(w[4])} is not a privilege class string`);
    }
  }
  if (ops.length > 5 && !PRIORITY.test(ops[5])) {
    r.warn(s, 5, "DIR-USER", `${kind} ${id}: priority ${q(w[5])} is not 1-99`);
  }
  if (ops.length > 6) r.warn(s, 6, "DIR-EXTRA", `${kind} ${id}: operands after the priority are ignored`);
  return entry;
}
