import { type CpAnswer, cpAnswer } from "../catalog/answer";
import type { SpoolFile } from "./spool";
import {
  MAX_TAPE_BYTES,
  packedSize,
  scanListing,
  selected,
  spxtapeSummary,
  type SpxtapeSelection,
  type TapeFile,
  tapeKey,
} from "./spxtape";

/** An SPXTAPE command as the Plex carries it out. */
export interface SpxtapeRequest {
  fn: "DUMP" | "LOAD" | "SCAN";
  vdev: string;
  select: SpxtapeSelection;
  purge: boolean;
  nodup: boolean;
}

/** What the Plex knows when it plans: who asks, from where, and what the tape and the spool hold. */
export interface SpxtapeFacts {
  system: string;
  issuer: string;
  /** Class D: any user's files, any tape. */
  operator: boolean;
  volser: string;
  started: Date;
  /** The tape's header and files, or undefined when there is no such tape yet (a scratch tape). */
  tape?: { written: string | null; byUser: string | null; files: readonly TapeFile[] };
  /** The spool files `system` sees, in queue order (read only when DUMP needs them). */
  visible(): readonly SpoolFile[];
  /** Every spool file of the complex (read only for LOAD NODUP). */
  all(): readonly SpoolFile[];
}

/**
 * What SPXTAPE does, decided before anything is written: an answer alone (a refusal, or SCAN's
 * listing); DUMP's files and which of them PURGE takes out; LOAD's files, by their place on the tape.
 */
export type SpxtapePlan =
  | { kind: "answer"; answer: CpAnswer }
  | { kind: "dump"; files: SpoolFile[]; purge: string[]; answer: CpAnswer }
  | { kind: "load"; files: { meta: TapeFile; seq: number }[] };

/** The first line of every SPXTAPE answer. */
const initiated = (r: SpxtapeRequest) => `SPXTAPE ${r.fn} INITIATED ON VDEV ${r.vdev}`;

/**
 * Plans DUMP, LOAD or SCAN. DUMP writes the selected files the system sees (class G may write only
 * a scratch tape or one it wrote itself) and, with PURGE, takes out those no other system has
 * open; LOAD and SCAN need a written tape. NODUP knows a file by where and when it was made, not
 * by its id, which LOAD may have changed, and compares with the spool as it was before the LOAD.
 */
export function planSpxtape(r: SpxtapeRequest, f: SpxtapeFacts): SpxtapePlan {
  if (r.fn === "DUMP") {
    if (!f.operator && f.tape?.byUser && f.tape.byUser !== f.issuer)
      return { kind: "answer", answer: cpAnswer("HCPSPX9063E", { volser: f.volser, userid: f.tape.byUser }) };
    const files = f.visible().filter((x) => selected(x, r.select));
    const size = packedSize(files);
    if (size > MAX_TAPE_BYTES)
      return {
        kind: "answer",
        answer: cpAnswer("HCPSPX9061E", { volser: f.volser, bytes: size, max: MAX_TAPE_BYTES }),
      };
    const purge = r.purge
      ? files.filter((x) => x.lock === null || x.lock === f.system).map((x) => x.spoolid)
      : [];
    const lines = [initiated(r), ...spxtapeSummary("DUMP", r.vdev, files, f.started, new Date())];
    return { kind: "dump", files, purge, answer: { rc: 0, lines } };
  }
  if (!f.tape?.written)
    return { kind: "answer", answer: cpAnswer("HCPSPX9060E", { volser: f.volser, vdev: r.vdev }) };
  const onTape = f.tape.files.map((meta, seq) => ({ meta, seq })).filter((t) => selected(t.meta, r.select));
  if (r.fn === "SCAN") {
    const metas = onTape.map((t) => t.meta);
    const lines = [
      initiated(r),
      ...scanListing(metas),
      ...spxtapeSummary("SCAN", r.vdev, metas, f.started, new Date()),
    ];
    return { kind: "answer", answer: { rc: 0, lines } };
  }
  const present = r.nodup ? new Set(f.all().map(tapeKey)) : new Set<string>();
  return { kind: "load", files: onTape.filter((t) => !present.has(tapeKey(t.meta))) };
}

/**
 * LOAD's answer once the files are in: the summary, and when `left` files did not fit, why: the
 * spool ran out of ids or reached the plex's spoolFiles (HCPSPX9064E), or its spoolBytes (HCPSPX9065E).
 */
export function spxtapeLoadAnswer(
  r: SpxtapeRequest,
  loaded: readonly TapeFile[],
  left: number,
  started: Date,
  full: "spoolFiles" | "spoolBytes" = "spoolFiles",
): CpAnswer {
  const lines = [initiated(r), ...spxtapeSummary("LOAD", r.vdev, loaded, started, new Date())];
  if (left === 0) return { rc: 0, lines };
  const refused = cpAnswer(full === "spoolBytes" ? "HCPSPX9065E" : "HCPSPX9064E", { count: left });
  return { rc: refused.rc, lines: [...lines, ...refused.lines] };
}
