import { flagRows, holdLines, spoolQueues, type NodePicture, type Picture } from "../src/console/picture";
import { fill, h, svg } from "./dom";
import { directoryView, networkView, spoolView, type DirectoryAnswer } from "./picture-panels";

/** What the picture's buttons do (web/main.ts runs them through the API). */
export interface Drills {
  ipl(sys: string): void;
  shutdown(sys: string): void;
  fail(sys: string): void;
  xlinkReset(failed: string, from: string): void;
  force(sys: string, userid: string): void;
  xautolog(sys: string, userid: string): void;
  terminal(sys: string, userid?: string): void;
}

const short = (sys: string) => sys;

/** A drill's button, named with its system so focus finds it again after the picture is drawn anew. */
const action = (label: string, text: string, onclick: () => void, disabled: boolean, cls = "") =>
  h("button", { type: "button", class: cls, "aria-label": label, onclick, disabled }, text);

function systemBox(
  p: Picture,
  sys: Picture["topology"]["systems"][number],
  node: NodePicture | undefined,
  d: Drills,
) {
  const up = sys.state === "UP";
  const survivors = p.topology.systems.filter((s) => s.state === "UP" && s.sysname !== sys.sysname);
  const stale = p.xlinkVolumes.some((v) => v.flags.some((f) => f.system === sys.sysname)) && !up;
  const xautologInput = h("input", {
    type: "text",
    maxlength: 8,
    "aria-label": `XAUTOLOG userid on ${sys.sysname}`,
    placeholder: "userid",
  });
  const resetFrom = h(
    "select",
    { "aria-label": `Survivor to issue XLINK RESET ${sys.sysname} from` },
    survivors.map((s) => h("option", { value: s.sysname }, s.sysname)),
  );
  return h(
    "article",
    { class: `system state-${sys.state.toLowerCase()}`, dataset: { system: sys.sysname, state: sys.state } },
    h(
      "header",
      {},
      h("h3", {}, sys.sysname),
      h("span", { class: `badge ${sys.state.toLowerCase()}` }, sys.state),
    ),
    h(
      "p",
      { class: "slots" },
      `XLINK slot ${sys.xlinkSlot ?? "—"} · XSPOOL slot ${sys.xspoolSlot ?? "—"}${sys.shareSpool ? " (shared)" : ""}`,
    ),
    h(
      "p",
      { class: "slots" },
      `IPL ${sys.iplVolume}${node?.directoryVersion !== null && node?.directoryVersion !== undefined ? ` · directory v${node.directoryVersion}` : ""}`,
    ),
    h(
      "ul",
      { class: "users", "aria-label": `Users logged on to ${sys.sysname}` },
      (node?.users ?? []).map((u) =>
        h(
          "li",
          { dataset: { userid: u.userid } },
          h(
            "button",
            {
              type: "button",
              class: "user",
              onclick: () => d.terminal(sys.sysname, u.userid),
              title: "Open its terminal",
            },
            u.userid + (u.disconnected ? " (DSC)" : ""),
          ),
          up &&
            h(
              "button",
              {
                type: "button",
                class: "small danger",
                "aria-label": `FORCE ${u.userid} on ${sys.sysname}`,
                onclick: () => d.force(sys.sysname, u.userid),
              },
              "FORCE",
            ),
        ),
      ),
    ),
    h(
      "div",
      { class: "actions" },
      action(`IPL ${sys.sysname}`, "IPL", () => d.ipl(sys.sysname), up || sys.state === "IPLING"),
      action(`SHUTDOWN ${sys.sysname}`, "SHUTDOWN", () => d.shutdown(sys.sysname), !up),
      action(`FAIL ${sys.sysname}`, "FAIL", () => d.fail(sys.sysname), !up, "danger"),
      action(`LOGON at ${sys.sysname}`, "LOGON…", () => d.terminal(sys.sysname), !up),
    ),
    up &&
      h(
        "form",
        {
          class: "inline",
          onsubmit: (e: Event) => {
            e.preventDefault();
            const userid = xautologInput.value.trim().toUpperCase();
            xautologInput.value = "";
            if (userid) d.xautolog(sys.sysname, userid);
          },
        },
        xautologInput,
        h("button", { type: "submit", "aria-label": `XAUTOLOG on ${sys.sysname}` }, "XAUTOLOG"),
      ),
    stale &&
      survivors.length > 0 &&
      h(
        "form",
        {
          class: "inline reset",
          onsubmit: (e: Event) => {
            e.preventDefault();
            d.xlinkReset(sys.sysname, resetFrom.value);
          },
        },
        h("span", {}, "from"),
        resetFrom,
        h(
          "button",
          { type: "submit", class: "danger", "aria-label": `XLINK RESET ${sys.sysname}` },
          `XLINK RESET ${sys.sysname}`,
        ),
      ),
  );
}

function volumeBox(p: Picture, v: Picture["topology"]["volumes"][number]) {
  return h(
    "article",
    { class: `volume${v.xlink ? " xlink" : ""}`, dataset: { volser: v.volser } },
    h("div", { class: "dasd", "aria-hidden": "true" }),
    h("h4", {}, v.volser),
    h("p", { class: "slots" }, `${v.devtype} · ${v.rdev ?? "----"}${v.xlink ? " · XLINK" : ""}`),
    h(
      "ul",
      { class: "vol-status" },
      p.nodes
        .filter((n) => n.state === "UP")
        .map((n) => {
          const here = n.volumes.find((x) => x.volser === v.volser);
          return h(
            "li",
            { class: here ? here.status.toLowerCase() : "offline" },
            `${short(n.sysname)} ${here ? here.status : "offline"}`,
          );
        }),
    ),
  );
}

function cseStrip(p: Picture, view: Picture["xlinkVolumes"][number]) {
  const states = Object.fromEntries(p.topology.systems.map((s) => [s.sysname, s.state]));
  const rows = flagRows(view, p.slots, states);
  const area = view.cseArea;
  return h(
    "section",
    { class: "cse", dataset: { volser: view.volser } },
    h(
      "h4",
      {},
      `${view.volser}: CSE area at cylinder ${area.cylinder}`,
      area.formatted
        ? ` (formatted by ${area.formatted.user} on ${area.formatted.system})`
        : " (not formatted)",
    ),
    h(
      "div",
      { class: "strip", role: "table", "aria-label": `Link flags on ${view.volser} by slot` },
      rows.map((r) =>
        h(
          "div",
          {
            class: `slot-row${r.stale ? " stale" : ""}`,
            role: "row",
            dataset: { system: r.system, flags: String(r.runs.length), stale: String(r.stale) },
          },
          h(
            "span",
            { class: "slot-label", role: "rowheader" },
            `slot ${r.slot < 0 ? "?" : r.slot} ${r.system}${r.stale ? ` (${states[r.system] ?? "?"}: stale)` : ""}`,
          ),
          (() => {
            const bar = h("span", { class: "bar", role: "cell" });
            for (const run of r.runs) {
              const seg = h("span", {
                class: `run ${run.mode.replace("/", "").toLowerCase()}`,
                title: `cylinders ${run.cylinder}-${run.end} ${run.mode}`,
              });
              seg.style.left = `${(run.cylinder / view.cylinders) * 100}%`;
              seg.style.width = `max(3px, ${((run.end - run.cylinder + 1) / view.cylinders) * 100}%)`;
              bar.append(seg);
            }
            return bar;
          })(),
          h(
            "span",
            { class: "runs", role: "cell" },
            r.runs.map((x) => `${x.cylinder}-${x.end} ${x.mode}`).join(", ") || "no flags",
          ),
        ),
      ),
    ),
  );
}

/** Draws the lines from systems to the volumes they hold links on, once the boxes have their places. */
function drawLines(root: HTMLElement, p: Picture): void {
  const layer = root.querySelector<SVGSVGElement>("svg.lines");
  if (!layer) return;
  const box = root.querySelector(".drawing")!.getBoundingClientRect();
  layer.setAttribute("width", String(box.width));
  layer.setAttribute("height", String(box.height));
  layer.replaceChildren();
  for (const l of holdLines(p.nodes)) {
    const s = root.querySelector(`.system[data-system="${l.system}"]`)?.getBoundingClientRect();
    const v = root.querySelector(`.volume[data-volser="${l.volser}"]`)?.getBoundingClientRect();
    if (!s || !v) continue;
    const line = svg("line", {
      x1: s.left + s.width / 2 - box.left,
      y1: s.bottom - box.top,
      x2: v.left + v.width / 2 - box.left,
      y2: v.top - box.top,
      class: `hold ${l.rw ? "rw" : "ro"}`,
      "data-system": l.system,
      "data-volser": l.volser,
      "data-mode": l.rw ? "R/W" : "R/O",
    });
    const title = svg("title");
    title.textContent = `${l.system} → ${l.volser} ${l.rw ? "R/W" : "R/O"}: ${l.links.join(", ")}`;
    line.append(title);
    layer.append(line);
  }
}

/** Renders the whole picture of the plex into `root`, keeping the focus and what is typed in its fields. */
export function renderPicture(root: HTMLElement, p: Picture, d: Drills, dir: DirectoryAnswer | null): void {
  const active = document.activeElement;
  const focus = active && root.contains(active) ? active.getAttribute("aria-label") : null;
  const typed = [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")]
    .filter((f) => f.getAttribute("aria-label") && f.value)
    .map((f) => [f.getAttribute("aria-label")!, f.value] as const);
  draw(root, p, d, dir);
  for (const [label, value] of typed) {
    const f = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[aria-label="${CSS.escape(label)}"]`);
    if (f) f.value = value;
  }
  if (focus) root.querySelector<HTMLElement>(`[aria-label="${CSS.escape(focus)}"]`)?.focus();
}

function draw(root: HTMLElement, p: Picture, d: Drills, dir: DirectoryAnswer | null): void {
  const nodes = new Map(p.nodes.map((n) => [n.sysname, n]));
  // Volumes with something to show first: XLINK volumes and those held, then the rest.
  const held = new Set(p.nodes.flatMap((n) => n.links.map((l) => l.volser)));
  const volumes = [...p.topology.volumes].sort(
    (a, b) =>
      Number(held.has(b.volser)) - Number(held.has(a.volser)) ||
      Number(b.xlink) - Number(a.xlink) ||
      a.volser.localeCompare(b.volser),
  );
  fill(
    root,
    h(
      "div",
      { class: "drawing" },
      svg("svg", { class: "lines", "aria-hidden": "true" }),
      h(
        "div",
        { class: "systems" },
        p.topology.systems.map((s) => systemBox(p, s, nodes.get(s.sysname), d)),
      ),
      h(
        "div",
        { class: "volumes" },
        volumes.map((v) => volumeBox(p, v)),
      ),
      h(
        "p",
        { class: "legend" },
        h("span", { class: "key rw" }, "R/W link"),
        " ",
        h("span", { class: "key ro" }, "R/O link"),
      ),
    ),
    h("h3", {}, "CSE areas (link flags by slot)"),
    p.xlinkVolumes.length
      ? p.xlinkVolumes.map((v) => cseStrip(p, v))
      : h("p", { class: "muted" }, "No XLINK volume."),
    h("h3", {}, "Shared spool (queues per user)"),
    spoolView(p),
    h("h3", {}, "CSE network"),
    networkView(p, dir),
  );
  drawLines(root, p);
}

/** Draws the lines again (the window changed size). */
export function redrawLines(root: HTMLElement, p: Picture): void {
  drawLines(root, p);
}
