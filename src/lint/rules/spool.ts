import type { SourceRef } from "../../config/model";
import { at, type LintRule } from "./rule";

// Shared spool: the slots of shared spool volumes, Share_Spool, and the XSPOOL exclusion lists.

export const spoolSlotDiffers: LintRule = {
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
};

export const spoolSharedNotSharing: LintRule = {
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
};

export const xlistUserUnknown: LintRule = {
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
};
