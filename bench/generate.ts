/**
 * Builds a source directory: `systems` DIRECTORY statements and `users` entries, of which the share
 * `sysaffinShare` (0..1) differ by system through SYSAFFIN blocks, as service machines do at real
 * CSE sites; the rest are the same everywhere.
 */
export function generateDirectory(users: number, systems: string[], sysaffinShare = 1): string {
  const out: string[] = [];
  systems.forEach((s, i) =>
    out.push(`DIRECTORY 0123 3390 ${s.slice(-3)}CDS *${String(10000 + i).padStart(5, "0")}-2964 ${s}`),
  );
  out.push(
    "PROFILE IBMDFLT",
    "  SPOOL 000C 2540 READER *",
    "  SPOOL 000D 2540 PUNCH A",
    "  SPOOL 000E 1403 A",
    "  CONSOLE 009 3215 T",
  );
  out.push("  LINK MAINT 0190 0190 RR", "  LINK MAINT 019D 019D RR", "  LINK MAINT 019E 019E RR");
  out.push(
    "USER MAINT MAINTPW 256M 1G ABCDEFG",
    "  INCLUDE IBMDFLT",
    "  MDISK 0190 3390 100 214 +VMRES RR",
    "  MDISK 019D 3390 400 100 +VMRES RR",
    "  MDISK 019E 3390 600 250 +VMRES RR",
  );
  for (let u = 0; u < users; u++) {
    const id = `U${String(u).padStart(6, "0")}`;
    const vol = `USR${String(Math.floor(u / 300)).padStart(3, "0")}`;
    const cyl = 1 + (u % 300) * 33;
    const a = systems[u % systems.length];
    const b = systems[(u + 1) % systems.length];
    out.push(
      `USER ${id} PW${u % 1000} 2G 4G G`,
      "  INCLUDE IBMDFLT",
      "  OPTION APPLMON",
      "  IPL CMS",
      `  MDISK 0191 3390 ${cyl} 10 ${vol} MR R${u} W${u} M${u}`,
    );
    // Spread the SYSAFFIN users evenly through the file.
    if (Math.floor((u + 1) * sysaffinShare) > Math.floor(u * sysaffinShare)) {
      out.push(
        `SYSAFFIN ${a}`,
        `  MDISK 0201 3390 ${cyl + 10} 20 ${vol} MR`,
        `SYSAFFIN ${b}`,
        `  MDISK 0201 3390 ${cyl + 10} 20 ${vol} RR`,
        "SYSAFFIN *",
        "  LINK MAINT 0190 0190 RR",
      );
    } else out.push(`  MDISK 0201 3390 ${cyl + 10} 20 ${vol} RR`, "  LINK MAINT 0190 0190 RR");
  }
  return out.join("\n") + "\n";
}
