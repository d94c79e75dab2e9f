import type { SystemConfigModel } from "../config/model";

/** A reader file: what a PUNCH made, where it was made, and who it is for. */
export interface SpoolFile {
  spoolid: string;
  /** The system that created the file. */
  origin: string;
  /** The user that punched it. */
  from: string;
  /** The user whose reader holds it. */
  owner: string;
  cls: string;
  name: string;
  type: string;
  records: string[];
  /** Shared across the spool complex (XSPOOL); otherwise it stays on `origin`. */
  shared: boolean;
  created: string;
}

/**
 * Whether a file goes to the shared spool (reference §6): both systems share spool
 * (XSPOOL_SYSTEM ... Share_Spool YES), the sender is not in XSPOOL_XLIST_OUTPUT and the receiver
 * not in XSPOOL_XLIST_INPUT. Otherwise the file stays on the system that made it.
 */
export function isShared(model: SystemConfigModel, origin: string, from: string, owner: string): boolean {
  const me = model.xspoolSystems.find((s) => s.sysname === origin);
  if (!me || !me.shareSpool) return false;
  if (model.xspoolXlistOutput.some((u) => u.name === from)) return false;
  if (model.xspoolXlistInput.some((u) => u.name === owner)) return false;
  return true;
}

/** Systems that see a file: every system sharing spool with its origin when shared, else its origin. */
export function visibleOn(file: SpoolFile, model: SystemConfigModel): string[] {
  if (!file.shared) return [file.origin];
  return model.xspoolSystems.filter((s) => s.shareSpool).map((s) => s.sysname);
}

/** The record count as CP prints it: four digits, or thousands with K (the corpus shows `048K`). */
export function recs(n: number): string {
  return n <= 9999 ? String(n).padStart(4, "0") : `${String(Math.round(n / 1000)).padStart(3, "0")}K`;
}

/** The receiver's notice: `RDR FILE 0118 SENT FROM USER PUN WAS 0118 RECS 048K CPY 001 A NOHOLD NOKEEP` (corpus). */
export function readerNotice(f: SpoolFile): string {
  return `RDR FILE ${f.spoolid} SENT FROM ${f.from} PUN WAS ${f.spoolid} RECS ${recs(f.records.length)} CPY 001 ${f.cls} NOHOLD NOKEEP`;
}

/** The sender's answer: `PUN FILE 0021 SENT TO DIRMAINT RDR AS 0051 RECS 0020 CPY 001 0 NOHOLD NOKEEP` (corpus). */
export function punchAnswer(f: SpoolFile): string {
  return `PUN FILE ${f.spoolid} SENT TO ${f.owner} RDR AS ${f.spoolid} RECS ${recs(f.records.length)} CPY 001 ${f.cls} NOHOLD NOKEEP`;
}

/** QUERY READER [ALL]: a heading and a line per file (layout recalled, unverified; ORIGINID/OWNERID as CP names them). */
export function queryReader(files: SpoolFile[], all: boolean): string[] {
  const head = `${all ? "OWNERID " : "ORIGINID"} FILE CLASS RECORDS  CPY HOLD DATE  TIME     NAME     TYPE     DIST`;
  return [
    head,
    ...files.map((f) => {
      const d = new Date(f.created);
      const date = `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
      const time = d.toISOString().slice(11, 19);
      const who = (all ? f.owner : f.from).padEnd(8);
      return `${who} ${f.spoolid} ${f.cls} PUN ${String(f.records.length).padStart(8, "0")} 001 NONE ${date} ${time} ${f.name.padEnd(8)} ${f.type.padEnd(8)} ${f.from}`;
    }),
  ];
}
