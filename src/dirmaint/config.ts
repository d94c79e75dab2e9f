import type { Diagnostic } from "../diagnostics";

/** CONFIG DATADVH (and CONFIGnn DATADVH): the statements that matter to the plex. */
export interface DirmaintConfig {
  /** `SATELLITE_SERVER= userid node`: the satellite that serves system `node`. */
  satellites: { userid: string; system: string; line: number }[];
  /** `FROM= n1 TO= n2 S= RSCS T= n2`: how a file from n1 reaches n2 (spool to S= with tag T=). */
  routes: { from: string; to: string; service: string; tag: string; line: number }[];
  /** Findings, with file "CONFIG DATADVH" (or the name given), line and column. */
  diagnostics: Diagnostic[];
}

/** Parses CONFIG DATADVH text; never throws: every problem is a diagnostic. */
export function parseDirmaintConfig(text: string, file = "CONFIG DATADVH"): DirmaintConfig {
  void text;
  void file;
  throw new Error("parseDirmaintConfig: not yet");
}
