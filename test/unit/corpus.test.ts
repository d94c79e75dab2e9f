import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { xeditScreens } from "../../src/config/import";
import { parseSystemConfig } from "../../src/config/parse";
import { parseDirectory } from "../../src/directory/parse";

const dir = new URL("../fixtures/corpus/", import.meta.url);
const shared = new URL("../../../shared/corpus/", import.meta.url);
const files = readdirSync(dir).filter((f) => !f.endsWith(".source.txt") && f !== "README.md");

describe("corpus fixtures", () => {
  it("holds every corpus file with its source note", () => {
    expect(files.length).toBe(16);
    for (const f of files) expect(existsSync(new URL(`${f}.source.txt`, dir)), f).toBe(true);
  });

  it.skipIf(!existsSync(shared))("are byte for byte the shared corpus", () => {
    for (const f of readdirSync(shared)) {
      expect(readFileSync(new URL(f, dir)).equals(readFileSync(new URL(f, shared))), f).toBe(true);
    }
  });

  // Console output is not configuration, but a parser must never fall over on what users paste in.
  it.each(files)("%s goes through both parsers and comes back as diagnostics", (f) => {
    const text = readFileSync(new URL(f, dir), "utf8");
    for (const block of [text, ...xeditScreens(text).map((b) => b.text)]) {
      const config = parseSystemConfig(block, "ZVMWSXX");
      const directory = parseDirectory(block);
      for (const d of [...config.diagnostics, ...directory.diagnostics]) {
        expect(d.line).toBeGreaterThanOrEqual(0);
        expect(d.message.length).toBeGreaterThan(0);
      }
    }
  });
});
