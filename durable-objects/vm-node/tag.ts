import { type CpAnswer, cpAnswer, okAnswer } from "../../src/catalog/answer";
import type { TagCommand } from "../../src/cp/parse/tag";
import { deviceTag, fileTag } from "../../src/cp/layouts/tag";
import type { NodeState } from "./state";
import { SpoolSettings } from "./spool-settings";

/**
 * CP TAG for a user of this system (docs/rscs.md): a device's tag is kept with its SPOOL settings
 * and goes with every file the device closes; a file's tag is the Plex's, beside the spool file.
 * RSCS reads the tag of a file in its reader as `node userid`.
 */
export async function tag(s: NodeState, userid: string, c: TagCommand): Promise<CpAnswer> {
  switch (c.what) {
    case "DEV": {
      const store = new SpoolSettings(s.sql);
      const all = store.get(userid);
      all[c.dev.device] = { ...all[c.dev.device], tag: c.text };
      store.save(userid, all);
      return okAnswer();
    }
    case "QUERY_DEV":
      return okAnswer(
        deviceTag(c.dev.device, c.dev.vdev, new SpoolSettings(s.sql).get(userid)[c.dev.device].tag),
      );
    case "FILE":
    case "QUERY_FILE": {
      const set = c.what === "FILE" ? { tag: c.text } : undefined;
      const found = await s.plexStub().spoolTag(s.sysname, userid, c.spoolid, set);
      if (!found) return cpAnswer("HCPTAG042E", { userid, spoolid: c.spoolid });
      return c.what === "FILE" ? okAnswer() : okAnswer(fileTag(found.tag));
    }
  }
}
