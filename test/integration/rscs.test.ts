import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { rscsPlex } from "./rscs-helpers";

/** RSCS between two systems (issue #12): links, files and messages, a drained link, FORCE RSCS. */

describe("RSCS", () => {
  it("starts its links from PROFILE GCS; SENDFILE and TELL cross; a drained link queues files in order and FORCE RSCS keeps them", async () => {
    const p = await rscsPlex("rscs1");
    await p.logon("SYSA", "MAINT", "MAINTPW");
    await p.logon("SYSA", "OWNER3", "OWNER3PW");
    await p.logon("SYSB", "OWNER2", "OWNER2PW");
    await p.console("SYSA", "MAINT");

    // Both RSCSs ran their PROFILE GCS: the link is active.
    expect(await p.cp("SYSA", "MAINT", "SMSG RSCS QUERY SYSTEM")).toEqual({ rc: 0, lines: [] });
    const q = (await p.console("SYSA", "MAINT")).filter((l) => l.startsWith("MSG FROM RSCS"));
    expect(q.join("\n")).toMatch(/SYSB\s+NJE\s+0DB4\s+active\s+0/);
    expect(q.at(-1)).toMatch(/1 link found$/);

    // A file crosses: in OWNER2's reader on SYSB, from RSCS, with CP's notice.
    await p.console("SYSB", "OWNER2");
    const sent = await p.cms("SYSA", "OWNER3", "SENDFILE HELLO EXEC A TO OWNER2 AT SYSB");
    expect(sent).toMatchObject({ status: 200, rc: 0, lines: ["File HELLO EXEC A1 sent to OWNER2 at SYSB"] });
    const notice = (await p.console("SYSB", "OWNER2")).join("\n");
    expect(notice).toMatch(/RDR FILE \d{4} SENT FROM RSCS/);
    const rdr = await p.cp("SYSB", "OWNER2", "QUERY READER * ALL");
    expect(rdr.lines.join("\n")).toMatch(/RSCS .*HELLO\s+EXEC/);
    // The reader file is FROM RSCS, with its NJE origin beside it.
    const spoolid = /RDR FILE (\d{4}) SENT FROM RSCS/.exec(notice)?.[1];
    expect(spoolid).toBeDefined();
    const peek = (await (
      await call(`/v1/plexes/rscs1/systems/SYSB/users/OWNER2/reader/${spoolid}`, { token: p.token })
    ).json()) as Record<string, unknown>;
    expect(peek).toMatchObject({
      from: "RSCS",
      name: "HELLO",
      type: "EXEC",
      origin: { node: "SYSA", userid: "OWNER3" },
    });
    expect(peek.records).toEqual(["/* HELLO */", "SAY 'HELLO'"]);

    // TELL crosses over the link.
    expect(await p.cms("SYSA", "OWNER3", "TELL OWNER2 AT SYSB hello over NJE")).toMatchObject({ rc: 0 });
    expect((await p.console("SYSB", "OWNER2")).join("\n")).toContain("From SYSA(OWNER3): hello over NJE");

    // DRAIN: files wait in RSCS's queue, in order; a TELL is refused, not queued.
    expect(await p.cp("SYSA", "MAINT", "SMSG RSCS DRAIN SYSB")).toMatchObject({ rc: 0 });
    await p.console("SYSA", "MAINT");
    expect(await p.cms("SYSA", "OWNER3", "SENDFILE SECOND FILE A OWNER2 AT SYSB")).toMatchObject({ rc: 0 });
    expect(await p.cms("SYSA", "OWNER3", "SF HELLO EXEC OWNER2@SYSB")).toMatchObject({ rc: 0 });
    const tell = await p.cms("SYSA", "OWNER3", "TELL OWNER2 AT SYSB lost?");
    expect(tell.rc).not.toBe(0);
    expect(tell.lines[0]).toMatch(/Link SYSB is not active: SYSA did not START SYSB/);
    expect((await p.console("SYSB", "OWNER2")).join("\n")).not.toContain("SENT FROM RSCS");
    await p.cp("SYSA", "MAINT", "SMSG RSCS QUERY SYSB QUEUE");
    const queue = (await p.console("SYSA", "MAINT")).join("\n");
    expect(queue).toMatch(/SYSB\s+NJE\s+0DB4\s+inactive\s+2/);
    expect(queue).toMatch(/SECOND\s+FILE[\s\S]*HELLO\s+EXEC/);
    expect(queue).toContain("2 files found");
    // GET /network says the same: SYSA's link not started, SYSB's waiting for it.
    const network = (await (await call("/v1/plexes/rscs1/network", { token: p.token })).json()) as {
      rscs: { system: string; linkid: string; status: string; why?: string }[];
    };
    expect(network.rscs).toEqual([
      {
        system: "SYSA",
        linkid: "SYSB",
        type: "NJE",
        line: "0DB4",
        status: "inactive",
        why: "SYSA did not START SYSB",
      },
      {
        system: "SYSB",
        linkid: "SYSA",
        type: "NJE",
        line: "0DA4",
        status: "connect",
        why: "SYSA did not START SYSB",
      },
    ]);

    // FORCE RSCS: the queued files stay in its reader; XAUTOLOG runs PROFILE GCS again, which
    // STARTs the link, and the files go in the order they were queued.
    expect((await p.cp("SYSA", "MAINT", "FORCE RSCS")).rc).toBe(0);
    expect((await p.cp("SYSA", "MAINT", "QUERY READER RSCS ALL")).lines.join("\n")).toMatch(/SECOND/);
    expect((await p.cp("SYSA", "MAINT", "XAUTOLOG RSCS")).rc).toBe(0);
    const arrived = (await p.console("SYSB", "OWNER2")).filter((l) => l.includes("SENT FROM RSCS"));
    expect(arrived).toHaveLength(2);
    const list = (await p.cp("SYSB", "OWNER2", "QUERY READER * ALL")).lines.join("\n");
    expect(list.indexOf("SECOND")).toBeGreaterThan(-1);
    expect(list.indexOf("SECOND")).toBeLessThan(list.lastIndexOf("HELLO"));
    await p.cp("SYSA", "MAINT", "SMSG RSCS Q SYS");
    expect((await p.console("SYSA", "MAINT")).join("\n")).toMatch(/SYSB\s+NJE\s+0DB4\s+active\s+0/);
  });

  it("refuses bad input with CMS's or RSCS's rc, never a 5xx", async () => {
    const p = await rscsPlex("rscs2");
    await p.logon("SYSA", "OWNER3", "OWNER3PW");
    expect(await p.cms("SYSA", "OWNER3", "FROBNICATE")).toMatchObject({ status: 200, rc: -3 });
    expect(await p.cms("SYSA", "OWNER3", "SENDFILE HELLO")).toMatchObject({ status: 200, rc: 24 });
    expect(await p.cms("SYSA", "OWNER3", "SENDFILE NOSUCH FILE A TO OWNER2 AT SYSB")).toMatchObject({
      rc: 28,
      lines: ["File NOSUCH FILE A not found"],
    });
    expect(await p.cms("SYSA", "OWNER3", "SENDFILE HELLO EXEC A TO OWNER2 AT NOWHERE")).toMatchObject({
      rc: 24,
      lines: ["DMTPAF210E Invalid location NOWHERE"],
    });
    // SYSC is a system but SYSA's RSCS has no link to it: RSCS rejects the file back (DMT103E).
    const r = await p.cms("SYSA", "OWNER3", "SENDFILE HELLO EXEC A TO OWNER2 AT SYSC");
    expect(r.rc).toBe(12);
    expect(r.lines[0]).toMatch(/^DMT103E File \d{4} \(\d{4}\) rejected -- invalid destination address$/);
    expect((await p.cms("SYSA", "OWNER3", "SENDFILE HELLO EXEC A TO OWNER2 AT SYSB (BOGUS")).rc).toBe(24);
    expect((await p.cms("SYSA", "OWNER3", "TELL")).rc).toBe(24);
    expect((await p.cp("SYSA", "OWNER3", "SMSG RSCS START NOSUCH")).rc).toBe(0);
    expect((await p.console("SYSA", "OWNER3")).join("\n")).toContain("Link NOSUCH not defined");
    // A user the destination lacks: CMS cannot know; SYSB's RSCS keeps the file in its reader, held.
    expect(await p.cms("SYSA", "OWNER3", "SENDFILE HELLO EXEC A TO NOBODY AT SYSB")).toMatchObject({ rc: 0 });
    await p.logon("SYSB", "MAINT", "MAINTPW");
    const kept = (await p.cp("SYSB", "MAINT", "QUERY READER RSCS ALL")).lines.join("\n");
    expect(kept).toMatch(/HELLO\s+EXEC/);
    expect(kept).toMatch(/SYS|HOLD/);
    // Here, no RSCS: SENDFILE punches to the user's reader, TELL is CP's MSG, `CP cmd` goes to CP.
    await p.logon("SYSA", "OWNER2", "OWNER2PW");
    expect(await p.cms("SYSA", "OWNER3", "SENDFILE SECOND FILE A TO OWNER2")).toMatchObject({
      rc: 0,
      lines: ["File SECOND FILE A1 sent to OWNER2 at SYSA"],
    });
    expect((await p.cp("SYSA", "OWNER2", "QUERY READER * ALL")).lines.join("\n")).toMatch(
      /OWNER3 .*SECOND\s+FILE/,
    );
    expect(await p.cms("SYSA", "OWNER3", "TELL OWNER2 hello next door")).toMatchObject({ rc: 0 });
    expect((await p.console("SYSA", "OWNER2")).join("\n")).toContain("hello next door");
    expect((await p.cms("SYSA", "OWNER3", "CP QUERY USERID")).lines[0]).toMatch(/^OWNER3 +AT SYSA/);
    // Odd operands: an rc each, never a 5xx.
    for (const command of [
      "SENDFILE ( ( (",
      "TELL @",
      "TELL X AT",
      "SF A B C D E F G",
      "SENDFILE HELLO EXEC * TO OWNER2@",
      "SENDFILE HELLO EXEC A TO OWNER2 AT SYSB (CLASS",
      "SENDFILE HELLO.EXEC A TO OWNER2",
      "TELL OWNER2 AT SYSB",
    ]) {
      const r = await p.cms("SYSA", "OWNER3", command);
      expect(r.status, command).toBe(200);
      expect(typeof r.rc, command).toBe("number");
    }
    expect((await p.cms("SYSA", "OWNER3", "X".repeat(300))).status).toBe(400);
    // A user not logged on: the route's refusal, as for CP.
    expect((await p.cms("SYSA", "OWNER4", "TELL OWNER3 hi")).status).toBe(409);
  });
});
