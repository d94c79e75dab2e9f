#!/usr/bin/env node
// npm start: the local plex service on its embedded default (wrangler dev + workerd, state on disk
// in .data/), with an admin token in .dev.vars (made if missing) and a demo tenant whose token is printed.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${port}`;
const dataDir = join(root, ".data");
const devVars = join(root, ".dev.vars");
const demoTokenFile = join(dataDir, "demo-tenant.json");

/** Reads ADMIN_TOKEN from .dev.vars, writing a fresh random one when the file or the line is missing. */
function adminToken() {
  const text = existsSync(devVars) ? readFileSync(devVars, "utf8") : "";
  const found = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text);
  if (found) return found[1].trim();
  const token = `adm_${randomBytes(24).toString("base64url")}`;
  writeFileSync(devVars, `${text}${text && !text.endsWith("\n") ? "\n" : ""}ADMIN_TOKEN=${token}\n`, {
    mode: 0o600,
  });
  console.log(`[start] wrote a new ADMIN_TOKEN to .dev.vars`);
  return token;
}

async function waitForHealth(child) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no answer from ${base}/v1/health after 120 s`);
}

/** The demo tenant's token: kept in .data/ beside the state it belongs to, made on first start. */
async function demoToken(admin) {
  if (existsSync(demoTokenFile)) return JSON.parse(readFileSync(demoTokenFile, "utf8"));
  for (let n = 0; n < 100; n++) {
    const name = n === 0 ? "demo" : `demo-${n}`;
    const res = await fetch(`${base}/v1/tenants`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name }),
    });
    if (res.status === 201) {
      const body = await res.json();
      writeFileSync(demoTokenFile, JSON.stringify(body), { mode: 0o600 });
      return body;
    }
    if (res.status !== 409)
      throw new Error(`creating the demo tenant failed: ${res.status} ${await res.text()}`);
  }
  throw new Error("no free demo tenant name");
}

/**
 * The demo plex, the seed's LTIC complex; already there after the first start (state is on disk).
 * Undefined when the token is refused: tenant tokens are signed with a key from TOKEN_SECRET or
 * ADMIN_TOKEN, so a saved token stops working when .dev.vars changes.
 */
async function demoPlex(token) {
  const body = readFileSync(join(root, "examples", "ltic", "plex.json"), "utf8");
  const res = await fetch(`${base}/v1/plexes`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
    body,
  });
  if (res.status === 401) return undefined;
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`creating the demo plex failed: ${res.status} ${await res.text()}`);
  return res.status === 201 ? "created" : "kept from the last start";
}

const admin = adminToken();
mkdirSync(dataDir, { recursive: true });
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const child = spawn(
  wrangler,
  [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    dataDir,
    "--show-interactive-dev-session=false",
  ],
  {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    detached: true,
  },
);
const stop = () => {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
};
process.on("SIGINT", () => (stop(), process.exit(130)));
process.on("SIGTERM", () => (stop(), process.exit(143)));
child.on("exit", (code) => process.exit(code ?? 0));

try {
  await waitForHealth(child);
  let demo = await demoToken(admin);
  let plexState = await demoPlex(demo.token);
  if (plexState === undefined) {
    console.log(
      `[start] the saved demo token is refused (ADMIN_TOKEN or TOKEN_SECRET in .dev.vars changed since it was made); making a new demo tenant`,
    );
    rmSync(demoTokenFile);
    demo = await demoToken(admin);
    plexState = await demoPlex(demo.token);
    if (plexState === undefined) throw new Error("the new demo tenant's token is refused");
  }
  console.log(`
cseplex is running at ${base}  (state kept in .data/, Ctrl-C to stop)

  web console:                  ${base}/  (sign in with the demo tenant's token below)

  admin token (.dev.vars):      ${admin}
  demo tenant "${demo.tenant}" token:   ${demo.token}
  demo plex "ltic" (examples/ltic, six systems): ${plexState}

Try it:
  export T=${demo.token}
  curl -s ${base}/v1/health
  curl -s -H "Authorization: Bearer $T" -d @examples/ltic/plex.json ${base}/v1/lint
  curl -s -H "Authorization: Bearer $T" ${base}/v1/plexes/ltic
  curl -s -H "Authorization: Bearer $T" -d '{}' ${base}/v1/plexes/ltic/systems/LTICVM1/ipl
  curl -s -H "Authorization: Bearer $T" -d '{"password":"LTICMNT"}' ${base}/v1/plexes/ltic/systems/LTICVM1/users/MAINT/logon
  curl -s -H "Authorization: Bearer $T" -d '{"command":"QUERY NAMES"}' ${base}/v1/plexes/ltic/systems/LTICVM1/users/MAINT/cp
`);
} catch (e) {
  console.error(`[start] ${e.message}`);
  stop();
  process.exit(1);
}
