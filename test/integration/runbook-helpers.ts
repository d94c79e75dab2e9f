/// <reference types="vite/client" />
import { parseRunbook } from "../../src/runbook/parse";
import type { RunResult } from "../../src/runbook/runner";
import { collectFiles, LTIC, plexDocument } from "../../src/runbook/sources";
import { call, newTenant } from "./helpers";

/** examples/ltic's files (the runbooks and what they name), by their path from this directory. */
const sources = import.meta.glob(["../../examples/ltic/**/*", "!**/*.{md,mjs}"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const SHIPPED = "../../examples/ltic/runbooks/";

/** The shipped runbooks' file names. */
export const shippedRunbooks = Object.keys(sources)
  .filter((k) => k.startsWith(SHIPPED) && k.endsWith(".yaml"))
  .map((k) => k.slice(SHIPPED.length));

/** A path relative to a directory, with `..` and `.` taken out. */
function join(dir: string, path: string): string {
  const parts = dir.split("/");
  for (const p of path.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return parts.join("/");
}

/** Reads what a runbook in examples/ltic/runbooks names, as the CLI reads it beside the file. */
export function readBeside(path: string): string | undefined {
  if (path === LTIC) return sources["../../examples/ltic/plex.json"];
  return sources[join("../../examples/ltic/runbooks", path)];
}

/** A shipped runbook's text. */
export function shipped(name: string): string {
  const text = sources[SHIPPED + name];
  if (text === undefined) throw new Error(`no runbook ${name}`);
  return text;
}

/** Creates the plex a runbook names in a fresh tenant, as the CLI does. */
export async function plexFor(
  text: string,
  name: string,
): Promise<{ token: string; plex: string; files: Record<string, string> }> {
  const parsed = parseRunbook(text);
  if (!parsed.ok) throw new Error(`runbook invalid: ${JSON.stringify(parsed.diagnostics)}`);
  const { files, missing } = collectFiles(parsed.runbook, readBeside);
  if (missing.length > 0) throw new Error(`missing files ${JSON.stringify(missing)}`);
  const doc = plexDocument(parsed.runbook.plex, (p) => files[p]);
  const token = await newTenant();
  const r = await call("/v1/plexes", { token, body: { ...doc, name } });
  if (r.status !== 201) throw new Error(`plex: ${r.status} ${await r.text()}`);
  return { token, plex: name, files };
}

/** Runs a runbook's text on a fresh plex through POST /v1/plexes/:plex/runbooks. */
export async function runOnFreshPlex(
  text: string,
  name: string,
  verbose = false,
): Promise<{ status: number; run: RunResult; ms: number }> {
  const p = await plexFor(text, name);
  const t0 = Date.now();
  const r = await call(`/v1/plexes/${p.plex}/runbooks`, {
    token: p.token,
    body: { runbook: text, files: p.files, verbose },
  });
  const body = (await r.json()) as RunResult;
  if (verbose)
    for (const s of body.steps ?? [])
      console.log(
        `${s.status} ${s.line} ${s.name} ${JSON.stringify(s.failures ?? "")}\n   ${(s.lines ?? []).join("\n   ")}`,
      );
  return { status: r.status, run: body, ms: Date.now() - t0 };
}

/** A run's failed step, for a test's message. */
export function failureOf(run: RunResult): string {
  const f = run.steps?.find((s) => s.status === "fail");
  return f
    ? `step ${f.index + 1} (line ${f.line}) ${f.name}: ${JSON.stringify(f.failures)} lines ${JSON.stringify(f.lines)}`
    : JSON.stringify(run).slice(0, 2000);
}
