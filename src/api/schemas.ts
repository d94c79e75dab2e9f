import { z } from "zod";
import { normalPrograms, programEntryProblem } from "../cms/programs";
import { MAX_FILE_BYTES, MAX_FILE_RECORDS, isBase64 } from "../spool/records";
import { TAPE_FORMAT } from "../spool/spxtape";
import { deviceNumber, isPrintable, SPOOL_CLASS, SPOOL_NAME, SYSNAME, USERID, VOLSER } from "../text/names";
import { TENANT_NAME } from "./auth";
import { PLEX_NAME } from "./params";

/** SYSTEM CONFIG as text, or CMS file name → text when it IMBEDs other files. */
export const systemConfigSchema = z.union([
  z.string(),
  z.record(z.string().min(1).max(17), z.string()).refine((files) => Object.keys(files).length > 0, {
    message: "needs at least the file SYSTEM CONFIG",
  }),
]);

const allocationSchema = z.object({
  type: z.enum(["PERM", "DRCT", "PAGE", "SPOL", "TDSK"]),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});

/** One DASD inventory entry (DESIGN.md §3); semantic checks are lint's. */
export const dasdEntrySchema = z.object({
  volser: z.string().min(1).max(6),
  devtype: z.string().min(1).max(16).optional(),
  cylinders: z.number().int().positive().optional(),
  rdev: z.string().min(1).max(4).optional(),
  allocation: z.array(allocationSchema).max(1000).optional(),
  ipl: z.array(z.string().min(1).max(8)).max(64).optional(),
});

export const dasdSchema = z.array(dasdEntrySchema).max(10000);

/** Channel-to-channel adapters: `[{a: {system, rdev}, b: {system, rdev}}]` (src/plex/ctcs.ts checks them). */
const ctcEnd = z.object({ system: z.string().min(1).max(8), rdev: z.string().min(1).max(4) });
export const ctcsSchema = z.array(z.object({ a: ctcEnd, b: ctcEnd })).max(4096);

/** CMS files on minidisks: `{"OWNER VDEV" | "SYSNAME: OWNER VDEV": {"FN FT": text}}` (src/plex/files.ts). */
export const filesSchema = z.record(
  z.string().min(1).max(32),
  z.record(z.string().min(1).max(32), z.string()),
);

/**
 * Which user runs which service machine's program (src/cms/programs.ts): `{"PVMX": "PVM",
 * "PVM": "NONE"}`, userids and programs in any case, handed on in upper case. A bad entry is
 * refused naming its key; so are two keys that are one userid.
 */
const MAX_PROGRAMS = 1000;
export const programsSchema = z
  .record(z.string().max(64), z.unknown())
  .superRefine((programs, ctx) => {
    if (Object.keys(programs).length > MAX_PROGRAMS) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_PROGRAMS} userids` });
      return;
    }
    const seen = new Map<string, string>();
    for (const [userid, program] of Object.entries(programs)) {
      const problem = programEntryProblem(userid, program);
      if (problem) ctx.addIssue({ code: "custom", path: [userid], message: problem });
      const upper = userid.toUpperCase();
      const first = seen.get(upper);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: [userid],
          message: `${upper} is given twice (also as "${first}")`,
        });
      seen.set(upper, userid);
    }
  })
  .transform((programs) => normalPrograms(programs as Record<string, string>));

/** POST /v1/lint: what POST /v1/plexes takes but the name, so both run the same rules (files for PVM's network). */
export const lintBodySchema = z.object({
  systemConfig: systemConfigSchema,
  directory: z.string().optional(),
  dasd: dasdSchema.optional(),
  ctcs: ctcsSchema.optional(),
  files: filesSchema.optional(),
  programs: programsSchema.optional(),
});

/** A token's name, to tell a tenant's tokens apart. */
export const tokenNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9 _.-]{1,40}$/, "1-40 letters, digits, spaces, _ . -");

export const tenantBodySchema = z.object({
  name: z
    .string()
    .regex(TENANT_NAME, "1-32 characters: a-z, 0-9 and -, starting with a letter or digit")
    .optional(),
});

/** POST /v1/plexes. */
export const createSchema = z.object({
  name: z.string().regex(PLEX_NAME, "1-32 characters: letters, digits and -"),
  systemConfig: systemConfigSchema,
  directory: z.string(),
  dasd: dasdSchema.optional(),
  ctcs: ctcsSchema.optional(),
  files: filesSchema.optional(),
  programs: programsSchema.optional(),
});
export const iplSchema = z.object({
  clean: z.boolean().optional(),
  volume: z.string().min(1).max(6).optional(),
});
/** Text a user types (a CP command with its message text, a password): no control or bidirectional characters. */
const typed = (max: number) =>
  z.string().max(max).refine(isPrintable, "holds a control or bidirectional character; CP takes none");

export const logonSchema = z.object({ password: typed(8) });
export const cpSchema = z.object({ command: typed(240).pipe(z.string().min(1)) });

export const writeSchema = z.object({
  records: z.array(z.string()).max(MAX_FILE_RECORDS),
  encoding: z.enum(["utf8", "base64"]).optional(),
  name: typed(8).optional(),
  type: typed(8).optional(),
});
const SPOOL_NAME_OR_NONE = z.string().regex(SPOOL_NAME).or(z.literal(""));
export const tapeSchema = z.object({
  format: z.literal(TAPE_FORMAT),
  files: z
    .array(
      z.object({
        spoolid: z.string().regex(/^(?!0000)[0-9]{4}$/, "0001-9999"),
        origin: z.string().regex(SYSNAME),
        from: z.string().regex(USERID),
        owner: z.string().regex(USERID),
        queue: z.enum(["RDR", "PRT", "PUN"]),
        made: z.enum(["PUN", "PRT"]),
        cls: z.string().regex(SPOOL_CLASS),
        name: SPOOL_NAME_OR_NONE,
        type: SPOOL_NAME_OR_NONE,
        dist: SPOOL_NAME_OR_NONE,
        copies: z.number().int().min(1).max(255),
        hold: z.enum(["NONE", "USER", "SYS", "USYS"]),
        keep: z.boolean(),
        created: z.iso.datetime(),
        // The longest a file's packed records can be, in base64: checked before the content is.
        data: z
          .string()
          .max(Math.ceil((MAX_FILE_BYTES + 4 * MAX_FILE_RECORDS) / 3) * 4)
          .refine(isBase64, "base64 of the packed records"),
      }),
    )
    .max(9999),
});

/** A device number in a body: 1-4 hex digits, handed on as four upper-case digits. */
export const deviceSchema = z
  .string()
  .refine((v) => deviceNumber(v) !== undefined, "1-4 hex digits")
  .transform((v) => deviceNumber(v)!);

/** A volume label (volser) in a body, handed on in upper case. */
export const volserSchema = z.string().toUpperCase().regex(VOLSER);
