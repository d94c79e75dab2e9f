import type { RunbookDiagnostic } from "./parse";
import type { RunResult } from "./runner";

/**
 * JUnit XML for CI systems: a runbook is a test suite, each step a test case (a failure with what
 * was expected and what the plex answered; skipped after the first failure). A runbook that is not
 * valid is one suite with one errored case per problem.
 */

const xml = (s: string) =>
  s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/g, "?")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** A run as a JUnit `<testsuites>` document; `file` names the runbook's file. */
export function junitOf(run: RunResult, file: string): string {
  const cases = run.steps.map((s) => {
    const head = `    <testcase classname="${xml(run.name)}" name="${xml(`${String(s.index + 1).padStart(2, "0")} ${s.name}`)}" file="${xml(file)}" line="${s.line}" time="${seconds(s.durationMs)}"`;
    if (s.status === "pass") return `${head}/>`;
    if (s.status === "skipped")
      return `${head}>\n      <skipped message="an earlier step failed"/>\n    </testcase>`;
    const failures = s.failures ?? [];
    const message = failures.map((f) => `expected ${f.expected}; got ${f.got}`).join("\n");
    const body = [message, ...(s.lines?.length ? ["", "Lines:", ...s.lines] : [])].join("\n");
    return `${head}>\n      <failure message="${xml(failures[0] ? `expected ${failures[0].expected}` : "failed")}" type="StepFailed">${xml(body)}</failure>\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="cseplex runbooks" tests="${run.steps.length}" failures="${run.failed}" skipped="${run.skipped}" time="${seconds(run.durationMs)}">`,
    `  <testsuite name="${xml(run.name)}" tests="${run.steps.length}" failures="${run.failed}" errors="0" skipped="${run.skipped}" time="${seconds(run.durationMs)}" file="${xml(file)}">`,
    `    <properties><property name="plex" value="${xml(run.plex)}"/></properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

/** An invalid runbook as JUnit: one errored case per problem, at its line. */
export function junitOfInvalid(name: string, file: string, diagnostics: RunbookDiagnostic[]): string {
  const cases = diagnostics.map(
    (d) =>
      `    <testcase classname="${xml(name)}" name="${xml(`line ${d.line}: ${d.path || "runbook"}`)}" file="${xml(file)}" line="${d.line}" time="0">\n      <error message="${xml(d.message)}" type="RunbookInvalid">${xml(`${file}:${d.line}:${d.column}: ${d.message}`)}</error>\n    </testcase>`,
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="cseplex runbooks" tests="${cases.length}" failures="0" errors="${cases.length}" time="0">`,
    `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0" time="0" file="${xml(file)}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
