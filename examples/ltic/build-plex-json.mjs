#!/usr/bin/env node
// Builds examples/ltic/plex.json, the body of POST /v1/plexes, from the files beside it:
//   system-config.sysconfig  -> "SYSTEM CONFIG"
//   vmN-sysres.sysconfig     -> "LTICVMN SYSRES"   (what Imbed -SYSTEM- SYSRES reads on LTICVMN)
//   vmN-cpowned.sysconfig    -> "LTICVMN CPOWNED"
//   user.direct              -> directory (USER DIRECT)
//   dasd.json                -> dasd
//   ctcs.json                -> ctcs   (channel-to-channel adapters between the systems)
//   autolog1-profile.exec    -> files: PROFILE EXEC on each system's AUTOLOG1 0191
//   vmN-pvm-profile.exec     -> files: PROFILE EXEC on LTICVMN's PVM 0191
//   vmN-pvm.config           -> files: PVM CONFIG on LTICVMN's PVM 0191
//   vmN-rscs-profile.gcs     -> files: PROFILE GCS on LTICVMN's RSCS 0191
//   vmN-rscs.config          -> files: RSCS CONFIG on LTICVMN's RSCS 0191
//   dirmaint-config.datadvh  -> files: CONFIG DATADVH on DIRMAINT's 011F (VMPCOM, every system)
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
  const ctcs = JSON.parse(readFileSync(join(here, "ctcs.json"), "utf8"));
  return `${JSON.stringify({ name: PLEX_NAME, systemConfig, directory, dasd, ctcs, files: cmsFiles() }, null, 2)}\n`;
}

/**
 * The CMS files on the service machines' 0191s, keyed "SYSTEM: OWNER VDEV": each system's AUTOLOG1
 * and PVM have their own 0191 (SYSAFFIN in user.direct), so each file is given per system.
 */
function cmsFiles() {
  const systems = readdirSync(here)
    .map((f) => /^vm(\d)-pvm\.config$/.exec(f)?.[1])
    .filter((n) => n !== undefined)
    .sort();
  const files = {};
  for (const n of systems) files[`LTICVM${n}: AUTOLOG1 0191`] = { "PROFILE EXEC": readRecords("autolog1-profile.exec") };
  for (const n of systems)
    files[`LTICVM${n}: PVM 0191`] = {
      "PROFILE EXEC": readRecords(`vm${n}-pvm-profile.exec`),
      "PVM CONFIG": readRecords(`vm${n}-pvm.config`),
    };
  for (const n of systems)
    files[`LTICVM${n}: RSCS 0191`] = {
      "PROFILE GCS": readRecords(`vm${n}-rscs-profile.gcs`),
      "RSCS CONFIG": readRecords(`vm${n}-rscs.config`),
    };
  // DIRMAINT's 11F is on VMPCOM, one extent every system sees: one file for all of them.
  files["DIRMAINT 011F"] = { "CONFIG DATADVH": readRecords("dirmaint-config.datadvh") };
  return files;
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
      `${body.directory.split("\n").length - 1} directory records, ${body.dasd.length} volumes, ` +
      `${body.ctcs.length} CTCs, ${Object.keys(body.files).length} minidisks with files`,
  );
}
