/**
 * A small, seedable pseudo-random generator (mulberry32: 32-bit state, good enough statistical
 * quality for demo data, a few nanoseconds per draw). Demo data must be reproducible, so nothing
 * in the generator may call Math.random.
 *
 * The generator is re-seeded per (run seed, row index, stream) with `deriveSeed`, so a row's
 * values never depend on how many draws other rows or other tables made: every table can be
 * produced in its own pass and still agree with the others.
 */
export class Rng {
  private state = 0;

  constructor(seed = 0) {
    this.reset(seed);
  }

  reset(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick() from an empty list');
    return item;
  }

  /** Index into `weights` chosen with probability proportional to each weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let roll = this.next() * total;
    for (let index = 0; index < weights.length; index += 1) {
      roll -= weights[index] ?? 0;
      if (roll < 0) return index;
    }
    return weights.length - 1;
  }
}

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed for one stream: the same parts always give the same seed. */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = fmix32(
      Math.imul(h ^ (part >>> 0), 0x27d4eb2d) + 0x165667b1 + Math.floor(part / 4294967296),
    );
  }
  return h;
}
