/**
 * A 3270 model 2 console screen as CP drives it (reference/cp-first-hour.md, "Logo screen"): 24 rows
 * of 80 columns, the output area above, the input area on the last two rows, and the status area at
 * the bottom right (the status word at column 61, the system name at column 71).
 */
export const COLUMNS = 80;
export const ROWS = 24;
/** Rows of the output area: every row but the input area's two. */
export const OUTPUT_ROWS = ROWS - 2;
/** Where the status area starts (1-based columns): the word, then the system name. */
export const STATUS_WORD_COLUMN = 61;
export const STATUS_SYSTEM_COLUMN = 71;

/** The status-area words, as CP shows them (seen in real output: corpus tessia-zvm-3270-console-lines.txt). */
export type StatusWord = "CP READ" | "VM READ" | "RUNNING" | "MORE..." | "HOLDING";

/**
 * Seconds a full screen waits in MORE... before CP clears it by itself (CP's TERMINAL MORE default
 * is `50 10`; the console uses the shorter figure, so a class watching sees messages go on).
 */
export const MORE_SECONDS = 10;

/** Cuts a console line into screen rows of at most 80 columns (an empty line is one empty row). */
export function rowsOf(line: string): string[] {
  if (line.length <= COLUMNS) return [line];
  const rows: string[] = [];
  for (let i = 0; i < line.length; i += COLUMNS) rows.push(line.slice(i, i + COLUMNS));
  return rows;
}

/** The newest whole lines that fit in the output area together (what a terminal opened late shows first). */
export function lastScreen(lines: readonly string[]): string[] {
  let rows = 0;
  let from = lines.length;
  while (from > 0 && rows + rowsOf(lines[from - 1]).length <= OUTPUT_ROWS)
    rows += rowsOf(lines[--from]).length;
  return lines.slice(from);
}

/** The last row: the status word at column 61 and the system name at column 71, as CP places them. */
export function statusRow(word: StatusWord, sysname: string): string {
  return `${" ".repeat(STATUS_WORD_COLUMN - 1)}${word.padEnd(STATUS_SYSTEM_COLUMN - STATUS_WORD_COLUMN)}${sysname}`;
}

/**
 * The output area and its paging. Lines fill the area from the top; once it is full, what comes
 * next waits and the status says MORE... until CLEAR (or PA2) shows the next screen, or MORE_SECONDS
 * pass. ENTER with nothing typed while MORE... holds the screen (HOLDING) until CLEAR. While a
 * command runs the status says RUNNING; otherwise the user is in a read: CP READ (no guest
 * operating system runs in the simulator, so input goes to CP) or VM READ.
 */
export class Screen {
  /** Rows shown in the output area. */
  shown: string[] = [];
  /** Rows waiting for the next screen. */
  waiting: string[] = [];
  held = false;
  busy = false;
  /** Who reads the input: CP (CP READ), or the virtual machine (VM READ). */
  reader: "CP" | "VM" = "CP";

  /** Puts console lines on the screen, or behind it when it is full. */
  put(lines: readonly string[]): void {
    for (const line of lines)
      for (const row of rowsOf(line)) {
        if (this.waiting.length === 0 && this.shown.length < OUTPUT_ROWS) this.shown.push(row);
        else this.waiting.push(row);
      }
  }

  /** CLEAR or PA2: the next screen of waiting rows (an empty screen when none waits); HOLDING ends. */
  clear(): void {
    this.shown = this.waiting.splice(0, OUTPUT_ROWS);
    this.held = false;
  }

  /** ENTER with nothing typed: holds a screen in MORE...; otherwise nothing. */
  enterEmpty(): void {
    if (this.waiting.length > 0) this.held = true;
  }

  /** The status word now. */
  status(): StatusWord {
    if (this.busy) return "RUNNING";
    if (this.waiting.length > 0) return this.held ? "HOLDING" : "MORE...";
    return this.reader === "CP" ? "CP READ" : "VM READ";
  }
}

/** Command retrieve (CP's RETRIEVE, on PF12 by default): the last commands typed, newest first on each press. */
export class Retrieve {
  private readonly commands: string[] = [];
  private at = -1;

  constructor(private readonly keep = 20) {}

  /** Remembers a command sent; the next retrieve starts from it. */
  push(command: string): void {
    if (command.trim() === "") return;
    if (this.commands[this.commands.length - 1] !== command) this.commands.push(command);
    if (this.commands.length > this.keep) this.commands.shift();
    this.at = -1;
  }

  /** The previous command (cycling back to the newest after the oldest), or "" when none was typed. */
  back(): string {
    if (this.commands.length === 0) return "";
    this.at = this.at <= 0 ? this.commands.length - 1 : this.at - 1;
    return this.commands[this.at];
  }

  /** The next newer command, or "" past the newest. */
  forward(): string {
    if (this.at < 0 || this.at >= this.commands.length - 1) {
      this.at = -1;
      return "";
    }
    return this.commands[++this.at];
  }
}
