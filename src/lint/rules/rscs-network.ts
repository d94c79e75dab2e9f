import { diag, type Diagnostic } from "../../diagnostics";
import type { PlexView } from "../../plex/view";
import { endKey } from "./pvm-setup";
import type { LintRule } from "./rule";
import { rscsNetworkView, type RscsSetup } from "./rscs-setup";

// The RSCS network, checked statically (issue #12 item 6): what each system's RSCS reads (RSCS
// CONFIG and PROFILE GCS on its 0191) against the plex's CTCs, so a site sees before any IPL what
// GET /network's `rscs` would show not active. src/rscs/network.ts says the same at run time.
// Every finding is a warning: a broken RSCS link stops no IPL (as for PVM's, ./pvm-network.ts).

/** The RSCS CONFIG files' own findings, each file once; errors reported as warnings (RSCS skips the statement). */
export function rscsFileDiagnostics(plex: PlexView): Diagnostic[] {
  return rscsNetworkView(plex).fileDiagnostics.map((d) =>
    d.severity === "error" ? diag(d.file, d.line, d.column, "warning", d.code, d.message) : d,
  );
}

/** Where a LINKDEFINE of `s` stands (its linkid's column, or its LINE's). */
const linkAt = (s: RscsSetup, linkid: string, line = false) => {
  const p = s.positions.links.get(linkid);
  return { file: s.file, line: p?.line ?? 0, column: (line ? p?.lineColumn : p?.column) ?? 0 };
};

/**
 * Why `a` and `b` have no RSCS link both ways in their files (undefined: both define it), for the
 * DirMaint FROM=/TO= rule (the lead's side of item 6) and RSCS-LINK-NO-RETURN.
 */
export function rscsLinkMissing(plex: PlexView, a: string, b: string): string | undefined {
  const net = rscsNetworkView(plex);
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    const s = net.setups.get(x);
    if (!s) return `${x} has no RSCS CONFIG on its RSCS 0191`;
    if (!s.config.links.some((l) => l.linkid === y)) return `${x}'s RSCS CONFIG has no LINKDEFINE ${y}`;
  }
  return undefined;
}

export const rscsLocalMismatch: LintRule = {
  code: "RSCS-LOCAL",
  severity: "warning",
  title: "RSCS CONFIG's LOCAL names the system that reads it",
  check(plex, report) {
    for (const s of rscsNetworkView(plex).setups.values()) {
      const local = s.config.local;
      if (local === s.system) continue;
      report(
        { file: s.file, line: s.positions.local?.line ?? 0, column: s.positions.local?.column ?? 0 },
        local === undefined
          ? `RSCS CONFIG has no LOCAL: say LOCAL ${s.system}, the name the other systems' LINKDEFINEs use`
          : `LOCAL is ${local}, but ${s.system} reads this file: the other systems' links to ${s.system} never sign on; say LOCAL ${s.system}`,
      );
    }
  },
};

export const rscsLinkNoReturn: LintRule = {
  code: "RSCS-LINK-NO-RETURN",
  severity: "warning",
  title: "each LINKDEFINE names a system whose RSCS defines the link back",
  check(plex, report) {
    const net = rscsNetworkView(plex);
    for (const s of net.setups.values())
      for (const l of s.config.links) {
        if (!plex.systems.includes(l.linkid)) {
          report(linkAt(s, l.linkid), `LINKDEFINE ${l.linkid}: ${l.linkid} is not a system of this plex`);
          continue;
        }
        const why = rscsLinkMissing(plex, s.system, l.linkid);
        if (why) report(linkAt(s, l.linkid), `LINKDEFINE ${l.linkid} never comes up: ${why}`);
      }
  },
};

export const rscsLineNotAttached: LintRule = {
  code: "RSCS-LINE-NOT-ATTACHED",
  severity: "warning",
  title: "each LINKDEFINE's LINE is a CTC to that node, attached by RSCS's PROFILE GCS",
  check(plex, report) {
    const net = rscsNetworkView(plex);
    for (const s of net.setups.values())
      for (const l of s.config.links) {
        if (l.type !== "NJE") continue;
        const at = linkAt(s, l.linkid, true);
        if (!l.line) {
          report(at, `LINKDEFINE ${l.linkid} names no LINE: an NJE link runs over the CTC at its LINE vdev`);
          continue;
        }
        // A profile read only in part may attach it in a way lint cannot follow.
        if (s.reading.unreadAt !== undefined) continue;
        const att = s.reading.attaches.get(l.line);
        if (!att) {
          report(
            at,
            s.profile
              ? `LINKDEFINE ${l.linkid} LINE ${l.line}: ${s.profile} attaches nothing at ${l.line}`
              : `LINKDEFINE ${l.linkid} LINE ${l.line}: ${s.system}'s RSCS has no PROFILE GCS to attach it`,
          );
          continue;
        }
        const far = net.ends.get(endKey(s.system, att.rdev));
        if (!far)
          report(
            at,
            `LINKDEFINE ${l.linkid} LINE ${l.line}: ${s.profile} line ${att.line} attaches ${att.rdev}, which is not an end of any CTC of ${s.system}`,
          );
        else if (far.system !== l.linkid)
          report(
            at,
            `LINKDEFINE ${l.linkid} LINE ${l.line}: ${s.profile} line ${att.line} attaches ${att.rdev}, whose CTC leads to ${far.system}, not ${l.linkid}`,
          );
        else {
          // The far side must attach the other end of this CTC for its link back.
          const t = net.setups.get(l.linkid);
          const back = t?.config.links.find((x) => x.linkid === s.system);
          const backAtt = back?.line ? t?.reading.attaches.get(back.line) : undefined;
          if (t && back && backAtt && t.reading.unreadAt === undefined && backAtt.rdev !== far.rdev)
            report(
              at,
              `LINKDEFINE ${l.linkid} runs over ${s.system} ${att.rdev} - ${l.linkid} ${far.rdev}, but ${l.linkid}'s RSCS attaches ${backAtt.rdev} for its link ${s.system}: the two ends are on different CTCs`,
            );
        }
      }
  },
};

/** Lint's RSCS network rules, in the order their findings are reported. */
export const RSCS_RULES: LintRule[] = [rscsLocalMismatch, rscsLinkNoReturn, rscsLineNotAttached];
