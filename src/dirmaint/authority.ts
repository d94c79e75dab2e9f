/**
 * DirMaint's AUTHFOR model: who may issue which command sets for which entry. A grant is what
 * `DIRM FOR target AUTHFOR user CMDL level CMDS sets` records; DROPFOR removes it.
 */

/** One AUTHFOR grant in force. */
export interface Authorization {
  /** The entry the grant covers, or "ALL" for every entry (`DIRM FOR ALL AUTHFOR ...`). */
  target: string;
  /** The user the grant is for. */
  user: string;
  /** The node the user's requests must come from; "*" for any. */
  node: string;
  /** Command level: "140A" or "150A". */
  cmdLevel: string;
  /** Command sets, one letter each, e.g. "ADGHOPS". */
  cmdSets: string;
}
