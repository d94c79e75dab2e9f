import type { DirStatement } from "./types";

// A directory statement's operands: the statement being read with its words and their columns, where its
// readers report, and the forms of its values (device numbers, storage sizes, privilege classes).

const STORAGE = /^[0-9]{1,10}[KMGTPEkmgtpe]?$/;
export const CLASSES = /^[A-Z1-6]{1,32}$/;

/** Bytes a USER storage operand stands for ("64M" → 64 MiB); bare digits are bytes. */
export function storageBytes(text: string): number | undefined {
  // The suffix is matched in either case, so no toUpperCase (a C++ call in V8) for every USER statement.
  if (!STORAGE.test(text)) return undefined;
  const suffix = "KMGTPEkmgtpe".indexOf(text[text.length - 1]);
  const power = suffix < 0 ? 0 : (suffix % 6) + 1;
  return Number(power > 0 ? text.slice(0, -1) : text) * 1024 ** power;
}

/** Keeps quoted tokens short, so a diagnostic on a huge line stays readable. */
export function q(text: string): string {
  return text.length > 24 ? `${text.slice(0, 21)}...` : text;
}

/** A statement being read, with its operand words for columns. */
export interface Stmt {
  st: DirStatement;
  /** Upper-cased operands (as st.operands). */
  ops: string[];
  /** Operand words as written (as st.words). */
  w: string[];
  /**
   * 1-based column of each operand word (the first `ops.length` entries): the parser's scratch
   * array, reused for the next record, until `kept` copies it.
   */
  cols: number[];
}

/** A statement to look at again after the record it came from (the parser reuses `cols`). */
export function kept(s: Stmt): Stmt {
  return { st: s.st, ops: s.ops, w: s.w, cols: s.cols.slice(0, s.ops.length) };
}

/** Where a reader reports: at operand `i` of the statement, or at its keyword when `i` is -1 or past the end. */
export interface OperandReporter {
  error(s: Stmt, i: number, code: string, message: string): void;
  warn(s: Stmt, i: number, code: string, message: string): void;
}
