import { deviceNumber } from "../text/names";
import type { Network, PvmConfig } from "./types";

/**
 * PVM's own commands as a user sends them with `SMSG PVM text` (issue #11 item 5): the query of
 * its links and of its CSECOM nodes, from the network model (src/pvm/network.ts), so that the
 * answer, GET /v1/plexes/:plex/network and the path check of cross-system commands say the same.
 *
 * Names: QUERY is a PVM server command (VM/Pass-Through TCP/IP Line Driver Support, SC24-5710,
 * ch. 3.2); `Q MPVM` is documented (APAR VM60644, vm.ibm.com/related/pvm/pvmulti.html); LINK and
 * CSECOM are the configuration file's own words (the seed's LINK, START LINE, START CSECOM). The
 * operands LINKS and CSECOM and every answer text are ours: no PVM response or DVM message was
 * found (docs/decisions.md "SMSG PVM"). The texts are in PVM_TEXTS, one table, to be replaced
 * when real ones turn up; they carry no message id rather than an invented DVM one.
 */

/** A command to PVM as parsed from the SMSG text. */
export type PvmCommand =
  | { verb: "QUERY"; what: "LINKS" | "CSECOM"; operand?: string }
  | { verb: "QUERY"; what: "ALL" | "MPVM" }
  | { verb: "INVALID"; operand: string }
  | { verb: "UNKNOWN"; command: string };

/** Every text PVM answers with (all ours, see the header). */
export const PVM_TEXTS = {
  link: (vdev: string, node: string, type: string, state: string) => `LINK ${vdev} ${node} ${type} ${state}`,
  csecom: (node: string, state: string) => `CSECOM ${node} ${state}`,
  down: (why: string) => `DOWN: ${why}`,
  noLinks: "No LINK is defined",
  noCsecom: "No CSECOM node is defined",
  noLink: (operand: string) => `LINK ${operand} is not defined`,
  noNode: (operand: string) => `CSECOM node ${operand} is not defined`,
  notInPlex: (node: string) => `${node} is not a system of this plex`,
  self: (node: string) => `${node} is this system`,
  mpvm: "No DIAL sessions (DIAL is not simulated)",
  unknown: (command: string) => `Unknown PVM command: ${command}`,
  invalid: (operand: string) => `Invalid QUERY operand: ${operand}`,
} as const;

/** `word` is an abbreviation of `full` at least `min` characters long. */
function abbrev(word: string, full: string, min: number): boolean {
  return word.length >= min && word.length <= full.length && full.startsWith(word);
}

/** Parses the text of `SMSG PVM text`: QUERY (Q) [LINKS|CSECOM [operand] | MPVM]. */
export function parsePvmCommand(text: string): PvmCommand {
  const words = text.trim().toUpperCase().split(/\s+/).filter(Boolean);
  const [verb, what, operand, extra] = words;
  if (verb === undefined || !abbrev(verb, "QUERY", 1)) return { verb: "UNKNOWN", command: verb ?? "" };
  if (what === undefined) return { verb: "QUERY", what: "ALL" };
  if (extra !== undefined) return { verb: "INVALID", operand: extra };
  // LINK, LINKS, LINE, LINES: the file's LINK statement and its START LINE name the same line.
  if (["LINK", "LINKS", "LINE", "LINES"].includes(what)) return withOperand("LINKS", operand);
  if (what === "CSECOM") return withOperand("CSECOM", operand);
  if (what === "MPVM") return operand === undefined ? { verb: "QUERY", what } : { verb: "INVALID", operand };
  return { verb: "INVALID", operand: what };
}

function withOperand(what: "LINKS" | "CSECOM", operand: string | undefined): PvmCommand {
  return operand === undefined ? { verb: "QUERY", what } : { verb: "QUERY", what, operand };
}

/** What PVM on system `here` knows when it answers: its configuration and the plex's network. */
export interface PvmView {
  here: string;
  /** The configuration PVM read at its start; undefined when it found none. */
  config?: PvmConfig;
  /** The network as the model computes it (at least here's lines and here's paths). */
  network: Network;
}

/** `a` and `b` in the order the network keys a path. */
function pathKey(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** The state word of a line or path: UP, or DOWN with the first missing piece. */
function stateText(s: { state: "UP" | "DOWN"; why?: string }): string {
  return s.state === "UP" ? "UP" : PVM_TEXTS.down(s.why ?? "unknown");
}

/** One answer line per LINK of here's configuration (vdev order), optionally one vdev or node. */
function linkLines(v: PvmView, operand?: string): string[] {
  const lines = v.network.lines.filter((l) => l.system === v.here);
  const type = new Map((v.config?.links ?? []).map((l) => [deviceNumber(l.vdev) ?? l.vdev, l.type]));
  const wanted = operand === undefined ? undefined : (deviceNumber(operand) ?? operand);
  const shown = lines.filter((l) => wanted === undefined || l.vdev === wanted || l.node === operand);
  if (shown.length === 0) return [operand === undefined ? PVM_TEXTS.noLinks : PVM_TEXTS.noLink(operand)];
  return shown.map((l) => PVM_TEXTS.link(l.vdev, l.node, type.get(l.vdev) ?? "CTCA", stateText(l)));
}

/**
 * One answer line per CSECOM node: each START CSECOM node, then each LINK node without one (its
 * path is down for that reason), with the state of the path between here and the node.
 */
function csecomLines(v: PvmView, operand?: string): string[] {
  const nodes = [
    ...new Set([...(v.config?.startCsecom ?? []), ...(v.config?.links ?? []).map((l) => l.node)]),
  ];
  const shown = nodes.filter((n) => operand === undefined || n === operand);
  if (shown.length === 0) return [operand === undefined ? PVM_TEXTS.noCsecom : PVM_TEXTS.noNode(operand)];
  return shown.map((node) => {
    if (node === v.here) return PVM_TEXTS.csecom(node, PVM_TEXTS.down(PVM_TEXTS.self(node)));
    const [a, b] = pathKey(v.here, node);
    const path = v.network.paths.find((p) => p.a === a && p.b === b);
    return PVM_TEXTS.csecom(node, path ? stateText(path) : PVM_TEXTS.down(PVM_TEXTS.notInPlex(node)));
  });
}

/** PVM's answer to a command: the lines it sends back to the user, each one message. */
export function answerPvmCommand(c: PvmCommand, v: PvmView): string[] {
  switch (c.verb) {
    case "UNKNOWN":
      return [PVM_TEXTS.unknown(c.command)];
    case "INVALID":
      return [PVM_TEXTS.invalid(c.operand)];
    case "QUERY":
      if (c.what === "LINKS") return linkLines(v, c.operand);
      if (c.what === "CSECOM") return csecomLines(v, c.operand);
      if (c.what === "MPVM") return [PVM_TEXTS.mpvm];
      return [...linkLines(v), ...csecomLines(v)];
  }
}
