/**
 * RSCS as the plex models it (issue #12): its configuration file, what each system's RSCS has
 * done, and the interface DirMaint builds on (docs/rscs.md "The interface for DirMaint").
 */

/** One LINKDEFINE statement: a link to the adjacent node `linkid` over the line at `line`. */
export interface RscsLinkDef {
  /** The link's name: the LOCAL name of the node at the other end. */
  linkid: string;
  /** TYPE (NJE for the seed's links; others are read and never come up). */
  type: string;
  /** LINE vdev, four hex digits; undefined when the statement gives none. */
  line?: string;
  /** AST (auto-start) or NOAST; read, shown, not simulated (docs/rscs.md). */
  ast: boolean;
  /** 1-based record of the statement. */
  record: number;
}

/** A ROUTE statement: files and messages for `node` go over the link `via`. */
export interface RscsRoute {
  node: string;
  via: string;
  record: number;
}

/** An RSCS CONFIG file as read. */
export interface RscsConfig {
  /** LOCAL nodeid; undefined when the file has none. */
  local?: string;
  links: RscsLinkDef[];
  routes: RscsRoute[];
}

/** One system's RSCS as its node reports it (the network model's input). */
export interface RscsState {
  system: string;
  /** RSCS is logged on and running its program. */
  running: boolean;
  /** The user that runs RSCS there (src/cms/programs.ts). */
  userid?: string;
  /** The configuration it read when it started; undefined when it found none. */
  config?: RscsConfig;
  /** The CTCs attached to the RSCS user: its vdev and the real device. */
  attached: { vdev: string; rdev: string }[];
  /** Links STARTed since RSCS started (a DRAIN takes one out). */
  started: string[];
}

/** A link's state as RSCS shows it: active (signed on both ends), connect (started, waiting), inactive. */
export type RscsLinkStatus = "active" | "connect" | "inactive";

/** One system's link with its state and, when not active, why. */
export interface RscsNetworkLink {
  system: string;
  linkid: string;
  line?: string;
  type: string;
  status: RscsLinkStatus;
  why?: string;
}

/** A file for RSCS to send: what a service machine punches to RSCS with TAG node userid. */
export interface RscsOutbound {
  /** The sending user on this system. */
  from: string;
  to: { userid: string; node: string };
  /** The file's NAME and TYPE in the target's reader. */
  fn: string;
  ft: string;
  /** Spool class, default A. */
  cls?: string;
  /** Text records (the spool keeps bytes; text is UTF-8). */
  records: string[];
}

/** What happened to a file given to RSCS. */
export type RscsSent =
  | { ok: true; spoolid: string; link: string; state: "SENT" | "QUEUED"; why?: string }
  | { ok: false; rc: number; lines: string[] };

/** Whether a node can be reached through RSCS now (the link it would take), and why not. */
export type RscsReach = { ok: true; link: string } | { ok: false; link?: string; why: string };

/** A file RSCS put into a user's reader (what an arrival hook gets). */
export interface RscsArrival {
  spoolid: string;
  userid: string;
  fn: string;
  ft: string;
  cls: string;
  origin: { node: string; userid: string };
  records: string[];
  /** Takes the file out of the reader (as RECEIVE does). */
  consume(): Promise<void>;
}

/** A file in RSCS's queue or delivered by it, as the Plex keeps its NJE header beside the spool file. */
export interface RscsFile {
  spoolid: string;
  /** Queue order: FIFO per link. */
  seq: number;
  /** The destination (TAG): node and user. */
  node: string;
  userid: string;
  origin: { node: string; userid: string };
  state: "QUEUED" | "ARRIVED";
  name: string;
  type: string;
  cls: string;
  nrecs: number;
}
