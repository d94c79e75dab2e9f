import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";
import { pvmCtcs, pvmDirectory, pvmFiles } from "./pvm-helpers";

/** SMSG PVM (issue #11 item 5): PVM answers its own queries of its links and CSECOM nodes. */

const directory = pvmDirectory;
const ctcs = pvmCtcs;
// SYSC is named but has no CTC from SYSA: its line and CSECOM stay down and say why.
const files = pvmFiles(
  "LOCAL SYSA\nLINK DB4 SYSB CTCA\nLINK C31 SYSC CTCA\nSTART LINE DB4\nSTART CSECOM SYSB\n",
);

describe("SMSG PVM", () => {
  it("answers Q LINKS and Q CSECOM from the network model, UP and then DOWN with why; an unknown command; PVM not running is any user not logged on", async () => {
    const token = await newTenant();
    const plex = "pvmsmsg";
    const created = await call("/v1/plexes", {
      token,
      body: { ...smallPlex(plex, directory), ctcs, files },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    for (const s of ["SYSA", "SYSB"])
      expect((await call(`/v1/plexes/${plex}/systems/${s}/ipl`, { token, body: {} })).status).toBe(200);
    for (const s of ["SYSA", "SYSB"]) {
      const logon = await call(`/v1/plexes/${plex}/systems/${s}/users/MAINT/logon`, {
        token,
        body: { password: "MAINTPW" },
      });
      expect(logon.status).toBe(200);
    }
    const cp = async (sys: string, command: string) =>
      (await (
        await call(`/v1/plexes/${plex}/systems/${sys}/users/MAINT/cp`, { token, body: { command } })
      ).json()) as { rc: number; lines: string[] };
    let seen = 0;
    // The lines that came to MAINT on SYSA since the last look.
    const newLines = async () => {
      const r = await call(`/v1/plexes/${plex}/systems/SYSA/users/MAINT/console?after=${seen}`, { token });
      const body = (await r.json()) as { lines: { seq: number; text: string }[]; next: number };
      seen = body.next;
      return body.lines.map((l) => l.text).filter((t) => t.startsWith("MSG FROM PVM"));
    };
    await newLines();

    // Both PVMs run: SYSA's line to SYSB is up; its line to SYSC is down, with the missing piece.
    expect(await cp("SYSA", "SMSG PVM Q LINKS")).toEqual({ rc: 0, lines: [] });
    expect(await newLines()).toEqual([
      "MSG FROM PVM     : LINK 0C31 SYSC CTCA DOWN: SYSA did not START LINE 0C31",
      "MSG FROM PVM     : LINK 0DB4 SYSB CTCA UP",
    ]);
    expect(await cp("SYSA", "smsg pvm query csecom")).toEqual({ rc: 0, lines: [] });
    expect(await newLines()).toEqual([
      "MSG FROM PVM     : CSECOM SYSB UP",
      "MSG FROM PVM     : CSECOM SYSC DOWN: PVM is not running on SYSC",
    ]);
    // The PVM of another system answers over the path, as a message from there.
    expect(await cp("SYSA", "SMSG PVM AT SYSB Q LINK")).toEqual({ rc: 0, lines: [] });
    expect(await newLines()).toEqual(["MSG FROM PVM      AT SYSB: LINK 0DA4 SYSA CTCA UP"]);
    // A command PVM does not know.
    expect(await cp("SYSA", "SMSG PVM HELLO there")).toEqual({ rc: 0, lines: [] });
    expect(await newLines()).toEqual(["MSG FROM PVM     : Unknown PVM command: HELLO"]);

    // FORCE PVM on SYSB: SYSA's PVM says its line and CSECOM to SYSB are down, and why.
    expect((await cp("SYSA", "FORCE PVM AT SYSB")).rc).toBe(0);
    await cp("SYSA", "SMSG PVM Q LINKS SYSB");
    await cp("SYSA", "SMSG PVM Q CSECOM SYSB");
    expect(await newLines()).toEqual([
      "MSG FROM PVM     : LINK 0DB4 SYSB CTCA DOWN: PVM is not running on SYSB",
      "MSG FROM PVM     : CSECOM SYSB DOWN: PVM is not running on SYSB",
    ]);
    // Without PVM, SMSG PVM on SYSB is an SMSG to a user not logged on, as before.
    expect(await cp("SYSB", "SMSG PVM Q LINKS")).toEqual({
      rc: 45,
      lines: ["HCPMSG045E PVM not logged on"],
    });
    // And from SYSA the path to SYSB is down: CP says so before PVM is asked anything.
    expect((await cp("SYSA", "SMSG PVM AT SYSB Q LINKS")).rc).toBe(9033);
  });
});
