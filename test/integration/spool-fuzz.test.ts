import fc from "fast-check";
import { describe, it } from "vitest";
import { call } from "./helpers";
import { spoolPlex } from "./spool-helpers";

// Random spool work on the spool plex (SYSA and SYSB share spool, SYSC does not): CP spool commands,
// punch and print, reader opens and reads, SPXTAPE with tapes downloaded and uploaded altered, IPL,
// shutdown and failure, LOGON, LOGOFF, and bursts of these at once. There is no model of the outcome:
// after every step the plex must still hold together (`Run.step`), and at the end, with everyone
// logged off and every system IPLed, no file may stay locked.

type Sys = "SYSA" | "SYSB" | "SYSC";
type Queue = "RDR" | "PRT" | "PUN";
type Route = "punch" | "print";
type SystemAction = "ipl" | "shutdown" | "fail" | "iplclean";
// How a downloaded tape is altered before it goes back up: mostly into something the upload must refuse.
const TAPE_MUTATIONS = [
  "none",
  "badBase64",
  "rename",
  "duplicate",
  "shortRecord",
  "badOwner",
  "badClass",
  "badFormat",
  "dataOnly",
  "badSpoolid",
] as const;
type TapeMutation = (typeof TAPE_MUTATIONS)[number];

type Op =
  | { kind: "cp"; sys: Sys; user: string; command: string }
  | { kind: "punch"; sys: Sys; user: string; route: Route; records: string[]; base64: boolean; name?: string }
  | { kind: "open"; sys: Sys; user: string; id?: string }
  /** Opens the `pick`th reader file listed after the previous step, as its owner: blind opens mostly miss. */
  | { kind: "openListed"; pick: number }
  | { kind: "get"; sys: Sys; user: string; id: string }
  | { kind: "mount"; sys: Sys; user: string; volser: string }
  | { kind: "spx"; sys: Sys; user: string; volser: string; command: string }
  | { kind: "tape"; from: string; to: string; mutation: TapeMutation; file: number }
  | { kind: "system"; sys: Sys; action: SystemAction }
  | { kind: "logon"; sys: Sys; user: string }
  | { kind: "logoff"; sys: Sys; user: string }
  | { kind: "burst"; ops: Op[] };

const SYSTEMS: Sys[] = ["SYSA", "SYSB", "SYSC"];
const QUEUES: Queue[] = ["RDR", "PRT", "PUN"];
const ROUTES: Route[] = ["punch", "print"];
const USERS = ["U40", "U41", "U42", "U43", "U44"];
const EVERYONE = [...USERS, "OPERATOR", "MAINT"];
const PASSWORD: Record<string, string> = { OPERATOR: "OPERPW", MAINT: "MAINTPW" };
const passwordOf = (user: string) => PASSWORD[user] ?? "PW";
// SYSA and SYSB share spool; SYSC sees only its own files.
const SHARING_PEER: Partial<Record<Sys, Sys>> = { SYSA: "SYSB", SYSB: "SYSA" };
const SEED = 4242;
const RUNS = 20;

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

// ---------- generators ----------

const sys = fc.constantFrom(...SYSTEMS);
const user = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...USERS) },
  { weight: 2, arbitrary: fc.constantFrom("OPERATOR", "MAINT") },
);
const tapeUser = fc.constantFrom("MAINT", "OPERATOR", "U40", "U41");
const volser = fc.constantFrom("T1", "T2", "T3");
// Mostly ids a file may have, some no file can (unpadded, out of range, not digits).
const spoolid = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => String(n).padStart(4, "0")) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0", "10000", "9999", "ABCD", "-1", "00001") },
);
const device = fc.constantFrom("PUNCH", "PRINTER", "READER", "PUN", "PRT", "RDR", "00D", "E", "C", "PCH");
const outputDevice = fc.constantFrom("PUNCH", "PRINTER", "PUN", "PRT");
const queue = fc.constantFrom("RDR", "PRT", "PUN", "READER", "PRINTER", "PUNCH");
const spoolClass = fc.constantFrom("A", "B", "X", "*", "1", "AB");
const destination = fc.constantFrom(
  ...USERS,
  ...["*", "*", "*", "U40", "U41", "SYSTEM", "OFF", "NOSUCH", "OPERATOR", "U48", "U49"],
);
const selection = fc.oneof(
  fc.constant("ALL"),
  spoolClass.map((c) => `CLASS ${c}`),
  fc.array(spoolid, { minLength: 1, maxLength: 3 }).map((ids) => ids.join(" ")),
);
const words = (...parts: string[]) => parts.filter((p) => p !== "").join(" ");

const spoolOption = fc.oneof(
  destination.map((t) => `TO ${t}`),
  destination.map((t) => `${t} RDR`),
  spoolClass.map((c) => `CLASS ${c}`),
  fc.constantFrom("HOLD", "NOHOLD", "KEEP", "NOKEEP", "CONT", "NOCONT", "CLOSE", "PURGE", "EOF"),
  fc.integer({ min: 0, max: 300 }).map((n) => `COPY ${n}`),
  fc.constantFrom("NAME A B", "NAME X", "NAME LONGNAME1 T", "DIST D1", "TO * AT SYSB", "GARBAGE"),
);
const spoolCommand = fc
  .tuple(device, fc.array(spoolOption, { maxLength: 4 }))
  .map(([d, options]) => words("SPOOL", d, ...options));
const closeCommand = fc
  .tuple(device, fc.constantFrom("", "KEEP", "HOLD", "PURGE", "NOKEEP", "NAME Q R", "BAD"))
  .map(([d, option]) => words("CLOSE", d, option));
const purgeCommand = fc
  .tuple(
    fc.constantFrom("", "", "", "ALL", "U40", "*"),
    fc.constantFrom("RDR", "PRT", "PUN", "ALL"),
    selection,
  )
  .map(([owner, q, s]) => words("PURGE", owner, q, s));
const changeCommand = fc
  .tuple(
    fc.constantFrom("", "", "", "ALL", "U41"),
    queue,
    selection,
    fc.array(fc.constantFrom("CLASS B", "HOLD", "NOHOLD", "KEEP", "NOKEEP", "COPY 2", "NAME N T", "DIST Z"), {
      maxLength: 2,
    }),
  )
  .map(([owner, q, s, options]) => words("CHANGE", owner, q, s, ...options));
const transferCommand = fc
  .tuple(
    fc.constantFrom("", "", "", "ALL", "U42"),
    queue,
    selection,
    fc.constantFrom(...USERS, "OPERATOR", "U48", "U49"),
    fc.constantFrom("", "RDR", "PRT", "PUN"),
  )
  .map(([owner, q, s, to, toQueue]) => words("TRANSFER", owner, q, s, "TO", to, toQueue));
const orderCommand = fc
  .tuple(fc.constantFrom("", "U43"), queue, fc.array(spoolid, { minLength: 1, maxLength: 3 }))
  .map(([owner, q, ids]) => words("ORDER", owner, q, ...ids));
const queryCommand = fc
  .tuple(
    fc.constantFrom("Q", "QUERY"),
    fc.constantFrom("RDR", "PRT", "PUN", "READER", "PRINTER", "PUNCH"),
    fc.constantFrom("", "*", "ALL", "* ALL", "U40", "U40 ALL", "ALL ALL", "X"),
  )
  .map(([verb, q, option]) => words(verb, q, option));
const spxtapeCommand = fc
  .tuple(
    fc.constantFrom("DUMP", "DUMP", "LOAD", "LOAD", "SCAN"),
    fc.constantFrom("", "SPOOL ALL", "SPOOL RDR", "SPOOL PRT", "STD", "ALL", "ALL ALL", "SDF"),
    fc.array(
      fc.oneof(
        spoolid,
        fc.constantFrom("ALL", "USER U4*", "USER U40", "CLASS A", "RUN", "LEAVE", "PURGE", "NODUP"),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([verb, scope, options]) => words("SPXTAPE", verb, "181", scope, ...options));
const oddCommand = fc.constantFrom(
  ...["SPOOL", "CLOSE", "PURGE", "CHANGE RDR", "TRANSFER RDR ALL TO", "ORDER RDR", "SPXTAPE", "SPXTAPE DUMP"],
  ...["Q RDR * ALL ALL", "SPOOL PUNCH TO U40 U41", "PURGE RDR 1 ALL", "SPOOL PUNCH COPY 0"],
  ...["SPOOL READER CLASS *", "SPOOL READER HOLD", "SPOOL READER KEEP", "SPOOL READER NOKEEP"],
  ...["SPOOL PUNCH TO * CONT", "\u00e9\u00e9", ""],
);
const cpCommand = fc.oneof(
  { weight: 10, arbitrary: spoolCommand },
  { weight: 3, arbitrary: closeCommand },
  { weight: 3, arbitrary: purgeCommand },
  { weight: 3, arbitrary: changeCommand },
  { weight: 3, arbitrary: transferCommand },
  { weight: 2, arbitrary: orderCommand },
  { weight: 3, arbitrary: queryCommand },
  { weight: 3, arbitrary: spxtapeCommand },
  { weight: 1, arbitrary: oddCommand },
);

const textRecord = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "é", "日本語", "\u0000", "a\nb", "😀"),
  fc.string({ unit: "binary", maxLength: 6 }),
);
const route = fc.constantFrom(...ROUTES);
const textPunch = fc.record({
  kind: fc.constant("punch"),
  sys,
  user,
  route,
  records: fc.array(textRecord, { maxLength: 4 }),
  base64: fc.constant(false),
  name: fc.option(fc.constantFrom("a", "b.c", "", "x y"), { nil: undefined }),
});
const base64Punch = fc.record({
  kind: fc.constant("punch"),
  sys,
  user,
  route,
  records: fc.array(fc.uint8Array({ maxLength: 8 }).map(base64), { maxLength: 4 }),
  base64: fc.constant(true),
});
const tapeOp = fc.record({
  kind: fc.constant("tape"),
  from: fc.constantFrom("T1", "T2"),
  to: fc.constantFrom("T2", "T3"),
  mutation: fc.constantFrom(...TAPE_MUTATIONS),
  file: fc.nat(5),
});

const simpleOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant("cp"), sys, user, command: cpCommand }) },
  { weight: 6, arbitrary: fc.oneof(textPunch, base64Punch) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("open"),
      sys,
      user,
      id: fc.option(spoolid, { nil: undefined, freq: 2 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("openListed"), pick: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("get"), sys, user, id: spoolid }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("mount"), sys, user: tapeUser, volser }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("spx"), sys, user: tapeUser, volser, command: spxtapeCommand }),
  },
  { weight: 1, arbitrary: tapeOp },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("system"),
      sys,
      action: fc.constantFrom<SystemAction>("ipl", "shutdown", "fail", "iplclean"),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("logon"), sys, user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("logoff"), sys, user }) },
);

/** One step of a user racing themselves across systems: output, CLOSE, PURGE, reader opens, LOGOFF, LOGON. */
const raceStep = (u: string): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: fc.tuple(sys, spoolid).map(([s, id]): Op => ({
        kind: "punch",
        sys: s,
        user: u,
        route: "punch",
        records: [`r${id}`, "x"],
        base64: false,
      })),
    },
    fc.tuple(sys, outputDevice).map(([s, d]): Op => ({ kind: "cp", sys: s, user: u, command: `CLOSE ${d}` })),
    fc
      .tuple(sys, outputDevice)
      .map(([s, d]): Op => ({ kind: "cp", sys: s, user: u, command: `SPOOL ${d} PURGE` })),
    fc
      .tuple(sys, outputDevice)
      .map(([s, d]): Op => ({ kind: "cp", sys: s, user: u, command: `SPOOL ${d} TO * CONT` })),
    fc
      .tuple(sys, spoolid)
      .map(([s, id]): Op => ({ kind: "cp", sys: s, user: u, command: `PURGE RDR ${id}` })),
    sys.map((s): Op => ({ kind: "cp", sys: s, user: u, command: "CLOSE RDR" })),
    fc
      .tuple(sys, fc.option(spoolid, { nil: undefined }))
      .map(([s, id]): Op => ({ kind: "open", sys: s, user: u, id })),
    sys.map((s): Op => ({ kind: "logoff", sys: s, user: u })),
    sys.map((s): Op => ({ kind: "logon", sys: s, user: u })),
  );
const race = fc
  .constantFrom(...USERS)
  .chain((u) => fc.array(raceStep(u), { minLength: 2, maxLength: 6 }))
  .map((ops): Op => ({ kind: "burst", ops }));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: race },
  { weight: 8, arbitrary: simpleOp },
  {
    weight: 2,
    arbitrary: fc.array(simpleOp, { minLength: 2, maxLength: 5 }).map((ops): Op => ({ kind: "burst", ops })),
  },
);

// ---------- what steps may do ----------

const commandOf = (o: Op) => (o.kind === "cp" || o.kind === "spx" ? o.command : "");

/** Whether a step may remove files: everything else must leave every file listed. */
const destructive = (o: Op): boolean =>
  o.kind === "burst"
    ? o.ops.some(destructive)
    : o.kind === "system" || o.kind === "logoff" || /PUR|CLO|LOGOFF/.test(commandOf(o));

/** Whether a step may bring a file back from tape, under an id that once held other records. */
const loads = (o: Op): boolean => (o.kind === "burst" ? o.ops.some(loads) : /LOAD/.test(commandOf(o)));

function mutateTape(
  tape: { files: Record<string, unknown>[] } & Record<string, unknown>,
  m: TapeMutation,
  i: number,
) {
  const f = tape.files[i % Math.max(1, tape.files.length)];
  if (m === "badFormat") tape.format = "other";
  if (!f) return;
  if (m === "badBase64") f.data = "!!notbase64";
  if (m === "rename") f.name = "MUT";
  if (m === "duplicate") tape.files.push({ ...f });
  if (m === "shortRecord") f.data = btoa("\u0000\u0000\u0000\u0009ab"); // says 9 bytes, holds 2
  if (m === "badOwner") f.owner = "NOSUCHUSR";
  if (m === "badClass") f.cls = "**";
  if (m === "dataOnly") for (const k of Object.keys(f)) if (k !== "data") delete f[k];
  if (m === "badSpoolid") f.spoolid = "99999";
}

// ---------- a run against one plex ----------

interface Answer {
  status: number;
  body: Record<string, unknown>;
}
interface CpAnswer {
  rc: number;
  lines: string[];
}
/** What every system listing a file must agree on, and where it was last seen. */
interface Listing {
  sys: Sys;
  queue: Queue;
  owner: string;
  records: string;
}
interface ReadFile {
  spoolid: string;
  from: string;
  records: string[];
}

// OPERATOR's `Q queue ALL` line: owner, id, class, device, record count, ...
const QUERY_LINE = /^(\S+) +(\d{4}) \S \S+ (\d{8}) /;

class Run {
  private readonly log: string[] = [];
  private readonly state: Record<Sys, string> = { SYSA: "UP", SYSB: "UP", SYSC: "UP" };
  /** What the first read of each id returned: sender and records. */
  private readonly reads = new Map<string, string>();
  /** The records of files made by one plain punch, as base64 reads return them. */
  private readonly punched = new Map<string, string>();
  /** Output devices (sys/user/route) that may hold an open CONT file: their next file may carry more. */
  private readonly unsettled = new Set<string>();
  private readonly recordCounts = new Map<string, string>();
  private listed = new Map<string, Listing>();

  constructor(
    private readonly plex: string,
    private readonly token: string,
  ) {}

  /** Fails with the step log, which is what it takes to see how the plex got there. */
  fail(what: string): never {
    throw new Error(`${what}\n--- steps ---\n${this.log.join("\n")}`);
  }

  /** One request; a server error or a JSON answer that does not parse fails the run at once. */
  private async send(method: string, path: string, body?: unknown, quiet = false): Promise<Answer> {
    const r = await call(`${this.plex}${path}`, { token: this.token, method, body });
    const text = await r.text();
    const label = `${method} ${path}${body === undefined ? "" : ` ${JSON.stringify(body).slice(0, 200)}`}`;
    if (!quiet) this.log.push(`${label} -> ${r.status} ${text.slice(0, 300)}`);
    if (r.status >= 500) this.fail(`HTTP ${r.status} on ${label}: ${text}`);
    try {
      return { status: r.status, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      if (r.headers.get("content-type")?.includes("json")) this.fail(`unparsable JSON on ${label}: ${text}`);
      return { status: r.status, body: {} };
    }
  }

  private post(path: string, body: unknown, quiet = false) {
    return this.send("POST", path, body, quiet);
  }

  /** A CP command; an answer without a numeric rc and lines of text fails the run. */
  private async cp(s: Sys, u: string, command: string, quiet = false): Promise<Answer & { cp?: CpAnswer }> {
    const r = await this.post(`/systems/${s}/users/${u}/cp`, { command }, quiet);
    if (r.status !== 200) return r;
    const { rc, lines } = r.body;
    if (typeof rc !== "number" || !Array.isArray(lines) || !lines.every((l) => typeof l === "string"))
      this.fail(`malformed CP answer to ${command} on ${s}: ${JSON.stringify(r.body)}`);
    return { ...r, cp: { rc, lines } };
  }

  private logon(s: Sys, u: string, quiet = false) {
    return this.post(`/systems/${s}/users/${u}/logon`, { password: passwordOf(u) }, quiet);
  }

  /** Every read of an id returns the same file, and a plain punch's file exactly what was punched. */
  private noteRead(f: ReadFile) {
    const got = JSON.stringify([f.from, f.records]);
    const before = this.reads.get(f.spoolid);
    if (before !== undefined && before !== got) this.fail(`file ${f.spoolid} read ${before}, now ${got}`);
    this.reads.set(f.spoolid, got);
    const punched = this.punched.get(f.spoolid);
    if (punched !== undefined && punched !== JSON.stringify(f.records))
      this.fail(`file ${f.spoolid} holds ${JSON.stringify(f.records)}, punched ${punched}`);
  }

  private async read(s: Sys, u: string, id: string) {
    const r = await this.send("GET", `/systems/${s}/users/${u}/reader/${id}?encoding=base64`);
    if (r.status === 200) this.noteRead(r.body as unknown as ReadFile);
    return r;
  }

  /** A file open on one system's reader is locked there: the peer sharing it refuses to read it. */
  private async checkLockedElsewhere(s: Sys, u: string, id: string) {
    const peer = SHARING_PEER[s];
    if (!peer) return;
    const r = await this.send("GET", `/systems/${peer}/users/${u}/reader/${id}?encoding=base64`);
    if (r.status === 200) this.fail(`file ${id} is open on ${s}, yet ${peer} reads it`);
  }

  async start() {
    for (const s of SYSTEMS) for (const u of ["MAINT", ...USERS]) await this.logon(s, u, true);
    // Punches reach readers for some users on some systems and stay in the punch queue elsewhere.
    for (const [i, u] of USERS.entries())
      for (const s of SYSTEMS) if (i % 2 === 1 || s === "SYSC") await this.cp(s, u, "SPOOL PUNCH TO *", true);
  }

  private async punch(o: Extract<Op, { kind: "punch" }>, concurrent: boolean) {
    const r = await this.post(`/systems/${o.sys}/users/${o.user}/${o.route}`, {
      records: o.records,
      ...(o.base64 ? { encoding: "base64" } : {}),
      ...(o.name !== undefined ? { name: o.name } : {}),
    });
    if (r.status !== 200) return;
    const id = r.body.spoolid as string | null;
    const device = `${o.sys}/${o.user}/${o.route}`;
    if (id === null) {
      this.unsettled.add(device);
      return;
    }
    // Concurrent output to one device may land in either file.
    if (!this.unsettled.has(device) && !concurrent) {
      const bytes = o.records.map((x) => (o.base64 ? x : base64(new TextEncoder().encode(x))));
      this.punched.set(id, JSON.stringify(bytes));
    }
    this.unsettled.delete(device);
  }

  private async open(s: Sys, u: string, id: string | undefined, concurrent: boolean) {
    const r = await this.post(`/systems/${s}/users/${u}/reader/open`, {
      ...(id ? { spoolid: id } : {}),
      encoding: "base64",
    });
    if (r.status !== 200) return;
    const f = r.body as unknown as ReadFile;
    this.noteRead(f);
    // In a burst, a racing CLOSE or LOGOFF may already have released it.
    if (!concurrent) await this.checkLockedElsewhere(s, u, f.spoolid);
  }

  private async reuploadTape(o: Extract<Op, { kind: "tape" }>) {
    const r = await this.send("GET", `/tapes/${o.from}`);
    if (r.status !== 200) return;
    const tape = structuredClone(r.body) as { files: Record<string, unknown>[] } & Record<string, unknown>;
    mutateTape(tape, o.mutation, o.file);
    await this.send("PUT", `/tapes/${o.to}`, tape);
  }

  private async system(o: Extract<Op, { kind: "system" }>, concurrent: boolean) {
    if (o.action === "iplclean") {
      if (this.state[o.sys] === "UP") await this.post(`/systems/${o.sys}/shutdown`, {});
      await this.post(`/systems/${o.sys}/ipl`, { clean: true });
    } else await this.post(`/systems/${o.sys}/${o.action}`, {});
    // MAINT runs SPXTAPE and the final PURGEs: back on after an IPL, unless a burst races it.
    if (!concurrent) {
      await this.refreshStates();
      if (this.state[o.sys] === "UP") await this.logon(o.sys, "MAINT");
    }
  }

  private async exec(o: Op, concurrent: boolean): Promise<void> {
    switch (o.kind) {
      case "cp":
        await this.cp(o.sys, o.user, o.command);
        return;
      case "punch":
        return this.punch(o, concurrent);
      case "open":
        return this.open(o.sys, o.user, o.id, concurrent);
      case "openListed": {
        const readers = [...this.listed].filter(([, l]) => l.queue === "RDR");
        if (readers.length === 0) return;
        const [id, l] = readers[o.pick % readers.length];
        return this.open(l.sys, l.owner, id, concurrent);
      }
      case "get":
        await this.read(o.sys, o.user, o.id);
        return;
      case "mount":
        await this.post(`/systems/${o.sys}/users/${o.user}/tapes`, { vdev: "181", volser: o.volser });
        return;
      case "spx":
        await this.post(`/systems/${o.sys}/users/${o.user}/tapes`, { vdev: "181", volser: o.volser });
        await this.cp(o.sys, o.user, o.command);
        return;
      case "tape":
        return this.reuploadTape(o);
      case "system":
        return this.system(o, concurrent);
      case "logon":
        await this.logon(o.sys, o.user);
        return;
      case "logoff":
        await this.cp(o.sys, o.user, "LOGOFF");
        return;
      case "burst":
        this.log.push(`--- burst of ${o.ops.length}`);
        await Promise.all(o.ops.map((x) => this.exec(x, true)));
        this.log.push("--- end of burst");
        return;
    }
  }

  /** Marks the output devices a step may have left with an open CONT file, or closed one on. */
  private unsettle(o: Op) {
    const mark = (u: string, systems: Sys[]) => {
      for (const s of systems) for (const r of ROUTES) this.unsettled.add(`${s}/${u}/${r}`);
    };
    if (o.kind === "cp" && /CLO|LOGOFF|SPOOL/.test(o.command)) mark(o.user, [o.sys]);
    if (o.kind === "logoff" || o.kind === "system") for (const u of EVERYONE) mark(u, SYSTEMS);
    if (o.kind === "burst")
      for (const x of o.ops) {
        this.unsettle(x);
        if ("user" in x) mark(x.user, SYSTEMS);
      }
  }

  private async refreshStates() {
    const r = await this.send("GET", "", undefined, true);
    for (const { sysname, state } of r.body.systems as { sysname: Sys; state: string }[])
      this.state[sysname] = state;
  }

  /**
   * Every file OPERATOR lists on the running systems. No system lists an id twice, and the systems
   * that list one agree on its queue, owner and record count.
   */
  private async snapshot(label: string): Promise<Map<string, Listing>> {
    const seen = new Map<string, Listing>();
    for (const s of SYSTEMS.filter((x) => this.state[x] === "UP")) {
      await this.logon(s, "OPERATOR", true);
      const here = new Set<string>();
      for (const q of QUEUES) {
        const r = await this.cp(s, "OPERATOR", `Q ${q} ALL`, true);
        if (r.cp?.rc !== 0)
          this.fail(`${label}: Q ${q} ALL on ${s} answers ${r.status} ${JSON.stringify(r.body)}`);
        const lines = r.cp.lines;
        if (lines[0]?.startsWith("NO ")) continue;
        for (const line of lines.slice(1)) {
          const m = QUERY_LINE.exec(line);
          if (!m) this.fail(`${label}: ${s} Q ${q} ALL lists "${line}"`);
          const [, owner, id, records] = m;
          if (here.has(id)) this.fail(`${label}: ${s} lists ${id} twice: ${lines.join(" | ")}`);
          here.add(id);
          const listing: Listing = { sys: s, queue: q, owner, records };
          const other = seen.get(id);
          if (other && (other.queue !== q || other.owner !== owner || other.records !== records))
            this.fail(`${label}: ${other.sys} lists ${id} as ${JSON.stringify(other)}, ${s} as ${line}`);
          seen.set(id, listing);
        }
      }
    }
    this.log.push(
      `    files: ${[...seen].map(([id, l]) => `${id} ${l.queue} ${l.owner} ${l.records}`).join(", ")}`,
    );
    return seen;
  }

  /** A file's record count only changes when SPXTAPE LOAD brings back an id with other records. */
  private checkRecordCounts(label: string, o: Op, now: Map<string, Listing>) {
    for (const [id, l] of now) {
      const before = this.recordCounts.get(id);
      if (before !== undefined && before !== l.records && !loads(o))
        this.fail(`${label}: file ${id} had ${before} records, now ${l.records}`);
      this.recordCounts.set(id, l.records);
    }
  }

  private checkNothingVanished(label: string, o: Op, now: Map<string, Listing>) {
    if (destructive(o)) return;
    for (const id of this.listed.keys()) if (!now.has(id)) this.fail(`${label}: file ${id} vanished`);
  }

  /**
   * One op, then the checks: every request so far answered below 500 with well-formed CP answers and
   * reads that agree (see `send`, `cp`, `noteRead`), OPERATOR's listings agree (`snapshot`), and no
   * file changed its record count or vanished unless the step could do that.
   */
  async step(n: number, o: Op) {
    this.log.push(`=== step ${n}: ${JSON.stringify(o)}`);
    await this.exec(o, false);
    this.unsettle(o);
    await this.refreshStates();
    const now = await this.snapshot(`step ${n}`);
    this.checkRecordCounts(`step ${n}`, o, now);
    this.checkNothingVanished(`step ${n}`, o, now);
    this.listed = now;
  }

  /**
   * Everyone logs off, every system IPLs; then every reader file reads without a 409 and PURGE from
   * another system never answers 9050 (locked elsewhere): no lock outlives its session.
   */
  async release() {
    this.log.push("=== release");
    for (const s of SYSTEMS)
      if (this.state[s] === "UP") for (const u of EVERYONE) await this.cp(s, u, "LOGOFF");
    for (const s of SYSTEMS) {
      if (this.state[s] === "UP") await this.post(`/systems/${s}/shutdown`, {});
      const r = await this.post(`/systems/${s}/ipl`, {});
      if (r.status !== 200) this.fail(`IPL ${s} answers ${r.status}: ${JSON.stringify(r.body)}`);
      await this.logon(s, "MAINT");
    }
    await this.refreshStates();
    const files = await this.snapshot("after IPL");
    for (const [id, l] of files) {
      if (l.queue !== "RDR") continue;
      const r = await this.read(l.sys, l.owner, id);
      if (r.status === 409) this.fail(`file ${id} still locked after IPL: ${JSON.stringify(r.body)}`);
    }
    for (const [id, l] of files) {
      // SYSC's files are purged on SYSC itself, the only system that sees them.
      const peer = SHARING_PEER[l.sys] ?? l.sys;
      const r = await this.cp(peer, "MAINT", `PURGE ${l.owner} ${l.queue} ${id}`);
      if (r.cp?.rc === 9050)
        this.fail(`PURGE ${id} on ${peer} answers 9050 after IPL: ${r.cp.lines.join(" | ")}`);
    }
  }
}

let run = 0;

describe("spool under random work", () => {
  it("never answers 500, lists files once and alike, keeps records, and leaves no lock behind", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 45 }), async (ops) => {
        const name = `fuzz${run++}`;
        const p = await spoolPlex(name);
        const r = new Run(`/v1/plexes/${name}`, p.T);
        await r.start();
        for (const [n, o] of ops.entries()) await r.step(n, o);
        await r.release();
      }),
      // Each run builds a plex: shrinking would outlast the timeout, and the step log is the reproduction.
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 240_000);
});
