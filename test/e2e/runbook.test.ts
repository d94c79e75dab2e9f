import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type DevServer } from "../../scripts/wrangler-dev";

/**
 * `npm run runbook` against `wrangler dev`: every shipped runbook passes (exit 0, JUnit without
 * failures, its plex deleted), a broken twin fails (exit 1, JUnit with the failure, its plex kept),
 * an invalid runbook runs nothing (exit 2, file:line:column).
 */

const root = new URL("../../", import.meta.url).pathname;
const ADMIN = "e2e-runbook-admin";
const RUNBOOKS = join(root, "examples/ltic/runbooks");

function runbook(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "runbook", "--", ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code: code ?? -1, out, ms: Date.now() - t0 }));
  });
}

describe("npm run runbook over HTTP", () => {
  const dir = mkdtempSync(join(tmpdir(), "cseplex-runbook-"));
  let server: DevServer | undefined;
  let env: Record<string, string> = {};
  beforeAll(async () => {
    server = await startWranglerDev(
      root,
      join(dir, "state"),
      ADMIN,
      Number(process.env.RUNBOOK_E2E_PORT) || undefined,
    );
    const r = await fetch(`${server.base}/v1/tenants`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ name: "runbooks" }),
    });
    env = { CSEPLEX_URL: server.base, CSEPLEX_TOKEN: ((await r.json()) as { token: string }).token };
  }, 180_000);
  afterAll(async () => {
    if (server) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const plexes = async () =>
    (
      (await (
        await fetch(`${env.CSEPLEX_URL}/v1/plexes`, {
          headers: { Authorization: `Bearer ${env.CSEPLEX_TOKEN}` },
        })
      ).json()) as {
        plexes: { name: string }[];
      }
    ).plexes.map((p) => p.name);

  // Every shipped runbook runs in the integration tests; here two (files beside them, the shipped
  // plex), unless RUNBOOK_E2E_ALL=1 asks for all of them (to measure them on wrangler dev).
  const shipped = readdirSync(RUNBOOKS).filter(
    (f) =>
      f.endsWith(".yaml") && (process.env.RUNBOOK_E2E_ALL === "1" || /^(shared-racf|move-residence)/.test(f)),
  );
  for (const name of shipped)
    it(`${name} passes: exit 0, JUnit without failures, its plex deleted`, async () => {
      const junit = join(dir, `${name}.xml`);
      const r = await runbook([join(RUNBOOKS, name), "--junit", junit], env);
      console.log(`${name}: ${r.ms} ms (npm run runbook, wrangler dev): ${r.out.trim().split("\n").at(-1)}`);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/\d+ passed, 0 failed, 0 skipped in \d+ ms; plex \S+ deleted/);
      const xml = readFileSync(junit, "utf8");
      expect(xml).toMatch(/<testsuite name="[^"]+" tests="\d+" failures="0" errors="0" skipped="0"/);
      expect(xml).not.toContain("<failure");
    });

  it("a broken twin fails: exit 1, the step's expected and got, JUnit with the failure, its plex kept", async () => {
    const text = readFileSync(join(RUNBOOKS, "spool-spxtape.yaml"), "utf8").replace(
      /\n  - cp: \{ system: LTICVM9, user: MAINT, command: SPXTAPE DUMP 181 STD ALL \}\n    expect: [^\n]*/,
      "",
    );
    const file = join(dir, "twin.yaml");
    writeFileSync(file, text);
    const junit = join(dir, "twin.xml");
    const r = await runbook([file, "--junit", junit], env);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/FAIL +\d+ \S+twin.yaml:\d+ cp LTICVM9 MAINT: SPXTAPE LOAD 181 STD ALL/);
    expect(r.out).toContain('got      rc 9060: "HCPSPX9060E Tape VM9SPL on 0181 holds no SPXTAPE dump"');
    const kept = /plex (\S+) kept/.exec(r.out)?.[1];
    expect(await plexes()).toContain(kept);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(/failures="1"/);
    expect(xml).toMatch(/<failure message="expected rc 0" type="StepFailed">/);
    expect(xml).toMatch(/<skipped message="an earlier step failed"\/>/);

    // --plex runs against that plex as the failed step left it: the spool is empty there.
    const check = join(dir, "check.yaml");
    writeFileSync(
      check,
      "name: after the drill\nsteps:\n  - cp: { system: LTICVM9, user: MAINT, command: QUERY READER ALL }\n    expect: { lines: [NO RDR FILES] }\n",
    );
    const again = await runbook([check, "--plex", kept!], env);
    expect(again.code, again.out).toBe(0);
  });

  it("an invalid runbook runs nothing: exit 2 with file:line:column, JUnit with the error; no server: exit 3", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: bad\nplex: examples/ltic\nsteps:\n  - ipl: LTICVM1\n  - reboot: LTICVM1\n");
    const before = await plexes();
    const junit = join(dir, "bad.xml");
    const r = await runbook([file, "--junit", junit], env);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`${file}:5:5: unknown step "reboot"`);
    expect(await plexes()).toEqual(before);
    expect(readFileSync(junit, "utf8")).toMatch(/<error message="unknown step &quot;reboot&quot;/);

    // A server that is not there: exit 3, not a failed step.
    writeFileSync(file, "name: ok\nplex: examples/ltic\nsteps:\n  - ipl: LTICVM1\n");
    const gone = await runbook([file], { ...env, CSEPLEX_URL: "http://127.0.0.1:9" });
    expect(gone.code, gone.out).toBe(3);
    expect(gone.out).toMatch(/UNREACHABLE: POST http:\/\/127\.0\.0\.1:9\/v1\/plexes/);
  });
});
