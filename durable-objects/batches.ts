/** How many other objects one object calls at once (thousands at once restarted workerd here). */
export const OBJECT_CALLS_AT_ONCE = 50;

/**
 * Maps `items` through `fn` with at most `size` calls in flight: an object that calls thousands of
 * others at once (an IPL asking every XLINK volume) can exhaust the runtime, so calls go in waves.
 * Answers in the items' order.
 */
export async function mapInBatches<T, R>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}
