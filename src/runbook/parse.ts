import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import {
  ACTIONS,
  actionSchemas,
  DEFAULT_RUN_MS,
  expectSchema,
  runbookSchema,
  type ActionKind,
  type Runbook,
  type Step,
} from "./schema";

/** A problem with a runbook, where it is (1-based line and column of the runbook's text). */
export interface RunbookDiagnostic {
  line: number;
  column: number;
  path: string;
  message: string;
}

/** The runbook, or why it is not one. */
export type Parsed = { ok: true; runbook: Runbook } | { ok: false; diagnostics: RunbookDiagnostic[] };

/** Largest runbook text read. */
export const MAX_RUNBOOK_BYTES = 256 * 1024;

const VAR = /\$\{([^}]*)\}/g;

type Path = readonly (string | number)[];

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Where `path` is in the document: its key (for a map's entry), its node, or the nearest enclosing node. */
function positionOf(doc: Document, lines: LineCounter, path: Path): { line: number; column: number } {
  const last = path[path.length - 1];
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (typeof last === "string" && isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair && isNode(pair.key) && pair.key.range) {
      const pos = lines.linePos(pair.key.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** Fills `${name}` from `vars` in every string of `value`; an unknown name is reported where it is. */
function substitute(
  value: unknown,
  vars: Record<string, string>,
  path: (string | number)[],
  problems: { path: Path; message: string }[],
): unknown {
  if (typeof value === "string")
    return value.replace(VAR, (whole, name: string) => {
      if (name in vars) return vars[name];
      problems.push({
        path: [...path],
        message: `unknown variable \${${name}}: vars defines ${Object.keys(vars).join(", ") || "none"}`,
      });
      return whole;
    });
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, vars, [...path, i], problems));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, vars, [...path, k], problems)]),
    );
  return value;
}

function zodProblems(error: z.ZodError, prefix: Path): { path: Path; message: string }[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...(i.path as (string | number)[])],
    message: i.message,
  }));
}

/** Checks one step: exactly one action among ACTIONS, then its arguments and its expectations. */
function checkStep(
  raw: Record<string, unknown>,
  index: number,
  problems: { path: Path; message: string }[],
): Omit<Step, "line"> | undefined {
  const at = ["steps", index];
  const keys = Object.keys(raw);
  const unknown = keys.filter((k) => k !== "name" && k !== "expect" && !ACTIONS.includes(k as ActionKind));
  for (const k of unknown)
    problems.push({
      path: [...at, k],
      message: `unknown step "${k}": a step is one of ${ACTIONS.join(", ")}`,
    });
  const actions = keys.filter((k) => ACTIONS.includes(k as ActionKind)) as ActionKind[];
  if (actions.length !== 1) {
    if (unknown.length === 0)
      problems.push({
        path: at,
        message:
          actions.length === 0
            ? `the step has no action: one of ${ACTIONS.join(", ")}`
            : `the step has ${actions.length} actions (${actions.join(", ")}): one per step`,
      });
    return undefined;
  }
  if (unknown.length > 0) return undefined;
  const kind = actions[0];
  const args = actionSchemas[kind].safeParse(raw[kind]);
  if (!args.success) problems.push(...zodProblems(args.error, [...at, kind]));
  const expect = raw.expect === undefined ? undefined : expectSchema.safeParse(raw.expect);
  if (expect && !expect.success) problems.push(...zodProblems(expect.error, [...at, "expect"]));
  if (raw.name !== undefined && typeof raw.name !== "string")
    problems.push({ path: [...at, "name"], message: "a step's name is a string" });
  if (kind === "check" && !raw.expect)
    problems.push({ path: [...at, "expect"], message: "a check step needs expect" });
  if (!args.success || (expect && !expect.success)) return undefined;
  return { kind, args: args.data, name: raw.name as string | undefined, expect: expect?.data } as Omit<
    Step,
    "line"
  >;
}

/**
 * Reads a runbook's YAML text: YAML errors, unknown steps, wrong or missing fields and unknown
 * variables come back with their line and column; a runbook with any of them runs no step.
 */
export function parseRunbook(text: string): Parsed {
  if (new TextEncoder().encode(text).byteLength > MAX_RUNBOOK_BYTES)
    return {
      ok: false,
      diagnostics: [{ line: 1, column: 1, path: "", message: `runbook over ${MAX_RUNBOOK_BYTES} bytes` }],
    };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { line, column: col, path: "", message: `YAML: ${e.message.split("\n")[0]}` };
      }),
    };
  const report = (problems: { path: Path; message: string }[]): Parsed => ({
    ok: false,
    diagnostics: problems.map((p) => {
      const pos = positionOf(doc, lines, p.path);
      return { line: pos.line, column: pos.column, path: pathText(p.path), message: p.message };
    }),
  });
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Too many aliases (a "billion laughs" document), or a key that is not a scalar.
    return {
      ok: false,
      diagnostics: [{ line: 1, column: 1, path: "", message: `YAML: ${(e as Error).message}` }],
    };
  }
  const top = runbookSchema.safeParse(raw);
  if (!top.success) return report(zodProblems(top.error, []));
  const problems: { path: Path; message: string }[] = [];
  const vars = Object.fromEntries(Object.entries(top.data.vars ?? {}).map(([k, v]) => [k, String(v)]));
  const filled = substitute({ plex: top.data.plex, steps: top.data.steps }, vars, [], problems) as {
    plex: Runbook["plex"];
    steps: Record<string, unknown>[];
  };
  const steps: Step[] = [];
  filled.steps.forEach((s, i) => {
    const step = checkStep(s, i, problems);
    if (step) steps.push({ ...step, line: positionOf(doc, lines, ["steps", i]).line } as Step);
  });
  if (problems.length > 0) return report(problems);
  return {
    ok: true,
    runbook: {
      name: top.data.name,
      description: top.data.description,
      plex: filled.plex,
      plexLine: positionOf(doc, lines, ["plex"]).line,
      timeoutMs: top.data.timeoutMs ?? DEFAULT_RUN_MS,
      steps,
    },
  };
}
