import { httpModel, ledgerText, type HttpInput, type HttpOutput } from "./http-model";
import { HTTP_SYSTEMS, random } from "./http-plex";
import { randomOp } from "./http-history";
import { Run, type Answer } from "./in-process";
import { checkLinearizable, type HistoryOp, type Verdict } from "./linearizability";
import { passwordNeeded } from "./model";
import type { Op } from "./ops";
import { DISKS, SYSTEMS, USERS, VDEVS, XLINK_VOLUME } from "./plex";
import type { Sut } from "./sut";

/** The class of an in-process answer, as the HTTP history records it (http-model.ts `answerClass`). */
function classOf(a: Answer): HttpOutput {
  if (/^HCPLNM10[123]W/.test(a)) return "FORCED";
  if (/^HCPLNM10[456]E/.test(a)) return "DENIED";
  return a;
}

const sysIndex = (s: string) => SYSTEMS.indexOf(s);

/** An HTTP operation as the in-process run's operation. */
function opOf(i: HttpInput): Op {
  switch (i.op) {
    case "LINK": {
      const need = passwordNeeded(i.mode, DISKS[i.disk]).value;
      const pw =
        i.password === "WRONGPW" ? "wrong" : need === "" && i.password !== "NOPASS" ? "none" : "right";
      return {
        kind: "link",
        sys: sysIndex(i.sys),
        user: USERS.indexOf(i.user),
        disk: i.disk,
        vdev: VDEVS.indexOf(i.vdev),
        mode: i.mode,
        pw,
      };
    }
    case "DETACH":
      return {
        kind: "detach",
        sys: sysIndex(i.sys),
        user: USERS.indexOf(i.user),
        vdev: VDEVS.indexOf(i.vdev),
      };
    case "FAIL":
      return { kind: "fail", sys: sysIndex(i.sys) };
    case "RESET":
      return { kind: "reset", by: sysIndex(i.by), target: sysIndex(i.target) };
    case "VIEW":
      throw new Error("VIEW is read, not run");
  }
}

/**
 * The linearizability run of http-history.ts made in process, against `sut`, with the clients'
 * steps interleaved at random: the same history shape, so the checker can be shown a planted bug
 * (a faulty volume cannot be planted in `wrangler dev` without a switch in product code).
 */
export function inProcessHistory(
  sut: Sut,
  seed: number,
  opsPerClient: number,
): { ops: HistoryOp<HttpInput, HttpOutput>[]; verdict: Verdict } {
  const rnd = random(seed);
  const run = new Run(sut, HTTP_SYSTEMS.length, "fifo", false);
  const s4 = HTTP_SYSTEMS[3];
  const before: HttpInput[] = [
    { op: "LINK", sys: s4, user: "U1", disk: 0, vdev: "0300", mode: "W", password: "WPASS" },
    { op: "LINK", sys: s4, user: "U2", disk: 2, vdev: "0300", mode: "SR", password: "RPASS" },
    { op: "FAIL", sys: s4 },
  ];
  const clients: { name: string; inputs: HttpInput[] }[] = [{ name: "setup", inputs: before }];
  const ops: HistoryOp<HttpInput, HttpOutput>[] = [];
  const record = (recorded: HistoryOp<Op, Answer>[], inputs: Map<string, HttpInput[]>) => {
    const taken = new Map<string, number>();
    for (const r of recorded) {
      const n = taken.get(r.client) ?? 0;
      taken.set(r.client, n + 1);
      ops.push({
        ...r,
        id: ops.length,
        input: inputs.get(r.client)![n],
        output: r.output === undefined ? undefined : classOf(r.output),
        invoke: r.invoke,
        ret: r.ret,
      });
    }
  };
  const pick = (n: number) => Math.floor(rnd() * n);
  const setup = run.history([{ name: "setup", ops: before.map(opOf) }], pick);
  record(setup, new Map([["setup", before]]));
  const offset = ops.length ? Math.max(...ops.map((o) => o.ret)) : 0;
  clients.length = 0;
  for (const sys of HTTP_SYSTEMS.slice(0, 3))
    for (const user of USERS) {
      const r = random(Math.floor(rnd() * 2 ** 31));
      clients.push({
        name: `${sys} ${user}`,
        inputs: Array.from({ length: opsPerClient }, () => randomOp(r, sys, user)),
      });
    }
  // MAINT resets SYS4's flags at a random moment of the run (each client's request takes 2-6 ticks).
  const after = Math.floor(rnd() * clients.length * opsPerClient * 3);
  clients.push({
    name: `${HTTP_SYSTEMS[0]} MAINT`,
    inputs: [{ op: "RESET", by: HTTP_SYSTEMS[0], target: s4 }],
  });
  const during = run.history(
    clients.map((c, i) => ({
      name: c.name,
      ops: c.inputs.map(opOf),
      after: i === clients.length - 1 ? after : 0,
    })),
    pick,
  );
  const start = ops.length;
  record(during, new Map(clients.map((c) => [c.name, c.inputs])));
  for (const o of ops.slice(start)) {
    o.invoke += offset;
    o.ret += offset;
  }
  const last = Math.max(...ops.map((o) => o.ret));
  const ledger = run.volumes.get(XLINK_VOLUME)!.links();
  const label: Record<string, string> = { R: "R/O", W: "R/W" };
  ops.push({
    id: ops.length,
    client: "observer",
    input: { op: "VIEW" },
    output: ledgerText(ledger.map((l) => ({ ...l, mode: label[l.access] ?? l.access }))),
    invoke: last + 1,
    ret: last + 2,
  });
  run.close();
  return { ops, verdict: checkLinearizable(ops, httpModel(HTTP_SYSTEMS)) };
}
