import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import type { Command, CommandVerb } from "../../src/cp/commands";
import type { ImageUser } from "../../src/plex/image";
import type { CrossSystem } from "./cross-system";
import type { Lifecycle } from "./lifecycle";
import type { Sessions } from "./sessions";
import type { Links } from "./links";
import type { LocalLinks } from "./local-links";
import type { Queries } from "./queries";
import type { RealDevices } from "./real-devices";
import type { NodeState } from "./state";
import type { SpoolAccess } from "./spool-access";
import type { SpoolDevices } from "./spool-devices";
import { tag } from "./tag";
import { xlink } from "./xlink";

/** The node's concern modules, as the command handlers reach them. */
export interface Concerns {
  s: NodeState;
  links: Links;
  localLinks: LocalLinks;
  realDevices: RealDevices;
  lifecycle: Lifecycle;
  sessions: Sessions;
  cross: CrossSystem;
  queries: Queries;
  devices: SpoolDevices;
  spool: SpoolAccess;
}

type Handler<V extends CommandVerb> = (
  n: Concerns,
  userid: string,
  user: ImageUser,
  c: Extract<Command, { verb: V }>,
) => Promise<CpAnswer> | CpAnswer;

/**
 * What the node does for each command of the table (src/cp/commands.ts): TypeScript requires a
 * handler for every verb the table's parsers produce, so a command cannot be parsed and not run.
 */
export const HANDLERS: { [V in CommandVerb]: Handler<V> } = {
  LINK: (n, userid, _u, c) => n.links.link(userid, c, false),
  DETACH: (n, userid, _u, c) => n.links.detach(userid, c.vdev),
  DETACH_REAL: (n, userid, _u, c) => n.realDevices.detachReal(c.rdev, c.from, userid),
  ATTACH: (n, userid, _u, c) => n.realDevices.attach(c.rdev, c.to === "*" ? userid : c.to, c.as),
  VARY: (n, _userid, _u, c) => n.realDevices.vary(c.online, c.rdevs),
  QUERY: (n, userid, _u, c) => n.queries.query(userid, c),
  INDICATE: (n, userid, u, c) => n.queries.indicate(userid, u.classes, c),
  LOGOFF: async (n, userid) => okAnswer(await n.sessions.logoff(userid)),
  DISCONNECT: (n, userid) => okAnswer(n.sessions.disconnect(userid)),
  FORCE: (n, userid, _u, c) => n.cross.force(c.userid, c.at, userid),
  XAUTOLOG: (n, userid, _u, c) => n.cross.xautolog(c.userid, c.at, userid, c.synch),
  XLINK: (n, userid, _u, c) => xlink(n.s, userid, c),
  MESSAGE: (n, userid, _u, c) => n.cross.message(userid, c),
  SET: (n, userid, _u, c) => {
    n.s.sql`UPDATE users SET msg = CASE WHEN ${c.what} = 'MSG' THEN ${c.on ? 1 : 0} ELSE msg END,
                             smsg = CASE WHEN ${c.what} = 'SMSG' THEN ${c.on ? 1 : 0} ELSE smsg END,
                             wng = CASE WHEN ${c.what} = 'WNG' THEN ${c.on ? 1 : 0} ELSE wng END
            WHERE userid = ${userid}`;
    return okAnswer();
  },
  SPOOL: (n, userid, _u, c) => {
    const to = c.options.to;
    if (to !== undefined && to !== "*" && to !== "SYSTEM" && to !== "OFF" && !n.s.directoryUser(to))
      return cpAnswer("HCPSPL053E", { userid: to });
    return n.devices.spool(userid, c);
  },
  CLOSE: (n, userid, _u, c) => n.devices.close(userid, c),
  PURGE: (n, userid, u, c) => n.spool.fileAction(userid, u, c),
  CHANGE: (n, userid, u, c) => n.spool.fileAction(userid, u, c),
  TRANSFER: (n, userid, u, c) => n.spool.fileAction(userid, u, c),
  ORDER: (n, userid, u, c) => n.spool.fileAction(userid, u, c),
  SPXTAPE: (n, userid, u, c) => n.spool.spxtape(userid, u, c),
  TAG: (n, userid, _u, c) => tag(n.s, userid, c),
};

/** Runs a parsed command through its handler. */
export function execute(
  n: Concerns,
  userid: string,
  user: ImageUser,
  c: Command,
): Promise<CpAnswer> | CpAnswer {
  const handler = HANDLERS[c.verb] as Handler<CommandVerb>;
  return handler(n, userid, user, c as never);
}
