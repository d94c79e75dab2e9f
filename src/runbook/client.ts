import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRunbook, type RunbookDiagnostic } from "./parse";
import type { RunResult } from "./runner";
import { collectFiles, LTIC, plexDocument, resolveSteps, SourceError } from "./sources";

/**
 * Running a runbook file against a cseplex server over HTTP (Node): the file is read and checked
 * here (an invalid one sends nothing), the files it names are read beside it, the plex it names is
 * created under a fresh name unless one is given, and the server runs the steps
 * (POST /v1/plexes/:plex/runbooks). `npm run runbook` (scripts/runbook.ts) and the CLI call this.
 */

/** Where the server is, and how to reach it. */
export interface ClientOptions {
  url: string;
  token: string;
  /** Run against this existing plex instead of creating the runbook's. */
  plex?: string;
  /** Keep a plex it created even when every step passed (a failed run's plex is always kept). */
  keep?: boolean;
  fetch?: typeof fetch;
}

/** What running a runbook file came to. */
export type ClientResult =
  | { kind: "invalid"; name: string; diagnostics: RunbookDiagnostic[] }
  | { kind: "error"; message: string }
  | { kind: "ran"; result: RunResult; created: boolean; deleted: boolean };

/** The repository's root, where `examples/ltic` is. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Reads a file a runbook names: relative to the runbook, or the shipped LTIC plex. */
function readBeside(runbookFile: string, path: string): string | undefined {
  const full = path === LTIC ? resolve(ROOT, "examples/ltic/plex.json") : resolve(dirname(runbookFile), path);
  try {
    return readFileSync(full, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * One request to the server, waiting out 429s a few times. It never throws: a server that cannot
 * be reached, or answers what is not JSON, is status 0 with an error saying so.
 */
async function request(
  o: ClientOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const f = o.fetch ?? fetch;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    let json: Record<string, unknown>;
    try {
      res = await f(new URL(path, o.url), {
        method,
        headers: { Authorization: `Bearer ${o.token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    } catch (e) {
      const message = `${method} ${new URL(path, o.url).href}: ${(e as Error).message}`;
      return { status: 0, body: { error: { code: "UNREACHABLE", message } } };
    }
    if (res.status === 429 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get("Retry-After") ?? 1)));
      continue;
    }
    return { status: res.status, body: json };
  }
}

const errorText = (b: Record<string, unknown>) => {
  const e = b.error as { code?: string; message?: string } | undefined;
  return e ? `${e.code}: ${e.message}` : JSON.stringify(b);
};

/** A runbook refused for one problem at `line` (column 1) of its text. */
function invalidAt(name: string, line: number, path: string, message: string): ClientResult {
  return { kind: "invalid", name, diagnostics: [{ line, column: 1, path, message }] };
}

/** Runs the runbook in `file` against the server; see ClientResult. */
export async function runRunbookFile(file: string, o: ClientOptions): Promise<ClientResult> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { kind: "error", message: `cannot read ${file}: ${(e as Error).message}` };
  }
  const parsed = parseRunbook(text);
  if (!parsed.ok) return { kind: "invalid", name: file, diagnostics: parsed.diagnostics };
  const runbook = parsed.runbook;
  const { files, missing } = collectFiles(runbook, (path) => readBeside(file, path));
  if (missing.length > 0)
    return {
      kind: "invalid",
      name: runbook.name,
      diagnostics: missing.map((m) => ({
        line: m.line,
        column: 1,
        path: "",
        message: `file ${m.path} not found beside ${file}`,
      })),
    };
  const read = (p: string) => files[p];
  let plex = o.plex?.toLowerCase();
  try {
    resolveSteps(runbook, read);
    if (!plex) {
      const doc = plexDocument(runbook.plex, read, runbook.plexLine);
      if (!doc)
        return invalidAt(
          runbook.name,
          runbook.plexLine,
          "plex",
          "the runbook names no plex: give one (plex:) or --plex",
        );
      plex = `${
        String(doc.name ?? "plex")
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, "")
          .slice(0, 14) || "plex"
      }-rb-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
      const created = await request(o, "POST", "/v1/plexes", { ...doc, name: plex });
      if (created.status === 422)
        return invalidAt(
          runbook.name,
          runbook.plexLine,
          "plex",
          `the plex is not valid: ${errorText(created.body)}`,
        );
      if (created.status !== 201)
        return {
          kind: "error",
          message: `creating plex ${plex}: HTTP ${created.status} ${errorText(created.body)}`,
        };
    }
  } catch (e) {
    if (e instanceof SourceError) return invalidAt(runbook.name, e.line, "", e.message);
    return { kind: "error", message: `${(e as Error).message}` };
  }
  const ran = await request(o, "POST", `/v1/plexes/${encodeURIComponent(plex)}/runbooks`, {
    runbook: text,
    files,
  });
  if (ran.status === 422) {
    const d =
      (ran.body.error as { details?: { diagnostics?: RunbookDiagnostic[] } })?.details?.diagnostics ?? [];
    return { kind: "invalid", name: runbook.name, diagnostics: d };
  }
  if (ran.status !== 200)
    return { kind: "error", message: `running on plex ${plex}: HTTP ${ran.status} ${errorText(ran.body)}` };
  const result = ran.body as unknown as RunResult;
  const created = !o.plex;
  let deleted = false;
  if (created && result.ok && !o.keep) {
    const d = await request(o, "DELETE", `/v1/plexes/${encodeURIComponent(plex)}`);
    deleted = d.status === 204 || d.status === 202;
  }
  return { kind: "ran", result, created, deleted };
}
