import type { CpAnswer } from "../../src/catalog/answer";
import { runExec } from "../../src/cms/exec";
import { profileFor, PROFILE_MAX_STEPS, profileCommand, type Program } from "../../src/cms/profiles";
import type { NodeState } from "./state";

/**
 * Service machines that run a program while logged on (issue #11 item 2), AUTOLOG1's and PVM's:
 * when CP logs one on (at IPL, by XAUTOLOG, or an operator's LOGON) it runs the PROFILE EXEC on its
 * 191 minidisk as this system sees it, through the EXEC runner (src/cms/exec.ts); each host command
 * goes to CP as that user issued it. What the profile says and what CP answers go to its console.
 * Which user runs which program is decided by its name unless the plex's `programs` say otherwise,
 * as this system read them at its IPL (src/cms/programs.ts).
 */
export class Profiles {
  /** Users whose profile is running now, so a profile that XAUTOLOGs its own user cannot recurse. */
  private readonly running = new Set<string>();

  constructor(
    private readonly s: NodeState,
    /** Runs a CP command as a logged-on user, without writing its console (the caller does). */
    private readonly command: (userid: string, text: string) => Promise<CpAnswer>,
    /** Runs a command of the user's product (PROFILE GCS's `RSCS START ...`). */
    private readonly productCommand?: (
      product: string,
      userid: string,
      text: string,
    ) => Promise<{ rc: number; lines: string[] }>,
  ) {}

  /**
   * After CP logged `userid` on disconnected: runs its program if it has one. The run belongs to
   * that session: once the system is not up any more, or the user logged off (or on again), its
   * remaining commands are not issued.
   */
  async afterAutoLogon(userid: string): Promise<void> {
    const program = profileFor(userid, this.s.image()?.programs);
    if (!program || this.running.has(userid)) return;
    const session = this.session(userid);
    const file = `${program.fn} ${program.ft}`;
    this.running.add(userid);
    try {
      // A product its profile drives (RSCS) reads its configuration first.
      if (program.product?.first) await this.startProduct(userid, program.product, program.vdev, session);
      let text;
      try {
        text = await this.s.plexStub().readFile(this.s.sysname, userid, program.vdev, program.fn, program.ft);
      } catch (e) {
        this.s.consoleWrite(userid, [`${file} could not be read: ${(e as Error).message.slice(0, 80)}`]);
        return;
      }
      // No profile on the minidisk: CMS comes up and waits (a product is still started below).
      const result = !text.ok
        ? undefined
        : await runExec(text.text, {
            file,
            maxSteps: PROFILE_MAX_STEPS,
            host: {
              command: async (_environment, commandText) => {
                if (this.session(userid) !== session) return { rc: -3, lines: [] };
                const cp = profileCommand(commandText, program);
                if ("product" in cp && this.productCommand && program.product)
                  return this.productCommand(program.product.name, userid, cp.product);
                return "cp" in cp
                  ? this.command(userid, cp.cp)
                  : { rc: -3, lines: ["unknown" in cp ? cp.unknown : ""] };
              },
            },
          });
      if (this.session(userid) !== session) return;
      if (result) this.s.consoleWrite(userid, result.lines);
      if (program.product && !program.product.first)
        await this.startProduct(userid, program.product, program.vdev, session);
    } finally {
      this.running.delete(userid);
    }
  }

  /** Starts the product (PVM) with the configuration file it reads; it runs until its user logs off. */
  private async startProduct(
    userid: string,
    product: NonNullable<Program["product"]>,
    vdev: string,
    session: string | undefined,
  ): Promise<void> {
    const config = await this.s
      .plexStub()
      .readFile(this.s.sysname, userid, vdev, product.config.fn, product.config.ft)
      .catch(() => undefined);
    if (this.session(userid) !== session) return;
    const text = config?.ok ? config.text : null;
    this.s.programsSql`INSERT OR REPLACE INTO programs (userid, program, config, started_at)
               VALUES (${userid}, ${product.name}, ${text}, ${new Date().toISOString()})`;
    this.s.consoleWrite(userid, [
      text === null
        ? `${product.name} started without ${product.config.fn} ${product.config.ft}`
        : `${product.name} started with ${product.config.fn} ${product.config.ft}`,
    ]);
    // A product that works off its reader (DirMaint's servers) reads what waited there.
    // Its failure is on the service machine's console, as a profile that cannot be read is: the
    // LOGON (or the IPL whose AUTOLOG1 started it) still succeeds.
    await this.afterStart?.(product.name, userid, text).catch((e: unknown) =>
      this.s.consoleWrite(userid, [`${product.name} stopped: ${String(e).slice(0, 80)}`]),
    );
  }

  /** Runs once a product started (DirMaint's servers read their readers: ./dirmaint.ts). */
  afterStart?: (product: string, userid: string, config: string | null) => Promise<void>;

  /** Which session of `userid` this is: the system's IPL and the user's LOGON (undefined when either is gone). */
  private session(userid: string): string | undefined {
    const n = this.s.node();
    if (n?.state !== "UP") return undefined;
    const ipl = n.ipl_count;
    const logon = this.s.logonAt(userid);
    return logon === undefined ? undefined : `${ipl} ${logon}`;
  }
}
