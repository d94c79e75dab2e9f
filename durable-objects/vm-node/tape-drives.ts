import { tapeMounted } from "../../src/cp/console-lines";
import type { Sql } from "../sql";

/** The tape drives of this system's users (for SPXTAPE), each with the plex tape mounted on it. */
export class TapeDrives {
  constructor(private readonly sql: Sql) {}

  /** Mounts a plex tape on a tape drive of the user's (the operator's ATTACH and mount in one). */
  mount(userid: string, vdev: string, volser: string): string[] {
    this
      .sql`INSERT OR REPLACE INTO tape_drives (userid, vdev, volser) VALUES (${userid}, ${vdev}, ${volser})`;
    return tapeMounted(userid, vdev, volser);
  }

  /** The tape mounted on the user's drive `vdev`, if there is such a drive. */
  tapeOn(userid: string, vdev: string): string | undefined {
    return this.sql<{
      volser: string;
    }>`SELECT volser FROM tape_drives WHERE userid = ${userid} AND vdev = ${vdev}`[0]?.volser;
  }

  /** DETACH of a tape drive: answers whether there was one. */
  detach(userid: string, vdev: string): boolean {
    const had = this.tapeOn(userid, vdev) !== undefined;
    this.sql`DELETE FROM tape_drives WHERE userid = ${userid} AND vdev = ${vdev}`;
    return had;
  }

  /** Drops every drive of the user's (LOGOFF). */
  forget(userid: string): void {
    this.sql`DELETE FROM tape_drives WHERE userid = ${userid}`;
  }
}
