/**
 * CP's layouts of users: QUERY NAMES, USERS, userid and USERID, as pure formatters. Column widths
 * come from real output: the files in shared/corpus (named at each function), or lines Rick Troth
 * quotes from z/VM 7.3 in uftdcpq.c (reference only, not copied into the corpus). Layouts marked
 * "unverified" were not seen anywhere.
 */

/** A userid in CP's eight-column field. */
export const userField = (userid: string): string => userid.padEnd(8);

// A five-character terminal (a logical device, `L0003`) takes the place of the blank after the
// dash: `MAINT    -L0003` (reference §7, recalled); DSC and a four-digit device keep it.
const userTerminal = (userid: string, terminal: string): string =>
  `${userField(userid)} -${terminal.length >= 5 ? "" : " "}${terminal}`;

/** One logged-on user as QUERY NAMES lists it. */
export interface NamesEntry {
  userid: string;
  /** "DSC" when disconnected, else the terminal's device number ("0009") or logical device. */
  terminal: string;
  /** The system the user is logged on to; needed with AT ALL. */
  system?: string;
}

const NAMES_PER_LINE = 4;

/** QUERY NAMES: `userid   - DSC` fields, four to a line; with AT ALL, each system's lines carry its name. */
export function queryNames(entries: readonly NamesEntry[], opts: { at?: string } = {}): string[] {
  // Field and separator: "LCLEF02  - DSC , LTROTH1  - DSC , ..." (Rick Troth, z/VM 7.3). A
  // terminal number in place of DSC and the AT ALL prefix are unverified.
  const lines: string[] = [];
  const pack = (group: readonly NamesEntry[], prefix: string): void => {
    for (let i = 0; i < group.length; i += NAMES_PER_LINE) {
      const fields = group.slice(i, i + NAMES_PER_LINE).map((e) => userTerminal(e.userid, e.terminal));
      lines.push(prefix + fields.join(" , "));
    }
  };
  if (opts.at !== "ALL") {
    pack(entries, "");
    return lines;
  }
  const bySystem = new Map<string, NamesEntry[]>();
  for (const e of entries) {
    const key = e.system ?? "";
    bySystem.set(key, [...(bySystem.get(key) ?? []), e]);
  }
  for (const [system, group] of bySystem) pack(group, system === "" ? "" : `${system.padEnd(8)} : `);
  return lines;
}

/** QUERY userid: `FBA0004  - DSC` (shared/corpus/feilong-cp-responses.txt). */
export function queryUser(userid: string, terminal: string): string[] {
  return [userTerminal(userid, terminal)];
}

/** QUERY USERS: `    53 USERS,      0 DIALED,      0 NET` (Rick Troth, z/VM 7.3: six-column counts). */
export function queryUsers(count: number, dialed = 0, net = 0): string[] {
  const n = (v: number): string => String(v).padStart(6);
  return [`${n(count)} USERS, ${n(dialed)} DIALED, ${n(net)} NET`];
}

/** QUERY USERID: `MAINT    AT ZVMWSXX` (shared/corpus/zvm-bootcamp-cp-responses.txt). */
export function queryUserid(userid: string, sysname: string): string[] {
  return [`${userField(userid)} AT ${sysname}`];
}
