/** The bounds an EXEC run keeps: steps, value length, nesting, clause size, note width. */

export const DEFAULT_MAX_STEPS = 10_000;
/** Longest value a variable or expression may hold (REXX error 5 past it). */
export const MAX_VALUE_LENGTH = 65_536;
/** Deepest nesting of IF, DO and parentheses. */
export const MAX_DEPTH = 50;
/** Most tokens in one clause. */
export const MAX_TOKENS = 1_000;
/** Longest clause text on a note. */
export const NOTE_TEXT = 60;
