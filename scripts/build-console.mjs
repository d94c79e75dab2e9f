#!/usr/bin/env node
// Builds the web console (docs/console.md) into public/: web/main.ts and the domain code it uses from
// src/console/ bundled into one ES module (public/app.js), and the LTIC example's inputs for the
// one-click create (public/examples/ltic.json). No file is fetched from anywhere at run time.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
await build({
  entryPoints: [join(root, "web", "main.ts")],
  outfile: join(root, "public", "app.js"),
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: false,
  sourcemap: false,
  logLevel: "warning",
  legalComments: "none",
});
mkdirSync(join(root, "public", "examples"), { recursive: true });
copyFileSync(join(root, "examples", "ltic", "plex.json"), join(root, "public", "examples", "ltic.json"));
console.log(`[build-console] public/app.js and public/examples/ltic.json in ${Date.now() - started} ms`);
