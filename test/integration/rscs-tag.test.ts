import ltic from "../../examples/ltic/plex.json";
import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";

/**
 * CP TAG and RSCS's reader (issue #12): a reader file TAGged `node userid` and TRANSFERred to RSCS,
 * or punched to RSCS through a TAGged punch, is sent over the link as SENDFILE's files are, and
 * arrives with its NJE origin; a drained link keeps it queued; a tag naming an unknown node comes
 * back with DMT103E; a file with no tag stays in RSCS's reader. On the LTIC example (RSCS runs on
 * every system; AUTOLOG1 starts it), LTICVM1 and LTICVM2 IPLed.
 */

type Answer = { rc: number; lines: string[] };

async function lticPair(name: string) {
  const token = await newTenant();
  const created = await call("/v1/plexes", { token, body: { ...ltic, name } });
  expect(created.status, await created.clone().text()).toBe(201);
  const sys = (s: string) => `/v1/plexes/${name}/systems/${s}`;
  for (const s of ["LTICVM1", "LTICVM2"]) {
    expect((await call(`${sys(s)}/ipl`, { token, body: {} })).status).toBe(200);
    const logon = await call(`${sys(s)}/users/MAINT/logon`, { token, body: { password: "LTICMNT" } });
    expect(logon.status).toBe(200);
  }
  const seen = new Map<string, number>();
  return {
    token,
    async cp(s: string, command: string): Promise<Answer> {
      const r = await call(`${sys(s)}/users/MAINT/cp`, { token, body: { command } });
      // Every answer is CP's, never a 5xx.
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as Answer;
    },
    async punch(s: string, records: string[], name: string, type: string): Promise<string> {
      const r = await call(`${sys(s)}/users/MAINT/punch`, { token, body: { records, name, type } });
      expect(r.status, await r.clone().text()).toBe(200);
      return ((await r.json()) as { spoolid: string }).spoolid;
    },
    async reader(s: string, spoolid: string) {
      const r = await call(`${sys(s)}/users/MAINT/reader/${spoolid}`, { token });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    },
    /** MAINT's console lines on `s` since the last look. */
    async console(s: string): Promise<string> {
      const key = s;
      const r = await call(`${sys(s)}/users/MAINT/console?after=${seen.get(key) ?? 0}`, { token });
      const body = (await r.json()) as { lines: { text: string }[]; next: number };
      seen.set(key, body.next);
      return body.lines.map((l) => l.text).join("\n");
    },
  };
}

const ok = (a: Answer) => expect(a.rc, a.lines.join("\n")).toBe(0);

describe("CP TAG and files through RSCS's reader", { timeout: 60_000 }, () => {
  it("TAG FILE and TRANSFER to RSCS send a reader file to a user on another node, with its origin", async () => {
    const p = await lticPair("tag1");
    ok(await p.cp("LTICVM1", "SPOOL PUNCH * RDR"));
    const id = await p.punch("LTICVM1", ["HELLO FROM LTICVM1", "SECOND RECORD"], "GREET", "NOTE");
    expect(await p.cp("LTICVM1", `TAG QUERY FILE ${id}`)).toEqual({ rc: 0, lines: ["(TAG BLANK)"] });
    expect(await p.cp("LTICVM1", `TAG FILE ${id} LTICVM2 MAINT`)).toEqual({ rc: 0, lines: [] });
    expect(await p.cp("LTICVM1", `TAG QUERY FILE ${Number(id)}`)).toEqual({
      rc: 0,
      lines: ["LTICVM2 MAINT"],
    });
    await p.console("LTICVM2");

    ok(await p.cp("LTICVM1", `TRANSFER RDR ${id} TO RSCS`));
    // Gone from MAINT's reader on LTICVM1 and from RSCS's queue there: it crossed the link.
    expect((await p.cp("LTICVM1", "QUERY READER * ALL")).lines.join("\n")).not.toContain(id);
    expect((await p.cp("LTICVM1", "QUERY READER RSCS ALL")).lines.join("\n")).not.toContain(id);
    const notice = await p.console("LTICVM2");
    expect(notice).toContain(`RDR FILE ${id} SENT FROM RSCS`);
    const file = await p.reader("LTICVM2", id);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({
      from: "RSCS",
      name: "GREET",
      type: "NOTE",
      origin: { node: "LTICVM1", userid: "MAINT" },
      records: ["HELLO FROM LTICVM1", "SECOND RECORD"],
    });

    // LTICVM2's MAINT sends it on, back to LTICVM1: it keeps the NJE origin it came with.
    await p.console("LTICVM1");
    ok(await p.cp("LTICVM2", `TAG FILE ${id} LTICVM1 MAINT`));
    ok(await p.cp("LTICVM2", `TRANSFER RDR ${id} TO RSCS`));
    expect(await p.console("LTICVM1")).toContain(`RDR FILE ${id} SENT FROM RSCS`);
    expect((await p.reader("LTICVM1", id)).body).toMatchObject({
      from: "RSCS",
      origin: { node: "LTICVM1", userid: "MAINT" },
      records: ["HELLO FROM LTICVM1", "SECOND RECORD"],
    });
    expect((await p.reader("LTICVM2", id)).status).toBe(404);
  });

  it("TAG DEV on the punch and SPOOL PUNCH TO RSCS: a drained link keeps the file queued, START sends it", async () => {
    const p = await lticPair("tag2");
    expect(await p.cp("LTICVM1", "TAG QUERY DEV PUNCH")).toEqual({ rc: 0, lines: ["PUN 000D TAG NOT SET"] });
    ok(await p.cp("LTICVM1", "TAG DEV 00D  LTICVM2 MAINT"));
    expect(await p.cp("LTICVM1", "TAG QUERY DEV 000D")).toEqual({
      rc: 0,
      lines: ["PUN 000D TAG:", "LTICVM2 MAINT"],
    });
    ok(await p.cp("LTICVM1", "SMSG RSCS DRAIN LTICVM2"));
    ok(await p.cp("LTICVM1", "SPOOL PUNCH TO RSCS"));
    await p.console("LTICVM1");
    await p.console("LTICVM2");
    const id = await p.punch("LTICVM1", ["VIA THE PUNCH"], "PUNCHED", "FILE");
    // The file carries the device's tag; RSCS took it onto the queue for the drained link.
    expect(await p.cp("LTICVM1", `TAG QUERY FILE ${id}`)).toMatchObject({ rc: 42 });
    ok(await p.cp("LTICVM1", "SMSG RSCS QUERY LTICVM2 QUEUE"));
    const queue = await p.console("LTICVM1");
    expect(queue).toMatch(/LTICVM2\s+NJE\s+\S+\s+inactive\s+1/);
    expect(queue).toMatch(/PUNCHED\s+FILE/);
    expect(await p.console("LTICVM2")).not.toContain("SENT FROM RSCS");
    // The tag stays on the device: a second file goes the same way, behind the first.
    const second = await p.punch("LTICVM1", ["SECOND"], "SECOND", "FILE");

    ok(await p.cp("LTICVM1", "SMSG RSCS START LTICVM2"));
    const arrived = await p.console("LTICVM2");
    expect(arrived).toContain(`RDR FILE ${id} SENT FROM RSCS`);
    expect(arrived.indexOf(`RDR FILE ${id}`)).toBeLessThan(arrived.indexOf(`RDR FILE ${second}`));
    expect((await p.reader("LTICVM2", id)).body).toMatchObject({
      origin: { node: "LTICVM1", userid: "MAINT" },
      records: ["VIA THE PUNCH"],
    });
    // TAG DEV with no text clears the device's tag.
    ok(await p.cp("LTICVM1", "TAG DEV PUNCH"));
    expect(await p.cp("LTICVM1", "TAG QUERY DEV PUNCH")).toEqual({ rc: 0, lines: ["PUN 000D TAG NOT SET"] });
  });

  it("a START sends what the other end queued for this one while this end was drained", async () => {
    const p = await lticPair("tag4");
    ok(await p.cp("LTICVM1", "SMSG RSCS DRAIN LTICVM2"));
    ok(await p.cp("LTICVM2", "SPOOL PUNCH * RDR"));
    const id = await p.punch("LTICVM2", ["FROM THE OTHER END"], "WAITED", "NOTE");
    ok(await p.cp("LTICVM2", `TAG FILE ${id} LTICVM1 MAINT`));
    ok(await p.cp("LTICVM2", `TRANSFER RDR ${id} TO RSCS`));
    // LTICVM2's RSCS holds it: LTICVM1's end of the link is drained.
    await p.console("LTICVM2");
    ok(await p.cp("LTICVM2", "SMSG RSCS QUERY LTICVM1 QUEUE"));
    expect(await p.console("LTICVM2")).toMatch(/WAITED\s+NOTE/);
    await p.console("LTICVM1");

    // LTICVM1 starts its end: the link is active, and LTICVM2 sends what it queued.
    ok(await p.cp("LTICVM1", "SMSG RSCS START LTICVM2"));
    expect(await p.console("LTICVM1")).toContain(`RDR FILE ${id} SENT FROM RSCS`);
    expect((await p.reader("LTICVM1", id)).body).toMatchObject({
      origin: { node: "LTICVM2", userid: "MAINT" },
      records: ["FROM THE OTHER END"],
    });
  });

  it("an unknown node comes back with DMT103E; a file with no tag stays in RSCS's reader", async () => {
    const p = await lticPair("tag3");
    ok(await p.cp("LTICVM1", "SPOOL PUNCH * RDR"));
    const bad = await p.punch("LTICVM1", ["LOST?"], "NOWHERE", "NOTE");
    ok(await p.cp("LTICVM1", `TAG FILE ${bad} NOWHERE MAINT`));
    await p.console("LTICVM1");
    ok(await p.cp("LTICVM1", `TRANSFER RDR ${bad} TO RSCS`));
    expect(await p.console("LTICVM1")).toMatch(new RegExp(`DMT103E File ${bad}.*rejected`));
    // Back in MAINT's reader, FROM RSCS.
    expect((await p.cp("LTICVM1", "QUERY READER * ALL")).lines.join("\n")).toMatch(
      new RegExp(`RSCS\\s+${bad}.*NOWHERE\\s+NOTE`),
    );

    const plain = await p.punch("LTICVM1", ["NO TAG"], "PLAIN", "NOTE");
    ok(await p.cp("LTICVM1", `TRANSFER RDR ${plain} TO RSCS`));
    ok(await p.cp("LTICVM1", "SMSG RSCS START LTICVM2"));
    expect((await p.cp("LTICVM1", "QUERY READER RSCS ALL")).lines.join("\n")).toMatch(
      new RegExp(`RSCS\\s+${plain}.*PLAIN\\s+NOTE`),
    );
    expect(await p.console("LTICVM2")).not.toContain(`RDR FILE ${plain}`);
  });

  it("bad TAG operands get CP's error and return code; nothing is changed", async () => {
    const p = await lticPair("tag4");
    const refused = async (command: string, rc: number, line: RegExp) => {
      const a = await p.cp("LTICVM1", command);
      expect(a.rc, `${command}: ${a.lines.join("\n")}`).toBe(rc);
      expect(a.lines[0]).toMatch(line);
    };
    await refused("TAG", 26, /^HCPTAG026E Operand missing or invalid$/);
    await refused("TAG FILE", 26, /^HCPTAG026E/);
    await refused("TAG FILE ABC LTICVM2", 2, /^HCPTAG002E Invalid operand - ABC$/);
    await refused("TAG FILE 0 X", 2, /^HCPTAG002E Invalid operand - 0$/);
    await refused("TAG FILE 9998 LTICVM2 MAINT", 42, /^HCPTAG042E User MAINT spoolid 9998 does not exist$/);
    await refused("TAG QUERY FILE 9998", 42, /^HCPTAG042E/);
    await refused("TAG DEV 0191 LTICVM2", 40, /^HCPTAG040E Device 0191 does not exist$/);
    await refused("TAG DEV READER LTICVM2", 2, /^HCPTAG002E Invalid operand - READER$/);
    await refused("TAG QUERY DEV", 26, /^HCPTAG026E/);
    await refused("TAG QUERY PUNCH", 2, /^HCPTAG002E Invalid operand - PUNCH$/);
    await refused("TAG QUERY DEV PUNCH EXTRA", 2, /^HCPTAG002E Invalid operand - EXTRA$/);
    await refused("TAG NONSENSE", 2, /^HCPTAG002E Invalid operand - NONSENSE$/);
    await refused(`TAG DEV PUNCH ${"X".repeat(137)}`, 2, /^HCPTAG002E/);
    // Nothing was set by the refusals; 136 characters are taken.
    expect(await p.cp("LTICVM1", "TAG QUERY DEV PUNCH")).toEqual({ rc: 0, lines: ["PUN 000D TAG NOT SET"] });
    const full = `${"Y".repeat(100)} ${"Z".repeat(35)}`;
    ok(await p.cp("LTICVM1", `TAG DEV PRINTER ${full}`));
    expect(await p.cp("LTICVM1", "TAG QUERY DEV 00E")).toEqual({ rc: 0, lines: ["PRT 000E TAG:", full] });
  });
});
