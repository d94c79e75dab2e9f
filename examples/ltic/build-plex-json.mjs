#!/usr/bin/env node
// Builds examples/ltic/plex.json, the body of POST /v1/plexes, from the files beside it:
//   system-config.sysconfig  -> "SYSTEM CONFIG"
//   vmN-sysres.sysconfig     -> "LTICVMN SYSRES"   (what Imbed -SYSTEM- SYSRES reads on LTICVMN)
//   vmN-cpowned.sysconfig    -> "LTICVMN CPOWNED"
//   user.direct              -> directory (USER DIRECT)
//   dasd.json                -> dasd
// Plain Node, no dependencies. Run: npx node examples/ltic/build-plex-json.mjs [--check]
// --check rebuilds in memory and exits 1 if plex.json is stale, without writing it.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const PLEX_NAME = "ltic";
/** z/VM reads columns 1-72 of SYSTEM CONFIG and directory records; 73-80 are sequence numbers. */
const MAX_COLUMNS = 72;

/** The CMS file name a local file stands for, or undefined when it is not a config file. */
function cmsName(file) {
  if (file === "system-config.sysconfig") return "SYSTEM CONFIG";
  const m = /^vm(\d)-(sysres|cpowned)\.sysconfig$/.exec(file);
  return m ? `LTICVM${m[1]} ${m[2].toUpperCase()}` : undefined;
}

/** Reads a z/VM text file, refusing what CP or DIRECTXA would not read as written. */
function readRecords(file) {
  const text = readFileSync(join(here, file), "utf8");
  const problems = [];
  text.split("\n").forEach((line, i) => {
    if (line.length > MAX_COLUMNS) problems.push(`${file}:${i + 1}: ${line.length} columns (max ${MAX_COLUMNS})`);
    if (/[^\x20-\x7e]/.test(line)) problems.push(`${file}:${i + 1}: not plain printable ASCII`);
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return text;
}

function build() {
  const files = readdirSync(here)
    .filter((f) => cmsName(f) !== undefined)
    .sort((a, b) => (a === "system-config.sysconfig" ? -1 : b === "system-config.sysconfig" ? 1 : a.localeCompare(b)));
  const systemConfig = {};
  for (const f of files) systemConfig[cmsName(f)] = readRecords(f);
  const directory = readRecords("user.direct");
  const dasd = JSON.parse(readFileSync(join(here, "dasd.json"), "utf8"));
  return `${JSON.stringify({ name: PLEX_NAME, systemConfig, directory, dasd }, null, 2)}\n`;
}

const out = join(here, "plex.json");
const json = build();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(out, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== json) {
    console.error("examples/ltic/plex.json is stale: run npx node examples/ltic/build-plex-json.mjs");
    process.exit(1);
  }
  console.log("examples/ltic/plex.json is up to date");
} else {
  writeFileSync(out, json);
  const body = JSON.parse(json);
  console.log(
    `wrote examples/ltic/plex.json: ${Object.keys(body.systemConfig).length} config files, ` +
      `${body.directory.split("\n").length - 1} directory records, ${body.dasd.length} volumes`,
  );
}
