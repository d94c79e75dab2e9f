/** Severity letter that ends a CP message id. */
export type Severity = "E" | "W" | "I" | "R";

/**
 * Where a text comes from: `corpus` = seen verbatim in real output (shared/corpus), `documented` =
 * quoted by an IBM page, `recalled` = unverified (or our own), to be checked against
 * *z/VM CP Messages and Codes*.
 */
export type MessageSource = "corpus" | "documented" | "recalled";

/** One entry of the CP message catalog. */
export interface CpMessage {
  /**
   * Catalog key. Normally the CP message id; a `:FORM` suffix names another wording of the same
   * message (same printed id and number), e.g. `HCPLNM105E:CSE` for a conflict on another system.
   */
  id: string;
  number: number;
  severity: Severity;
  /** The text after the id, with `{name}` variables. */
  template: string;
  source: MessageSource;
  /** Why the text is what it is, when it is not plain corpus text. */
  note?: string;
}
