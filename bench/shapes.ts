// npm run bench (part 2): the worst input shapes of issue #10 through lint (what create, PUT /config
// and IPL parse), each beside one lint of the LTIC example measured in the same run. Goal: each
// answered in under 2 s, or refused by a limit with a finding that says which.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lintPlex, type PlexInput } from "../src/lint";

const root = new URL("../", import.meta.url).pathname;
const ltic = JSON.parse(readFileSync(join(root, "examples/ltic/plex.json"), "utf8")) as PlexInput;
const GOAL_MS = 2000;

function time(input: PlexInput): { ms: number; codes: string[] } {
  const t0 = performance.now();
  const r = lintPlex(input);
  const ms = performance.now() - t0;
  return { ms, codes: [...new Set(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))] };
}

const dasd = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    volser: `V${String(i).padStart(5, "0")}`,
    devtype: "3390-9",
    rdev: (0x1000 + i).toString(16),
  }));
const fanout = (file: string) => Array.from({ length: 100 }, () => `Imbed ${file}\n`).join("");
const one = "System_Identifier 2964 %11111 SYSA\nXLINK_System_Include Slot 1 SYSA\n";

const shapes: [string, PlexInput][] = [
  [
    "9,999 DASD volumes under XLINK",
    { systemConfig: `${one}XLINK_Volume_Include V*\n`, directory: "", dasd: dasd(9999) },
  ],
  [
    "Imbeds nested 100 x 100 x 100 (a comment at the leaf)",
    {
      systemConfig: {
        "SYSTEM CONFIG": `${one}${fanout("L1 FILE")}`,
        "L1 FILE": fanout("L2 FILE"),
        "L2 FILE": "/* a comment */\n".repeat(100),
      },
    },
  ],
  [
    "1,000 systems",
    {
      systemConfig:
        Array.from(
          { length: 1000 },
          (_, i) => `System_Identifier 2964 %${String(i).padStart(5, "0")} S${i}`,
        ).join("\n") + "\n",
      directory: "",
    },
  ],
  [
    "15,000 XLINK_Volume_Include x 9,000 volumes",
    {
      systemConfig:
        one +
        Array.from(
          { length: 15000 },
          (_, i) => `XLINK_Volume_Include P${i.toString(36).toUpperCase()}*`,
        ).join("\n") +
        "\n",
      directory: "",
      dasd: dasd(9000),
    },
  ],
  [
    "1,000 wildcard includes (%P...*) x 9,000 volumes",
    {
      systemConfig:
        one +
        Array.from(
          { length: 1000 },
          (_, i) => `XLINK_Volume_Include %P${i.toString(36).toUpperCase()}*`,
        ).join("\n") +
        "\n",
      directory: "",
      dasd: dasd(9000),
    },
  ],
];

time(ltic); // warm up the same code paths first
const base = Math.min(...[0, 1, 2].map(() => time(ltic).ms));
console.log(`one lint of LTIC: ${base.toFixed(1)} ms (the baseline)`);
for (const [name, input] of shapes) {
  const r = time(input);
  const verdict = r.ms < GOAL_MS ? "ok" : "OVER";
  console.log(
    `${name}: ${r.ms.toFixed(0)} ms = ${(r.ms / base).toFixed(0)}x one lint of LTIC (goal < ${GOAL_MS} ms: ${verdict})` +
      (r.codes.length ? `; refused: ${r.codes.join(", ")}` : ""),
  );
}
