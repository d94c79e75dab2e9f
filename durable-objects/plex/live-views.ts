import type { LedgerLink } from "../../src/dasd/ledger";
import type { VolumeView } from "../../src/dasd/volume-view";
import { volumeGeometries } from "../../src/plex/geometry";
import { objectName } from "../../src/plex/names";
import { slotNames } from "../../src/plex/topology";
import { pvmNetwork } from "../../src/pvm/network";
import type { Network } from "../../src/pvm/types";
import type { PlexInputs } from "./inputs";
import { localLinksOn, pvmStates, rscsStates } from "./node-questions";
import { rscsNetwork } from "../../src/rscs/network";
import type { RscsNetworkLink } from "../../src/rscs/types";
import type { PlexSystems } from "./systems";

/**
 * What the plex answers only by asking its other objects at the time: the CSE network (each
 * node's PVM) and a volume's view (its Volume object, and the UP nodes for the links they hold alone).
 */
export class LiveViews {
  constructor(
    private readonly env: Env,
    private readonly inputs: PlexInputs,
    private readonly systems: PlexSystems,
  ) {}

  /**
   * The CSE network: every CTC, PVM line and CSE path with its state and why it is down, and every
   * RSCS link (#12) with its status (active, connect, inactive) and why it is not active.
   */
  async network(): Promise<(Network & { rscs: RscsNetworkLink[] }) | null> {
    const p = this.inputs.linted();
    if (!p) return null;
    const of = { tenant: p.tenant, plex: p.name, systems: p.view.systems };
    const [states, rscs] = await Promise.all([pvmStates(this.env, of), rscsStates(this.env, of)]);
    const network = pvmNetwork(p.view.systems, p.view.ctcs, states);
    // Who holds a CTC's end: PVM's user, else RSCS's (each has its own cable in LTIC).
    const rscsHolder = new Map(
      rscs.flatMap((r) =>
        r.running ? r.attached.map((a) => [`${r.system} ${a.rdev}`, r.userid ?? "RSCS"]) : [],
      ),
    );
    for (const c of network.ctcs) {
      const a = rscsHolder.get(`${c.a.system} ${c.a.rdev}`);
      const b = rscsHolder.get(`${c.b.system} ${c.b.rdev}`);
      if (a && !c.aUser) c.aUser = a;
      if (b && !c.bUser) c.bUser = b;
    }
    return { ...network, rscs: rscsNetwork(p.view.systems, p.view.ctcs, rscs) };
  }

  /** A volume of the plex as the API shows it (its Volume object's view with slots named), or null. */
  async volumeView(volser: string): Promise<VolumeView | null> {
    const p = this.inputs.linted();
    const g = p && volumeGeometries(p.view).get(volser);
    if (!p || !g) return null;
    const version = this.inputs.versions()?.inputs ?? 0;
    const local = await this.localLinks(volser);
    return this.env.VOLUME.getByName(objectName(p.tenant, p.name, volser)).view(
      slotNames(p.view),
      { ...g, version },
      local,
    );
  }

  /**
   * The links UP systems (but `except`) decided alone on a volume no XLINK covers there: each
   * system's node knows its own, not the volume (docs/decisions.md).
   */
  async localLinks(volser: string, except?: string): Promise<LedgerLink[]> {
    const p = this.inputs.linted();
    if (!p) return [];
    return localLinksOn(
      this.env,
      { tenant: p.tenant, plex: p.name, systems: this.systems.up(except) },
      volser,
    );
  }
}
