import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from '../../src/demo-data/prng.ts';

function draws(seed: number, count: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => rng.next());
}

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draws(42, 50)).toEqual(draws(42, 50));
    expect(draws(42, 50)).not.toEqual(draws(43, 50));
  });

  it('restarts the sequence on reset', () => {
    const rng = new Rng(9);
    const first = [rng.next(), rng.next()];
    rng.reset(9);
    expect([rng.next(), rng.next()]).toEqual(first);
  });

  it('stays in [0, 1) and covers the range evenly', () => {
    const values = draws(7, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = Array.from({ length: 10 }, () => 0);
    for (const value of values) buckets[Math.floor(value * 10)]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(1_800);
  });

  it('int() includes both bounds and nothing outside them', () => {
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let n = 0; n < 2_000; n += 1) seen.add(rng.int(-2, 2));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('weighted() never picks a zero weight', () => {
    const rng = new Rng(5);
    for (let n = 0; n < 1_000; n += 1) expect(rng.weighted([1, 0, 3])).not.toBe(1);
  });
});

describe('deriveSeed', () => {
  it('depends on every part and on their order', () => {
    const seeds = new Set([
      deriveSeed(1, 2, 3),
      deriveSeed(1, 2, 4),
      deriveSeed(1, 3, 2),
      deriveSeed(2, 2, 3),
      deriveSeed(1, 2),
    ]);
    expect(seeds.size).toBe(5);
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
  });

  it('gives distinct seeds for consecutive row indexes', () => {
    const seeds = new Set(Array.from({ length: 100_000 }, (_, index) => deriveSeed(1, 2, index)));
    expect(seeds.size).toBeGreaterThan(99_990);
  });
});
