import type { CpAnswer } from "../../src/catalog/answer";
import { runExec } from "../../src/cms/exec";
import { profileFor, PROFILE_MAX_STEPS, profileCommand } from "../../src/cms/profiles";
import type { NodeState } from "./state";

/**
 * Service machines that run a program while logged on (issue #11 item 2), for now AUTOLOG1: when
 * CP logs it on (at IPL, or by XAUTOLOG) it runs the PROFILE EXEC on its 191 minidisk as this
 * system sees it, through the EXEC runner (src/cms/exec.ts); each host command goes to CP as
 * AUTOLOG1 issued it. What the profile says and what CP answers go to AUTOLOG1's console.
 */
export class Profiles {
  /** Users whose profile is running now, so a profile that XAUTOLOGs its own user cannot recurse. */
  private readonly running = new Set<string>();

  constructor(
    private readonly s: NodeState,
    /** Runs a CP command as a logged-on user, without writing its console (the caller does). */
    private readonly command: (userid: string, text: string) => Promise<CpAnswer>,
  ) {}

  /** After CP logged `userid` on disconnected: runs its program if it has one. */
  async afterAutoLogon(userid: string): Promise<void> {
    const program = profileFor(userid);
    if (!program || this.running.has(userid)) return;
    this.running.add(userid);
    try {
      const text = await this.s
        .plexStub()
        .readFile(this.s.sysname, userid, program.vdev, program.fn, program.ft);
      // No profile on the minidisk: CMS comes up and waits, as AUTOLOG1 without one does.
      if (!text.ok) return;
      const result = await runExec(text.text, {
        file: `${program.fn} ${program.ft}`,
        maxSteps: PROFILE_MAX_STEPS,
        host: {
          command: async (_environment, commandText) => {
            const cp = profileCommand(commandText);
            return "cp" in cp ? this.command(userid, cp.cp) : { rc: -3, lines: [cp.unknown] };
          },
        },
      });
      if (this.s.isLoggedOn(userid)) this.s.consoleWrite(userid, result.lines);
    } finally {
      this.running.delete(userid);
    }
  }
}
