import type { Expect } from "./schema";

/**
 * Checking a step's expectations: its answer (rc, lines, state, HTTP status and error code) and
 * the plex after it (a volume's CSE area and flags, a reader, the CSE network, directory
 * versions). Pure functions over what the API answered; the runner fetches.
 */

/** One unmet expectation: what was expected and what the plex answered. */
export interface Failure {
  expected: string;
  got: string;
}

/** What a step's request answered. */
export interface Answer {
  status: number;
  body: unknown;
}

/** Steps that answer a CP return code and are expected to answer 0 unless they say otherwise. */
const RC_STEPS = new Set(["logon", "logoff", "cp", "cms", "punch", "tape"]);

const many = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The lines an answer holds: `lines` of a success, or an error's `details.lines` or message. */
export function linesOf(a: Answer): string[] {
  const b = (a.body ?? {}) as {
    lines?: unknown;
    records?: unknown[];
    error?: {
      message?: string;
      details?: {
        lines?: unknown;
        diagnostics?: {
          file: string;
          line: number;
          column: number;
          severity: string;
          code: string;
          message: string;
        }[];
      };
    };
  };
  if (Array.isArray(b.lines)) return b.lines.map(String);
  // A device read answers records ({n, data}); their data are its lines.
  if (Array.isArray(b.records))
    return b.records.map((r: unknown) =>
      r && typeof r === "object" ? String((r as { data?: unknown }).data) : String(r),
    );
  if (b.error) {
    if (Array.isArray(b.error.details?.lines)) return b.error.details.lines.map(String);
    // A 422's findings that stopped it: each at its file and line.
    const found = (b.error.details?.diagnostics ?? []).filter((d) => d.severity === "error");
    if (found.length > 0)
      return [
        String(b.error.message ?? ""),
        ...found.map((d) => `${d.file} ${d.line}:${d.column} ${d.code} ${d.message}`),
      ];
    return [String(b.error.message ?? "")];
  }
  return [];
}

/** Shows lines as a failure's `got`: at most 12, quoted. */
export function showLines(lines: string[]): string {
  if (lines.length === 0) return "no lines";
  const shown = lines.slice(0, 12).map((l) => `"${l}"`);
  if (lines.length > 12) shown.push(`... ${lines.length - 12} more`);
  return shown.join(" | ");
}

function errorOf(a: Answer): { code?: string; message?: string } {
  return ((a.body ?? {}) as { error?: { code?: string; message?: string } }).error ?? {};
}

function regexOf(source: string): RegExp {
  return new RegExp(source);
}

/** Checks an answer against the step's expectations (and the default: HTTP 2xx, rc 0 for CP steps). */
export function checkAnswer(kind: string, e: Expect, a: Answer): Failure[] {
  const out: Failure[] = [];
  const err = errorOf(a);
  const ok = a.status >= 200 && a.status < 300;
  const got = ok ? `HTTP ${a.status}` : `HTTP ${a.status} ${err.code ?? ""}: ${linesOf(a).join(" | ")}`;
  if (e.status !== undefined) {
    if (a.status !== e.status) out.push({ expected: `HTTP ${e.status}`, got });
  } else if (e.error === undefined && !ok) {
    out.push({ expected: "the request to succeed", got });
    return out;
  }
  if (e.error !== undefined && err.code !== e.error) out.push({ expected: `error ${e.error}`, got });
  if (e.message !== undefined && !(err.message ?? "").includes(e.message))
    out.push({ expected: `an error message containing "${e.message}"`, got });
  const body = (a.body ?? {}) as { rc?: unknown; state?: unknown };
  const lines = linesOf(a);
  const wantRc = e.rc ?? (RC_STEPS.has(kind) && ok ? 0 : undefined);
  if (wantRc !== undefined && body.rc !== wantRc)
    out.push({ expected: `rc ${wantRc}`, got: `rc ${String(body.rc)}: ${showLines(lines)}` });
  if (e.state !== undefined && body.state !== e.state)
    out.push({ expected: `state ${e.state}`, got: `state ${String(body.state)}` });
  if (e.lines !== undefined && JSON.stringify(lines) !== JSON.stringify(e.lines))
    out.push({ expected: `exactly the lines ${showLines(e.lines)}`, got: showLines(lines) });
  for (const c of many(e.contains))
    if (!lines.some((l) => l.includes(c)))
      out.push({ expected: `a line containing "${c}"`, got: showLines(lines) });
  for (const c of many(e.notContains))
    if (lines.some((l) => l.includes(c)))
      out.push({ expected: `no line containing "${c}"`, got: showLines(lines.filter((l) => l.includes(c))) });
  for (const m of many(e.matches))
    if (!lines.some((l) => regexOf(m).test(l)))
      out.push({ expected: `a line matching /${m}/`, got: showLines(lines) });
  for (const m of many(e.notMatches))
    if (lines.some((l) => regexOf(m).test(l)))
      out.push({
        expected: `no line matching /${m}/`,
        got: showLines(lines.filter((l) => regexOf(m).test(l))),
      });
  return out;
}

type Fields = Record<string, string | number>;

/** True when every field of `want` is in `have` (strings compared without case). */
function fieldsMatch(have: Record<string, unknown>, want: Fields): boolean {
  return Object.entries(want).every(([k, v]) =>
    typeof v === "string" ? String(have[k] ?? "").toUpperCase() === v.toUpperCase() : have[k] === v,
  );
}

const show = (v: unknown) => JSON.stringify(v);

/** A volume view (GET .../volumes/:volser) against `volume:`. */
export function checkVolume(e: NonNullable<Expect["volume"]>, status: number, view: unknown): Failure[] {
  if (status !== 200)
    return [{ expected: `volume ${e.volser} in the plex`, got: `HTTP ${status}: ${show(view)}` }];
  const v = view as {
    cseArea: { formatted: unknown } | null;
    flags: Record<string, unknown>[];
    reserve: Record<string, unknown> | null;
  };
  const out: Failure[] = [];
  const formatted = !!v.cseArea?.formatted;
  if (e.formatted !== undefined && formatted !== e.formatted)
    out.push({
      expected: `${e.volser}'s CSE area ${e.formatted ? "formatted (XLINK FORMAT)" : "not formatted"}`,
      got: formatted ? `formatted: ${show(v.cseArea?.formatted)}` : "not formatted",
    });
  for (const f of e.flags ?? [])
    if (!v.flags.some((h) => fieldsMatch(h, f)))
      out.push({ expected: `a link flag on ${e.volser} with ${show(f)}`, got: `flags ${show(v.flags)}` });
  if (e.noFlags !== undefined) {
    const bad = v.flags.filter(
      (f) => e.noFlags === true || (e.noFlags as string[]).some((s) => s.toUpperCase() === String(f.system)),
    );
    if (bad.length > 0)
      out.push({
        expected: `no link flags on ${e.volser}${e.noFlags === true ? "" : ` for ${(e.noFlags as string[]).join(", ")}`}`,
        got: `flags ${show(bad)}`,
      });
  }
  if (e.reserve === null && v.reserve !== null)
    out.push({ expected: `no reserve on ${e.volser}`, got: `reserve ${show(v.reserve)}` });
  if (e.reserve && !(v.reserve && fieldsMatch(v.reserve, e.reserve)))
    out.push({
      expected: `a reserve on ${e.volser} with ${show(e.reserve)}`,
      got: `reserve ${show(v.reserve)}`,
    });
  return out;
}

/** The CSE network (GET .../network) against `network:`. */
export function checkNetwork(e: NonNullable<Expect["network"]>, network: unknown): Failure[] {
  const paths =
    ((network ?? {}) as { paths?: { a: string; b: string; state: string; why?: string }[] }).paths ?? [];
  const out: Failure[] = [];
  for (const p of e.paths) {
    const [a, b] = [p.a.toUpperCase(), p.b.toUpperCase()];
    const found = paths.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    if (!found || found.state !== p.state)
      out.push({
        expected: `the CSE path ${a}-${b} ${p.state}`,
        got: found ? `${found.state}${found.why ? `: ${found.why}` : ""}` : "no such path",
      });
  }
  return out;
}

/**
 * Each system's object directory (GET /v1/plexes/:plex/directory, issue #12: `systems: [{system,
 * version, behind, why?}]`) against `directory:`: a version number, or `current` / `behind` (the
 * source's version reached, or not).
 */
export function checkDirectory(
  e: NonNullable<Expect["directory"]>,
  status: number,
  body: unknown,
): Failure[] {
  if (status !== 200)
    return [
      { expected: "the plex's directory versions (GET .../directory)", got: `HTTP ${status}: ${show(body)}` },
    ];
  const systems =
    ((body ?? {}) as { systems?: { system: string; version: unknown; behind?: unknown; why?: string }[] })
      .systems ?? [];
  const out: Failure[] = [];
  for (const [name, want] of Object.entries(e)) {
    const sys = name.toUpperCase();
    const s = systems.find((x) => x.system === sys);
    const got = s
      ? `version ${String(s.version)}${s.behind ? `, behind${s.why ? `: ${s.why}` : ""}` : ""}`
      : "no such system in the answer";
    const ok =
      s !== undefined &&
      (want === "behind" ? !!s.behind : want === "current" ? !s.behind : String(s.version) === String(want));
    if (!ok)
      out.push({
        expected:
          typeof want === "number" ? `directory version ${want} on ${sys}` : `${sys}'s directory ${want}`,
        got,
      });
  }
  return out;
}
