import { pvmNetwork } from "../../src/pvm/network";
import { pvmStateOf, type PvmReport } from "../../src/pvm/report";
import type { NetworkCtc } from "../../src/pvm/types";
import type { NodeState } from "./state";

/** This system's PVM, read from its node's tables (nothing runs when the system is not up). */
export function pvmReport(s: NodeState): PvmReport {
  if (!s.node() || !s.isUp()) return { running: false, config: null, attached: [] };
  const program = s.sql<{ config: string | null }>`SELECT config FROM programs WHERE program = 'PVM'`[0];
  const attached = s.sql<{ vdev: string; rdev: string }>`
    SELECT vdev, rdev FROM vdevs WHERE userid = 'PVM' AND kind = 'CTC' ORDER BY vdev`;
  return { running: program !== undefined, config: program?.config ?? null, attached };
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
  const local = pvmStateOf(here, pvmReport(s));
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
      const remote = pvmStateOf(other, report);
      const ctcs: NetworkCtc[] = (image.ctcs ?? [])
        .filter((d) => d.peer.system === other)
        .map((d) => ({ a: { system: here, rdev: d.rdev }, b: d.peer }));
      const path = pvmNetwork([here, other], ctcs, [local, remote]).paths[0];
      if (path && path.state !== "UP") down[other] = path.why ?? "no CSE path";
    }),
  );
  return down;
}
