/**
 * A Wing–Gong linearizability check with Lowe's memoisation (the search Knossos and Porcupine
 * make): is there one order of the operations of a concurrent history, consistent with real time
 * (an operation that returned before another was invoked comes first), in which a sequential model
 * gives every operation the answer it got? Operations without an answer (the server died) may take
 * effect at any time after their invocation, or never.
 */

/** One operation of a history: who made it, what it asked, what it answered, and when (ms). */
export interface HistoryOp<I, O> {
  id: number;
  client: string;
  input: I;
  /** Undefined when no answer came (timeout, crash): the effect is unknown. */
  output?: O;
  invoke: number;
  /** Infinity when no answer came. */
  ret: number;
}

/** A sequential model: its initial state, one step, and a key that tells states apart. */
export interface SequentialModel<S, I, O> {
  init(): S;
  step(state: S, input: I): { state: S; output: O };
  same(got: O, want: O): boolean;
  key(state: S): string;
}

/** The outcome: an order that explains the history, none, or too large to decide within the bound. */
export type Verdict =
  | { result: "linearizable"; order: number[]; explored: number }
  | { result: "not-linearizable"; explored: number; longestPrefix: number[]; stuckAt: number[] }
  | { result: "too-large"; explored: number; bound: number };

/**
 * Searches for a linearization, depth first, trying each operation that may come next (invoked
 * before every remaining one returned); a (set of operations done, model state) pair seen before
 * is not searched again. Gives up with "too-large" after `bound` search steps.
 */
export function checkLinearizable<S, I, O>(
  history: readonly HistoryOp<I, O>[],
  model: SequentialModel<S, I, O>,
  bound = 2_000_000,
): Verdict {
  const ops = [...history].sort((a, b) => a.invoke - b.invoke);
  const n = ops.length;
  const done = new Uint8Array(n);
  const seen = new Set<string>();
  const order: number[] = [];
  let explored = 0;
  let longest: number[] = [];
  let stuckAt: number[] = [];
  const mustFinish = ops.filter((o) => o.output !== undefined).length;
  let finished = 0;
  const doneKey = () => {
    let k = "";
    for (let i = 0; i < n; i += 16) {
      let w = 0;
      for (let j = i; j < Math.min(n, i + 16); j++) w = w * 2 + done[j];
      k += w.toString(36) + ".";
    }
    return k;
  };

  const search = (state: S): boolean | "bound" => {
    if (finished === mustFinish) return true;
    if (++explored > bound) return "bound";
    const key = doneKey() + model.key(state);
    if (seen.has(key)) return false;
    seen.add(key);
    // Every remaining operation that returned: none may come after it that was invoked later.
    let firstReturn = Infinity;
    for (let i = 0; i < n; i++) if (!done[i] && ops[i].ret < firstReturn) firstReturn = ops[i].ret;
    const tried: number[] = [];
    for (let i = 0; i < n; i++) {
      if (done[i] || ops[i].invoke > firstReturn) continue;
      const op = ops[i];
      const next = model.step(state, op.input);
      if (op.output !== undefined && !model.same(op.output, next.output)) {
        tried.push(op.id);
        continue;
      }
      done[i] = 1;
      order.push(op.id);
      if (op.output !== undefined) finished++;
      if (order.length > longest.length) longest = [...order];
      const r = search(next.state);
      if (r !== false) return r;
      done[i] = 0;
      order.pop();
      if (op.output !== undefined) finished--;
      tried.push(op.id);
    }
    if (order.length === longest.length) stuckAt = tried;
    return false;
  };

  const r = search(model.init());
  if (r === "bound") return { result: "too-large", explored, bound };
  if (r) return { result: "linearizable", order: [...order], explored };
  return { result: "not-linearizable", explored, longestPrefix: longest, stuckAt };
}
