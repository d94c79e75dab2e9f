import { DISKS, OPEN_VOLUME, USERS, XLINK_VOLUME } from "./plex";

/** The verify plex over HTTP: the in-process plex's minidisks (plex.ts) on four systems SYS1-SYS4. */
export const HTTP_SYSTEMS = ["SYS1", "SYS2", "SYS3", "SYS4"];
export const ADMIN = "verify-admin-token";

/** The plex definition (SYSTEM CONFIG, directory, DASD) for POST /v1/plexes. */
export function plexDefinition(name: string) {
  const systems = HTTP_SYSTEMS;
  const systemConfig = {
    "SYSTEM CONFIG": [
      ...systems.map((s, i) => `System_Identifier 2964 %${String(i + 1).repeat(5)} ${s}`),
      `XLINK_System_Include Slot 1 ${systems.join(" ")}`,
      "XLINK_Volume_Include SHR*",
      "User_Volume_Include SHR* OPEN*",
      "Imbed -SYSTEM- CPOWNED",
      "",
    ].join("\n"),
    ...Object.fromEntries(systems.map((s) => [`${s} CPOWNED`, `CP_Owned Slot 1 &SYSRES\n`])),
  };
  const owners = [...new Set(DISKS.map((d) => d.owner))];
  const directory = [
    ...systems.map((s, i) => `DIRECTORY 0123 3390 RES${i + 1} *${String(i + 1).repeat(5)}-2964 ${s}`),
    "USER MAINT MAINTPW 128M 1G ABCDEFG",
    "USER OPERATOR OPERPW 32M 64M ABCDEFG",
    ...owners.flatMap((o) => [
      `USER ${o} ${o}PW 32M 64M G`,
      ...DISKS.filter((d) => d.owner === o).map(
        (d) =>
          `  MDISK ${d.vdev} 3390 ${d.start} ${d.end - d.start + 1} ${d.volser} MR ${[d.read, d.write, d.multi].filter(Boolean).join(" ")}`,
      ),
    ]),
    ...USERS.map((u) => `USER ${u} PW 32M 64M G`),
  ].join("\n");
  const dasd = [
    ...systems.map((s, i) => ({ volser: `RES${i + 1}`, devtype: "3390-9", rdev: `01${i}0`, ipl: [s] })),
    { volser: XLINK_VOLUME, devtype: "3390-9", rdev: "0300" },
    { volser: OPEN_VOLUME, devtype: "3390-9", rdev: "0301" },
  ];
  return { name, systemConfig, directory, dasd };
}

/** A CP answer. */
export interface CpAnswer {
  rc: number;
  lines: string[];
}

/** The volume view's parts the checks read. */
export interface View {
  links: {
    system: string;
    userid: string;
    vdev: string;
    owner: string;
    ownerVdev: string;
    start: number;
    end: number;
    mode: string;
    requested: string;
  }[];
  flags: { cylinder: number; end: number; system: string; mode: string }[];
}

/** A client of one plex on a running server; `base` may change when the server restarts. */
export class HttpPlex {
  constructor(
    public base: string,
    readonly token: string,
    readonly name: string,
  ) {}

  /** Makes a tenant (with room for bursts) and the plex, IPLs every system and formats SHR001. */
  static async create(base: string, name: string): Promise<HttpPlex> {
    const admin = async (method: string, path: string, body: unknown) => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify(body),
      });
      if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as Record<string, unknown>;
    };
    const tenant = await admin("POST", "/v1/tenants", { name });
    await admin("PATCH", `/v1/tenants/${name}`, { limits: { requestsPerSecond: 10_000, burst: 20_000 } });
    const p = new HttpPlex(base, tenant.token as string, name);
    await p.must("POST", "/v1/plexes", plexDefinition(name));
    for (const s of HTTP_SYSTEMS) await p.bringUp(s, s === HTTP_SYSTEMS[0]);
    return p;
  }

  /** A request; throws on a network error (the server died) or a 5xx. */
  async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (r.status >= 500) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return { status: r.status, body: json };
  }

  async must(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const r = await this.request(method, path, body);
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  sysPath(sys: string): string {
    return `/v1/plexes/${this.name}/systems/${sys}`;
  }

  /** A CP command; undefined when the API refused it (the system is not up, the user not logged on). */
  async cp(sys: string, user: string, command: string): Promise<CpAnswer | undefined> {
    const r = await this.request("POST", `${this.sysPath(sys)}/users/${user}/cp`, { command });
    return r.status === 200 ? (r.body as unknown as CpAnswer) : undefined;
  }

  async logon(sys: string, user: string, password: string): Promise<void> {
    await this.request("POST", `${this.sysPath(sys)}/users/${user}/logon`, { password });
  }

  /** IPL (unless up), MAINT's ATTACHes of SHR001 and OPEN01 to SYSTEM, the users logged on; `format` formats SHR001 first. */
  async bringUp(sys: string, format = false): Promise<void> {
    const ipl = await this.request("POST", `${this.sysPath(sys)}/ipl`, {});
    if (ipl.status !== 200 && ipl.status !== 409)
      throw new Error(`IPL ${sys}: ${ipl.status} ${JSON.stringify(ipl.body)}`);
    await this.logon(sys, "MAINT", "MAINTPW");
    const cmds = format
      ? ["ATTACH 0300 TO * AS 0300", `XLINK FORMAT 0300 ${XLINK_VOLUME}`, "DETACH 0300"]
      : [];
    for (const c of [...cmds, "ATTACH 0300 SYSTEM", "ATTACH 0301 SYSTEM"]) {
      const a = await this.cp(sys, "MAINT", c);
      if (!a || (a.rc !== 0 && !c.startsWith("ATTACH 030")))
        throw new Error(`${sys} MAINT ${c}: ${JSON.stringify(a)}`);
    }
    for (const u of USERS) await this.logon(sys, u, "PW");
  }

  async fail(sys: string): Promise<number> {
    return (await this.request("POST", `${this.sysPath(sys)}/fail`, {})).status;
  }

  async view(): Promise<View> {
    return (await this.must("GET", `/v1/plexes/${this.name}/volumes/${XLINK_VOLUME}`)) as unknown as View;
  }

  /** A system's state (UP, FAILED, ...) as the plex's topology shows it. */
  async state(sys: string): Promise<string> {
    const r = await this.request("GET", `/v1/plexes/${this.name}`);
    const systems = (r.body.systems ?? []) as { sysname: string; state: string }[];
    return systems.find((x) => x.sysname === sys)?.state ?? "";
  }
}

/** A seeded random source (mulberry32), so a run can be repeated. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
