import { columnOf, COLUMNS, dominates, type Access } from "./link-rules";

/** A per-cylinder, per-system link flag of the CSE area (CSEEBFBK's link-flag values). */
export type Flag = "NONE" | Access;

/** Flag values in their stored order: the byte a cylinder holds is the index here. */
export const FLAGS: readonly Flag[] = ["NONE", "R", "W", "SR", "SW", "ER", "EW"];

/** Most systems one CSE area has slots for (XLINK limit, unverified). */
export const MAX_SLOTS = 16;

/**
 * The SYSTEMS count XLINK FORMAT writes in a new area's header: as many slots as the formatting
 * system's XLINK_System_Include list gives (its highest slot, as a slot is a position in the list;
 * CB-ISFSYSTB's "# of sys for XLINK"), or MAX_SLOTS when it gives none.
 */
export function xlinkSystemCount(slots: Iterable<number | string>): number {
  let most = 0;
  for (const s of slots) {
    const n = Number(s);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_SLOTS) most = Math.max(most, n);
  }
  return most || MAX_SLOTS;
}

/** Header record of a CSE area: who formatted it where and when, and what it maps. */
export interface CseHeader {
  formattedBy: string;
  system: string;
  /** ISO 8601 time of XLINK FORMAT. */
  at: string;
  /** Cylinders mapped: the volume's cylinders. */
  cylinders: number;
  /** Slots (systems) the area holds flags for. */
  systems: number;
}

/** One run of cylinders with the same flag in one slot. */
export interface FlagRun {
  start: number;
  end: number;
  access: Access;
}

/**
 * Size figures XLINK DISPLAY prints in its heading. Our model, not IBM's (the real layout was not
 * retrieved): one flag byte per cylinder, 4096-byte records, twelve records to a 3390 track.
 */
export function areaLayout(
  cylinders: number,
  systems: number,
): { tracks: number; recl: number; recs: number } {
  const recl = 4096;
  const recs = systems * Math.ceil(cylinders / recl);
  return { tracks: Math.ceil(recs / 12), recl, recs };
}

/**
 * The link flags of one XLINK-formatted volume: one byte per cylinder per slot, allocated when a
 * slot is first written, because a 3390-54 has 65520 cylinders and most slots stay empty.
 */
export class CseArea {
  readonly header: Readonly<CseHeader>;
  private readonly slots = new Map<number, Uint8Array>();

  constructor(header: CseHeader) {
    if (!Number.isInteger(header.cylinders) || header.cylinders < 1) {
      throw new RangeError(`CSE area: bad cylinder count ${header.cylinders}`);
    }
    if (!Number.isInteger(header.systems) || header.systems < 1 || header.systems > MAX_SLOTS) {
      throw new RangeError(`CSE area: bad system count ${header.systems}`);
    }
    this.header = { ...header };
  }

  /** The flag one slot holds for one cylinder. */
  get(slot: number, cylinder: number): Flag {
    this.check(slot, cylinder, cylinder);
    return FLAGS[this.slots.get(slot)?.[cylinder] ?? 0];
  }

  /** Sets one slot's flag on cylinders start..end (inclusive), replacing what was there. */
  setRange(slot: number, start: number, end: number, access: Access): void {
    this.check(slot, start, end);
    let bytes = this.slots.get(slot);
    if (!bytes) this.slots.set(slot, (bytes = new Uint8Array(this.header.cylinders)));
    bytes.fill(FLAGS.indexOf(access), start, end + 1);
  }

  /** Clears one slot's flags on cylinders start..end (inclusive). */
  clearRange(slot: number, start: number, end: number): void {
    this.check(slot, start, end);
    const bytes = this.slots.get(slot);
    if (!bytes) return;
    bytes.fill(0, start, end + 1);
    if (bytes.every((b) => b === 0)) this.slots.delete(slot);
  }

  /** Clears every flag of one slot (XLINK RESET, or that system's re-IPL); a slot the area has no room for holds none. */
  clearSlot(slot: number): void {
    if (!this.hasSlot(slot)) return;
    this.slots.delete(slot);
  }

  /** True when the area holds flags for `slot` (1..SYSTEMS of its header). */
  hasSlot(slot: number): boolean {
    return Number.isInteger(slot) && slot >= 1 && slot <= this.header.systems;
  }

  /** Slots holding at least one flag, ascending. */
  usedSlots(): number[] {
    return [...this.slots.keys()].sort((a, b) => a - b);
  }

  /** One slot's flags as runs of equal flags, NONE left out, by cylinder. */
  runs(slot: number): FlagRun[] {
    this.check(slot, 0, 0);
    const bytes = this.slots.get(slot);
    if (!bytes) return [];
    const out: FlagRun[] = [];
    for (let c = 0; c < bytes.length;) {
      const b = bytes[c];
      let e = c;
      while (e + 1 < bytes.length && bytes[e + 1] === b) e++;
      if (b !== 0) out.push({ start: c, end: e, access: FLAGS[b] as Access });
      c = e + 1;
    }
    return out;
  }

  /**
   * What the other slots hold over cylinders start..end: per slot its strongest access, or, when
   * one slot holds accesses neither of which covers the other (W on some cylinders, SR on others),
   * each of them, so that decideLink sees every restriction. Ordered by slot, strongest first.
   */
  othersOver(slot: number, start: number, end: number): { slot: number; access: Access }[] {
    this.check(slot, start, end);
    const out: { slot: number; access: Access }[] = [];
    for (const s of this.usedSlots()) {
      if (s === slot) continue;
      const bytes = this.slots.get(s)!;
      const seen = new Set<Access>();
      for (let c = start; c <= end; c++) if (bytes[c] !== 0) seen.add(FLAGS[bytes[c]] as Access);
      const kept = [...seen].filter(
        (a) => ![...seen].some((b) => b !== a && dominates(b, a) && !dominates(a, b)),
      );
      kept.sort((a, b) => strength(b) - strength(a));
      for (const access of kept) out.push({ slot: s, access });
    }
    return out;
  }

  /**
   * XLINK DISPLAY's heading and flag lines (reference §3.2). Cylinders whose flags are equal in
   * every slot are shown as one line `ccccc-ccccc mode sysname ...`, since a line per cylinder
   * of a 3390-54 would be 65520 lines. `start`/`end` limit the output (the CYL() option);
   * `noHeader` drops the heading (NOHEADER).
   */
  display(
    volid: string,
    slotNames: Readonly<Record<number, string>>,
    options: { start?: number; end?: number; noHeader?: boolean } = {},
  ): string[] {
    const first = options.start ?? 0;
    const last = options.end ?? this.header.cylinders - 1;
    this.check(1, first, last);
    const { tracks, recl, recs } = areaLayout(this.header.cylinders, this.header.systems);
    const lines = options.noHeader
      ? []
      : [
          `-CYL- READ/WRITE FLAGS ON ${volid} (CYL=${this.header.cylinders} TRK=${tracks} RECL=${recl} ` +
            `RECS=${recs} SYSTEMS=${this.header.systems})`,
        ];
    const used = this.usedSlots().map((s) => ({
      name: slotNames[s] ?? `SLOT${s}`,
      bytes: this.slots.get(s)!,
    }));
    const flagsAt = (c: number) =>
      used
        .filter(({ bytes }) => bytes[c] !== 0)
        .map(({ name, bytes }) => `${FLAGS[bytes[c]]} ${name}`)
        .join(" ");
    const body: string[] = [];
    let runStart = first;
    let runText = flagsAt(first);
    for (let c = first + 1; c <= last + 1; c++) {
      const text = c <= last ? flagsAt(c) : undefined;
      if (text === runText) continue;
      if (runText) body.push(`${cyl(runStart)}${c - 1 > runStart ? `-${cyl(c - 1)}` : ""} ${runText}`);
      runStart = c;
      runText = text ?? "";
    }
    if (body.length === 0) body.push(`----- NO LINK FLAGS ON THIS VOLUME- ${volid}`);
    return [...lines, ...body];
  }

  /** Variables of HCPXXL2876I (mm/dd/yy and hh:mm:ss of the format time, UTC). */
  formattedVars(volid: string): Record<string, string> {
    const d = new Date(this.header.at);
    const two = (n: number) => String(n).padStart(2, "0");
    return {
      volid,
      date: `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)}`,
      time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
      userid: this.header.formattedBy,
      sysname: this.header.system,
    };
  }

  private check(slot: number, start: number, end: number): void {
    if (!Number.isInteger(slot) || slot < 1 || slot > this.header.systems) {
      throw new RangeError(`CSE area: slot ${slot} outside 1-${this.header.systems}`);
    }
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
      throw new RangeError(`CSE area: bad cylinder range ${start}-${end}`);
    }
    if (end >= this.header.cylinders) {
      throw new RangeError(`CSE area: cylinder ${end} beyond ${this.header.cylinders - 1}`);
    }
  }
}

function strength(a: Access): number {
  return COLUMNS.indexOf(columnOf(a)) * 2 + (a === "EW" ? 1 : 0);
}

function cyl(c: number): string {
  return String(c).padStart(5, "0");
}

const RUN = /^(\d+)(?:-(\d+))?(R|W|SR|SW|ER|EW)$/;

/**
 * Encodes an area for Durable Object storage as compact JSON: the header, and per slot its runs
 * as `start[-end]FLAG` joined by commas (`"0-99W,150SR"`).
 */
export function encodeFlags(area: CseArea): string {
  const slots: Record<string, string> = {};
  for (const s of area.usedSlots()) {
    slots[s] = area
      .runs(s)
      .map((r) => `${r.start}${r.end > r.start ? `-${r.end}` : ""}${r.access}`)
      .join(",");
  }
  return JSON.stringify({ v: 1, header: area.header, slots });
}

/** Decodes what encodeFlags wrote; throws on anything else (stored data we did not write is a bug). */
export function decodeFlags(text: string): CseArea {
  const data = JSON.parse(text) as { v?: number; header?: CseHeader; slots?: Record<string, string> };
  if (data.v !== 1 || !data.header || typeof data.slots !== "object" || data.slots === null) {
    throw new Error("CSE area: not an encoded area");
  }
  const area = new CseArea(data.header);
  for (const [slot, runs] of Object.entries(data.slots)) {
    for (const run of runs.split(",")) {
      const m = RUN.exec(run);
      if (!m) throw new Error(`CSE area: bad run "${run}" in slot ${slot}`);
      const start = Number(m[1]);
      area.setRange(Number(slot), start, m[2] === undefined ? start : Number(m[2]), m[3] as Access);
    }
  }
  return area;
}
