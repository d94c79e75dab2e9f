/**
 * npm run runbook -- FILE [--plex NAME] [--junit OUT.xml] [--keep] [--json]
 *
 * Runs a runbook against the cseplex server at CSEPLEX_URL with the token CSEPLEX_TOKEN
 * (src/runbook/client.ts). Without --plex it creates the plex the runbook names under a fresh name
 * (deleted again when every step passed, unless --keep). Exit 0 when every step passed, 1 when one
 * failed, 2 when the runbook is not valid (nothing ran), 3 when it could not run (server, token).
 */
import { writeFileSync } from "node:fs";
import { junitOf, junitOfInvalid } from "../src/runbook/junit";
import { runRunbookFile } from "../src/runbook/client";
import { formatInvalid, formatRun } from "../src/runbook/report";

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run runbook -- FILE [--plex NAME] [--junit OUT.xml] [--keep] [--json]`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let plex: string | undefined;
let junit: string | undefined;
let keep = false;
let json = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--plex") plex = args[++i] ?? usage("--plex needs a name");
  else if (a === "--junit") junit = args[++i] ?? usage("--junit needs a file");
  else if (a === "--keep") keep = true;
  else if (a === "--json") json = true;
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else if (file) usage(`one runbook at a time (${file}, ${a})`);
  else file = a;
}
if (!file) usage("no runbook file");
const url = process.env.CSEPLEX_URL;
const token = process.env.CSEPLEX_TOKEN;
if (!url || !token) {
  console.error("set CSEPLEX_URL (e.g. http://127.0.0.1:8787) and CSEPLEX_TOKEN");
  process.exit(3);
}

const r = await runRunbookFile(file, { url, token, plex, keep });
if (r.kind === "error") {
  console.error(`runbook ${file}: ${r.message}`);
  process.exit(3);
}
if (r.kind === "invalid") {
  console.error(formatInvalid(file, r.diagnostics));
  if (junit) writeFileSync(junit, junitOfInvalid(r.name, file, r.diagnostics));
  process.exit(2);
}
if (junit) writeFileSync(junit, junitOf(r.result, file));
console.log(json ? JSON.stringify(r.result, null, 2) : formatRun(r.result, file, r));
process.exit(r.result.ok ? 0 : 1);
