import { type CpAnswer, cpAnswer, lineOf, okAnswer } from "../../src/catalog/answer";
import { rcOf } from "../../src/catalog/messages";
import { decideOnVolume, type LedgerLink, type LinkRequest } from "../../src/dasd/ledger";
import { PENDING } from "../../src/dasd/link-repair";
import {
  type Access,
  decideLink,
  isWriteAccess,
  parseLinkMode,
  reserveGoesToHardware,
} from "../../src/dasd/link-rules";
import type { MdiskDef } from "../../src/directory/types";
import type { ImageUser } from "../../src/plex/image";
import { LOCAL_GENERATION, type VdevRow } from "./schema";

/** The kind of a V-DISK's device: a virtual disk in storage, on no volume. */
export const VDISK = "VDISK" satisfies VdevRow["kind"];
import type { NodeState } from "./state";

/**
 * Links on volumes no XLINK covers: as in z/VM without CSE, only this system's CP knows the links
 * to its minidisks there, so the node decides them alone, against its own devices, with no Volume
 * object (docs/decisions.md, "Links on volumes no XLINK covers are the node's").
 */
export class LocalLinks {
  constructor(private readonly s: NodeState) {}

  /**
   * LINK on a volume no XLINK covers (after LINK's checks, the volume online): the node decides
   * against its own devices there, at once and in one synchronous step, and calls no Volume object
   * (a LOGON of a user with minidisks on a thousand such volumes makes no thousand objects). The
   * volume view asks the nodes for these links.
   */
  link(
    userid: string,
    owner: ImageUser,
    md: MdiskDef,
    vdev: string,
    modeText: string,
    devno?: string,
  ): CpAnswer {
    const image = this.s.image()!;
    const vol = this.s.volume(md.volser!)!;
    const parsedMode = parseLinkMode(modeText)!;
    if (this.s.vdev(userid, vdev))
      return cpAnswer("HCPLNM110E", { userid: owner.userid, vdev: md.vdev, vdev2: vdev });
    const start = md.start!;
    const end = start + Math.max(md.count ?? vol.info.cylinders - start, 1) - 1;
    if (end >= vol.info.cylinders)
      return cpAnswer("HCPLNM9003E", {
        userid: owner.userid,
        vdev: md.vdev,
        volid: md.volser!,
        cylinders: vol.info.cylinders,
      });
    const req: LinkRequest = {
      system: image.sysname,
      slot: undefined,
      slotNames: image.slotNames,
      userid,
      vdev,
      owner: owner.userid,
      ownerVdev: md.vdev,
      start,
      end,
      mode: parsedMode.mode,
      virtualReserve: parsedMode.virtualReserve && !this.toHardware(md.mode, devno ?? null),
    };
    // Against every link this system holds there: its own, and any a Volume granted before links
    // on such volumes became the node's (until the next IPL resets them).
    const d = decideOnVolume(this.linksOn(md.volser!, true), null, req, LOCAL_GENERATION).decision;
    if (!d.granted) return cpAnswer(d.error.id, d.error.vars);
    this.s
      .sql`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", access, generation, pending, link_mode, rdev)
      VALUES (${userid}, ${vdev}, 'LINK', ${owner.userid}, ${md.vdev}, ${md.volser!}, ${start}, ${end}, ${d.access}, ${LOCAL_GENERATION}, ${PENDING.linked}, ${modeText.toUpperCase()}, ${devno ?? null})`;
    return d.warning ? { rc: rcOf(d.warning.id), lines: [lineOf(d.warning)] } : okAnswer();
  }

  /**
   * LINK to a V-DISK (its owner's at LOGON, or another user's from the directory): a virtual disk in
   * storage lives on this system only and is shared by the links to it here (IBM: it exists from
   * the first link to the last DETACH or LOGOFF), decided by the LINK table against them. Its
   * device (`VDISK`) has no volume: nothing is stored on it, and RESERVE and record I/O refuse it.
   */
  linkVdisk(userid: string, owner: ImageUser, md: MdiskDef, vdev: string, modeText: string): CpAnswer {
    const parsedMode = parseLinkMode(modeText)!;
    if (this.s.vdev(userid, vdev))
      return cpAnswer("HCPLNM110E", { userid: owner.userid, vdev: md.vdev, vdev2: vdev });
    const holders = this.s.sql<VdevRow>`SELECT * FROM vdevs WHERE kind = ${VDISK}
      AND owner = ${owner.userid} AND owner_vdev = ${md.vdev} AND access IS NOT NULL`;
    const d = decideLink(
      parsedMode.mode,
      owner.userid,
      md.vdev,
      holders.map((h) => ({ who: h.userid, access: h.access as Access, remote: false })),
      vdev,
    );
    if (!d.granted) return cpAnswer(d.error.id, d.error.vars);
    const blocks = Math.max(md.blocks ?? 1, 1);
    this.s
      .sql`INSERT INTO vdevs (userid, vdev, kind, owner, owner_vdev, volser, start, "end", access, generation, pending, link_mode)
      VALUES (${userid}, ${vdev}, ${VDISK}, ${owner.userid}, ${md.vdev}, NULL, 0, ${blocks - 1}, ${d.access}, ${LOCAL_GENERATION}, ${PENDING.linked}, ${modeText.toUpperCase()})`;
    return d.warning ? { rc: rcOf(d.warning.id), lines: [lineOf(d.warning)] } : okAnswer();
  }

  /** Whether a DEVNO device's RESERVE goes to the hardware here (V mode, device marked shared). */
  private toHardware(mdiskMode: string, devno: string | null): boolean {
    return reserveGoesToHardware(mdiskMode, devno ?? undefined, this.s.image()?.sharedDasd);
  }

  /** The links this node decided alone on a volume, as ledger entries (for the volume view and XLINK FORMAT). */
  of(volser: string): LedgerLink[] {
    return this.linksOn(volser, false);
  }

  /**
   * This system's links on a volume as ledger entries: those it decided alone, or (`all`) every
   * granted one (a link a Volume granted has no mode kept here: its access stands for it).
   */
  private linksOn(volser: string, all: boolean): LedgerLink[] {
    const here = this.s.sysname;
    const rows = all
      ? this.s
          .sql<VdevRow>`SELECT * FROM vdevs WHERE volser = ${volser} AND kind = 'LINK' AND access IS NOT NULL`
      : this.s.sql<VdevRow>`SELECT * FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'
          AND generation = ${LOCAL_GENERATION}`;
    return rows.flatMap((r) => {
      const mode = parseLinkMode(r.link_mode ?? (isWriteAccess(r.access as Access) ? "W" : "R"));
      if (!mode || !r.owner || !r.owner_vdev || r.start === null || r.end === null) return [];
      return [
        {
          system: here,
          userid: r.userid,
          vdev: r.vdev,
          owner: r.owner,
          ownerVdev: r.owner_vdev,
          start: r.start,
          end: r.end,
          access: r.access as LedgerLink["access"],
          requested: mode.mode,
          generation: LOCAL_GENERATION,
          // A DEVNO link whose RESERVE goes to the shared device is protected across systems.
          virtualReserve: mode.virtualReserve && !(r.rdev && this.toHardware(r.link_mode ?? "", r.rdev)),
        },
      ];
    });
  }
}
