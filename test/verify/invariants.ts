import { encodeFlags, type CseArea } from "../../src/dasd/cse-flags";
import type { LedgerLink } from "../../src/dasd/ledger";
import { PENDING } from "../../src/dasd/link-repair";
import type { Run } from "./in-process";
import type { MAccess } from "./model";
import { CYLINDERS, DISKS, XLINK_VOLUME } from "./plex";

/** A broken invariant: which one, and what was seen. */
export class Violation extends Error {
  constructor(
    readonly invariant: string,
    message: string,
  ) {
    super(`${invariant}: ${message}`);
  }
}

const writes = (a: string | null) => a === "W" || a === "SW" || a === "EW";
const xlinkDisk = (disk: number) => DISKS[disk].volser === XLINK_VOLUME;

/** After every step: the ledger, the flags and the nodes' local links are the model's; writers are safe. */
export function checkStep(run: Run): void {
  const v = run.volumes.get(XLINK_VOLUME)!;
  checkLedger(run, v.links());
  checkFlags(run, v.area()!);
  checkLocal(run);
  checkWriters(run, v.links());
}

/** The volume's ledger holds exactly the links the model granted, with their generations. */
function checkLedger(run: Run, links: readonly LedgerLink[]): void {
  const got = links
    .map((l) => `${l.system} ${l.userid} ${l.vdev} ${l.owner} ${l.ownerVdev} ${l.access} g${l.generation}`)
    .sort();
  const want = run.model.state.links
    .filter((l) => xlinkDisk(l.disk))
    .map(
      (l) =>
        `${l.sys} ${l.user} ${l.vdev} ${DISKS[l.disk].owner} ${DISKS[l.disk].vdev} ${l.access} g${l.generation}`,
    )
    .sort();
  if (got.join("|") !== want.join("|"))
    throw new Violation(
      "ledger",
      `the volume's ledger [${got.join(", ")}], the model's [${want.join(", ")}]`,
    );
}

/**
 * Every slot's flags are what the model's ledger implies, cylinder by cylinder; for a failed system
 * that means its flags stay as they were until its IPL or an XLINK RESET.
 */
function checkFlags(run: Run, area: CseArea): void {
  for (const sys of run.systems) {
    const node = run.nodes.get(sys)!;
    const got: Record<number, string> = {};
    for (const r of area.runs(node.slot)) for (let c = r.start; c <= r.end; c++) got[c] = r.access;
    const want: Record<number, MAccess> = run.model.state.flags[XLINK_VOLUME][sys];
    const diff: string[] = [];
    for (let c = 0; c < CYLINDERS; c++)
      if ((got[c] ?? "") !== (want[c] ?? ""))
        diff.push(`cyl ${c} ${got[c] ?? "-"} (model ${want[c] ?? "-"})`);
    if (diff.length)
      throw new Violation(
        "flags",
        `${sys} (${node.up ? "running" : "failed"}) slot ${node.slot}: ${diff.slice(0, 4).join(", ")}`,
      );
  }
}

/** The links each node decided alone (on OPEN01) are the model's. */
function checkLocal(run: Run): void {
  const got: string[] = [];
  for (const n of run.nodes.values())
    for (const d of n.devices.values())
      if (d.local) got.push(`${n.sysname} ${d.userid} ${d.vdev} ${d.disk} ${d.access}`);
  const want = run.model.state.links
    .filter((l) => !xlinkDisk(l.disk))
    .map((l) => `${l.sys} ${l.user} ${l.vdev} ${l.disk} ${l.access}`);
  if (got.sort().join("|") !== want.sort().join("|"))
    throw new Violation("local-links", `the nodes hold [${got.join(", ")}], the model [${want.join(", ")}]`);
}

interface Writer {
  sys: string;
  who: string;
  disk: string;
  start: number;
  end: number;
  gen: number;
  mode: string;
  xlink: boolean;
}

/**
 * No two running systems hold write access to overlapping cylinders of the XLINK volume, and no
 * two users of one system write the same minidisk, unless the later grant asked for MW (the one
 * mode CP grants R/W beside a writer). Checked on the volume's ledger and on what the nodes hold.
 */
function checkWriters(run: Run, ledger: readonly LedgerLink[]): void {
  const fromLedger: Writer[] = ledger
    .filter((l) => run.nodes.get(l.system)?.up && writes(l.access))
    .map((l) => ({
      sys: l.system,
      who: `${l.system} ${l.userid} ${l.vdev}`,
      disk: `${l.owner} ${l.ownerVdev}`,
      start: l.start,
      end: l.end,
      gen: l.generation,
      mode: l.requested,
      xlink: true,
    }));
  const fromNodes: Writer[] = [];
  for (const n of run.nodes.values())
    if (n.up)
      for (const d of n.devices.values())
        if (d.pending === PENDING.linked && writes(d.access)) {
          const disk = DISKS[d.disk];
          fromNodes.push({
            sys: n.sysname,
            who: `${n.sysname} ${d.userid} ${d.vdev}`,
            disk: `${disk.owner} ${disk.vdev}`,
            start: disk.start,
            end: disk.end,
            gen: d.generation ?? 0,
            mode: d.mode,
            xlink: !d.local,
          });
        }
  for (const [where, ws] of [
    ["ledger", fromLedger],
    ["nodes", fromNodes],
  ] as const)
    for (const a of ws)
      for (const b of ws) {
        if (a === b || a.gen > b.gen || (a.gen === b.gen && a.who >= b.who)) continue;
        const meet =
          a.sys === b.sys ? a.disk === b.disk : a.xlink && b.xlink && a.start <= b.end && b.start <= a.end;
        // Links a node decided alone carry no order (generation 0): then either may be the later.
        const ok = b.mode === "MW" || (a.gen === b.gen && a.mode === "MW");
        if (meet && !ok)
          throw new Violation(
            "write",
            `(${where}) ${a.who} (${a.disk} ${a.mode}) and ${b.who} (${b.disk} ${b.mode}) both write cylinders ${Math.max(a.start, b.start)}-${Math.min(a.end, b.end)}`,
          );
      }
}

/**
 * With nothing in flight (after each running node's next call to the volume, where crash repair
 * runs): its devices on the XLINK volume are exactly its ledger entries, every answered LINK is
 * still held, and storage holds what each volume object holds in memory.
 */
export function checkQuiescent(run: Run): void {
  const v = run.volumes.get(XLINK_VOLUME)!;
  for (const node of run.nodes.values()) {
    if (!node.up) continue;
    const shown = [...node.devices.values()]
      .filter((d) => !d.local)
      .map(
        (d) =>
          `${d.userid} ${d.vdev} ${d.access} g${d.generation}${d.pending ? ` pending ${d.pending}` : ""}`,
      )
      .sort();
    const held = v
      .links()
      .filter((l) => l.system === node.sysname)
      .map((l) => `${l.userid} ${l.vdev} ${l.access} g${l.generation}`)
      .sort();
    if (shown.join("|") !== held.join("|"))
      throw new Violation(
        "agreement",
        `${node.sysname} shows [${shown.join(", ")}], the volume holds [${held.join(", ")}]`,
      );
  }
  for (const [key, generation] of run.acked) {
    const [sys, user, vdev] = key.split(" ");
    const node = run.nodes.get(sys)!;
    if (!node.up) continue;
    const d = node.device(user, vdev);
    if (!d || d.generation !== generation || d.pending !== PENDING.linked)
      throw new Violation(
        "lost",
        `${sys} ${user} ${vdev}: a LINK answered as granted (g${generation}) is gone`,
      );
  }
  for (const vol of run.volumes.values()) {
    const stored = vol.stored();
    const mem = vol
      .links()
      .map((l) => JSON.stringify(l))
      .sort()
      .join("|");
    const disk = stored.links
      .map((l) => JSON.stringify(l))
      .sort()
      .join("|");
    const area = vol.area();
    if (mem !== disk || (area ? encodeFlags(area) : "") !== (stored.area ? encodeFlags(stored.area) : ""))
      throw new Violation("storage", "a volume's storage differs from what the object holds in memory");
  }
  checkStep(run);
}
