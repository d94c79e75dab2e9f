import { deviceNumber, SYSNAME, VOLSER as VOLID } from "../../text/names";
import { allows } from "../privileges";
import {
  accept,
  command,
  findOperand,
  operandMissingOrInvalid,
  spells,
  type OperandEntry,
  type ParseResult,
} from "./grammar";

export type XlinkCommand =
  | { verb: "XLINK"; sub: "FORMAT"; vdev: string; volid: string }
  | { verb: "XLINK"; sub: "CHECK"; volid: string }
  | { verb: "XLINK"; sub: "DISPLAY"; vdev: string; cyl?: number; noHeader: boolean }
  | { verb: "XLINK"; sub: "RESET"; sysname: string; volid: string };

const CYL_OPTION = /^CYL\((\d{1,5})\)$/;

/** XLINK's subcommands. */
export const XLINK_SUBCOMMANDS: readonly OperandEntry<"FORMAT" | "CHECK" | "DISPLAY" | "RESET">[] = [
  {
    value: "FORMAT",
    syntax: "FOrmat",
    classes: "G",
    source: "XLINK FOrmat vaddr volid: reference §3.1 (XFMT73)",
  },
  { value: "CHECK", syntax: "CHECK", classes: "G", source: "XLINK CHECK volid: seed presentation" },
  { value: "DISPLAY", syntax: "DISPLAY", classes: "G", source: "reference §3.2/§9.2 (XDSP73)" },
  {
    value: "RESET",
    syntax: "RESET",
    classes: "B",
    source: "ours (DESIGN §4): XLINK RESET sysname [volid|ALL]",
  },
];

// XLINK FOrmat vdev volid | CHECK volid | DISPLAY vdev [NOHeader] [STACK|FIFO|LIFO] [CYL(n)]
//       | RESET sysname [volid|ALL]
function parseXlink(ops: string[], classes: string): ParseResult<XlinkCommand> {
  if (ops.length === 0) return operandMissingOrInvalid();
  const sub = findOperand(XLINK_SUBCOMMANDS, ops[0]);
  if (!sub || !allows(classes, sub.classes)) return operandMissingOrInvalid();
  const rest = ops.slice(1);
  switch (sub.value) {
    case "FORMAT": {
      const vdev = deviceNumber(rest[0]);
      if (vdev === undefined || rest.length !== 2 || !VOLID.test(rest[1])) return operandMissingOrInvalid();
      return accept({ verb: "XLINK", sub: "FORMAT", vdev, volid: rest[1] });
    }
    case "CHECK":
      if (rest.length !== 1 || !VOLID.test(rest[0])) return operandMissingOrInvalid();
      return accept({ verb: "XLINK", sub: "CHECK", volid: rest[0] });
    case "DISPLAY": {
      const vdev = deviceNumber(rest[0]);
      if (vdev === undefined) return operandMissingOrInvalid();
      const display: Extract<XlinkCommand, { sub: "DISPLAY" }> = {
        verb: "XLINK",
        sub: "DISPLAY",
        vdev,
        noHeader: false,
      };
      for (const option of rest.slice(1)) {
        const cyl = CYL_OPTION.exec(option);
        // CMS options may follow an opening parenthesis; where the output goes does not matter here.
        if (option === "(" || option === "STACK" || option === "FIFO" || option === "LIFO") continue;
        if (spells(option, "NOHeader")) display.noHeader = true;
        else if (cyl) display.cyl = Number(cyl[1]);
        else return operandMissingOrInvalid();
      }
      return accept(display);
    }
    case "RESET": {
      const [sysname, volid = "ALL", ...extra] = rest;
      if (sysname === undefined || !SYSNAME.test(sysname) || !VOLID.test(volid) || extra.length > 0) {
        return operandMissingOrInvalid();
      }
      return accept({ verb: "XLINK", sub: "RESET", sysname, volid });
    }
  }
}

/** XLINK: the CSE area of a volume. */
export const XLINK_COMMANDS = [
  command<XlinkCommand>({
    verb: "XLINK",
    syntax: "XLINK",
    forms: { utility: "G", reset: "B" },
    source:
      "a CMS utility on MAINT 193 needing no CP class (reference §3.1, XFMT73/XDSP73), so class G here; " +
      "RESET is ours (DESIGN §4), class B",
    parse: (ops, ctx) => parseXlink(ops, ctx.classes),
  }),
] as const;
