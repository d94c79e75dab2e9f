// npm run bench (part 4): issue #10's shapes through real HTTP on `wrangler dev` (workerd), at the
// limits' ceilings: each request timed beside creating the LTIC example in the same run. Goal: every
// request answered in under 2 s, or refused by a limit (then the time to refuse is what counts).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LIMIT_CEILINGS } from "../src/limits";
import { startWranglerDev } from "../scripts/wrangler-dev";

const root = new URL("../", import.meta.url).pathname;
const ADMIN = "bench-admin-token";
const GOAL_MS = 2000;
const ltic = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8"));

const persist = mkdtempSync(join(tmpdir(), "cseplex-bounds-"));
const server = await startWranglerDev(root, persist, ADMIN);
try {
  const send = async (method: string, path: string, token: string, body?: unknown) => {
    const t0 = performance.now();
    const r = await fetch(`${server.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, ms: performance.now() - t0, text };
  };
  const made = JSON.parse((await send("POST", "/v1/tenants", ADMIN, { name: "bounds" })).text);
  const T = made.token as string;
  // The ceilings, so that the shapes measure the largest plex an admin can allow.
  const { requestsPerSecond, burst, systemsPerPlex, users, volumes } = LIMIT_CEILINGS;
  const limits = { requestsPerSecond, burst, systemsPerPlex, users, volumes, plexes: 50 };
  const patched = await send("PATCH", "/v1/tenants/bounds", ADMIN, { limits });
  if (patched.status !== 200) throw new Error(`PATCH: ${patched.status} ${patched.text}`);

  // The baseline: creating the LTIC example (three times, the fastest counts).
  const baseRuns: number[] = [];
  for (const name of ["base-a", "base-b", "base-c"]) {
    baseRuns.push((await send("POST", "/v1/plexes", T, { ...ltic, name })).ms);
    await send("DELETE", `/v1/plexes/${name}`, T);
  }
  const base = Math.min(...baseRuns);
  console.log(`create of the LTIC example: ${base.toFixed(0)} ms (the baseline)`);
  const report = (what: string, r: { status: number; ms: number; text: string }) => {
    const verdict = r.ms < GOAL_MS ? "ok" : "OVER";
    let code = "";
    if (r.status >= 400)
      try {
        code = ` ${JSON.parse(r.text).error?.code ?? ""}`;
      } catch {
        code = ` (not JSON: ${r.text.slice(0, 60)})`;
      }
    console.log(
      `${what}: ${r.status}${code} in ${r.ms.toFixed(0)} ms = ${(r.ms / base).toFixed(1)}x (goal < ${GOAL_MS} ms: ${verdict})`,
    );
  };

  const dasd = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      volser: `V${String(i).padStart(5, "0")}`,
      devtype: "3390-9",
      rdev: (0x1000 + i).toString(16),
    }));
  const system = (i: number) => `S${String(i).padStart(2, "0")}`;
  const systemsConfig = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `System_Identifier 2964 %${String(i).padStart(5, "0")} ${system(i)}`,
    ).join("\n") + `\nXLINK_System_Include Slot 1 ${system(0)}\nXLINK_Volume_Include V*\n`;
  const directoryFor = (nSystems: number, nUsers: number) =>
    [
      ...Array.from(
        { length: nSystems },
        (_, i) => `DIRECTORY 0123 3390 V00000 *${String(i).padStart(5, "0")}-2964 ${system(i)}`,
      ),
      ...Array.from(
        { length: nUsers },
        (_, i) =>
          `USER U${String(i).padStart(6, "0")} PW 32M 64M G\n MDISK 0191 3390 ${1 + (i % 9000)} 1 V00001 MR`,
      ),
    ].join("\n");

  // 1. Volumes at the ceiling, under XLINK: create, IPL, a PUT /config of the same inputs, DELETE.
  const wide = {
    name: "wide",
    systemConfig: systemsConfig(1),
    directory: directoryFor(1, 10),
    dasd: dasd(volumes),
  };
  report(`create with ${volumes} volumes under XLINK`, await send("POST", "/v1/plexes", T, wide));
  report(`IPL of its system`, await send("POST", `/v1/plexes/wide/systems/${system(0)}/ipl`, T, {}));
  report(
    `PUT /config of ${volumes} volumes`,
    await send("PUT", "/v1/plexes/wide/config", T, { systemConfig: wide.systemConfig, dasd: wide.dasd }),
  );
  report(`DELETE of it (first step; the alarm does the rest)`, await send("DELETE", "/v1/plexes/wide", T));
  report(
    `one volume more than the limit`,
    await send("POST", "/v1/plexes", T, { ...wide, name: "over", dasd: dasd(volumes + 1) }),
  );

  // 1b. The same volumes also for users: the IPL asks each for its CSE area, so each is a volume the
  // system used, and DELETE must delete every one (a step of 100 now, the rest from the alarm).
  const used = {
    ...wide,
    name: "used",
    systemConfig: `${wide.systemConfig}User_Volume_Include V*\n`,
  };
  report(`create with ${volumes} user volumes under XLINK`, await send("POST", "/v1/plexes", T, used));
  report(
    `IPL asking each of them for its CSE area`,
    await send("POST", `/v1/plexes/used/systems/${system(0)}/ipl`, T, {}),
  );
  report(`DELETE of it (first step; the alarm does the rest)`, await send("DELETE", "/v1/plexes/used", T));

  // 1c. One user with a minidisk on each volume: its LOGON links them all (each a volume call), an
  // IPL of another system then asks every XLINK volume (all used), and DELETE has them all to delete.
  const mdisks = Array.from(
    { length: volumes },
    (_, i) =>
      ` MDISK ${(0x1000 + i).toString(16).toUpperCase()} 3390 100 10 V${String(i).padStart(5, "0")} MR`,
  );
  const busy = {
    ...used,
    name: "busy",
    // User volumes not under XLINK: online at IPL, so LOGON really links every minidisk (on XLINK
    // volumes without a CSE area it would be refused at once).
    systemConfig: systemsConfig(2).replace("XLINK_Volume_Include V*\n", "") + "User_Volume_Include V*\n",
    directory: `${directoryFor(2, 10)}\nUSER WIDE WIDEPW 32M 64M G\n${mdisks.join("\n")}`,
  };
  report(`create with a user with ${volumes} minidisks`, await send("POST", "/v1/plexes", T, busy));
  report(`IPL`, await send("POST", `/v1/plexes/busy/systems/${system(0)}/ipl`, T, {}));
  report(
    `LOGON linking ${volumes} minidisks`,
    await send("POST", `/v1/plexes/busy/systems/${system(0)}/users/WIDE/logon`, T, { password: "WIDEPW" }),
  );
  await send("POST", `/v1/plexes/busy/systems/${system(0)}/users/WIDE/cp`, T, { command: "LOGOFF" });
  report(
    `LOGON again (the volumes exist now)`,
    await send("POST", `/v1/plexes/busy/systems/${system(0)}/users/WIDE/logon`, T, { password: "WIDEPW" }),
  );
  report(
    `IPL of another system asking ${volumes} used volumes`,
    await send("POST", `/v1/plexes/busy/systems/${system(1)}/ipl`, T, {}),
  );
  report(`DELETE of it (first step; the alarm does the rest)`, await send("DELETE", "/v1/plexes/busy", T));

  // 2. Systems at the ceiling: create, every IPL at once (the slowest counts), DELETE.
  const many = {
    name: "many",
    systemConfig: systemsConfig(systemsPerPlex),
    directory: directoryFor(systemsPerPlex, 10),
    dasd: dasd(2),
  };
  report(`create with ${systemsPerPlex} systems`, await send("POST", "/v1/plexes", T, many));
  const ipls = await Promise.all(
    Array.from({ length: systemsPerPlex }, (_, i) =>
      send("POST", `/v1/plexes/many/systems/${system(i)}/ipl`, T, {}),
    ),
  );
  report(
    `the slowest of ${systemsPerPlex} IPLs at once`,
    ipls.reduce((a, b) => (b.ms > a.ms ? b : a)),
  );
  report(`DELETE of it`, await send("DELETE", "/v1/plexes/many", T));

  // 3. A directory of many users: as many as fit in the 1 MiB body (under the users ceiling).
  const nUsers = 14_000;
  const crowd = {
    name: "crowd",
    systemConfig: systemsConfig(1),
    directory: directoryFor(1, nUsers),
    dasd: dasd(2),
  };
  report(`create with ${nUsers} users`, await send("POST", "/v1/plexes", T, crowd));
  report(`IPL with ${nUsers} users`, await send("POST", `/v1/plexes/crowd/systems/${system(0)}/ipl`, T, {}));
  report(
    `PUT /directory of ${nUsers} users`,
    await send("PUT", "/v1/plexes/crowd/directory", T, { directory: crowd.directory }),
  );
  report(`DELETE of it`, await send("DELETE", "/v1/plexes/crowd", T));

  // 4. Inputs refused by a bound: nested Imbeds, too many systems.
  const fanout = (file: string) => Array.from({ length: 100 }, () => `Imbed ${file}\n`).join("");
  const nested = {
    name: "nested",
    systemConfig: {
      "SYSTEM CONFIG": `${systemsConfig(1)}${fanout("L1 FILE")}`,
      "L1 FILE": fanout("L2 FILE"),
      "L2 FILE": fanout("L3 FILE"),
      "L3 FILE": "/* leaf */\n",
    },
    directory: "",
  };
  report(`Imbeds nested 100 x 100 x 100`, await send("POST", "/v1/plexes", T, nested));
  report(
    `${systemsPerPlex + 1} systems`,
    await send("POST", "/v1/plexes", T, {
      ...many,
      name: "toomany",
      systemConfig: systemsConfig(systemsPerPlex + 1),
    }),
  );
} finally {
  await server.stop();
  rmSync(persist, { recursive: true, force: true });
}
