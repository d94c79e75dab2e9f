import type { HttpInput, HttpOutput } from "./http-model";
import { randomOp, Recorder, type History } from "./http-history";
import { HTTP_SYSTEMS, HttpPlex, random, type View } from "./http-plex";
import type { HistoryOp } from "./linearizability";
import { DISKS, OPEN_VOLUME, XLINK_VOLUME } from "./plex";

/** The server under chaos: its address (which may change when it restarts), kill -9, and a start on the same state. */
export interface ServerControl {
  base(): string;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/** What a chaos run did and what it found. */
export interface ChaosReport {
  ms: number;
  operations: number;
  unanswered: number;
  kills: number;
  reipls: number;
  punched: number;
  linksChecked: number;
  violations: string[];
  history: History;
}

type Op = HistoryOp<HttpInput, HttpOutput>;
const LINKERS = ["U1", "U2"];
/** U3 only punches files to its own reader (the spool side of the run). */
const PUNCHER = "U3";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The chaos run (issue #17 part 3): on every system two users LINK and DETACH at random and a third
 * punches files to its reader, while systems are FAILed and re-IPLed and the server is killed
 * (SIGKILL) and restarted at random. Then every system is brought up and each node makes a call
 * to the volume (crash repair runs there), and the checks of `judge` are made.
 */
export async function chaosRun(
  server: ServerControl,
  name: string,
  opts: { seed: number; events: number; pauseMs?: [number, number] },
): Promise<ChaosReport> {
  const t0 = performance.now();
  const rnd = random(opts.seed);
  const plex = await HttpPlex.create(server.base(), name);
  const rec = new Recorder(plex);
  /** IPLs as history events (not operations the model checks): a link answered before one is gone after it. */
  const ipls: { sys: string; invoke: number; ret: number }[] = [];
  const punched: { sys: string; name: string }[] = [];
  let down: Promise<void> | undefined;
  let stop = false;
  let kills = 0;
  let reipls = 0;
  const whileUp = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    if (down) await down;
    try {
      return await fn();
    } catch {
      if (down) await down;
      return undefined;
    }
  };

  const linker = async (sys: string, user: string, seed: number) => {
    const r = random(seed);
    let kept = 0;
    while (!stop) {
      if (down) await down;
      let op = randomOp(r, sys, user);
      // Now and then a LINK to a new device nobody detaches: it must outlive every kill -9.
      if (op.op === "LINK" && r() < 0.2 && kept < 200)
        op = { ...op, vdev: (0x400 + kept++).toString(16).toUpperCase().padStart(4, "0") };
      const out = await rec.run(`${sys} ${user}`, op);
      // Not up or not logged on (after a re-IPL): log on again once the system is up.
      if (out === "DOWN") {
        await sleep(50);
        await whileUp(() => plex.logon(sys, user, "PW"));
      }
    }
  };
  const puncher = async (sys: string) => {
    let n = 0;
    let spooled = false;
    while (!stop) {
      if (down) await down;
      if (!spooled) spooled = (await whileUp(() => plex.cp(sys, PUNCHER, "SPOOL PUNCH * RDR")))?.rc === 0;
      const file = `F${sys.slice(-1)}N${++n}`;
      const r = await whileUp(() =>
        plex.request("POST", `${plex.sysPath(sys)}/users/${PUNCHER}/punch`, {
          records: [`${file} ${n}`],
          name: file,
          type: "CHAOS",
        }),
      );
      if (r?.status === 200) punched.push({ sys, name: file });
      else {
        spooled = false;
        await sleep(50);
        await whileUp(() => plex.logon(sys, PUNCHER, "PW"));
      }
      await sleep(20);
    }
  };
  const chaos = async () => {
    const [lo, hi] = opts.pauseMs ?? [300, 1200];
    for (let i = 0; i < opts.events; i++) {
      await sleep(lo + rnd() * (hi - lo));
      // The first event kills the server and the second re-IPLs a system, so that a short run has both.
      const kill = i === 0 || (i > 1 && rnd() < 0.4);
      if (kill) {
        // kill -9 of wrangler and workerd, then a start on the same state.
        let release: () => void = () => undefined;
        down = new Promise((r) => (release = r));
        await server.kill();
        await server.restart();
        plex.base = server.base();
        kills++;
        down = undefined;
        release();
      } else {
        const sys = HTTP_SYSTEMS[Math.floor(rnd() * HTTP_SYSTEMS.length)];
        await rec.run("operator", { op: "FAIL", sys });
        await sleep(rnd() * 300);
        const ipl = { sys, invoke: rec.now(), ret: Infinity };
        ipls.push(ipl);
        if (
          (await whileUp(() => plex.bringUp(sys))) !== undefined ||
          (await plex.state(sys).catch(() => "")) === "UP"
        )
          ipl.ret = rec.now();
        reipls++;
      }
    }
    stop = true;
  };
  await Promise.all([
    chaos(),
    ...HTTP_SYSTEMS.flatMap((sys) => [
      ...LINKERS.map((u) => linker(sys, u, Math.floor(rnd() * 2 ** 31))),
      puncher(sys),
    ]),
  ]);
  // Every system up again, and each node's next call to the volume (crash repair runs there).
  for (const sys of HTTP_SYSTEMS) {
    if ((await plex.state(sys)) !== "UP") {
      ipls.push({ sys, invoke: rec.now(), ret: Infinity });
      await plex.bringUp(sys);
    }
    for (const u of [...LINKERS, PUNCHER]) await plex.logon(sys, u, "PW");
    await plex.cp(sys, "MAINT", "LINK OWNER5 0191 0399 RR");
    await plex.cp(sys, "MAINT", "DETACH 0399");
  }
  const nodes: Record<string, string[]> = {};
  const readers: Record<string, string[]> = {};
  for (const sys of HTTP_SYSTEMS) {
    nodes[sys] = [];
    for (const u of LINKERS)
      for (const line of (await plex.cp(sys, u, "QUERY VIRTUAL DASD"))?.lines ?? []) {
        const m = /^DASD (\w{4}) \w+ (\w+) +(R\/[OW])/.exec(line);
        if (m) nodes[sys].push(`${u} ${m[1]} ${m[2]} ${m[3]}`);
      }
    readers[sys] = ((await plex.cp(sys, PUNCHER, "QUERY READER ALL"))?.lines ?? [])
      .slice(1)
      .map((l) => l.split(/\s+/)[9] ?? "");
  }
  const view = await plex.view();
  const history: History = {
    format: "cseplex-history/1",
    seed: opts.seed,
    systems: HTTP_SYSTEMS,
    ops: rec.ops,
  };
  const verdict = judge({ ops: rec.ops, ipls, view, nodes, punched, readers });
  return {
    ms: Math.round(performance.now() - t0),
    operations: rec.ops.length,
    unanswered: rec.ops.filter((o) => o.output === undefined).length,
    kills,
    reipls,
    punched: punched.length,
    linksChecked: verdict.linksChecked,
    violations: verdict.violations,
    history,
  };
}

/** What the chaos checks read after the run. */
export interface ChaosObservation {
  ops: readonly Op[];
  ipls: readonly { sys: string; invoke: number; ret: number }[];
  /** The XLINK volume's view. */
  view: View;
  /** Per system, its linking users' minidisk devices (QUERY VIRTUAL DASD): `USER VDEV VOLSER R/O|R/W`. */
  nodes: Record<string, string[]>;
  /** Files whose PUNCH was answered, by system and name. */
  punched: readonly { sys: string; name: string }[];
  /** Per system, the names of the files in the puncher's reader. */
  readers: Record<string, string[]>;
}

const writes = (mode: string) => mode === "R/W" || mode === "SW" || mode === "EW";
const STRENGTH: Record<string, number> = { R: 1, SR: 2, W: 3, SW: 4, ER: 5, EW: 6 };

/**
 * The checks after chaos, every system up: (1) no two systems write overlapping cylinders of the
 * XLINK volume, nor two users of one system the same minidisk, unless one asked for MW; (2) each
 * system's flags are what its ledger entries imply; (3) what each node shows on the XLINK volume is
 * exactly its ledger entries; (4) every LINK answered as granted and not since touched by a DETACH
 * of the device, a FAIL or an IPL of its system is still held; (5) every punched file answered is
 * in its reader exactly once.
 */
export function judge(o: ChaosObservation): { violations: string[]; linksChecked: number } {
  const v: string[] = [];
  const links = o.view.links;
  for (const a of links)
    for (const b of links) {
      if (a === b || `${a.system}${a.userid}${a.vdev}` >= `${b.system}${b.userid}${b.vdev}`) continue;
      if (!writes(a.mode) || !writes(b.mode) || a.requested === "MW" || b.requested === "MW") continue;
      const meet =
        a.system === b.system
          ? a.owner === b.owner && a.ownerVdev === b.ownerVdev
          : a.start <= b.end && b.start <= a.end;
      if (meet)
        v.push(
          `write: ${a.system} ${a.userid} ${a.vdev} and ${b.system} ${b.userid} ${b.vdev} both write ${a.owner} ${a.ownerVdev}/${b.owner} ${b.ownerVdev}`,
        );
    }
  const want = new Map<string, string>();
  for (const l of links) {
    const access = l.mode === "R/O" ? "R" : l.mode === "R/W" ? "W" : l.mode;
    for (let c = l.start; c <= l.end; c++) {
      const had = want.get(`${l.system} ${c}`);
      if (!had || STRENGTH[access] > STRENGTH[had]) want.set(`${l.system} ${c}`, access);
    }
  }
  const have = new Map<string, string>();
  for (const f of o.view.flags)
    for (let c = f.cylinder; c <= f.end; c++) have.set(`${f.system} ${c}`, f.mode);
  for (const k of new Set([...want.keys(), ...have.keys()]))
    if (want.get(k) !== have.get(k)) {
      v.push(`flags: ${k}: flag ${have.get(k) ?? "-"}, the ledger implies ${want.get(k) ?? "-"}`);
      break;
    }
  const label = (mode: string) => (writes(mode) ? "R/W" : "R/O");
  for (const [sys, shown] of Object.entries(o.nodes)) {
    const node = shown.filter((s) => s.includes(` ${XLINK_VOLUME} `)).sort();
    const ledger = links
      .filter((l) => l.system === sys && LINKERS.includes(l.userid))
      .map((l) => `${l.userid} ${l.vdev} ${XLINK_VOLUME} ${label(l.mode)}`)
      .sort();
    if (node.join("|") !== ledger.join("|"))
      v.push(`agreement: ${sys} shows [${node.join(", ")}], the volume holds [${ledger.join(", ")}]`);
  }
  let linksChecked = 0;
  for (const l of o.ops) {
    if (l.input.op !== "LINK" || (l.output !== "OK" && l.output !== "FORCED")) continue;
    const { sys, user, vdev, disk } = l.input;
    const touched =
      o.ops.some(
        (x) =>
          x.ret > l.invoke &&
          ((x.input.op === "DETACH" &&
            x.input.sys === sys &&
            x.input.user === user &&
            x.input.vdev === vdev) ||
            (x.input.op === "FAIL" && x.input.sys === sys)),
      ) || o.ipls.some((i) => i.sys === sys && i.ret > l.invoke);
    if (touched) continue;
    linksChecked++;
    const volser = DISKS[disk].volser;
    const held = (o.nodes[sys] ?? []).some((s) => s.startsWith(`${user} ${vdev} ${volser} `));
    const inLedger =
      volser === OPEN_VOLUME || links.some((x) => x.system === sys && x.userid === user && x.vdev === vdev);
    if (!held || !inLedger)
      v.push(
        `lost: ${sys} ${user} LINK to ${vdev} answered ${l.output} at ${l.ret} ms is gone (${held ? "not in the ledger" : "not on the node"})`,
      );
  }
  for (const p of o.punched) {
    const n = (o.readers[p.sys] ?? []).filter((x) => x === p.name).length;
    if (n !== 1) v.push(`spool: ${p.sys} file ${p.name} is in the reader ${n} times`);
  }
  for (const [sys, names] of Object.entries(o.readers)) {
    const dup = names.filter((x, i) => names.indexOf(x) !== i);
    if (dup.length) v.push(`spool: ${sys} reader holds ${dup.join(", ")} more than once`);
  }
  return { violations: v, linksChecked };
}
