/** Slots of the cache: a directory repeats a few dozen statements in entry after entry. */
const SLOTS = 2048;
const NONE: string[] = [];

/**
 * One array for each repeat of a statement's operand words: a directory says `LINK MAINT 0190 0190
 * RR`, `IPL CMS` or `INCLUDE IBMDFLT` in entry after entry, and every statement's words are kept.
 * Direct-mapped, like WordCache: a collision replaces the slot. The arrays are shared, so read-only.
 */
export class WordListCache {
  private readonly lists: string[][] = new Array<string[]>(SLOTS).fill(NONE);
  private readonly hashes = new Int32Array(SLOTS);

  /** Mixes one more word's hash (WordCache.step over its codes) into a list's hash (start from 0). */
  static step(hash: number, wordHash: number): number {
    return Math.imul(hash ^ wordHash, 16777619) + 1;
  }

  /** `scratch.slice(0, count)`, whose word hashes mixed with `step` give `hash`; a cached array when there is one. */
  get(scratch: string[], count: number, hash: number): string[] {
    const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
    const cached = this.lists[slot];
    if (this.hashes[slot] === hash && cached.length === count) {
      let k = 0;
      while (k < count && cached[k] === scratch[k]) k++;
      if (k === count) return cached;
    }
    const list = scratch.slice(0, count);
    this.lists[slot] = list;
    this.hashes[slot] = hash;
    return list;
  }
}
