import { readFileSync } from "node:fs";
import { expect } from "vitest";

const CORPUS = new URL("../fixtures/corpus/", import.meta.url);

/** The lines of a corpus file, screen padding trimmed, with an optional per-line prefix removed. */
export function corpusLines(file: string, prefix = ""): string[] {
  return readFileSync(new URL(file, CORPUS), "utf8")
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .map((l) => (prefix && l.startsWith(prefix) ? l.slice(prefix.length) : l));
}

/** The one line of a corpus file that starts with `start`, so a test reads what the fixture holds. */
export function corpusLine(file: string, start: string, prefix = ""): string {
  const hits = corpusLines(file, prefix).filter((l) => l.startsWith(start));
  expect(hits, `${file}: ${start}`).toHaveLength(1);
  return hits[0];
}

/** Asserts each expected line is, verbatim, a line of the corpus file, so the tests cannot drift from it. */
export function expectInCorpus(lines: string[], file: string, prefix = ""): void {
  const corpus = corpusLines(file, prefix);
  for (const line of lines) expect(corpus, line).toContain(line);
}
