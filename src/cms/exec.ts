/**
 * The EXEC runner (issue #11 item 3): the REXX that sites put in a service machine's profile
 * (AUTOLOG1's `PROFILE EXEC`, RSCS's `PROFILE GCS`), parsed and run clause by clause against a host
 * that the caller plugs in (CP, CMS, GCS, RSCS commands). Plain TypeScript; no eval, no Function.
 *
 * Decisions:
 * - **The subset.** Comments (nested, over lines); clauses ended by `;` or a line end; a trailing
 *   comma continues a clause; labels; `var = expr` (simple and compound symbols, `stem. = v`);
 *   `SAY`; `ADDRESS env [expr]`, `ADDRESS` alone (back to the previous environment); `IF .. THEN ..
 *   [ELSE ..]`; `DO; .. END`, `DO n`, `DO var = a [TO b] [BY c] [FOR n]`, `DO FOREVER`, `WHILE` and
 *   `UNTIL` on any of them; `LEAVE`, `ITERATE`; `SIGNAL label`; `EXIT [n]` and `RETURN [n]` (a
 *   main program has no caller: RETURN ends it as EXIT does); `NOP`; `TRACE O|N` (the default).
 *   Expressions: literal strings, symbols, parentheses, concatenation (`||`, blank, abuttal),
 *   comparisons (`= \= ¬= <> >< > < >= <= \> \<` and the strict `== \== >> << >>= <<=`), `\`, `&`,
 *   `|`, `&&`, and `+ - * / % // **` on whole numbers of at most 9 digits.
 * - **REXX's rules where implemented.** An unset symbol is its own name in upper case (`rc` before any
 *   command is `RC`); a compound symbol's tail is substituted; `=` compares numerically when both
 *   sides are numbers, else as strings with leading and trailing blanks stripped and the shorter
 *   padded with blanks; strict comparisons compare exactly; a clause that is only an expression is a
 *   command: its value goes to the current environment (so an unquoted `LINKDEFINE LTICVM2 ...` is
 *   sent too, as REXX would), and `RC` is set to the return code. The environment starts as `CMS`
 *   (`GCS` for a file of type GCS) unless the caller says otherwise; `ADDRESS ''` passes the null
 *   environment name through to the host, which decides what it means. Strings compare by UTF-16
 *   code unit, not in EBCDIC order as on VM.
 * - **The first line.** CMS runs a file as REXX only if it starts with a comment; a file that does
 *   not is EXEC 2 or CMS EXEC, which we do not simulate: nothing runs and one line says so.
 * - **Not simulated** (a line on the console, the clause skipped, the run goes on): any clause the
 *   parser does not understand, including function calls, ARG, PARSE, PULL, PUSH, QUEUE, CALL,
 *   DROP, NUMERIC, INTERPRET, SELECT (skipped up to its END), ADDRESS VALUE, SIGNAL ON, TRACE other
 *   than O or N, hex and binary strings, decimal or exponential arithmetic, a DO without END, a
 *   SIGNAL to a label inside a DO; the line reads `PROFILE EXEC line 7: not simulated: <clause>`
 *   (the clause's text with blanks collapsed, cut to 57 characters and "..." past 60). The note is
 *   shown when the clause is reached, not for a branch not taken. An IF or DO whose expression is
 *   not simulated is skipped whole, branches and body. Files nested more than 50 deep do not run.
 * - **REXX errors stop the run** in what we do simulate, as they stop a real exec, with rc 20000 plus
 *   the REXX error number (what CMS returns): 16 label not found, 26 not a whole number, 28 LEAVE or
 *   ITERATE outside a loop, 34 logical value not 0 or 1, 41 bad arithmetic conversion, 42 division
 *   by zero, 5 a value over 65,536 characters (our bound). The line reads `PROFILE EXEC line 7:
 *   error 34: logical value not 0 or 1`; `stopped` is "error".
 * - **Bounded.** Every clause executed and every loop iteration is one step; past `maxSteps` the run
 *   stops with `PROFILE EXEC line 7: stopped after 1000 steps`, `stopped` "steps" and rc 20004 (REXX
 *   error 4, program interrupted, as if halted). A clause of more than 1,000 tokens is not simulated.
 * - **The host.** Each command is recorded with its line, environment, text and rc; the host's lines
 *   go to the console in order. A host that throws is treated as rc -3 (CMS: command not found) with
 *   a console line, so a run never throws.
 */

// The runner lives in ./exec/: lexer.ts (source to clauses and tokens), expressions.ts (the expression
// tree, reading it and evaluating it), values.ts (REXX numbers, comparison, logical values, faults),
// parser.ts (clauses to the program tree), interpreter.ts (running the tree against the host),
// limits.ts (the bounds) and types.ts (what the caller gives and gets). This file is the public entry.

export { DEFAULT_MAX_STEPS, MAX_VALUE_LENGTH } from "./exec/limits";
export { defaultEnvironment, runExec } from "./exec/interpreter";
export { type ExecProgram, parseExec } from "./exec/parser";
export type { ExecCommand, ExecHost, ExecOptions, ExecResult } from "./exec/types";

// What lint reads a profile with (src/lint/rules/pvm-setup.ts): the runner's own expressions and names.
export { evaluate, type Expr } from "./exec/expressions";
export { isVariableName } from "./exec/lexer";
