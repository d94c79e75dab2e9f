import { SPOOL_CLASS, SPOOL_NAME, USERID, quoted } from "../text/names";
import type { CmsAnswer, CmsCommand, CmsHost } from "./commands-types";

/**
 * CMS TELL and SENDFILE (issue #12): to a user here through CP, to a user on another node through
 * RSCS. Syntax from the z/VM 7.2 SENDFILE page (fn ft [fm] [TO] userid [AT node] | userid@node,
 * options after `(`); TELL is `TELL userid [AT node] text`. The answer texts are CMS's as recalled
 * (reference service-machines.md §2.5: "File fn ft fm sent to user at node"), without message ids
 * we could not confirm; the return codes are CMS's: 24 bad operands, 28 file not found.
 */

const refused = (rc: number, line: string): CmsAnswer => ({ rc, lines: [line] });

/** `userid AT node`, `userid@node` or `userid` (this node) at the head of `words`; the words used. */
function target(words: string[], host: CmsHost): { userid: string; node: string; used: number } | CmsAnswer {
  const first = words[0];
  if (first === undefined) return refused(24, "No userid specified");
  let [userid, node] = first.includes("@") ? first.split("@", 2) : [first, undefined];
  let used = 1;
  if (node === undefined && words[1]?.toUpperCase() === "AT") {
    node = words[2];
    used = 3;
    if (node === undefined) return refused(24, "No node specified after AT");
  }
  userid = userid.toUpperCase();
  node = (node ?? host.sysname).toUpperCase();
  if (!USERID.test(userid)) return refused(24, `Invalid userid ${quoted(userid)}`);
  if (!USERID.test(node)) return refused(24, `Invalid node ${quoted(node)}`);
  return { userid, node, used };
}

/** TELL userid [AT node] text. */
export const TELL: CmsCommand = {
  name: "TELL",
  min: 4,
  async run(host, operands) {
    const words = operands.trim().split(/\s+/).filter(Boolean);
    const t = target(words, host);
    if ("rc" in t) return t;
    // The text as typed after the target (CMS keeps its case).
    const text = operands.trim().split(/\s+/).slice(t.used).join(" ");
    if (t.node === host.sysname) return host.cp(`MSG ${t.userid} ${text}`);
    if (!host.knowsNode(t.node)) return refused(24, `DMTPAF210E Invalid location ${t.node}`);
    return host.rscsMessage(t.node, t.userid, text);
  },
};

/** SENDFILE options the plex takes (and what each means to it: nothing but CLASS changes the file). */
const FLAGS = new Set([
  "ACK",
  "NOACK",
  "LOG",
  "NOLOG",
  "NEW",
  "OLD",
  "TYPE",
  "NOTYPE",
  "NOFILELIST",
  "RSCS",
  "NETDATA",
]);
const OTHER_TRANSPORTS = new Set(["FILELIST", "SMTP", "MIME", "UFTSYNC", "UFTASYNC", "NOTE"]);

/** SENDFILE (SF) fn ft [fm] [TO] userid [AT node] [( options]: a file of the user's A-disk. */
export const SENDFILE: CmsCommand = {
  name: "SENDFILE",
  min: 5,
  synonyms: ["SF"],
  async run(host, operands) {
    const [main, options = ""] = operands.split("(", 2);
    const words = main.trim().split(/\s+/).filter(Boolean);
    if (words.length < 3)
      return refused(24, "SENDFILE: fn ft and a userid are needed (SENDFILE fn ft fm TO userid AT node)");
    const fn = words[0].toUpperCase();
    const ft = words[1].toUpperCase();
    for (const w of [fn, ft])
      if (!SPOOL_NAME.test(w)) return refused(24, `Invalid file identifier ${quoted(w)}`);
    let i = 2;
    let fm = "A";
    // A file mode is a letter with an optional digit, or `*`; TO may follow it.
    if (/^([A-Z][0-9]?|\*)$/i.test(words[i]) && words[i].toUpperCase() !== "TO" && words.length > 3) {
      fm = words[i].toUpperCase();
      i++;
    }
    if (words[i]?.toUpperCase() === "TO") i++;
    const t = target(words.slice(i), host);
    if ("rc" in t) return t;
    const extra = words[i + t.used];
    if (extra !== undefined) return refused(24, `Invalid parameter ${quoted(extra)}`);
    let cls = "A";
    const opts = options
      .replace(/\)\s*$/, "")
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    for (let k = 0; k < opts.length; k++) {
      const o = opts[k].toUpperCase();
      if (o === "CLASS" || o === "CL") {
        const c = opts[++k]?.toUpperCase();
        if (!c || !SPOOL_CLASS.test(c)) return refused(24, `Invalid CLASS ${quoted(c ?? "")}`);
        cls = c;
      } else if (OTHER_TRANSPORTS.has(o)) return refused(24, `Option ${o} is not simulated (only RSCS is)`);
      else if (!FLAGS.has(o)) return refused(24, `Invalid option ${quoted(opts[k])}`);
    }
    // Only the A-disk (the user's 191) is accessed in the plex.
    if (fm !== "*" && fm[0] !== "A") return refused(24, `Invalid mode ${fm}: only A (the 191) is accessed`);
    const text = await host.readFile(fn, ft);
    if (text === undefined) return refused(28, `File ${fn} ${ft} ${fm === "*" ? "*" : "A"} not found`);
    const records = text.split(/\r?\n/);
    if (records.length > 0 && records[records.length - 1] === "") records.pop();
    const f = { from: host.userid, to: { userid: t.userid, node: t.node }, fn, ft, cls, records };
    const sent = `File ${fn} ${ft} A1 sent to ${t.userid} at ${t.node}`;
    if (t.node === host.sysname) {
      const r = await host.punchLocal(f);
      return r.rc === 0 ? { rc: 0, lines: [sent] } : r;
    }
    if (!host.knowsNode(t.node)) return refused(24, `DMTPAF210E Invalid location ${t.node}`);
    const r = await host.rscsSend(f);
    return r.ok ? { rc: 0, lines: [sent] } : { rc: r.rc, lines: r.lines };
  },
};
