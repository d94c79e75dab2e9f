import { lastScreen, MORE_SECONDS, OUTPUT_ROWS, Retrieve, Screen, statusRow } from "../src/console/screen";
import { api, ApiFailure, userPath } from "./api";
import { fill, h } from "./dom";

/** The logo screen's rows above the fields (reference/cp-first-hour.md, "Logo screen"). */
const LOGO = [
  "z/VM ONLINE",
  "",
  "",
  "                   zzzzzz      //  VV       VV  MM      MM",
  "                      zz      //    VV     VV   MMM    MMM",
  "                     zz      //      VV   VV    MM MMMM MM",
  "                    zz      //        VV VV     MM  MM  MM",
  "                   zzzzzz  //          VVV      MM      MM",
  "",
  "                     built on IBM Virtualization Technology",
  "",
  " Fill in your USERID and PASSWORD and press ENTER",
  " (Your password will not appear when you type it)",
];

type ConsoleLine = { seq: number; text: string };

/**
 * One user's 3270-style terminal (src/console/screen.ts): the LOGON screen until the user is logged
 * on, then the console as `GET .../console` has it (the log below the screen is exactly those
 * lines), commands through the CP route, PF12 or the arrow keys to retrieve, CLEAR (Esc) or PA2
 * for the next screen after MORE...
 */
export class Terminal {
  readonly el: HTMLElement;
  userid: string;
  private screen = new Screen();
  private readonly retrieve = new Retrieve();
  private history: ConsoleLine[] = [];
  private next = 0;
  private mode: "logon" | "console";
  private syncing: Promise<void> | undefined;
  private again = false;
  private moreTimer: number | undefined;
  private notice = "";
  private readonly screenEl = h("pre", { class: "screen", "aria-live": "polite" });
  private readonly statusEl = h("pre", { class: "status-row" });
  private readonly input = h("input", {
    class: "input",
    type: "text",
    maxlength: 130,
    autocomplete: "off",
    spellcheck: "false",
    "aria-label": "Command",
  });
  private readonly logonUser = h("input", {
    class: "logon-userid",
    type: "text",
    maxlength: 8,
    autocomplete: "off",
    "aria-label": "USERID",
  });
  private readonly logonPassword = h("input", {
    class: "logon-password",
    type: "password",
    maxlength: 8,
    autocomplete: "off",
    "aria-label": "PASSWORD",
  });
  private readonly logEl = h("pre", { class: "log" });
  private readonly logCount = h("span", {}, "0");
  private readonly body = h("div", { class: "screen-body" });

  constructor(
    private readonly plex: string,
    readonly sysname: string,
    userid: string | undefined,
    loggedOn: boolean,
    private readonly onClose: (t: Terminal) => void,
  ) {
    this.userid = userid ?? "";
    this.mode = loggedOn && userid ? "console" : "logon";
    this.input.addEventListener("keydown", (e) => this.key(e));
    // ENTER on the USERID field moves to PASSWORD until one is typed, as the logo screen's tab order does.
    for (const f of [this.logonUser, this.logonPassword])
      f.addEventListener("keydown", (e) => {
        if (e.key !== "Enter") return;
        e.preventDefault();
        if (f === this.logonUser && !this.logonPassword.value) this.logonPassword.focus();
        else void this.logon();
      });
    this.el = h(
      "section",
      { class: "terminal", "aria-label": `Terminal ${this.title()}`, dataset: { system: sysname } },
      h(
        "header",
        {},
        h("span", { class: "term-title" }, this.title()),
        h("button", { type: "button", class: "small", onclick: () => this.clear() }, "CLEAR"),
        h("button", { type: "button", class: "small", onclick: () => this.clear() }, "PA2"),
        h(
          "button",
          {
            type: "button",
            class: "small",
            "aria-label": "Close terminal",
            onclick: () => this.onClose(this),
          },
          "×",
        ),
      ),
      this.body,
      this.statusEl,
      h(
        "details",
        {},
        h("summary", {}, "Console log (", this.logCount, " lines, as GET …/console)"),
        this.logEl,
      ),
    );
    this.render();
    if (this.mode === "console") void this.sync(true);
  }

  private title(): string {
    return this.userid ? `${this.userid} at ${this.sysname}` : `LOGON at ${this.sysname}`;
  }

  /** Focuses the field a user types into now. */
  focus(): void {
    (this.mode === "logon"
      ? this.logonUser.value
        ? this.logonPassword
        : this.logonUser
      : this.input
    ).focus();
  }

  /** The picture says whether the user is logged on: a user gone (LOGOFF, FORCE) gets the LOGON screen back. */
  loggedOn(on: boolean): void {
    if (this.mode === "console" && !on) {
      this.mode = "logon";
      this.logonUser.value = this.userid;
      this.logonPassword.value = "";
      this.notice = `${this.userid} is no longer logged on to ${this.sysname}`;
      this.render();
    }
  }

  private key(e: KeyboardEvent): void {
    if (e.key === "Enter") {
      e.preventDefault();
      void this.enter();
    } else if (e.key === "F12" || (e.key === "ArrowUp" && !e.shiftKey)) {
      e.preventDefault();
      this.input.value = this.retrieve.back();
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      this.input.value = this.retrieve.forward();
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.clear();
    }
  }

  /** CLEAR / PA2: the next screen. */
  clear(): void {
    this.screen.clear();
    this.render();
  }

  private async enter(): Promise<void> {
    const command = this.input.value.trim();
    if (!command) {
      this.screen.enterEmpty();
      this.render();
      return;
    }
    this.retrieve.push(command);
    this.input.value = "";
    // A command typed while output waits shows the next screen first, so its answer can be seen.
    if (this.screen.waiting.length > 0) this.screen.clear();
    this.screen.busy = true;
    this.render();
    try {
      await api("POST", `${userPath(this.plex, this.sysname, this.userid)}/cp`, { command });
    } catch (e) {
      this.screen.put([`(${e instanceof ApiFailure ? e.code : "ERROR"}: ${(e as Error).message})`]);
    }
    this.screen.busy = false;
    await this.sync();
  }

  private async logon(): Promise<void> {
    const userid = this.logonUser.value.trim().toUpperCase();
    const password = this.logonPassword.value;
    if (!userid) return;
    this.screen.busy = true;
    this.render();
    try {
      const r = await api<{ rc: number; lines: string[] }>(
        "POST",
        `${userPath(this.plex, this.sysname, userid)}/logon`,
        {
          password,
        },
      );
      this.screen.busy = false;
      if (r.rc === 0) {
        this.userid = userid;
        this.mode = "console";
        this.notice = "";
        this.el.querySelector(".term-title")!.textContent = this.title();
        this.el.setAttribute("aria-label", `Terminal ${this.title()}`);
        this.screen = new Screen();
        this.render();
        this.focus();
        await this.sync(true);
      } else {
        this.notice = r.lines.join(" ");
        this.logonPassword.value = "";
        this.render();
      }
    } catch (e) {
      this.screen.busy = false;
      this.notice = (e as Error).message;
      this.render();
    }
  }

  /**
   * Reads the console lines after the last one seen (all of them, a page of 1000 at a time); one
   * read at a time, and one more if asked meanwhile. `first`: the screen starts with the newest lines.
   */
  sync(first = false): Promise<void> {
    if (this.mode !== "console") return Promise.resolve();
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const r = await api<{ lines: ConsoleLine[]; next: number }>(
              "GET",
              `${userPath(this.plex, this.sysname, this.userid)}/console?after=${this.next}`,
            );
            if (r.lines.length === 0) break;
            this.history.push(...r.lines);
            this.next = r.next;
            if (!first) this.screen.put(r.lines.map((l) => l.text));
            if (r.lines.length < 1000) break;
          }
          if (first) {
            this.screen.put(lastScreen(this.history.map((l) => l.text)));
            first = false;
          }
          this.renderLog();
          this.render();
        } while (this.again);
      } catch (e) {
        if (e instanceof ApiFailure && (e.status === 404 || e.status === 409)) this.loggedOn(false);
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  private renderLog(): void {
    this.logEl.textContent = this.history.map((l) => l.text).join("\n");
    this.logCount.textContent = String(this.history.length);
  }

  private render(): void {
    const word = this.mode === "logon" ? "RUNNING" : this.screen.status();
    this.statusEl.textContent = statusRow(word, this.sysname);
    this.el.dataset.status = word;
    window.clearTimeout(this.moreTimer);
    if (word === "MORE...") this.moreTimer = window.setTimeout(() => this.clear(), MORE_SECONDS * 1000);
    if (this.mode === "logon") {
      if (!this.body.querySelector(".logon")) {
        fill(
          this.body,
          h(
            "div",
            { class: "logon" },
            h("pre", { class: "screen logo" }, LOGO.join("\n")),
            h("label", {}, h("span", {}, "USERID   ===> "), this.logonUser),
            h("label", {}, h("span", {}, "PASSWORD ===> "), this.logonPassword),
            h("p", { class: "logon-notice", role: "status" }),
          ),
        );
      }
      this.body.querySelector(".logon-notice")!.textContent = this.notice;
      return;
    }
    if (!this.body.contains(this.input))
      fill(this.body, this.screenEl, h("div", { class: "input-row" }, this.input));
    const rows = [...this.screen.shown];
    while (rows.length < OUTPUT_ROWS) rows.push("");
    this.screenEl.textContent = rows.join("\n");
  }
}
