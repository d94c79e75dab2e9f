import { describe, expect, it } from "vitest";
import { applyDirm } from "../../src/dirmaint/apply";
import { parseDirm } from "../../src/dirmaint/commands";
import { SourceText } from "../../src/dirmaint/source";
import { context, SOURCE } from "./dirmaint-fixture";

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Request shapes; each {slot} is filled at random, and now and then a word is dropped or garbled. */
const TEMPLATES = [
  "AMDISK {vdev} 3390 {num} {num} {vol} {mode}",
  "AMD {vdev} 3390 AUTOV {num} {vol}",
  "DMDISK {vdev}",
  "LINK {user} {vdev} {vdev} {mode}",
  "LINK {user} {vdev} {vdev} DELETE",
  "DLINK {vdev}",
  "SETPW NEWPW",
  "PW MINE",
  "CLASS {cls}",
  "REVIEW",
  "GET",
  "GET NOLOCK",
  "REPLACE",
  "UNLOCK",
  "PURGE",
  "USER WITHPASS",
  "DIRECT",
  "AUTHFOR {user} CMDL 140A CMDS {cls}",
  "DROPFOR {user}",
  "ADD {user}",
];
const SLOTS: Record<string, string[]> = {
  user: ["MAINT", "OPERATOR", "LINUX1", "IBMDFLT", "NOBODY", "ALL", "*"],
  vdev: ["0191", "192", "0100", "0190", "0292", "C", "FFFF", "G1"],
  num: ["1", "50", "2000", "3339", "0", "X"],
  vol: ["LNX301", "VM2CDS", "+VMRES", "VM1IPL", "TOOLONGV"],
  mode: ["MR", "RR", "W", "M", "ZZ"],
  cls: ["G", "ABCDEFG", "A", "H", "abc", "Z9"],
};
const GARBAGE = ["", "x!", "99999", "END", "FOR", "AT", "LTICVM2", "DELETE"];

describe("DIRM requests made of random words", () => {
  it("never throw; a refusal changes nothing; a change keeps every other entry byte for byte", () => {
    const next = random(12);
    const users = ["MAINT", "LINUX1", "OPERATOR"];
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const pick = (list: readonly string[]) => list[Math.floor(next() * list.length)];
      const body = pick(TEMPLATES).replace(/\{(\w+)\}/g, (_, slot: string) => pick(SLOTS[slot]));
      const prefix = next() < 0.8 ? `FOR ${pick(SLOTS.user)} ` : next() < 0.5 ? "AT LTICVM2 " : "";
      const words = (prefix + body).split(" ");
      if (next() < 0.15) words.splice(Math.floor(next() * words.length), 1, pick(GARBAGE));
      const text = words.join(" ");
      const requester = users[Math.floor(next() * users.length)];
      const parsed = parseDirm(text, requester);
      if (!parsed.ok) {
        expect(parsed.lines.length).toBeGreaterThan(0);
        continue;
      }
      const ctx = context(requester, {
        files: () => "USER LINUX1 X 1M 1M G\n",
        locks: { OPERATOR: "LINUX1" },
      });
      const r = applyDirm(parsed.command, ctx);
      if (!r.ok) {
        expect(Object.keys(r).sort(), text).toEqual(["lines", "ok", "rc"]);
        continue;
      }
      accepted++;
      if (r.source === undefined) continue;
      const before = new SourceText(SOURCE);
      const after = new SourceText(r.source);
      for (const e of before.entries()) {
        if (r.changed.includes(e.name)) continue;
        const same = after.find(e.name);
        expect(same && after.recordsOf(same), `${text}: ${e.name}`).toEqual(before.recordsOf(e));
      }
    }
    expect(accepted).toBeGreaterThan(200);
  });
});
