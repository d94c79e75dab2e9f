import { describe, expect, it } from "vitest";
import { BUILT_IN_LIMITS } from "../../src/limits";
import { closeRefused, dumpRefused, limitOf, spoolRoom, tapeRoom } from "../../src/spool/quota";
import { joinParts, PART_BYTES, packRecords, splitParts, unpackRecords } from "../../src/spool/records";
import { spxtapeLoadAnswer, type SpxtapeRequest } from "../../src/spool/spxtape-plan";

const limits = { ...BUILT_IN_LIMITS, spoolFiles: 3, spoolBytes: 100, tapes: 2, tapeBytes: 1000 };

describe("spoolRoom: spoolFiles and spoolBytes at their edges", () => {
  it("takes the file that reaches the limit and refuses the one past it, naming the limit", () => {
    expect(spoolRoom({ files: 2, bytes: 0 }, 10, limits)).toBeUndefined();
    const files = spoolRoom({ files: 3, bytes: 0 }, 10, limits)!;
    expect(files).toMatchObject({
      ok: false,
      status: 429,
      code: "QUOTA_EXCEEDED",
      details: { limit: "spoolFiles", used: 3, max: 3 },
    });
    expect(spoolRoom({ files: 0, bytes: 60 }, 40, limits)).toBeUndefined();
    expect(spoolRoom({ files: 0, bytes: 60 }, 41, limits)).toMatchObject({
      status: 413,
      details: { limit: "spoolBytes", used: 60, max: 100 },
    });
  });
});

describe("tapeRoom: tapes and tapeBytes at their edges", () => {
  it("counts a new tape, not one rewritten, and the bytes a rewrite replaces", () => {
    expect(tapeRoom({ tapes: 1, bytes: 0 }, { exists: false, had: 0 }, 0, limits)).toBeUndefined();
    expect(tapeRoom({ tapes: 2, bytes: 0 }, { exists: false, had: 0 }, 0, limits)).toMatchObject({
      status: 429,
      details: { limit: "tapes", used: 2, max: 2 },
    });
    expect(tapeRoom({ tapes: 2, bytes: 0 }, { exists: true, had: 0 }, 0, limits)).toBeUndefined();
    // 900 held, 400 of them on this tape: 500 more reach 1000 exactly; 501 pass it.
    expect(tapeRoom({ tapes: 2, bytes: 900 }, { exists: true, had: 400 }, 500, limits)).toBeUndefined();
    expect(tapeRoom({ tapes: 2, bytes: 900 }, { exists: true, had: 400 }, 501, limits)).toMatchObject({
      status: 413,
      details: { limit: "tapeBytes", used: 900, max: 1000 },
    });
  });
});

describe("CP's answers to a refused file or dump", () => {
  it("CLOSE: the spool file limit for spoolFiles and a full spool, spool space for spoolBytes", () => {
    expect(closeRefused(spoolRoom({ files: 3, bytes: 0 }, 1, limits)!, 1)).toEqual({
      rc: 439,
      lines: ["HCPCSP439E Spool fileid limit exceeded"],
    });
    expect(closeRefused(spoolRoom({ files: 0, bytes: 99 }, 8, limits)!, 8)).toEqual({
      rc: 9051,
      lines: ["HCPCSP9051E Spool space is full: the file needs 8 bytes; 99 of 100 are in use"],
    });
    const full = { ok: false as const, status: 409 as const, code: "SPOOL_FULL", message: "full" };
    expect(limitOf(full)).toBeUndefined();
    expect(closeRefused(full, 1).rc).toBe(439);
  });

  it("DUMP: no tape past tapes, no bytes past tapeBytes", () => {
    const tapes = tapeRoom({ tapes: 2, bytes: 0 }, { exists: false, had: 0 }, 10, limits)!;
    expect(dumpRefused(tapes, "T1", 10).lines).toEqual([
      "HCPSPX9066E Tape T1 cannot be made: the plex holds 2 tapes",
    ]);
    const bytes = tapeRoom({ tapes: 1, bytes: 999 }, { exists: true, had: 0 }, 10, limits)!;
    expect(dumpRefused(bytes, "T1", 10)).toEqual({
      rc: 9067,
      lines: ["HCPSPX9067E Tape T1 cannot take 10 bytes: the plex's tapes hold 999 of 1000"],
    });
  });

  it("LOAD: names what stopped it", () => {
    const r: SpxtapeRequest = {
      fn: "LOAD",
      vdev: "0181",
      select: { queues: ["RDR"] },
      purge: false,
      nodup: false,
    };
    const at = new Date();
    expect(spxtapeLoadAnswer(r, [], 2, at).lines.at(-1)).toBe(
      "HCPSPX9064E The spool is full: 2 files were not loaded",
    );
    expect(spxtapeLoadAnswer(r, [], 2, at, "spoolBytes").lines.at(-1)).toBe(
      "HCPSPX9065E Spool space is full: 2 files were not loaded",
    );
    expect(spxtapeLoadAnswer(r, [], 0, at, "spoolBytes").rc).toBe(0);
  });
});

describe("parts: packed records cut to fit storage and joined again", () => {
  it("no part is over PART_BYTES, and the parts join to the same records", () => {
    const records = [
      new Uint8Array(PART_BYTES - 2).fill(7),
      new Uint8Array(0),
      new Uint8Array(PART_BYTES).fill(9),
    ];
    const packed = packRecords(records);
    const parts = splitParts(packed);
    expect(parts.map((p) => p.length)).toEqual([PART_BYTES, PART_BYTES, packed.length - 2 * PART_BYTES]);
    const back = unpackRecords(joinParts(parts.map((p) => p.slice().buffer)));
    expect(back.map((r) => r.length)).toEqual([PART_BYTES - 2, 0, PART_BYTES]);
    expect(back[2].every((b) => b === 9)).toBe(true);
  });

  it("nothing makes no part; parts appended one write at a time join like one buffer", () => {
    expect(splitParts(new Uint8Array(0))).toEqual([]);
    const enc = new TextEncoder();
    const writes = [["a", "bb"], [], ["ccc"]].map((w) => packRecords(w.map((r) => enc.encode(r))));
    const joined = joinParts(writes.flatMap(splitParts));
    expect(unpackRecords(joined).map((r) => new TextDecoder().decode(r))).toEqual(["a", "bb", "ccc"]);
  });
});
