import type { Diagnostic } from "../diagnostics";

/** One statement of a source directory entry, as written (its file is the SourceDirectory's). */
export interface DirStatement {
  /** Canonical full upper-case keyword: "MACHINE" for `MACH`, "MDISK" for `mdisk`. */
  keyword: string;
  /**
   * The operands upper-cased, except for statements whose text is case-sensitive (COMMAND, POSIX*).
   * Read-only: it may be `words` itself, and statements written alike share one array.
   */
  operands: string[];
  /** The operands exactly as written (read-only, as `operands`). */
  words: string[];
  line: number;
  column: number;
  /** Systems the statement applies on; null = all. Set by the SYSAFFIN in force. */
  sysaffin: string[] | null;
  /** The minidisk an MDISK statement defines, when its operands were valid. */
  mdisk?: MdiskDef;
  /** The link a LINK statement makes, when its operands were valid. */
  link?: LinkDef;
}

/** `DIRECTORY vdev devtype volser [*cpuid-model] [sysname]`: where one system's object directory goes. */
export interface DirectoryControl {
  vdev: string;
  devtype: string;
  volser: string;
  /** CPU serial as written, without the leading `*`. */
  cpuid?: string;
  model?: string;
  sysname?: string;
  line: number;
  column: number;
}

/** "tempdisk" is never produced: z/VM has no TEMP-DISK operand (kept so the union matches the design). */
export type MdiskKind = "extent" | "devno" | "v-disk" | "t-disk" | "tempdisk";

export interface MdiskDef {
  /** Four upper-case hex digits, e.g. "0191". */
  vdev: string;
  devtype: string;
  kind: MdiskKind;
  /** First cylinder (or block) of an extent. */
  start?: number;
  /** Cylinders (blocks for FBA) of an extent or T-DISK; undefined with `toEnd`. */
  count?: number;
  /** `count` was END: the extent runs to the end of the volume. */
  toEnd?: boolean;
  /** Volume label; "+VMRES" (or "&SYSRES") until resolved to the IPL volume. */
  volser?: string;
  /** Real device number of a DEVNO (full-pack) minidisk. */
  devno?: string;
  /** Size of a V-DISK in 512-byte blocks. */
  blocks?: number;
  /** Access mode, default "W". */
  mode: string;
  readPassword?: string;
  writePassword?: string;
  multiPassword?: string;
  line: number;
  column: number;
  sysaffin: string[] | null;
}

export interface LinkDef {
  /** The owning userid; "*" in the source means the entry itself and is replaced when resolved. */
  owner: string;
  ownerVdev: string;
  vdev: string;
  mode: string;
  line: number;
  column: number;
  sysaffin: string[] | null;
}

export interface UserEntry {
  kind: "USER" | "IDENTITY" | "SUBCONFIG" | "PROFILE";
  userid: string;
  password?: string;
  storage?: string;
  maxStorage?: string;
  /** Privilege classes as written on the USER/IDENTITY statement (undefined when omitted). */
  classes?: string;
  line: number;
  column: number;
  /** The entry's statements in order, INCLUDE and SYSAFFIN kept as statements. */
  statements: DirStatement[];
}

export interface SourceDirectory {
  file: string;
  directories: DirectoryControl[];
  globaldefs: DirStatement[];
  profiles: Map<string, UserEntry>;
  /** USER and IDENTITY entries in file order. */
  users: UserEntry[];
  /** SUBCONFIG entries by id; an IDENTITY's `BUILD ON member USING SUBCONFIG id` pulls one in. */
  subconfigs: Map<string, UserEntry>;
  diagnostics: Diagnostic[];
}

export interface ResolvedUser {
  userid: string;
  kind: "USER" | "IDENTITY";
  password?: string;
  storage?: string;
  maxStorage?: string;
  /** Privilege classes; "G" when the entry gives none. */
  classes: string;
  line: number;
  /**
   * Effective statements on this system: the INCLUDEd profile's statements at the INCLUDE point, the
   * entry's own, then (IDENTITY) the SUBCONFIG built on this system; SYSAFFIN and INCLUDE removed.
   */
  statements: DirStatement[];
  /** Minidisks with +VMRES/&SYSRES replaced by the system's IPL volume. */
  mdisks: MdiskDef[];
  /** Links with owner "*" replaced by the userid. */
  links: LinkDef[];
  /** OPTION keywords (values such as MAXCONN's number left out). */
  options: readonly string[];
  /** The entry has an AUTOLOG or XAUTOLOG statement (someone may autolog it). */
  autolog: boolean;
  /** Userids named on AUTOLOG/XAUTOLOG statements. */
  autologBy: readonly string[];
  /** Userids named on LOGONBY statements. */
  logonBy: readonly string[];
  /** The IPL statement's operands, when there is one. */
  ipl?: string[];
  /** The profile the entry INCLUDEs, if any. */
  profile?: string;
}

export interface ObjectDirectory {
  sysname: string;
  control: DirectoryControl | undefined;
  iplVolume: string;
  users: Map<string, ResolvedUser>;
  /** Findings of resolution for this system only (the source's own are in SourceDirectory). */
  diagnostics: Diagnostic[];
}
