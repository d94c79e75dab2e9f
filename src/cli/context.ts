import type { CseplexClient } from "../client";

/** What every command gets: the client, the plex, its flags, where to print, and Ctrl-C. */
export interface CommandContext {
  client: CseplexClient;
  /** Where the service is and the token (for code that has its own client, as runbooks do). */
  url: string;
  token: string;
  plex: string | undefined;
  args: string[];
  flags: Record<string, string | boolean | undefined>;
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  signal: AbortSignal;
}

/** A command: runs and answers its exit code. */
export type Command = (c: CommandContext) => Promise<number>;
