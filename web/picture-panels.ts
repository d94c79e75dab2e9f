import { spoolQueues, type Picture } from "../src/console/picture";
import { h } from "./dom";

// The picture's panels below the systems and volumes: the spool's queues, each system's object
// directory (issue #12's versions) and the CSE network (PVM, CSECOM paths, RSCS links).

export function spoolView(p: Picture) {
  const queues = spoolQueues(p.spool);
  if (queues.length === 0) return h("p", { class: "muted" }, "No spool files.");
  return h(
    "ul",
    { class: "spool" },
    queues.map((q) =>
      h(
        "li",
        {},
        h("strong", {}, q.owner),
        Object.entries(q.queues).map(([queue, files]) =>
          h(
            "span",
            { class: "queue" },
            ` ${queue}: `,
            files
              .map((f) => `${f.spoolid} ${f.name} ${f.type} (${f.nrecs} recs, from ${f.from} at ${f.origin})`)
              .join("; "),
          ),
        ),
      ),
    ),
  );
}

/** `GET /v1/plexes/:plex/directory` (#12): the source's version and each system's, with why one is behind. */
export interface DirectoryAnswer {
  source: { version: number };
  systems: { system: string; version: number; behind: number; why?: string }[];
}

export function directoryView(p: Picture, dir: DirectoryAnswer | null) {
  if (dir)
    return h(
      "ul",
      { class: "directory" },
      h("li", {}, `source v${dir.source.version}`),
      dir.systems.map((s) =>
        h(
          "li",
          { class: s.behind ? "down" : "" },
          `${s.system}: v${s.version}${s.behind ? `, ${s.behind} behind${s.why ? ` (${s.why})` : ""}` : ""}`,
        ),
      ),
    );
  const versions = p.nodes.filter((x) => x.directoryVersion !== null);
  return versions.length
    ? h(
        "ul",
        {},
        versions.map((x) => h("li", {}, `${x.sysname}: v${x.directoryVersion}`)),
      )
    : h("p", { class: "muted" }, "none");
}

export function networkView(p: Picture, dir: DirectoryAnswer | null) {
  // RSCS links come with issue #12: shown when the network answer has them.
  type RscsLink = {
    system: string;
    linkid?: string;
    type?: string;
    line?: string;
    status?: string;
    why?: string;
  };
  const n = p.network as (Picture["network"] & { rscs?: RscsLink[] }) | null;
  if (!n) return h("p", { class: "muted" }, "No network.");
  return h(
    "div",
    { class: "network" },
    h("h4", {}, "CTCs"),
    n.ctcs.length
      ? h(
          "ul",
          {},
          n.ctcs.map((c) =>
            h(
              "li",
              {},
              `${c.a.system} ${c.a.rdev}${c.aUser ? ` (${c.aUser})` : ""} ↔ ${c.b.system} ${c.b.rdev}${c.bUser ? ` (${c.bUser})` : ""}`,
            ),
          ),
        )
      : h("p", { class: "muted" }, "none"),
    h("h4", {}, "CSECOM paths"),
    n.paths.length
      ? h(
          "ul",
          {},
          n.paths.map((x) =>
            h(
              "li",
              { class: x.state === "UP" ? "" : "down" },
              `${x.a} ↔ ${x.b} ${x.state}${x.why ? ` (${x.why})` : ""}`,
            ),
          ),
        )
      : h("p", { class: "muted" }, "none"),
    h("h4", {}, "RSCS links"),
    Array.isArray(n.rscs) && n.rscs.length
      ? h(
          "ul",
          {},
          n.rscs.map((x) =>
            h(
              "li",
              { class: x.status === "active" ? "" : "down" },
              `${x.system} → ${x.linkid ?? "?"} ${x.type ?? ""} line ${x.line ?? "?"} ${x.status ?? ""}${x.why ? ` (${x.why})` : ""}`,
            ),
          ),
        )
      : h(
          "p",
          { class: "muted" },
          "none reported (the network answer lists RSCS links once issue #12 gives them)",
        ),
    h("h4", {}, "Directory versions"),
    directoryView(p, dir),
  );
}
