import { expect } from "vitest";
import { call, newTenant } from "./helpers";
import { smallPlex } from "./plex-helpers";

/** The small plex with SYSA and SYSB sharing spool, SYSC not; U49's output and U48's reader are not shared. */
export async function spoolPlex(name: string) {
  const T = await newTenant();
  const base = smallPlex(name);
  const cfg =
    base.systemConfig["SYSTEM CONFIG"] +
    "XSPOOL_SYSTEM Slot 1 SYSA SYSB Share_Spool YES\nXSPOOL_SYSTEM Slot 3 SYSC Share_Spool NO\n" +
    "XSPOOL_XLIST_OUTPUT U49\nXSPOOL_XLIST_INPUT U48\n";
  expect(
    (
      await call("/v1/plexes", {
        token: T,
        body: { ...base, systemConfig: { ...base.systemConfig, "SYSTEM CONFIG": cfg } },
      })
    ).status,
  ).toBe(201);
  const B = `/v1/plexes/${name}/systems`;
  for (const s of ["SYSA", "SYSB", "SYSC"])
    expect((await call(`${B}/${s}/ipl`, { token: T, body: {} })).status).toBe(200);
  const post = async (path: string, body: unknown) => {
    const r = await call(`${B}${path}`, { token: T, body });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const cp = async (s: string, u: string, command: string) =>
    (await post(`/${s}/users/${u}/cp`, { command })).body as { rc: number; lines: string[] };
  const logon = async (s: string, u: string) =>
    expect((await post(`/${s}/users/${u}/logon`, { password: "PW" })).body.rc).toBe(0);
  const consoleOf = async (s: string, u: string) =>
    (
      (await (await call(`${B}/${s}/users/${u}/console`, { token: T })).json()) as {
        lines: { text: string }[];
      }
    ).lines.map((l) => l.text);
  const get = async (path: string) => {
    const r = await call(`${B}${path}`, { token: T });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  return { T, B, post, get, cp, logon, consoleOf };
}

/** One file of an SPXTAPE tape document (PUT .../tapes/:volser): spool id `i`, `data` the base64 of packed records. */
export function tapeFile(i: number, data: string, extra: Record<string, unknown> = {}) {
  return {
    spoolid: String(i).padStart(4, "0"),
    origin: "SYSA",
    from: "U01",
    owner: "U01",
    queue: "RDR",
    made: "PUN",
    cls: "A",
    name: "",
    type: "",
    dist: "",
    copies: 1,
    hold: "NONE",
    keep: false,
    created: "2026-01-01T00:00:00.000Z",
    data,
    ...extra,
  };
}
