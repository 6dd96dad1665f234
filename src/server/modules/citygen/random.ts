// A small seeded PRNG (splitmix32) and the sampling helpers the city generator needs.
// Only integer arithmetic and Math.imul drive the stream, so a seed gives the same city everywhere.

/** Mixes 32-bit integers into one well-spread 32-bit hash (the splitmix32 finaliser). */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = (h ^ (v >>> 0)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
    h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
    h = (h ^ (h >>> 15)) >>> 0;
  }
  return h >>> 0;
}

export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** Next 32-bit unsigned integer (splitmix32). */
  uint32(): number {
    this.#state = (this.#state + 0x9e3779b9) | 0;
    let t = this.#state ^ (this.#state >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi], both included. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Approximately standard normal (Irwin–Hall of four uniforms, rescaled): bounded to ±3.46, no trig. */
  normal(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508075688772;
  }
}

/** O(1) weighted choice (Walker's alias method). Zero weights are never picked. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  readonly #prob: Float64Array;
  readonly #alias: Int32Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    const n = entries.length;
    const total = entries.reduce((s, [, w]) => s + w, 0);
    if (n === 0 || !(total > 0)) throw new Error('WeightedTable needs a positive total weight');
    this.items = entries.map(([item]) => item);
    this.#prob = new Float64Array(n);
    this.#alias = new Int32Array(n);
    const scaled = entries.map(([, w]) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.#prob[s] = scaled[s]!;
      this.#alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of large) this.#prob[i] = 1;
    for (const i of small) this.#prob[i] = 1;
  }

  pickIndex(rng: Random): number {
    const u = rng.next() * this.items.length;
    const i = Math.floor(u);
    return u - i < this.#prob[i]! ? i : this.#alias[i]!;
  }

  pick(rng: Random): T {
    return this.items[this.pickIndex(rng)]!;
  }
}

/** Weighted choice of an integer in a sub-range of a cumulative table, keeping the relative weights. */
export class CumulativeTable {
  readonly #cum: Float64Array;

  /** `weights[i]` is the weight of value i. */
  constructor(weights: ArrayLike<number>) {
    this.#cum = new Float64Array(weights.length + 1);
    for (let i = 0; i < weights.length; i++) this.#cum[i + 1] = this.#cum[i]! + weights[i]!;
  }

  get size(): number {
    return this.#cum.length - 1;
  }

  /** A value in [lo, hi] (clamped to the table), chosen in proportion to its weight. */
  pickIn(rng: Random, lo: number, hi: number): number {
    const a = Math.max(0, lo);
    const b = Math.min(this.size - 1, hi);
    if (b < a) return Math.max(0, Math.min(this.size - 1, lo));
    const from = this.#cum[a]!;
    const to = this.#cum[b + 1]!;
    if (!(to > from)) return a + Math.floor(rng.next() * (b - a + 1));
    const target = from + rng.next() * (to - from);
    let l = a;
    let h = b;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if (this.#cum[mid + 1]! > target) h = mid;
      else l = mid + 1;
    }
    return l;
  }
}
