import ltic from "../../examples/ltic/plex.json";
import { describe, expect, it } from "vitest";
import { parseDirectory } from "../../src/directory/parse";
import { call, newTenant } from "./helpers";

/**
 * The seed's directory merge over HTTP (issue #12): DIRMAINT on LTICVM1 keeps the source, a
 * satellite DIRMSATn on every other system applies each change it sends over RSCS. A satellite
 * that is FORCEd leaves its system behind (GET /directory says why) and catches up when it is
 * XAUTOLOGged; a drained RSCS link delays a change and never loses it.
 */

const SATELLITES: Record<string, string> = {
  LTICVM2: "DIRMSAT2",
  LTICVM4: "DIRMSAT4",
  LTICVM5: "DIRMSAT5",
  LTICVM7: "DIRMSAT7",
  LTICVM9: "DIRMSAT9",
};
const SYSTEMS = ["LTICVM1", ...Object.keys(SATELLITES)];

async function mergedPlex(name: string) {
  const token = await newTenant();
  // examples/ltic: RSCS on every system (AUTOLOG1 starts it), CONFIG DATADVH on DIRMAINT's 11F.
  const body = { ...ltic, name };
  const created = await call("/v1/plexes", { token, body });
  expect(created.status, await created.clone().text()).toBe(201);
  const sys = (s: string) => `/v1/plexes/${name}/systems/${s}`;
  for (const s of SYSTEMS) expect((await call(`${sys(s)}/ipl`, { token, body: {} })).status).toBe(200);
  const cp = async (s: string, command: string, userid = "MAINT") =>
    (await (await call(`${sys(s)}/users/${userid}/cp`, { token, body: { command } })).json()) as {
      rc: number;
      lines: string[];
    };
  const cms = async (s: string, command: string, userid = "MAINT") => {
    const r = await call(`${sys(s)}/users/${userid}/cms`, { token, body: { command } });
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as { rc: number; lines: string[] };
  };
  const directory = async () => {
    const r = await call(`/v1/plexes/${name}/directory`, { token });
    expect(r.status).toBe(200);
    return (await r.json()) as {
      source: { version: number };
      systems: { system: string; version: number; behind: number; why?: string }[];
    };
  };
  for (const s of SYSTEMS)
    expect((await call(`${sys(s)}/users/MAINT/logon`, { token, body: { password: "LTICMNT" } })).status).toBe(
      200,
    );
  // VMPCOM (DirMaint's disks, and the minidisks the changes below add) online under XLINK everywhere.
  for (const c of ["ATTACH 5700 TO * AS 0300", "XLINK FORMAT 0300 VMPCOM", "DETACH 0300"])
    ok(await cp("LTICVM1", c));
  for (const s of SYSTEMS) ok(await cp(s, "ATTACH 5700 SYSTEM"));
  ok(await cp("LTICVM1", "XAUTOLOG DIRMAINT"));
  for (const [s, sat] of Object.entries(SATELLITES)) ok(await cp(s, `XAUTOLOG ${sat}`));
  // What a system's object directory says of TCPIP's minidisk `vdev`: CP's answer to MAINT's LINK
  // without a password is HCPLNM111E (no read password) when it is there, 107E when it is not.
  const linkRc = async (s: string, vdev: string) => (await cp(s, `LINK TCPIP ${vdev} ${vdev} RR`)).rc;
  return { token, sys, cp, cms, directory, linkRc };
}

const DEFINED = 111;
const NOT_DEFINED = 107;

/** Expects CP's or CMS's rc 0, showing the lines when not. */
const ok = (a: { rc: number; lines: string[] }) => expect(a.rc, a.lines.join("\n")).toBe(0);

const behindOf = (d: { systems: { system: string; behind: number }[] }) =>
  Object.fromEntries(d.systems.map((s) => [s.system, s.behind]));

// Six systems IPLed and a satellite each: seconds of work, more on a busy CI machine.
describe("DirMaint with satellites over RSCS", { timeout: 60_000 }, () => {
  it("carries a change to every system; a FORCEd satellite's system falls behind and catches up in order", async () => {
    const p = await mergedPlex("dirm1");
    const before = await p.directory();
    expect(before.systems.every((s) => s.behind === 0)).toBe(true);

    // The seed's example: a minidisk for TCPIP, made on LTICVM1 and placed online everywhere.
    const add = await p.cms("LTICVM1", "DIRM FOR TCPIP AMDISK 0193 3390 3200 10 VMPCOM MR");
    expect(add.rc, add.lines.join("\n")).toBe(0);
    expect(add.lines.join("\n")).toMatch(/DVHREQ2289I/);
    const one = await p.directory();
    expect(one.source.version).toBe(before.source.version + 1);
    expect(behindOf(one)).toEqual(Object.fromEntries(SYSTEMS.map((s) => [s, 0])));
    for (const s of SYSTEMS) expect(await p.linkRc(s, "0193"), s).toBe(DEFINED);

    // "Turn off directory updates on VM5 by forcing DIRMSAT5": the next change reaches five systems.
    ok(await p.cp("LTICVM5", "FORCE DIRMSAT5"));
    const second = await p.cms("LTICVM1", "DIRM FOR TCPIP AMDISK 0194 3390 3210 10 VMPCOM MR");
    expect(second.rc, second.lines.join("\n")).toBe(0);
    const two = await p.directory();
    const vm5 = two.systems.find((s) => s.system === "LTICVM5")!;
    expect(vm5.behind).toBe(1);
    expect(vm5.why).toMatch(/DIRMSAT5 is not logged on at LTICVM5 \(1 update in its reader\)/);
    expect(two.systems.filter((s) => s.behind > 0).map((s) => s.system)).toEqual(["LTICVM5"]);
    expect(await p.linkRc("LTICVM2", "0194")).toBe(DEFINED);
    expect(await p.linkRc("LTICVM5", "0194")).toBe(NOT_DEFINED);

    // An IPL does not rebuild the object directory: LTICVM5 comes back with the one it had.
    for (const step of ["shutdown", "ipl"])
      expect((await call(`${p.sys("LTICVM5")}/${step}`, { token: p.token, body: {} })).status).toBe(200);
    ok(
      await call(`${p.sys("LTICVM5")}/users/MAINT/logon`, {
        token: p.token,
        body: { password: "LTICMNT" },
      }).then((r) => r.json() as Promise<{ rc: number; lines: string[] }>),
    );
    expect(behindOf(await p.directory()).LTICVM5).toBe(1);
    expect(await p.linkRc("LTICVM5", "0194")).toBe(NOT_DEFINED);

    // XAUTOLOG DIRMSAT5: it reads its reader and LTICVM5 catches up.
    ok(await p.cp("LTICVM5", "XAUTOLOG DIRMSAT5"));
    expect(behindOf(await p.directory()).LTICVM5).toBe(0);
    expect(await p.linkRc("LTICVM5", "0194")).toBe(DEFINED);

    // A request from another system goes to DIRMAINT over RSCS; DirMaint's answers come back as messages.
    const remote = await p.cms("LTICVM2", "DIRM FOR TCPIP AMDISK 0195 3390 3220 10 VMPCOM MR");
    ok(remote);
    expect(remote.lines.join(" ")).toMatch(
      /DVHXMT1191I Your AMDISK request has been sent for processing to DIRMAINT/,
    );
    const console2 = (await (
      await call(`${p.sys("LTICVM2")}/users/MAINT/console`, { token: p.token })
    ).json()) as {
      lines: { text: string }[];
    };
    expect(console2.lines.map((l) => l.text).join("\n")).toMatch(/DVHREQ2289I/);
    expect(behindOf(await p.directory())).toEqual(Object.fromEntries(SYSTEMS.map((s) => [s, 0])));
    expect(await p.linkRc("LTICVM9", "0195")).toBe(DEFINED);

    // PUT /directory is DIRECTXA on every system from one file: the new base, nobody behind.
    expect(
      (
        await call(`/v1/plexes/dirm1/directory`, {
          token: p.token,
          method: "PUT",
          body: { directory: ltic.directory },
        })
      ).status,
    ).toBe(200);
    const rebased = await p.directory();
    expect(behindOf(rebased)).toEqual(Object.fromEntries(SYSTEMS.map((s) => [s, 0])));
    expect(await p.linkRc("LTICVM1", "0193")).toBe(NOT_DEFINED);
  });

  it("DIRMAINT starting sends an update to a satellite whose system is behind (its update was lost)", async () => {
    const p = await mergedPlex("dirm5");
    ok(await p.cp("LTICVM9", "FORCE DIRMSAT9"));
    ok(await p.cms("LTICVM1", "DIRM FOR TCPIP AMDISK 0193 3390 3200 10 VMPCOM MR"));
    // The update waits in DIRMSAT9's reader; MAINT purges it (what an IPL CLEAN would do).
    ok(await p.cp("LTICVM9", "PURGE DIRMSAT9 RDR ALL"));
    ok(await p.cp("LTICVM9", "XAUTOLOG DIRMSAT9"));
    expect(behindOf(await p.directory()).LTICVM9).toBe(1);
    ok(await p.cp("LTICVM1", "FORCE DIRMAINT"));
    ok(await p.cp("LTICVM1", "XAUTOLOG DIRMAINT"));
    expect(behindOf(await p.directory()).LTICVM9).toBe(0);
    expect(await p.linkRc("LTICVM9", "0193")).toBe(DEFINED);
  });

  it("concurrent DIRM requests each make one version, and every system ends at the last", async () => {
    const p = await mergedPlex("dirm6");
    const before = (await p.directory()).source.version;
    const vdevs = ["0193", "0194", "0195", "0196", "0197"];
    const answers = await Promise.all(
      vdevs.map((v, i) => p.cms("LTICVM1", `DIRM FOR TCPIP AMDISK ${v} 3390 ${3200 + 10 * i} 10 VMPCOM MR`)),
    );
    for (const a of answers) ok(a);
    const after = await p.directory();
    expect(after.source.version).toBe(before + vdevs.length);
    expect(behindOf(after)).toEqual(Object.fromEntries(SYSTEMS.map((s) => [s, 0])));
    for (const v of vdevs) expect(await p.linkRc("LTICVM9", v), v).toBe(DEFINED);
  });

  it("a drained RSCS link delays a change and never loses it", async () => {
    const p = await mergedPlex("dirm2");
    const drained = await p.cp("LTICVM1", "SMSG RSCS DRAIN LTICVM7");
    expect(drained.rc, drained.lines.join("\n")).toBe(0);
    ok(await p.cms("LTICVM1", "DIRM FOR TCPIP AMDISK 0193 3390 3200 10 VMPCOM MR"));
    const d = await p.directory();
    const vm7 = d.systems.find((s) => s.system === "LTICVM7")!;
    expect(vm7.behind).toBe(1);
    expect(vm7.why).toMatch(/RSCS link LTICVM7 from LTICVM1 is down/);
    ok(await p.cp("LTICVM1", "SMSG RSCS START LTICVM7"));
    expect(behindOf(await p.directory()).LTICVM7).toBe(0);
    expect(await p.linkRc("LTICVM7", "0193")).toBe(DEFINED);
  });

  it("USER WITHPASS puts the monolithic source in the reader; bad requests change nothing", async () => {
    const p = await mergedPlex("dirm3");
    const before = await p.directory();
    const r = await p.cms("LTICVM1", "DIRM USER WITHPASS");
    expect(r.rc, r.lines.join("\n")).toBe(0);
    const q = await p.cp("LTICVM1", "QUERY READER * ALL");
    expect(q.lines.join("\n")).toMatch(/USER\s+WITHPASS/);
    // It parses back to the directory DIRMAINT keeps: the same entries with the same statements.
    const spoolid = /^\S+\s+(\d{4})\s.*USER\s+WITHPASS/m.exec(q.lines.join("\n"))![1];
    const file = (await (
      await call(`${p.sys("LTICVM1")}/users/MAINT/reader/${spoolid}`, { token: p.token })
    ).json()) as {
      records: string[];
    };
    const entries = (text: string) =>
      parseDirectory(text).users.map((u) => [
        u.userid,
        u.password,
        u.statements.map((st) => st.words.join(" ")),
      ]);
    expect(entries(file.records.join("\n"))).toEqual(entries(ltic.directory));

    for (const bad of [
      "DIRM FROBNICATE",
      "DIRM FOR NOSUCHU AMDISK 0193 3390 3200 10 VMPCOM MR",
      "DIRM FOR TCPIP AMDISK 0193 3390 3200 10 NOSUCH MR",
      "DIRM FOR TCPIP AMDISK 0191 3390 3200 10 VMPCOM MR",
      "DIRM FOR TCPIP AMDISK",
    ]) {
      const a = await p.cms("LTICVM1", bad);
      expect(a.rc, `${bad}: ${a.lines.join("\n")}`).not.toBe(0);
      expect(
        a.lines.some((l) => /^DVH/.test(l)),
        `${bad}: ${a.lines.join("\n")}`,
      ).toBe(true);
    }
    expect((await p.directory()).source.version).toBe(before.source.version);

    // A request while DIRMAINT is down waits in its reader; XAUTOLOG DIRMAINT processes it and
    // DirMaint's answer reaches the requester's console.
    ok(await p.cp("LTICVM1", "FORCE DIRMAINT"));
    const waiting = await p.cms("LTICVM1", "DIRM FOR TCPIP AMDISK 0193 3390 3200 10 VMPCOM MR");
    ok(waiting);
    expect(waiting.lines.join(" ")).not.toMatch(/DVHREQ2288I/);
    expect((await p.directory()).source.version).toBe(before.source.version);
    ok(await p.cp("LTICVM1", "XAUTOLOG DIRMAINT"));
    expect((await p.directory()).source.version).toBe(before.source.version + 1);
    const console1 = (await (
      await call(`${p.sys("LTICVM1")}/users/MAINT/console`, { token: p.token })
    ).json()) as {
      lines: { text: string }[];
    };
    expect(console1.lines.map((l) => l.text).join("\n")).toMatch(/DVHREQ2289I Your AMDISK request for TCPIP/);
  });

  it("a user without DirMaint authority may not change another user's entry", async () => {
    const p = await mergedPlex("dirm4");
    const logon = await call(`${p.sys("LTICVM1")}/users/TCPMAINT/logon`, {
      token: p.token,
      body: { password: "TCPMAINT" },
    });
    expect(logon.status).toBe(200);
    const r = await p.cms("LTICVM1", "DIRM FOR TCPIP CLASS ABCDEFG", "TCPMAINT");
    expect(r.rc, r.lines.join("\n")).not.toBe(0);
    expect(r.lines.join(" ")).toMatch(/DVH/);
    // Nor can it send DIRMAINT a request file in MAINT's name: DIRMAINT takes the sender from the
    // spool file (RSCS's NJE origin here), never from what the file says.
    const before = (await p.directory()).source.version;
    const forged = await call(`/v1/plexes/dirm4/files`, {
      token: p.token,
      method: "PUT",
      body: { files: { "TCPMAINT 0191": { "DIRM REQUEST": "FOR TCPIP CLASS ABCDEFG" } } },
    });
    expect(forged.status, await forged.clone().text()).toBe(200);
    const sent = await call(`${p.sys("LTICVM2")}/users/TCPMAINT/logon`, {
      token: p.token,
      body: { password: "TCPMAINT" },
    });
    expect(sent.status).toBe(200);
    ok(await p.cms("LTICVM2", "SENDFILE DIRM REQUEST A TO DIRMAINT AT LTICVM1", "TCPMAINT"));
    expect((await p.directory()).source.version).toBe(before);
    const tcpmaint = (await (
      await call(`${p.sys("LTICVM2")}/users/TCPMAINT/console`, { token: p.token })
    ).json()) as {
      lines: { text: string }[];
    };
    // DIRMAINT ran it as TCPMAINT's (RSCS's NJE origin), and TCPMAINT may not: DVHREQ2284E.
    expect(tcpmaint.lines.map((l) => l.text).join("\n")).toMatch(/DVHREQ2284E TCPMAINT is not authorized/);

    // A LINK statement is linked at LOGON without its password: TCPMAINT cannot add one to its
    // own entry for MAINT's disk, which a LINK command would refuse it.
    expect((await p.cp("LTICVM1", "LINK MAINT 0191 0391 MW", "TCPMAINT")).rc).not.toBe(0);
    const link = await p.cms("LTICVM1", "DIRM LINK MAINT 0191 0391 MW", "TCPMAINT");
    expect(link.rc, link.lines.join("\n")).not.toBe(0);
    expect(link.lines.join(" ")).toMatch(/DVHREQ2284E/);
    // Its own entry's links to its own disks it may add.
    ok(await p.cms("LTICVM1", "DIRM LINK TCPMAINT 0191 0391 RR", "TCPMAINT"));

    // A new password is never shown: not in the changes GET /directory lists, nor on DIRMAINT's console.
    ok(await p.cms("LTICVM1", "DIRM FOR TCPIP SETPW SECRETX1"));
    const d = await call(`/v1/plexes/dirm4/directory`, { token: p.token });
    const text = await d.text();
    expect(text).toContain("SETPW XXXXXXXX");
    expect(text).not.toContain("SECRETX1");
    const dirmaintConsole = await (
      await call(`${p.sys("LTICVM1")}/users/DIRMAINT/console`, { token: p.token })
    ).text();
    expect(dirmaintConsole).not.toContain("SECRETX1");

    // MAINT grants TCPMAINT the administrator's set for TCPIP: then it may.
    ok(await p.cms("LTICVM1", "DIRM FOR TCPIP AUTHFOR TCPMAINT CMDL 140A CMDS ADGHOPS"));
    ok(await p.cms("LTICVM1", "DIRM FOR TCPIP CLASS ABCG", "TCPMAINT"));
  });
});
