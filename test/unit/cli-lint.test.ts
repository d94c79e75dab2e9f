import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerSchema, validate } from "@hyperjump/json-schema/draft-04";
import { afterAll, describe, expect, it } from "vitest";
import { lintBodySchema } from "../../src/api/schemas";
import { cmsNameOf, readPlexInputs } from "../../src/cli/inputs";
import { run } from "../../src/cli/main";
import { lintPlex } from "../../src/lint";

const corpus = new URL("../fixtures/corpus/", import.meta.url);
const corpusFiles = readdirSync(corpus)
  .filter((f) => !f.endsWith(".source.txt") && f !== "README.md")
  .map((f) => new URL(f, corpus).pathname);
const ltic = new URL("../../examples/ltic", import.meta.url).pathname;

/** Runs `cseplex ARGS` in-process: its exit code, stdout and stderr. */
async function cseplex(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await run(argv, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: {},
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

/** What POST /v1/lint answers for the same body: the route's schema, then lintPlex. */
function routeAnswer(paths: string[]) {
  const { name: _name, ...body } = readPlexInputs(paths).body;
  const r = lintPlex(lintBodySchema.parse(body));
  return { ok: r.ok, diagnostics: r.diagnostics };
}

const SARIF_ID =
  "https://raw.githubusercontent.com/schemastore/schemastore/master/src/schemas/json/sarif-2.1.0-rtm.5.json";
// The schema's one `language` pattern has a stray "]" that a Unicode-mode RegExp (which JSON Schema
// validators use) refuses; it is put back to what it means: "en" or "en-US" (test/fixtures/schemas/README.md).
const sarifSchema = readFileSync(
  new URL("../fixtures/schemas/sarif-2.1.0-rtm.5.json", import.meta.url),
  "utf8",
);
registerSchema(
  JSON.parse(
    sarifSchema.replaceAll("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$", "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"),
  ),
  SARIF_ID,
);

describe("cseplex lint, offline", () => {
  it.each(corpusFiles)("%s: the route's diagnostics, as JSON", async (file) => {
    const r = await cseplex("lint", file, "--format", "json");
    expect(r.err).toBe("");
    const expected = routeAnswer([file]);
    expect(JSON.parse(r.out)).toEqual(expected);
    expect(r.code).toBe(expected.ok ? 0 : 2);
  });

  it("lints the LTIC example folder as its plex.json, findings on the folder's own files", async () => {
    const r = await cseplex("lint", ltic, "--format", "json");
    const body = JSON.parse(readFileSync(`${ltic}/plex.json`, "utf8")) as Record<string, unknown>;
    const { name: _n, ...lintBody } = body;
    const direct = lintPlex(lintBodySchema.parse(lintBody));
    expect(JSON.parse(r.out)).toEqual({ ok: direct.ok, diagnostics: direct.diagnostics });
    expect(r.code).toBe(0);
    const text = await cseplex("lint", ltic);
    expect(text.out).toMatch(
      /^FILE LTICVM5 CPOWNED \(.*examples\/ltic\/vm5-cpowned\.sysconfig\), RECORD 16, COLUMN 5:$/m,
    );
    expect(text.out).toMatch(/^SPOOL-SHARED-NOT-SHARING W /m);
    expect(text.out.trimEnd().split("\n").at(-1)).toMatch(/^0 errors, \d+ warnings, \d+ informational$/);
  });

  it("writes SARIF 2.1.0 that validates against the SARIF schema, each finding at its file and line", async () => {
    for (const target of [ltic, ...corpusFiles]) {
      const r = await cseplex("lint", target, "--format", "sarif");
      const log = JSON.parse(r.out);
      const output = await validate(SARIF_ID, log);
      expect(output.valid, target).toBe(true);
    }
    const log = JSON.parse((await cseplex("lint", ltic, "--format", "sarif")).out);
    // The schema does refuse what is not SARIF 2.1.0.
    expect((await validate(SARIF_ID, { ...log, version: "2.0.0" })).valid).toBe(false);
    expect((await validate(SARIF_ID, { ...log, runs: [{ results: [] }] })).valid).toBe(false);
    const result = log.runs[0].results.find(
      (x: { ruleId: string }) => x.ruleId === "SPOOL-SHARED-NOT-SHARING",
    );
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "examples/ltic/vm5-cpowned.sysconfig", uriBaseId: "%SRCROOT%" },
      region: { startLine: 16, startColumn: 5 },
    });
  });

  it("exits 0 clean, 1 for warnings only with --strict, 2 for errors", async () => {
    expect((await cseplex("lint", ltic)).code).toBe(0);
    expect((await cseplex("lint", ltic, "--strict")).code).toBe(1);
    const bad = new URL("../fixtures/sysconfig/", import.meta.url).pathname;
    const broken = `${bad}../corpus/zvm-bootcamp-system-config-xedit.txt`;
    const r = await cseplex("lint", broken, "--format", "json");
    expect(JSON.parse(r.out).ok).toBe(false);
    expect(r.code).toBe(2);
  });

  it("names what it cannot read in one line and exits 2; a bad format is a usage error", async () => {
    const missing = await cseplex("lint", "/nonexistent/SYSTEM.CONFIG");
    expect(missing).toEqual({
      code: 2,
      out: "",
      err: "cseplex: No such file or folder: /nonexistent/SYSTEM.CONFIG\n",
    });
    const format = await cseplex("lint", ltic, "--format", "xml");
    expect(format.code).toBe(64);
    expect(format.err).toBe("cseplex: --format is text, json or sarif, not xml\n");
  });
});

describe("a plex folder read by its file names", () => {
  // The LTIC example's files under the names a site would give them: CMS names (SYSTEM.CONFIG,
  // LTICVM1.SYSRES, ...), user.direct, dasd.json, ctcs.json and files.json; no plex.json.
  const plex = JSON.parse(readFileSync(`${ltic}/plex.json`, "utf8")) as {
    systemConfig: Record<string, string>;
    directory: string;
    dasd: unknown;
    ctcs: unknown;
    files: unknown;
  };
  const dir = mkdtempSync(join(tmpdir(), "cseplex-folder-"));
  for (const [name, text] of Object.entries(plex.systemConfig))
    writeFileSync(join(dir, name.replace(" ", ".")), text);
  writeFileSync(join(dir, "user.direct"), plex.directory);
  for (const field of ["dasd", "ctcs", "files"] as const)
    writeFileSync(join(dir, `${field}.json`), JSON.stringify(plex[field]));
  const { name: _n, ...body } = plex as unknown as Record<string, unknown>;
  const expected = lintPlex(lintBodySchema.parse(body));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the diagnostics of the same plex as JSON, each at its file", async () => {
    const r = await cseplex("lint", dir, "--format", "json");
    expect(JSON.parse(r.out)).toEqual({ ok: expected.ok, diagnostics: expected.diagnostics });
    const text = (await cseplex("lint", dir)).out;
    expect(text).toMatch(/^FILE LTICVM5 CPOWNED \(\S+LTICVM5\.CPOWNED\), RECORD 16, COLUMN 5:$/m);
  });

  it("resolves the IMBEDs of a SYSTEM CONFIG named alone from its folder", async () => {
    const folder = readPlexInputs([join(dir, "SYSTEM.CONFIG"), join(dir, "user.direct")]);
    expect(Object.keys(folder.body.systemConfig).sort()).toEqual(Object.keys(plex.systemConfig).sort());
    expect(folder.body.directory).toBe(plex.directory);
    expect(folder.sources.get("LTICVM1 SYSRES")).toBe(join(dir, "LTICVM1.SYSRES"));
  });

  it("knows a site's file names", () => {
    expect(cmsNameOf("SYSTEM CONFIG")).toBe("SYSTEM CONFIG");
    expect(cmsNameOf("system.config")).toBe("SYSTEM CONFIG");
    expect(cmsNameOf("system-config.sysconfig")).toBe("SYSTEM CONFIG");
    expect(cmsNameOf("lticvm1-sysres.sysconfig")).toBe("LTICVM1 SYSRES");
    expect(cmsNameOf("LTICVM1.SYSRES")).toBe("LTICVM1 SYSRES");
    expect(cmsNameOf("USER DIRECT")).toBe("USER DIRECT");
    expect(cmsNameOf("site.direct")).toBe("USER DIRECT");
    expect(cmsNameOf("notes.txt")).toBeUndefined();
    expect(cmsNameOf("PROFILE EXEC")).toBeUndefined();
  });
});
