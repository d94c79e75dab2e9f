import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startWranglerDev, type DevServer } from "../../scripts/wrangler-dev";
import type { ServerControl } from "./chaos";
import { ADMIN } from "./http-plex";

const root = new URL("../../", import.meta.url).pathname;

/** A `wrangler dev` with its own state directory, which chaos may kill and start again on the same state. */
export class VerifyServer implements ServerControl {
  private server: DevServer | undefined;
  readonly persist = mkdtempSync(join(tmpdir(), "cseplex-verify-"));

  constructor(private port?: number) {}

  base(): string {
    return this.server!.base;
  }

  async start(): Promise<void> {
    const port = this.port ?? (await freePort());
    // Once more on another port if it does not come up: other servers on this machine may take it.
    this.server = await startWranglerDev(root, this.persist, ADMIN, port).catch(async () =>
      startWranglerDev(root, this.persist, ADMIN, await freePort()),
    );
    this.port = Number(new URL(this.server.base).port);
  }

  async kill(): Promise<void> {
    await this.server?.kill();
  }

  async restart(): Promise<void> {
    await this.start();
  }

  /** Stops the server and removes its state. */
  async stop(): Promise<void> {
    await this.server?.stop();
    rmSync(this.persist, { recursive: true, force: true });
  }
}
