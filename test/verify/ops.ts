import fc from "fast-check";
import { MODES, type MMode } from "./model";
import { DISKS, SYSTEMS, USERS, VDEVS } from "./plex";

/** How a LINK gives its password: the right one for its mode, a wrong one, or none. */
export type Pw = "right" | "wrong" | "none";

/** One operation of a generated run; systems are named by index, taken modulo the run's system count. */
export type Op =
  | { kind: "link"; sys: number; user: number; disk: number; vdev: number; mode: MMode; pw: Pw }
  | { kind: "detach"; sys: number; user: number; vdev: number }
  | { kind: "logoff"; sys: number; user: number }
  | { kind: "fail"; sys: number }
  | { kind: "ipl"; sys: number }
  /** FAIL and IPL at once: the system comes back with none of its links. */
  | { kind: "reipl"; sys: number }
  | { kind: "reset"; by: number; target: number }
  /** The node object restarts (kill -9): its requests in flight die, crash repair runs. */
  | { kind: "restart"; sys: number };

/** Operations started together; `schedule` picks which advances at each step (one alone runs alone). */
export type Step = { kind: "burst"; ops: Op[]; schedule: number[] } | Op;

/** A generated run: how many systems, and the steps. */
export interface Scenario {
  systems: number;
  steps: Step[];
}

const sys = fc.integer({ min: 0, max: SYSTEMS.length - 1 });
const user = fc.integer({ min: 0, max: USERS.length - 1 });
const vdev = fc.integer({ min: 0, max: VDEVS.length - 1 });

const linkFields = {
  kind: fc.constant("link" as const),
  sys,
  user,
  disk: fc.integer({ min: 0, max: DISKS.length - 1 }),
  vdev,
  mode: fc.constantFrom(...MODES),
  pw: fc.constantFrom<Pw>("right", "right", "right", "right", "wrong", "none"),
};
const link = fc.record(linkFields);
const detach = fc.record({ kind: fc.constant("detach" as const), sys, user, vdev });
const logoff = fc.record({ kind: fc.constant("logoff" as const), sys, user });
const fail = fc.record({ kind: fc.constant("fail" as const), sys });
const ipl = fc.record({ kind: fc.constant("ipl" as const), sys });
const reipl = fc.record({ kind: fc.constant("reipl" as const), sys });
const reset = fc.record({ kind: fc.constant("reset" as const), by: sys, target: sys });
const restart = fc.record({ kind: fc.constant("restart" as const), sys });

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: link },
  { weight: 3, arbitrary: detach },
  { weight: 1, arbitrary: logoff },
  { weight: 1, arbitrary: fail },
  { weight: 2, arbitrary: ipl },
  { weight: 1, arbitrary: reipl },
  { weight: 1, arbitrary: reset },
  { weight: 1, arbitrary: restart },
);

// Contention: two systems, one user and device, two overlapping minidisks, re-IPLs among them, so
// that requests in flight meet a re-IPL and a new link under the same device.
const hot = {
  sys: fc.integer({ min: 0, max: 1 }),
  user: fc.constant(0),
  vdev: fc.integer({ min: 0, max: 1 }),
};
const hotOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ ...linkFields, ...hot, disk: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("detach" as const), ...hot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("logoff" as const), sys: hot.sys, user: hot.user }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reipl" as const), sys: hot.sys }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const), sys: hot.sys }) },
);

const burst = fc.record({
  kind: fc.constant("burst" as const),
  ops: fc.oneof(
    // One request is allowed so that a burst can shrink into a step done alone.
    fc.array(op, { minLength: 1, maxLength: 6 }),
    fc.array(hotOp, { minLength: 1, maxLength: 6 }),
  ),
  schedule: fc.array(fc.nat({ max: 5 }), { maxLength: 40 }),
});

/** Runs of 2 to 8 systems, 1 to `maxSteps` steps, about one in five a concurrent burst. */
export function scenario(maxSteps = 30): fc.Arbitrary<Scenario> {
  return fc.record({
    systems: fc.integer({ min: 2, max: SYSTEMS.length }),
    steps: fc.array(fc.oneof({ weight: 4, arbitrary: op }, { weight: 1, arbitrary: burst }), {
      minLength: 1,
      maxLength: maxSteps,
    }),
  });
}

const name = (s: number, k: number) => SYSTEMS[s % k];

/** The password a LINK gives. */
export function passwordOf(o: Extract<Op, { kind: "link" }>, need: string): string {
  if (o.pw === "none") return "";
  if (o.pw === "wrong") return "WRONGPW";
  return need === "" ? "NOPASS" : need;
}

/** One operation as a CP command, or the API call it stands for. */
export function commandOf(o: Op, k: number): string {
  switch (o.kind) {
    case "link": {
      const d = DISKS[o.disk];
      const need = ["M", "MR", "MW", "SM"].includes(o.mode)
        ? d.multi
        : ["W", "WR", "SW", "EW"].includes(o.mode)
          ? d.write
          : d.read;
      const pw = passwordOf(o, need);
      return `${name(o.sys, k)} ${USERS[o.user]}: LINK ${d.owner} ${d.vdev} ${VDEVS[o.vdev]} ${o.mode}${pw ? ` ${pw}` : ""}`;
    }
    case "detach":
      return `${name(o.sys, k)} ${USERS[o.user]}: DETACH ${VDEVS[o.vdev]}`;
    case "logoff":
      return `${name(o.sys, k)} ${USERS[o.user]}: LOGOFF (then LOGON ${USERS[o.user]})`;
    case "fail":
      return `${name(o.sys, k)}: POST /systems/${name(o.sys, k)}/fail`;
    case "reipl":
      return `${name(o.sys, k)}: POST /systems/${name(o.sys, k)}/fail, then ${commandOf({ kind: "ipl", sys: o.sys }, k)}`;
    case "ipl":
      return `${name(o.sys, k)}: POST /systems/${name(o.sys, k)}/ipl, then MAINT: ATTACH 0300 SYSTEM and LOGON ${USERS.join(" ")}`;
    case "reset":
      return `${name(o.by, k)} MAINT: XLINK RESET ${name(o.target, k)} ALL`;
    case "restart":
      return `${name(o.sys, k)}: the node object restarts (kill -9 of its requests in flight)`;
  }
}

/**
 * A counterexample as the CP command script that reproduces it: the plex (test/verify/plex.ts),
 * then each step; a burst lists its commands and the order its steps took.
 */
export function cpScript(s: Scenario, trace: readonly string[] = []): string {
  const k = s.systems;
  const lines = [
    `* ${k} systems ${SYSTEMS.slice(0, k).join(" ")} (slots 1-${k}), SHR001 XLINK FORMATted, OPEN01 not under XLINK;`,
    `* every system IPLed, MAINT: ATTACH 0300 SYSTEM, users ${USERS.join(" ")} logged on (test/verify/plex.ts)`,
  ];
  for (const st of s.steps) {
    if (st.kind !== "burst") lines.push(commandOf(st, k));
    else if (st.ops.length === 1) lines.push(commandOf(st.ops[0], k));
    else {
      lines.push(`* concurrently (interleaving ${st.schedule.join(" ") || "first-first"}):`);
      for (const o of st.ops) lines.push(`  ${commandOf(o, k)}`);
    }
  }
  if (trace.length) lines.push("* what happened:", ...trace.map((t) => `*   ${t}`));
  return lines.join("\n");
}
