import type { ProgramsInput } from "../cms/programs";
import { readCtcs, type CtcInput, type CtcPair } from "./ctcs";
import { diag, type Diagnostic } from "../diagnostics";
import { INPUT_LIMITS } from "../config/limits";
import type { ParsedSystemConfig } from "../config/model";
import { definedSystems, MAIN_FILE, parseSystemConfig, type SystemConfigInput } from "../config/parse";
import { defaultVolume, readInventory, type DasdEntry, type DasdVolume } from "../dasd/inventory";
import { parseDirectory } from "../directory/parse";
import { resolveDirectory } from "../directory/resolve";
import type { ObjectDirectory, SourceDirectory } from "../directory/types";

/** What a plex is made from: the API's inputs. */
/** A CMS file as a plex stores it: on its minidisk's extent (volser and cylinders), by FN FT. */
export interface StoredFile {
  volser: string;
  start: number;
  end: number;
  fn: string;
  ft: string;
  text: string;
}

export interface PlexInput {
  systemConfig: SystemConfigInput;
  directory?: string;
  dasd?: DasdEntry[];
  /** Channel-to-channel adapters between the systems (src/plex/ctcs.ts). */
  ctcs?: CtcInput[];
  /**
   * CMS files on minidisks, src/plex/files.ts's FilesInput (spelt out here: files.ts imports this
   * module); lint reads PVM's from them (src/lint/rules/pvm-setup.ts).
   */
  files?: Record<string, Record<string, string>>;
  /**
   * Files a plex already stores, each on its extent (as the Plex keeps them): what lint reads
   * besides `files` when stored inputs are linted again (PUT /config, /directory, /files).
   */
  storedFiles?: StoredFile[];
  /**
   * Which user runs which service machine's program where its name alone does not say
   * (src/cms/programs.ts), checked at the API's edge: `{"PVMX": "PVM", "PVM": "NONE"}`.
   */
  programs?: ProgramsInput;
}

/** One system as it would come up: its view of SYSTEM CONFIG, its IPL volume and its object directory. */
export interface SystemView {
  sysname: string;
  config: ParsedSystemConfig;
  /** The volume `+VMRES` means on this system. */
  iplVolume: string;
  /** Where the IPL volume came from, for messages. */
  iplVolumeSource: "dasd" | "cp_owned" | "directory" | "none";
  directory?: ObjectDirectory;
}

/** The whole plex after parsing, before any rule runs. */
export interface PlexView {
  /** SYSTEM CONFIG read with no system in mind (unqualified statements only). */
  base: ParsedSystemConfig;
  systems: string[];
  views: Map<string, SystemView>;
  source?: SourceDirectory;
  /** Every volume the inventory, the config or the directory names (unknown ones defaulted to a 3390-9). */
  volumes: Map<string, DasdVolume>;
  /** The channel-to-channel adapters, checked (src/plex/ctcs.ts). */
  ctcs: CtcPair[];
  /**
   * The CMS files as given (none when not given). Placed on extents only by those that read them
   * (src/plex/files.ts placeFiles): their placement errors are the files' own, refused where they are stored.
   */
  files: Record<string, Record<string, string>>;
  /** Files the plex stores already, by extent (none when not given); `files` replaces them where both name one. */
  storedFiles: StoredFile[];
  /** The `programs` input (none when not given): read by lint and, through the image, by each system at IPL. */
  programs: ProgramsInput;
  /** Parse diagnostics of all inputs, without duplicates. */
  diagnostics: Diagnostic[];
}

/** Drops repeats of the same finding (each system's view re-reads the shared files). */
export function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}\u0000${d.line}\u0000${d.column}\u0000${d.code}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads the three inputs into one view of the plex: the systems SYSTEM CONFIG identifies, each
 * system's own reading of the config (qualifiers, -SYSTEM- imbeds), its IPL volume and its object
 * directory, and the volumes every input names.
 */
export function buildPlex(input: PlexInput): PlexView {
  const diagnostics: Diagnostic[] = [];
  const base = parseSystemConfig(input.systemConfig);
  diagnostics.push(...base.diagnostics);
  const source = input.directory === undefined ? undefined : parseDirectory(input.directory);
  if (source) diagnostics.push(...source.diagnostics);
  const inventory = readInventory(input.dasd);
  diagnostics.push(...inventory.diagnostics);
  const volumes = inventory.volumes;

  let systems = definedSystems(base.model);
  if (systems.length === 0) {
    // No System_Identifier: fall back on the systems the DIRECTORY statements name.
    systems = [...new Set((source?.directories ?? []).flatMap((d) => (d.sysname ? [d.sysname] : [])))];
    if (systems.length === 0) systems = ["ZVMSYS"];
    diagnostics.push(
      diag(
        MAIN_FILE,
        0,
        0,
        "info",
        "CFG-NO-SYSID",
        `SYSTEM CONFIG has no System_Identifier; the plex's systems are taken as ${systems.join(" ")}`,
      ),
    );
  }

  if (systems.length > INPUT_LIMITS.systems) {
    diagnostics.push(
      diag(
        MAIN_FILE,
        0,
        0,
        "error",
        "CFG-TOO-MANY-SYSTEMS",
        `SYSTEM CONFIG defines ${systems.length} systems; a plex holds at most ${INPUT_LIMITS.systems} (the rest are not read)`,
      ),
    );
    systems = systems.slice(0, INPUT_LIMITS.systems);
  }

  const views = new Map<string, SystemView>();
  for (const sysname of systems) {
    const config = parseSystemConfig(input.systemConfig, sysname);
    diagnostics.push(...config.diagnostics);
    const { volume, from } = iplVolumeOf(sysname, config, source, volumes);
    const directory = source ? resolveDirectory(source, sysname, volume) : undefined;
    if (directory) diagnostics.push(...directory.diagnostics);
    views.set(sysname, { sysname, config, iplVolume: volume, iplVolumeSource: from, directory });
  }

  const name = (volser: string | undefined) => {
    if (!volser) return;
    const v = volser.toUpperCase();
    if (v.startsWith("&") || v === "RESERVED" || v.startsWith("+")) return;
    if (!volumes.has(v)) volumes.set(v, defaultVolume(v));
  };
  for (const view of views.values()) {
    const m = view.config.model;
    m.cpOwned.forEach((c) => name(c.volid));
    m.userVolumes.forEach((u) => name(u.name));
    name(m.checkpoint?.volid);
    name(m.warmstart?.volid);
    name(view.iplVolume);
    view.directory?.users.forEach((u) => u.mdisks.forEach((md) => name(md.volser)));
  }
  source?.directories.forEach((d) => name(d.volser));
  const ctcs = readCtcs(input.ctcs, systems, volumes);
  diagnostics.push(...ctcs.diagnostics);
  return {
    base,
    systems,
    views,
    source,
    volumes,
    ctcs: ctcs.ctcs,
    files: input.files ?? {},
    storedFiles: input.storedFiles ?? [],
    programs: input.programs ?? {},
    diagnostics: dedupe(diagnostics),
  };
}

function iplVolumeOf(
  sysname: string,
  config: ParsedSystemConfig,
  source: SourceDirectory | undefined,
  volumes: Map<string, DasdVolume>,
): { volume: string; from: SystemView["iplVolumeSource"] } {
  for (const v of volumes.values()) if (v.ipl.includes(sysname)) return { volume: v.volser, from: "dasd" };
  const slot1 = config.model.cpOwned.find((c) => c.slot === 1);
  if (slot1 && slot1.volid !== "&SYSRES" && slot1.volid !== "RESERVED")
    return { volume: slot1.volid, from: "cp_owned" };
  const control =
    source?.directories.find((d) => d.sysname === sysname) ?? source?.directories.find((d) => !d.sysname);
  if (control) return { volume: control.volser, from: "directory" };
  return { volume: "", from: "none" };
}
