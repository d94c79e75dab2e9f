import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { formatMessage } from "../../src/catalog/messages";
import { linkLine, mdiskLine } from "../../src/cp/console-lines";
import {
  indicateLoad,
  indicateNoWait,
  indicateUser,
  deviceAttached,
  queryCplevel,
  queryDasd,
  realFree,
  queryNames,
  queryTime,
  queryUser,
  queryUserid,
  queryUsers,
  queryVirtualCtc,
  queryVirtualDasd,
  CPOWNED_OFFLINE,
  CPOWNED_ONLINE,
  queryAllocBlocks,
  queryAllocTable,
  queryCpowned,
  queryCpuid,
  cpuidOf,
  queryPrivclas,
  querySet,
  queryVirtualConsole,
  queryVirtualCpu,
  queryVirtualStorage,
  queryVirtualUnitRecord,
  type AllocBlock,
  type AllocRow,
  type CpownedRow,
} from "../../src/cp/layouts";
import type { AllocationType } from "../../src/dasd/inventory";
import type { ImageCpOwnedSlot } from "../../src/plex/image";
import type { IndicateCommand } from "../../src/cp/parse/indicate";
import type { AllocKind, QueryCommand, VirtualWhat } from "../../src/cp/parse/query";
import { allows } from "../../src/cp/privileges";
import { storageBytes } from "../../src/directory/operands";
import { deviceNumber } from "../../src/text/names";
import { accessLabel } from "../../src/dasd/link-rules";
import type { CrossSystem } from "./cross-system";
import type { VdevRow } from "./schema";
import type { NodeState } from "./state";
import type { SpoolDevices } from "./spool-devices";

/** What QUERY CPLEVEL reports: the z/VM level cseplex answers as (CSE's XLINK still ships in 7.3). */
const CP_LEVEL = { version: 7, release: 3, modification: 0, serviceLevel: "2401" };
const CP_GENERATED = "2024-01-15T12:00:00Z";

/**
 * INDICATE's simulated constants: no guest runs code in cseplex, so every rate, busy percentage and
 * page count is 0, every logged-on user is in the dormant list (none in Q0-Q3 or E1-E3), and each
 * system has two online general-purpose processors (CP, horizontal polarization): SYSTEM CONFIG's
 * System_Identifier names a model and CPU id, not how many processors the partition has. EXPAN-001
 * is the capture's value (reference §4). A virtual machine has one virtual CPU.
 */
const INDICATE_PROCESSORS = 2;

/**
 * The devices every logged-on user has besides its vdevs: the console (0009) and the reader, punch
 * and printer (000C-000E) cseplex gives each user (ours: a directory's CONSOLE and SPOOL statements
 * are not read).
 */
const BASE_DEVICES = 4;

/** The highest CP_Owned slot (reference §1: QUERY CPOWNED lists every slot up to 255). */
const CPOWNED_SLOTS = 255;

/** The console and the reader, punch and printer every user has (see BASE_DEVICES). */
const CONSOLE_VDEV = "0009";
const UNIT_RECORD_VDEVS = { RDR: "000C", PUN: "000D", PRT: "000E" } as const;

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

/** Logon storage as INDICATE USER's STOR= shows it: `256M`, `1G`; the USER statement's text if unreadable. */
function storageField(text: string | undefined): string {
  // With no storage on the USER statement, CP gives 1M (recalled).
  const bytes = storageBytes(text ?? "1M");
  if (bytes === undefined || bytes === 0) return (text ?? "1M").toUpperCase();
  for (const [unit, size] of [
    ["G", 1024 ** 3],
    ["M", 1024 ** 2],
    ["K", 1024],
  ] as const)
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

/** QUERY: what this system knows, laid out as CP lays it out (src/cp/layouts.ts). */
export class Queries {
  constructor(
    private readonly s: NodeState,
    private readonly cross: CrossSystem,
    private readonly devices: SpoolDevices,
  ) {}

  /** Answers one QUERY command of `userid`. */
  async query(userid: string, c: QueryCommand): Promise<CpAnswer> {
    switch (c.what) {
      case "USERID":
        return okAnswer(queryUserid(userid, this.s.sysname));
      case "NAMES":
      case "USERS": {
        const found = await this.cross.namesAt(c.at);
        if ("rc" in found) return found;
        const { names, unreachable, noPath } = found;
        return okAnswer([
          ...(c.what === "USERS" ? queryUsers(names.length) : queryNames(names, { at: c.at })),
          ...unreachable.map((sysname) => formatMessage("HCPCSE9032I", { sysname })),
          ...(noPath ?? []).map((sysname) => formatMessage("HCPCSE9034I", { sysname })),
        ]);
      }
      case "USER": {
        const target = c.userid!;
        const names = await this.cross.namesAt(c.at);
        if ("rc" in names) return names;
        const found = names.names.filter((x) => x.userid === target);
        if (found.length === 0) return cpAnswer("HCPCQU045E", { userid: target });
        return okAnswer(found.flatMap((x) => queryUser(x.userid, x.terminal)));
      }
      case "VIRTUAL_DASD":
        return this.virtualDasd(userid, c.vdev);
      case "TIME": {
        const since = this.s.sql<{
          logged_on_at: string;
        }>`SELECT logged_on_at FROM users WHERE userid = ${userid}`[0];
        const now = new Date();
        return okAnswer(
          queryTime(now, {
            connectSeconds: (now.getTime() - Date.parse(since?.logged_on_at ?? now.toISOString())) / 1000,
          }),
        );
      }
      case "CPLEVEL": {
        const at = this.s.sql<{ ipl_at: string | null }>`SELECT ipl_at FROM node`[0]?.ipl_at;
        return okAnswer(queryCplevel(CP_LEVEL, new Date(CP_GENERATED), new Date(at ?? Date.now())));
      }
      case "LINKS":
      case "MDISK":
        return this.ownMinidisk(userid, c.what, c.vdev!);
      case "FILES":
        return this.devices.query(userid, c);
      case "DASD":
        return this.realDasd();
      case "REAL":
        return this.realDevice(userid, c);
      case "CPOWNED":
        return this.cpowned(c.volid);
      case "ALLOC":
        return this.alloc(c.alloc ?? { kind: "ALL", volids: [] });
      case "CPUID":
        return okAnswer(queryCpuid(cpuidOf(this.s.image()?.identifier)));
      case "SET": {
        const row = this.s.sql<{ msg: number; wng: number; smsg: number }>`
          SELECT msg, wng, smsg FROM users WHERE userid = ${userid}`[0];
        return okAnswer(
          querySet({ msg: (row?.msg ?? 1) === 1, wng: (row?.wng ?? 1) === 1, smsg: (row?.smsg ?? 0) === 1 }),
        );
      }
      case "PRIVCLAS": {
        // No SET PRIVCLASS here: the classes in use are the directory's.
        const classes = this.s.user(userid)?.classes ?? "G";
        return okAnswer(queryPrivclas(userid, classes, classes));
      }
      case "VIRTUAL":
        return this.virtual(userid, c.virtual ?? "ALL");
      default:
        return cpAnswer("HCPCQV003E", { option: c.what });
    }
  }

  /**
   * INDICATE of `userid` (holding `classes`): here, or with AT on another system, reached as QUERY
   * NAMES AT reaches it (over the CSE path in a plex that models its network). Another user's
   * resources need class E (recalled).
   */
  async indicate(userid: string, classes: string, c: IndicateCommand): Promise<CpAnswer> {
    if (c.what === "USER" && c.userid && c.userid !== userid && !allows(classes, "E"))
      return cpAnswer("HCPCQV003E", { option: c.userid });
    const asked: IndicateCommand = c.what === "USER" ? { ...c, userid: c.userid ?? userid } : c;
    if (!c.at || c.at === this.s.sysname) return this.indicateLocal(asked);
    const up = await this.cross.upNode(c.at);
    return "error" in up ? up.error : up.node.indicateLocal({ ...asked, at: undefined });
  }

  /** INDICATE as this system answers it (also for another system's INDICATE ... AT). */
  indicateLocal(c: IndicateCommand): CpAnswer {
    switch (c.what) {
      case "LOAD": {
        const dormant = this.s.sql<{ n: number }>`SELECT count(*) AS n FROM users`[0]?.n ?? 0;
        return okAnswer(
          indicateLoad({
            avgproc: 0,
            mdc: { reads: 0, writes: 0, hitRatio: 0 },
            paging: 0,
            q: [0, 1, 2, 3].map(() => [0, 0] as const),
            e: [1, 2, 3].map(() => [0, 0] as const),
            expan: [1, 1],
            dormant: this.s.isUp() ? dormant : 0,
            processors: Array.from({ length: INDICATE_PROCESSORS }, () => ({
              busy: 0,
              type: "CP",
              polarization: "HZ",
            })),
            limited: 0,
          }),
        );
      }
      case "USER": {
        const target = c.userid!;
        const u = this.s.user(target);
        const since = this.s.sql<{ logged_on_at: string }>`
          SELECT logged_on_at FROM users WHERE userid = ${target}`[0];
        if (!u || !since) return cpAnswer("HCPCQU045E", { userid: target });
        const count = (rows: { n: number }[]) => rows[0]?.n ?? 0;
        const devnum =
          BASE_DEVICES +
          count(this.s.sql<{ n: number }>`
            SELECT count(*) AS n FROM vdevs WHERE userid = ${target} AND pending = 0`) +
          count(this.s.sql<{ n: number }>`
            SELECT count(*) AS n FROM tape_drives t WHERE userid = ${target}
              AND NOT EXISTS (SELECT 1 FROM vdevs v WHERE v.userid = t.userid AND v.vdev = t.vdev)`);
        const ipl = u.ipl?.[0];
        const iplDev = deviceNumber(ipl);
        return okAnswer(
          indicateUser({
            userid: target,
            machine: (u.machine ?? "ESA").toUpperCase(),
            storage: storageField(u.storage),
            iplsys: ipl === undefined ? "DEV NONE" : iplDev ? `DEV ${iplDev}` : ipl.toUpperCase(),
            devnum,
            connectSeconds: (Date.now() - Date.parse(since.logged_on_at)) / 1000,
          }),
        );
      }
      case "PAGING":
      case "IO":
        return okAnswer(indicateNoWait(c.what));
    }
  }

  private virtualDasd(userid: string, vdev: string | undefined): CpAnswer {
    const rows = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND pending = 0 ORDER BY vdev`;
    // QUERY VIRTUAL vdev of a channel-to-channel adapter; QUERY VIRTUAL DASD lists DASD only.
    const ctc = vdev === undefined ? undefined : rows.find((d) => d.vdev === vdev && d.kind === "CTC");
    if (ctc) return okAnswer([queryVirtualCtc(ctc.vdev, ctc.rdev ?? "")]);
    const devs = rows.filter((d) => d.kind !== "CTC" && (vdev === undefined || d.vdev === vdev));
    if (vdev !== undefined && devs.length === 0) {
      // The console and the spooled devices every user has (QUERY VIRTUAL 009, 00C ...).
      const base = this.baseDevices(userid).find((b) => b.vdev === vdev);
      return base ? okAnswer(base.lines) : cpAnswer("HCPQVD040E", { vdev });
    }
    return okAnswer(
      queryVirtualDasd(
        devs.map((d) => {
          const v = d.volser ? this.s.volume(d.volser) : undefined;
          return {
            vdev: d.vdev,
            devtype: (v?.info.devtype ?? "3390").slice(0, 4),
            volser: d.volser ?? "",
            access: accessLabel(d.access ?? ""),
            cylinders: (d.end ?? 0) - (d.start ?? 0) + 1,
            rdev: v?.info.rdev,
            dedicated: d.kind === "ATTACHED",
          };
        }),
      ),
    );
  }

  /** QUERY LINKS / MDISK of one of the issuer's own minidisks, as this system knows it (CSE keeps no remote userids). */
  private ownMinidisk(userid: string, what: "LINKS" | "MDISK", vdev: string): CpAnswer {
    const mine = this.s.user(userid)?.mdisks.find((m) => m.vdev === vdev);
    if (!mine) return cpAnswer("HCPQVD040E", { vdev });
    if (what === "MDISK") return okAnswer([mdiskLine(mine)]);
    const rows = this.s
      .sql<VdevRow>`SELECT * FROM vdevs WHERE owner = ${userid} AND owner_vdev = ${vdev} AND pending = 0 ORDER BY userid, vdev`;
    return okAnswer(rows.map((r) => linkLine(r.userid, r.vdev, accessLabel(r.access ?? ""))));
  }

  /** QUERY DASD: the real volumes attached to SYSTEM or owned by CP, with their users. */
  /**
   * QUERY rdev (class B): a CTC of this system (who holds it), a DASD (as QUERY DASD shows it), or,
   * when this system has no such device and the word is a userid too, that user.
   */
  private async realDevice(asker: string, c: QueryCommand): Promise<CpAnswer> {
    const rdev = c.rdev!;
    if (this.s.image()?.ctcs?.some((d) => d.rdev === rdev)) {
      const holder = this.s.sql<{ userid: string; vdev: string }>`
        SELECT userid, vdev FROM vdevs WHERE kind = 'CTC' AND rdev = ${rdev}`[0];
      return okAnswer(
        holder ? deviceAttached(rdev, holder.userid, holder.vdev, "CTCA") : [realFree("CTCA", rdev)],
      );
    }
    const v = this.s.volumeByRdev(rdev);
    if (v) {
      const att = this.s.sql<{ userid: string; vdev: string }>`
        SELECT userid, vdev FROM vdevs WHERE kind = 'ATTACHED' AND volser = ${v.info.volser}`[0];
      if (att)
        return okAnswer(
          queryDasd([
            {
              rdev,
              volser: v.info.volser,
              state: "ATTACHED",
              userid: att.userid,
              vdev: att.vdev,
              access: "R/W",
            },
          ]),
        );
      const listed = this.realDasd(rdev);
      return listed.lines.length ? listed : okAnswer([realFree("DASD", rdev)]);
    }
    if (c.userid) return this.query(asker, { verb: "QUERY", what: "USER", userid: c.userid });
    return cpAnswer("HCPQVD040E", { vdev: rdev });
  }

  /**
   * QUERY CPOWNED [VOLID volid]: the CP_Owned list as this system read it at IPL, slot by slot;
   * a volid that is not in it is an invalid option (ours).
   */
  private cpowned(volid: string | undefined): CpAnswer {
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
  private alloc(a: { kind: AllocKind; volids: string[] }): CpAnswer {
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

  /**
   * The console (0009) and the reader, punch and printer (000C-000E) of a logged-on user, each
   * with its QUERY VIRTUAL lines; their subchannels follow the user's DASD (ours).
   */
  private baseDevices(userid: string): { vdev: string; lines: string[] }[] {
    const dasd = this.s.sql<{ n: number }>`
      SELECT count(*) AS n FROM vdevs WHERE userid = ${userid} AND pending = 0 AND kind <> 'CTC'`[0].n;
    const sc = (i: number) => (dasd + i).toString(16).toUpperCase().padStart(4, "0");
    const row = this.s.sql<{
      disconnected: number;
    }>`SELECT disconnected FROM users WHERE userid = ${userid}`[0];
    const settings = this.devices.settings(userid);
    return [
      {
        vdev: CONSOLE_VDEV,
        lines: queryVirtualConsole(CONSOLE_VDEV, userid, row?.disconnected ? "DSC" : CONSOLE_VDEV, sc(0)),
      },
      ...(["RDR", "PUN", "PRT"] as const).map((kind, i) => {
        const d = settings[kind];
        return {
          vdev: UNIT_RECORD_VDEVS[kind],
          lines: queryVirtualUnitRecord({
            kind,
            vdev: UNIT_RECORD_VDEVS[kind],
            cls: d.cls,
            cont: d.cont,
            hold: d.hold,
            keep: d.keep,
            copies: d.copies,
            to: d.to,
            dist: d.dist ?? userid,
            subchannel: sc(i + 1),
          }),
        };
      }),
    ];
  }

  /** QUERY VIRTUAL [ALL|STORAGE|CONSOLE|READER|PUNCH|PRINTER]; ALL lists every device in vdev order. */
  private virtual(userid: string, what: VirtualWhat): CpAnswer {
    const storage = queryVirtualStorage(storageField(this.s.user(userid)?.storage));
    const base = this.baseDevices(userid);
    switch (what) {
      case "STORAGE":
        return okAnswer(storage);
      case "CONSOLE":
        return okAnswer(base[0].lines);
      case "RDR":
      case "PUN":
      case "PRT":
        return okAnswer(base.find((b) => b.vdev === UNIT_RECORD_VDEVS[what])!.lines);
      case "ALL": {
        const dasd = this.virtualDasd(userid, undefined).lines.map((line) => ({
          vdev: line.slice(5, 9),
          lines: [line],
        }));
        const ctcs = this.s
          .sql<VdevRow>`SELECT * FROM vdevs WHERE userid = ${userid} AND pending = 0 AND kind = 'CTC'`.map(
          (d) => ({ vdev: d.vdev, lines: [queryVirtualCtc(d.vdev, d.rdev ?? "")] }),
        );
        const devices = [...base, ...dasd, ...ctcs].sort(
          (x, y) => parseInt(x.vdev, 16) - parseInt(y.vdev, 16),
        );
        return okAnswer([
          ...storage,
          ...queryVirtualCpu(cpuidOf(this.s.image()?.identifier)),
          ...devices.flatMap((d) => d.lines),
        ]);
      }
    }
  }

  private realDasd(only?: string): CpAnswer {
    const owned = new Set(this.s.image()!.cpOwned);
    const users = (volser: string) =>
      this.s.sql`SELECT 1 FROM vdevs WHERE volser = ${volser} AND kind = 'LINK'`.length;
    return okAnswer(
      queryDasd(
        this.s
          .volumes()
          .filter(
            (v) =>
              v.info.rdev &&
              (only === undefined || v.info.rdev === only) &&
              (v.status === "SYSTEM" || owned.has(v.info.volser)),
          )
          .map((v) => ({
            rdev: v.info.rdev!,
            volser: v.info.volser,
            state: owned.has(v.info.volser) ? ("OWNED" as const) : ("SYSTEM" as const),
            users: users(v.info.volser),
          })),
      ),
    );
  }
}
