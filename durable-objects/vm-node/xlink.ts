import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { formatMessage } from "../../src/catalog/messages";
import { xlinkFormatted } from "../../src/cp/console-lines";
import { xlinkCheck } from "../../src/cp/layouts/devices";
import type { XlinkCommand } from "../../src/cp/parse/xlink";
import { coversCseArea, cseSpan } from "../../src/dasd/cse-area";
import { xlinkSystemCount } from "../../src/dasd/cse-flags";
import { isWriteAccess, type Access } from "../../src/dasd/link-rules";
import { geometryOf } from "../../src/dasd/volume-view";
import type { NodeState } from "./state";

/** XLINK FORMAT, CHECK, DISPLAY and RESET: the CSE area, as the XLINK utility and the operator see it. */
export async function xlink(s: NodeState, userid: string, c: XlinkCommand): Promise<CpAnswer> {
  const image = s.image()!;
  if (c.sub === "CHECK") {
    const v = s.volume(c.volid);
    if (!v || !v.info.xlink) return cpAnswer("HCPXXL9012E", { volid: c.volid });
    if (!(await s.volumeStub(c.volid).formatted())) return cpAnswer("HCPXXL9013E", { volid: c.volid });
    return okAnswer(xlinkCheck(c.volid));
  }
  if (c.sub === "RESET") {
    const slot = Object.entries(image.slotNames).find(([, name]) => name === c.sysname)?.[0];
    if (!slot) return cpAnswer("HCPXXL9014E", { sysname: c.sysname });
    // Clearing a running system's flags would let another system write over its links.
    const state = (await s.plexStub().systemStates())[c.sysname];
    if (state === "UP" || state === "IPLING") return cpAnswer("HCPXXL9017E", { sysname: c.sysname });
    const vols = image.volumes.filter((v) => v.xlink && (c.volid === "ALL" || v.volser === c.volid));
    const done = await Promise.all(vols.map((v) => s.volumeStub(v.volser).resetSlot(Number(slot))));
    return okAnswer([
      formatMessage("HCPXXL9015I", { sysname: c.sysname, count: done.filter(Boolean).length }),
    ]);
  }
  const d = s.sql<{
    volser: string | null;
    access: string | null;
    kind: string;
    start: number | null;
    end: number | null;
  }>`SELECT volser, access, kind, start, "end" FROM vdevs WHERE userid = ${userid} AND vdev = ${c.vdev} AND pending = 0`[0];
  if (!d || !d.volser) return cpAnswer("HCPQVD040E", { vdev: c.vdev });
  const v = s.volume(d.volser)!;
  if (c.sub === "FORMAT") {
    if (d.volser !== c.volid)
      return cpAnswer("HCPXXL9010E", { vdev: c.vdev, label: d.volser, volid: c.volid });
    if (!isWriteAccess(d.access as Access)) return cpAnswer("HCPXXL9011E", { vdev: c.vdev });
    // The real volume ATTACHed, a full-pack minidisk, or a minidisk over the CSE area's cylinders
    // (IBM's preferred way: it exposes nothing else); XLINK FORMAT writes the area through it.
    const g = geometryOf(v.info);
    const extent =
      d.kind === "ATTACHED" || d.start === null
        ? { start: 0, end: g.cylinders - 1 }
        : { start: d.start, end: d.end ?? d.start };
    if (!coversCseArea(extent, g)) {
      const area = cseSpan(g);
      return cpAnswer("HCPXXL9018E", { vdev: c.vdev, volid: c.volid, start: area.start, end: area.end });
    }
    // Links no volume ledger holds (those each system decided alone) are live links all the same:
    // formatting under them would leave them unprotected once the volume is under XLINK. The
    // formatter's own link (the minidisk it formats through) is the one allowed.
    const linkedHere =
      s.sql`SELECT 1 FROM vdevs WHERE volser = ${d.volser} AND kind = 'LINK' AND NOT (userid = ${userid} AND vdev = ${c.vdev})`
        .length > 0;
    if (linkedHere || (await s.plexStub().localLinks(d.volser, image.sysname)).length > 0)
      return cpAnswer("HCPXXL9016E", { volid: c.volid });
    const formatted = await s
      .volumeStub(d.volser)
      .format(userid, image.sysname, new Date().toISOString(), g, {
        // The header's SYSTEMS count follows the include list (CB-ISFSYSTB "# of sys for XLINK").
        systems: xlinkSystemCount(Object.keys(image.slotNames)),
        ...(d.kind === "LINK" ? { own: { userid, vdev: c.vdev } } : {}),
        ...(v.info.xlink && image.slot !== undefined ? { slot: image.slot } : {}),
      });
    if (!formatted) return cpAnswer("HCPXXL9016E", { volid: c.volid });
    return okAnswer([xlinkFormatted(c.volid, g.cseCylinder)]);
  }
  // DISPLAY
  if (c.cyl !== undefined && c.cyl >= v.info.cylinders) return cpAnswer("HCPCFC026E");
  const stub = s.volumeStub(d.volser);
  const vars = await stub.formattedVars();
  if (!vars) return cpAnswer("HCPXXL9013E", { volid: d.volser });
  const lines: string[] = [];
  // An excluded system still reads the include list: a volume in it is not "NOT IN INCLUDE LIST".
  if (!(v.info.included ?? v.info.xlink)) lines.push(formatMessage("HCPXXL2867I", { volid: d.volser }));
  lines.push(formatMessage("HCPXXL2876I", vars));
  lines.push(...((await stub.display(image.slotNames, { start: c.cyl, noHeader: c.noHeader })) ?? []));
  return okAnswer(lines);
}
