import type { SystemConfigModel } from "../config/model";
import { resolveDirectory } from "../directory/resolve";
import type { LinkDef, MdiskDef } from "../directory/types";
import type { AllocationExtent } from "../dasd/inventory";
import { cseArea, userVolumeIncluded, xlinkExcluded, xlinkInclude } from "../dasd/cse-area";
import { deviceNumber } from "../text/names";
import { timezoneConfig, type TimeZoneConfig } from "../config/timezone";
import { sharedDasd } from "../config/rdevice";
import type { VolumeGeometry } from "../dasd/volume-view";
import { xspoolFacts, type XspoolFacts } from "../spool/spool";
import type { ProgramsInput } from "../cms/programs";
import { ctcDevicesOf, type CtcDevice } from "./ctcs";
import { volumeGeometries } from "./geometry";
import type { PlexView } from "./view";
import type { ResidenceArea } from "../config/model";

/** A real volume as one system sees it at IPL. */
export interface ImageVolume {
  volser: string;
  devtype: string;
  cylinders: number;
  rdev?: string;
  /** Under XLINK control on this system (an XLINK_Volume_Include matches it and the system has an XLINK slot). */
  xlink: boolean;
  /**
   * In the XLINK include list (an XLINK_Volume_Include matches it, no volume exclude), whether or
   * not this system takes part in XLINK: XLINK FORMAT and DISPLAY place the CSE area by it. Absent
   * in images stored before it (read as `xlink`).
   */
  included?: boolean;
  /** First cylinder of the CSE area (the include's Cylinder, else 0). */
  cseCylinder: number;
  /** CP attaches it to SYSTEM at IPL: the SysRes, a CP_Owned volume, or one User_Volume_List/Include names. */
  system: boolean;
  /** The volume's geometry for the whole plex (src/plex/geometry.ts); absent in images stored before it. */
  geometry?: VolumeGeometry;
  /** The inventory's CPFMTXA allocation map, for QUERY ALLOC (absent: no map given, or an older image). */
  allocation?: AllocationExtent[];
}

/** One slot of the system's CP_Owned list as the IPL read it, for QUERY CPOWNED. */
export interface ImageCpOwnedSlot {
  slot: number;
  /** The volume label (&SYSRES resolved to the IPL volume), or RESERVED. */
  volid: string;
  /** OWN or SHARED as CP_Owned says; absent when it says neither. */
  ownership?: "OWN" | "SHARED";
  /** The system that owns the volume: this one, or for a SHARED volume the system whose CP_Owned says OWN. */
  owner?: string;
}

/** A user of the system's object directory, as CP needs it at LOGON and LINK. */
export interface ImageUser {
  userid: string;
  password?: string;
  classes: string;
  mdisks: MdiskDef[];
  links: LinkDef[];
  /** DEDICATE statements: a real device (by rdev, or by volume label) given to the user at LOGON. */
  dedicates: { vdev: string; rdev?: string; volser?: string }[];
  /** The USER statement's logon storage as written ("32M"), for INDICATE USER (absent in older images). */
  storage?: string;
  /** The MACHINE statement's mode (ESA, XA, XC, Z), when there is one. */
  machine?: string;
  /** The IPL statement's operands (a vdev or an NSS name first), when there is one. */
  ipl?: string[];
}

/** One area System_Residence places: the volume, the first cylinder (or page) and how many. */
export interface ImageArea {
  volid: string;
  from: number;
  count: number;
  unit: "cylinder" | "page";
}

/** System_Residence as one system read it: where its checkpoint and warm start areas are. */
export interface ImageResidence {
  checkpoint?: ImageArea;
  warmstart?: ImageArea;
}

/** What a system reads at IPL: its identity, its XLINK slot, its volumes and its object directory. */
export interface SystemImage {
  sysname: string;
  iplVolume: string;
  /** This system's XLINK slot, when it is in XLINK_System_Include and no XLINK_System_Exclude names it. */
  slot?: number;
  /** XLINK_System_Exclude names this system: it runs without cross-system link (absent: it does not). */
  xlinkExcluded?: boolean;
  slotNames: Record<number, string>;
  systems: string[];
  /** Volumes this system's CP_Owned list names (&SYSRES as the IPL volume). */
  cpOwned: string[];
  /** The CP_Owned list slot by slot, RESERVED slots too (absent in images stored before it). */
  cpOwnedSlots?: ImageCpOwnedSlot[];
  /** The System_Identifier that named this system: machine type and CPU id pattern (absent: none, or an older image). */
  identifier?: { model: string; cpuid: string; lpar: boolean };
  /** The volume the source directory's DIRECTORY statement puts this system's object directory on. */
  directoryVolume?: string;
  /** The DIRECTORY statement's device address (its real device, as the seed writes it), e.g. 5502. */
  directoryAddress?: string;
  /** System_Residence: where the checkpoint and warm start areas are (absent: none given, or an older image). */
  residence?: ImageResidence;
  volumes: ImageVolume[];
  users: Record<string, ImageUser>;
  /** Which version of the source directory `users` comes from (the Plex counts replacements). */
  directoryVersion: number;
  /** This system's ends of the channel-to-channel adapters (absent in images stored before them). */
  ctcs?: CtcDevice[];
  /** The plex models its CSE network (it has CTCs): other systems are reached over PVM's paths. */
  cseNetwork?: boolean;
  /**
   * The plex's `programs` as read at this IPL: which user runs which service machine's program
   * where its name alone does not say (src/cms/programs.ts); absent in images stored before them.
   */
  programs?: ProgramsInput;
  /**
   * XSPOOL as this system reads it: which files it shares, and the systems that share spool
   * (Share_Spool YES), whose agreement a shared file's changes need over CSE paths.
   */
  xspool?: { facts: XspoolFacts; sharers: string[] };
  /** SYSTEM CONFIG's Timezone_Definition/_Boundary (src/config/timezone.ts); absent: UTC. */
  timezone?: TimeZoneConfig;
  /** Real DASD that RDEVICE ... TYPE DASD SHARED YES marks shared (src/config/rdevice.ts); absent: none. */
  sharedDasd?: string[];
}

/** The volids a system's CP_Owned list names (&SYSRES as its IPL volume; RESERVED slots left out). */
function cpOwnedVolids(model: SystemConfigModel, iplVolume: string): string[] {
  return model.cpOwned
    .filter((c) => c.volid !== "RESERVED")
    .map((c) => (c.volid === "&SYSRES" ? iplVolume : c.volid));
}

/**
 * Whether CP attaches a volume to SYSTEM at IPL: the SysRes, a CP_Owned volume, or one
 * User_Volume_List/Include names (the image's `system`; lint asks it of System_Residence's volumes).
 */
export function attachedAtIpl(model: SystemConfigModel, iplVolume: string): (volser: string) => boolean {
  const owned = new Set(cpOwnedVolids(model, iplVolume));
  const userVolumes = new Set(model.userVolumes.map((u) => u.name));
  return (volser) =>
    volser === iplVolume || owned.has(volser) || userVolumes.has(volser) || userVolumeIncluded(model, volser);
}

/**
 * Builds the image of `sysname` from a plex view, optionally IPLing from another volume than its
 * default; each volume's geometry carries `inputsVersion`, the version of the plex inputs read.
 */
export function systemImage(
  plex: PlexView,
  sysname: string,
  iplVolume?: string,
  directoryVersion = 0,
  inputsVersion = 0,
): SystemImage | undefined {
  const view = plex.views.get(sysname);
  if (!view) return undefined;
  const volume = (iplVolume ?? view.iplVolume).toUpperCase();
  const directory =
    iplVolume && plex.source && volume !== view.iplVolume
      ? resolveDirectory(plex.source, sysname, volume)
      : view.directory;
  const model = view.config.model;
  const slotNames: Record<number, string> = {};
  for (const s of model.xlinkSystemInclude) slotNames[s.slot] = s.sysname;
  // An excluded system takes no part in XLINK (no slot, no volume under XLINK), even when the include
  // list names it: the seed's mod-9 shared-SysRes procedure (docs/decisions.md, issue #13 item 4).
  const excluded = xlinkExcluded(model, sysname);
  const slot = excluded ? undefined : model.xlinkSystemInclude.find((s) => s.sysname === sysname)?.slot;
  const cpOwned = cpOwnedVolids(model, volume);
  const onlineAtIpl = attachedAtIpl(model, volume);
  const geometries = volumeGeometries(plex);
  const volumes: ImageVolume[] = [...plex.volumes.values()].map((v) => {
    const inc = xlinkInclude(model, v.volser);
    return {
      system: onlineAtIpl(v.volser),
      volser: v.volser,
      devtype: v.devtype,
      cylinders: v.cylinders,
      rdev: v.rdev,
      xlink: slot !== undefined && inc !== undefined,
      included: inc !== undefined,
      cseCylinder: inc ? cseArea(v, inc).start : 0,
      geometry: { ...geometries.get(v.volser)!, version: inputsVersion },
      ...(v.allocation ? { allocation: v.allocation } : {}),
    };
  });
  const cpOwnedSlots = model.cpOwned.map((c) => {
    const volid = c.volid === "&SYSRES" ? volume : c.volid;
    const owner =
      c.ownership === "SHARED"
        ? [...plex.views.values()].find(
            (other) =>
              other.sysname !== sysname &&
              other.config.model.cpOwned.some((o) => o.volid === volid && o.ownership !== "SHARED"),
          )?.sysname
        : sysname;
    return {
      slot: c.slot,
      volid,
      ...(c.ownership ? { ownership: c.ownership } : {}),
      ...(owner && volid !== "RESERVED" ? { owner } : {}),
    };
  });
  const identifier = model.systemIdentifiers.find((i) => i.sysname === sysname);
  const control =
    plex.source?.directories.find((d) => d.sysname === sysname) ??
    plex.source?.directories.find((d) => !d.sysname);
  const users: Record<string, ImageUser> = {};
  for (const u of directory?.users.values() ?? [])
    users[u.userid] = {
      userid: u.userid,
      password: u.password,
      classes: u.classes,
      mdisks: u.mdisks,
      links: u.links,
      dedicates: u.statements
        .filter((st) => st.keyword === "DEDICATE" && st.operands.length >= 2)
        .map((st) => {
          const vdev = deviceNumber(st.operands[0]) ?? st.operands[0];
          const rdev = deviceNumber(st.operands[1]);
          return rdev ? { vdev, rdev } : { vdev, volser: st.operands[1] };
        }),
      storage: u.storage,
      machine: u.statements.find((st) => st.keyword === "MACHINE")?.operands[0],
      ipl: u.ipl,
    };
  return {
    sysname,
    iplVolume: volume,
    slot,
    ...(excluded ? { xlinkExcluded: true } : {}),
    slotNames,
    systems: plex.systems,
    cpOwned,
    cpOwnedSlots,
    ...(identifier
      ? { identifier: { model: identifier.model, cpuid: identifier.cpuid, lpar: identifier.lpar } }
      : {}),
    ...(control
      ? { directoryVolume: control.volser.toUpperCase(), directoryAddress: control.vdev.toUpperCase() }
      : {}),
    ...residenceOf(model),
    volumes,
    users,
    directoryVersion,
    ctcs: ctcDevicesOf(plex.ctcs, sysname),
    cseNetwork: plex.ctcs.length > 0,
    programs: plex.programs,
    xspool: {
      facts: xspoolFacts(model, sysname),
      sharers: model.xspoolSystems.filter((s) => s.shareSpool).map((s) => s.sysname),
    },
    timezone: timezoneConfig(model.statements),
    sharedDasd: sharedDasd(model.statements),
  };
}

/** The image's System_Residence, from the system's own SYSTEM CONFIG view (qualifiers applied). */
function residenceOf(model: { checkpoint?: ResidenceArea; warmstart?: ResidenceArea }): {
  residence?: ImageResidence;
} {
  const area = (a: ResidenceArea): ImageArea => ({
    volid: a.volid.toUpperCase(),
    from: a.cylinder,
    count: a.count,
    unit: a.unit,
  });
  if (!model.checkpoint && !model.warmstart) return {};
  return {
    residence: {
      ...(model.checkpoint ? { checkpoint: area(model.checkpoint) } : {}),
      ...(model.warmstart ? { warmstart: area(model.warmstart) } : {}),
    },
  };
}

/**
 * The areas a warm start cannot read because System_Residence moved them since the system last
 * wrote them (at its last IPL, which rebuilt or kept them): the checkpoint and warm start data
 * are where the old statement put them, not where the new one looks. Nothing moved when either
 * side is unknown (a first IPL, an image stored before System_Residence was read, no statement).
 */
export function movedResidence(
  before: ImageResidence | undefined,
  now: ImageResidence | undefined,
): { area: "checkpoint" | "warmstart"; from: ImageArea; to: ImageArea }[] {
  if (!before || !now) return [];
  const same = (a: ImageArea, b: ImageArea) =>
    a.volid === b.volid && a.from === b.from && a.count === b.count && a.unit === b.unit;
  const moved: { area: "checkpoint" | "warmstart"; from: ImageArea; to: ImageArea }[] = [];
  for (const area of ["checkpoint", "warmstart"] as const) {
    const from = before[area];
    const to = now[area];
    if (from && to && !same(from, to)) moved.push({ area, from, to });
  }
  return moved;
}

/**
 * The System_Residence areas whose volume this system does not bring online at IPL (not in the
 * DASD inventory, or not attached to SYSTEM: the SysRes, CP_Owned or User_Volume_*): CP cannot
 * read or write its checkpoint or warm start data there.
 */
export function residenceOffline(
  residence: ImageResidence | undefined,
  volumes: readonly Pick<ImageVolume, "volser" | "system">[],
): { area: "checkpoint" | "warmstart"; volid: string }[] {
  if (!residence) return [];
  const online = new Set(volumes.filter((v) => v.system).map((v) => v.volser));
  const out: { area: "checkpoint" | "warmstart"; volid: string }[] = [];
  for (const area of ["checkpoint", "warmstart"] as const) {
    const a = residence[area];
    if (a && !online.has(a.volid)) out.push({ area, volid: a.volid });
  }
  return out;
}
