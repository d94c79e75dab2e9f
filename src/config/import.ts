/** One screen block recovered from an XEDIT capture: the file text and each record's XEDIT line number. */
export interface XeditBlock {
  text: string;
  recordNumbers: number[];
}

const PREFIX = /^([0-9a-z=]{5}) ?(.*)$/i;

/**
 * Recovers file text from XEDIT screen captures (blocks separated by `-----`): drops the file
 * header, `====>` command line and Top/End-of-File lines, strips the 5-character prefix area
 * (a line number, or a prefix command such as `i2109`) and keeps the XEDIT line numbers.
 */
export function xeditScreens(capture: string): XeditBlock[] {
  const blocks: XeditBlock[] = [];
  for (const chunk of capture.split(/\r?\n-----\r?\n/)) {
    const lines: string[] = [];
    const recordNumbers: number[] = [];
    let last = 0;
    for (const raw of chunk.split(/\r?\n/)) {
      if (/^\s*$/.test(raw) || raw.startsWith("====>") || /^\S+\s+\S+\s+\S+\s+[FV] \d+ /.test(raw)) continue;
      const m = PREFIX.exec(raw);
      if (!m) continue;
      if (/\* \* \* (Top|End) of File \* \* \*/.test(m[2])) continue;
      const n = /^[0-9]{5}$/.test(m[1]) ? Number(m[1]) : last + 1;
      last = n;
      lines.push(m[2]);
      recordNumbers.push(n);
    }
    if (lines.length > 0) blocks.push({ text: lines.join("\n") + "\n", recordNumbers });
  }
  return blocks;
}

/** Maps a record number within a block back to the XEDIT line number it was shown at. */
export function xeditLine(block: XeditBlock, record: number): number {
  return block.recordNumbers[record - 1] ?? record;
}
