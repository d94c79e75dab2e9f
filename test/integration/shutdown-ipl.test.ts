import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { formatShared, setUp } from "./plex-helpers";

/**
 * An IPL sent while a SHUTDOWN is logging users off and resetting volumes waits for it: it is
 * refused until SHUTDOWN has answered (otherwise SHUTDOWN's last steps would reset, and fence out,
 * the new incarnation's links).
 */
describe("SHUTDOWN and IPL", () => {
  it("an IPL during a SHUTDOWN is refused; after it, the IPL works", async () => {
    const api = await setUp("shutipl", ["SYSA", "SYSB"]);
    await formatShared(api, ["SYSA", "SYSB"]);
    // Users with links on the XLINK volume: SHUTDOWN has several volume calls to wait for.
    for (const u of ["U01", "U02", "U03"]) {
      await api.logon("SYSA", u, "PW");
      expect((await api.cp("SYSA", u, "LINK OWNER2 0200 0300 RR")).rc).toBe(0);
    }
    const sys = `${api.base}/systems/SYSA`;
    const shutdown = call(`${sys}/shutdown`, { token: api.token, body: {} });
    const ipl = await call(`${sys}/ipl`, { token: api.token, body: {} });
    expect((await shutdown).status).toBe(200);
    expect(ipl.status).toBe(409);
    expect(((await ipl.json()) as { error: { message: string } }).error.message).toMatch(/being shut down/);
    expect((await api.ipl("SYSA")).status).toBe(200);
    await api.logon("SYSA", "U01", "PW");
    expect((await api.cp("SYSA", "U01", "LINK OWNER2 0200 0300 RR")).rc).toBe(0);
  });
});
