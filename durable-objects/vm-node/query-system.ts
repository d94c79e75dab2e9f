import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import {
  CPOWNED_OFFLINE,
  CPOWNED_ONLINE,
  cpuidOf,
  queryAllocBlocks,
  queryAllocTable,
  queryCplevel,
  queryCpowned,
  queryCpuid,
  queryPrivclas,
  querySet,
  type AllocBlock,
  type AllocRow,
  type CpownedRow,
} from "../../src/cp/layouts/system";
import type { AllocKind } from "../../src/cp/parse/query";
import type { AllocationType } from "../../src/dasd/inventory";
import type { ImageCpOwnedSlot } from "../../src/plex/image";
import type { NodeState } from "./state";

/** What QUERY CPLEVEL reports: the z/VM level cseplex answers as (CSE's XLINK still ships in 7.3). */
const CP_LEVEL = { version: 7, release: 3, modification: 0, serviceLevel: "2401" };
const CP_GENERATED = "2024-01-15T12:00:00Z";

/** The highest CP_Owned slot (reference §1: QUERY CPOWNED lists every slot up to 255). */
const CPOWNED_SLOTS = 255;

/** The CPFMTXA type of each kind of space QUERY ALLOC reports. */
const ALLOC_TYPES: Record<Exclude<AllocKind, "ALL">, AllocationType> = {
  PAGE: "PAGE",
  SPOOL: "SPOL",
  DRCT: "DRCT",
  TDISK: "TDSK",
};

/** 4K pages per cylinder: 15 tracks of 12 pages on a 3390 (600660 pages in 3337 cylinders, reference §2), 10 on a 3380. */
const pagesPerCylinder = (devtype: string): number => (devtype.startsWith("3380") ? 150 : 180);

/** True when a volid matches a QUERY ALLOC operand: itself, or a generic `ABC*`. */
const volidMatches = (volid: string, asked: string): boolean =>
  asked.endsWith("*") ? volid.startsWith(asked.slice(0, -1)) : volid === asked;

/**
 * QUERY of the system and of the issuer's settings: CPLEVEL, CPOWNED, ALLOC, CPUID, SET and
 * PRIVCLAS, as this system read them at IPL or keeps them.
 */
export class SystemQueries {
  constructor(private readonly s: NodeState) {}

  /** QUERY CPLEVEL: the level cseplex answers as, its build time and this system's IPL. */
  cplevel(): CpAnswer {
    const at = this.s.sql<{ ipl_at: string | null }>`SELECT ipl_at FROM node`[0]?.ipl_at;
    return okAnswer(queryCplevel(CP_LEVEL, new Date(CP_GENERATED), new Date(at ?? Date.now())));
  }

  /** QUERY CPUID: from SYSTEM CONFIG's System_Identifier. */
  cpuid(): CpAnswer {
    return okAnswer(queryCpuid(cpuidOf(this.s.image()?.identifier)));
  }

  /** QUERY SET: the issuer's SET MSG, WNG and SMSG. */
  set(userid: string): CpAnswer {
    const row = this.s.sql<{ msg: number; wng: number; smsg: number }>`
      SELECT msg, wng, smsg FROM users WHERE userid = ${userid}`[0];
    return okAnswer(
      querySet({ msg: (row?.msg ?? 1) === 1, wng: (row?.wng ?? 1) === 1, smsg: (row?.smsg ?? 0) === 1 }),
    );
  }

  /** QUERY PRIVCLAS: the issuer's privilege classes. */
  privclas(userid: string): CpAnswer {
    // No SET PRIVCLASS here: the classes in use are the directory's.
    const classes = this.s.user(userid)?.classes ?? "G";
    return okAnswer(queryPrivclas(userid, classes, classes));
  }

  /**
   * QUERY CPOWNED [VOLID volid]: the CP_Owned list as this system read it at IPL, slot by slot;
   * a volid that is not in it is an invalid option (ours).
   */
  cpowned(volid: string | undefined): CpAnswer {
    const image = this.s.image()!;
    const slots: ImageCpOwnedSlot[] =
      image.cpOwnedSlots ?? image.cpOwned.map((v, i) => ({ slot: i + 1, volid: v }));
    const bySlot = new Map(slots.filter((x) => x.volid !== "RESERVED").map((x) => [x.slot, x]));
    const row = (slot: number): CpownedRow => {
      const x = bySlot.get(slot);
      if (!x) return { slot };
      const v = this.s.volume(x.volid);
      const online = v?.status === "SYSTEM";
      return {
        slot,
        volid: x.volid,
        rdev: online ? v?.info.rdev : undefined,
        type: x.ownership === "SHARED" ? "Shared" : "Own",
        status: online ? CPOWNED_ONLINE : CPOWNED_OFFLINE,
        systemOwner: x.owner,
      };
    };
    if (volid !== undefined) {
      const x = [...bySlot.values()].find((s) => s.volid === volid);
      if (!x) return cpAnswer("HCPCQV003E", { option: volid });
      return okAnswer(queryCpowned([row(x.slot)]));
    }
    return okAnswer(queryCpowned(Array.from({ length: CPOWNED_SLOTS }, (_, i) => row(i + 1))));
  }

  /** The CP-owned volumes this system has online, in slot order, for QUERY ALLOC. */
  private cpOwnedOnline() {
    const image = this.s.image()!;
    const order = (image.cpOwnedSlots ?? image.cpOwned.map((v, i) => ({ slot: i + 1, volid: v })))
      .filter((x) => x.volid !== "RESERVED")
      .sort((a, b) => a.slot - b.slot)
      .map((x) => x.volid);
    return [...new Set(order)]
      .map((volid) => this.s.volume(volid))
      .filter((v) => v !== undefined && v.status === "SYSTEM")
      .map((v) => v!.info);
  }

  /**
   * QUERY ALLOC: the CP space on the CP-owned volumes online here, from the inventory's CPFMTXA
   * allocation maps (a volume without one has none). Nothing runs, so nothing is in use (ours):
   * IN USE, HIGH PAGE and INUSE are 0. The object directory's DRCT (the first DRCT extent on the
   * volume the source directory's DIRECTORY statement names for this system) is the active one.
   */
  alloc(a: { kind: AllocKind; volids: string[] }): CpAnswer {
    const image = this.s.image()!;
    const all = this.cpOwnedOnline();
    for (const asked of a.volids)
      if (!all.some((v) => volidMatches(v.volser, asked))) return cpAnswer("HCPCQV003E", { option: asked });
    const volumes = a.volids.length
      ? all.filter((v) => a.volids.some((x) => volidMatches(v.volser, x)))
      : all;
    const activeDrct = (volser: string) =>
      volser === image.directoryVolume
        ? this.s.volume(volser)?.info.allocation?.find((x) => x.type === "DRCT")
        : undefined;
    if (a.kind === "ALL") {
      const blocks: AllocBlock[] = volumes.map((v) => {
        const cylinders = (type: AllocationType) =>
          (v.allocation ?? []).filter((x) => x.type === type).reduce((n, x) => n + x.end - x.start + 1, 0);
        const space = (type: AllocationType) => ({ total: cylinders(type), inUse: 0 });
        return {
          rdev: v.rdev ?? "----",
          volid: v.volser,
          devtype: v.devtype.slice(0, 4),
          space: { TDISK: space("TDSK"), PAGE: space("PAGE"), SPOOL: space("SPOL"), DRCT: space("DRCT") },
          drctActive: activeDrct(v.volser) !== undefined,
        };
      });
      return okAnswer(queryAllocBlocks(blocks, image.iplVolume));
    }
    const type = ALLOC_TYPES[a.kind];
    const inPages = a.kind === "PAGE" || a.kind === "SPOOL";
    const rows: AllocRow[] = volumes.flatMap((v) => {
      const active = activeDrct(v.volser);
      return (v.allocation ?? [])
        .filter((x) => x.type === type)
        .map((x) => ({
          volid: v.volser,
          rdev: v.rdev ?? "----",
          start: x.start,
          end: x.end,
          total: (x.end - x.start + 1) * (inPages ? pagesPerCylinder(v.devtype) : 1),
          inUse: 0,
          high: 0,
          active: a.kind === "DRCT" && active?.start === x.start,
        }));
    });
    return okAnswer(queryAllocTable(rows));
  }
}
