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

describe('cleanAddresses: invisible characters (issue 11, row 11)', () => {
  it('drops an address hiding a bidi override, a zero-width space or a control character', () => {
    const result = cleanAddresses([
      '\u202Eevil@y.com',
      'a\u200B@x.com',
      'b@x.com\r\nBcc: c@x.com',
      'ok@x.com',
    ]);
    expect(result.addresses).toEqual(['ok@x.com']);
    expect(result.dropped).toEqual([
      { value: '<U+202E>evil@y.com', reason: 'contains invisible or control characters' },
      { value: 'a<U+200B>@x.com', reason: 'contains invisible or control characters' },
      {
        value: 'b@x.com<U+000D><U+000A>Bcc: c@x.com',
        reason: 'contains invisible or control characters',
      },
    ]);
  });
});
