import { diag, type Diagnostic, type Severity } from "../diagnostics";
import type { SourceRef } from "../config/model";
import { MAIN_FILE } from "../config/parse";
import { cseArea, xlinkInclude } from "../dasd/cse-area";
import { isFba } from "../dasd/geometry";
import { modeWrites } from "../dasd/link-rules";
import { DASD_FILE, type DasdVolume } from "../dasd/inventory";
import type { MdiskDef } from "../directory/types";
import { matchesPattern } from "../text/records";
import type { PlexView, SystemView } from "../plex/view";

/** A plex-wide lint rule: a stable code, what it checks, and the check. */
export interface LintRule {
  code: string;
  severity: Severity;
  title: string;
  check: (plex: PlexView, report: Reporter) => void;
}

/** Collects one rule's findings, stamping them with its code and severity. */
export type Reporter = (
  at: { file: string; line: number; column: number },
  message: string,
  severity?: Severity,
) => void;

const DIRECTORY_FILE = "USER DIRECT";

/** True for a minidisk that covers its whole volume: the full-pack overlays real sites use. */
export function isFullPack(md: MdiskDef, volume: DasdVolume | undefined): boolean {
  if (md.kind === "devno") return true;
  if (md.kind !== "extent") return false;
  return md.start === 0 && (md.count === undefined || (volume !== undefined && md.count >= volume.cylinders));
}

interface Extent {
  sysname: string;
  userid: string;
  md: MdiskDef;
  volser: string;
  start: number;
  end: number;
  fullPack: boolean;
}

/** Every extent minidisk each system's object directory places, with its real volume. */
function extentsBySystem(plex: PlexView): Map<string, Extent[]> {
  const out = new Map<string, Extent[]>();
  for (const view of plex.views.values()) {
    const list: Extent[] = [];
    for (const user of view.directory?.users.values() ?? []) {
      for (const md of user.mdisks) {
        if (md.kind !== "extent" || !md.volser || md.start === undefined) continue;
        const volume = plex.volumes.get(md.volser);
        const count = md.count ?? (volume ? volume.cylinders - md.start : 1);
        list.push({
          sysname: view.sysname,
          userid: user.userid,
          md,
          volser: md.volser,
          start: md.start,
          end: md.start + Math.max(count, 1) - 1,
          fullPack: isFullPack(md, volume),
        });
      }
    }
    out.set(view.sysname, list);
  }
  return out;
}

const at = (r: SourceRef) => ({ file: r.file, line: r.line, column: r.column });
const mdAt = (md: MdiskDef) => ({ file: DIRECTORY_FILE, line: md.line, column: md.column });
const dasdAt = (v: DasdVolume) => ({ file: DASD_FILE, line: v.entry, column: 0 });
const nowhere = { file: MAIN_FILE, line: 0, column: 0 };

/** Systems several systems IPL from: shared SysRes volumes, with who shares them. */
function sharedSysres(plex: PlexView): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const v of plex.views.values())
    if (v.iplVolume) by.set(v.iplVolume, [...(by.get(v.iplVolume) ?? []), v.sysname]);
  return new Map([...by].filter(([, systems]) => systems.length > 1));
}

function directoryVolumes(plex: PlexView): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of plex.source?.directories ?? []) if (d.sysname) out.set(d.volser, d.sysname);
  return out;
}

/** The rules, in the order their findings are reported. */
export const RULES: LintRule[] = [
  {
    code: "CSE-SYSTEM-UNKNOWN",
    severity: "warning",
    title: "XLINK, XSPOOL, SYSAFFIN and DIRECTORY statements name systems SYSTEM CONFIG identifies",
    check(plex, report) {
      const known = new Set(plex.systems);
      const m = plex.base.model;
      for (const s of m.xlinkSystemInclude)
        if (!known.has(s.sysname))
          report(
            at(s),
            `XLINK_System_Include gives slot ${s.slot} to ${s.sysname}, which no System_Identifier names`,
          );
      for (const s of m.xspoolSystems)
        if (!known.has(s.sysname))
          report(
            at(s),
            `XSPOOL_SYSTEM gives slot ${s.slot} to ${s.sysname}, which no System_Identifier names`,
          );
      for (const x of m.xlinkSystemExclude)
        if (!known.has(x.name))
          report(
            at(x),
            `XLINK_System_Exclude names ${x.name}, which no System_Identifier names; it excludes nothing here`,
            "info",
          );
      for (const d of plex.source?.directories ?? [])
        if (d.sysname && !known.has(d.sysname))
          report(
            { file: DIRECTORY_FILE, line: d.line, column: d.column },
            `DIRECTORY statement names ${d.sysname}, which no System_Identifier names`,
          );
      const seen = new Set<string>();
      for (const user of plex.source?.users ?? [])
        for (const st of user.statements)
          if (st.keyword === "SYSAFFIN")
            for (const name of st.operands)
              if (name !== "*" && !known.has(name) && !seen.has(`${st.line} ${name}`)) {
                seen.add(`${st.line} ${name}`);
                report(
                  { file: st.file, line: st.line, column: st.column },
                  `SYSAFFIN in ${user.userid} names ${name}, which no System_Identifier names`,
                );
              }
    },
  },
  {
    code: "CSE-SLOT-DUPLICATE",
    severity: "error",
    title: "each XLINK and XSPOOL slot holds one system, and each system one slot",
    check(plex, report) {
      for (const view of plex.views.values()) {
        const m = view.config.model;
        for (const [list, what] of [
          [m.xlinkSystemInclude, "XLINK_System_Include"],
          [m.xspoolSystems, "XSPOOL_SYSTEM"],
        ] as const) {
          const bySlot = new Map<number, string>();
          const byName = new Map<string, number>();
          for (const s of list) {
            const other = bySlot.get(s.slot);
            if (other !== undefined && other !== s.sysname)
              report(at(s), `${what} slot ${s.slot} is given to both ${other} and ${s.sysname}`);
            const otherSlot = byName.get(s.sysname);
            if (otherSlot !== undefined && otherSlot !== s.slot)
              report(at(s), `${what} gives ${s.sysname} both slot ${otherSlot} and slot ${s.slot}`);
            bySlot.set(s.slot, s.sysname);
            byName.set(s.sysname, s.slot);
          }
        }
      }
    },
  },
  {
    code: "CSE-INCLUDED-AND-EXCLUDED",
    severity: "warning",
    title: "a system both included and excluded: CP ignores the exclude",
    check(plex, report) {
      const included = new Set(plex.base.model.xlinkSystemInclude.map((s) => s.sysname));
      for (const x of plex.base.model.xlinkSystemExclude)
        if (included.has(x.name))
          report(
            at(x),
            `${x.name} is both in XLINK_System_Include and XLINK_System_Exclude; the exclude is ignored`,
          );
    },
  },
  {
    code: "CSE-SLOTS-DIFFER",
    severity: "error",
    title: "every system reads the same XLINK and XSPOOL slot lists",
    check(plex, report) {
      const key = (list: { slot: number; sysname: string }[]) =>
        list
          .map((s) => `${s.slot}=${s.sysname}`)
          .sort()
          .join(" ");
      for (const kind of ["xlinkSystemInclude", "xspoolSystems"] as const) {
        const views = [...plex.views.values()];
        const first = views[0];
        if (!first) return;
        const want = key(first.config.model[kind]);
        for (const v of views.slice(1)) {
          const got = key(v.config.model[kind]);
          if (got !== want) {
            const s = v.config.model[kind][0] ?? first.config.model[kind][0];
            report(
              s ? at(s) : nowhere,
              `${v.sysname} reads ${kind === "xlinkSystemInclude" ? "XLINK" : "XSPOOL"} slots "${got || "none"}" but ${first.sysname} reads "${want || "none"}": sharing systems must agree on every slot`,
            );
          }
        }
      }
    },
  },
  {
    code: "CSE-XLINK-WITH-SSI",
    severity: "error",
    title: "XLINK statements cannot be coded together with the SSI statement",
    check(plex, report) {
      for (const v of plex.views.values()) {
        const m = v.config.model;
        if (!m.ssi) continue;
        const x = m.xlinkSystemInclude[0] ?? m.xlinkSystemExclude[0] ?? m.xlinkVolumeInclude[0];
        if (x)
          report(
            at(x),
            `${v.sysname}: XLINK statements are not allowed with the SSI statement (${m.ssi.file} line ${m.ssi.line})`,
          );
      }
    },
  },
  {
    code: "DIR-NO-DIRECTORY",
    severity: "error",
    title: "every system has a DIRECTORY statement, so DIRECTXA writes its object directory",
    check(plex, report) {
      if (!plex.source) return;
      for (const v of plex.views.values())
        if (!v.directory?.control)
          report(
            { file: DIRECTORY_FILE, line: 1, column: 1 },
            `No DIRECTORY statement applies to ${v.sysname}: DIRECTXA cannot build its object directory`,
          );
    },
  },
  {
    code: "MDISK-OVERLAP",
    severity: "warning",
    title: "minidisks on one volume do not overlap as one system sees them (full-pack overlays aside)",
    check(plex, report) {
      for (const [sysname, extents] of extentsBySystem(plex)) {
        const byVol = new Map<string, Extent[]>();
        for (const e of extents) if (!e.fullPack) byVol.set(e.volser, [...(byVol.get(e.volser) ?? []), e]);
        for (const list of byVol.values()) {
          list.sort((a, b) => a.start - b.start || a.end - b.end);
          let reach: Extent | undefined;
          for (const e of list) {
            if (reach && e.start <= reach.end && (e.userid !== reach.userid || e.md.vdev !== reach.md.vdev))
              report(
                mdAt(e.md),
                `On ${sysname}, ${e.userid} ${e.md.vdev} (${e.volser} ${e.start}-${e.end}) overlaps ${reach.userid} ${reach.md.vdev} (${reach.start}-${reach.end})`,
              );
            if (!reach || e.end > reach.end) reach = e;
          }
        }
      }
    },
  },
  {
    code: "MDISK-VOLUME-UNKNOWN",
    severity: "warning",
    title: "a minidisk's volume is in the DASD inventory or the configuration",
    check(plex, report) {
      const known = (volser: string) => {
        const v = plex.volumes.get(volser);
        if (v?.inInventory) return true;
        for (const view of plex.views.values()) {
          const m = view.config.model;
          if (view.iplVolume === volser) return true;
          if (m.cpOwned.some((c) => c.volid === volser) || m.userVolumes.some((u) => u.name === volser))
            return true;
          if (m.userVolumePatterns.some((p) => matchesPattern(volser, p.name))) return true;
          if (m.xlinkVolumeInclude.some((p) => matchesPattern(volser, p.pattern))) return true;
        }
        return (plex.source?.directories ?? []).some((d) => d.volser === volser);
      };
      const done = new Set<string>();
      for (const extents of extentsBySystem(plex).values())
        for (const e of extents) {
          const key = `${e.md.line}`;
          if (done.has(key) || known(e.volser)) continue;
          done.add(key);
          report(
            mdAt(e.md),
            `${e.userid} ${e.md.vdev} is on volume ${e.volser}, which neither the DASD inventory nor SYSTEM CONFIG names (taken as a 3390-9)`,
          );
        }
    },
  },
  {
    code: "MDISK-PAST-END",
    severity: "warning",
    title: "a minidisk ends within its volume",
    check(plex, report) {
      const done = new Set<string>();
      for (const extents of extentsBySystem(plex).values())
        for (const e of extents) {
          const v = plex.volumes.get(e.volser);
          if (!v || e.end < v.cylinders || done.has(`${e.md.line} ${e.volser}`)) continue;
          done.add(`${e.md.line} ${e.volser}`);
          report(
            mdAt(e.md),
            `${e.userid} ${e.md.vdev} ends at cylinder ${e.end}, past the end of ${e.volser} (${v.devtype}, cylinders 0-${v.cylinders - 1})`,
          );
        }
    },
  },
  {
    code: "CSE-AREA-PLACEMENT",
    severity: "error",
    title: "the CSE area of an XLINK volume lies on the volume, in PERM space, clear of minidisks",
    check(plex, report) {
      const extents = [...extentsBySystem(plex).values()].flat();
      const done = new Set<string>();
      for (const view of plex.views.values()) {
        for (const v of plex.volumes.values()) {
          const inc = xlinkInclude(view.config.model, v.volser);
          if (!inc) continue;
          const area = cseArea(v, inc);
          const where = `${v.volser} cylinders ${area.start}-${area.end}`;
          const once = (key: string, r: { file: string; line: number; column: number }, msg: string) => {
            if (done.has(key)) return;
            done.add(key);
            report(r, msg);
          };
          if (area.end >= v.cylinders)
            once(
              `end ${v.volser}`,
              at(inc),
              `The CSE area of ${v.volser} (${where}) runs past the end of the volume (${v.devtype}, cylinders 0-${v.cylinders - 1})`,
            );
          if (isFba(v.devtype))
            once(`fba ${v.volser}`, at(inc), `${v.volser} is an FBA device, which XLINK does not support`);
          for (const x of v.allocation ?? [])
            if (x.type !== "PERM" && x.start <= area.end && x.end >= area.start)
              once(
                `perm ${v.volser}`,
                dasdAt(v),
                `The CSE area of ${v.volser} (${where}) lies in ${x.type} space ${x.start}-${x.end}; it must be PERM or CP may allocate over it`,
              );
          // A minidisk that lies within the CSE area is the way IBM recommends giving XLINK FORMAT the
          // area (it exposes nothing else), so only extents reaching outside it conflict.
          for (const e of extents)
            if (
              e.volser === v.volser &&
              !e.fullPack &&
              e.start <= area.end &&
              e.end >= area.start &&
              (e.start < area.start || e.end > area.end)
            )
              once(
                `md ${e.md.line} ${v.volser}`,
                mdAt(e.md),
                `${e.userid} ${e.md.vdev} (${e.start}-${e.end}) overlaps the CSE area of ${where}: XLINK FORMAT would destroy its data`,
              );
        }
      }
    },
  },
  {
    code: "SYSRES-SHARED",
    severity: "warning",
    title:
      "a SysRes several systems IPL from holds no R/W minidisks, no checkpoint or warmstart, no directory",
    check(plex, report) {
      const shared = sharedSysres(plex);
      if (shared.size === 0) return;
      const done = new Set<string>();
      for (const view of plex.views.values()) {
        for (const user of view.directory?.users.values() ?? []) {
          for (const md of user.mdisks)
            if (md.volser && shared.has(md.volser) && modeWrites(md.mode) && !done.has(`md ${md.line}`)) {
              done.add(`md ${md.line}`);
              report(
                mdAt(md),
                `${user.userid} ${md.vdev} is a ${md.mode} minidisk on ${md.volser}, the SysRes ${shared.get(md.volser)!.join(" and ")} share: once the SysRes is shared there are no R/W links to it`,
              );
            }
        }
        const m = view.config.model;
        for (const area of [m.checkpoint, m.warmstart])
          if (area && shared.has(area.volid) && !done.has(`area ${area.file} ${area.line} ${area.column}`)) {
            done.add(`area ${area.file} ${area.line} ${area.column}`);
            report(
              at(area),
              `${view.sysname} keeps its ${area === m.checkpoint ? "checkpoint" : "warmstart"} area on ${area.volid}, a SysRes shared by ${shared.get(area.volid)!.join(" and ")}`,
            );
          }
      }
      for (const d of plex.source?.directories ?? [])
        if (shared.has(d.volser))
          report(
            { file: DIRECTORY_FILE, line: d.line, column: d.column },
            `The object directory${d.sysname ? ` of ${d.sysname}` : ""} is on ${d.volser}, a SysRes shared by ${shared.get(d.volser)!.join(" and ")}`,
          );
    },
  },
  {
    code: "CPOWNED-OTHER-DIRECTORY",
    severity: "warning",
    title: "a system's CP_Owned list holds no other system's directory volume",
    check(plex, report) {
      const dirVols = directoryVolumes(plex);
      for (const view of plex.views.values())
        for (const c of view.config.model.cpOwned) {
          const owner = dirVols.get(c.volid);
          if (owner && owner !== view.sysname)
            report(
              at(c),
              `${view.sysname}'s CP_Owned slot ${c.slot} is ${c.volid}, which holds ${owner}'s directory`,
            );
        }
    },
  },
  {
    code: "SPOOL-SLOT-DIFFERS",
    severity: "warning",
    title: "systems that share a spool volume give it the same CP_Owned slot",
    check(plex, report) {
      const slots = new Map<string, { sysname: string; slot: number; ref: SourceRef }[]>();
      for (const view of plex.views.values())
        for (const c of view.config.model.cpOwned)
          if (c.volid !== "&SYSRES" && c.volid !== "RESERVED")
            slots.set(c.volid, [
              ...(slots.get(c.volid) ?? []),
              { sysname: view.sysname, slot: c.slot, ref: c },
            ]);
      for (const [volid, list] of slots) {
        const v = plex.volumes.get(volid);
        const isSpool = v?.allocation?.some((x) => x.type === "SPOL") ?? true;
        if (list.length < 2 || !isSpool) continue;
        const first = list[0];
        for (const other of list.slice(1))
          if (other.slot !== first.slot)
            report(
              at(other.ref),
              `${volid} is CP_Owned slot ${other.slot} on ${other.sysname} but slot ${first.slot} on ${first.sysname}: spool pointers carry the slot, so shared spool volumes need the same slot everywhere`,
            );
      }
    },
  },
  {
    code: "SPOOL-SHARED-NOT-SHARING",
    severity: "warning",
    title:
      "a system that lists spool volumes as Shared takes part in shared spool (XSPOOL_SYSTEM Share_Spool YES)",
    check(plex, report) {
      for (const view of plex.views.values()) {
        const m = view.config.model;
        const me = m.xspoolSystems.find((s) => s.sysname === view.sysname);
        const shared = m.cpOwned.find((c) => c.ownership === "SHARED");
        if (shared && (!me || !me.shareSpool))
          report(
            at(shared),
            `${view.sysname} lists ${shared.volid} as a Shared CP_Owned volume, but ${me ? "its XSPOOL_SYSTEM says Share_Spool NO" : "it has no XSPOOL_SYSTEM slot"}: its spool is not shared`,
          );
      }
    },
  },
  {
    code: "XLIST-USER-UNKNOWN",
    severity: "warning",
    title: "users in XSPOOL_XLIST_INPUT/OUTPUT exist in the directory",
    check(plex, report) {
      if (!plex.source) return;
      const users = new Set(plex.source.users.map((u) => u.userid));
      const m = plex.base.model;
      for (const [list, what] of [
        [m.xspoolXlistInput, "XSPOOL_XLIST_INPUT"],
        [m.xspoolXlistOutput, "XSPOOL_XLIST_OUTPUT"],
      ] as const)
        for (const u of list)
          if (!users.has(u.name))
            report(at(u), `${what} names ${u.name}, which the directory has no USER entry for`);
    },
  },
  {
    code: "ALLOCATION",
    severity: "error",
    title: "directory volumes have DRCT space; checkpoint and warmstart lie in PERM space and apart",
    check(plex, report) {
      for (const d of plex.source?.directories ?? []) {
        const v = plex.volumes.get(d.volser);
        if (v?.allocation && !v.allocation.some((x) => x.type === "DRCT"))
          report(
            { file: DIRECTORY_FILE, line: d.line, column: d.column },
            `DIRECTORY volume ${d.volser} has no DRCT space in its allocation map: DIRECTXA has nowhere to write`,
          );
      }
      const done = new Set<string>();
      for (const view of plex.views.values()) {
        const { checkpoint, warmstart } = view.config.model;
        for (const [area, name] of [
          [checkpoint, "Checkpoint"],
          [warmstart, "Warmstart"],
        ] as const) {
          if (!area) continue;
          const v = plex.volumes.get(area.volid);
          const key = `${area.file} ${area.line} ${area.volid}`;
          if (!v?.allocation || done.has(key)) continue;
          const end = area.cylinder + area.count - 1;
          const bad = v.allocation.filter(
            (x) => x.type !== "PERM" && x.start <= end && x.end >= area.cylinder,
          );
          const covered = v.allocation
            .filter((x) => x.type === "PERM")
            .reduce(
              (n, x) => n + Math.max(0, Math.min(end, x.end) - Math.max(area.cylinder, x.start) + 1),
              0,
            );
          if (bad.length > 0 || covered < area.count) {
            done.add(key);
            report(
              at(area),
              `${name} area ${area.volid} ${area.cylinder}-${end} is not all PERM space${bad.length ? ` (it meets ${bad.map((x) => `${x.type} ${x.start}-${x.end}`).join(", ")})` : ""}`,
            );
          }
        }
        if (checkpoint && warmstart && checkpoint.volid === warmstart.volid) {
          const overlap =
            checkpoint.cylinder <= warmstart.cylinder + warmstart.count - 1 &&
            warmstart.cylinder <= checkpoint.cylinder + checkpoint.count - 1;
          const key = `overlap ${checkpoint.file} ${checkpoint.line}`;
          if (overlap && !done.has(key)) {
            done.add(key);
            report(
              at(warmstart),
              `Warmstart area ${warmstart.cylinder}-${warmstart.cylinder + warmstart.count - 1} overlaps the checkpoint area ${checkpoint.cylinder}-${checkpoint.cylinder + checkpoint.count - 1} on ${checkpoint.volid}`,
            );
          }
        }
      }
    },
  },
  {
    code: "ALLOCATION-MDISK",
    severity: "warning",
    title: "minidisks lie in PERM space, clear of checkpoint and warmstart",
    check(plex, report) {
      const done = new Set<string>();
      for (const [sysname, extents] of extentsBySystem(plex)) {
        const m = plex.views.get(sysname)!.config.model;
        for (const e of extents) {
          if (e.fullPack) continue;
          const v = plex.volumes.get(e.volser);
          const bad = (v?.allocation ?? []).filter(
            (x) => x.type !== "PERM" && x.start <= e.end && x.end >= e.start,
          );
          if (bad.length > 0 && !done.has(`perm ${e.md.line}`)) {
            done.add(`perm ${e.md.line}`);
            report(
              mdAt(e.md),
              `${e.userid} ${e.md.vdev} (${e.volser} ${e.start}-${e.end}) lies in ${bad.map((x) => `${x.type} ${x.start}-${x.end}`).join(", ")}; minidisks belong in PERM space`,
            );
          }
          for (const area of [m.checkpoint, m.warmstart])
            if (
              area &&
              area.volid === e.volser &&
              area.cylinder <= e.end &&
              area.cylinder + area.count - 1 >= e.start &&
              !done.has(`area ${e.md.line} ${sysname}`)
            ) {
              done.add(`area ${e.md.line} ${sysname}`);
              report(
                mdAt(e.md),
                `On ${sysname}, ${e.userid} ${e.md.vdev} (${e.start}-${e.end}) overlaps the ${area === m.checkpoint ? "checkpoint" : "warmstart"} area on ${e.volser}`,
              );
            }
        }
      }
    },
  },
  {
    code: "DIRMAINT-LOCK-DISK",
    severity: "warning",
    title: "DirMaint's lock disk (DIRMAINT 15D) is on an XLINK-controlled volume",
    check(plex, report) {
      for (const view of plex.views.values()) {
        const md = view.directory?.users.get("DIRMAINT")?.mdisks.find((m) => m.vdev === "015D");
        if (!md) continue;
        if (md.kind !== "extent" || !md.volser || !xlinkInclude(view.config.model, md.volser)) {
          report(
            mdAt(md),
            `DIRMAINT 015D (the lock disk) is on ${md.volser ?? md.kind}, which is not XLINK-controlled on ${view.sysname}: satellites could update the directory at once`,
          );
          return;
        }
      }
    },
  },
  {
    code: "LINK-TARGET",
    severity: "warning",
    title: "directory LINK statements name a user and a minidisk that exist on that system",
    check(plex, report) {
      const done = new Set<string>();
      for (const view of plex.views.values()) {
        const users = view.directory?.users;
        if (!users) continue;
        for (const user of users.values())
          for (const l of user.links) {
            const owner = l.owner === "*" ? user.userid : l.owner;
            const target = users.get(owner);
            const key = `${l.line}`;
            if (done.has(key)) continue;
            if (!target) {
              done.add(key);
              report(
                { file: DIRECTORY_FILE, line: l.line, column: l.column },
                `${user.userid} links to ${owner} ${l.ownerVdev}, but ${owner} is not in the directory${plex.systems.length > 1 ? ` of ${view.sysname}` : ""}`,
              );
            } else if (
              !target.mdisks.some((m) => m.vdev === l.ownerVdev) &&
              !target.links.some((x) => x.vdev === l.ownerVdev)
            ) {
              done.add(key);
              report(
                { file: DIRECTORY_FILE, line: l.line, column: l.column },
                `${user.userid} links to ${owner} ${l.ownerVdev}, which ${owner} does not define on ${view.sysname}`,
              );
            }
          }
      }
    },
  },
  {
    code: "XLINK-UNPROTECTED",
    severity: "warning",
    title: "a volume whose minidisks several systems can write is XLINK-controlled on each of them",
    check(plex, report) {
      const users = new Map<string, Set<string>>();
      const writers = new Map<string, Map<string, Extent>>();
      for (const [sysname, extents] of extentsBySystem(plex))
        for (const e of extents) {
          users.set(e.volser, (users.get(e.volser) ?? new Set()).add(sysname));
          if (e.fullPack || !modeWrites(e.md.mode)) continue;
          const bySys = writers.get(e.volser) ?? new Map<string, Extent>();
          if (!bySys.has(sysname)) bySys.set(sysname, e);
          writers.set(e.volser, bySys);
        }
      for (const [volser, bySys] of writers) {
        const systems = [...(users.get(volser) ?? [])];
        if (systems.length < 2) continue;
        const open = systems.filter((sys) => !xlinkInclude(plex.views.get(sys)!.config.model, volser));
        if (open.length === 0) continue;
        const first = [...bySys.values()][0];
        report(
          mdAt(first.md),
          `${volser} holds minidisks that ${systems.join(", ")} use, ${[...bySys.keys()].join(", ")} with write access, but no XLINK_Volume_Include covers it on ${open.join(", ")}: nothing stops two systems writing it at once`,
        );
      }
    },
  },
  {
    code: "DIR-CPUID-MISMATCH",
    severity: "warning",
    title: "a DIRECTORY statement's CPU ID and model match the system's System_Identifier",
    check(plex, report) {
      const byName = new Map(plex.base.model.systemIdentifiers.map((s) => [s.sysname, s]));
      const fits = (value: string, pattern: string) =>
        pattern.length === value.length &&
        [...pattern].every((ch, i) => ch === "%" || ch === "*" || ch === value[i]);
      for (const d of plex.source?.directories ?? []) {
        const id = d.sysname ? byName.get(d.sysname) : undefined;
        if (!id || id.lpar || !d.cpuid) continue;
        const cpu = id.cpuid.replace(/^%+/, "");
        const cpuOk =
          id.cpuid === "*" || d.cpuid.endsWith(cpu) || fits(d.cpuid.padStart(id.cpuid.length, "%"), id.cpuid);
        const modelOk = !d.model || id.model === "*" || d.model === id.model;
        if (!cpuOk || !modelOk)
          report(
            { file: DIRECTORY_FILE, line: d.line, column: d.column },
            `DIRECTORY for ${d.sysname} gives CPU ${d.cpuid}-${d.model ?? "?"}, but System_Identifier names ${id.sysname} for ${id.model} ${id.cpuid} (${id.file} line ${id.line})`,
          );
      }
    },
  },
  {
    code: "IPL-VOLUME",
    severity: "info",
    title: "each system's IPL volume (+VMRES) is known",
    check(plex, report) {
      for (const view of plex.views.values())
        if (view.iplVolumeSource === "none")
          report(
            nowhere,
            `${view.sysname}'s IPL volume is not known: give it in the DASD inventory ("ipl": ["${view.sysname}"]) so +VMRES resolves`,
          );
    },
  },
];

/** Runs every rule over a built plex. */
export function runRules(plex: PlexView, rules: readonly LintRule[] = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules)
    rule.check(plex, (where, message, severity) =>
      out.push(diag(where.file, where.line, where.column, severity ?? rule.severity, rule.code, message)),
    );
  return out;
}

export type { SystemView };
