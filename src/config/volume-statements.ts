import { CSE_LIMITS } from "./limits";
import { Operands, type Handler } from "./operands";

/** The statements that place CP's data and name the volumes: System_Residence, CP_Owned, User_Volume_*. */
export const VOLUME_HANDLERS: Record<string, Handler> = {
  SYSTEM_RESIDENCE(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    if (o.done) return o.error("needs Checkpoint and Warmstart areas");
    while (!o.done) {
      const which = o.peek()!;
      let area: "checkpoint" | "warmstart";
      if (o.accept("CHECKPOINT", 4)) area = "checkpoint";
      else if (o.accept("WARMSTART", 4)) area = "warmstart";
      else return o.error(`expected Checkpoint or Warmstart, found ${which.text}`, which);
      if (!o.accept("VOLID", 3)) return o.error(`${area}: expected Volid`);
      const volid = o.name("Volume label", 6);
      if (!volid) return;
      // FROM CYLinder n on CKD volumes; FROM PAGE n on FBA volumes and EDEVICEs, which CP counts in
      // 4K pages (z/VM CP Planning and Administration, "SYSTEM_RESIDENCE Statement").
      if (!o.accept("FROM", 4)) return o.error(`${area}: expected From Cylinder or From Page`);
      let unit: "cylinder" | "page";
      if (o.accept("CYLINDER", 3)) unit = "cylinder";
      else if (o.accept("PAGE", 4)) unit = "page";
      else return o.error(`${area}: expected Cylinder or Page after From`);
      const cylinder =
        unit === "cylinder" ? o.number("Cylinder", 0, 65519) : o.number("Page", 0, 2 ** 31 - 1);
      if (cylinder === undefined) return;
      if (!o.accept("FOR", 3)) return o.error(`${area}: expected For`);
      const count =
        unit === "cylinder" ? o.number("Cylinder count", 1, 65520) : o.number("Page count", 1, 2 ** 31 - 1);
      if (count === undefined) return;
      model[area] = {
        file: stmt.file,
        line: which.line,
        column: which.column,
        qualifier: stmt.qualifier,
        volid,
        cylinder,
        count,
        unit,
      };
    }
  },
  CP_OWNED(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    if (!o.accept("SLOT", 4)) return o.error("expected Slot");
    const slot = o.number("Slot", 1, CSE_LIMITS.cpOwnedSlots);
    if (slot === undefined) return;
    const at = o.peek();
    const volid = o.name("Volume label", 8);
    if (!volid) return;
    // &SYSRES (the IPL volume) and RESERVED (a held slot) are the two longer words CP takes here.
    if (volid.length > 6 && volid !== "&SYSRES" && volid !== "RESERVED")
      return o.error(`volume label ${volid} is longer than 6 characters`, at);
    let ownership: "OWN" | "SHARED" | undefined;
    while (!o.done) {
      const w = o.next()!;
      const t = w.text.toUpperCase();
      if (t === "OWN") ownership = "OWN";
      else if (t === "SHARED") ownership = "SHARED";
      else if (t === "NOOWN" || t === "DEFAULT" || t === "NONSHARED") continue;
      else return o.error(`unexpected operand ${w.text}`, w);
    }
    model.cpOwned.push({
      file: stmt.file,
      line: stmt.line,
      column: stmt.column,
      qualifier: stmt.qualifier,
      slot,
      volid,
      ownership,
    });
  },
  USER_VOLUME_LIST(stmt, model, diagnostics) {
    const o = new Operands(stmt, diagnostics);
    while (!o.done) {
      const name = o.name("Volume label", 6);
      if (!name) return;
      model.userVolumes.push({
        file: stmt.file,
        line: stmt.line,
        column: stmt.column,
        qualifier: stmt.qualifier,
        name,
      });
    }
  },
  USER_VOLUME_INCLUDE(stmt, model) {
    for (const name of stmt.operands)
      model.userVolumePatterns.push({
        file: stmt.file,
        line: stmt.line,
        column: stmt.column,
        qualifier: stmt.qualifier,
        name: name.toUpperCase(),
      });
  },
};
