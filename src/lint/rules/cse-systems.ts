import { at, DIRECTORY_FILE, nowhere, type LintRule } from "./rule";

// The CSE system lists (XLINK and XSPOOL slots, includes, excludes) against the systems SYSTEM CONFIG identifies.

export const cseSystemUnknown: LintRule = {
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
        report(at(s), `XSPOOL_SYSTEM gives slot ${s.slot} to ${s.sysname}, which no System_Identifier names`);
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
                { file: DIRECTORY_FILE, line: st.line, column: st.column },
                `SYSAFFIN in ${user.userid} names ${name}, which no System_Identifier names`,
              );
            }
  },
};

export const cseSlotDuplicate: LintRule = {
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
};

export const cseIncludedAndExcluded: LintRule = {
  code: "CSE-INCLUDED-AND-EXCLUDED",
  severity: "warning",
  // IBM's z/VM 7.3 XLINK_SYSTEM_EXCLUDE page says CP ignores such an exclude; the seed's mod-9
  // shared-SysRes procedure needs it to take effect, and the simulator follows the seed
  // (docs/decisions.md, "XLINK as documented").
  title: "a system both included and excluded: the exclude takes effect here (IBM: ignored)",
  check(plex, report) {
    const included = new Set(plex.base.model.xlinkSystemInclude.map((s) => s.sysname));
    for (const x of plex.base.model.xlinkSystemExclude)
      if (included.has(x.name))
        report(
          at(x),
          `${x.name} is both in XLINK_System_Include and XLINK_System_Exclude: it runs without XLINK here, as the seed's shared-SysRes steps need (IBM's z/VM 7.3 page says CP ignores the exclude)`,
        );
  },
};

export const cseSlotsDiffer: LintRule = {
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
};

export const cseXlinkWithSsi: LintRule = {
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
};
