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
