import { diag, type Diagnostic } from "../diagnostics";
import { splitRecords } from "../text/records";
import { USERID } from "../text/names";

/** CONFIG DATADVH (and CONFIGnn DATADVH): the statements that matter to the plex. */
export interface DirmaintConfig {
  /** `SATELLITE_SERVER= userid node`: the satellite that serves system `node`. */
  satellites: { userid: string; system: string; line: number }[];
  /** `FROM= n1 TO= n2 S= RSCS T= n2`: how a file from n1 reaches n2 (spool to S= with tag T=). */
  routes: { from: string; to: string; service: string; tag: string; line: number }[];
  /** Findings, with file "CONFIG DATADVH" (or the name given), line and column. */
  diagnostics: Diagnostic[];
}

/** One word of a record and its 1-based column. */
interface Word {
  text: string;
  column: number;
}

/** The words of a record, slash-star comments blanked out first (columns stay right). */
function wordsOf(text: string): Word[] {
  const clean = text.replace(/\/\*.*?(\*\/|$)/g, (m) => " ".repeat(m.length));
  if (clean.trimStart().startsWith("*")) return [];
  return [...clean.matchAll(/\S+/g)].map((m) => ({ text: m[0].toUpperCase(), column: (m.index ?? 0) + 1 }));
}

/**
 * `KEY=value` and `KEY= value` alike, as the LTIC slide writes both (`S= RSCS T=LTICVM2`):
 * each keyword with the value after it.
 */
function keyed(words: Word[]): { key: string; value?: Word; at: Word }[] {
  const out: { key: string; value?: Word; at: Word }[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = w.text.indexOf("=");
    if (eq < 0) {
      out.push({ key: "", value: w, at: w });
      continue;
    }
    const key = w.text.slice(0, eq + 1);
    const rest = w.text.slice(eq + 1);
    if (rest !== "") out.push({ key, value: { text: rest, column: w.column + eq + 1 }, at: w });
    else {
      const next = words[i + 1];
      if (next && !next.text.includes("=")) {
        out.push({ key, value: next, at: w });
        i++;
      } else out.push({ key, at: w });
    }
  }
  return out;
}

/** Parses CONFIG DATADVH text; never throws: every problem is a diagnostic. */
export function parseDirmaintConfig(text: string, file = "CONFIG DATADVH"): DirmaintConfig {
  const config: DirmaintConfig = { satellites: [], routes: [], diagnostics: [] };
  const error = (line: number, column: number, code: string, message: string) =>
    config.diagnostics.push(diag(file, line, column, "error", code, message));
  for (const { line, text: record } of splitRecords(typeof text === "string" ? text : String(text))) {
    const words = wordsOf(record);
    if (words.length === 0) continue;
    const head = words[0].text;
    if (head.startsWith("SATELLITE_SERVER=")) {
      const pairs = keyed(words);
      const userid = pairs[0].value;
      const system = pairs[1]?.key === "" ? pairs[1].value : undefined;
      if (!userid || !system) {
        error(line, words[0].column, "DVH-SATELLITE", "SATELLITE_SERVER= needs a userid and a system name");
        continue;
      }
      if (!USERID.test(userid.text)) {
        error(line, userid.column, "DVH-SATELLITE", `SATELLITE_SERVER=: ${userid.text} is not a userid`);
        continue;
      }
      if (!USERID.test(system.text)) {
        error(line, system.column, "DVH-SATELLITE", `SATELLITE_SERVER=: ${system.text} is not a system name`);
        continue;
      }
      if (pairs.length > 2) {
        error(line, pairs[2].at.column, "DVH-SATELLITE", `SATELLITE_SERVER=: unexpected ${pairs[2].at.text}`);
        continue;
      }
      const dup = config.satellites.find((s) => s.system === system.text);
      if (dup) {
        error(
          line,
          system.column,
          "DVH-SATELLITE-DUP",
          `${system.text} already has satellite ${dup.userid} (line ${dup.line})`,
        );
        continue;
      }
      config.satellites.push({ userid: userid.text, system: system.text, line });
    } else if (head.startsWith("FROM=")) {
      const found: Record<string, Word> = {};
      let bad = false;
      for (const p of keyed(words)) {
        if (!["FROM=", "TO=", "S=", "T="].includes(p.key) || found[p.key]) {
          error(line, p.at.column, "DVH-ROUTE", `FROM= routing entry: unexpected ${p.at.text}`);
          bad = true;
          break;
        }
        if (!p.value || !USERID.test(p.value.text)) {
          const where = p.value ?? p.at;
          error(line, where.column, "DVH-ROUTE", `FROM= routing entry: ${p.key} needs a name`);
          bad = true;
          break;
        }
        found[p.key] = p.value;
      }
      if (bad) continue;
      const missing = ["FROM=", "TO=", "S=", "T="].find((k) => !found[k]);
      if (missing) {
        error(line, words[0].column, "DVH-ROUTE", `FROM= routing entry: ${missing} is missing`);
        continue;
      }
      const from = found["FROM="].text;
      const to = found["TO="].text;
      const dup = config.routes.find((r) => r.from === from && r.to === to);
      if (dup) {
        error(
          line,
          words[0].column,
          "DVH-ROUTE-DUP",
          `a route from ${from} to ${to} is already on line ${dup.line}`,
        );
        continue;
      }
      config.routes.push({ from, to, service: found["S="].text, tag: found["T="].text, line });
    }
    // Every other statement (RUNMODE=, ONLINE=, ...) is DirMaint's own business here.
  }
  return config;
}
