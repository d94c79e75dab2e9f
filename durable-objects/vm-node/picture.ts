import type { NodePicture } from "../../src/console/picture";
import { type Access, isWriteAccess } from "../../src/dasd/link-rules";
import type { NodeState } from "./state";

/**
 * This system as the web console draws it (src/console/picture.ts): users logged on, the volumes it
 * read at IPL with their status, and its users' devices on real volumes with R/W told from R/O. A
 * FAILED system keeps what it had when it stopped, as its DASD flags do.
 */
export function nodePicture(s: NodeState): NodePicture | undefined {
  const n = s.node();
  if (!n) return undefined;
  const users = s.sql<{ userid: string; disconnected: number }>`
    SELECT userid, disconnected FROM users ORDER BY userid`.map((u) => ({
    userid: u.userid,
    disconnected: u.disconnected !== 0,
  }));
  const volumes = s.volumes().map((v) => ({
    volser: v.info.volser,
    rdev: v.info.rdev ?? null,
    status: v.status,
    xlink: v.info.xlink,
  }));
  const links = s.sql<{
    userid: string;
    vdev: string;
    volser: string;
    owner: string | null;
    owner_vdev: string | null;
    access: string;
  }>`SELECT userid, vdev, volser, owner, owner_vdev, access FROM vdevs
     WHERE volser IS NOT NULL AND access IS NOT NULL AND kind IN ('MDISK', 'LINK', 'ATTACHED')
     ORDER BY userid, vdev`.map((d) => ({
    userid: d.userid,
    vdev: d.vdev,
    volser: d.volser,
    owner: d.owner,
    ownerVdev: d.owner_vdev,
    rw: isWriteAccess(d.access as Access),
  }));
  const version = s.sql<{ v: number }>`SELECT directory_version AS v FROM node`[0]?.v;
  return { sysname: n.sysname, state: n.state, users, volumes, links, directoryVersion: version ?? null };
}
