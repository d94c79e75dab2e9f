import type { Diagnostic } from "../diagnostics";
import type { RawStatement } from "./lexer";

/** Where a statement came from, for diagnostics that point back at it. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
  /** The `sysname:` qualifier the statement carried, if any. */
  qualifier?: string;
}

/** A statement once recognised: its canonical keyword (as IBM spells it) and its operands. */
export interface ConfigStatement extends SourceRef {
  keyword: string;
  operands: string[];
  raw: RawStatement;
}

export interface SystemIdentifier extends SourceRef {
  /** Machine model pattern, `*` for any; "LPAR" form keeps model = "LPAR". */
  model: string;
  /** CPU serial pattern (`%` one character, `*` any) or the LPAR name. */
  cpuid: string;
  sysname: string;
  lpar: boolean;
}

export interface SlotName extends SourceRef {
  slot: number;
  sysname: string;
}

export interface VolumePattern extends SourceRef {
  pattern: string;
  /** First cylinder of the CSE area when the include statement moves it. */
  cylinder?: number;
}

export interface XspoolSystem extends SlotName {
  shareSpool: boolean;
}

export interface NamedRef extends SourceRef {
  name: string;
}

export interface ResidenceArea extends SourceRef {
  volid: string;
  /** First cylinder (CKD), or first page when `unit` is "page" (FBA volumes and EDEVICEs). */
  cylinder: number;
  /** Cylinders, or pages when `unit` is "page". */
  count: number;
  /** How `From ... For` counts: `From Cylinder` on CKD, `From Page` on FBA and EDEVICE volumes. */
  unit: "cylinder" | "page";
}

export interface CpOwned extends SourceRef {
  slot: number;
  /** Volume label, `&SYSRES` for the IPL volume, or RESERVED. */
  volid: string;
  /** OWN / SHARED when given. */
  ownership?: "OWN" | "SHARED";
}

/** What one SYSTEM CONFIG says, as CP would hold it after processing. */
export interface SystemConfigModel {
  systemIdentifiers: SystemIdentifier[];
  systemIdentifierDefault?: NamedRef;
  xlinkSystemInclude: SlotName[];
  xlinkSystemExclude: NamedRef[];
  xlinkVolumeInclude: VolumePattern[];
  xlinkVolumeExclude: VolumePattern[];
  xspoolSystems: XspoolSystem[];
  xspoolXlistInput: NamedRef[];
  xspoolXlistOutput: NamedRef[];
  checkpoint?: ResidenceArea;
  warmstart?: ResidenceArea;
  cpOwned: CpOwned[];
  userVolumes: NamedRef[];
  userVolumePatterns: NamedRef[];
  ssi?: ConfigStatement;
  imbeds: NamedRef[];
  /** Every statement in file order, including those kept only as text. */
  statements: ConfigStatement[];
}

/** The result of reading SYSTEM CONFIG for one system (or for none: `sysname` undefined). */
export interface ParsedSystemConfig {
  sysname?: string;
  model: SystemConfigModel;
  diagnostics: Diagnostic[];
}

/** An empty model, the start of every parse. */
export function emptyModel(): SystemConfigModel {
  return {
    systemIdentifiers: [],
    xlinkSystemInclude: [],
    xlinkSystemExclude: [],
    xlinkVolumeInclude: [],
    xlinkVolumeExclude: [],
    xspoolSystems: [],
    xspoolXlistInput: [],
    xspoolXlistOutput: [],
    cpOwned: [],
    userVolumes: [],
    userVolumePatterns: [],
    imbeds: [],
    statements: [],
  };
}
