import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";

/** AUTOLOG1 runs its PROFILE EXEC when CP logs it on (issue #11 items 2 and 3). */

const AUTOLOG1 = "USER AUTOLOG1 AUTOPW 32M 64M ABCDEG\n  MDISK 0191 3390 200 5 OPEN01 MR";

async function plexWithProfile(name: string, profile?: string) {
  const token = await newTenant();
  const body = {
    ...smallPlex(name, AUTOLOG1),
    ...(profile === undefined ? {} : { files: { "AUTOLOG1 0191": { "PROFILE EXEC": profile } } }),
  };
  const created = await call("/v1/plexes", { token, body });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}/systems/SYSA`;
  const ipl = await call(`${base}/ipl`, { token, body: {} });
  expect(ipl.status).toBe(200);
  const console = async (userid: string) =>
    (
      (await (await call(`${base}/users/${userid}/console`, { token })).json()) as {
        lines: { text: string }[];
      }
    ).lines.map((l) => l.text);
  const cp = async (userid: string, command: string) =>
    (await (await call(`${base}/users/${userid}/cp`, { token, body: { command } })).json()) as {
      rc: number;
      lines: string[];
    };
  const logon = (userid: string, password: string) =>
    call(`${base}/users/${userid}/logon`, { token, body: { password } });
  return { token, base, console, cp, logon };
}

describe("AUTOLOG1's PROFILE EXEC", () => {
  it("runs at IPL from AUTOLOG1's 191: its XAUTOLOGs start the users, and what it says is on its console", async () => {
    const p = await plexWithProfile(
      "al1",
      [
        "/* AUTOLOG1 PROFILE EXEC: start the service machines */",
        "'CP XAUTOLOG OWNER'",
        "'CP XAUTOLOG OWNER2'",
        "'CP XAUTOLOG NOSUCH'",
        "if rc <> 0 then say 'NOSUCH did not start: rc' rc",
        "parse arg what",
        "say 'Service machines started'",
      ].join("\n"),
    );
    expect((await p.logon("MAINT", "MAINTPW")).status).toBe(200);
    const names = (await p.cp("MAINT", "QUERY NAMES")).lines.join(" ");
    for (const u of ["OPERATOR", "AUTOLOG1", "OWNER", "OWNER2"]) expect(names).toContain(u);
    const lines = await p.console("AUTOLOG1");
    expect(lines).toContain("Service machines started");
    expect(lines.some((l) => /^NOSUCH did not start: rc [1-9]/.test(l))).toBe(true);
    expect(lines).toContain("PROFILE EXEC line 6: not simulated: parse arg what");
  });

  it("that runs away is stopped, and the IPL answers all the same", async () => {
    const p = await plexWithProfile("al2", "/* loop */\ndo forever\n  nop\nend\n'CP XAUTOLOG OWNER'");
    const lines = await p.console("AUTOLOG1");
    expect(lines.some((l) => /^PROFILE EXEC line \d+: stopped after 500 steps$/.test(l))).toBe(true);
    expect((await p.logon("MAINT", "MAINTPW")).status).toBe(200);
    expect((await p.cp("MAINT", "QUERY NAMES")).lines.join(" ")).not.toContain("OWNER ");
  });

  it("is not there: AUTOLOG1 logs on and nothing else starts; XAUTOLOG of AUTOLOG1 runs a profile put there since", async () => {
    const p = await plexWithProfile("al3");
    expect((await p.logon("MAINT", "MAINTPW")).status).toBe(200);
    expect((await p.cp("MAINT", "QUERY NAMES")).lines.join(" ")).not.toContain("OWNER");
    const put = await call("/v1/plexes/al3/files", {
      token: p.token,
      method: "PUT",
      body: { files: { "AUTOLOG1 0191": { "PROFILE EXEC": "/* */\n'CP XAUTOLOG OWNER3'" } } },
    });
    expect(put.status).toBe(200);
    expect((await p.cp("MAINT", "FORCE AUTOLOG1")).rc).toBe(0);
    expect((await p.cp("MAINT", "XAUTOLOG AUTOLOG1")).rc).toBe(0);
    expect((await p.cp("MAINT", "QUERY NAMES")).lines.join(" ")).toContain("OWNER3");
  });

  it("stops issuing commands once its session ends: a profile that logs AUTOLOG1 off starts nothing after", async () => {
    const p = await plexWithProfile("al4", "/* */\n'CP XAUTOLOG OWNER'\n'CP LOGOFF'\n'CP XAUTOLOG OWNER2'");
    expect((await p.logon("MAINT", "MAINTPW")).status).toBe(200);
    const names = (await p.cp("MAINT", "QUERY NAMES")).lines.join(" ");
    expect(names).toContain("OWNER ");
    expect(names).not.toContain("OWNER2");
    expect(names).not.toContain("AUTOLOG1");
  });

  it("does not run when another system XAUTOLOGs AUTOLOG1 (no profile runs inside another system's request)", async () => {
    const p = await plexWithProfile("al5", "/* */\n'CP XAUTOLOG OWNER3'");
    expect((await call("/v1/plexes/al5/systems/SYSB/ipl", { token: p.token, body: {} })).status).toBe(200);
    expect((await p.logon("MAINT", "MAINTPW")).status).toBe(200);
    // SYSB's own IPL ran it: OWNER3 is on SYSB. Take both off there, then XAUTOLOG AUTOLOG1 AT SYSB.
    expect((await p.cp("MAINT", "FORCE OWNER3 AT SYSB")).rc).toBe(0);
    expect((await p.cp("MAINT", "FORCE AUTOLOG1 AT SYSB")).rc).toBe(0);
    expect((await p.cp("MAINT", "XAUTOLOG AUTOLOG1 AT SYSB")).rc).toBe(0);
    const names = (await p.cp("MAINT", "QUERY NAMES AT SYSB")).lines.join(" ");
    expect(names).toContain("AUTOLOG1");
    expect(names).not.toContain("OWNER3");
  });
});
