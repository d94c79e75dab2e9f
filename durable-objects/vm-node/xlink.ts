import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import { formatMessage } from "../../src/catalog/messages";
import { xlinkFormatted } from "../../src/cp/console-lines";
import { xlinkCheck } from "../../src/cp/layouts/devices";
import type { XlinkCommand } from "../../src/cp/parse/xlink";
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
  const d = s.sql<{ volser: string | null; access: string | null }>`
    SELECT volser, access FROM vdevs WHERE userid = ${userid} AND vdev = ${c.vdev} AND pending = 0`[0];
  if (!d || !d.volser) return cpAnswer("HCPQVD040E", { vdev: c.vdev });
  const v = s.volume(d.volser)!;
  if (c.sub === "FORMAT") {
    if (d.volser !== c.volid)
      return cpAnswer("HCPXXL9010E", { vdev: c.vdev, label: d.volser, volid: c.volid });
    if (!isWriteAccess(d.access as Access)) return cpAnswer("HCPXXL9011E", { vdev: c.vdev });
    // Links no volume ledger holds (those each system decided alone) are live links all the same:
    // formatting under them would leave them unprotected once the volume is under XLINK.
    const linkedHere = s.sql`SELECT 1 FROM vdevs WHERE volser = ${d.volser} AND kind = 'LINK'`.length > 0;
    if (linkedHere || (await s.plexStub().localLinks(d.volser, image.sysname)).length > 0)
      return cpAnswer("HCPXXL9016E", { volid: c.volid });
    if (
      !(await s
        .volumeStub(d.volser)
        .format(userid, image.sysname, new Date().toISOString(), geometryOf(v.info)))
    )
      return cpAnswer("HCPXXL9016E", { volid: c.volid });
    return okAnswer([xlinkFormatted(c.volid, v.info.cseCylinder)]);
  }
  // DISPLAY
  if (c.cyl !== undefined && c.cyl >= v.info.cylinders) return cpAnswer("HCPCFC026E");
  const stub = s.volumeStub(d.volser);
  const vars = await stub.formattedVars();
  if (!vars) return cpAnswer("HCPXXL9013E", { volid: d.volser });
  const lines: string[] = [];
  if (!v.info.xlink) lines.push(formatMessage("HCPXXL2867I", { volid: d.volser }));
  lines.push(formatMessage("HCPXXL2876I", vars));
  lines.push(...((await stub.display(image.slotNames, { start: c.cyl, noHeader: c.noHeader })) ?? []));
  return okAnswer(lines);
}
