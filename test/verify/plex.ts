import type { Disk } from "./model";

/** The in-process plex: up to eight systems, slot n for SYSn, on one XLINK volume and one without. */
export const SYSTEMS = ["SYS1", "SYS2", "SYS3", "SYS4", "SYS5", "SYS6", "SYS7", "SYS8"];
export const USERS = ["U1", "U2", "U3"];
export const VDEVS = ["0300", "0301", "0302"];
/** SHR001 is under XLINK; OPEN01 is not (each system decides its links there alone). */
export const XLINK_VOLUME = "SHR001";
export const OPEN_VOLUME = "OPEN01";
export const CYLINDERS = 64;

/**
 * Overlapping minidisks: OWNER 0191 and 0192 share cylinders 25-29 and 0192 and OWNER2 0200 share
 * 30-34 on SHR001; OWNER3 and OWNER4 overlap on OPEN01. OWNER2 0200 has no multi-write password.
 */
export const DISKS: readonly Disk[] = [
  {
    owner: "OWNER",
    vdev: "0191",
    volser: XLINK_VOLUME,
    start: 10,
    end: 29,
    read: "RPASS",
    write: "WPASS",
    multi: "MPASS",
  },
  {
    owner: "OWNER",
    vdev: "0192",
    volser: XLINK_VOLUME,
    start: 25,
    end: 34,
    read: "ALL",
    write: "ALL",
    multi: "ALL",
  },
  {
    owner: "OWNER2",
    vdev: "0200",
    volser: XLINK_VOLUME,
    start: 30,
    end: 49,
    read: "RPASS",
    write: "WPASS",
    multi: "",
  },
  {
    owner: "OWNER5",
    vdev: "0191",
    volser: XLINK_VOLUME,
    start: 50,
    end: 59,
    read: "ALL",
    write: "ALL",
    multi: "ALL",
  },
  {
    owner: "OWNER3",
    vdev: "0191",
    volser: OPEN_VOLUME,
    start: 0,
    end: 9,
    read: "ALL",
    write: "ALL",
    multi: "ALL",
  },
  {
    owner: "OWNER4",
    vdev: "0191",
    volser: OPEN_VOLUME,
    start: 5,
    end: 14,
    read: "ALL",
    write: "ALL",
    multi: "ALL",
  },
];
