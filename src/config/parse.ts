import { diag, type Diagnostic } from "../diagnostics";
import { CSE_HANDLERS } from "./cse-statements";
import { checkFeatures } from "./features";
import { configFiles, MAIN_FILE, type SystemConfigInput } from "./files";
import { readStatements, type RawStatement } from "./lexer";
import { emptyModel, type ConfigStatement, type ParsedSystemConfig, type SystemConfigModel } from "./model";
import { Operands, type Handler } from "./operands";
import { INPUT_LIMITS } from "./limits";
import { checkProduct } from "./product";
import { lookupStatement } from "./statements";
import { VOLUME_HANDLERS } from "./volume-statements";

export { cmsFileName, configFiles, MAIN_FILE, type SystemConfigInput } from "./files";

const NAME = /^[A-Z0-9@#$_-]{1,8}$/;
const MAX_IMBED_DEPTH = 16;

/**
 * Reads SYSTEM CONFIG (and what it IMBEDs) as the system `sysname` would at IPL: record qualifiers
 * for other systems are skipped and `-SYSTEM-` in an Imbed names this system. Without `sysname`
 * only unqualified statements and system-independent imbeds are applied (the plex-wide view).
 * Never throws: every problem is a diagnostic with its file, record and column.
 */
export function parseSystemConfig(input: SystemConfigInput, sysname?: string): ParsedSystemConfig {
  const files = configFiles(input);
  const model = emptyModel();
  const diagnostics: Diagnostic[] = [];
  const sys = sysname?.toUpperCase();
  if (!files.has(MAIN_FILE)) {
    diagnostics.push(
      diag(MAIN_FILE, 0, 0, "error", "CFG-NO-FILE", `No file named ${MAIN_FILE} was supplied`),
    );
    return { sysname: sys, model, diagnostics };
  }
  // A file imbedded many times is lexed once; the records read, imbeds expanded, are counted
  // against INPUT_LIMITS.configRecords so a small input cannot expand into millions of records.
  const lexed = new Map<string, ReturnType<typeof readStatements> & { records: number }>();
  let records = 0;
  let tooLarge = false;
  const readFile = (name: string, stack: string[]) => {
    let file = lexed.get(name);
    if (!file) {
      const text = files.get(name) ?? "";
      file = { ...readStatements(text, name), records: countRecords(text) };
      lexed.set(name, file);
    }
    records += file.records;
    if (records > INPUT_LIMITS.configRecords) {
      if (!tooLarge)
        diagnostics.push(
          diag(
            name,
            0,
            0,
            "error",
            "CFG-TOO-LARGE",
            `SYSTEM CONFIG with its Imbeds expanded has more than ${INPUT_LIMITS.configRecords} records; the rest is not read`,
          ),
        );
      tooLarge = true;
      return;
    }
    const { statements, diagnostics: lexDiags } = file;
    diagnostics.push(...lexDiags);
    for (const raw of statements) {
      const stmt = recognise(raw, diagnostics);
      if (!stmt) continue;
      const applies = stmt.qualifier === undefined || stmt.qualifier === sys;
      if (stmt.keyword === "IMBED") {
        const target = imbedTarget(stmt, sys, diagnostics);
        if (!target) continue;
        if (!applies) continue;
        if (target.name === undefined) {
          model.statements.push(stmt); // -SYSTEM- without a system: expanded in each system's view
          continue;
        }
        model.imbeds.push({
          file: stmt.file,
          line: stmt.line,
          column: stmt.column,
          qualifier: stmt.qualifier,
          name: target.name,
        });
        model.statements.push(stmt);
        const imbedError = (column: number, code: string, message: string) =>
          diagnostics.push(diag(stmt.file, stmt.line, column, "error", code, message));
        if (stack.includes(target.name)) {
          imbedError(
            stmt.column,
            "CFG-IMBED-LOOP",
            `Imbed ${target.name} loops: ${[...stack, target.name].join(" -> ")}`,
          );
        } else if (!files.has(target.name)) {
          imbedError(
            target.column,
            "CFG-IMBED-MISSING",
            `Imbed names file ${target.name}, which was not supplied`,
          );
        } else if (stack.length >= MAX_IMBED_DEPTH) {
          imbedError(stmt.column, "CFG-IMBED-DEPTH", `Imbeds nest deeper than ${MAX_IMBED_DEPTH}`);
        } else {
          readFile(target.name, [...stack, target.name]);
        }
        continue;
      }
      const before = diagnostics.length;
      const apply = HANDLERS[stmt.keyword];
      // Every statement is checked; only those for this system change the model.
      const scratch = applies ? model : emptyModel();
      if (apply) apply(stmt, scratch, diagnostics);
      if (applies && !diagnostics.slice(before).some((d) => d.severity === "error"))
        model.statements.push(stmt);
    }
  };
  readFile(MAIN_FILE, [MAIN_FILE]);
  return { sysname: sys, model, diagnostics };
}

/** The records of a file: its lines, the last one counted even without a line end. */
function countRecords(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return text.length > 0 && !text.endsWith("\n") ? n + 1 : n;
}

function recognise(raw: RawStatement, diagnostics: Diagnostic[]): ConfigStatement | undefined {
  const [first, ...rest] = raw.words;
  const keyword = lookupStatement(first.text);
  if (!keyword) {
    diagnostics.push(
      diag(
        raw.file,
        first.line,
        first.column,
        "error",
        "HCPSYK6701E",
        `Invalid system configuration file statement - ${first.text.toUpperCase()}`,
      ),
    );
    return undefined;
  }
  if (raw.qualifier && !NAME.test(raw.qualifier.text)) {
    diagnostics.push(
      diag(
        raw.file,
        raw.qualifier.line,
        raw.qualifier.column,
        "error",
        "CFG-QUALIFIER",
        `Record qualifier ${raw.qualifier.text}: is not a valid system name`,
      ),
    );
    return undefined;
  }
  return {
    file: raw.file,
    line: raw.line,
    column: raw.column,
    qualifier: raw.qualifier?.text,
    keyword,
    operands: rest.map((w) => w.text),
    raw,
  };
}

function imbedTarget(
  stmt: ConfigStatement,
  sys: string | undefined,
  diagnostics: Diagnostic[],
): { name?: string; column: number } | undefined {
  const words = stmt.raw.words.slice(1);
  if (words.length < 2) {
    diagnostics.push(
      diag(
        stmt.file,
        stmt.line,
        stmt.column,
        "error",
        "CFG-OPERAND",
        "Imbed needs a file name and a file type",
      ),
    );
    return undefined;
  }
  const fn = words[0].text.toUpperCase();
  const ft = words[1].text.toUpperCase();
  if (fn === "-SYSTEM-" && !sys) return { column: words[0].column };
  const name = `${fn === "-SYSTEM-" ? sys : fn} ${ft === "-SYSTEM-" ? (sys ?? ft) : ft}`;
  return { name, column: words[0].column };
}

/** The statements the simulator models, by keyword: each reads its operands into the model. */
const HANDLERS: Record<string, Handler> = {
  ...CSE_HANDLERS,
  ...VOLUME_HANDLERS,
  FEATURES(stmt, _model, diagnostics) {
    checkFeatures(stmt, diagnostics);
  },
  PRODUCT(stmt, _model, diagnostics) {
    checkProduct(stmt, diagnostics);
  },
  VMLAN(stmt, _model, diagnostics) {
    // MACPREFIX and USERPREFIX take a 6-digit hexadecimal prefix (CP Planning and Administration,
    // "VMLAN Statement"); the other operands are kept as text.
    const o = new Operands(stmt, diagnostics);
    while (!o.done) {
      if (o.accept("MACPREFIX") || o.accept("USERPREFIX")) {
        const w = o.next();
        if (!w || !/^[0-9A-F]{6}$/i.test(w.text))
          return o.error(`MAC prefix ${w?.text ?? "(missing)"} is not 6 hexadecimal digits`, w);
      } else o.next();
    }
  },
};

/** The system names SYSTEM CONFIG defines: its System_Identifier (and _Default) statements, in order. */
export function definedSystems(model: SystemConfigModel): string[] {
  const names = model.systemIdentifiers.map((s) => s.sysname);
  if (model.systemIdentifierDefault) names.push(model.systemIdentifierDefault.name);
  return [...new Set(names)];
}
