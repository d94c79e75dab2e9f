import type { SequentialModel } from "./linearizability";
import { Model, passwordNeeded, type MMode, type ModelState } from "./model";
import { DISKS, XLINK_VOLUME } from "./plex";

/** What a client asked over HTTP (recorded in the exported history). */
export type HttpInput =
  | { op: "LINK"; sys: string; user: string; disk: number; vdev: string; mode: MMode; password: string }
  | { op: "DETACH"; sys: string; user: string; vdev: string }
  | { op: "FAIL"; sys: string }
  | { op: "RESET"; by: string; target: string }
  /** The volume view, read once every other operation has returned. */
  | { op: "VIEW" };

/**
 * What it answered, reduced to what the model decides: OK, FORCED (R/O with a warning), DENIED
 * (HCPLNM104E-106E, the CSE forms too), another message id, or the ledger for VIEW.
 */
export type HttpOutput = string;

/** The class of a CP answer to LINK or DETACH. */
export function answerClass(rc: number, lines: readonly string[]): HttpOutput {
  const id = /^(HCP\w+?\d{3,4}[EWI])/.exec(lines[0] ?? "")?.[1];
  if (rc === 0) return "OK";
  if (id && /^HCPLNM10[123]W/.test(id)) return "FORCED";
  if (id && /^HCPLNM10[456]E/.test(id)) return "DENIED";
  return id ?? `RC${rc}`;
}

/** The ledger as VIEW reports it, one line per link, sorted. */
export function ledgerText(
  links: { system: string; userid: string; vdev: string; owner: string; ownerVdev: string; mode: string }[],
): string {
  return links
    .map((l) => `${l.system} ${l.userid} ${l.vdev} ${l.owner} ${l.ownerVdev} ${l.mode}`)
    .sort()
    .join("; ");
}

const MISSING = { read: "HCPLNM111E", write: "HCPLNM112E", multi: "HCPLNM113E" } as const;
const LABEL: Record<string, string> = { R: "R/O", W: "R/W", SR: "SR", SW: "SW", ER: "ER", EW: "EW" };

/** The reference model (model.ts) as a sequential specification of the HTTP operations. */
export function httpModel(systems: readonly string[]): SequentialModel<ModelState, HttpInput, HttpOutput> {
  const wrap = (state: ModelState) => {
    const m = new Model(DISKS, new Set([XLINK_VOLUME]), systems);
    m.state = structuredClone(state);
    return m;
  };
  return {
    init: () => new Model(DISKS, new Set([XLINK_VOLUME]), systems).state,
    key: (s) =>
      JSON.stringify([
        s.up,
        s.links.map((l) => `${l.sys} ${l.user} ${l.vdev} ${l.disk} ${l.access} ${l.requested}`).sort(),
        Object.entries(s.flags[XLINK_VOLUME]).map(([sys, f]) => [sys, Object.keys(f).length]),
      ]),
    same: (got, want) => got === want,
    step(state, input) {
      const m = wrap(state);
      const out = (output: HttpOutput) => ({ state: m.state, output });
      switch (input.op) {
        case "LINK": {
          if (!m.state.up[input.sys]) return out("DOWN");
          const d = DISKS[input.disk];
          const need = passwordNeeded(input.mode, d);
          if (need.value === "") return out(MISSING[need.kind]);
          if (need.value !== "ALL" && input.password.toUpperCase() !== need.value) return out("HCPLNM114E");
          if (
            m.state.links.some((l) => l.sys === input.sys && l.user === input.user && l.vdev === input.vdev)
          )
            return out("HCPLNM110E");
          // One sequential step: sent and decided in the same incarnation (the history has no IPL).
          const r = m.link(
            input.sys,
            input.user,
            input.vdev,
            input.disk,
            input.mode,
            0,
            m.incarnation(input.sys),
          );
          return out(!r.granted ? "DENIED" : r.forced ? "FORCED" : "OK");
        }
        case "DETACH": {
          if (!m.state.up[input.sys]) return out("DOWN");
          const l = m.state.links.find(
            (x) => x.sys === input.sys && x.user === input.user && x.vdev === input.vdev,
          );
          if (!l) return out("HCPDTV040E");
          if (DISKS[l.disk].volser === XLINK_VOLUME) m.release(input.sys, input.user, input.vdev, undefined);
          else m.drop(input.sys, input.user, input.vdev);
          return out("OK");
        }
        case "FAIL":
          if (!m.state.up[input.sys]) return out("DOWN");
          m.fail(input.sys);
          return out("OK");
        case "RESET":
          if (m.state.up[input.target]) return out("HCPXXL9017E");
          m.reset(input.target);
          return out("OK");
        case "VIEW":
          return out(
            ledgerText(
              m.state.links
                .filter((l) => DISKS[l.disk].volser === XLINK_VOLUME)
                .map((l) => ({
                  system: l.sys,
                  userid: l.user,
                  vdev: l.vdev,
                  owner: DISKS[l.disk].owner,
                  ownerVdev: DISKS[l.disk].vdev,
                  mode: LABEL[l.access],
                })),
            ),
          );
      }
    },
  };
}
