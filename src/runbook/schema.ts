import { z } from "zod";

/**
 * The runbook format (docs/runbooks.md): a name, the plex it needs, variables, and steps, each one
 * action with optional expectations. Checked with zod after the YAML is read and its variables are
 * filled in; src/runbook/parse.ts turns zod's paths into the lines they came from.
 */

/** Most steps a runbook may have, and the run's time bounds (src/runbook/runner.ts). */
export const MAX_STEPS = 200;
export const DEFAULT_RUN_MS = 120_000;
export const MAX_RUN_MS = 300_000;
/** A `wait` step's bound: by default, and at most. */
export const DEFAULT_WAIT_MS = 10_000;
export const MAX_WAIT_MS = 60_000;

const name8 = z.string().regex(/^[A-Za-z0-9@#$_-]{1,8}$/, "1-8 characters: letters, digits, @ # $ _ -");
const system = name8;
const user = name8;

/** A text written in the runbook, or a file beside it (`{file: path}`, relative to the runbook). */
export const textSchema = z.union([z.string(), z.strictObject({ file: z.string().min(1) })]);
/** A JSON value written in the runbook, or a JSON file beside it. */
const jsonSchema = z.union([z.strictObject({ file: z.string().min(1) }), z.array(z.unknown())]);

/** One text replacement: in a config file (by its CMS name) or `directory`; a `from` that matches nothing is an error. */
const replaceSchema = z.strictObject({
  in: z.string().min(1).optional(),
  from: z.string().min(1),
  to: textSchema,
  regex: z.boolean().optional(),
});

/** Changes to a plex document: files set, and texts replaced. */
const editShape = {
  /** Start from this plex document (examples/ltic or a plex JSON file) instead of the runbook's plex. */
  from: z.string().min(1).optional(),
  set: z
    .strictObject({
      systemConfig: z.record(z.string(), textSchema).optional(),
      directory: textSchema.optional(),
      dasd: jsonSchema.optional(),
      ctcs: jsonSchema.optional(),
      /** Volumes of the DASD inventory changed by volser (their other fields kept), or added. */
      volumes: z.array(z.looseObject({ volser: z.string().min(1) })).optional(),
    })
    .optional(),
  replace: z.array(replaceSchema).optional(),
};
export const editSchema = z.strictObject(editShape);

/** The plex a runbook needs: `examples/ltic`, a plex JSON file, or one written inline; each may be edited. */
export const plexSourceSchema = z.union([
  z.string().min(1),
  z.strictObject({ file: z.string().min(1), set: editShape.set, replace: editShape.replace }),
  z.strictObject({
    inline: z.record(z.string(), z.unknown()),
    set: editShape.set,
    replace: editShape.replace,
  }),
]);

/** A regular expression's source, checked when the runbook is read (not when its step runs). */
const regexSchema = z.string().refine((r) => {
  try {
    new RegExp(r);
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");
const oneOrMany = z.union([z.string(), z.array(z.string()).min(1)]);
const regexes = z.union([regexSchema, z.array(regexSchema).min(1)]);

/** What a step's answer and the plex after it must show. */
export const expectSchema = z.strictObject({
  rc: z.number().int().optional(),
  status: z.number().int().min(100).max(599).optional(),
  error: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
  state: z.enum(["UP", "DOWN", "FAILED"]).optional(),
  lines: z.array(z.string()).optional(),
  contains: oneOrMany.optional(),
  notContains: oneOrMany.optional(),
  matches: regexes.optional(),
  notMatches: regexes.optional(),
  volume: z
    .strictObject({
      volser: z.string().min(1),
      formatted: z.boolean().optional(),
      flags: z.array(z.record(z.string(), z.union([z.string(), z.number()]))).optional(),
      noFlags: z.union([z.literal(true), z.array(system).min(1)]).optional(),
      reserve: z.union([z.null(), z.record(z.string(), z.union([z.string(), z.number()]))]).optional(),
    })
    .optional(),
  reader: z
    .strictObject({
      system,
      user,
      count: z.number().int().nonnegative().optional(),
      spoolid: z
        .string()
        .regex(/^[0-9]{1,4}$/)
        .optional(),
      records: z.array(z.string()).optional(),
    })
    .optional(),
  network: z
    .strictObject({
      paths: z.array(z.strictObject({ a: system, b: system, state: z.enum(["UP", "DOWN"]) })).min(1),
    })
    .optional(),
  directory: z.record(z.string(), z.union([z.number().int(), z.string()])).optional(),
});

const onSystem = z.union([system, z.strictObject({ system })]);
const asUser = { system, user };

/** The actions a step may take, each by its key (one per step). */
export const actionSchemas = {
  ipl: z.union([
    system,
    z.strictObject({ system, clean: z.boolean().optional(), volume: z.string().min(1).optional() }),
  ]),
  shutdown: onSystem,
  fail: onSystem,
  logon: z.strictObject({ ...asUser, password: z.string().min(1) }),
  logoff: z.strictObject(asUser),
  cp: z.strictObject({ ...asUser, command: z.string().min(1) }),
  cms: z.strictObject({ ...asUser, command: z.string().min(1) }),
  punch: z.strictObject({
    ...asUser,
    records: z.array(z.string()).min(1),
    name: z.string().optional(),
    type: z.string().optional(),
  }),
  tape: z.strictObject({ ...asUser, vdev: z.string().min(1), volser: z.string().min(1) }),
  device: z.strictObject({
    ...asUser,
    vdev: z.string().min(1),
    op: z.enum(["reserve", "release", "write", "read", "copy"]),
    records: z.array(z.strictObject({ n: z.number().int().nonnegative(), data: z.string() })).optional(),
    wait: z.boolean().optional(),
    to: z.string().min(1).optional(),
  }),
  "put config": editSchema,
  "put directory": editSchema,
  "put files": z.strictObject({ files: z.record(z.string(), z.record(z.string(), textSchema)) }),
  wait: z
    .strictObject({
      ...asUser,
      for: z.string().min(1),
      regex: z.boolean().optional(),
      timeoutMs: z.number().int().min(1).max(MAX_WAIT_MS).optional(),
    })
    .refine((w) => !w.regex || regexSchema.safeParse(w.for).success, {
      message: "not a valid regular expression",
      path: ["for"],
    }),
  check: z.string(),
} as const;

export type ActionKind = keyof typeof actionSchemas;
export const ACTIONS = Object.keys(actionSchemas) as ActionKind[];

/** A step as checked: its one action, its expectations, and the line it starts on. */
export type Step = {
  [K in ActionKind]: {
    kind: K;
    args: z.output<(typeof actionSchemas)[K]>;
    name?: string;
    expect?: z.output<typeof expectSchema>;
    line: number;
  };
}[ActionKind];

export type Expect = z.output<typeof expectSchema>;
export type Edit = z.output<typeof editSchema>;
export type Text = z.output<typeof textSchema>;
export type PlexSource = z.output<typeof plexSourceSchema>;

/** The runbook's top level. */
export const runbookSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  plex: plexSourceSchema.optional(),
  vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.union([z.string(), z.number()])).optional(),
  timeoutMs: z.number().int().min(1000).max(MAX_RUN_MS).optional(),
  steps: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_STEPS),
});

/** A runbook as checked. */
export interface Runbook {
  name: string;
  description?: string;
  plex?: PlexSource;
  /** The line of `plex:` (for what its files lack). */
  plexLine: number;
  timeoutMs: number;
  steps: Step[];
}
