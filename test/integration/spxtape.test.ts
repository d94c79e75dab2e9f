import { describe, expect, it } from "vitest";
import ltic from "../../examples/ltic/plex.json";
import { call, newTenant } from "./helpers";
import { spoolPlex } from "./spool-helpers";

type Answer = { rc: number; lines: string[] };
type ReadBody = { spoolid: string; from: string; encoding: string; records: string[] };
type TapeDoc = {
  format: string;
  volser: string;
  files: { spoolid: string; owner: string; cls: string; data: string }[];
};

const ids = (a: Answer) => a.lines.slice(1).map((l) => l.slice(9, 13));
const field = (lines: string[], name: string) =>
  lines
    .find((l) => l.startsWith(name))
    ?.slice(name.length)
    .trim();

describe("SPXTAPE: the seed's steps (dump, IPL CLEAN, load)", () => {
  it("every file comes back after IPL CLEAN, with its spool id, hold and contents, also from a downloaded and re-uploaded tape", async () => {
    const p = await spoolPlex("spx1");
    await p.logon("SYSC", "U20");
    await p.logon("SYSC", "U21");
    await p.cp("SYSC", "U20", "SPOOL PUNCH TO U21");
    const text = (
      await p.post("/SYSC/users/U20/punch", { records: ["hello", "", "  world  "], name: "a", type: "b" })
    ).body.spoolid as string;
    const binary = btoa(String.fromCharCode(...new Uint8Array(256).map((_, i) => 255 - i)));
    const bin = (await p.post("/SYSC/users/U20/punch", { records: [binary], encoding: "base64" })).body
      .spoolid as string;
    await p.cp("SYSC", "U20", "SPOOL PUNCH TO * HOLD");
    const held = (await p.post("/SYSC/users/U20/punch", { records: ["held"] })).body.spoolid as string;
    const printed = (await p.post("/SYSC/users/U21/print", { records: ["listing"] })).body.spoolid as string;
    const readerFiles = [
      [text, "U21"],
      [bin, "U21"],
      [held, "U20"],
    ] as const;
    const before = new Map<string, unknown>();
    for (const [id, owner] of readerFiles)
      before.set(id, (await p.get(`/SYSC/users/${owner}/reader/${id}`)).body);

    // MAINT (class D) gets a tape drive with a scratch tape, and dumps the whole spool.
    await p.post("/SYSC/users/MAINT/logon", { password: "MAINTPW" });
    expect((await p.post("/SYSC/users/MAINT/tapes", { vdev: "181", volser: "SPX001" })).body).toEqual({
      rc: 0,
      lines: ["TAPE 0181 ATTACHED TO MAINT 0181", "TAPE SPX001 MOUNTED ON 0181"],
    });
    const dump = await p.cp("SYSC", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL");
    expect(dump.rc).toBe(0);
    expect(dump.lines[0]).toBe("SPXTAPE DUMP INITIATED ON VDEV 0181");
    expect(dump.lines[1]).toBe("SPXTAPE DUMP COMMAND COMPLETED ON VDEV 0181");
    expect(field(dump.lines, "FILES PROCESSED:")).toBe("0000004");

    const download = await call(`/v1/plexes/spx1/tapes/SPX001`, { token: p.T });
    expect(download.status).toBe(200);
    const tape = (await download.json()) as TapeDoc;
    expect(tape.format).toBe("cseplex-spxtape/1");
    expect(tape.files.map((f) => f.spoolid).sort()).toEqual([text, bin, held, printed].sort());

    // IPL CLEAN trashes the spool of a system that does not share it.
    expect((await p.post("/SYSC/shutdown", {})).status).toBe(200);
    expect((await p.post("/SYSC/ipl", { clean: true })).body.lines).toContain(
      "4 UNSHARED SPOOL FILES DISCARDED BY IPL CLEAN",
    );
    await p.post("/SYSC/users/MAINT/logon", { password: "MAINTPW" });
    expect((await p.cp("SYSC", "MAINT", "Q RDR ALL")).lines).toEqual(["NO RDR FILES"]);

    // The tape leaves the plex and comes back: deleted, then uploaded under a new volser.
    expect((await call(`/v1/plexes/spx1/tapes/SPX001`, { token: p.T, method: "DELETE" })).status).toBe(204);
    expect((await call(`/v1/plexes/spx1/tapes/SPX001`, { token: p.T })).status).toBe(404);
    const upload = await call(`/v1/plexes/spx1/tapes/SPX002`, { token: p.T, method: "PUT", body: tape });
    expect(upload.status).toBe(200);
    expect(((await upload.json()) as { files: number }).files).toBe(4);

    await p.post("/SYSC/users/MAINT/tapes", { vdev: "181", volser: "SPX002" });
    const scan = await p.cp("SYSC", "MAINT", "SPXTAPE SCAN 181");
    expect(scan.lines[1]).toMatch(/^OWNERID  FILE CLASS/);
    expect(field(scan.lines, "FILES PROCESSED:")).toBe("0000004");
    const load = await p.cp("SYSC", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL");
    expect(load.rc).toBe(0);
    expect(field(load.lines, "FILES PROCESSED:")).toBe("0000004");

    for (const [id, owner] of readerFiles)
      expect((await p.get(`/SYSC/users/${owner}/reader/${id}`)).body).toEqual(before.get(id));
    expect((await p.get(`/SYSC/users/U21/reader/${bin}`)).body).toMatchObject({
      encoding: "base64",
      records: [binary],
    });
    const rdr = await p.cp("SYSC", "MAINT", "Q RDR ALL");
    expect(rdr.lines.find((l) => l.slice(9, 13) === held)).toMatch(/^U20 .* USER /);
    expect(ids(await p.cp("SYSC", "MAINT", "Q PRT ALL"))).toEqual([printed]);

    // NODUP leaves files that are already there alone.
    const again = await p.cp("SYSC", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL NODUP");
    expect(field(again.lines, "FILES PROCESSED:")).toBe("0000000");
  });

  it("class G dumps only its own files; an empty tape or a missing drive is an error", async () => {
    const p = await spoolPlex("spx2");
    await p.logon("SYSC", "U22");
    await p.logon("SYSC", "U23");
    await p.cp("SYSC", "U22", "SP PU *");
    await p.cp("SYSC", "U23", "SP PU *");
    const mine = (await p.post("/SYSC/users/U22/punch", { records: ["mine"] })).body.spoolid as string;
    await p.post("/SYSC/users/U23/punch", { records: ["theirs"] });
    expect((await p.cp("SYSC", "U22", "SPXTAPE DUMP 181 SPOOL ALL")).lines).toEqual([
      "HCPSPX040E Device 0181 does not exist",
    ]);
    await p.post("/SYSC/users/U22/tapes", { vdev: "181", volser: "MINE01" });
    expect((await p.cp("SYSC", "U22", "SPXTAPE LOAD 181 SPOOL ALL")).rc).toBe(9060);
    expect((await p.cp("SYSC", "U22", "SPXTAPE DUMP 181 SPOOL ALL USER U23")).rc).toBe(9062);
    const dump = await p.cp("SYSC", "U22", "SPXTAPE DUMP 181 SPOOL RDR ALL");
    expect(field(dump.lines, "FILES PROCESSED:")).toBe("0000001");
    const tape = (await (await call(`/v1/plexes/spx2/tapes/MINE01`, { token: p.T })).json()) as TapeDoc;
    expect(tape.files.map((f) => [f.spoolid, f.owner])).toEqual([[mine, "U22"]]);
    // DUMP ... PURGE takes the dumped files out of the spool.
    await p.cp("SYSC", "U22", "SPXTAPE DUMP 181 SPOOL ALL PURGE");
    expect((await p.cp("SYSC", "U22", "Q RDR")).lines).toEqual(["NO RDR FILES"]);
    // A DETACHed drive is gone.
    expect((await p.cp("SYSC", "U22", "DETACH 181")).rc).toBe(0);
    expect((await p.cp("SYSC", "U22", "SPXTAPE SCAN 181")).rc).toBe(40);

    const list = (await (await call(`/v1/plexes/spx2/tapes`, { token: p.T })).json()) as {
      tapes: { volser: string; files: number }[];
    };
    expect(list.tapes).toEqual([expect.objectContaining({ volser: "MINE01", files: 1 })]);
    const bad = await call(`/v1/plexes/spx2/tapes/BAD001`, {
      token: p.T,
      method: "PUT",
      body: { files: [] },
    });
    expect(bad.status).toBe(400);
    // An upload is checked before anything is stored: what is wrong, and where.
    const upload = async (files: unknown[]) => {
      const r = await call(`/v1/plexes/spx2/tapes/BAD001`, {
        token: p.T,
        method: "PUT",
        body: { ...tape, files },
      });
      return {
        status: r.status,
        error: ((await r.json()) as { error?: { code: string; message: string } }).error,
      };
    };
    const good = tape.files[0];
    expect(await upload([{ ...good, data: "not base64!" }])).toMatchObject({
      status: 400,
      error: { code: "BAD_REQUEST" },
    });
    expect(await upload([good, { ...good, data: btoa("\u0000\u0000\u0000\u0005ab") }])).toMatchObject({
      status: 400,
      error: { code: "BAD_RECORD", message: "files[1].data record 0 (byte 0) says 5 bytes; only 2 follow" },
    });
    expect((await upload([{ ...good, spoolid: "0000" }])).status).toBe(400);
    expect((await upload([{ ...good, cls: "*" }])).status).toBe(400);
    // 9 files of 1 MiB do not fit on an 8 MiB tape.
    const mib = btoa(String.fromCharCode(0, 16, 0, 0) + "\u00c1".repeat(1024 * 1024));
    const big = await upload(
      Array.from({ length: 9 }, (_, i) => ({ ...good, spoolid: String(i + 1).padStart(4, "0"), data: mib })),
    );
    expect(big).toMatchObject({ status: 413, error: { code: "TAPE_TOO_LARGE" } });
    expect((await call(`/v1/plexes/spx2/tapes/BAD001`, { token: p.T })).status).toBe(404);
  });
});

describe("SPXTAPE: whose tape, and files that come back twice", () => {
  it("class G may not overwrite another user's dump; NODUP knows a reloaded file by its origin, not its id", async () => {
    const p = await spoolPlex("spx3");
    await p.logon("SYSC", "U24");
    await p.post("/SYSC/users/MAINT/logon", { password: "MAINTPW" });
    await p.cp("SYSC", "U24", "SP PU *");
    const id = (await p.post("/SYSC/users/U24/punch", { records: ["once"] })).body.spoolid as string;
    // Volsers are read in upper case, as CP reads them.
    await p.post("/SYSC/users/MAINT/tapes", { vdev: "181", volser: "ops001" });
    expect((await p.cp("SYSC", "MAINT", "SPXTAPE DUMP 181 SPOOL ALL")).rc).toBe(0);
    await p.post("/SYSC/users/U24/tapes", { vdev: "181", volser: "OPS001" });
    expect((await p.cp("SYSC", "U24", "SPXTAPE DUMP 181 SPOOL ALL")).lines).toEqual([
      "HCPSPX9063E Tape OPS001 holds files MAINT dumped; a class G user writes only its own or a scratch tape",
    ]);
    // The file is still there, so LOAD gives the copy another id; a second LOAD NODUP knows it.
    const load = await p.cp("SYSC", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL");
    expect(field(load.lines, "FILES PROCESSED:")).toBe("0000001");
    const both = ids(await p.cp("SYSC", "MAINT", "Q RDR ALL"));
    expect(both).toHaveLength(2);
    expect(both).toContain(id);
    const nodup = await p.cp("SYSC", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL NODUP");
    expect(field(nodup.lines, "FILES PROCESSED:")).toBe("0000000");
    // A file TRANSFERred after the DUMP is still the same file to NODUP.
    await p.logon("SYSC", "U25");
    expect((await p.cp("SYSC", "MAINT", `TRANSFER U24 RDR ${id} TO U25`)).rc).toBe(0);
    expect(
      field((await p.cp("SYSC", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL NODUP")).lines, "FILES PROCESSED:"),
    ).toBe("0000000");
  });

  it("two like files on one tape both load, NODUP or not; names on an uploaded tape are checked", async () => {
    const p = await spoolPlex("spx4");
    await p.post("/SYSC/users/MAINT/logon", { password: "MAINTPW" });
    const twin = {
      spoolid: "0007",
      origin: "SYSC",
      from: "U26",
      owner: "U26",
      queue: "RDR",
      made: "PUN",
      cls: "A",
      name: "CARD",
      type: "DECK",
      dist: "U26",
      copies: 1,
      hold: "NONE",
      keep: false,
      created: "2026-01-01T00:00:00.000Z",
      data: btoa("\u0000\u0000\u0000\u0002hi"),
    };
    const put = (files: unknown[]) =>
      call(`/v1/plexes/spx4/tapes/TWIN01`, {
        token: p.T,
        method: "PUT",
        body: { format: "cseplex-spxtape/1", files },
      });
    expect((await put([{ ...twin, name: "card" }])).status).toBe(400);
    expect((await put([twin, { ...twin, spoolid: "0008" }])).status).toBe(200);
    await p.post("/SYSC/users/MAINT/tapes", { vdev: "181", volser: "TWIN01" });
    const load = await p.cp("SYSC", "MAINT", "SPXTAPE LOAD 181 SPOOL ALL NODUP");
    expect(field(load.lines, "FILES PROCESSED:")).toBe("0000002");
    expect(ids(await p.cp("SYSC", "MAINT", "Q RDR U26")).sort()).toEqual(["0007", "0008"]);
  });
});

/** The LTIC plex of the seed, optionally with every system sharing spool. */
async function lticPlex(name: string, share: boolean) {
  const token = await newTenant();
  const cfg = ltic.systemConfig["SYSTEM CONFIG"];
  const systemConfig = {
    ...ltic.systemConfig,
    "SYSTEM CONFIG": share ? cfg.replaceAll("Share_Spool NO", "Share_Spool YES") : cfg,
  };
  expect((await call("/v1/plexes", { token, body: { ...ltic, name, systemConfig } })).status).toBe(201);
  const B = `/v1/plexes/${name}/systems`;
  const post = async (path: string, body: unknown) => {
    const r = await call(`${B}${path}`, { token, body });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const cp = async (s: string, u: string, command: string) =>
    (await post(`/${s}/users/${u}/cp`, { command })).body as Answer;
  return {
    token,
    B,
    post,
    cp,
    shareConfig: {
      ...ltic.systemConfig,
      "SYSTEM CONFIG": cfg.replaceAll("Share_Spool NO", "Share_Spool YES"),
    },
  };
}

describe("shared spool in the LTIC plex", () => {
  it("a file punched on LTICVM1 to a user logged on to LTICVM9 arrives byte for byte and shows once in QUERY READER ALL on both", async () => {
    const x = await lticPlex("lticspool", true);
    for (const s of ["LTICVM1", "LTICVM9"]) expect((await x.post(`/${s}/ipl`, {})).status).toBe(200);
    expect((await x.post("/LTICVM1/users/TCPMAINT/logon", { password: "TCPMAINT" })).body.rc).toBe(0);
    expect((await x.post("/LTICVM9/users/MAINT/logon", { password: "LTICMNT" })).body.rc).toBe(0);
    await x.cp("LTICVM1", "TCPMAINT", "SPOOL PUNCH TO MAINT");
    const records = ["PROFILE TCPIP", "  DEVICE OSA1 OSD 0600  ", "", "ÿ þ € \u0001"];
    const sent = await x.post("/LTICVM1/users/TCPMAINT/punch", { records, name: "profile", type: "tcpip" });
    const id = sent.body.spoolid as string;
    const got = await call(`${x.B}/LTICVM9/users/MAINT/reader/${id}`, { token: x.token });
    expect(((await got.json()) as ReadBody).records).toEqual(records);
    for (const s of ["LTICVM1", "LTICVM9"]) {
      const q = await x.cp(s, "OPERATOR", "QUERY READER ALL");
      expect(
        q.lines.filter((l) => l.slice(9, 13) === id),
        s,
      ).toHaveLength(1);
      expect(q.lines.find((l) => l.slice(9, 13) === id)).toMatch(/^MAINT /);
    }
  });

  it("retrofitting shared spool takes SPXTAPE DUMP, IPL CLEAN and LOAD, as the seed says", async () => {
    const x = await lticPlex("lticretro", false);
    for (const s of ["LTICVM1", "LTICVM9"]) expect((await x.post(`/${s}/ipl`, {})).status).toBe(200);
    await x.post("/LTICVM9/users/MAINT/logon", { password: "LTICMNT" });
    await x.cp("LTICVM9", "MAINT", "SPOOL PUNCH *");
    const id = (await x.post("/LTICVM9/users/MAINT/punch", { records: ["kept across the move"] })).body
      .spoolid as string;
    expect((await x.cp("LTICVM1", "OPERATOR", "Q RDR ALL")).lines).toEqual(["NO RDR FILES"]);
    // The new SYSTEM CONFIG says Share_Spool YES; each system reads it at its next IPL.
    const put = await call(`/v1/plexes/lticretro/config`, {
      token: x.token,
      method: "PUT",
      body: { systemConfig: x.shareConfig },
    });
    expect(put.status).toBe(200);
    // Until it is IPLed, LTICVM9 runs with the config it read: a new file is still its own.
    await x.post("/LTICVM9/users/MAINT/punch", { records: ["made before the IPL"] });
    expect((await x.cp("LTICVM1", "OPERATOR", "Q RDR ALL")).lines).toEqual(["NO RDR FILES"]);
    await x.post("/LTICVM9/users/MAINT/tapes", { vdev: "181", volser: "VM9SPL" });
    expect((await x.cp("LTICVM9", "MAINT", "SPXTAPE DUMP 181 STD ALL")).rc).toBe(0);
    for (const s of ["LTICVM9", "LTICVM1"]) {
      expect((await x.post(`/${s}/shutdown`, {})).status).toBe(200);
      expect((await x.post(`/${s}/ipl`, { clean: s === "LTICVM9" })).status).toBe(200);
    }
    expect((await call(`${x.B}/LTICVM9/users/MAINT/reader/${id}`, { token: x.token })).status).toBe(404);
    await x.post("/LTICVM9/users/MAINT/logon", { password: "LTICMNT" });
    await x.post("/LTICVM9/users/MAINT/tapes", { vdev: "181", volser: "VM9SPL" });
    expect((await x.cp("LTICVM9", "MAINT", "SPXTAPE LOAD 181 STD ALL")).rc).toBe(0);
    // Back, and now in the shared spool: LTICVM1 sees them too.
    expect(ids(await x.cp("LTICVM1", "OPERATOR", "Q RDR ALL"))).toHaveLength(2);
    expect(ids(await x.cp("LTICVM1", "OPERATOR", "Q RDR ALL"))).toContain(id);
    const back = await call(`${x.B}/LTICVM1/users/MAINT/reader/${id}`, { token: x.token });
    expect(((await back.json()) as ReadBody).records).toEqual(["kept across the move"]);
  });
});
