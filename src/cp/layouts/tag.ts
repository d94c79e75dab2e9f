/**
 * CP's answers to TAG QUERY, as z/VM 7.3 QUERY TAG (ibm.com/docs) gives them: a device's tag is
 * `type vdev TAG:` and the text on the next line, or `type vdev TAG NOT SET` (never set, or set to
 * blanks); a file's tag is the text alone, or `(TAG BLANK)`. Column widths unverified.
 */

/** TAG QUERY DEV: `PUN 000D TAG:` and the text, or `PUN 000D TAG NOT SET`. */
export function deviceTag(type: "PUN" | "PRT", vdev: string, tag: string | null | undefined): string[] {
  return tag ? [`${type} ${vdev} TAG:`, tag] : [`${type} ${vdev} TAG NOT SET`];
}

/** TAG QUERY FILE: the text, or `(TAG BLANK)`. */
export function fileTag(tag: string | null | undefined): string[] {
  return [tag && tag.trim() !== "" ? tag : "(TAG BLANK)"];
}
