import { describe, expect, it } from 'vitest';
import { cleanAddresses } from '../../src/legacy/email-addresses.ts';

describe('cleanAddresses', () => {
  it('splits on , and ;, trims, lower-cases and strips display names', () => {
    expect(
      cleanAddresses(['a@x.com, B@X.COM; José Peña <Jose@X.com>', '  c@x.com  ']).addresses,
    ).toEqual(['a@x.com', 'b@x.com', 'jose@x.com', 'c@x.com']);
  });

  it('does not split inside a quoted display name', () => {
    expect(cleanAddresses(['"Peña, José" <jose@x.com>']).addresses).toEqual(['jose@x.com']);
  });

  it('drops junk with a reason and reports duplicates once', () => {
    const result = cleanAddresses(['n/a', 'a@x.com', 'A@x.com', 'a@x.com', 'none', '']);
    expect(result.addresses).toEqual(['a@x.com']);
    expect(result.dropped).toEqual([
      { value: 'n/a', reason: 'not an e-mail address' },
      { value: 'none', reason: 'not an e-mail address' },
    ]);
    expect(result.duplicates).toEqual(['a@x.com']);
  });
});
