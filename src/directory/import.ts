/** Directory text as other tools print it (xCAT lsvm, SMAPI listings), brought back to USER DIRECT form. */

const LISTING_PREFIX = /^([^\s:]+): /;

/**
 * Removes a `name: ` prefix (as xCAT's lsvm puts the node name) when every non-blank line carries
 * the same one; otherwise returns the text unchanged. Line ends are kept.
 */
export function stripListingPrefix(text: string): string {
  const lines = text.split(/(\r\n|\r|\n)/);
  let prefix: string | undefined;
  // Odd indexes are the separators captured by split.
  for (let i = 0; i < lines.length; i += 2) {
    const line = lines[i];
    if (line.trim() === "") continue;
    const m = LISTING_PREFIX.exec(line);
    if (!m || (prefix !== undefined && m[0] !== prefix)) return text;
    prefix = m[0];
  }
  if (prefix === undefined) return text;
  const cut = prefix.length;
  for (let i = 0; i < lines.length; i += 2) if (lines[i].trim() !== "") lines[i] = lines[i].slice(cut);
  return lines.join("");
}

/** One part of a text cut at separator lines, with the 1-based line its first record had. */
export interface TextBlock {
  text: string;
  firstLine: number;
}

/**
 * Cuts a text at lines holding only `separator` (the corpus files' `-----` between excerpts, or a
 * listing of several entries). Blocks keep their own line ends; `firstLine` maps diagnostics back.
 */
export function splitOnSeparator(text: string, separator = "-----"): TextBlock[] {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: TextBlock[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || lines[i].trim() === separator) {
      const body = lines.slice(start, i);
      if (i === lines.length && body[body.length - 1] === "") body.pop(); // the file's final line end
      if (body.some((l) => l.trim() !== ""))
        blocks.push({ text: body.join("\n") + "\n", firstLine: start + 1 });
      start = i + 1;
    }
  }
  return blocks;
}
