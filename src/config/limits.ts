/**
 * CSE limits. Unverified (see shared reference §1.2 and DESIGN.md §4): kept in one place so a
 * correction is a one-line change.
 */
export const CSE_LIMITS = {
  /** Systems an XLINK complex can hold (slots 1..n in the CSE area). */
  xlinkSystems: 16,
  /** Systems a shared-spool (XSPOOL) complex can hold. */
  xspoolSystems: 8,
  /** CP_Owned slots. */
  cpOwnedSlots: 255,
};

/**
 * What one plex may be, whatever its inputs say: bounds that keep the cost of reading it linear
 * and small (issue #10). Ours, not z/VM's: a real SYSTEM CONFIG is a few thousand records and
 * names a handful of systems.
 */
export const INPUT_LIMITS = {
  /** Records SYSTEM CONFIG may have with its Imbeds expanded, in one system's reading. */
  configRecords: 200_000,
  /** Systems one plex may define (System_Identifier). */
  systems: 64,
};
