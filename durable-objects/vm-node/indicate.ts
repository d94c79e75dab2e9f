import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { indicateLoad, indicateNoWait, indicateUser } from "../../src/cp/layouts/indicate";
import type { IndicateCommand } from "../../src/cp/parse/indicate";
import { allows } from "../../src/cp/privileges";
import { storageBytes } from "../../src/directory/operands";
import { deviceNumber } from "../../src/text/names";
import type { CrossSystem } from "./cross-system";
import type { NodeState } from "./state";

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

/** Logon storage as INDICATE USER's STOR= shows it: `256M`, `1G`; the USER statement's text if unreadable. */
export function storageField(text: string | undefined): string {
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

/** INDICATE LOAD, USER, PAGING and I/O, as this system answers them (src/cp/layouts/indicate.ts lays them out). */
export class Indicate {
  constructor(
    private readonly s: NodeState,
    private readonly cross: CrossSystem,
  ) {}

  /**
   * INDICATE of `userid` (holding `classes`): here, or with AT on another system, reached as QUERY
   * NAMES AT reaches it (over the CSE path in a plex that models its network). Another user's
   * resources need class E (recalled).
   */
  async indicate(userid: string, classes: string, c: IndicateCommand): Promise<CpAnswer> {
    if (c.what === "USER" && c.userid && c.userid !== userid && !allows(classes, "E"))
      return cpAnswer("HCPCQV003E", { option: c.userid });
    const asked: IndicateCommand = c.what === "USER" ? { ...c, userid: c.userid ?? userid } : c;
    if (!c.at || c.at === this.s.sysname) return this.local(asked);
    const up = await this.cross.upNode(c.at);
    return "error" in up ? up.error : up.node.indicateLocal({ ...asked, at: undefined });
  }

  /** INDICATE as this system answers it (also for another system's INDICATE ... AT). */
  local(c: IndicateCommand): CpAnswer {
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
}
