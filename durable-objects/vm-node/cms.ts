import { punchedFile } from "../plex/spool";
import type { CpAnswer } from "../../src/catalog/answer";
import { type CmsAnswer, type CmsHost, runCmsCommand } from "../../src/cms/commands";
import { readerNotice, sentAnswer } from "../../src/spool/spool";
import type { Rscs } from "./rscs";
import type { NodeState } from "./state";

/**
 * The CMS commands of a logged-on user (issue #12; src/cms/commands.ts): the node's side of the
 * CMS host, CP for `CP cmd` and TELL here, the user's A-disk (its 191) from the Plex's CMS files,
 * the spool for SENDFILE here, and RSCS for other nodes.
 */
export class CmsCommands {
  constructor(
    private readonly s: NodeState,
    /** Runs a CP command as the user, without writing its console. */
    private readonly cp: (userid: string, text: string) => Promise<CpAnswer>,
    private readonly rscs: Rscs,
    /** Puts CP's reader notice on a user's console here. */
    private readonly notice: (userid: string, text: string) => Promise<unknown> | unknown,
  ) {}

  /** DIRM's way to DIRMAINT (./dirmaint.ts), set by the node. */
  dirm?: (userid: string, text: string) => Promise<CpAnswer>;

  /** Runs one CMS command line as `userid` (logged on: the caller checked). */
  run(userid: string, text: string): Promise<CmsAnswer> {
    const s = this.s;
    const host: CmsHost = {
      sysname: s.sysname,
      userid,
      cp: (t) => this.cp(userid, t),
      readFile: async (fn, ft) => {
        const r = await s.plexStub().readFile(s.sysname, userid, "0191", fn, ft);
        return r.ok ? r.text : undefined;
      },
      knowsNode: (node) => s.image()?.systems.includes(node) ?? false,
      punchLocal: async (f) => {
        if (!s.directoryUser(f.to.userid))
          return { rc: 24, lines: [`HCPSPL053E ${f.to.userid} not in CP directory`] };
        const made = await s
          .plexStub()
          .spoolCreate(
            punchedFile(
              { origin: s.sysname, from: userid, owner: f.to.userid, name: f.fn, type: f.ft, cls: f.cls },
              f.records,
            ),
          );
        if (!made.ok) return { rc: 1, lines: [made.message] };
        if (f.to.userid !== userid) await this.notice(f.to.userid, readerNotice(made.file));
        return { rc: 0, lines: [sentAnswer(made.file)], spoolid: made.file.spoolid };
      },
      rscsSend: (f) => this.rscs.send(f),
      rscsMessage: (node, target, t) => this.rscs.message(userid, node, target, t),
      dirm: (t) => this.dirm?.(userid, t) ?? Promise.resolve({ rc: -3, lines: ["Unknown CP/CMS command"] }),
    };
    return runCmsCommand(host, text);
  }
}
