import { checkInteger } from './validate.js';

/**
 * A small, fast, seeded pseudo-random generator (mulberry32 on a 32-bit state). Pass one of these
 * wherever randomness is needed (splits, shuffles, dropout masks, scheduled sampling) so runs are
 * reproducible and no module keeps global RNG state. Its `state` can be saved in a checkpoint and
 * restored with `Rng.fromState` so a resumed run draws the same numbers as an uninterrupted one.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.next();        // 0.6011037519201636 (uniform in [0, 1))
 * rng.int(10);       // an integer in [0, 10)
 * rng.shuffle([1, 2, 3]); // a new, shuffled array
 * ```
 */
export class Rng {
  private s: number;

  /** @param seed - any integer (taken modulo 2^32). */
  constructor(seed: number) {
    checkInteger('seed', seed, Number.MIN_SAFE_INTEGER);
    this.s = seed >>> 0;
  }

  /** Restore a generator from a saved {@link Rng.state}. */
  static fromState(state: number): Rng {
    const r = new Rng(0);
    r.s = state >>> 0;
    return r;
  }

  /** The internal 32-bit state, to save in a checkpoint. */
  get state(): number {
    return this.s;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    checkInteger('n', n, 1);
    return Math.floor(this.next() * n);
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A new array with the items of `items` in a uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** A fresh integer seed drawn from this generator, for seeding a tfjs op or a child generator. */
  seed(): number {
    return Math.floor(this.next() * 2147483647);
  }

  /** Bind `next` so it can be passed as a plain `() => number` (e.g. `rng: r.asFunction()`). */
  asFunction(): () => number {
    return () => this.next();
  }
}
