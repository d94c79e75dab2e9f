import { z } from "zod";
import type { CpAnswer } from "../catalog/answer";
import type { Diagnostic } from "../diagnostics";
import type { SystemState } from "../plex/topology";

/**
 * Schemas of the answers the OpenAPI document states for the routes clients call most (CP
 * commands, LOGON, IPL, the console, lint). Each is typed against the TypeScript type the route
 * answers, so a change to that type that the schema does not follow fails the type check.
 */

/** CP's answer to a command or a LOGON (src/catalog/answer.ts). */
export const cpAnswerSchema = z
  .object({
    rc: z
      .number()
      .int()
      .meta({ description: "CP's return code: 0, or the number of its message (45 for HCPCQU045E)" }),
    lines: z.array(z.string()).meta({ description: "What CP prints, line for line" }),
  })
  .meta({ id: "CpAnswer" }) satisfies z.ZodType<CpAnswer>;

/** IPL, SHUTDOWN and FAIL: the system's state after it, and CP's lines. */
export const stateAnswerSchema = z
  .object({
    state: z.enum(["DOWN", "IPLING", "UP", "FAILED"]),
    lines: z.array(z.string()),
  })
  .meta({ id: "StateAnswer" }) satisfies z.ZodType<{ state: SystemState; lines: string[] }>;

/** A page of a user's console: lines after `after`, and where the next page starts. */
export const consolePageSchema = z
  .object({
    lines: z.array(z.object({ seq: z.number().int(), text: z.string() })),
    next: z.number().int().meta({ description: "Give it as `after` to read on" }),
  })
  .meta({ id: "ConsolePage" });

/** A finding at its file, record and column (src/diagnostics.ts). */
export const diagnosticSchema = z
  .object({
    file: z
      .string()
      .meta({ description: 'The CMS file: "SYSTEM CONFIG", "VM9 SYSRES", "USER DIRECT", "dasd"' }),
    line: z.number().int().meta({ description: "1-based record number; 0 for none" }),
    column: z.number().int().meta({ description: "1-based column; 0 when unknown" }),
    severity: z.enum(["error", "warning", "info"]),
    code: z.string().meta({ description: "An HCP message id where CP has one, else a rule id" }),
    message: z.string(),
  })
  .meta({ id: "Diagnostic" }) satisfies z.ZodType<Diagnostic>;

/** POST /v1/lint's answer. */
export const lintAnswerSchema = z
  .object({
    ok: z.boolean().meta({ description: "False when a finding would stop CPSYNTAX, DIRECTXA or the IPL" }),
    diagnostics: z.array(diagnosticSchema),
  })
  .meta({ id: "LintAnswer" });
