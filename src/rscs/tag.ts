/**
 * How RSCS reads the CP TAG of a file in its reader (VM/370 CP Command Reference for General
 * Users R6, TAG usage note 1; reference service-machines.md §2): `locid [userid] [priority]`.
 * Only the first two words are read here: priority orders nothing (files go FIFO per link).
 */

/** A node or userid as RSCS takes it: one to eight alphanumeric (and national) characters. */
const NAME = /^[A-Z0-9@#$]{1,8}$/;

/** Where a tag sends a file, or why RSCS cannot read one. */
export type RscsTagDestination =
  { ok: true; node: string; userid: string } | { ok: false; why: "blank" | "no userid" | "invalid" };

/** Reads a file's tag as RSCS does: the destination node and user, or why it names none. */
export function rscsTagDestination(tag: string | null | undefined): RscsTagDestination {
  const words = (tag ?? "").trim().toUpperCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { ok: false, why: "blank" };
  const [node, userid] = words;
  if (!NAME.test(node)) return { ok: false, why: "invalid" };
  // A node alone names a remote printer or punch: not simulated (docs/rscs.md).
  if (userid === undefined) return { ok: false, why: "no userid" };
  if (!NAME.test(userid)) return { ok: false, why: "invalid" };
  return { ok: true, node, userid };
}
