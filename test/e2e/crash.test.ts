import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startWranglerDev, type DevServer } from "../../scripts/wrangler-dev";

const root = new URL("../../", import.meta.url).pathname;
const ADMIN = "e2e-admin-token";
const SYSTEMS = ["LTICVM1", "LTICVM2", "LTICVM4"];
const USERS: Record<string, string> = { MAINT: "LTICMNT", TCPMAINT: "TCPMAINT" };
const VDEVS = ["0F01", "0F02", "0F03", "0F04"];
// DIRMAINT's minidisks on VMPCOM (XLINK-controlled), with modes that conflict across systems.
const LINKS = [
  "DIRMAINT 015D {vdev} M MDIRM",
  "DIRMAINT 015D {vdev} RR",
  "DIRMAINT 0155 {vdev} RR",
  "DIRMAINT 011F {vdev} MR MDIRM",
  "DIRMAINT 01DF {vdev} W WDIRM",
  "DIRMAINT 01AA {vdev} SR RDIRM",
];
const ROUNDS = 5;

/**
 * Crash consistency of links (issue #10 item 6): `wrangler dev` is killed with SIGKILL in the
 * middle of bursts of LINK and DETACH from several systems and users on shared minidisks, and
 * restarted on the same state. After the first request to each system, what its users see
 * (QUERY VIRTUAL DASD) is exactly the volume's ledger for that system, and the CSE flags are what
 * the ledger says.
 */
describe("kill -9 in the middle of LINK and DETACH bursts", () => {
  const persist = mkdtempSync(join(tmpdir(), "cseplex-crash-"));
  let server: DevServer | undefined;
  afterAll(async () => {
    if (server) await server.stop();
    rmSync(persist, { recursive: true, force: true });
  });

  it("leaves every link a system shows in its volume's ledger and every ledger entry shown", async () => {
    server = await startWranglerDev(root, persist, ADMIN);
    let base = server.base;
    const post = async (path: string, body: unknown, token: string) => {
      const r = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const tenant = await post("/v1/tenants", { name: "crash" }, ADMIN);
    const T = tenant.body.token as string;
    const plex = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8"));
    expect((await post("/v1/plexes", plex, T)).status).toBe(201);
    const B = "/v1/plexes/ltic/systems";
    const cp = async (s: string, u: string, command: string) => {
      const r = await post(`${B}/${s}/users/${u}/cp`, { command }, T);
      if (r.status !== 200) throw new Error(`${s} ${u} ${command}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { rc: number; lines: string[] };
    };
    for (const s of SYSTEMS) expect((await post(`${B}/${s}/ipl`, {}, T)).status).toBe(200);
    for (const s of SYSTEMS)
      for (const [u, password] of Object.entries(USERS))
        expect((await post(`${B}/${s}/users/${u}/logon`, { password }, T)).status).toBe(200);
    expect((await cp("LTICVM1", "MAINT", "ATTACH 5700 TO * AS 0300")).rc).toBe(0);
    expect((await cp("LTICVM1", "MAINT", "XLINK FORMAT 0300 VMPCOM")).rc).toBe(0);
    expect((await cp("LTICVM1", "MAINT", "DETACH 0300")).rc).toBe(0);
    for (const s of SYSTEMS) expect((await cp(s, "MAINT", "ATTACH 5700 SYSTEM")).rc).toBe(0);

    const volume = async () => {
      const r = await fetch(`${base}/v1/plexes/ltic/volumes/VMPCOM`, {
        headers: { Authorization: `Bearer ${T}` },
      });
      return (await r.json()) as {
        links: { system: string; userid: string; vdev: string; start: number; end: number; mode: string }[];
        flags: { cylinder: number; end: number; system: string; mode: string }[];
      };
    };
    /** Every system's devices on VMPCOM as its users see them, `SYSTEM USERID VDEV R/W`. */
    const shown = async () => {
      const out: string[] = [];
      for (const s of SYSTEMS)
        for (const u of Object.keys(USERS))
          for (const line of (await cp(s, u, "QUERY VIRTUAL DASD")).lines) {
            const m = /^DASD (\w{4}) \w+ (\w+) +(R\/[OW])/.exec(line);
            if (m && m[2] === "VMPCOM") out.push(`${s} ${u} ${m[1]} ${m[3]}`);
          }
      return out.sort();
    };
    /** The repair lines on the systems' operator consoles, by what was done (COMPLETED, UNDONE, ...). */
    const repairLines = async () => {
      const kinds: string[] = [];
      for (const s of SYSTEMS) {
        const r = await fetch(`${base}${B}/${s}/users/OPERATOR/console`, {
          headers: { Authorization: `Bearer ${T}` },
        });
        for (const { text } of ((await r.json()) as { lines: { text: string }[] }).lines)
          if (text.startsWith("LINK REPAIR")) kinds.push(text.split(") ")[1].split(":")[0]);
      }
      return kinds;
    };
    // One LINK and DETACH from each user first, so the bursts run at the server's usual pace.
    for (const s of SYSTEMS)
      for (const u of Object.keys(USERS)) {
        expect((await cp(s, u, "LINK DIRMAINT 0155 0F01 RR")).rc).toBe(0);
        expect((await cp(s, u, "DETACH 0F01")).rc).toBe(0);
      }
    const seen: string[] = [];
    let repaired = await repairLines();
    for (let round = 0; round < ROUNDS; round++) {
      // The burst: every user on every system links and detaches DIRMAINT's minidisks, until killed.
      let killed = false;
      let answered = 0;
      const worker = async (s: string, u: string, seed: number) => {
        let i = seed;
        while (!killed) {
          const vdev = VDEVS[i % VDEVS.length];
          const link = LINKS[(i * 7 + round) % LINKS.length].replace("{vdev}", vdev);
          const command = i % 3 === 2 ? `DETACH ${vdev}` : `LINK ${link}`;
          i++;
          try {
            await cp(s, u, command);
            answered++;
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = SYSTEMS.flatMap((s, si) =>
        Object.keys(USERS).flatMap((u, ui) =>
          [0, 1, 2, 3, 4].map((k) => worker(s, u, si * 5 + ui * 3 + k * 11)),
        ),
      );
      // Killed mid-burst: after a while that differs by round, and once answers are coming.
      await new Promise((r) => setTimeout(r, 250 + ((round * 173) % 500)));
      for (let i = 0; i < 100 && answered < 6; i++) await new Promise((r) => setTimeout(r, 10));
      killed = true;
      await server.kill();
      await Promise.all(workers);
      expect(answered).toBeGreaterThan(0);

      // Once more if it does not come up: other servers on this machine may take its ports.
      server = await startWranglerDev(root, persist, ADMIN).catch(() =>
        startWranglerDev(root, persist, ADMIN),
      );
      base = server.base;
      // The first touch of each system: its users' QUERY VIRTUAL DASD.
      const nodes = await shown();
      const v = await volume();
      // QUERY says R/O or R/W; the ledger also names stable and exclusive access (SR, SW, ER, EW).
      const label = (mode: string) => (["R/W", "SW", "EW"].includes(mode) ? "R/W" : "R/O");
      const ledger = v.links.map((l) => `${l.system} ${l.userid} ${l.vdev} ${label(l.mode)}`).sort();
      expect(nodes).toEqual(ledger);
      expect(v.links.every((l) => SYSTEMS.includes(l.system) && l.userid in USERS)).toBe(true);
      // Each system's flags are the strongest access its ledger entries hold, cylinder by cylinder.
      const strength: Record<string, number> = { R: 1, SR: 2, W: 3, SW: 4, ER: 5, EW: 6 };
      const want = new Map<string, string>();
      for (const l of v.links) {
        const access = l.mode === "R/O" ? "R" : l.mode === "R/W" ? "W" : l.mode;
        for (let c = l.start; c <= l.end; c++) {
          const had = want.get(`${l.system} ${c}`);
          if (!had || strength[access] > strength[had]) want.set(`${l.system} ${c}`, access);
        }
      }
      const have = new Map<string, string>();
      for (const f of v.flags) for (let c = f.cylinder; c <= f.end; c++) have.set(`${f.system} ${c}`, f.mode);
      expect(Object.fromEntries(have)).toEqual(Object.fromEntries(want));
      // Every DETACH works again, and leaves nothing behind.
      for (const s of SYSTEMS)
        for (const u of Object.keys(USERS)) for (const d of VDEVS) await cp(s, u, `DETACH ${d}`);
      expect((await volume()).links.filter((l) => l.vdev.startsWith("0F"))).toEqual([]);
      const now = await repairLines();
      const repairs = now.slice(repaired.length).join(", ") || "no repairs";
      seen.push(`round ${round}: ${answered} answered, ${nodes.length} links after, ${repairs}`);
      repaired = now;
    }
    console.log(`crash rounds:\n${seen.join("\n")}`);
  }, 90_000);
});
