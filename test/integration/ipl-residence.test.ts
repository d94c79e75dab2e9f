import ltic from "../../examples/ltic/plex.json";
import { describe, expect, it } from "vitest";
import { call, newTenant } from "./helpers";

/**
 * System_Residence takes effect at IPL (issue #13 item 8), on the seed's LTIC plex: LTICVM9 IPLs
 * from the shared VMQIPL with its checkpoint and warm start areas, and its object directory, on
 * its own VM9CDS (real device 5502) — seed/cse-presentation.txt, "z/VM Shared SysRes – move the
 * checkpoint" and "move the directory": "IPL to check the changes – Should see the message that
 * the Directory on VM9CDS is on line".
 */

type Answer = {
  status: number;
  body: { lines?: string[]; error?: { code: string; details?: { lines?: string[] } } };
};

async function lticPlex(name: string) {
  const token = await newTenant();
  const created = await call("/v1/plexes", { token, body: { ...ltic, name } });
  expect(created.status, await created.clone().text()).toBe(201);
  const base = `/v1/plexes/${name}`;
  const post = async (path: string, body: object = {}): Promise<Answer> => {
    const r = await call(`${base}${path}`, { token, body });
    return { status: r.status, body: (await r.json()) as Answer["body"] };
  };
  const putConfig = async (vm9sysres: string) => {
    const r = await call(`${base}/config`, {
      token,
      method: "PUT",
      body: { systemConfig: { ...ltic.systemConfig, "LTICVM9 SYSRES": vm9sysres }, dasd: ltic.dasd },
    });
    expect(r.status, await r.clone().text()).toBe(200);
  };
  return { post, putConfig };
}

describe("System_Residence at IPL (issue #13 item 8)", () => {
  it("LTICVM9's IPL console names VM9CDS for its checkpoint, warm start and directory", async () => {
    const p = await lticPlex("res1");
    const ipl = await p.post("/systems/LTICVM9/ipl");
    expect(ipl.status).toBe(200);
    const lines = ipl.body.lines!;
    expect(lines[0]).toBe("z/VM SYSTEM LTICVM9 IPL FROM VMQIPL");
    expect(lines).toContain(
      "Checkpoint area on volume VM9CDS (device 5502) resides on cylinders 1 through 9.",
    );
    expect(lines).toContain(
      "Warm start area on volume VM9CDS (device 5502) resides on cylinders 10 through 18.",
    );
    expect(lines).toContain("HCPWRS2512I Spooling initialization is complete.");
    // reference cp-first-hour.md §9 gives the text; the address is the DIRECTORY statement's.
    expect(lines).toContain("The directory on volume VM9CDS at address 5502 has been brought online.");
    // The spool is initialised (from the checkpoint) before the directory is in use.
    expect(lines.indexOf("HCPWRS2512I Spooling initialization is complete.")).toBeLessThan(
      lines.indexOf("The directory on volume VM9CDS at address 5502 has been brought online."),
    );

    // A system whose directory and areas stay on its own SysRes says so too.
    const vm1 = await p.post("/systems/LTICVM1/ipl");
    expect(vm1.body.lines).toContain(
      "Checkpoint area on volume VM1IPL (device 1100) resides on cylinders 1 through 9.",
    );
    expect(vm1.body.lines).toContain(
      "The directory on volume VM1IPL at address 0123 has been brought online.",
    );
  });

  it("a moved checkpoint needs IPL CLEAN (seed: SPXTAPE DUMP, IPL CLEAN, SPXTAPE LOAD)", async () => {
    const p = await lticPlex("res2");
    expect((await p.post("/systems/LTICVM9/ipl")).status).toBe(200);
    expect((await p.post("/systems/LTICVM9/shutdown")).status).toBe(200);
    // The checkpoint moves within VM9CDS's PERM space.
    await p.putConfig(
      [
        " System_Residence,",
        "     Warmstart   Volid  VM9CDS From Cylinder 10  For 9,",
        "     Checkpoint  Volid  VM9CDS From Cylinder  2  For 8",
        " User_Volume_List  W01VMQ W02VMQ",
        "",
      ].join("\n"),
    );
    const warm = await p.post("/systems/LTICVM9/ipl");
    expect(warm.status).toBe(409);
    expect(warm.body.error?.code).toBe("WARMSTART_MOVED");
    expect(warm.body.error?.details?.lines).toEqual([
      "HCPIPL9026E The checkpoint area moved from VM9CDS 1 to VM9CDS 2: no checkpoint data there to warm start from; IPL CLEAN rebuilds it (SPXTAPE DUMP the spool first)",
    ]);
    const clean = await p.post("/systems/LTICVM9/ipl", { clean: true });
    expect(clean.status).toBe(200);
    expect(clean.body.lines).toContain(
      "Checkpoint area on volume VM9CDS (device 5502) resides on cylinders 2 through 9.",
    );
    // IPL CLEAN rebuilt the areas where they are now: the next warm start finds them.
    expect((await p.post("/systems/LTICVM9/shutdown")).status).toBe(200);
    expect((await p.post("/systems/LTICVM9/ipl")).status).toBe(200);
  });

  it("refuses an IPL whose checkpoint volume it does not bring online", async () => {
    const p = await lticPlex("res3");
    await p.putConfig(
      [
        " System_Residence,",
        "     Warmstart   Volid  VM9CDS From Cylinder 10  For 9,",
        "     Checkpoint  Volid  VM5CDS From Cylinder  1  For 9",
        " User_Volume_List  W01VMQ W02VMQ",
        "",
      ].join("\n"),
    );
    const ipl = await p.post("/systems/LTICVM9/ipl");
    expect(ipl.status).toBe(409);
    expect(ipl.body.error?.code).toBe("RESIDENCE_OFFLINE");
    expect(ipl.body.error?.details?.lines).toEqual([
      "HCPIPL9027E The checkpoint area's volume VM5CDS is not online to SYSTEM: IPL stopped",
    ]);
  });
});
