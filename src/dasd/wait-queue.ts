/**
 * Requests waiting for what one holder has (a volume's hardware reserve, a minidisk's virtual
 * reserve), in arrival order, each for at most its own time. In memory, as the waiting requests
 * are; the holder's object answers them.
 */
export class WaitQueue<W, A> {
  private entries: { who: W; answer: (a: A) => void }[] = [];

  /** Waits until answered, or until `timeoutMs` has passed: then it leaves the queue with `onTimeout()`. */
  wait(who: W, timeoutMs: number, onTimeout: () => A): Promise<A> {
    return new Promise<A>((resolve) => {
      const entry = {
        who,
        answer: (a: A) => {
          clearTimeout(timer);
          resolve(a);
        },
      };
      const timer = setTimeout(() => {
        this.entries = this.entries.filter((e) => e !== entry);
        resolve(onTimeout());
      }, timeoutMs);
      this.entries.push(entry);
    });
  }

  /** The first waiter, taken out of the queue to be answered. */
  shift(): { who: W; answer: (a: A) => void } | undefined {
    return this.entries.shift();
  }

  /** Answers and takes out every waiter `pick` chooses. */
  drop(pick: (who: W) => boolean, answer: (who: W) => A): void {
    this.entries = this.entries.filter((e) => {
      if (!pick(e.who)) return true;
      e.answer(answer(e.who));
      return false;
    });
  }

  /** The waiters, first first. */
  list(): W[] {
    return this.entries.map((e) => e.who);
  }

  /** How many wait. */
  get length(): number {
    return this.entries.length;
  }
}
