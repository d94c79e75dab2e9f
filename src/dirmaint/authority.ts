/**
 * DirMaint's AUTHFOR model: who may issue which command sets for which entry. A grant is what
 * `DIRM FOR target AUTHFOR user CMDL level CMDS sets` records; DROPFOR removes it.
 */

/** One AUTHFOR grant in force. */
export interface Authorization {
  /** The entry the grant covers, or "ALL" for every entry (`DIRM FOR ALL AUTHFOR ...`). */
  target: string;
  /** The user the grant is for. */
  user: string;
  /** The node the user's requests must come from; "*" for any. */
  node: string;
  /** Command level: "140A" or "150A". */
  cmdLevel: string;
  /** Command sets, one letter each, e.g. "ADGHOPS". */
  cmdSets: string;
}

/**
 * The command sets that may issue each verb (any one letter suffices). DirMaint keeps this in
 * 140CMDS/150CMDS DATADVH; the table there was not readable, so these are ours: A administration,
 * D DASD, G general (for one's own entry), H helpdesk. See docs/dirmaint.md, "Authority".
 */
export const VERB_SETS: Readonly<Record<string, string>> = {
  ADD: "A",
  PURGE: "A",
  AMDISK: "AD",
  DMDISK: "AD",
  LINK: "AG",
  DLINK: "AD",
  SETPW: "AH",
  PW: "AG",
  CLASS: "A",
  REVIEW: "AGH",
  GET: "A",
  REPLACE: "A",
  UNLOCK: "A",
  USER: "A",
  DIRECT: "A",
  AUTHFOR: "A",
  DROPFOR: "A",
};

/** The userid that is DirMaint administrator without any grant (the AUTHFOR CONTROL of a fresh install). */
export const BUILTIN_ADMINISTRATOR = "MAINT";

function grantApplies(g: Authorization, user: string, node: string): boolean {
  return g.user === user && (g.node === "*" || g.node === node);
}

/**
 * The one authority rule. A request is allowed when the requester is an administrator (MAINT, or
 * a user granted set A for ALL), or the verb is in the general set G and the target is the
 * requester's own entry, or a grant for the target (or ALL) gives one of the verb's sets.
 */
export function mayIssue(
  requester: string,
  requesterSystem: string,
  verb: string,
  target: string,
  grants: readonly Authorization[],
  /** Whether the general set counts for one's own entry (not when the target is a disk's owner). */
  ownEntry = true,
): boolean {
  if (isDirmaintAdministrator(requester, requesterSystem, grants)) return true;
  const sets = VERB_SETS[verb] ?? "A";
  if (ownEntry && target === requester && sets.includes("G")) return true;
  return grants.some(
    (g) =>
      grantApplies(g, requester, requesterSystem) &&
      (g.target === target || g.target === "ALL") &&
      [...g.cmdSets].some((s) => sets.includes(s)),
  );
}

/** True for MAINT and for users granted set A for ALL (from their node, or any). */
export function isDirmaintAdministrator(
  requester: string,
  requesterSystem: string,
  grants: readonly Authorization[],
): boolean {
  if (requester === BUILTIN_ADMINISTRATOR) return true;
  return grants.some(
    (g) => grantApplies(g, requester, requesterSystem) && g.target === "ALL" && g.cmdSets.includes("A"),
  );
}

/** The grants after `DIRM FOR target AUTHFOR user node CMDL level CMDS sets`: sets are added to a grant already there. */
export function addGrant(grants: readonly Authorization[], grant: Authorization): Authorization[] {
  const same = (g: Authorization) =>
    g.target === grant.target &&
    g.user === grant.user &&
    g.node === grant.node &&
    g.cmdLevel === grant.cmdLevel;
  const old = grants.find(same);
  if (!old) return [...grants, grant];
  const sets = [...new Set([...old.cmdSets, ...grant.cmdSets])].join("");
  return grants.map((g) => (same(g) ? { ...g, cmdSets: sets } : g));
}

/**
 * The grants after DROPFOR, or undefined when nothing matched. Without CMDL every level is
 * dropped; without CMDS every set; with CMDS only those letters.
 */
export function dropGrant(
  grants: readonly Authorization[],
  drop: { target: string; user: string; node: string; cmdLevel?: string; cmdSets?: string },
): Authorization[] | undefined {
  let matched = false;
  const out: Authorization[] = [];
  for (const g of grants) {
    const hit =
      g.target === drop.target &&
      g.user === drop.user &&
      g.node === drop.node &&
      (drop.cmdLevel === undefined || g.cmdLevel === drop.cmdLevel) &&
      (drop.cmdSets === undefined || [...drop.cmdSets].some((s) => g.cmdSets.includes(s)));
    if (!hit) {
      out.push(g);
      continue;
    }
    matched = true;
    const left =
      drop.cmdSets === undefined ? "" : [...g.cmdSets].filter((s) => !drop.cmdSets!.includes(s)).join("");
    if (left !== "") out.push({ ...g, cmdSets: left });
  }
  return matched ? out : undefined;
}
