import { patternToRegExp } from "./records";

/**
 * A list of CP name patterns (`*` any string, `%` one character), matched case-insensitively, as
 * one object: names without a wildcard and prefixes (`VMQ*`, the usual form) in maps, the other
 * patterns in one regular expression whose alternatives run from the last pattern to the first.
 * Testing a name costs a lookup per character of the name (a volser has at most six) plus one
 * match against the rare other patterns, so every volume against every XLINK_Volume_Include stays
 * linear in volumes plus patterns.
 */
export class PatternSet {
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Map<string, number>();
  private readonly wild: RegExp | null;
  /** For capture group g (1-based), the index of its pattern in the list. */
  private readonly groupIndex: number[] = [];

  constructor(patterns: readonly string[]) {
    const bodies: string[] = [];
    for (let i = patterns.length - 1; i >= 0; i--) {
      const p = patterns[i].toUpperCase();
      if (!/[*%]/.test(p)) {
        if (!this.exact.has(p)) this.exact.set(p, i);
        continue;
      }
      if (/^[^*%]*\*$/.test(p)) {
        const prefix = p.slice(0, -1);
        if (!this.prefixes.has(prefix)) this.prefixes.set(prefix, i);
        continue;
      }
      bodies.push(`(${patternToRegExp(p).source.slice(1, -1)})`);
      this.groupIndex.push(i);
    }
    this.wild = bodies.length > 0 ? new RegExp(`^(?:${bodies.join("|")})$`) : null;
  }

  /** The index of the last pattern `name` matches, or -1. */
  lastMatch(name: string): number {
    const upper = name.toUpperCase();
    let found = this.exact.get(upper) ?? -1;
    if (this.prefixes.size > 0)
      for (let k = 0; k <= upper.length; k++)
        found = Math.max(found, this.prefixes.get(upper.slice(0, k)) ?? -1);
    const m = this.wild?.exec(upper);
    if (m) {
      // Alternatives are tried in order, last pattern first: the first group that took part is the one.
      for (let g = 1; g < m.length; g++)
        if (m[g] !== undefined) {
          found = Math.max(found, this.groupIndex[g - 1]);
          break;
        }
    }
    return found;
  }

  /** True when `name` matches any pattern. */
  matches(name: string): boolean {
    return this.lastMatch(name) >= 0;
  }
}
