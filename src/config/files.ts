/** SYSTEM CONFIG as the API takes it: the file's text, or CMS file name → text when it IMBEDs others. */
export type SystemConfigInput = string | Record<string, string>;

/** The CMS name of the primary configuration file. */
export const MAIN_FILE = "SYSTEM CONFIG";

const NAME = /^[A-Z0-9@#$_-]{1,8}$/;
const MAX_IMBED_DEPTH = 16;

/** Normalises a CMS file name ("vm9  sysres" → "VM9 SYSRES") so imbeds find their files. */
export function cmsFileName(name: string): string {
  return name.trim().toUpperCase().split(/\s+/).slice(0, 2).join(" ");
}

/** Turns the API's systemConfig value into a map of CMS file name → text. */
export function configFiles(input: SystemConfigInput): Map<string, string> {
  const files = new Map<string, string>();
  if (typeof input === "string") files.set(MAIN_FILE, input);
  else for (const [name, text] of Object.entries(input)) files.set(cmsFileName(name), text);
  return files;
}
