/**
 * CP's response layouts live in src/cp/layouts/, one file per family of commands. This module only
 * keeps the names src/cp/console-lines.ts imports from here; import from src/cp/layouts/ instead.
 */
export { cpDate, cpTimeOfDay, queryTime } from "./layouts/time";
