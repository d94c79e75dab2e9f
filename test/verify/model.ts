/**
 * The reference model of LINK across systems (docs/verify.md): what CP grants, written from the
 * mode definitions of reference §4.2 as rules, not copied from the product's LINK_TABLE, so a wrong
 * cell in src/dasd/link-rules.ts cannot hide in the model. The model keeps, per XLINK volume, the
 * links granted and each system's flag per cylinder, and per system its local links on volumes no
 * XLINK covers. It imports nothing from src/.
 */

/** What a granted link holds: R, W, SR (stable read), SW (stable write), ER/EW (exclusive). */
export type MAccess = "R" | "W" | "SR" | "SW" | "ER" | "EW";

/** Every LINK mode the checks use (V suffixes are not generated: see docs/verify.md). */
export const MODES = ["R", "RR", "W", "WR", "M", "MR", "MW", "SR", "SM", "SW", "ER", "EW"] as const;
export type MMode = (typeof MODES)[number];

/** A minidisk of the test plex: its owner, address, volume, cylinders and passwords ("" = none). */
export interface Disk {
  owner: string;
  vdev: string;
  volser: string;
  start: number;
  end: number;
  read: string;
  write: string;
  multi: string;
}

/** The model's answer to a LINK that reached the decision. */
export type MDecision = { granted: true; access: MAccess; forced: boolean } | { granted: false };

// Kinds of existing access, as §4.2 speaks of them.
const isWrite = (a: MAccess) => a === "W";
const isStable = (a: MAccess) => a === "SR" || a === "SW";
const isExclusive = (a: MAccess) => a === "ER" || a === "EW";

/**
 * §4.2, mode by mode: what a request gets given the accesses others hold. Read as prose:
 * R and SR read unless someone writes, holds stable write or exclusive access; RR reads unless
 * exclusive; W, SW, EW and ER need nobody else at all; WR writes alone, else reads (forced) unless
 * exclusive; M and SM write unless any write, stable or exclusive access exists; MR writes as M,
 * reads (forced) where M would be refused for a write or stable holder, and is refused by exclusive;
 * MW writes unless stable or exclusive access exists.
 */
export function modelDecide(mode: MMode, others: readonly MAccess[]): MDecision {
  const any = others.length > 0;
  const writer = others.some(isWrite);
  const stableWrite = others.includes("SW");
  const stable = others.some(isStable);
  const exclusive = others.some(isExclusive);
  const grant = (access: MAccess, forced = false): MDecision => ({ granted: true, access, forced });
  const deny: MDecision = { granted: false };
  switch (mode) {
    case "R":
      return writer || stableWrite || exclusive ? deny : grant("R");
    case "SR":
      return writer || stableWrite || exclusive ? deny : grant("SR");
    case "RR":
      return exclusive ? deny : grant("R");
    case "W":
      return any ? deny : grant("W");
    case "SW":
      return any ? deny : grant("SW");
    case "EW":
      return any ? deny : grant("EW");
    case "ER":
      return any ? deny : grant("ER");
    case "WR":
      return exclusive ? deny : any ? grant("R", true) : grant("W");
    case "M":
      return writer || stable || exclusive ? deny : grant("W");
    case "SM":
      return writer || stable || exclusive ? deny : grant("SW");
    case "MR":
      return exclusive ? deny : writer || stable ? grant("R", true) : grant("W");
    case "MW":
      return stable || exclusive ? deny : grant("W");
  }
}

/** Which password a mode needs: multi-write for M modes and SM, write for W modes, SW, EW, else read. */
export function passwordNeeded(mode: MMode, d: Disk): { kind: "read" | "write" | "multi"; value: string } {
  if (mode === "M" || mode === "MR" || mode === "MW" || mode === "SM")
    return { kind: "multi", value: d.multi };
  if (mode === "W" || mode === "WR" || mode === "SW" || mode === "EW")
    return { kind: "write", value: d.write };
  return { kind: "read", value: d.read };
}

/**
 * A CSE flag is one byte per cylinder per system: the strongest access that system holds there
 * (the CSE area's format; an SR under a W on the same cylinders is not seen by other systems).
 */
const FLAG_ORDER: readonly MAccess[] = ["R", "SR", "W", "SW", "ER", "EW"];

/** One granted link as the model holds it. */
export interface MLink {
  sys: string;
  user: string;
  vdev: string;
  disk: number;
  access: MAccess;
  requested: MMode;
  /** The volume's grant token (its generation), which a release must name. */
  generation: number;
}

/** The model's state: systems, links, and each system's flags on the XLINK volumes. */
export interface ModelState {
  up: Record<string, boolean>;
  /** How many times each system was IPLed here: a LINK sent before its system's last IPL is refused. */
  ipls: Record<string, number>;
  /**
   * volser → system → the life of the system's node object whose crash repair ran there last: a
   * LINK a former life sent, arriving after it, is refused.
   */
  lives: Record<string, Record<string, number>>;
  links: MLink[];
  /** volser → system → cylinder → flag. */
  flags: Record<string, Record<string, Record<number, MAccess>>>;
}

/** The model over a set of disks; `xlink` names the volumes under XLINK. */
export class Model {
  state: ModelState;

  constructor(
    readonly disks: readonly Disk[],
    readonly xlink: ReadonlySet<string>,
    systems: readonly string[],
  ) {
    this.state = {
      up: Object.fromEntries(systems.map((s) => [s, true])),
      ipls: Object.fromEntries(systems.map((s) => [s, 0])),
      lives: Object.fromEntries([...xlink].map((v) => [v, Object.fromEntries(systems.map((s) => [s, 0]))])),
      links: [],
      flags: Object.fromEntries([...xlink].map((v) => [v, Object.fromEntries(systems.map((s) => [s, {}]))])),
    };
  }

  /** The accesses others hold that a LINK of `sys` to `disk` meets. */
  others(sys: string, disk: number): MAccess[] {
    const d = this.disks[disk];
    // On one system CP checks by minidisk identity; overlapping minidisks do not meet there.
    const out = this.state.links.filter((l) => l.sys === sys && l.disk === disk).map((l) => l.access);
    if (!this.xlink.has(d.volser)) return out;
    // Across systems, CSE checks the cylinders: every other system's flags over the extent.
    for (const [other, flags] of Object.entries(this.state.flags[d.volser])) {
      if (other === sys) continue;
      const seen = new Set<MAccess>();
      for (let c = d.start; c <= d.end; c++) if (flags[c]) seen.add(flags[c]);
      out.push(...seen);
    }
    return out;
  }

  /** The system's incarnation: a LINK records the one it was sent in. */
  incarnation(sys: string): number {
    return this.state.ipls[sys];
  }

  /**
   * A LINK at the moment the deciding object decides it; a grant is recorded with its token. A LINK
   * sent by an earlier incarnation of its system (`sentIn`: an IPL came between) is refused: the
   * system that asked is gone, and its IPL gave up everything it held. So is a LINK sent by a former
   * life of the system's node object (`sentLife`) once a later life's crash repair ran on its volume:
   * the node that sent it no longer knows it. (`undefined`: no fence by life.)
   */
  link(
    sys: string,
    user: string,
    vdev: string,
    disk: number,
    mode: MMode,
    generation: number,
    sentIn: number,
    sentLife?: number,
  ): MDecision {
    if (sentIn < this.state.ipls[sys]) return { granted: false };
    const repairedBy = this.state.lives[this.disks[disk].volser]?.[sys];
    if (sentLife !== undefined && repairedBy !== undefined && sentLife < repairedBy)
      return { granted: false };
    const decision = modelDecide(mode, this.others(sys, disk));
    if (decision.granted) {
      // A link under the same vdev of the same user is replaced (the ledger's key).
      const old = this.state.links.find((l) => l.sys === sys && l.user === user && l.vdev === vdev);
      this.state.links = this.state.links.filter((l) => l !== old);
      this.state.links.push({ sys, user, vdev, disk, access: decision.access, requested: mode, generation });
      this.reflag(sys, disk);
      if (old) this.reflag(sys, old.disk);
    }
    return decision;
  }

  /** A release naming its grant: a stale one (another generation) changes nothing. */
  release(sys: string, user: string, vdev: string, generation: number | undefined): boolean {
    const l = this.state.links.find((x) => x.sys === sys && x.user === user && x.vdev === vdev);
    if (!l || (generation !== undefined && l.generation !== generation)) return false;
    this.state.links = this.state.links.filter((x) => x !== l);
    this.reflag(sys, l.disk);
    return true;
  }

  /** Drops a link whatever its generation (crash repair's verdict, node-local links). */
  drop(sys: string, user: string, vdev: string): void {
    const l = this.state.links.find((x) => x.sys === sys && x.user === user && x.vdev === vdev);
    if (!l) return;
    this.state.links = this.state.links.filter((x) => x !== l);
    this.reflag(sys, l.disk);
  }

  /**
   * A crash repair by the node object's life `life`, sent in incarnation `sentIn`, reached `volser`:
   * unless an IPL came between or a later life repaired there already, that life is recorded.
   */
  repaired(volser: string, sys: string, sentIn: number, life: number): void {
    const lives = this.state.lives[volser];
    if (!lives || sentIn < this.state.ipls[sys] || life < lives[sys]) return;
    lives[sys] = life;
  }

  /** FAIL: the system stops; its links and flags stay where they are. */
  fail(sys: string): void {
    this.state.up[sys] = false;
  }

  /** The start of an IPL: the links the system decided alone (no volume holds them) are gone with its storage. */
  forgetLocal(sys: string): void {
    this.state.links = this.state.links.filter(
      (l) => l.sys !== sys || this.xlink.has(this.disks[l.disk].volser),
    );
  }

  /** IPL: the system's links and flags go; it runs again. */
  ipl(sys: string): void {
    this.state.links = this.state.links.filter((l) => l.sys !== sys);
    for (const v of this.xlink) this.state.flags[v][sys] = {};
    this.state.ipls[sys]++;
    this.state.up[sys] = true;
  }

  /** XLINK RESET of a failed system: its flags go (its entries stay in the ledger). */
  reset(sys: string): void {
    for (const v of this.xlink) this.state.flags[v][sys] = {};
  }

  /**
   * Rewrites a system's flags over the cylinders of one minidisk whose links changed: each shows the
   * strongest access the system's links hold there, or nothing. Only that extent is rewritten (CSE
   * updates the extent it links or detaches), so after an XLINK RESET a failed system's late release
   * does not bring back the flags of its other links.
   */
  private reflag(sys: string, disk: number): void {
    const d = this.disks[disk];
    if (!this.xlink.has(d.volser)) return;
    const flags = this.state.flags[d.volser][sys];
    for (let c = d.start; c <= d.end; c++) delete flags[c];
    for (const l of this.state.links) {
      if (l.sys !== sys) continue;
      const e = this.disks[l.disk];
      if (e.volser !== d.volser) continue;
      for (let c = Math.max(e.start, d.start); c <= Math.min(e.end, d.end); c++)
        if (!flags[c] || FLAG_ORDER.indexOf(l.access) > FLAG_ORDER.indexOf(flags[c])) flags[c] = l.access;
    }
  }

  /** Whether an access lets its holder write. */
  static writes(a: MAccess): boolean {
    return a === "W" || a === "SW" || a === "EW";
  }
}
