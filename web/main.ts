// The web console (docs/console.md): sign in with a tenant token, the plexes, and a plex's live
// picture with a terminal per user. Everything it loads comes from this Worker.
import type { Picture } from "../src/console/picture";
import { api, plexPath, signIn, signOut, token, userPath } from "./api";
import { fill, h } from "./dom";
import { Live } from "./live";
import type { DirectoryAnswer } from "./picture-panels";
import { renderPicture, redrawLines, type Drills } from "./picture-view";
import { plexesPage } from "./plexes";
import { Terminal } from "./terminal";

const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;
const liveEl = document.getElementById("live")!;

/** What the open plex page holds: its socket, its last picture, its terminals. */
let current:
  | {
      plex: string;
      live: Live;
      picture?: Picture;
      terminals: Terminal[];
      refreshing?: Promise<void>;
      again?: boolean;
    }
  | undefined;

function leavePlex(): void {
  current?.live.stop();
  current = undefined;
  liveEl.textContent = "";
  liveEl.className = "";
}

function signInPage(message = ""): void {
  leavePlex();
  fill(nav);
  const input = h("input", {
    type: "password",
    id: "token",
    autocomplete: "off",
    required: true,
    "aria-describedby": "token-help",
  });
  fill(
    main,
    h(
      "form",
      {
        class: "signin",
        onsubmit: async (e: Event) => {
          e.preventDefault();
          signIn(input.value);
          try {
            await api("GET", "/v1/plexes");
            location.hash = "#/plexes";
            route();
          } catch (err) {
            signOut();
            signInPage((err as Error).message);
          }
        },
      },
      h("h2", {}, "Sign in"),
      h("div", { class: "field" }, h("label", { for: "token" }, "Tenant token"), input),
      h(
        "p",
        { id: "token-help", class: "muted" },
        "npm start prints the demo tenant's token. It is kept in this tab's session storage only.",
      ),
      message && h("p", { class: "finding error", role: "alert" }, message),
      h("button", { type: "submit" }, "Sign in"),
    ),
  );
  input.focus();
}

function navBar(plex?: string): void {
  fill(
    nav,
    h("a", { href: "#/plexes" }, "Plexes"),
    plex && h("span", { class: "crumb" }, ` / ${plex}`),
    h(
      "button",
      {
        type: "button",
        class: "small",
        onclick: () => {
          signOut();
          location.hash = "";
          signInPage();
        },
      },
      "Sign out",
    ),
  );
}

/** Runs a drill (IPL, SHUTDOWN, FAIL, a command as OPERATOR) and shows what it answered. */
async function drill(what: string, fn: () => Promise<unknown>): Promise<void> {
  const out = document.getElementById("drill-result");
  if (out) out.textContent = `${what}…`;
  try {
    const r = (await fn()) as { lines?: string[]; rc?: number } | null;
    if (out)
      out.textContent = `${what}: ${r?.rc !== undefined ? `rc=${r.rc} ` : ""}${(r?.lines ?? []).join(" | ")}`;
  } catch (e) {
    if (out) out.textContent = `${what}: ${(e as Error).message}`;
  }
}

/** A CP command as OPERATOR of `sys` (logged on by CP at IPL): the drills a class A/B operator does. */
const asOperator = (plex: string, sys: string, command: string) =>
  api("POST", `${userPath(plex, sys, "OPERATOR")}/cp`, { command });

function plexPage(plex: string): void {
  leavePlex();
  navBar(plex);
  const pictureEl = h("div", { class: "picture", "aria-label": `Picture of plex ${plex}` });
  const dock = h("div", { class: "terminals", "aria-label": "Terminals" });
  const state = { plex, terminals: [] as Terminal[] } as NonNullable<typeof current>;
  const system = (sys: string) => `${plexPath(plex)}/systems/${encodeURIComponent(sys)}`;

  const openTerminal = (sys: string, userid?: string) => {
    const found = userid && state.terminals.find((t) => t.sysname === sys && t.userid === userid);
    if (found) return found.focus();
    const loggedOn =
      !!userid &&
      !!state.picture?.nodes.find((n) => n.sysname === sys)?.users.some((u) => u.userid === userid);
    const t = new Terminal(plex, sys, userid, loggedOn, (gone) => {
      state.terminals = state.terminals.filter((x) => x !== gone);
      gone.el.remove();
    });
    state.terminals.push(t);
    dock.append(t.el);
    t.focus();
  };

  const drills: Drills = {
    ipl: (sys) => void drill(`IPL ${sys}`, () => api("POST", `${system(sys)}/ipl`, {})),
    shutdown: (sys) => void drill(`SHUTDOWN ${sys}`, () => api("POST", `${system(sys)}/shutdown`, {})),
    fail: (sys) => void drill(`FAIL ${sys}`, () => api("POST", `${system(sys)}/fail`, {})),
    xlinkReset: (failed, from) =>
      void drill(`XLINK RESET ${failed} ALL (OPERATOR at ${from})`, () =>
        asOperator(plex, from, `XLINK RESET ${failed} ALL`),
      ),
    force: (sys, userid) =>
      void drill(`FORCE ${userid} (OPERATOR at ${sys})`, () => asOperator(plex, sys, `FORCE ${userid}`)),
    xautolog: (sys, userid) =>
      void drill(`XAUTOLOG ${userid} (OPERATOR at ${sys})`, () =>
        asOperator(plex, sys, `XAUTOLOG ${userid}`),
      ),
    terminal: openTerminal,
  };

  /** Reads the picture again (one read at a time, one more if a change came meanwhile). */
  const refresh = (): Promise<void> => {
    if (state.refreshing) {
      state.again = true;
      return state.refreshing;
    }
    state.refreshing = (async () => {
      try {
        do {
          state.again = false;
          // The directory's versions (#12), when the deployment has the route.
          const [p, dir] = await Promise.all([
            api<Picture>("GET", `${plexPath(plex)}/picture`),
            api<DirectoryAnswer>("GET", `${plexPath(plex)}/directory`).catch(() => null),
          ]);
          if (current !== state) return;
          state.picture = p;
          renderPicture(pictureEl, p, drills, dir);
          for (const t of state.terminals) {
            const node = p.nodes.find((n) => n.sysname === t.sysname);
            if (t.userid) t.loggedOn(!!node?.users.some((u) => u.userid === t.userid));
          }
          pictureEl.dataset.updated = String(Date.now());
        } while (state.again);
      } catch (e) {
        fill(pictureEl, h("p", { class: "finding error" }, (e as Error).message));
      } finally {
        state.refreshing = undefined;
      }
    })();
    return state.refreshing;
  };

  let pending: number | undefined;
  const soon = () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => void refresh(), 30);
  };
  state.live = new Live(
    plex,
    (e) => {
      if (e.t === "hello") {
        void refresh();
        for (const t of state.terminals) void t.sync();
        return;
      }
      soon();
      const systems = e.t === "changed" ? e.systems : [e.system];
      for (const t of state.terminals) if (systems.includes(t.sysname)) void t.sync();
    },
    (s) => {
      liveEl.textContent = s === "live" ? "● live" : s === "connecting" ? "○ connecting" : "○ offline";
      liveEl.className = s;
    },
  );
  current = state;
  fill(
    main,
    h("h2", {}, `Plex ${plex}`),
    h("p", { id: "drill-result", role: "status", class: "status-line" }),
    pictureEl,
    h("h3", {}, "Terminals"),
    h(
      "p",
      { class: "muted" },
      "Open one from a user in a system, or LOGON…. Enter sends, F12 or ↑ retrieves, Esc is CLEAR.",
    ),
    dock,
  );
  void refresh();
}

function route(): void {
  if (!token()) return signInPage();
  const m = /^#\/plex\/([A-Za-z0-9-]+)$/.exec(location.hash);
  if (m) return plexPage(m[1].toLowerCase());
  leavePlex();
  navBar();
  plexesPage(main, (plex) => {
    location.hash = `#/plex/${plex}`;
  });
}

window.addEventListener("hashchange", route);
window.addEventListener(
  "resize",
  () => current?.picture && redrawLines(document.querySelector(".picture")!, current.picture),
);
route();
