import type { Access } from "../../src/dasd/link-rules";
import type { Network } from "./in-process";
import { REAL, type Sut, type VolumeSut } from "./sut";

/**
 * Planted bugs: the real system under test with one function wrapped by a faulty one. The checks
 * must report each (test/unit/verify-mutants.test.ts); nothing here is in product code.
 */
export const MUTANTS: Record<string, { about: string; sut: Sut; network?: Network }> = {
  "ignores-other-flags": {
    about: "a volume that ignores another system's flags when it decides a LINK",
    sut: wrapVolume((v) => ({
      ...v,
      link(req) {
        const area = v.area();
        if (!area || req.slot === undefined) return v.link(req);
        // The other slots' flags are hidden while the real code decides, then put back.
        const saved = area
          .usedSlots()
          .filter((s) => s !== req.slot)
          .map((s) => [s, area.runs(s)] as const);
        for (const [s] of saved) area.clearSlot(s);
        try {
          return v.link(req);
        } finally {
          for (const [s, runs] of saved) for (const r of runs) area.setRange(s, r.start, r.end, r.access);
          v.saveArea();
        }
      },
    })),
  },
  "detach-wrong-generation": {
    about: "a DETACH that clears whatever generation holds the device, not the one it names",
    sut: wrapVolume((v) => ({
      ...v,
      detach: (system, slot, userid, vdev) => v.detach(system, slot, userid, vdev, undefined),
    })),
  },
  "recompute-skips-failed-slot": {
    about: "a flag recompute (after a DETACH) that skips the slots of failed systems, leaving them empty",
    sut: wrapVolume((v, world) => ({
      ...v,
      detach(system, slot, userid, vdev, generation) {
        const out = v.detach(system, slot, userid, vdev, generation);
        const area = v.area();
        if (area)
          for (const s of area.usedSlots()) {
            const owner = world.systemOf(s);
            if (owner && !world.running(owner)) area.clearSlot(s);
          }
        v.saveArea();
        return out;
      },
    })),
  },
  "no-ipl-fence": {
    about: "a volume without the IPL fence: the incarnation a LINK carries is dropped before the decision",
    // Without reordering a LINK from before an IPL always reaches the volume before the IPL's reset.
    network: "reorder",
    sut: wrapVolume((v) => ({
      ...v,
      link: ({ ipl: _dropped, ...req }) => v.link(req),
    })),
  },
  "no-life-fence": {
    about:
      "a LINK without its node object's life: a volume its new life repaired cannot refuse a former life's",
    // Only a call that outlives its node object's restart reaches the volume after the new life's repair.
    network: "outlive",
    sut: wrapVolume((v) => ({
      ...v,
      link: ({ life: _dropped, ...req }) => v.link(req),
    })),
  },
  "repair-skips-life": {
    about:
      "a crash repair that does not record its life (no repairedBy): a former life's late LINK is granted",
    network: "outlive",
    sut: wrapVolume((v) => ({
      ...v,
      repair: (system, slot, links, ipl) => v.repair(system, slot, links, ipl),
    })),
  },
  "table-mw-beside-sr": {
    about: "a decision table cell changed in link-rules.ts: MW granted beside a stable reader (SR)",
    sut: {
      ...REAL,
      volume: (config, world) => {
        const v = REAL.volume(config, world);
        return {
          ...v,
          link(req) {
            const area = v.area();
            // Where the real table refuses MW for an SR flag, this one grants it: the flags are
            // read as R for the decision.
            if (!area || req.mode !== "MW" || req.slot === undefined) return v.link(req);
            const saved: [number, { start: number; end: number; access: Access }[]][] = area
              .usedSlots()
              .filter((s) => s !== req.slot)
              .map((s) => [s, area.runs(s)]);
            for (const [s, runs] of saved)
              for (const r of runs) if (r.access === "SR") area.setRange(s, r.start, r.end, "R");
            try {
              return v.link(req);
            } finally {
              for (const [s, runs] of saved) for (const r of runs) area.setRange(s, r.start, r.end, r.access);
              v.saveArea();
            }
          },
        };
      },
    },
  },
};

function wrapVolume(wrap: (v: VolumeSut, world: Parameters<Sut["volume"]>[1]) => VolumeSut): Sut {
  return { ...REAL, volume: (config, world) => wrap(REAL.volume(config, world), world) };
}
