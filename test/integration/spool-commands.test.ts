import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { spoolPlex } from "./spool-helpers";

type Answer = { rc: number; lines: string[] };
type ReadBody = { spoolid: string; from: string; encoding: string; records: string[] };

/** The spool ids of a QUERY answer's file lines, in the order CP lists them. */
const ids = (a: Answer) => a.lines.slice(1).map((l) => l.slice(9, 13));

describe("spool lock (reference §9.3 scenario 27)", () => {
  it("a file open on SYSB cannot be purged from SYSA until SYSB closes it; CLOSE purges unless KEEP", async () => {
    const p = await spoolPlex("lock1");
    for (const s of ["SYSA", "SYSB"]) await p.logon(s, "U02");
    await p.cp("SYSA", "U02", "SPOOL PUNCH * RDR");
    const first = (await p.post("/SYSA/users/U02/punch", { records: ["one"] })).body.spoolid as string;
    const second = (await p.post("/SYSA/users/U02/punch", { records: ["two"] })).body.spoolid as string;

    // SYSB opens the first file: RECEIVE reading it on U02's virtual reader there.
    const open = await p.post("/SYSB/users/U02/reader/open", { spoolid: first });
    expect(open.status).toBe(200);
    expect((open.body as unknown as ReadBody).records).toEqual(["one"]);

    const purge = await p.cp("SYSA", "U02", `PURGE RDR ${first}`);
    expect(purge.rc).toBe(9050);
    expect(purge.lines).toEqual([
      `HCPCSP9050E Spoolid ${first} is open on system SYSB; it is locked there until it is closed`,
      "NO FILES PURGED",
    ]);
    expect((await p.get(`/SYSA/users/U02/reader/${first}`)).status).toBe(409);
    // Another file of the same user is not locked.
    expect(await p.cp("SYSA", "U02", `CHANGE RDR ${second} CLASS B`)).toEqual({
      rc: 0,
      lines: ["0000001 FILE CHANGED"],
    });
    // The reader holds one file at a time.
    expect((await p.post("/SYSB/users/U02/reader/open", { spoolid: second })).status).toBe(409);

    // Nor changed, transferred or ordered from SYSA.
    for (const command of [
      `CHANGE RDR ${first} CLASS C`,
      `TRANSFER RDR ${first} TO U03`,
      `ORDER RDR ${first}`,
    ])
      expect((await p.cp("SYSA", "U02", command)).rc, command).toBe(9050);
    // With SPOOL READER KEEP, CLOSE leaves the file; then SYSA can purge it.
    expect(await p.cp("SYSB", "U02", "SPOOL READER KEEP")).toEqual({ rc: 0, lines: [] });
    expect(await p.cp("SYSB", "U02", "CLOSE READER")).toEqual({ rc: 0, lines: [] });
    expect((await p.cp("SYSA", "U02", `PURGE RDR ${first}`)).lines).toEqual(["0000001 FILE PURGED"]);

    // Without KEEP, reading to the end and closing purges the file, as CP's reader does.
    await p.cp("SYSB", "U02", "SPOOL RDR NOKEEP");
    expect((await p.post("/SYSB/users/U02/reader/open", {})).body.spoolid).toBe(second);
    await p.cp("SYSB", "U02", "CLOSE RDR");
    expect((await p.cp("SYSA", "U02", "Q RDR")).lines).toEqual(["NO RDR FILES"]);
  });

  it("LOGOFF and re-IPL release a lock without purging the file", async () => {
    const p = await spoolPlex("lock2");
    for (const s of ["SYSA", "SYSB"]) await p.logon(s, "U03");
    await p.cp("SYSA", "U03", "SP PU *");
    const id = (await p.post("/SYSA/users/U03/punch", { records: ["x"] })).body.spoolid as string;
    expect((await p.post("/SYSB/users/U03/reader/open", {})).status).toBe(200);
    expect((await p.cp("SYSA", "U03", `PURGE RDR ${id}`)).rc).toBe(9050);
    await p.cp("SYSB", "U03", "LOGOFF");
    expect((await p.get(`/SYSA/users/U03/reader/${id}`)).status).toBe(200);
    // LOGON counts what waits in the spool, as CP's logon does (corpus: FILES: 0003 RDR,   NO PRT,   NO PUN).
    const logon = await p.post("/SYSB/users/U03/logon", { password: "PW" });
    expect(logon.body.lines).toContain("FILES: 0001 RDR,   NO PRT,   NO PUN");
    expect((await p.post("/SYSB/users/U03/reader/open", {})).status).toBe(200);
    expect((await p.post("/SYSB/fail", {})).status).toBe(200);
    // A failed system keeps its lock, as CSE keeps a failed system's link flags ...
    expect((await p.cp("SYSA", "U03", `PURGE RDR ${id}`)).rc).toBe(9050);
    // ... until it is IPLed again.
    expect((await p.post("/SYSB/ipl", {})).status).toBe(200);
    expect((await p.cp("SYSA", "U03", `PURGE RDR ${id}`)).lines).toEqual(["0000001 FILE PURGED"]);
  });
});

describe("SPOOL options, the printer and the output queues", () => {
  it("without TO, punch and printer files go to the user's output queues; QUERY PRINTER and PUNCH list them", async () => {
    const p = await spoolPlex("out1");
    await p.logon("SYSA", "U04");
    expect((await p.cp("SYSA", "U04", "Q PRT")).lines).toEqual(["NO PRT FILES"]);
    const printed = await p.post("/SYSA/users/U04/print", {
      records: ["line 1", "line 2"],
      name: "report",
      type: "listing",
    });
    expect(printed.status).toBe(200);
    const id = printed.body.spoolid as string;
    expect(printed.body.lines).toEqual([
      `PRT FILE ${id} SENT TO   U04      PRT AS  ${id} RECS 0002 CPY  001 A NOHOLD NOKEEP`,
    ]);
    const q = await p.cp("SYSA", "U04", "QUERY PRINTER ALL");
    expect(q.lines[0]).toBe("ORIGINID FILE CLASS RECORDS  CPY HOLD DATE  TIME     NAME      TYPE     DIST");
    expect(q.lines[1]).toMatch(
      new RegExp(
        `^U04      ${id} A PRT 00000002 001 NONE \\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d REPORT    LISTING  U04$`,
      ),
    );
    expect((await p.cp("SYSA", "U04", "Q PRT")).lines).toEqual([
      "ORIGINID FILE CLASS RECORDS  CPY HOLD FORM     DEST     KEEP MSG",
      `U04      ${id} A PRT 00000002 001 NONE STANDARD OFF      OFF  OFF`,
    ]);
    expect((await p.cp("SYSA", "U04", "Q PUN")).lines).toEqual(["NO PUN FILES"]);
    // The reader route reads only reader files.
    expect((await p.get(`/SYSA/users/U04/reader/${id}`)).status).toBe(404);
    expect((await p.cp("SYSA", "U04", `PURGE PRT ${id}`)).lines).toEqual(["0000001 FILE PURGED"]);
  });

  it("CLASS, COPY, HOLD, KEEP and NAME shape the next files; a held file cannot be opened until CHANGE NOHOLD", async () => {
    const p = await spoolPlex("out2");
    await p.logon("SYSA", "U05");
    expect(await p.cp("SYSA", "U05", "SPOOL PUNCH TO * CLASS X COPY 3 HOLD KEEP NAME MY DATA")).toEqual({
      rc: 0,
      lines: [],
    });
    const a = await p.post("/SYSA/users/U05/punch", { records: ["a"] });
    const id = a.body.spoolid as string;
    expect(a.body.lines).toEqual([
      `RDR FILE ${id} SENT FROM U05      PUN WAS ${id} RECS 0001 CPY  003 X   HOLD   KEEP`,
    ]);
    const q = await p.cp("SYSA", "U05", "Q RDR * ALL");
    expect(q.lines[1]).toMatch(
      new RegExp(`^U05      ${id} X PUN 00000001 003 USER .{14} MY        DATA     U05$`),
    );
    expect((await p.cp("SYSA", "U05", "Q RDR")).lines[1]).toMatch(/ USER STANDARD OFF      ON   OFF$/);
    // NAME names one file; the next is unnamed, the rest stays.
    const b = (await p.post("/SYSA/users/U05/punch", { records: ["b"] })).body.spoolid as string;
    expect((await p.cp("SYSA", "U05", "Q RDR * ALL")).lines[2]).toMatch(
      new RegExp(`^U05      ${b} X PUN 00000001 003 USER .{14}\\s+U05$`),
    );
    expect((await p.post("/SYSA/users/U05/reader/open", { spoolid: id })).status).toBe(409);
    // A reader open without a spool id skips held files: there is none to read.
    expect((await p.post("/SYSA/users/U05/reader/open", {})).status).toBe(404);
    expect((await p.cp("SYSA", "U05", `CHANGE RDR ${id} NOHOLD`)).lines).toEqual(["0000001 FILE CHANGED"]);
    expect((await p.post("/SYSA/users/U05/reader/open", {})).body.spoolid).toBe(id);
    // CLASS on the reader: only files of that class are read.
    await p.cp("SYSA", "U05", "CLOSE RDR");
    await p.cp("SYSA", "U05", `CHANGE RDR ${b} NOHOLD`);
    await p.cp("SYSA", "U05", "SPOOL READER CLASS Y");
    expect((await p.post("/SYSA/users/U05/reader/open", {})).status).toBe(404);
    await p.cp("SYSA", "U05", "SPOOL READER CLASS X");
    expect((await p.post("/SYSA/users/U05/reader/open", {})).status).toBe(200);
  });

  it("CONT keeps the punch open across PUNCH calls: CLOSE spools one file holding every record", async () => {
    const p = await spoolPlex("out3");
    await p.logon("SYSA", "U06");
    await p.logon("SYSB", "U07");
    await p.cp("SYSA", "U06", "SPOOL PUN TO U07 CONT");
    const first = await p.post("/SYSA/users/U06/punch", { records: ["1", "2"], name: "deck", type: "one" });
    expect(first.body).toEqual({ rc: 0, lines: [], spoolid: null });
    await p.post("/SYSA/users/U06/punch", { records: ["3"] });
    const closed = await p.cp("SYSA", "U06", "CLOSE PUNCH");
    expect(closed.rc).toBe(0);
    const id = closed.lines[0].slice(9, 13);
    expect(closed.lines).toEqual([
      `PUN FILE ${id} SENT TO   U07      RDR AS  ${id} RECS 0003 CPY  001 A NOHOLD NOKEEP`,
    ]);
    expect((await p.get(`/SYSB/users/U07/reader/${id}`)).body).toMatchObject({
      name: "DECK",
      type: "ONE",
      records: ["1", "2", "3"],
    });
    expect(await p.consoleOf("SYSB", "U07")).toContain(
      `RDR FILE ${id} SENT FROM U06      PUN WAS ${id} RECS 0003 CPY  001 A NOHOLD NOKEEP`,
    );
    // SPOOL ... PURGE throws an open file away.
    await p.post("/SYSA/users/U06/punch", { records: ["lost"] });
    expect(await p.cp("SYSA", "U06", "SPOOL PUNCH NOCONT PURGE")).toEqual({ rc: 0, lines: [] });
    expect(await p.cp("SYSA", "U06", "CLOSE PUNCH")).toEqual({ rc: 0, lines: [] });
  });

  it("ORDER puts reader files first in the order named; the reader reads them in that order", async () => {
    const p = await spoolPlex("order1");
    await p.logon("SYSA", "U08");
    await p.cp("SYSA", "U08", "SP PU * RDR");
    const made: string[] = [];
    for (const r of ["a", "b", "c"])
      made.push((await p.post("/SYSA/users/U08/punch", { records: [r] })).body.spoolid as string);
    expect(ids(await p.cp("SYSA", "U08", "Q RDR"))).toEqual(made);
    expect(await p.cp("SYSA", "U08", `ORDER RDR ${made[2]} ${made[0]}`)).toEqual({
      rc: 0,
      lines: ["0000002 FILES ORDERED"],
    });
    expect(ids(await p.cp("SYSA", "U08", "Q RDR"))).toEqual([made[2], made[0], made[1]]);
    expect((await p.post("/SYSA/users/U08/reader/open", {})).body.records).toEqual(["c"]);
    expect((await p.cp("SYSA", "U08", "ORDER RDR 9998")).lines).toEqual([
      "HCPCSP042E User U08 spoolid 9998 does not exist",
      "NO FILES ORDERED",
    ]);
  });

  it("an operator lists every user's files with OWNERID on each system that shares them; a printer file of an excluded user stays local (scenario 28)", async () => {
    const p = await spoolPlex("out4");
    // OPERATOR (class D) is logged on at IPL.
    await p.logon("SYSA", "U09");
    await p.logon("SYSA", "U49");
    const shared = (await p.post("/SYSA/users/U09/print", { records: ["shared"] })).body.spoolid as string;
    const local = (await p.post("/SYSA/users/U49/print", { records: ["rscs-like"] })).body.spoolid as string;
    const onA = await p.cp("SYSA", "OPERATOR", "Q PRT ALL");
    expect(onA.lines[0]).toMatch(/^OWNERID  FILE CLASS/);
    expect(ids(onA).sort()).toEqual([shared, local].sort());
    expect(ids(await p.cp("SYSB", "OPERATOR", "Q PRT ALL"))).toEqual([shared]);
    expect(ids(await p.cp("SYSB", "OPERATOR", "Q PRT U09"))).toEqual([shared]);
    // A class G user cannot name another user.
    expect((await p.cp("SYSA", "U09", "Q PRT U49")).rc).toBe(3);
    expect((await p.cp("SYSA", "U09", "PURGE U49 PRT ALL")).rc).toBe(26);
    expect((await p.cp("SYSB", "OPERATOR", "PURGE U09 PRT ALL")).lines).toEqual(["0000001 FILE PURGED"]);
  });
});

describe("review findings", () => {
  it("LOGOFF closes a file left open with CONT and spools it", async () => {
    const p = await spoolPlex("rev1");
    await p.logon("SYSA", "U13");
    await p.cp("SYSA", "U13", "SPOOL PUNCH TO * CONT");
    await p.post("/SYSA/users/U13/punch", { records: ["kept at logoff"] });
    await p.cp("SYSA", "U13", "LOGOFF");
    await p.logon("SYSA", "U13");
    const q = await p.cp("SYSA", "U13", "Q RDR");
    expect(q.lines).toHaveLength(2);
    expect((await p.get(`/SYSA/users/U13/reader/${ids(q)[0]}`)).body.records).toEqual(["kept at logoff"]);
  });

  it("SPOOL TO a user not in the directory is refused; CLOSE ... KEEP keeps the file", async () => {
    const p = await spoolPlex("rev2");
    await p.logon("SYSA", "U14");
    expect(await p.cp("SYSA", "U14", "SPOOL PUNCH TO NOBODY")).toEqual({
      rc: 53,
      lines: ["HCPSPL053E NOBODY not in CP directory"],
    });
    expect((await p.cp("SYSA", "U14", "SPOOL PUNCH CLASS *")).rc).toBe(26);
    await p.cp("SYSA", "U14", "SPOOL PUNCH * CONT");
    await p.post("/SYSA/users/U14/punch", { records: ["x"] });
    await p.cp("SYSA", "U14", "CLOSE PUNCH KEEP");
    expect((await p.cp("SYSA", "U14", "Q RDR")).lines[1]).toMatch(/ ON   OFF$/);
  });

  it("a shared file transferred to a user whose reader is not shared stays on the system that moved it", async () => {
    const p = await spoolPlex("rev3");
    for (const s of ["SYSA", "SYSB"]) await p.logon(s, "U48");
    await p.logon("SYSB", "U15");
    await p.cp("SYSB", "U15", "SP PU *");
    const id = (await p.post("/SYSB/users/U15/punch", { records: ["moving"] })).body.spoolid as string;
    expect((await p.cp("SYSA", "OPERATOR", "Q RDR ALL")).lines.some((l) => l.slice(9, 13) === id)).toBe(true);
    expect((await p.cp("SYSB", "U15", `TRANSFER RDR ${id} TO U48`)).rc).toBe(0);
    expect((await p.get(`/SYSB/users/U48/reader/${id}`)).status).toBe(200);
    expect((await p.get(`/SYSA/users/U48/reader/${id}`)).status).toBe(404);
    expect(await p.consoleOf("SYSA", "U48")).not.toContainEqual(expect.stringContaining(`RDR FILE ${id}`));
    expect(await p.consoleOf("SYSB", "U48")).toContainEqual(expect.stringContaining(`RDR FILE ${id}`));
  });
});

describe("records are bytes", () => {
  it("binary records round-trip as base64; text stays text; a lone surrogate is refused with where it is", async () => {
    const p = await spoolPlex("bytes1");
    await p.logon("SYSA", "U10");
    await p.cp("SYSA", "U10", "SPOOL PUNCH *");
    const all = new Uint8Array(256).map((_, i) => i);
    const b64 = btoa(String.fromCharCode(...all));
    const r = await p.post("/SYSA/users/U10/punch", { records: [b64, "", "wA=="], encoding: "base64" });
    expect(r.status).toBe(200);
    const read = (await p.get(`/SYSA/users/U10/reader/${r.body.spoolid as string}`))
      .body as unknown as ReadBody;
    expect(read.encoding).toBe("base64");
    expect(read.records).toEqual([b64, "", "wA=="]);
    const text = await p.post("/SYSA/users/U10/punch", { records: ["plain"] });
    const asB64 = await call(`${p.B}/SYSA/users/U10/reader/${text.body.spoolid as string}?encoding=base64`, {
      token: p.T,
    });
    expect(((await asB64.json()) as ReadBody).records).toEqual([btoa("plain")]);

    const bad = await p.post("/SYSA/users/U10/punch", { records: ["ok", "\ud800"] });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { code: string; message: string }).message).toMatch(/records\[1\]/);
    const notB64 = await p.post("/SYSA/users/U10/punch", { records: ["***"], encoding: "base64" });
    expect(notB64.status).toBe(400);
  });

  it("a 1 MiB file punched to a user on another system comes back byte for byte; one byte more is refused", async () => {
    const p = await spoolPlex("bytes2");
    await p.logon("SYSA", "U11");
    await p.logon("SYSB", "U12");
    await p.cp("SYSA", "U11", "SPOOL PUNCH TO U12");
    // 4096 records of 256 bytes: every byte value, in a different order per record.
    const records = Array.from({ length: 4096 }, (_, k) => {
      const rec = new Uint8Array(256).map((_, i) => (i * 7 + k) & 0xff);
      return btoa(String.fromCharCode(...rec));
    });
    const r = await p.post("/SYSA/users/U11/punch", { records, encoding: "base64" });
    expect(r.status).toBe(200);
    expect(r.body.lines).toEqual([
      `PUN FILE ${r.body.spoolid as string} SENT TO   U12      RDR AS  ${r.body.spoolid as string} RECS 4096 CPY  001 A NOHOLD NOKEEP`,
    ]);
    const back = (await p.get(`/SYSB/users/U12/reader/${r.body.spoolid as string}`))
      .body as unknown as ReadBody;
    expect(back.encoding).toBe("base64");
    expect(back.records).toEqual(records);
    const over = await p.post("/SYSA/users/U11/punch", { records: [...records, "AA=="], encoding: "base64" });
    expect(over.status).toBe(413);
    expect((over.body.error as { code: string }).code).toBe("FILE_TOO_LARGE");
  });
});

describe("the spool under concurrency", () => {
  it("punches from users on two systems at once get unique spool ids, and each file arrives once", async () => {
    const p = await spoolPlex("race1");
    const senders = ["U30", "U31", "U32", "U33"];
    const systems = ["SYSA", "SYSB"];
    for (const [i, u] of senders.entries()) {
      await p.logon(systems[i % 2], u);
      await p.cp(systems[i % 2], u, "SPOOL PUNCH TO U34");
    }
    await p.logon("SYSB", "U34");
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, k) => {
        const i = k % senders.length;
        return p.post(`/${systems[i % 2]}/users/${senders[i]}/punch`, { records: [`file ${k}`] });
      }),
    );
    const idsSent = sent.map((r) => r.body.spoolid as string);
    expect(new Set(idsSent).size).toBe(40);
    const q = await p.cp("SYSA", "OPERATOR", "Q RDR U34");
    expect(ids(q).sort()).toEqual([...idsSent].sort());
    const notices = (await p.consoleOf("SYSB", "U34")).filter((l) => l.startsWith("RDR FILE"));
    expect(notices.map((l) => l.slice(9, 13)).sort()).toEqual([...idsSent].sort());
  });

  it("two systems opening the same reader file at once: one gets it, the other is told it is locked", async () => {
    const p = await spoolPlex("race2");
    for (const s of ["SYSA", "SYSB"]) await p.logon(s, "U35");
    await p.cp("SYSA", "U35", "SP PU *");
    for (let round = 0; round < 10; round++) {
      const id = (await p.post("/SYSA/users/U35/punch", { records: [`round ${round}`] })).body
        .spoolid as string;
      const [a, b] = await Promise.all(
        ["SYSA", "SYSB"].map((s) => p.post(`/${s}/users/U35/reader/open`, { spoolid: id })),
      );
      expect([a.status, b.status].sort(), `round ${round}`).toEqual([200, 409]);
      const winner = a.status === 200 ? "SYSA" : "SYSB";
      // The winner's CLOSE purges it (NOKEEP); the reader is free for the next round.
      await p.cp(winner, "U35", "CLOSE RDR");
      expect((await p.get(`/SYSA/users/U35/reader/${id}`)).status).toBe(404);
    }
  });
});
