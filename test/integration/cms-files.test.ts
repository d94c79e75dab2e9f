import { describe, expect, it } from "vitest";
import { ADMIN, call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";

/** CMS files on minidisks (issue #11 item 1): stored with the extent, listed and read per system. */

type Envelope = { error: { code: string; message: string; details?: Record<string, unknown> } };

describe("CMS files on minidisks", () => {
  it("are created with the plex, seen by every system that has the extent, listed, read and replaced", async () => {
    const token = await newTenant();
    const body = {
      ...smallPlex("cms1"),
      files: { "OWNER 0191": { "PROFILE EXEC": "/* PROFILE EXEC */\n'CP SPOOL CONSOLE START'\n" } },
    };
    expect((await call("/v1/plexes", { token, body })).status).toBe(201);
    const base = "/v1/plexes/cms1/systems";
    // OWNER 0191 is on SHR001 for every system: one extent, one file, whichever system asks.
    for (const sys of ["SYSA", "SYSB"]) {
      const listed = await call(`${base}/${sys}/users/OWNER/minidisks/191/files`, { token });
      expect(listed.status).toBe(200);
      expect(await listed.json()).toEqual({ files: [{ fn: "PROFILE", ft: "EXEC", bytes: 44, records: 2 }] });
    }
    const read = await call(`${base}/SYSB/users/owner/minidisks/0191/files/profile/exec`, { token });
    expect(read.status).toBe(200);
    expect(read.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await read.text()).toBe("/* PROFILE EXEC */\n'CP SPOOL CONSOLE START'\n");
    // PUT adds one file and replaces another; the rest stay.
    const put = await call("/v1/plexes/cms1/files", {
      token,
      method: "PUT",
      body: { files: { "OWNER 0191": { "PROFILE EXEC": "/* new */\n", "HELLO TEXT": "hi\n" } } },
    });
    expect(put.status).toBe(200);
    // What counts against fileBytes: the texts (10 + 3 bytes) and 100 bytes a file.
    expect(await put.json()).toEqual({ files: 2, bytes: 213 });
    const after = await call(`${base}/SYSA/users/OWNER/minidisks/0191/files`, { token });
    expect(((await after.json()) as { files: { fn: string }[] }).files.map((f) => f.fn)).toEqual([
      "HELLO",
      "PROFILE",
    ]);
    // Another minidisk of the same owner holds none of them.
    const other = await call(`${base}/SYSA/users/OWNER/minidisks/0192/files`, { token });
    expect(await other.json()).toEqual({ files: [] });
    expect((await call(`${base}/SYSA/users/OWNER/minidisks/0191/files/NOSUCH/FILE`, { token })).status).toBe(
      404,
    );
    expect((await call(`${base}/SYSA/users/OWNER/minidisks/0999/files`, { token })).status).toBe(404);
    expect((await call(`${base}/SYSZ/users/OWNER/minidisks/0191/files`, { token })).status).toBe(404);
    const usage = (await (await call("/v1/usage", { token })).json()) as { plexes: { fileBytes: number }[] };
    expect(usage.plexes[0].fileBytes).toBe(213);
    // ERASE one (from any system that sees the minidisk): it is gone everywhere, and no longer counts.
    const erase = `${base}/SYSB/users/OWNER/minidisks/0191/files/hello/text`;
    expect((await call(erase, { token, method: "DELETE" })).status).toBe(204);
    expect((await call(`${base}/SYSA/users/OWNER/minidisks/0191/files/HELLO/TEXT`, { token })).status).toBe(
      404,
    );
    expect((await call(erase, { token, method: "DELETE" })).status).toBe(404);
    const lessUsage = (await (await call("/v1/usage", { token })).json()) as {
      plexes: { fileBytes: number }[];
    };
    expect(lessUsage.plexes[0].fileBytes).toBe(110);
  });

  it("on minidisks the plex does not have are refused with diagnostics, and nothing is stored", async () => {
    const token = await newTenant();
    const bad = {
      ...smallPlex("cms2"),
      files: { "NOBODY 0191": { "A B": "x" }, "OWNER 0191": { "TOO LONG NAME": "" } },
    };
    const created = await call("/v1/plexes", { token, body: bad });
    expect(created.status).toBe(422);
    const envelope = (await created.json()) as Envelope;
    expect((envelope.error.details?.diagnostics as { code: string }[]).map((d) => d.code)).toEqual([
      "FILE-MINIDISK",
      "FILE-NAME",
    ]);
    expect(await (await call("/v1/plexes", { token })).json()).toEqual({ plexes: [] });
    expect((await call("/v1/plexes", { token, body: smallPlex("cms2") })).status).toBe(201);
    const put = await call("/v1/plexes/cms2/files", {
      token,
      method: "PUT",
      body: { files: { "OWNER 0191": { "GOOD FILE": "kept?" }, "OWNER 0999": { "A B": "" } } },
    });
    expect(put.status).toBe(422);
    const listed = await call("/v1/plexes/cms2/systems/SYSA/users/OWNER/minidisks/0191/files", { token });
    expect(await listed.json()).toEqual({ files: [] });
  });

  it("count against fileBytes (text and 100 bytes a file): at the limit they are stored, one byte more is QUOTA_EXCEEDED and keeps what was there", async () => {
    const token = await newTenant();
    const tenant = token.split("_")[1];
    const patched = await call(`/v1/tenants/${tenant}`, {
      token: ADMIN,
      method: "PATCH",
      body: { limits: { fileBytes: 110 } },
    });
    expect(patched.status).toBe(200);
    const over = await call("/v1/plexes", {
      token,
      body: { ...smallPlex("cms3"), files: { "OWNER 0191": { "A B": "x".repeat(11) } } },
    });
    expect(over.status).toBe(413);
    expect(((await over.json()) as Envelope).error).toMatchObject({
      code: "QUOTA_EXCEEDED",
      details: { limit: "fileBytes", used: 111, max: 110 },
    });
    const ok = await call("/v1/plexes", {
      token,
      body: { ...smallPlex("cms3"), files: { "OWNER 0191": { "A B": "x".repeat(10) } } },
    });
    expect(ok.status).toBe(201);
    // Replacing a file counts the new text, not both.
    const replace = await call("/v1/plexes/cms3/files", {
      token,
      method: "PUT",
      body: { files: { "OWNER 0191": { "A B": "y".repeat(10) } } },
    });
    expect(replace.status).toBe(200);
    const more = await call("/v1/plexes/cms3/files", {
      token,
      method: "PUT",
      body: { files: { "OWNER 0192": { "C D": "" } } },
    });
    expect(more.status).toBe(413);
    // An empty file is not free: it counts its 100 bytes.
    expect(((await more.json()) as Envelope).error.details).toEqual({
      limit: "fileBytes",
      used: 210,
      max: 110,
    });
    const read = await call("/v1/plexes/cms3/systems/SYSA/users/OWNER/minidisks/0191/files/A/B", { token });
    expect(await read.text()).toBe("y".repeat(10));
  });
});
