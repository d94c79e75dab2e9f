import { diag, type Diagnostic } from "../diagnostics";
import { deviceNumber, quoted, SYSNAME } from "../text/names";
import { splitRecords } from "../text/records";
import type { RscsConfig } from "./types";

/**
 * Reads RSCS's configuration file, `RSCS CONFIG` on RSCS's 191 (its name in practice: reference
 * service-machines.md §2.1, BITNET README). Simulated: LOCAL nodeid, LINKDEFINE linkid [AST|NOAST]
 * [TYPE type] [LINE vdev] (the seed's form; the linkid is the other node's LOCAL name, RJE/XL
 * guide), and ROUTE node [TO] linkid. PARM, AUTH, OPTIONS and the other statements a site's file
 * has are read and skipped with an info finding, as are LINKDEFINE operands that do not change
 * where a file goes (CLASS, QUEUE, RETRY ...). Comments: a record with `*` in column 1, the
 * convention of RSCS's file; blank records are skipped. One statement a record.
 */

/** Statements of a real RSCS CONFIG that the plex reads and does not simulate. */
const NOT_SIMULATED = new Set([
  "PARM",
  "AUTH",
  "AUTHORIZE",
  "OPTION",
  "OPTIONS",
  "DEST",
  "CHANNELS",
  "OPFORM",
  "SHIFT",
  "SLOWDOWN",
  "EXIT",
  "TCPIP",
  "HIDECHAR",
  "MSGNOH",
  "ITRACE",
  "PORT",
  "REROUTE",
  "GATEWAY",
  "NODEDEF",
  "UFTHOLD",
  "DUMP",
  "LINK",
]);

/** LINKDEFINE operands read and not simulated: those with a value, and flags. */
const LINK_VALUE_OPERANDS = new Set(["CLASS", "DP", "FORM", "QUEUE", "NODE", "MAXDOWN", "SLOWDOWN", "PARM"]);
const LINK_FLAG_OPERANDS = new Set(["KEEP", "NOKEEP", "RETRY", "NORETRY", "HOLD", "NOHOLD"]);

/** Where the statements RscsConfig keeps stand, for lint findings (src/lint/rules/rscs-*.ts). */
export interface RscsConfigPositions {
  local?: { line: number; column: number };
  /** Each LINKDEFINE by linkid: its record, the linkid's column and the LINE vdev's. */
  links: Map<string, { line: number; column: number; lineColumn?: number }>;
}

/** Reads an RSCS CONFIG into an RscsConfig; every problem is a diagnostic, never an exception. */
export function readRscsConfig(
  text: string,
  file = "RSCS CONFIG",
): { config: RscsConfig; diagnostics: Diagnostic[]; positions: RscsConfigPositions } {
  const diagnostics: Diagnostic[] = [];
  const config: RscsConfig = { links: [], routes: [] };
  const positions: RscsConfigPositions = { links: new Map() };
  for (const record of splitRecords(text)) {
    const line = record.line;
    if (record.text.startsWith("*")) continue;
    const words: { text: string; column: number }[] = [];
    const re = /\S+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(record.text)) !== null) words.push({ text: m[0], column: m.index + 1 });
    if (words.length === 0) continue;
    const find = (severity: "error" | "warning" | "info", column: number, code: string, message: string) =>
      diagnostics.push(diag(file, line, column, severity, code, message));
    const end = words[words.length - 1].column + words[words.length - 1].text.length + 1;
    const node = (w: { text: string; column: number } | undefined, what: string): string | undefined => {
      if (!w) {
        find("error", end, "RSCS-OPERANDS", `${what} missing`);
        return undefined;
      }
      const n = w.text.toUpperCase();
      if (SYSNAME.test(n)) return n;
      find(
        "error",
        w.column,
        "RSCS-NODE",
        `${quoted(w.text)} is not a node id (1-8 letters, digits or @#$_-)`,
      );
      return undefined;
    };
    const keyword = words[0].text.toUpperCase();

    if (keyword === "LOCAL") {
      // LOCAL nodeid [applid]: the applid names a VTAM application, which the plex has none of.
      const n = node(words[1], "LOCAL nodeid");
      if (n === undefined) continue;
      if (words.length > 3)
        find("error", words[3].column, "RSCS-OPERANDS", `LOCAL: unexpected ${quoted(words[3].text)}`);
      if (config.local !== undefined) {
        find(
          "error",
          words[0].column,
          "RSCS-LOCAL-DUP",
          `LOCAL is given again (first on line ${positions.local!.line})`,
        );
        continue;
      }
      config.local = n;
      positions.local = { line, column: words[1].column };
    } else if (keyword === "LINKDEFINE" || keyword === "LINKDEF") {
      const linkid = node(words[1], "LINKDEFINE linkid");
      if (linkid === undefined) continue;
      if (positions.links.has(linkid)) {
        find(
          "error",
          words[1].column,
          "RSCS-LINK-DUP",
          `LINKDEFINE ${linkid} is given again (first on line ${positions.links.get(linkid)!.line})`,
        );
        continue;
      }
      let type = "";
      let vdev: string | undefined;
      let lineColumn: number | undefined;
      let ast = false;
      let bad = false;
      for (let i = 2; i < words.length; i++) {
        const w = words[i];
        const k = w.text.toUpperCase();
        if (k === "AST" || k === "NOAST") ast = k === "AST";
        else if (k === "TYPE" || k === "LINE") {
          const v = words[i + 1];
          if (!v) {
            find("error", end, "RSCS-OPERANDS", `LINKDEFINE ${linkid}: ${k} needs a value`);
            bad = true;
            break;
          }
          i++;
          if (k === "TYPE") type = v.text.toUpperCase();
          else {
            vdev = deviceNumber(v.text);
            lineColumn = v.column;
            if (vdev === undefined) {
              find(
                "error",
                v.column,
                "RSCS-VDEV",
                `${quoted(v.text)} is not a device number (1-4 hex digits)`,
              );
              bad = true;
            }
          }
        } else if (LINK_VALUE_OPERANDS.has(k)) {
          i++;
        } else if (!LINK_FLAG_OPERANDS.has(k)) {
          find(
            "warning",
            w.column,
            "RSCS-OPERAND",
            `LINKDEFINE ${linkid}: ${quoted(w.text)} is not an operand the plex knows; ignored`,
          );
        }
      }
      if (bad) continue;
      if (type === "") {
        find(
          "error",
          end,
          "RSCS-OPERANDS",
          `LINKDEFINE ${linkid}: TYPE missing (TYPE NJE for a link over a CTC)`,
        );
        continue;
      }
      if (type !== "NJE")
        find(
          "info",
          words[0].column,
          "RSCS-NOT-SIMULATED",
          `Link type ${type} is not simulated; link ${linkid} never comes up`,
        );
      config.links.push({ linkid, type, ...(vdev ? { line: vdev } : {}), ast, record: line });
      positions.links.set(linkid, { line, column: words[1].column, ...(lineColumn ? { lineColumn } : {}) });
    } else if (keyword === "ROUTE") {
      // ROUTE node [TO] linkid (V1/V2 files omit TO).
      const dest = node(words[1], "ROUTE nodeid");
      const viaWord = words[2]?.text.toUpperCase() === "TO" ? words[3] : words[2];
      const via = dest && node(viaWord, "ROUTE linkid");
      if (dest && via) config.routes.push({ node: dest, via, record: line });
    } else if (NOT_SIMULATED.has(keyword)) {
      find("info", words[0].column, "RSCS-NOT-SIMULATED", `${keyword} is not simulated; statement skipped`);
    } else {
      find(
        "warning",
        words[0].column,
        "RSCS-STATEMENT",
        `${quoted(words[0].text)} is not an RSCS configuration statement; skipped`,
      );
    }
  }
  // A ROUTE over a link the file does not define sends nothing anywhere.
  for (const r of config.routes)
    if (!positions.links.has(r.via))
      diagnostics.push(
        diag(
          file,
          r.record,
          1,
          "warning",
          "RSCS-ROUTE",
          `ROUTE ${r.node} goes over link ${r.via}, which no LINKDEFINE defines`,
        ),
      );
  return { config, diagnostics, positions };
}
