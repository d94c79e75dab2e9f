import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers point one way (issue #9): no import cycle between modules, none between the folders
 * of src/, nothing under src/ but the Worker's entry reaching into durable-objects/, and the
 * objects never reaching into the API.
 */

const ROOT = resolve(__dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every relative import of a file, as paths from the project root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(file), spec);
    const candidates = [`${target}.ts`, join(target, "index.ts"), target];
    const found = candidates.find((c) => {
      try {
        return statSync(c).isFile();
      } catch {
        return false;
      }
    });
    out.push(relative(ROOT, found ?? target));
  }
  return out;
}

const modules = [...files(join(ROOT, "src")), ...files(join(ROOT, "durable-objects"))].map((f) =>
  relative(ROOT, f),
);
const graph = new Map(modules.map((m) => [m, importsOf(join(ROOT, m))]));

/** Strongly connected components with more than one member, or a self-loop: the cycles. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The folder of src/ a module belongs to (`src/cp/parse/x.ts` → `cp`; `src/refusal.ts` → `refusal`). */
const srcFolder = (m: string) => m.split("/")[1].replace(/\.ts$/, "");

describe("layers", () => {
  it("finds the modules and their imports", () => {
    expect(modules.length).toBeGreaterThan(50);
    expect(graph.get("src/cp/parse-command.ts")).toContain("src/cp/commands.ts");
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["d"]],
      ["e", ["a"]],
    ]);
    expect(cycles(g)).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("has no import cycle between modules", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("has no import cycle between the folders of src/", () => {
    const folders = new Map<string, string[]>();
    for (const [m, deps] of graph) {
      if (!m.startsWith("src/")) continue;
      const from = srcFolder(m);
      const to = deps
        .filter((d) => d.startsWith("src/"))
        .map(srcFolder)
        .filter((f) => f !== from);
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
    }
    expect(cycles(folders)).toEqual([]);
  });

  it("keeps src/ out of durable-objects/, but for the Worker's entry that exports the classes", () => {
    const offenders = [...graph]
      .filter(([m]) => m.startsWith("src/") && m !== "src/index.ts")
      .flatMap(([m, deps]) =>
        deps.filter((d) => d.startsWith("durable-objects/")).map((d) => `${m} -> ${d}`),
      );
    expect(offenders).toEqual([]);
  });

  it("keeps the objects out of the API and the Worker", () => {
    const offenders = [...graph]
      .filter(([m]) => m.startsWith("durable-objects/"))
      .flatMap(([m, deps]) =>
        deps.filter((d) => d.startsWith("src/api/") || d === "src/index.ts").map((d) => `${m} -> ${d}`),
      );
    expect(offenders).toEqual([]);
  });

  it("keeps Cloudflare out of the domain code", () => {
    const offenders = modules.filter(
      (m) =>
        m.startsWith("src/") &&
        !m.startsWith("src/api/") &&
        // The API's typed client is Hono's RPC client (hono/client) on the caller's side, not domain code.
        !m.startsWith("src/client/") &&
        m !== "src/index.ts" &&
        /from\s+["']cloudflare:|from\s+["']hono/.test(readFileSync(join(ROOT, m), "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
