import {
  type NodePicture,
  type Picture,
  type PictureSpoolFile,
  uniqueSpool,
} from "../../src/console/picture";
import type { VolumeView } from "../../src/dasd/volume-view";
import { objectName } from "../../src/plex/names";
import { slotNames } from "../../src/plex/topology";
import type { SpoolFile } from "../../src/spool/spool";
import { mapInBatches, OBJECT_CALLS_AT_ONCE } from "../batches";
import type { PlexInputs } from "./inputs";
import type { LiveViews } from "./live-views";
import type { PlexSpool } from "./spool";
import type { PlexSystems } from "./systems";

const spoolEntry = (f: SpoolFile): PictureSpoolFile => ({
  spoolid: f.spoolid,
  owner: f.owner,
  queue: f.queue,
  from: f.from,
  origin: f.origin,
  name: f.name,
  type: f.type,
  cls: f.cls,
  nrecs: f.nrecs,
  shared: f.shared,
  hold: String(f.hold),
});

/**
 * The web console's picture of the plex (src/console/picture.ts), gathered when a page asks: the
 * topology, each node's users, volumes and links, the XLINK volumes' views, the spool and the CSE
 * network. Nothing here runs on a command's path.
 */
export async function plexPicture(
  env: Env,
  inputs: PlexInputs,
  systems: PlexSystems,
  views: LiveViews,
  spool: PlexSpool,
): Promise<Picture | null> {
  const p = inputs.linted();
  const topology = systems.topology();
  if (!p || !topology) return null;
  const answers: (NodePicture | undefined)[] = await mapInBatches(p.view.systems, OBJECT_CALLS_AT_ONCE, (s) =>
    env.VMNODE.getByName(objectName(p.tenant, p.name, s)).picture(),
  );
  const nodes = answers.filter((n): n is NodePicture => n !== undefined);
  const xlink = topology.volumes.filter((v) => v.xlink).map((v) => v.volser);
  const xlinkVolumes = (await mapInBatches(xlink, OBJECT_CALLS_AT_ONCE, (v) => views.volumeView(v))).filter(
    (v): v is VolumeView => v !== null,
  );
  const spoolFiles = uniqueSpool(p.view.systems.map((s) => spool.list(s, {}).map(spoolEntry)));
  return {
    topology,
    nodes,
    xlinkVolumes,
    slots: slotNames(p.view),
    spool: spoolFiles,
    network: await views.network(),
  };
}
