import { USERID } from "../../text/names";
import { allows } from "../privileges";
import {
  accept,
  command,
  findOperand,
  invalidOption,
  withAt,
  type OperandEntry,
  type ParseResult,
} from "./grammar";

/** What INDICATE shows: the system's load, one user's resources, or who waits on paging or I/O. */
export type IndicateWhat = "LOAD" | "USER" | "PAGING" | "IO";

export type IndicateCommand = {
  verb: "INDICATE";
  what: IndicateWhat;
  /** INDICATE USER: whose (absent: the issuer's own virtual machine). */
  userid?: string;
  /** The system asked (AT sysname); absent for this one (no AT, or AT *). */
  at?: string;
};

/**
 * INDICATE's operand keywords. LOAD is the default operand (z/VM 7.3 INDICATE LOAD). An issuer
 * without a form's class is told the operand is invalid, as QUERY does.
 */
export const INDICATE_OPERANDS: readonly OperandEntry<IndicateWhat>[] = [
  {
    value: "LOAD",
    syntax: "LOAD",
    classes: "EG",
    source:
      "classes E, G, LOAD the default operand, AT */sysname: z/VM 7.3 INDICATE LOAD " +
      "(ibm.com/docs/en/zvm/7.3?topic=commands-indicate-load); spelling: zvm-bootcamp capture (reference §4)",
  },
  {
    value: "USER",
    syntax: "USER",
    classes: "EG",
    source:
      "zvm-bootcamp capture `ind user` (reference §4); class G for oneself, class E for another user: recalled",
  },
  {
    value: "PAGING",
    syntax: "PAGING",
    classes: "E",
    source: "zvm-bootcamp capture `ind paging` (reference §4); class E recalled",
  },
  {
    value: "IO",
    syntax: "I/O",
    classes: "E",
    source: "zvm-bootcamp capture `ind i/o` (reference §4); class E recalled",
  },
];

/**
 * `[AT *|sysname]` at the end of an INDICATE: AT * is this system (z/VM 7.3 INDICATE LOAD); AT ALL
 * is no operand of INDICATE. In a CSE plex AT sysname goes over the CSE path (ours: IBM gives AT for
 * an SSI cluster; service-machines §1.3 has INDICATE to another system travel over PVM's CSECOM).
 */
function withIndicateAt(c: IndicateCommand, rest: string[]): ParseResult<IndicateCommand> {
  if (rest[0] === "AT" && rest[1] === "*") {
    return rest.length > 2 ? invalidOption(rest[2]) : accept(c);
  }
  if (rest[0] === "AT" && rest[1] === "ALL") return invalidOption("ALL");
  return withAt(c, rest, invalidOption);
}

// INDicate [LOAD] [AT *|sysname] | USER [*|userid] [AT *|sysname] | PAGING | I/O
function parseIndicate(ops: string[], classes: string): ParseResult<IndicateCommand> {
  if (ops.length === 0 || ops[0] === "AT") return withIndicateAt({ verb: "INDICATE", what: "LOAD" }, ops);
  const [word, ...rest] = ops;
  const operand = findOperand(INDICATE_OPERANDS, word);
  if (!operand || !allows(classes, operand.classes)) return invalidOption(word);
  switch (operand.value) {
    case "LOAD":
      return withIndicateAt({ verb: "INDICATE", what: "LOAD" }, rest);
    case "USER": {
      const c: IndicateCommand = { verb: "INDICATE", what: "USER" };
      let i = 0;
      if (rest[0] === "*") i = 1;
      else if (rest[0] !== undefined && rest[0] !== "AT") {
        if (!USERID.test(rest[0])) return invalidOption(rest[0]);
        c.userid = rest[0];
        i = 1;
      }
      return withIndicateAt(c, rest.slice(i));
    }
    case "PAGING":
    case "IO":
      return rest.length > 0 ? invalidOption(rest[0]) : accept({ verb: "INDICATE", what: operand.value });
  }
}

/** INDICATE. */
export const INDICATE_COMMANDS = [
  command<IndicateCommand>({
    verb: "INDICATE",
    syntax: "INDicate",
    forms: { load: "EG", user: "EG", paging: "E", io: "E" },
    source:
      "INDicate: ZCT which.exec (reference §11); classes E, G: z/VM 7.3 INDICATE LOAD; " +
      "classes per operand in INDICATE_OPERANDS",
    parse: (ops, ctx) => parseIndicate(ops, ctx.classes),
  }),
] as const;
