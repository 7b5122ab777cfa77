import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isRetryableStatus,
  retryAfterMs,
} from '../../src/metabase/retry-policy.ts';

describe('backoff', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the cap each attempt and applies full jitter', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelayMs(3, policy, () => 0.25)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [500, true, true],
    [500, false, false],
    [502, false, true],
    [429, false, true],
    [501, true, false],
    [505, true, false],
    [404, true, false],
    [599, true, true],
  ] as const)('%i (read: %s) → %s', (status, safe, expected) => {
    expect(isRetryableStatus(status, safe)).toBe(expected);
  });
});
