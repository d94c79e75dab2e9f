import { USERID } from "../text/names";
import { lookupVerb } from "./commands";

/**
 * The spool file DIRMAINT sends each satellite for one change: the source version it makes and
 * what changed, so a satellite applies files in order and skips ones it already has.
 */

/** One directory update for the satellites. */
export interface DirectoryUpdate {
  /** The source version this change makes (1, 2, 3 ... in order). */
  version: number;
  requester: string;
  verb: string;
  target: string;
  /** Userids whose entries changed. */
  changed: string[];
}

/** The first record: what the file is (a satellite reads nothing else as an update). */
export const UPDATE_HEADER = "* DIRMAINT DIRECTORY UPDATE";
/** Records are card images: at most 80 characters. */
const RECORD_WIDTH = 80;
const VERSION = /^[1-9][0-9]{0,14}$/;

/** The records of the update file: header, VERSION=, REQUESTER=, VERB=, TARGET=, CHANGED= (as many as fit 80 columns), END. */
export function updateFileRecords(update: DirectoryUpdate): string[] {
  const changed: string[] = [];
  let record = "CHANGED=";
  for (const userid of update.changed) {
    if (record.length + 1 + userid.length > RECORD_WIDTH) {
      changed.push(record);
      record = "CHANGED=";
    }
    record += ` ${userid}`;
  }
  changed.push(record);
  return [
    UPDATE_HEADER,
    `VERSION= ${update.version}`,
    `REQUESTER= ${update.requester}`,
    `VERB= ${update.verb}`,
    `TARGET= ${update.target}`,
    ...changed,
    "END",
  ];
}

/** Reads an update file back; a malformed file is refused with the record and what is wrong. */
export function parseUpdateFile(
  records: readonly string[],
): { ok: true; update: DirectoryUpdate } | { ok: false; message: string } {
  const bad = (n: number, what: string) => ({ ok: false as const, message: `record ${n}: ${what}` });
  if (records[0]?.trimEnd() !== UPDATE_HEADER) return bad(1, `expected "${UPDATE_HEADER}"`);
  const value = (n: number, key: string): string | { ok: false; message: string } => {
    const r = records[n - 1];
    if (r === undefined) return bad(n, `${key} is missing`);
    const m = /^([A-Z]+=)\s*(.*?)\s*$/.exec(r);
    if (!m || m[1] !== key) return bad(n, `expected ${key}`);
    return m[2];
  };
  const fields: string[] = [];
  for (const [n, key] of [
    [2, "VERSION="],
    [3, "REQUESTER="],
    [4, "VERB="],
    [5, "TARGET="],
  ] as const) {
    const v = value(n, key);
    if (typeof v !== "string") return v;
    fields.push(v);
  }
  const [version, requester, verb, target] = fields;
  if (!VERSION.test(version)) return bad(2, `VERSION= ${version} is not a positive number`);
  if (!USERID.test(requester)) return bad(3, `REQUESTER= ${requester} is not a userid`);
  if (lookupVerb(verb) !== verb) return bad(4, `VERB= ${verb} is not a DirMaint verb`);
  if (!USERID.test(target)) return bad(5, `TARGET= ${target} is not a userid`);
  const changed: string[] = [];
  let n = 6;
  for (; n <= records.length && records[n - 1]?.startsWith("CHANGED="); n++) {
    const r = records[n - 1];
    if (r.length > RECORD_WIDTH) return bad(n, `longer than ${RECORD_WIDTH} characters`);
    for (const userid of r.slice("CHANGED=".length).trim().split(/\s+/).filter(Boolean)) {
      if (!USERID.test(userid)) return bad(n, `CHANGED= ${userid} is not a userid`);
      changed.push(userid);
    }
  }
  if (n === 6) return bad(6, "expected CHANGED=");
  if (records[n - 1]?.trimEnd() !== "END") return bad(n, "expected END");
  if (records.length > n) return bad(n + 1, "records after END");
  return { ok: true, update: { version: Number(version), requester, verb, target, changed } };
}
