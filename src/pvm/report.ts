import { readPvmConfig } from "./config";
import type { PvmState } from "./types";

/**
 * One system's PVM as its node reports it: whether its program runs, the configuration text it
 * read, its CTCs, and the user that runs PVM there (absent when no user of the system does).
 */
export type PvmReport = {
  running: boolean;
  config: string | null;
  attached: { vdev: string; rdev: string }[];
  userid?: string;
};

/** A node's report as the network model reads it (the configuration parsed). */
export function pvmStateOf(system: string, r: PvmReport): PvmState {
  const config = r.config === null ? undefined : readPvmConfig(r.config).config;
  return {
    system,
    running: r.running,
    attached: r.attached,
    ...(config ? { config } : {}),
    ...(r.userid ? { userid: r.userid } : {}),
  };
}
