import { expect } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";

/**
 * RSCS between SYSA and SYSB of the small plex (issue #12): AUTOLOG1 XAUTOLOGs RSCS on each, whose
 * PROFILE GCS attaches its end of the RSCS CTC (SYSA DB45, SYSB DA45) and starts the link, the
 * seed's form. OWNER3 has a 191 (OPEN01) with a file to send.
 */
export const rscsDirectory = [
  "USER AUTOLOG1 AUTOPW 32M 64M ABCDEG",
  "  MDISK 0191 3390 200 5 OPEN01 MR",
  "USER RSCS RSCSPW 32M 64M BG",
  "SYSAFFIN SYSA",
  "  MDISK 0191 3390 220 5 OPEN01 MR",
  "SYSAFFIN SYSB",
  "  MDISK 0191 3390 225 5 OPEN01 MR",
].join("\n");

export const rscsCtcs = [{ a: { system: "SYSA", rdev: "DB45" }, b: { system: "SYSB", rdev: "DA45" } }];

export function rscsFiles() {
  return {
    "AUTOLOG1 0191": { "PROFILE EXEC": "/* AUTOLOG1 */\n'CP XAUTOLOG RSCS'\n" },
    "SYSA: RSCS 0191": {
      "PROFILE GCS": "/* RSCS */\n'CP ATTACH DB45 * DB4 '   /* Link to SYSB */\n'RSCS START SYSB'\n",
      "RSCS CONFIG": "* SYSA\nLOCAL SYSA\nLINKDEFINE SYSB AST TYPE NJE LINE DB4\n",
    },
    "SYSB: RSCS 0191": {
      "PROFILE GCS": "/* RSCS */\n'CP ATTACH DA45 * DA4 '\n'RSCS START SYSA'\n",
      "RSCS CONFIG": "LOCAL SYSB\nLINKDEFINE SYSA AST TYPE NJE LINE DA4\n",
    },
    "OWNER3 0191": { "HELLO EXEC": "/* HELLO */\nSAY 'HELLO'\n", "SECOND FILE": "two\n" },
  };
}

/** The plex created, SYSA and SYSB IPLed, and a few users' helpers. */
export async function rscsPlex(name: string) {
  const token = await newTenant();
  const created = await call("/v1/plexes", {
    token,
    body: { ...smallPlex(name, rscsDirectory), ctcs: rscsCtcs, files: rscsFiles() },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}/systems`;
  for (const s of ["SYSA", "SYSB"])
    expect((await call(`${base}/${s}/ipl`, { token, body: {} })).status).toBe(200);
  const seen = new Map<string, number>();
  return {
    token,
    async logon(sys: string, userid: string, password: string) {
      const r = await call(`${base}/${sys}/users/${userid}/logon`, { token, body: { password } });
      expect(r.status, await r.clone().text()).toBe(200);
    },
    async cp(sys: string, userid: string, command: string) {
      const r = await call(`${base}/${sys}/users/${userid}/cp`, { token, body: { command } });
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as { rc: number; lines: string[] };
    },
    async cms(sys: string, userid: string, command: string) {
      const r = await call(`${base}/${sys}/users/${userid}/cms`, { token, body: { command } });
      return { status: r.status, ...((await r.json()) as { rc: number; lines: string[] }) };
    },
    /** The console lines `userid` on `sys` got since the last look. */
    async console(sys: string, userid: string) {
      const key = `${sys} ${userid}`;
      const r = await call(`${base}/${sys}/users/${userid}/console?after=${seen.get(key) ?? 0}`, { token });
      const body = (await r.json()) as { lines: { seq: number; text: string }[]; next: number };
      seen.set(key, body.next);
      return body.lines.map((l) => l.text);
    },
  };
}
