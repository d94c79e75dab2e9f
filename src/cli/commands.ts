import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { answer, query } from "../client";
import type { Command, CommandContext } from "./context";
import { EXIT, rcExit, UsageError } from "./exit";
import { readPlexInputs } from "./inputs";
import { runbook } from "./runbook";
import { table, volumeText } from "./tables";

/** The plex the command works on: --plex or CSEPLEX_PLEX. */
function plexOf(c: CommandContext): string {
  if (!c.plex) throw new UsageError("No plex: give --plex NAME or set CSEPLEX_PLEX");
  return c.plex;
}

/** The positional arguments a command needs, named for the usage error. */
function need(c: CommandContext, names: string[]): string[] {
  if (c.args.length < names.length) throw new UsageError(`Missing ${names.slice(c.args.length).join(" ")}`);
  return c.args;
}

/** Prints lines, or the whole answer as JSON with --json. */
function print(c: CommandContext, value: unknown, lines: string[]): void {
  c.out(c.json ? `${JSON.stringify(value, null, 2)}\n` : lines.map((l) => `${l}\n`).join(""));
}

/** The path parameters of a system route. */
const sysParams = (c: CommandContext, sys: string) => ({ plex: plexOf(c), sys });
const userParams = (c: CommandContext, sys: string, userid: string) => ({ plex: plexOf(c), sys, userid });

/** `up DIR`: creates a plex from a folder (its plex.json, or its SYSTEM CONFIG, USER DIRECT, dasd.json ...). */
const up: Command = async (c) => {
  const [dir] = need(c, ["DIR"]);
  const { body } = readPlexInputs([dir]);
  const name = c.plex ?? body.name ?? basename(resolve(dir)).toLowerCase();
  if (body.directory === undefined) throw new UsageError(`${dir} has no directory (USER DIRECT)`);
  const created = await answer(
    c.client.plexes.index.$post({ json: { ...body, name, directory: body.directory } as never }),
  );
  print(c, created, [
    `Plex ${created.name} created: ${created.systems.length} systems, ${created.volumes.length} volumes, ${created.users} users`,
    ...table(
      ["SYSTEM", "STATE", "SLOT", "IPL VOLUME"],
      created.systems.map((s) => [s.sysname, s.state, s.xlinkSlot ?? "-", s.iplVolume]),
    ),
    ...created.diagnostics.map((d) => `${d.file} ${d.line}: ${d.code} ${d.severity}: ${d.message}`),
  ]);
  return EXIT.OK;
};

/** `ls`: the tenant's plexes; with --plex, that plex's systems. */
const ls: Command = async (c) => {
  if (c.plex) {
    const t = await answer(c.client.plexes[":plex"].$get({ param: { plex: c.plex } }));
    if (!("systems" in t)) {
      print(c, t, [`Plex ${t.name} is being deleted (${t.remaining} objects remaining)`]);
      return EXIT.OK;
    }
    print(
      c,
      t,
      table(
        ["SYSTEM", "STATE", "SLOT", "IPL VOLUME"],
        t.systems.map((s) => [s.sysname, s.state, s.xlinkSlot ?? "-", s.iplVolume]),
      ),
    );
    return EXIT.OK;
  }
  const { plexes } = await answer(c.client.plexes.index.$get());
  print(
    c,
    { plexes },
    plexes.length === 0
      ? []
      : table(
          ["PLEX", "CREATED"],
          plexes.map((p) => [p.name, p.createdAt]),
        ),
  );
  return EXIT.OK;
};

/** `rm [PLEX]`: deletes a plex (the argument, or --plex). */
const rm: Command = async (c) => {
  const plex = c.args[0] ?? plexOf(c);
  const res = await c.client.plexes[":plex"].$delete({ param: { plex } });
  const body = await answer(res);
  if (res.status === 202) {
    const { remaining } = body as { remaining: number };
    print(c, body, [`Plex ${plex} is being deleted (${remaining} objects remaining)`]);
  } else print(c, { name: plex, state: "deleted" }, [`Plex ${plex} deleted`]);
  return EXIT.OK;
};

/** `ipl SYSTEM [--clean] [--volume VOLSER]`. */
const ipl: Command = async (c) => {
  const [sys] = need(c, ["SYSTEM"]);
  const json = {
    clean: c.flags.clean === true,
    ...(typeof c.flags.volume === "string" ? { volume: c.flags.volume } : {}),
  };
  const r = await answer(
    c.client.plexes[":plex"].systems[":sys"].ipl.$post({ param: sysParams(c, sys), json }),
  );
  print(c, r, r.lines);
  return EXIT.OK;
};

/** `shutdown SYSTEM` and `fail SYSTEM`. */
function stop(how: "shutdown" | "fail"): Command {
  return async (c) => {
    const [sys] = need(c, ["SYSTEM"]);
    const route = c.client.plexes[":plex"].systems[":sys"][how];
    const r = await answer(route.$post({ param: sysParams(c, sys) }));
    print(c, r, r.lines);
    return EXIT.OK;
  };
}

/** `logon SYSTEM USER [--password PW]` (or CSEPLEX_PASSWORD): CP's lines, exit CP's rc. */
const logon: Command = async (c) => {
  const [sys, userid] = need(c, ["SYSTEM", "USER"]);
  const password =
    typeof c.flags.password === "string" ? c.flags.password : (process.env.CSEPLEX_PASSWORD ?? "");
  const r = await answer(
    c.client.plexes[":plex"].systems[":sys"].users[":userid"].logon.$post({
      param: userParams(c, sys, userid),
      json: { password },
    }),
  );
  print(c, r, r.lines);
  return rcExit(r.rc);
};

/**
 * `cp SYSTEM USER command...`: CP's lines on stdout and CP's rc as the exit code; a non-zero rc
 * also gets vmcp's line on stderr: `Error: non-zero CP response for command 'Q LINUX2': #45`.
 */
const cp: Command = async (c) => {
  const [sys, userid, ...words] = need(c, ["SYSTEM", "USER", "COMMAND"]);
  const command = words.join(" ");
  const r = await answer(
    c.client.plexes[":plex"].systems[":sys"].users[":userid"].cp.$post({
      param: userParams(c, sys, userid),
      json: { command },
    }),
  );
  print(c, r, r.lines);
  if (r.rc !== 0) c.err(`Error: non-zero CP response for command '${command.toUpperCase()}': #${r.rc}\n`);
  return rcExit(r.rc);
};

/** `console SYSTEM USER [--after N] [--follow]`: the console's lines; --follow polls until Ctrl-C. */
const consoleCmd: Command = async (c) => {
  const [sys, userid] = need(c, ["SYSTEM", "USER"]);
  let after = Number(c.flags.after ?? 0);
  if (!Number.isInteger(after) || after < 0) throw new UsageError("--after is a line number");
  const route = c.client.plexes[":plex"].systems[":sys"].users[":userid"].console;
  for (;;) {
    const page = await answer(
      route.$get({ param: userParams(c, sys, userid), ...query({ after: String(after) }) }),
    );
    if (c.json) for (const l of page.lines) c.out(`${JSON.stringify(l)}\n`);
    else for (const l of page.lines) c.out(`${l.text}\n`);
    after = page.next;
    if (c.flags.follow !== true || c.signal.aborted) return EXIT.OK;
    if (page.lines.length === 0) await sleep(1000, c.signal);
    if (c.signal.aborted) return EXIT.OK;
  }
};

/** Waits, or less when the signal fires. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), done()), { once: true });
  });
}

/**
 * `punch SYSTEM USER [FILE]`: the file's lines (stdin when no FILE or `-`) punched to the user's
 * reader as records; `--name` and `--type` name the spool file. CP's lines, exit CP's rc.
 */
const punch: Command = async (c) => {
  const [sys, userid, file] = need(c, ["SYSTEM", "USER"]);
  const text = !file || file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  const records = text.replace(/\r?\n$/, "").split(/\r?\n/);
  const name =
    typeof c.flags.name === "string" ? c.flags.name : file && file !== "-" ? spoolName(file, 0) : undefined;
  const type =
    typeof c.flags.type === "string" ? c.flags.type : file && file !== "-" ? spoolName(file, 1) : undefined;
  const r = await answer(
    c.client.plexes[":plex"].systems[":sys"].users[":userid"].punch.$post({
      param: userParams(c, sys, userid),
      json: { records, ...(name ? { name } : {}), ...(type ? { type } : {}) },
    }),
  );
  print(c, r, r.lines);
  return rcExit(r.rc);
};

/** The spool file name (part 0) or type (part 1) a local file name gives: `profile.exec` → PROFILE EXEC. */
function spoolName(file: string, part: 0 | 1): string | undefined {
  const m = /^([A-Za-z0-9@#$_+-]{1,8})(?:\.([A-Za-z0-9@#$_+-]{1,8}))?$/.exec(basename(file));
  return m?.[part + 1]?.toUpperCase();
}

/**
 * `reader SYSTEM USER [SPOOLID] [--open]`: a reader file's records on stdout; without --open it is
 * only looked at (the file stays), with --open it is opened on the reader as RECEIVE would.
 */
const reader: Command = async (c) => {
  const [sys, userid, spoolid] = need(c, ["SYSTEM", "USER"]);
  const users = c.client.plexes[":plex"].systems[":sys"].users[":userid"];
  const encoding = c.flags.encoding === "base64" ? "base64" : "utf8";
  let file;
  if (c.flags.open === true)
    file = await answer(
      users.reader.open.$post({
        param: userParams(c, sys, userid),
        json: { ...(spoolid ? { spoolid } : {}), encoding },
      }),
    );
  else {
    if (!spoolid) throw new UsageError("Missing SPOOLID (or --open for the next file)");
    file = await answer(
      users.reader[":spoolid"].$get({
        param: { ...userParams(c, sys, userid), spoolid },
        ...query({ encoding }),
      }),
    );
  }
  print(c, file, file.records);
  return EXIT.OK;
};

/** `volume VOLSER`: the volume's CSE flags as a table, its links, reserve and warnings. */
const volume: Command = async (c) => {
  const [volser] = need(c, ["VOLSER"]);
  const v = await answer(
    c.client.plexes[":plex"].volumes[":volser"].$get({ param: { plex: plexOf(c), volser } }),
  );
  c.out(c.json ? `${JSON.stringify(v, null, 2)}\n` : volumeText(v));
  return EXIT.OK;
};

/** The commands that talk to the service, by name. */
export const COMMANDS: Record<string, Command> = {
  up,
  ls,
  rm,
  ipl,
  shutdown: stop("shutdown"),
  fail: stop("fail"),
  logon,
  cp,
  console: consoleCmd,
  punch,
  reader,
  volume,
  runbook,
};
