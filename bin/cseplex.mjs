#!/usr/bin/env node
// The `cseplex` command (package.json "bin"), on Node 20+: tsx (installed with the project) loads
// the TypeScript sources, so the CLI runs the same lint code and client as the tests.
import { register } from "tsx/esm/api";

register();
const { main } = await import(new URL("../src/cli/main.ts", import.meta.url).href);
await main();
