import type { Limits } from "../../src/limits";
import type { NoPath, Queue as SpoolQueue } from "../../src/spool/spool";
import type { Plex } from "../plex/plex";

/** What the device layer needs from its VmNode. */
export interface SpoolHost {
  /** The tenant's limits as this system enforces them now. */
  limits(): Limits;
  sysname(): string;
  plex(): DurableObjectStub<Plex>;
  /** Puts a CP notice on `userid`'s console on each of `systems` that is up. */
  notify(userid: string, text: string, systems: string[]): Promise<void>;
  /** A system sharing the spool that a new shared file could not reach (XSPOOL over PVM). */
  pathDown(file: { from: string; owner: string; queue: SpoolQueue }): Promise<NoPath | undefined>;
  /** A system sharing the spool that a change to a shared file (CLOSE READER's unlock and purge) could not reach. */
  sharedPathDown(): Promise<NoPath | undefined>;
}
