import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type DevServer } from "../../scripts/wrangler-dev";

// The web console in a real browser (Debian's chromium, driven by playwright-core) against the
// Worker on `wrangler dev`: every request outside the Worker is blocked and counted, every
// console error is counted, and screenshots go to test/browser/artifacts/ (docs/console.md).

const root = new URL("../../", import.meta.url).pathname;
const ADMIN = "browser-admin-token";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const artifacts = join(root, "test/browser/artifacts");

/** Asks again until the expectation holds: states change over the socket, not at once. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 50 });

describe.skipIf(!existsSync(CHROMIUM))("the web console in Chromium", () => {
  const persist = mkdtempSync(join(tmpdir(), "cseplex-browser-"));
  let server: DevServer | undefined;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token: string;
  const blocked: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, "scripts/build-console.mjs")], { stdio: "inherit" });
    mkdirSync(artifacts, { recursive: true });
    server = await startWranglerDev(root, persist, ADMIN);
    base = server.base;
    const res = await fetch(`${base}/v1/tenants`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ name: "browser" }),
    });
    token = ((await res.json()) as { token: string }).token;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    });
    page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    // Nothing but the Worker: any other request fails, and is counted.
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith(base.replace("http", "ws"))) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
  }, 180_000);

  afterAll(async () => {
    // The page as it was when the test ended, pass or fail.
    await page?.screenshot({ path: join(artifacts, "last.png"), fullPage: true }).catch(() => {});
    await browser?.close();
    if (server) await server.stop();
    rmSync(persist, { recursive: true, force: true });
  });

  const terminal = (title: string) => page.locator(`section.terminal[aria-label="Terminal ${title}"]`);

  /** Types a command into a terminal's input line with the keyboard and waits for the answer. */
  async function command(title: string, text: string) {
    const input = terminal(title).locator("input.input");
    await input.focus();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
    await poll(() => terminal(title).getAttribute("data-status")).not.toBe("RUNNING");
  }

  async function logon(sys: string, userid: string, password: string) {
    await page.locator(`.system[data-system="${sys}"] button`, { hasText: "LOGON…" }).click();
    const t = terminal(`LOGON at ${sys}`);
    await t.locator("input.logon-userid").focus();
    await page.keyboard.type(userid);
    await page.keyboard.press("Enter");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await poll(() => terminal(`${userid} at ${sys}`).getAttribute("data-status")).toBe("CP READ");
  }

  const flagRow = (volser: string, sys: string) =>
    page.locator(`.cse[data-volser="${volser}"] .slot-row[data-system="${sys}"]`);

  it("signs in, creates LTIC, IPLs two systems, links across them, and shows lines, flags, failure and XLINK RESET live", async () => {
    await page.goto(base);
    // Sign in with the keyboard only.
    await page.locator("#token").focus();
    await page.keyboard.type(token);
    await page.keyboard.press("Enter");
    // Pasted inputs are linted with the findings at their lines.
    await page
      .locator("#cfg-SYSTEM-CONFIG")
      .fill("System_Identifier 2964 %11111 SYSA\nNo_Such_Statement YES\n");
    await page.locator("button", { hasText: /^Lint$/ }).click();
    await page.locator('.diagnostics .finding[data-line="2"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(artifacts, "0-lint-findings.png") });
    await page.locator("#create-ltic").click();
    await page.locator('.plex-list li[data-plex="ltic"] button.link').click();
    await poll(() => page.locator("#live").textContent()).toContain("live");
    await page.screenshot({ path: join(artifacts, "1-plex-down.png"), fullPage: true });

    // IPL LTICVM1 from the keyboard (Tab to its IPL button), LTICVM2 with the mouse.
    const ipl1 = page.locator('.system[data-system="LTICVM1"] button', { hasText: /^IPL$/ });
    let tabs = 0;
    // The page's document, typed here without the DOM library (the test runs on Node).
    type Doc = { document: { activeElement: unknown } };
    const focused = () => ipl1.evaluate((b) => b === (globalThis as unknown as Doc).document.activeElement);
    while (!(await focused()) && tabs++ < 60) await page.keyboard.press("Tab");
    expect(tabs).toBeLessThan(60);
    await page.keyboard.press("Enter");
    await page.locator('.system[data-system="LTICVM2"] button', { hasText: /^IPL$/ }).click();
    for (const s of ["LTICVM1", "LTICVM2"])
      await poll(() => page.locator(`.system[data-system="${s}"]`).getAttribute("data-state")).toBe("UP");

    await logon("LTICVM1", "MAINT", "LTICMNT");
    await logon("LTICVM2", "MAINT", "LTICMNT");
    for (const c of [
      "ATTACH 5700 TO * AS 0300",
      "XLINK FORMAT 0300 VMPCOM",
      "DETACH 0300",
      "ATTACH 5700 SYSTEM",
    ])
      await command("MAINT at LTICVM1", c);
    await command("MAINT at LTICVM2", "ATTACH 5700 SYSTEM");
    await command("MAINT at LTICVM1", "LINK DIRMAINT 15D 15D M MDIRM");
    await command("MAINT at LTICVM2", "LINK DIRMAINT 15D 25D RR");
    const line = (sys: string, mode: string) =>
      page.locator(`svg.lines line[data-system="${sys}"][data-volser="VMPCOM"][data-mode="${mode}"]`);
    await poll(() => line("LTICVM1", "R/W").count()).toBe(1);
    await poll(() => line("LTICVM2", "R/O").count()).toBe(1);
    await poll(() => flagRow("VMPCOM", "LTICVM1").getAttribute("data-flags")).not.toBe("0");
    await poll(() => flagRow("VMPCOM", "LTICVM2").getAttribute("data-flags")).not.toBe("0");

    // A message typed in one terminal appears in the other within a second.
    const other = terminal("MAINT at LTICVM2");
    await other.locator("button", { hasText: "CLEAR" }).click();
    await terminal("MAINT at LTICVM1").locator("input.input").focus();
    await page.keyboard.type("MSG MAINT AT LTICVM2 the class watches this cross");
    const sent = Date.now();
    await page.keyboard.press("Enter");
    await other.locator("pre.screen", { hasText: "the class watches this cross" }).waitFor({ timeout: 5000 });
    const took = Date.now() - sent;
    expect(took).toBeLessThan(1000);
    await page.screenshot({ path: join(artifacts, "2-linked-and-message.png"), fullPage: true });

    // What the terminal shows is what GET .../console answers.
    const api = await fetch(`${base}/v1/plexes/ltic/systems/LTICVM2/users/MAINT/console?after=0`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const lines = ((await api.json()) as { lines: { text: string }[] }).lines.map((l) => l.text);
    expect(await other.locator("pre.log").textContent()).toBe(lines.join("\n"));

    // Fail LTICVM1: its flags stay on VMPCOM and stand out; XLINK RESET from LTICVM2 clears them.
    await page.locator('.system[data-system="LTICVM1"] button', { hasText: "FAIL" }).click();
    await poll(() => flagRow("VMPCOM", "LTICVM1").getAttribute("data-stale")).toBe("true");
    expect(await flagRow("VMPCOM", "LTICVM1").getAttribute("data-flags")).not.toBe("0");
    await page.screenshot({ path: join(artifacts, "3-failed-stale-flags.png"), fullPage: true });
    await page.locator('.system[data-system="LTICVM1"] form.reset button').click();
    await poll(() => flagRow("VMPCOM", "LTICVM1").getAttribute("data-flags")).toBe("0");
    expect(await flagRow("VMPCOM", "LTICVM2").getAttribute("data-flags")).not.toBe("0");
    await page.screenshot({ path: join(artifacts, "4-after-xlink-reset.png"), fullPage: true });

    // XAUTOLOG and FORCE as LTICVM2's OPERATOR, then SHUTDOWN: each shows in the picture.
    const user = (sys: string, userid: string) =>
      page.locator(`.system[data-system="${sys}"] .users li[data-userid="${userid}"]`);
    await page
      .locator('.system[data-system="LTICVM2"] input[aria-label="XAUTOLOG userid on LTICVM2"]')
      .fill("tcpmaint");
    await page.keyboard.press("Enter");
    await poll(() => user("LTICVM2", "TCPMAINT").count()).toBe(1);
    await page.locator('button[aria-label="FORCE TCPMAINT on LTICVM2"]').click();
    await poll(() => user("LTICVM2", "TCPMAINT").count()).toBe(0);
    await page.locator('.system[data-system="LTICVM2"] button', { hasText: "SHUTDOWN" }).click();
    await poll(() => page.locator('.system[data-system="LTICVM2"]').getAttribute("data-state")).toBe("DOWN");
    await poll(() => line("LTICVM2", "R/O").count()).toBe(0);
    // A user gone with its system gets the LOGON screen back in its terminal.
    await poll(() => terminal("MAINT at LTICVM2").locator("input.logon-userid").count()).toBe(1);

    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);
});
