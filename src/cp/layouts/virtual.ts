/**
 * QUERY VIRTUAL's layouts: DASD, CTC, STORAGE, the base CPU, the console and the unit record
 * devices, as pure formatters. Column widths come from real output: the files in shared/corpus
 * (named at each function), or lines Rick Troth quotes from z/VM 7.3 in uftdcpq.c (reference only,
 * not copied into the corpus). Layouts marked "unverified" were not seen anywhere.
 */

/** One virtual DASD as QUERY VIRTUAL DASD shows it. */
export interface VirtualDasd {
  vdev: string;
  /** "3390", or "9336" for a virtual disk in storage. */
  devtype: string;
  /** The volume label, or "(VDSK)" for a virtual disk in storage. */
  volser: string;
  access: "R/O" | "R/W";
  /** The size in `unit`s (cylinders unless unit is BLK). */
  cylinders: number;
  unit?: "CYL" | "BLK";
  /** The real device the minidisk lies on ("VDSK" for a virtual disk in storage). */
  rdev?: string;
  /** Four hex digits; defaults to the device's position in the list given. */
  subchannel?: string;
  /** A real device dedicated to the guest (DEDICATE, ATTACH), not a minidisk. */
  dedicated?: boolean;
}

/** QUERY VIRTUAL DASD in vdev order: `DASD 0100 3390 EMC2C6 R/W      10016 CYL ON DASD  C2C6 ...`. */
export function queryVirtualDasd(devs: readonly VirtualDasd[]): string[] {
  // Columns from shared/corpus/xcat-zvm-rinv-lsvm-output.txt and feilong-cp-responses.txt.
  return devs
    .map((d, i) => ({ d, subchannel: d.subchannel ?? i.toString(16).toUpperCase().padStart(4, "0") }))
    .sort((a, b) => parseInt(a.d.vdev, 16) - parseInt(b.d.vdev, 16))
    .map(({ d, subchannel }) => {
      const size = String(d.cylinders).padStart(10);
      // A minidisk always lies on a real device; "----" only shows a caller that did not say which.
      const rdev = d.rdev ?? "----";
      // A dedicated device: `DASD 1C5D ON DASD  1C5D R/W 0X1C5D SUBCHANNEL = 0003` (tessia corpus).
      if (d.dedicated)
        return `DASD ${d.vdev} ON DASD  ${rdev} ${d.access} ${d.volser} SUBCHANNEL = ${subchannel}`;
      const disk = `DASD ${d.vdev} ${d.devtype} ${d.volser.padEnd(6)} ${d.access} ${size} ${d.unit ?? "CYL"}`;
      return `${disk} ON DASD  ${rdev} SUBCHANNEL = ${subchannel}`;
    });
}

/** QUERY VIRTUAL vdev of a channel-to-channel adapter: `CTCA 0DB4 ON CTCA DB44` (form by analogy with DASD's `ON DASD`, unverified). */
export function queryVirtualCtc(vdev: string, rdev: string): string {
  return `CTCA ${vdev} ON CTCA ${rdev}`;
}

/** QUERY VIRTUAL STORAGE: `STORAGE = 256M` (z/VM 6.3, zvm-bootcamp; tessia-zvm-3270-console-lines.txt line 42). */
export function queryVirtualStorage(storage: string): string[] {
  return [`STORAGE = ${storage}`];
}

/** QUERY VIRTUAL CPUS' base CPU: `CPU 00  ID  FF0C452E20978000 (BASE) CP   CPUAFF ON` (xcat-zvm-rinv-lsvm-output.txt line 45). */
export function queryVirtualCpu(cpuid: string): string[] {
  return [`CPU 00  ID  ${cpuid} (BASE) CP   CPUAFF ON`];
}

/** What QUERY VIRTUAL shows of a spooled unit record device (reader, punch, printer). */
export interface VirtualUnitRecord {
  kind: "RDR" | "PUN" | "PRT";
  vdev: string;
  cls: string;
  cont: boolean;
  hold: boolean;
  keep: boolean;
  copies: number;
  /** SPOOL TO: a userid, or null for the system's output queue (shown as SYSTEM, ours). */
  to: string | null;
  dist: string;
  subchannel: string;
}

/**
 * QUERY VIRTUAL READER/PUNCH/PRINTER. No capture was found: the first line of each and the reader's
 * second follow the recalled shape in reference §3 (`RDR  000C CL * NOCONT NOHOLD EOF    READY`,
 * `     000C 2540 CLOSED NOKEEP NORESCAN SUBCHANNEL = 000E`, `PUN  000D CL A NOCONT NOHOLD COPY 001
 * READY FORM STANDARD`); the punch's and printer's TO/DIST and SUBCHANNEL lines are ours.
 */
export function queryVirtualUnitRecord(d: VirtualUnitRecord): string[] {
  const flags = `CL ${d.cls} ${d.cont ? "CONT  " : "NOCONT"} ${d.hold ? "HOLD  " : "NOHOLD"}`;
  const cont = `     ${d.vdev}`;
  if (d.kind === "RDR")
    return [
      `RDR  ${d.vdev} ${flags} EOF    READY`,
      `${cont} 2540 CLOSED ${d.keep ? "KEEP  " : "NOKEEP"} NORESCAN SUBCHANNEL = ${d.subchannel}`,
    ];
  return [
    `${d.kind}  ${d.vdev} ${flags} COPY ${String(d.copies).padStart(3, "0")}    READY FORM STANDARD`,
    `${cont} TO ${(d.to ?? "SYSTEM").padEnd(8)} ${d.kind} DIST ${d.dist.padEnd(8)} DEST OFF`,
    `${cont} SUBCHANNEL = ${d.subchannel}`,
  ];
}

/**
 * QUERY VIRTUAL CONSOLE. No capture was found: the shape is reference §3's recalled one
 * (`CONS 0009 ON LDEV L0003   TERM START ...`, `0009 CL T NOCONT NOHOLD COPY 001    READY FORM
 * STANDARD`, `0009 TO MAINT    PRT DIST MAINT    FLASHC 000 DEST OFF`, `0009 SUBCHANNEL = 0000`).
 * The first line of a disconnected user (`ON DSC`) is ours, and so is the terminal name.
 */
export function queryVirtualConsole(
  vdev: string,
  userid: string,
  terminal: string,
  subchannel: string,
): string[] {
  const on = terminal === "DSC" ? "DSC" : `LDEV ${terminal}`;
  return [
    `CONS ${vdev} ON ${on}   TERM START`,
    `     ${vdev} CL T NOCONT NOHOLD COPY 001    READY FORM STANDARD`,
    `     ${vdev} TO ${userid.padEnd(8)} PRT DIST ${userid.padEnd(8)} FLASHC 000 DEST OFF`,
    `     ${vdev} SUBCHANNEL = ${subchannel}`,
  ];
}
