/** What the caller of the EXEC runner gives it and gets back. */

/** What the runner asks of the machine it runs on. */
export interface ExecHost {
  command(environment: string, text: string): Promise<{ rc: number; lines: string[] }>;
}

/** A host command the EXEC issued. */
export interface ExecCommand {
  line: number;
  environment: string;
  text: string;
  rc: number;
}

export interface ExecResult {
  /** Console lines in order: SAY output, host command output, notes. */
  lines: string[];
  commands: ExecCommand[];
  /** Why the run ended early: past the step bound, an EXIT (or RETURN), or a REXX error. */
  stopped?: "steps" | "exit" | "error";
  /** The EXEC's return code: EXIT's value, 0 at the end of the file, 20000 + error number. */
  rc: number;
}

export interface ExecOptions {
  /** The file's name and type, e.g. "PROFILE EXEC"; shown on every note. */
  file: string;
  host: ExecHost;
  /** Clauses (and loop iterations) the run may execute. */
  maxSteps: number;
  /** The initial ADDRESS environment; CMS, or GCS for a file of type GCS. */
  environment?: string;
}
