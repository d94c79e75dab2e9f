import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { setUp } from "./plex-helpers";

type Api = Awaited<ReturnType<typeof setUp>>;

async function consoleOf(api: Api, sys: string, user: string, after = 0) {
  const r = await call(`${api.base}/systems/${sys}/users/${user}/console?after=${after}`, {
    token: api.token,
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { lines: { seq: number; text: string }[]; next: number };
}

describe("cross-system messages (reference §9.3 scenario 29)", () => {
  it("MSG reaches a user on another system, with AT or without; keeps the text's case", async () => {
    const api = await setUp("msg", ["SYSA", "SYSB", "SYSC"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSB", "U02", "PW");
    const before = (await consoleOf(api, "SYSB", "U02")).next;
    expect(await api.cp("SYSA", "U01", "MSG U02 AT SYSB Hello, World")).toEqual({ rc: 0, lines: [] });
    expect(await api.cp("SYSA", "U01", "msg u02 again without AT")).toEqual({ rc: 0, lines: [] });
    const got = await consoleOf(api, "SYSB", "U02", before);
    expect(got.lines.map((l) => l.text)).toEqual([
      "MSG FROM U01      AT SYSA: Hello, World",
      "MSG FROM U01      AT SYSA: again without AT",
    ]);
    expect(await api.cp("SYSA", "U01", "MSG U02 AT SYSA hello")).toEqual({
      rc: 45,
      lines: ["HCPMSG045E U02 not logged on"],
    });
    expect(await api.cp("SYSA", "U01", "MSG U03 hello")).toEqual({
      rc: 45,
      lines: ["HCPMSG045E U03 not logged on"],
    });
    expect((await api.post("/systems/SYSC/fail")).status).toBe(200);
    expect((await api.cp("SYSA", "U01", "MSG U02 AT SYSC hi")).lines[0]).toContain("System SYSC is not up");
  });

  it("honours SET MSG/SMSG/WNG; SMSG is off until set on; WARNING is the operator's", async () => {
    const api = await setUp("setmsg", ["SYSA", "SYSB"]);
    await api.logon("SYSA", "U01", "PW");
    await api.logon("SYSB", "U02", "PW");
    await api.logon("SYSA", "MAINT", "MAINTPW");
    expect(await api.cp("SYSA", "U01", "SMSG U02 AT SYSB start")).toEqual({
      rc: 57,
      lines: ["HCPMSG057I U02 not receiving; SMSG off"],
    });
    expect((await api.cp("SYSB", "U02", "SET SMSG ON")).rc).toBe(0);
    expect((await api.cp("SYSA", "U01", "SMSG U02 AT SYSB start")).rc).toBe(0);
    expect((await api.cp("SYSB", "U02", "SET MSG OFF")).rc).toBe(0);
    expect((await api.cp("SYSA", "U01", "MSG U02 hello")).lines).toEqual([
      "HCPMSG057I U02 not receiving; MSG off",
    ]);
    expect(await api.cp("SYSA", "U01", "WARNING U02 AT SYSB stop")).toEqual({
      rc: 1,
      lines: ["HCPCMD001E Unknown CP command: WARNING"],
    });
    expect((await api.cp("SYSA", "MAINT", "WARNING U02 AT SYSB system going down")).rc).toBe(0);
    expect((await api.cp("SYSA", "MAINT", "MSGNOH U01 plain text")).rc).toBe(0);
    const b = (await consoleOf(api, "SYSB", "U02")).lines.map((l) => l.text);
    expect(b).toContain("SMSG FROM U01      AT SYSA: start");
    expect(b).toContain("WNG FROM MAINT    AT SYSA: system going down");
    expect((await consoleOf(api, "SYSA", "U01")).lines.map((l) => l.text)).toContain("plain text");
  });

  it("200 messages sent at once from users on 4 systems all arrive, each once, in each sender's order; paging never loses or repeats", async () => {
    const systems = ["SYSA", "SYSB", "SYSC", "SYSD"];
    const api = await setUp("flood", systems);
    await api.logon("SYSA", "U00", "PW");
    const senders = Array.from({ length: 8 }, (_, i) => ({
      sys: systems[i % 4],
      user: `U${String(i + 1).padStart(2, "0")}`,
    }));
    for (const s of senders) await api.logon(s.sys, s.user, "PW");
    const start = (await consoleOf(api, "SYSA", "U00")).next;
    const seen: { seq: number; text: string }[] = [];
    let after = start;
    let sending = true;
    const reader = (async () => {
      while (sending || seen.length < 200) {
        const page = await consoleOf(api, "SYSA", "U00", after);
        seen.push(...page.lines);
        after = page.next;
        if (!sending && page.lines.length === 0) break;
      }
    })();
    await Promise.all(
      senders.map(async (s) => {
        for (let k = 0; k < 25; k++)
          expect((await api.cp(s.sys, s.user, `MSG U00 AT SYSA ${s.user} ${k}`)).rc).toBe(0);
      }),
    );
    sending = false;
    await reader;
    const texts = seen.map((l) => l.text.replace(/^MSG FROM \S+\s+(AT \S+)?: /, ""));
    expect(texts).toHaveLength(200);
    expect(new Set(seen.map((l) => l.seq)).size).toBe(200);
    for (const s of senders)
      expect(texts.filter((t) => t.startsWith(`${s.user} `))).toEqual(
        Array.from({ length: 25 }, (_, k) => `${s.user} ${k}`),
      );
  });
});
