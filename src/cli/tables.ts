import type { VolumeView } from "../dasd/volume-view";

/** Columns padded to their widest cell, two spaces apart, headings first. */
export function table(headings: string[], rows: (string | number)[][]): string[] {
  const cells = [headings, ...rows.map((r) => r.map(String))];
  const widths = headings.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * `cseplex volume VOLSER`: the volume's label, its CSE area, the link flags per cylinder range and
 * system as a table, the links CP's ledger holds, the reserve and its queue, and the warnings.
 */
export function volumeText(v: VolumeView): string {
  const out: string[] = [];
  const area = v.cseArea;
  out.push(
    `${v.volser}  ${v.devtype}  ${v.cylinders} cylinders`,
    area.formatted
      ? `CSE area at cylinder ${area.cylinder}, formatted by ${area.formatted.user} on ${area.formatted.system} at ${area.formatted.at}`
      : `CSE area at cylinder ${area.cylinder}, not formatted`,
    "",
  );
  if (v.flags.length === 0) out.push("No link flags set");
  else
    out.push(
      ...table(
        ["CYLINDERS", "SYSTEM", "MODE"],
        v.flags.map((f) => [range(f.cylinder, f.end), f.system, f.mode]),
      ),
    );
  if (v.links.length > 0) {
    out.push("");
    out.push(
      ...table(
        ["SYSTEM", "USERID", "VDEV", "OWNER", "OWNER-VDEV", "CYLINDERS", "MODE"],
        v.links.map((l) => [l.system, l.userid, l.vdev, l.owner, l.ownerVdev, range(l.start, l.end), l.mode]),
      ),
    );
  }
  if (v.reserve) {
    const r = v.reserve;
    out.push("", `Reserved by ${r.userid} ${r.vdev} on ${r.system} (generation ${r.generation})`);
  }
  for (const w of v.waiting) out.push(`Waiting: ${w.userid} ${w.vdev} on ${w.system}`);
  for (const w of v.warnings) out.push(`Warning: ${w}`);
  return `${out.join("\n")}\n`;
}

function range(start: number, end: number): string {
  return start === end ? String(start) : `${start}-${end}`;
}
