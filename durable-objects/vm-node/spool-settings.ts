import { defaultSettings, type DeviceSettings, type UnitRecord } from "../../src/spool/spool";
import type { Sql } from "../sql";

/** A user's SPOOL settings of its reader, punch and printer. */
export type Settings = Record<UnitRecord, DeviceSettings>;

/** The SPOOL settings of each logged-on user's three devices, kept in its `users` row. */
export class SpoolSettings {
  constructor(private readonly sql: Sql) {}

  /** The user's three devices' settings (CP's defaults after LOGON). */
  get(userid: string): Settings {
    const row = this.sql<{ spool: string | null }>`SELECT spool FROM users WHERE userid = ${userid}`[0];
    const saved = row?.spool ? (JSON.parse(row.spool) as Partial<Settings>) : {};
    return {
      RDR: saved.RDR ?? defaultSettings("RDR"),
      PUN: saved.PUN ?? defaultSettings("PUN"),
      PRT: saved.PRT ?? defaultSettings("PRT"),
    };
  }

  /** Stores the user's three devices' settings. */
  save(userid: string, s: Settings): void {
    this.sql`UPDATE users SET spool = ${JSON.stringify(s)} WHERE userid = ${userid}`;
  }
}
