// npm run bench (sockets): the web console's cost on the hot paths (#15). The same three commands as
// bench/plex.ts (LINK + DETACH across systems, MSG across systems, QUERY USERID) on two plexes alike,
// one watched by 200 sockets (every command there pushes a notice to 200 watchers, held by another
// process as browsers would be), interleaved round by round; the figure is the ratio of the p50 on
// the watched plex to the p50 on the other (goal <= 1.10x).
import { pct, timed } from "./measure";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChildProcess, fork } from "node:child_process";
import { apiClient, fastTenant, startWranglerDev } from "../scripts/wrangler-dev";

const root = new URL("../", import.meta.url).pathname;
const ADMIN = "bench-admin-token";
const ROUNDS = 150;
const SOCKETS = 200;

const ms = (x: number) => `${x.toFixed(2)} ms`;

const persist = mkdtempSync(join(tmpdir(), "cseplex-bench-sockets-"));
const server = await startWranglerDev(root, persist, ADMIN);
let watchers: ChildProcess | undefined;
try {
  const req = apiClient(server.base);
  const T = await fastTenant(server.base, ADMIN, "bench");
  const plexInput = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8"));
  const cp = async (plex: string, s: string, command: string) => {
    const path = `/v1/plexes/${plex}/systems/${s}/users/MAINT/cp`;
    const a = (await req(path, T, { command })) as { rc: number; lines: string[] };
    if (a.rc !== 0) throw new Error(`${plex} ${s} ${command}: ${a.lines.join(" ")}`);
    return a;
  };
  /** The LTIC plex as bench/plex.ts sets it up: two systems, VMPCOM formatted and shared, MAINT on both. */
  const setUpPlex = async (name: string) => {
    await req("/v1/plexes", T, { ...plexInput, name });
    for (const s of ["LTICVM1", "LTICVM2"]) {
      await req(`/v1/plexes/${name}/systems/${s}/ipl`, T, {});
      await req(`/v1/plexes/${name}/systems/${s}/users/MAINT/logon`, T, { password: "LTICMNT" });
    }
    await cp(name, "LTICVM1", "ATTACH 5700 TO * AS 0300");
    await cp(name, "LTICVM1", "XLINK FORMAT 0300 VMPCOM");
    await cp(name, "LTICVM1", "DETACH 0300");
    for (const s of ["LTICVM1", "LTICVM2"]) await cp(name, s, "ATTACH 5700 SYSTEM");
    await cp(name, "LTICVM1", "LINK DIRMAINT 155 0F55 RR");
    await cp(name, "LTICVM2", "SET MSG ON");
  };
  await setUpPlex("ltic");

  // Two plexes alike, "ltic" and "watched"; 200 sockets watch "watched". Each round runs the same
  // commands on both, one after the other, so both see the same machine at the same time.
  await setUpPlex("watched");
  const tickets: string[] = [];
  for (let i = 0; i < SOCKETS; i++)
    tickets.push(((await req("/v1/plexes/watched/tickets", T, {})) as { ticket: string }).ticket);
  watchers = fork(join(root, "bench/socket-watchers.mjs"));
  const reply = (type: string) =>
    new Promise<{ count?: number; received?: number }>((resolve) =>
      watchers!.on(
        "message",
        (m: { type: string; count?: number; received?: number }) => m.type === type && resolve(m),
      ),
    );
  const opened = reply("open");
  watchers.send({ type: "open", base: server.base, tickets });
  if ((await opened).count !== SOCKETS) throw new Error("not every socket opened");

  const rounds = (plex: string) => ({
    plex,
    link: [] as number[],
    msg: [] as number[],
    userid: [] as number[],
  });
  const quiet = rounds("ltic");
  const watched = rounds("watched");
  const round = async (r: ReturnType<typeof rounds>, i: number) => {
    r.link.push(
      await timed(async () => {
        await cp(r.plex, "LTICVM2", "LINK DIRMAINT 155 0F55 M MDIRM");
        await cp(r.plex, "LTICVM2", "DETACH 0F55");
      }),
    );
    r.msg.push(await timed(() => cp(r.plex, "LTICVM1", `MSG MAINT AT LTICVM2 message ${i}`)));
    r.userid.push(await timed(() => cp(r.plex, "LTICVM1", "QUERY USERID")));
  };
  for (let i = 0; i < 20; i++) await Promise.all([round(rounds("ltic"), i), round(rounds("watched"), i)]);
  for (let i = 0; i < ROUNDS; i++) {
    // Which plex goes first alternates, so neither always runs right after the other's notices.
    if (i % 2) (await round(quiet, i), await round(watched, i));
    else (await round(watched, i), await round(quiet, i));
  }
  const closed = reply("closed");
  watchers.send({ type: "close" });
  const received = (await closed).received ?? 0;

  const row = (name: string, key: "link" | "msg" | "userid") => {
    const [w, q] = [pct(watched[key], 50), pct(quiet[key], 50)];
    console.log(
      `${name} p50 on a plex with ${SOCKETS} sockets open ${ms(w)}, on one without ${ms(q)} -> ${(w / q).toFixed(2)}x (goal <= 1.10x)`,
    );
  };
  row("cross-system LINK + DETACH", "link");
  row("cross-system MSG", "msg");
  row("QUERY USERID", "userid");
  console.log(
    `events the ${SOCKETS} sockets received: ${received} (${(received / SOCKETS).toFixed(0)} each)`,
  );
} finally {
  watchers?.kill();
  await server.stop();
  rmSync(persist, { recursive: true, force: true });
}
