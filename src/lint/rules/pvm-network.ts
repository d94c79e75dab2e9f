import { diag, type Diagnostic } from "../../diagnostics";
import { CTC_FILE, type CtcEnd } from "../../plex/ctcs";
import type { PlexView } from "../../plex/view";
import type { PvmPosition } from "../../pvm/config";
import type { PvmLink } from "../../pvm/types";
import { CONFIG_NAME, endKey, pairKey, PROFILE_NAME, pvmNetworkView, type PvmSetup } from "./pvm-setup";
import type { LintRule } from "./rule";

// The PVM CSE network, checked statically (issue #11 item 7): what each system's PVM reads (PVM
// CONFIG and PROFILE EXEC on the PVM 0191 that system sees) against the plex's CTCs, so a site sees
// before any IPL what GET /network would show down. src/pvm/network.ts says the same at run time.
//
// Severities: lint's errors are what would stop CPSYNTAX, DIRECTXA or the IPL (src/diagnostics.ts),
// and on them plex creation is refused. A broken PVM network stops none of them: the systems come
// up and only cross-system messages, queries and (later) XSPOOL between the pair fail. So every
// finding here is a warning, as LINK-TARGET and XLINK-UNPROTECTED are for what breaks at run time.

/**
 * The PVM CONFIG files' own findings (src/pvm/config.ts), each file once. Its errors are reported
 * as warnings: PVM skips a bad statement and nothing stops the IPL (see the severities above).
 */
export function pvmFileDiagnostics(plex: PlexView): Diagnostic[] {
  return pvmNetworkView(plex).fileDiagnostics.map((d) =>
    d.severity === "error" ? diag(d.file, d.line, d.column, "warning", d.code, d.message) : d,
  );
}

/** Where a finding about `s`'s file points: a statement's position, else the file as a whole. */
const inFile = (s: PvmSetup, at: PvmPosition | undefined) => ({
  file: s.file,
  line: at?.line ?? 0,
  column: at?.column ?? 0,
});

export const pvmLocalMismatch: LintRule = {
  code: "PVM-LOCAL-MISMATCH",
  severity: "warning",
  title: "PVM CONFIG's LOCAL names the system that reads it",
  check(plex, report) {
    for (const s of pvmNetworkView(plex).setups.values()) {
      const local = s.config.local;
      // No LOCAL at all is the parser's PVM-NO-LOCAL.
      if (local === undefined || local === s.system) continue;
      report(
        inFile(s, s.positions.local),
        `LOCAL is ${local}, but ${s.system} reads this file: its PVM would call itself ${local}, while the other systems' LINKs and START CSECOMs name ${s.system}, so no path to it comes up; say LOCAL ${s.system}`,
      );
    }
  },
};

/** One piece a direct path lacks, and where to point at it. */
interface Missing {
  text: string;
  at?: { file: string; line: number; column: number };
}

/** What `x`'s side of a direct path to `y` lacks: a CTCA LINK, its START LINE, START CSECOM. */
function sideMissing(x: PvmSetup, y: string): Missing[] {
  const out: Missing[] = [];
  const links = x.linksTo.get(y) ?? [];
  const linkAt = links.length ? inFile(x, x.positions.links.get(links[0].vdev)) : undefined;
  if (links.length === 0)
    out.push({
      text: `${x.system}'s PVM CONFIG has no LINK vdev ${y} CTCA`,
      at: inFile(x, x.positions.startCsecom.get(y)),
    });
  else if (!links.some((l) => x.started.has(l.vdev)))
    out.push({
      text: `${x.system}'s PVM CONFIG does not START LINE ${links.map((l) => l.vdev).join(" or ")} (its LINK to ${y})`,
      at: linkAt,
    });
  if (!x.csecom.has(y))
    out.push({
      text: `${x.system}'s PVM CONFIG does not START CSECOM ${y}`,
      at: linkAt ?? inFile(x, undefined),
    });
  return out;
}

export const pvmNotConnected: LintRule = {
  code: "PVM-NOT-CONNECTED",
  severity: "warning",
  title:
    "every two systems running PVM that share XSPOOL or talk to each other have a direct CSECOM path: a CTC, LINK, START LINE and START CSECOM on both sides",
  check(plex, report) {
    const net = pvmNetworkView(plex);
    // Pairs of PVM systems: at most 64 systems, 2,016 pairs, each checked in constant time (#10).
    const setups = [...net.setups.values()];
    for (let i = 0; i < setups.length; i++) {
      for (let j = i + 1; j < setups.length; j++) {
        const [a, b] = [setups[i], setups[j]];
        // In the XSPOOL complex: both have XSPOOL_SYSTEM slots. Talking: either's PVM CONFIG names
        // the other (a LINK or START CSECOM); two PVMs that never name each other are not one network.
        const names = (x: PvmSetup, y: PvmSetup) => x.linksTo.has(y.system) || x.csecom.has(y.system);
        if (!(a.inXspool && b.inXspool) && !names(a, b) && !names(b, a)) continue;
        const missing = [...sideMissing(a, b.system), ...sideMissing(b, a.system)];
        if (!net.joined.has(pairKey(a.system, b.system))) {
          const la = a.linksTo.get(b.system)?.[0];
          const lb = b.linksTo.get(a.system)?.[0];
          missing.push({
            text: `no CTC joins them in ${CTC_FILE}`,
            at: la
              ? inFile(a, a.positions.links.get(la.vdev))
              : lb
                ? inFile(b, b.positions.links.get(lb.vdev))
                : inFile(a, undefined),
          });
        }
        if (missing.length === 0) continue;
        report(
          missing[0].at ?? inFile(a, undefined),
          `${a.system} and ${b.system} have no direct CSECOM path (CSECOM does not route through a third system): ${missing.map((m) => m.text).join("; ")}`,
        );
      }
    }
  },
};

export const pvmLinkNotAttached: LintRule = {
  code: "PVM-LINK-NOT-ATTACHED",
  severity: "warning",
  title: "each LINK's vdev is a CTC to the LINK's node, attached by PVM's PROFILE EXEC",
  check(plex, report) {
    const net = pvmNetworkView(plex);
    for (const s of net.setups.values())
      for (const links of s.linksTo.values())
        for (const l of links) {
          // A LINK to itself or to a node outside the plex (PVM links beyond the CSE complex) is not
          // the plex's to check; a pair no CTC joins is PVM-NOT-CONNECTED's (one cause, one finding).
          if (l.node === s.system || !net.joined.has(pairKey(s.system, l.node))) continue;
          const p = s.positions.links.get(l.vdev);
          const at = { file: s.file, line: l.line, column: p?.vdevColumn ?? 0 };
          const att = s.reading.attaches.get(l.vdev);
          const here = () =>
            `${s.system}'s CTCs to ${l.node}: ${net.ctcsTo.get(`${s.system} ${l.node}`)!.join(", ")}`;
          if (!att) {
            const unread = s.reading.unreadAt;
            report(
              at,
              s.profile === undefined
                ? `LINK ${l.vdev} ${l.node}: PVM on ${s.system} has no ${PROFILE_NAME} beside ${CONFIG_NAME}, so nothing attaches a CTC as ${l.vdev} (${here()})`
                : `LINK ${l.vdev} ${l.node}: no ATTACH in ${s.profile} gives ${s.userid} a CTC as ${l.vdev} (${here()})${unread ? `; line ${unread} issues a command lint cannot read, which may be it` : ""}`,
              unread ? "info" : undefined,
            );
            continue;
          }
          const far = net.ends.get(endKey(s.system, att.rdev));
          if (!far)
            report(
              at,
              `LINK ${l.vdev} ${l.node}: ${s.profile} line ${att.line} attaches ${att.rdev} as ${l.vdev}, but ${att.rdev} is not an end of any CTC of ${s.system} (${here()})`,
            );
          else if (far.system !== l.node)
            report(
              at,
              `LINK ${l.vdev} ${l.node}: ${s.profile} line ${att.line} attaches ${att.rdev} as ${l.vdev}, but the CTC at ${s.system} ${att.rdev} leads to ${far.system}, not ${l.node} (${here()})`,
            );
        }
  },
};

export const pvmLinkCtcMismatch: LintRule = {
  code: "PVM-LINK-CTC-MISMATCH",
  severity: "warning",
  title: "the two PVMs of a line attach the two ends of one CTC",
  check(plex, report) {
    const net = pvmNetworkView(plex);
    const order = new Map(plex.systems.map((s, i) => [s, i]));
    // The far end each side's LINK to the other runs over, when it leads there at all.
    const runsTo = (x: PvmSetup, y: string): { link: PvmLink; rdev: string; far: CtcEnd }[] =>
      (x.linksTo.get(y) ?? []).flatMap((link) => {
        const att = x.reading.attaches.get(link.vdev);
        const far = att && net.ends.get(endKey(x.system, att.rdev));
        return att && far?.system === y ? [{ link, rdev: att.rdev, far }] : [];
      });
    for (const a of net.setups.values())
      for (const node of a.linksTo.keys()) {
        const b = net.setups.get(node);
        // Once a pair, from the side first in the plex's order.
        if (!b || order.get(a.system)! > order.get(node)!) continue;
        const mine = runsTo(a, node);
        const theirs = runsTo(b, a.system);
        if (mine.length === 0 || theirs.length === 0) continue; // PVM-LINK-NOT-ATTACHED's
        if (mine.some((m) => theirs.some((t) => t.rdev === m.far.rdev))) continue;
        const [m, t] = [mine[0], theirs[0]];
        const p = a.positions.links.get(m.link.vdev);
        report(
          { file: a.file, line: m.link.line, column: p?.vdevColumn ?? 0 },
          `LINK ${m.link.vdev} ${node} runs over the CTC ${a.system} ${m.rdev} - ${node} ${m.far.rdev}, but ${node}'s PVM attaches ${t.rdev} (the CTC to ${a.system} ${t.far.rdev}) for its LINK ${t.link.vdev} ${a.system}: the line's two ends are on different CTCs and it never comes up`,
        );
      }
  },
};

/** Lint's PVM network rules, in the order their findings are reported. */
export const PVM_RULES: LintRule[] = [
  pvmLocalMismatch,
  pvmNotConnected,
  pvmLinkNotAttached,
  pvmLinkCtcMismatch,
];
