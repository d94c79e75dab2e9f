import { diag, type Diagnostic } from "../diagnostics";
import { deviceNumber, quoted, SYSNAME } from "../text/names";
import { splitRecords } from "../text/records";
import type { PvmConfig } from "./types";

/**
 * Reads PVM's configuration file (issue #11 item 5; reference service-machines.md §1.2). The
 * statements simulated are the seed's: LOCAL, LINK, START LINE, START CSECOM; MAXSESS is checked
 * and ignored (it limits DIAL sessions, which the plex has none of).
 *
 * Comments: the reference found no description of the file's format (§1.2: "Name and location:
 * not found"), so we take the two conventions a VM site would write: `*` in column 1, the CMS
 * convention for configuration files read record by record (RSCS's, DirMaint's), and `/* … *\/`
 * as in the seed's PROFILE EXEC beside it (§1.2 "Devices"), which may span records. Blank records
 * are skipped. Statements are one record each (no continuation: the seed's are all short).
 */

/** The line types PVM knows from the reference; only CTCA runs over the plex's CTCs. */
const LINE_TYPES = new Set(["CTCA", "TCP"]);

/** A word of a statement and its 1-based column. */
interface Word {
  text: string;
  column: number;
}

/** One record's words, comments blanked so columns stay true. */
interface Statement {
  line: number;
  words: Word[];
}

/** Splits the file into statements; reports a `/*` never closed. */
function statementsOf(text: string, file: string, diagnostics: Diagnostic[]): Statement[] {
  const out: Statement[] = [];
  let open: { line: number; column: number } | null = null;
  for (const record of splitRecords(text)) {
    const t = record.text;
    if (!open && t.startsWith("*") && !t.startsWith("*/")) continue;
    let body = "";
    let i = 0;
    while (i < t.length) {
      if (open) {
        const close = t.indexOf("*/", i);
        const to = close < 0 ? t.length : close + 2;
        body += " ".repeat(to - i);
        if (close >= 0) open = null;
        i = to;
      } else {
        const start = t.indexOf("/*", i);
        if (start < 0) {
          body += t.slice(i);
          break;
        }
        body += `${t.slice(i, start)}  `;
        open = { line: record.line, column: start + 1 };
        i = start + 2;
      }
    }
    const words: Word[] = [];
    const re = /\S+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body)) !== null) words.push({ text: m[0], column: m.index + 1 });
    if (words.length > 0) out.push({ line: record.line, words });
  }
  if (open) {
    diagnostics.push(
      diag(
        file,
        open.line,
        open.column,
        "error",
        "PVM-COMMENT",
        "Comment opened with /* is never closed with */",
      ),
    );
  }
  return out;
}

/** Where a statement or one of its operands stands: 1-based record and column. */
export interface PvmPosition {
  line: number;
  column: number;
}

/**
 * Where the statements PvmConfig keeps stand, for findings that point at them (the network lint,
 * src/lint/rules/pvm-network.ts): LOCAL's node operand; each LINK's keyword, vdev and node by its
 * vdev (four hex digits); the first START LINE of each vdev and START CSECOM of each node.
 */
export interface PvmConfigPositions {
  local?: PvmPosition;
  links: Map<string, PvmPosition & { vdevColumn: number; nodeColumn: number }>;
  startLines: Map<string, PvmPosition>;
  startCsecom: Map<string, PvmPosition>;
}

/** Reads a PVM configuration file into a PvmConfig; every problem is a diagnostic, never an exception. */
export function readPvmConfig(
  text: string,
  file = "PVM CONFIG",
): { config: PvmConfig; diagnostics: Diagnostic[]; positions: PvmConfigPositions } {
  const diagnostics: Diagnostic[] = [];
  const config: PvmConfig = { links: [], startLines: [], startCsecom: [] };
  const positions: PvmConfigPositions = { links: new Map(), startLines: new Map(), startCsecom: new Map() };
  let localLine = 0;

  for (const st of statementsOf(text, file, diagnostics)) {
    const { line, words } = st;
    const err = (w: Word, code: string, message: string) =>
      diagnostics.push(diag(file, line, w.column, "error", code, message));
    const notSimulated = (what: string, column: number) =>
      diagnostics.push(
        diag(
          file,
          line,
          column,
          "info",
          "PVM-NOT-SIMULATED",
          `${quoted(what)} is not simulated; statement skipped`,
        ),
      );
    const keyword = words[0].text.toUpperCase();
    const last = words[words.length - 1];
    // Operands a statement takes; an error at the first missing or extra one.
    const operands = (ops: Word[], n: number, syntax: string): boolean => {
      if (ops.length === n) return true;
      const at = ops.length > n ? ops[n] : { text: "", column: last.column + last.text.length + 1 };
      err(
        at,
        "PVM-OPERANDS",
        `${syntax}: ${ops.length > n ? `unexpected ${quoted(at.text)}` : "operand missing"}`,
      );
      return false;
    };
    const node = (w: Word): string | undefined => {
      const n = w.text.toUpperCase();
      if (SYSNAME.test(n)) return n;
      err(w, "PVM-NODE", `${quoted(w.text)} is not a node id (1-8 letters, digits or @#$_-)`);
      return undefined;
    };
    const vdev = (w: Word): string | undefined => {
      const d = deviceNumber(w.text);
      if (d === undefined) err(w, "PVM-VDEV", `${quoted(w.text)} is not a device number (1-4 hex digits)`);
      return d;
    };

    if (keyword === "LOCAL") {
      if (!operands(words.slice(1), 1, "LOCAL nodeid")) continue;
      const n = node(words[1]);
      if (n === undefined) continue;
      // Two LOCALs would make the node's name depend on order: keep the first, flag the second.
      if (config.local !== undefined) {
        err(words[0], "PVM-LOCAL-DUP", `LOCAL is given again (first on line ${localLine})`);
        continue;
      }
      config.local = n;
      localLine = line;
      positions.local = { line, column: words[1].column };
    } else if (keyword === "LINK") {
      if (!operands(words.slice(1), 3, "LINK vdev nodeid linetype")) continue;
      const d = vdev(words[1]);
      const n = node(words[2]);
      const type = words[3].text.toUpperCase();
      if (d === undefined || n === undefined) continue;
      // By the map, not a search of the list: lint reads these files, and its cost stays linear (#10).
      const dup = positions.links.get(d);
      if (dup) {
        err(words[1], "PVM-LINK-DUP", `LINK ${d} is given again (first on line ${dup.line})`);
        continue;
      }
      if (!LINE_TYPES.has(type)) {
        err(words[3], "PVM-LINETYPE", `${quoted(words[3].text)} is not a line type (CTCA or TCP)`);
        continue;
      }
      // A TCP line is a real PVM line type, but the plex carries lines over CTCs only.
      if (type !== "CTCA") {
        diagnostics.push(
          diag(
            file,
            line,
            words[3].column,
            "info",
            "PVM-NOT-SIMULATED",
            `Line type ${type} is not simulated; the line stays down`,
          ),
        );
      }
      config.links.push({ vdev: d, node: n, type, line });
      positions.links.set(d, {
        line,
        column: words[0].column,
        vdevColumn: words[1].column,
        nodeColumn: words[2].column,
      });
    } else if (keyword === "START") {
      const what = words[1]?.text.toUpperCase();
      if (what === "LINE") {
        if (!operands(words.slice(2), 1, "START LINE vdev")) continue;
        const d = vdev(words[2]);
        if (d === undefined) continue;
        // Starting a started line changes nothing: keep one entry.
        if (!positions.startLines.has(d)) {
          positions.startLines.set(d, { line, column: words[0].column });
          config.startLines.push(d);
        }
      } else if (what === "CSECOM") {
        if (!operands(words.slice(2), 1, "START CSECOM nodeid")) continue;
        const n = node(words[2]);
        if (n !== undefined && !positions.startCsecom.has(n)) {
          positions.startCsecom.set(n, { line, column: words[0].column });
          config.startCsecom.push(n);
        }
      } else if (what === undefined) {
        err(
          { text: "", column: last.column + last.text.length + 1 },
          "PVM-OPERANDS",
          "START needs what to start: LINE vdev or CSECOM nodeid",
        );
      } else {
        notSimulated(`START ${what}`, words[0].column);
      }
    } else if (keyword === "MAXSESS") {
      // DIAL sessions per terminal: checked so a typo is seen, otherwise nothing to simulate.
      if (!operands(words.slice(1), 1, "MAXSESS n")) continue;
      if (!/^[0-9]{1,4}$/.test(words[1].text) || Number(words[1].text) < 1) {
        err(words[1], "PVM-NUMBER", `${quoted(words[1].text)} is not a session count (1-9999)`);
      }
    } else {
      notSimulated(keyword, words[0].column);
    }
  }

  // A START LINE with no LINK starts nothing: worth a warning, not an error (PVM would say so at start).
  for (const [d, at] of positions.startLines) {
    if (!positions.links.has(d)) {
      diagnostics.push(
        diag(file, at.line, 0, "warning", "PVM-START-NOLINK", `START LINE ${d} names no LINK`),
      );
    }
  }
  if (config.local === undefined) {
    diagnostics.push(
      diag(
        file,
        0,
        0,
        "warning",
        "PVM-NO-LOCAL",
        "No LOCAL statement: the node has no name and no path comes up",
      ),
    );
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, diagnostics, positions };
}
