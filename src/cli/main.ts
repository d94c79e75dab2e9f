import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { cseplexClient, CseplexError } from "../client";
import { COMMANDS } from "./commands";
import { EXIT, exitCodeOf, UsageError } from "./exit";
import { InputError } from "./inputs";
import { LINT_EXIT, lintFiles, lintFormat } from "./lint";

/** `cseplex --help`. docs/cli.md has the long form. */
const USAGE = `Usage: cseplex [--url URL] [--token TOKEN] [--plex NAME] [--json] COMMAND ...

  up DIR                      create a plex from a folder (plex.json, or SYSTEM CONFIG, USER DIRECT, dasd.json ...)
  ls                          the tenant's plexes (with --plex: that plex's systems)
  rm [PLEX]                   delete a plex
  ipl SYSTEM [--clean] [--volume VOLSER]
  shutdown SYSTEM | fail SYSTEM
  logon SYSTEM USER [--password PW]
  cp SYSTEM USER COMMAND...   CP's lines, exit with CP's rc (as vmcp)
  console SYSTEM USER [--after N] [--follow]
  punch SYSTEM USER [FILE|-] [--name FN] [--type FT]
  reader SYSTEM USER [SPOOLID] [--open] [--encoding utf8|base64]
  volume VOLSER               a volume's CSE link flags as a table
  runbook FILE [--junit OUT.xml] [--keep]   run a runbook: 0 passed, 1 failed, 2 invalid, 3 could not run
  lint FILE|DIR... [--format text|json|sarif] [--strict]   offline, no server needed

Environment: CSEPLEX_URL (default http://127.0.0.1:8787), CSEPLEX_TOKEN, CSEPLEX_PLEX, CSEPLEX_PASSWORD.
Exit: 0 done; cp and logon: CP's rc; lint: 0 clean, 1 warnings (--strict), 2 errors;
64 usage, 65 refused input, 66 not found, 69 unreachable, 70 service failed, 73 conflict,
75 rate limited, 77 bad token.
`;

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  plex: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  clean: { type: "boolean" },
  volume: { type: "string" },
  password: { type: "string" },
  after: { type: "string" },
  follow: { type: "boolean", short: "f" },
  name: { type: "string" },
  type: { type: "string" },
  open: { type: "boolean" },
  encoding: { type: "string" },
  format: { type: "string" },
  strict: { type: "boolean" },
  junit: { type: "string" },
  keep: { type: "boolean" },
} as const;

/** The package's version (for --version and SARIF's tool). */
function version(): string {
  try {
    return (
      JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
    ).version;
  } catch {
    return "0.0.0";
  }
}

/** Where the CLI writes, and its Ctrl-C: the process's by default, a test's when given. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
}

/** Runs `cseplex ARGS` and answers the exit code; every failure is one line on stderr. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { values: flags, positionals } = parsed;
    const [name, ...args] = positionals;
    if (flags.version) return (io.out(`${version()}\n`), EXIT.OK);
    if (flags.help || !name) return (io.out(USAGE), name || flags.help ? EXIT.OK : EXIT.USAGE);
    if (name === "lint") {
      const { out, exit } = lintFiles(args, {
        format: lintFormat(flags.format),
        strict: flags.strict === true,
        version: version(),
      });
      io.out(out);
      return exit;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`Unknown command ${name} (cseplex --help lists them)`);
    const url = flags.url ?? io.env.CSEPLEX_URL ?? "http://127.0.0.1:8787";
    const token = flags.token ?? io.env.CSEPLEX_TOKEN;
    if (!token) throw new UsageError("No token: give --token TOKEN or set CSEPLEX_TOKEN");
    return await command({
      client: cseplexClient({ url, token, signal: io.signal }),
      url,
      token,
      plex: flags.plex || io.env.CSEPLEX_PLEX || undefined,
      args,
      flags,
      json: flags.json === true,
      out: io.out,
      err: io.err,
      signal: io.signal,
    });
  } catch (e) {
    return failure(e, io, argv);
  }
}

/** One line on stderr and the exit code for it. */
function failure(e: unknown, io: Io, argv: string[]): number {
  if (io.signal.aborted) return EXIT.OK; // Ctrl-C ends a --follow: the normal way to stop it
  if (e instanceof CseplexError) {
    io.err(`cseplex: ${e.code}: ${e.message}\n`);
    return exitCodeOf(e);
  }
  if (e instanceof UsageError) {
    io.err(`cseplex: ${e.message}\n`);
    return EXIT.USAGE;
  }
  if (e instanceof InputError) {
    io.err(`cseplex: ${e.message}\n`);
    return argv.includes("lint") ? LINT_EXIT.ERRORS : EXIT.USAGE;
  }
  // fetch's network failure: the cause says why (ECONNREFUSED, ENOTFOUND, a port fetch refuses).
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (e instanceof TypeError && e.message === "fetch failed") {
    io.err(`cseplex: cannot reach the service: ${cause?.code ?? cause?.message ?? "no answer"}\n`);
    return EXIT.UNAVAILABLE;
  }
  io.err(`cseplex: ${(e as Error).message ?? String(e)}\n`);
  return EXIT.SOFTWARE;
}

/** The process's entry: Ctrl-C aborts what is in flight, and the exit code is the command's. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  // Every Ctrl-C aborts (not only the first): a second one while --follow winds down must not
  // kill the process with the signal instead of its exit code.
  process.on("SIGINT", () => controller.abort());
  const code = await run(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    signal: controller.signal,
  });
  process.exitCode = code;
}
