import { usersRunning } from "../../src/cms/programs";
import { answerPvmCommand, parsePvmCommand } from "../../src/pvm/commands";
import { pvmNetwork } from "../../src/pvm/network";
import { pvmStateOf, type PvmReport } from "../../src/pvm/report";
import type { NetworkCtc, PvmState } from "../../src/pvm/types";
import { isShared, type NoPath, type Queue } from "../../src/spool/spool";
import type { NodeState } from "./state";

/**
 * This system's PVM, read from its node's tables (nothing runs when the system is not up). Its
 * CTCs are those attached to whoever runs PVM: the user running the program, else the first user
 * the plex's `programs` (as read at IPL) give the role that holds a CTC, else the first such user
 * the directory has (src/cms/programs.ts), whatever the site calls it.
 */
export function pvmReport(s: NodeState): PvmReport {
  if (!s.node() || !s.isUp()) return { running: false, config: null, attached: [] };
  const program = s.programs().find((p) => p.program === "PVM");
  const ctcsOf = (userid: string) => s.sql<{ vdev: string; rdev: string }>`
    SELECT vdev, rdev FROM vdevs WHERE userid = ${userid} AND kind = 'CTC' ORDER BY vdev`;
  let userid = program?.userid;
  let attached = userid === undefined ? [] : ctcsOf(userid);
  if (userid === undefined) {
    const users = usersRunning("PVM", s.image()?.programs, (u) => s.directoryUser(u) !== undefined);
    for (const u of users) {
      attached = ctcsOf(u);
      if (attached.length > 0) {
        userid = u;
        break;
      }
    }
    userid ??= users[0];
  }
  return {
    running: program !== undefined,
    config: program?.config ?? null,
    attached,
    ...(userid ? { userid } : {}),
  };
}

/**
 * Why there is no CSE path from this system to each of `others` (absent: the path is up). Only
 * for a plex that models its network (its config has CTCs); a plex without CTCs reaches every UP
 * system directly, as before the network existed (docs/decisions.md).
 */
export async function pathsDown(s: NodeState, others: readonly string[]): Promise<Record<string, string>> {
  const image = s.image();
  if (!image?.cseNetwork || others.length === 0) return {};
  const here = image.sysname;
  const local = pvmReport(s);
  const down: Record<string, string> = {};
  await Promise.all(
    others.map(async (other) => {
      const report = await s
        .nodeStub(other)
        .pvmState()
        .catch(() => undefined);
      if (!report) {
        down[other] = `${other} did not answer`;
        return;
      }
      const ctcs: NetworkCtc[] = (image.ctcs ?? [])
        .filter((d) => d.peer.system === other)
        .map((d) => ({ a: { system: here, rdev: d.rdev }, b: d.peer }));
      const why = pathDownWhy({ system: here, report: local }, { system: other, report }, ctcs);
      if (why) down[other] = why;
    }),
  );
  return down;
}

/**
 * Why there is no CSE path from `sender` (its system and PVM) to this system, asked here so that a
 * message needs no separate question to this node first; undefined when the path is up or the
 * plex does not model its network.
 */
export function pathFrom(s: NodeState, sender: { system: string; report: PvmReport }): string | undefined {
  const image = s.image();
  if (!image?.cseNetwork) return undefined;
  const ctcs: NetworkCtc[] = (image.ctcs ?? [])
    .filter((d) => d.peer.system === sender.system)
    .map((d) => ({ a: d.peer, b: { system: image.sysname, rdev: d.rdev } }));
  return pathDownWhy(sender, { system: image.sysname, report: pvmReport(s) }, ctcs);
}

/** Why the path between systems `a` and `b` is down (undefined: up), with the CTCs between them, a's ends first. */
function pathDownWhy(
  a: { system: string; report: PvmReport },
  b: { system: string; report: PvmReport },
  ctcs: NetworkCtc[],
): string | undefined {
  const states = [pvmStateOf(a.system, a.report), pvmStateOf(b.system, b.report)];
  const path = pvmNetwork([a.system, b.system], ctcs, states).paths[0];
  return path && path.state !== "UP" ? (path.why ?? "no CSE path") : undefined;
}

/**
 * Whether `userid` here runs PVM's program now (whatever the site calls it: the `programs` row its
 * logon started says so): then it takes SMSG itself (`SMSG PVM ...`, `SMSG PVMX ...`).
 */
export function pvmTakesSmsg(s: NodeState, userid: string): boolean {
  if (!s.isUp()) return false;
  return s.programs().some((p) => p.userid === userid && p.program === "PVM");
}

/**
 * PVM's answer to `SMSG PVM text` on this system (src/pvm/commands.ts): the network model over
 * the plex's systems, with this system's CTCs (those its lines run on) and the PVM of each node
 * its configuration names as that node reports it; a node that does not answer counts as a PVM
 * not running.
 */
export async function pvmSmsgAnswer(s: NodeState, text: string): Promise<string[]> {
  const image = s.image()!;
  const here = image.sysname;
  const local = pvmStateOf(here, pvmReport(s));
  // Only the nodes its configuration names appear in the answer: only they are asked.
  const named = new Set([
    ...(local.config?.links ?? []).map((l) => l.node),
    ...(local.config?.startCsecom ?? []),
  ]);
  const others = image.systems.filter((o) => o !== here && named.has(o));
  const remote = await Promise.all(
    others.map(async (o): Promise<PvmState | undefined> => {
      const report = await s
        .nodeStub(o)
        .pvmState()
        .catch(() => undefined);
      return report ? pvmStateOf(o, report) : undefined;
    }),
  );
  const states = [local, ...remote.filter((r): r is PvmState => r !== undefined)];
  const ctcs: NetworkCtc[] = (image.ctcs ?? []).map((d) => ({
    a: { system: here, rdev: d.rdev },
    b: d.peer,
  }));
  const network = pvmNetwork(image.systems, ctcs, states);
  return answerPvmCommand(parsePvmCommand(text), { here, config: local.config, network });
}

/**
 * XSPOOL over CSE paths (docs/decisions.md): in a plex that models its network, a shared spool
 * file is locked, changed or added only when every other UP system that shares the spool hears of
 * it. The first such system this one has no path to, with why; undefined when all are reached (or
 * this system shares no spool, or the plex has no CTCs).
 */
export async function spoolPathDown(
  s: NodeState,
  file?: { from: string; owner: string; queue: Queue },
): Promise<NoPath | undefined> {
  const image = s.image();
  const xspool = image?.xspool;
  if (!image?.cseNetwork || !xspool?.facts.shares) return undefined;
  // A new file that stays on this system (XSPOOL_XLIST_INPUT/OUTPUT) needs no other system.
  if (file && !isShared(xspool.facts, file.from, file.owner, file.queue)) return undefined;
  const others = xspool.sharers.filter((x) => x !== image.sysname);
  if (others.length === 0) return undefined;
  const states = await s.plexStub().systemStates();
  const up = others.filter((x) => states[x] === "UP");
  const down = await pathsDown(s, up);
  const first = up.find((x) => down[x]);
  return first ? { sysname: first, why: down[first] } : undefined;
}
