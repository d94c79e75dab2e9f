import type { LedgerLink } from "../../src/dasd/ledger";
import { objectName } from "../../src/plex/names";
import { pvmStateOf } from "../../src/pvm/report";
import type { PvmState } from "../../src/pvm/types";
import { readRscsConfig } from "../../src/rscs/config";
import type { RscsState } from "../../src/rscs/types";
import { mapInBatches, OBJECT_CALLS_AT_ONCE } from "../batches";

/** A plex's name and the systems whose nodes to ask. */
export interface NodesOf {
  tenant: string;
  plex: string;
  systems: readonly string[];
}

/** The most console lines any user of any of the plex's systems keeps (its nodes asked, 50 at a time). */
export async function mostConsoleLines(env: Env, of: NodesOf): Promise<number> {
  const nodes = await mapInBatches(of.systems, OBJECT_CALLS_AT_ONCE, (s) =>
    env.VMNODE.getByName(objectName(of.tenant, of.plex, s)).usage(),
  );
  return Math.max(0, ...nodes.map((n) => n.consoleLines));
}

/** Each system's PVM state, its configuration read (src/pvm/config.ts). */
export async function pvmStates(env: Env, of: NodesOf): Promise<PvmState[]> {
  return mapInBatches(of.systems, OBJECT_CALLS_AT_ONCE, async (system) => {
    return pvmStateOf(system, await env.VMNODE.getByName(objectName(of.tenant, of.plex, system)).pvmState());
  });
}

/** Each system's RSCS state (#12), its RSCS CONFIG read (src/rscs/config.ts); a node that cannot say: not running. */
export async function rscsStates(env: Env, of: NodesOf): Promise<RscsState[]> {
  return mapInBatches(of.systems, OBJECT_CALLS_AT_ONCE, async (system) => {
    const r = await env.VMNODE.getByName(objectName(of.tenant, of.plex, system))
      .rscsState()
      .catch(() => ({ running: false, config: null, attached: [], started: [] }));
    const { config, ...rest } = r;
    return { system, ...rest, ...(config !== null ? { config: readRscsConfig(config).config } : {}) };
  });
}

/**
 * The volumes any of the systems ever called (each node notes them before its first call); a node
 * that cannot say counts as having called every one of `all`.
 */
export async function usedVolumes(env: Env, of: NodesOf, all: () => string[]): Promise<string[]> {
  const lists = await mapInBatches(of.systems, OBJECT_CALLS_AT_ONCE, (s) =>
    env.VMNODE.getByName(objectName(of.tenant, of.plex, s))
      .touchedVolumes()
      .catch(all),
  );
  return [...new Set(lists.flat())];
}

/**
 * The links each of the systems decided alone on a volume no XLINK covers there (without CSE only
 * the system's own CP knows them), for the volume view; a node that cannot say adds none.
 */
export async function localLinksOn(env: Env, of: NodesOf, volser: string): Promise<LedgerLink[]> {
  const lists = await mapInBatches(of.systems, OBJECT_CALLS_AT_ONCE, (s) =>
    env.VMNODE.getByName(objectName(of.tenant, of.plex, s))
      .localLinks(volser)
      .catch(() => [] as LedgerLink[]),
  );
  return lists.flat();
}
