/**
 * The DVH catalog: every DirMaint message text in one place, wrapped as DirMaint wraps long
 * messages (the continuation repeats the message id). Sources: docs/dirmaint.md.
 */

/** The lines of DVH message `id` with its substitutions filled in, wrapped as DirMaint wraps. */
export function dvh(id: string, subs: Record<string, string | number>): string[] {
  void id;
  void subs;
  throw new Error("dvh: not yet");
}
