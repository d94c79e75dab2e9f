import { z } from "zod";
import { TENANT_NAME } from "./auth";

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

export const lintBodySchema = z.object({
  systemConfig: systemConfigSchema,
  directory: z.string().optional(),
  dasd: dasdSchema.optional(),
});

export const tenantBodySchema = z.object({
  name: z
    .string()
    .regex(TENANT_NAME, "1-32 characters: a-z, 0-9 and -, starting with a letter or digit")
    .optional(),
});
