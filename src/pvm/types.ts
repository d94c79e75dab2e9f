/**
 * PVM (VM/Pass-Through Facility) as the plex models it (issue #11 item 5): its configuration file
 * and what each system's PVM has done, from which the CSE network's lines and paths follow.
 */

/** One LINK statement: a line to a neighbour node over the CTC at `vdev` (PVM's order: vdev first). */
export interface PvmLink {
  vdev: string;
  node: string;
  /** The line driver, e.g. CTCA. */
  type: string;
  /** 1-based record of the statement in the file. */
  line: number;
}

/** A PVM configuration file as read (`PVM CONFIG` on PVM's 191: our choice of name, see docs). */
export interface PvmConfig {
  /** LOCAL nodeid; undefined when the file has none. */
  local?: string;
  links: PvmLink[];
  /** START LINE vdev statements, in order. */
  startLines: string[];
  /** START CSECOM nodeid statements, in order. */
  startCsecom: string[];
}

/** One system's PVM as its node reports it. */
export interface PvmState {
  system: string;
  /** PVM is logged on and running its program. */
  running: boolean;
  /** The configuration it read when it started; undefined when it found none. */
  config?: PvmConfig;
  /** The CTCs attached to the PVM user: its vdev and the real device. */
  attached: { vdev: string; rdev: string }[];
  /** The user that runs PVM there (src/cms/programs.ts); absent from a node that did not say: PVM. */
  userid?: string;
}

/** One end of a channel-to-channel adapter (as in src/plex/ctcs.ts). */
export interface NetworkCtc {
  a: { system: string; rdev: string };
  b: { system: string; rdev: string };
}

/** A line: one system's PVM LINK, with its state and why it is not up. */
export interface NetworkLine {
  system: string;
  vdev: string;
  node: string;
  state: "UP" | "DOWN";
  why?: string;
}

/** A CSE path between two systems (point to point), with its state and why it is not up. */
export interface NetworkPath {
  a: string;
  b: string;
  state: "UP" | "DOWN";
  why?: string;
}

/** The CSE network of a plex: its adapters (who holds each end), lines and paths. */
export interface Network {
  ctcs: (NetworkCtc & { aUser?: string; bUser?: string })[];
  lines: NetworkLine[];
  paths: NetworkPath[];
}
