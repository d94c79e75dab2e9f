import { type CpAnswer, cpAnswer } from "../catalog/answer";
import { formatMessage } from "../catalog/messages";
import { type Limits, quotaExceeded } from "../limits";
import { refusal, type Refusal } from "../refusal";
import type { NoPath } from "./spool";

/**
 * A plex's spool and tape quotas (issue #10): decided here from what the tables hold, refused as
 * QUOTA_EXCEEDED over the API and answered in CP's words through a CP command. Bytes are counted
 * as stored: each record's bytes plus its 4-byte length, so a file of empty records is not free.
 */

/** What a plex's spool holds: its files and their bytes as stored. */
export interface SpoolUse {
  files: number;
  bytes: number;
}

/** What a plex's tapes hold: how many (scratch tapes too) and their bytes as stored. */
export interface TapeUse {
  tapes: number;
  bytes: number;
}

/**
 * The refusal of one more spool file of `bytes` (packed) when the spool holds `use`, or undefined
 * when it fits: spoolFiles first, then spoolBytes.
 */
export function spoolRoom(
  use: SpoolUse,
  bytes: number,
  limits: Pick<Limits, "spoolFiles" | "spoolBytes">,
): Refusal | undefined {
  if (use.files + 1 > limits.spoolFiles)
    return quotaExceeded(
      "spoolFiles",
      use.files,
      limits.spoolFiles,
      "The spool holds as many files as the plex may keep",
    );
  if (use.bytes + bytes > limits.spoolBytes)
    return quotaExceeded(
      "spoolBytes",
      use.bytes,
      limits.spoolBytes,
      `A file of ${bytes} bytes would take the spool past its bytes`,
    );
  return undefined;
}

/**
 * The refusal of writing `bytes` onto a tape (made now unless it `exists`, replacing the `had`
 * bytes it holds) when the plex's tapes hold `use`, or undefined when it fits.
 */
export function tapeRoom(
  use: TapeUse,
  tape: { exists: boolean; had: number },
  bytes: number,
  limits: Pick<Limits, "tapes" | "tapeBytes">,
): Refusal | undefined {
  if (!tape.exists && use.tapes + 1 > limits.tapes)
    return quotaExceeded("tapes", use.tapes, limits.tapes, "The plex holds as many tapes as it may keep");
  if (use.bytes - tape.had + bytes > limits.tapeBytes)
    return quotaExceeded(
      "tapeBytes",
      use.bytes,
      limits.tapeBytes,
      `${bytes} bytes on this tape would take the plex's tapes past their bytes`,
    );
  return undefined;
}

/** The code of a refusal for want of a CSE path to a system sharing the spool (XSPOOL over PVM). */
export const NO_CSE_PATH = "NO_CSE_PATH";

/**
 * A shared spool file's change that cannot reach `p` (409 NO_CSE_PATH): nothing was changed, and
 * the message is CP's line for it.
 */
export function noPathRefusal(p: NoPath): Refusal {
  return refusal(409, NO_CSE_PATH, formatMessage("HCPCSE9033E", { ...p }), { ...p });
}

/** The limit a QUOTA_EXCEEDED refusal names, or undefined for any other refusal. */
export function limitOf(r: Refusal): string | undefined {
  return r.code === "QUOTA_EXCEEDED" && typeof r.details?.limit === "string" ? r.details.limit : undefined;
}

const num = (r: Refusal, key: string): number => {
  const v = r.details?.[key];
  return typeof v === "number" ? v : 0;
};

/**
 * What CLOSE of a punch or printer answers when the spool will not take the file: a full spool
 * (9999 ids) or the plex's spoolFiles is CP's spool file limit (HCPCSP439E); spoolBytes is spool
 * space (HCPCSP9051E). The open file stays on the device.
 */
export function closeRefused(r: Refusal, bytes: number): CpAnswer {
  if (r.code === NO_CSE_PATH)
    return cpAnswer("HCPCSE9033E", { sysname: String(r.details?.sysname), why: String(r.details?.why) });
  if (limitOf(r) === "spoolBytes")
    return cpAnswer("HCPCSP9051E", { bytes, used: num(r, "used"), max: num(r, "max") });
  return cpAnswer("HCPCSP439E");
}

/** What SPXTAPE DUMP answers when the plex's tapes cannot take the dump: nothing is written or purged. */
export function dumpRefused(r: Refusal, volser: string, bytes: number): CpAnswer {
  if (limitOf(r) === "tapes") return cpAnswer("HCPSPX9066E", { volser, max: num(r, "max") });
  return cpAnswer("HCPSPX9067E", { volser, bytes, used: num(r, "used"), max: num(r, "max") });
}
