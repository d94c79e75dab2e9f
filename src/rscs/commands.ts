import type { RscsConfig, RscsFile, RscsNetworkLink } from "./types";

/**
 * RSCS's commands as a user sends them with `SMSG RSCS text` or a PROFILE GCS with `RSCS text`
 * (issue #12): QUERY SYSTEM [LINKS|QUEUES], QUERY linkid [QUEUES], START linkid, DRAIN linkid,
 * MSG node userid text (TELL's carrier). Command names: VM/370 RSCS command summary (START,
 * DRAIN, QUERY, MSG) and the seed (`RSCS START LTICVM2`).
 *
 * Texts: RSCS_TEXTS, one table. Only a few RSCS message ids were found (docs/rscs.md "Sources"):
 * DMT103E's text is IBM's; DMTPAF210E / DMTPAF208E are the ids BITNET code catches for an unknown
 * location and user (their texts are ours). The QUERY layouts and the START/DRAIN texts are ours
 * (the reference recalls "Activating link ..." and "Link ... deactivated" without ids) and carry no
 * invented id.
 */

/** A command to RSCS as parsed. */
export type RscsCommand =
  | { verb: "QUERY"; what: "SYSTEM" | "QUEUES" }
  | { verb: "QUERY"; what: "LINK"; linkid: string; queue: boolean }
  | { verb: "START" | "DRAIN"; linkid: string }
  | { verb: "MSG"; node: string; userid: string; text: string }
  | { verb: "INIT" }
  | { verb: "ERROR"; line: string };

/** Every text RSCS answers with (see the header for which are IBM's). */
export const RSCS_TEXTS = {
  invalidCommand: (c: string) => `Invalid RSCS command ${c}`,
  missing: (verb: string) => `${verb}: link ID missing`,
  extra: (verb: string, w: string) => `${verb}: invalid operand ${w}`,
  notDefined: (linkid: string) => `Link ${linkid} not defined`,
  activating: (l: { linkid: string; type: string; line?: string }) =>
    `Activating link ${l.linkid} ${l.type} line=${l.line ?? "none"} class=* queueing=priority`,
  signon: (linkid: string) => `Signon of link ${linkid} complete`,
  waiting: (linkid: string, why: string) => `Link ${linkid} connect: ${why}`,
  alreadyActive: (linkid: string) => `Link ${linkid} already active`,
  notActive: (linkid: string) => `Link ${linkid} is not active`,
  deactivated: (linkid: string, line?: string) => `Link ${linkid} line ${line ?? "none"} deactivated`,
  queued: (n: number, linkid: string) => `${n} file${n === 1 ? "" : "s"} queued on link ${linkid}`,
  sent: (f: RscsFile, linkid: string) => `Sent file ${f.spoolid} on link ${linkid} to ${f.node}(${f.userid})`,
  received: (f: RscsFile, owner: string) =>
    `File ${f.spoolid} spooled to ${owner} -- origin ${f.origin.node}(${f.origin.userid})`,
  rejected: (spoolid: string) =>
    `DMT103E File ${spoolid} (${spoolid}) rejected -- invalid destination address`,
  invalidLocation: (node: string) => `DMTPAF210E Invalid location ${node}`,
  invalidUser: (userid: string, node: string) => `DMTPAF208E Invalid user ID ${userid} at ${node}`,
  linkDown: (node: string, why: string) => `Link ${node} is not active: ${why}`,
  messageFrom: (node: string, userid: string, text: string) => `From ${node}(${userid}): ${text}`,
  cmdNotSimulated: "CMD (a command for another node's RSCS) is not simulated",
  linksFound: (n: number) => `${n} link${n === 1 ? "" : "s"} found`,
  filesFound: (n: number) => `${n} file${n === 1 ? "" : "s"} found`,
  noLinks: "No links defined",
} as const;

const abbrev = (w: string, full: string, min: number) =>
  w.length >= min && w.length <= full.length && full.startsWith(w);

/** Parses an RSCS command (the text after `SMSG RSCS` or `RSCS`). */
export function parseRscsCommand(text: string): RscsCommand {
  const raw = text.trim();
  const words = raw.split(/\s+/).filter(Boolean);
  const up = words.map((w) => w.toUpperCase());
  const [verb, a, b, c] = up;
  const err = (line: string): RscsCommand => ({ verb: "ERROR", line });
  if (verb === undefined) return err(RSCS_TEXTS.invalidCommand(""));
  if (abbrev(verb, "QUERY", 1)) {
    if (a === undefined) return err(RSCS_TEXTS.missing("QUERY"));
    if (c !== undefined) return err(RSCS_TEXTS.extra("QUERY", c));
    if (a === "SYSTEM" || a === "SYS") {
      if (b === undefined || b === "LINKS") return { verb: "QUERY", what: "SYSTEM" };
      if (b === "QUEUES" || b === "QUEUE") return { verb: "QUERY", what: "QUEUES" };
      return err(RSCS_TEXTS.extra("QUERY SYSTEM", b));
    }
    if (b !== undefined && b !== "QUEUES" && b !== "QUEUE" && b !== "Q")
      return err(RSCS_TEXTS.extra("QUERY", b));
    return { verb: "QUERY", what: "LINK", linkid: a, queue: b !== undefined };
  }
  if (verb === "START" || verb === "DRAIN") {
    if (a === undefined) return err(RSCS_TEXTS.missing(verb));
    // START linkid PARM ... changes the active copy only (LINKTABL): nothing the plex models.
    if (b !== undefined && verb === "DRAIN") return err(RSCS_TEXTS.extra(verb, b));
    return { verb, linkid: a };
  }
  if (verb === "MSG" || verb === "M" || verb === "MESSAGE") {
    if (a === undefined || b === undefined) return err(RSCS_TEXTS.extra("MSG", "(node and userid needed)"));
    const rest = raw.replace(/^\s*\S+\s+\S+\s+\S+\s?/, "");
    return { verb: "MSG", node: a, userid: b, text: rest };
  }
  if (verb === "CMD") return err(RSCS_TEXTS.cmdNotSimulated);
  // INIT: PROFILE GCS's start of RSCS; the plex starts it when CP logs the user on.
  if (verb === "INIT") return { verb: "INIT" };
  return err(RSCS_TEXTS.invalidCommand(words[0]));
}

/** What RSCS on one system knows when it answers a QUERY. */
export interface RscsView {
  here: string;
  config?: RscsConfig;
  /** Here's links with their status (rscsNetwork over here and its peers). */
  links: RscsNetworkLink[];
  /** Files in RSCS's queue here (QUEUED), FIFO order. */
  queue: RscsFile[];
}

const pad = (s: string, n: number) => s.padEnd(n);

/** The link table QUERY SYSTEM and QUERY linkid show (layout ours: docs/rscs.md). */
function linkTable(v: RscsView, only?: string): string[] {
  const mine = v.links.filter((l) => l.system === v.here && (only === undefined || l.linkid === only));
  if (mine.length === 0) return [only === undefined ? RSCS_TEXTS.noLinks : RSCS_TEXTS.notDefined(only)];
  const rows = mine.map((l) => {
    const files = v.queue.filter((f) => f.node === l.linkid).length;
    return `${pad(l.linkid, 10)} ${pad(l.type, 8)} ${pad(l.line ?? "----", 5)} ${pad(l.status, 10)} ${String(files).padStart(5)}`;
  });
  const why = mine.filter((l) => l.why && l.status !== "active").map((l) => `${l.linkid}: ${l.why}`);
  return [
    "Link       Line",
    "Name       Type     Addr  Status     Files",
    ...rows,
    RSCS_TEXTS.linksFound(mine.length),
    ...(only !== undefined ? why : []),
  ];
}

/** The queue listing (layout ours). */
function queueTable(v: RscsView, only?: string): string[] {
  const files = v.queue.filter((f) => only === undefined || f.node === only);
  return [
    "Link      Spoolid Origin              Destination         Name     Type     Recs",
    ...files.map(
      (f) =>
        `${pad(f.node, 9)} ${pad(f.spoolid, 7)} ${pad(`${f.origin.node}(${f.origin.userid})`, 19)} ${pad(`${f.node}(${f.userid})`, 19)} ${pad(f.name, 8)} ${pad(f.type, 8)} ${String(f.nrecs).padStart(4)}`,
    ),
    RSCS_TEXTS.filesFound(files.length),
  ];
}

/** RSCS's answer to a QUERY. */
export function answerRscsQuery(c: Extract<RscsCommand, { verb: "QUERY" }>, v: RscsView): string[] {
  if (c.what === "SYSTEM") return linkTable(v);
  if (c.what === "QUEUES") return queueTable(v);
  if (c.what !== "LINK") return [];
  const lines = linkTable(v, c.linkid);
  if (!c.queue || !v.links.some((l) => l.system === v.here && l.linkid === c.linkid)) return lines;
  return [...lines, ...queueTable(v, c.linkid)];
}
