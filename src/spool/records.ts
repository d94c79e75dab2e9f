/**
 * Spool records are bytes. On the wire they are strings: UTF-8 text by default, or base64 when a
 * record holds bytes that are not UTF-8 (EBCDIC, object decks). In storage a file is one packed
 * buffer: each record as a 4-byte big-endian length and its bytes, so nothing is lost or re-encoded.
 */

/** The most record bytes one spool file holds (issue 4: "up to 1 MiB per file"). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The most records one spool file holds, so a file of empty records stays small in storage. */
export const MAX_FILE_RECORDS = 100_000;

/** How records are written as strings in request and answer bodies. */
export type RecordEncoding = "utf8" | "base64";

/** A record that cannot be read: which one (0-based) and why. */
export interface RecordError {
  index: number;
  message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Whether a string is base64 with its padding, the only form records and tape data are read in.
 * A linear check: a regular expression with a repeated group backtracks per group and overflows
 * the stack on a few megabytes.
 */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

/** Decodes one base64 string to bytes (the caller has checked it is base64). */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Encodes bytes as base64, in slices so a 1 MiB record does not overflow the argument stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Turns request records into bytes, refusing what is not text (a lone surrogate cannot be UTF-8)
 * or not base64, and a file over MAX_FILE_BYTES or MAX_FILE_RECORDS.
 */
export function recordsToBytes(
  records: readonly string[],
  encoding: RecordEncoding,
): { ok: true; records: Uint8Array[]; bytes: number } | { ok: false; error: RecordError; tooLarge?: true } {
  if (records.length > MAX_FILE_RECORDS)
    return {
      ok: false,
      tooLarge: true,
      error: { index: MAX_FILE_RECORDS, message: `more than ${MAX_FILE_RECORDS} records in one file` },
    };
  const utf8 = new TextEncoder();
  const out: Uint8Array[] = [];
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (encoding === "base64") {
      if (!isBase64(r)) return { ok: false, error: { index: i, message: "is not base64" } };
      out.push(fromBase64(r));
    } else {
      if (LONE_SURROGATE.test(r))
        return { ok: false, error: { index: i, message: "holds a lone surrogate, which is not text" } };
      out.push(utf8.encode(r));
    }
    bytes += out[i].length;
    if (bytes > MAX_FILE_BYTES)
      return {
        ok: false,
        tooLarge: true,
        error: { index: i, message: `takes the file past ${MAX_FILE_BYTES} bytes` },
      };
  }
  return { ok: true, records: out, bytes };
}

/** Packs records into one buffer: per record a 4-byte big-endian length, then its bytes. */
export function packRecords(records: readonly Uint8Array[]): Uint8Array {
  const size = records.reduce((n, r) => n + 4 + r.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const r of records) {
    view.setUint32(at, r.length);
    out.set(r, at + 4);
    at += 4 + r.length;
  }
  return out;
}

/**
 * The most bytes one stored part of a file holds. Durable Object storage takes at most 2 MB per
 * value, and a file packed with its lengths reaches about 1.4 MiB, so files are kept in parts.
 */
export const PART_BYTES = 512 * 1024;

/** Cuts packed bytes into parts of at most PART_BYTES (views, not copies); no bytes, no parts. */
export function splitParts(data: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += PART_BYTES) parts.push(data.subarray(i, i + PART_BYTES));
  return parts;
}

/** Joins stored parts, in order, into one buffer. */
export function joinParts(parts: readonly (ArrayBuffer | Uint8Array)[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p instanceof Uint8Array ? p : new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

/** The bytes as an ArrayBuffer of their own, which is what SQLite storage takes for a BLOB. */
export function blob(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The records of a packed buffer, as views into it. */
export function unpackRecords(packed: Uint8Array): Uint8Array[] {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= packed.length) {
    const n = view.getUint32(at);
    out.push(packed.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

/**
 * Checks a packed buffer from outside (a tape upload): it must end on a record boundary. Answers
 * its record count and record bytes, or where it breaks.
 */
export function checkPacked(
  packed: Uint8Array,
): { ok: true; nrecs: number; nbytes: number } | { ok: false; message: string } {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  let at = 0;
  let nrecs = 0;
  while (at < packed.length) {
    if (at + 4 > packed.length)
      return { ok: false, message: `ends inside the length of record ${nrecs} (byte ${at})` };
    const n = view.getUint32(at);
    if (at + 4 + n > packed.length)
      return {
        ok: false,
        message: `record ${nrecs} (byte ${at}) says ${n} bytes; only ${packed.length - at - 4} follow`,
      };
    at += 4 + n;
    nrecs++;
  }
  return { ok: true, nrecs, nbytes: packed.length - 4 * nrecs };
}

/**
 * Records as answer strings: UTF-8 text when every record is UTF-8 and the caller did not ask for
 * base64, else base64. The answer says which, so a client never has to guess.
 */
export function recordsForAnswer(
  records: readonly Uint8Array[],
  want?: RecordEncoding,
): { encoding: RecordEncoding; records: string[] } {
  if (want !== "base64") {
    const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    try {
      return { encoding: "utf8", records: records.map((r) => utf8.decode(r)) };
    } catch {
      // Not all text: fall through to base64.
    }
  }
  return { encoding: "base64", records: records.map(toBase64) };
}
