import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type DevServer } from "../../scripts/wrangler-dev";
import { readPlexInputs } from "../../src/cli/inputs";
import { answer, cseplexClient } from "../../src/client";

const root = new URL("../../", import.meta.url).pathname;
const ADMIN = "e2e-cli-admin-token";
// The port this suite's wrangler dev listens on (and its inspector's next to it).
const PORT = 8820;
// The CLI runs on the machine's own Node (20 here) when there is one, as a user's shell would run it.
const NODE = existsSync("/usr/bin/node") ? "/usr/bin/node" : process.execPath;
const corpus = join(root, "test/fixtures/corpus");
const corpusFiles = readdirSync(corpus)
  .filter((f) => !f.endsWith(".source.txt") && f !== "README.md")
  .map((f) => join(corpus, f));

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `cseplex ARGS` as a process; `interrupt` sends Ctrl-C (SIGINT) once it has printed something. */
function cli(args: string[], env: Record<string, string>, interrupt = false): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [join(root, "bin/cseplex.mjs"), ...args], {
      cwd: root,
      // Only what a user's shell would pass, not this test run's variables (ProcessEnv here also names the Worker's).
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    let out = "";
    let err = "";
    let interrupted = false;
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      if (interrupt && !interrupted) {
        interrupted = true;
        setTimeout(() => child.kill("SIGINT"), 300);
      }
    });
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("cseplex against wrangler dev", () => {
  let server: DevServer;
  let env: Record<string, string>;
  let token: string;
  const persist = mkdtempSync(join(tmpdir(), "cseplex-cli-"));

  beforeAll(async () => {
    server = await startWranglerDev(root, persist, ADMIN, PORT, ["--inspector-port", String(PORT + 1)]);
    const admin = cseplexClient({ url: server.base, token: ADMIN });
    token = (await answer(admin.tenants.index.$post({ json: { name: "cli" } }))).token;
    env = { CSEPLEX_URL: server.base, CSEPLEX_TOKEN: token, CSEPLEX_PLEX: "ltic" };
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(persist, { recursive: true, force: true });
  });

  it("creates the LTIC plex from its folder, lists it, IPLs and logs on", async () => {
    const up = await cli(["up", "examples/ltic"], { ...env, CSEPLEX_PLEX: "" });
    expect(up.err).toBe("");
    expect(up.code).toBe(0);
    expect(up.out).toMatch(/^Plex ltic created: \d+ systems/);
    const ls = await cli(["ls"], { ...env, CSEPLEX_PLEX: "" });
    expect(ls.out).toMatch(/^PLEX\s+CREATED\nltic\s/);
    const ipl = await cli(["ipl", "LTICVM1"], env);
    expect(ipl.code).toBe(0);
    expect(ipl.out).toMatch(/HCP/);
    const logon = await cli(["logon", "LTICVM1", "MAINT", "--password", "LTICMNT"], env);
    expect(logon.code).toBe(0);
    const systems = await cli(["ls", "--json"], env);
    const topology = JSON.parse(systems.out) as { systems: { sysname: string; state: string }[] };
    expect(topology.systems.find((s) => s.sysname === "LTICVM1")?.state).toBe("UP");
  });

  it("cp prints CP's lines and exits 0, or CP's rc with vmcp's line on stderr", async () => {
    const client = cseplexClient({ url: server.base, token });
    const ok = await cli(["cp", "LTICVM1", "MAINT", "QUERY", "USERID"], env);
    expect(ok).toMatchObject({ code: 0, err: "" });
    const direct = await answer(
      client.plexes[":plex"].systems[":sys"].users[":userid"].cp.$post({
        param: { plex: "ltic", sys: "LTICVM1", userid: "MAINT" },
        json: { command: "QUERY USERID" },
      }),
    );
    expect(ok.out).toBe(direct.lines.map((l) => `${l}\n`).join(""));
    const bad = await cli(["cp", "LTICVM1", "MAINT", "Q LINUX2"], env);
    expect(bad.out).toBe("HCPCQU045E LINUX2 not logged on\n");
    expect(bad.err).toBe("Error: non-zero CP response for command 'Q LINUX2': #45\n");
    expect(bad.code).toBe(45);
  });

  it("answers a bad token, an unknown plex and a bad flag in one line with an exit code a script can test", async () => {
    const token = await cli(["ls"], { ...env, CSEPLEX_TOKEN: "cpx_cli_0000000000000000_" + "A".repeat(43) });
    expect(token.code).toBe(77);
    expect(token.err).toMatch(/^cseplex: UNAUTHORIZED: [^\n]+\n$/);
    const plex = await cli(["ipl", "LTICVM1", "--plex", "nosuch"], env);
    expect(plex).toEqual({ code: 66, out: "", err: "cseplex: NOT_FOUND: No plex nosuch\n" });
    const flag = await cli(["ipl", "LTICVM1", "--bogus"], env);
    expect(flag.code).toBe(64);
    expect(flag.err.split("\n")).toHaveLength(2);
    const down = await cli(["ls"], { ...env, CSEPLEX_URL: `http://127.0.0.1:${PORT + 9}` });
    expect(down.code).toBe(69);
    expect(down.err).toBe("cseplex: cannot reach the service: ECONNREFUSED\n");
  });

  it("console --follow prints the console and stops cleanly on Ctrl-C", async () => {
    const r = await cli(["console", "LTICVM1", "MAINT", "--follow"], env, true);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/QUERY USERID|MAINT/);
  });

  it("punches a file to a reader and reads it back; shows a volume's flags as a table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cseplex-punch-"));
    const file = join(dir, "hello.exec");
    writeFileSync(file, "/* HELLO EXEC */\nSAY 'HELLO'\n");
    // The punch goes to MAINT's own reader, as SPOOL PUNCH TO * sends it.
    expect((await cli(["cp", "LTICVM1", "MAINT", "SPOOL PUNCH TO *"], env)).code).toBe(0);
    const punched = await cli(["punch", "LTICVM1", "MAINT", file, "--json"], env);
    expect(punched.code).toBe(0);
    // CP's line names the reader file: RDR FILE 0001 SENT FROM MAINT PUN WAS 0001 ...
    const { lines, spoolid } = JSON.parse(punched.out) as { lines: string[]; spoolid: string };
    expect(lines[0]).toMatch(new RegExp(`^RDR FILE ${spoolid} SENT FROM MAINT +PUN WAS`));
    const read = await cli(["reader", "LTICVM1", "MAINT", spoolid], env);
    expect(read).toEqual({ code: 0, out: "/* HELLO EXEC */\nSAY 'HELLO'\n", err: "" });
    rmSync(dir, { recursive: true, force: true });
    // A CSE area on VMPCOM and a link to a minidisk on it: the flags then show cylinder 10 held R/W.
    for (const command of [
      "ATTACH 5700 TO * AS 0300",
      "XLINK FORMAT 0300 VMPCOM",
      "DETACH 0300",
      "ATTACH 5700 SYSTEM",
      "LINK DIRMAINT 015D 0F01 M MDIRM",
    ])
      expect((await cli(["cp", "LTICVM1", "MAINT", command], env)).code, command).toBe(0);
    const volume = await cli(["volume", "VMPCOM"], env);
    expect(volume.code).toBe(0);
    expect(volume.out).toMatch(
      /^VMPCOM {2}\S+ {2}\d+ cylinders\nCSE area at cylinder 0, formatted by MAINT on LTICVM1/,
    );
    expect(volume.out).toMatch(/^CYLINDERS {2}SYSTEM {3}MODE\n10 {9}LTICVM1 {2}W$/m);
    expect(volume.out).toMatch(/^LTICVM1 {2}MAINT {3}0F01 {2}DIRMAINT {2}015D {8}10 {9}R\/W$/m);
  });

  it("lints every corpus file and the LTIC example offline with the diagnostics POST /v1/lint gives", async () => {
    const client = cseplexClient({ url: server.base, token });
    for (const target of [...corpusFiles, join(root, "examples/ltic")]) {
      const local = await cli(["lint", target, "--format", "json"], {});
      const { name: _name, ...body } = readPlexInputs([target]).body;
      const remote = await answer(client.lint.index.$post({ json: body as never }));
      expect(JSON.parse(local.out), target).toEqual(remote);
      expect(local.code, target).toBe(remote.ok ? 0 : 2);
    }
  });

  it("runs a runbook through the runbooks' client: its steps pass, or an invalid one names its line and runs nothing", async () => {
    const ok = await cli(["runbook", "examples/ltic/runbooks/enable-cse.yaml"], { ...env, CSEPLEX_PLEX: "" });
    expect(ok.err).toBe("");
    expect(ok.out).toMatch(
      /^Enabling CSE on VMPCOM on plex \S+\n(PASS .*\n)+\d+ passed, 0 failed, 0 skipped in \d+ ms; plex \S+ deleted\n$/,
    );
    expect(ok.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "cseplex-runbook-"));
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "name: bad\nplex: examples/ltic\nsteps:\n  - ipl: LTICVM1\n  - reboot: LTICVM1\n");
    const invalid = await cli(["runbook", bad], env);
    expect(invalid.code).toBe(2);
    expect(invalid.out).toBe("");
    expect(invalid.err).toMatch(new RegExp(`^${bad}:5:5: unknown step "reboot"[^\\n]*\\n$`));
    rmSync(dir, { recursive: true, force: true });
  });

  it("shuts a system down, fails another, and removes the plex", async () => {
    expect((await cli(["ipl", "LTICVM2"], env)).code).toBe(0);
    expect((await cli(["fail", "LTICVM2"], env)).code).toBe(0);
    const down = await cli(["shutdown", "LTICVM1"], env);
    expect(down.code).toBe(0);
    const rm = await cli(["rm"], env);
    expect(rm.code).toBe(0);
    expect(rm.out).toMatch(/^Plex ltic (deleted|is being deleted)/);
    expect((await cli(["ls"], { ...env, CSEPLEX_PLEX: "" })).out).not.toMatch(/ltic/);
  });
});
