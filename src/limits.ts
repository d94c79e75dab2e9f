import { z } from "zod";
import { refusal, type Refusal, type RefusalStatus } from "./refusal";

/**
 * A tenant's limits (issue #10): what one tenant may do and store. The defaults come from the
 * Worker's `DEFAULT_LIMITS` var (wrangler.toml), the admin overrides any subset per tenant
 * (`PATCH /v1/tenants/:name {limits}`), and no value may pass its ceiling below, which keeps every
 * object's storage inside Durable Object limits whatever an admin sets.
 */
export interface Limits {
  /** Requests per second a tenant's tokens may make, on average (token bucket). */
  requestsPerSecond: number;
  /** How many requests may come at once above that rate (the bucket's size). */
  burst: number;
  /** Plexes one tenant may hold. */
  plexes: number;
  /** Systems (System_Identifier) one plex may define. */
  systemsPerPlex: number;
  /** Users in one plex's source directory. */
  users: number;
  /** Volumes one plex may know (its DASD inventory and what its config and directory name). */
  volumes: number;
  /** Spool files one plex may hold (readers, printers, punches; open files count when closed). */
  spoolFiles: number;
  /** Bytes of record data in one plex's spool. */
  spoolBytes: number;
  /** SPXTAPE tapes one plex may hold. */
  tapes: number;
  /** Bytes of record data on one plex's tapes. */
  tapeBytes: number;
  /** Bytes of CMS files on one plex's minidisks. */
  fileBytes: number;
  /** Console lines kept per user; older lines are trimmed (paging with `after` keeps working). */
  consoleLines: number;
  /** Records one open (CONT) spool file may hold on a virtual punch or printer before CLOSE. */
  deviceRecords: number;
}

/** The names of the limits, in the order answers list them. */
export const LIMIT_NAMES = [
  "requestsPerSecond",
  "burst",
  "plexes",
  "systemsPerPlex",
  "users",
  "volumes",
  "spoolFiles",
  "spoolBytes",
  "tapes",
  "tapeBytes",
  "fileBytes",
  "consoleLines",
  "deviceRecords",
] as const satisfies readonly (keyof Limits)[];

/** A limit's name. */
export type LimitName = (typeof LIMIT_NAMES)[number];

const MiB = 1024 * 1024;

/**
 * The highest value each limit may take: past these one request would do more than it can in
 * under 2 s, or one table would grow without a useful purpose. They bound each table by a limit;
 * they do not make every combination small (a node's consoles hold up to consoleLines for each user
 * that has a console, so the ceilings of both together are far more than a sandbox needs).
 */
export const LIMIT_CEILINGS: Readonly<Limits> = {
  requestsPerSecond: 10_000,
  burst: 20_000,
  plexes: 1_000,
  systemsPerPlex: 64,
  users: 20_000,
  volumes: 2_000,
  spoolFiles: 100_000,
  spoolBytes: 1024 * MiB,
  tapes: 1_000,
  tapeBytes: 1024 * MiB,
  fileBytes: 1024 * MiB,
  consoleLines: 100_000,
  deviceRecords: 100_000,
};

/** The limits a deployment starts with when wrangler.toml's DEFAULT_LIMITS says nothing. */
export const BUILT_IN_LIMITS: Readonly<Limits> = {
  requestsPerSecond: 50,
  burst: 100,
  plexes: 20,
  systemsPerPlex: 16,
  users: 5_000,
  volumes: 500,
  spoolFiles: 10_000,
  spoolBytes: 64 * MiB,
  tapes: 50,
  tapeBytes: 128 * MiB,
  fileBytes: 16 * MiB,
  consoleLines: 5_000,
  deviceRecords: 100_000,
};

/** Any subset of the limits, each a whole number from 1 to its ceiling: what PATCH and wrangler.toml give. */
export const limitsPatchSchema = z
  .object(
    Object.fromEntries(
      LIMIT_NAMES.map((name) => [name, z.number().int().min(1).max(LIMIT_CEILINGS[name]).optional()]),
    ) as { [K in LimitName]: z.ZodOptional<z.ZodNumber> },
  )
  .strict();

/** A subset of the limits (what a tenant overrides, or a deployment's defaults). */
export type LimitsPatch = Partial<Limits>;

/** The last DEFAULT_LIMITS read and what it gave: the var is the same object for an isolate's life. */
let lastDefaults: { vars: unknown; limits: Limits } | undefined;

/**
 * The deployment's defaults: BUILT_IN_LIMITS with wrangler.toml's DEFAULT_LIMITS over them. A
 * DEFAULT_LIMITS that does not validate is a deployment error: it throws, naming the bad value.
 */
export function deploymentLimits(vars: unknown): Limits {
  if (lastDefaults && lastDefaults.vars === vars) return lastDefaults.limits;
  let limits: Limits;
  if (vars === undefined || vars === null || vars === "") limits = { ...BUILT_IN_LIMITS };
  else {
    const parsed = limitsPatchSchema.safeParse(typeof vars === "string" ? JSON.parse(vars) : vars);
    if (!parsed.success)
      throw new Error(`DEFAULT_LIMITS in wrangler.toml is not valid: ${parsed.error.issues[0].message}`);
    limits = { ...BUILT_IN_LIMITS, ...parsed.data };
  }
  lastDefaults = { vars, limits };
  return limits;
}

/** A tenant's limits: its overrides over the deployment's defaults. */
export function withOverrides(defaults: Limits, overrides: LimitsPatch | undefined): Limits {
  return { ...defaults, ...(overrides ?? {}) };
}

/**
 * The admin's overrides as an object stores them (a Plex's or VmNode's `limits` column, JSON):
 * each value is kept if it is a limit's name with a valid value and dropped alone if not, so one
 * bad value never takes the others with it.
 */
export function storedOverrides(json: string | null | undefined): LimitsPatch {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof value !== "object" || value === null) return {};
  const out: LimitsPatch = {};
  for (const name of LIMIT_NAMES) {
    const v = (value as Record<string, unknown>)[name];
    if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= LIMIT_CEILINGS[name]) out[name] = v;
  }
  return out;
}

/**
 * The limits an object enforces: the overrides it stores over the deployment's defaults as they
 * are now (so a changed DEFAULT_LIMITS reaches every plex at once, and an override stays one).
 */
export function storedLimits(json: string | null | undefined, defaults: Limits = BUILT_IN_LIMITS): Limits {
  return withOverrides(defaults, storedOverrides(json));
}

/**
 * The refusal of a request that would take `limit` past `max` (`used` is what is held now): 429
 * for counts and rates, 413 for sizes, with the envelope's `details: {limit, used, max}`.
 */
export function quotaExceeded(limit: LimitName, used: number, max: number, what?: string): Refusal {
  const status: RefusalStatus = /Bytes$/.test(limit) || limit === "deviceRecords" ? 413 : 429;
  return refusal(
    status,
    "QUOTA_EXCEEDED",
    what ?? `This would take ${limit} past its limit: ${used} used, at most ${max}`,
    { limit, used, max },
  );
}

/** A limit's use beside its maximum, as GET /v1/usage lists it. */
export interface Use {
  used: number;
  max: number;
}
