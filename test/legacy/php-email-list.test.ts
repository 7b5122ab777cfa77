import { describe, expect, it } from 'vitest';
import { decodePhpEmailList } from '../../src/legacy/php-email-list.ts';

/** What PHP's serialize() writes for a string: the length is in UTF-8 BYTES. */
function phpString(value: string): string {
  return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`;
}
function phpList(entries: readonly (readonly [number, string])[]): string {
  return `a:${entries.length}:{${entries.map(([key, value]) => `i:${key};${phpString(value)}`).join('')}}`;
}

describe('decodePhpEmailList', () => {
  it('counts multibyte UTF-8 by bytes, as PHP does', () => {
    const name = 'José Peña <jose@x.com>';
    expect(phpString(name)).toBe('s:24:"José Peña <jose@x.com>";');
    expect(decodePhpEmailList(phpList([[0, name]]))).toEqual({ ok: true, entries: [name] });
  });

  it('reports a length counted in characters instead of bytes as corrupt', () => {
    const result = decodePhpEmailList('a:1:{i:0;s:22:"José Peña <jose@x.com>";}');
    expect(result.ok).toBe(false);
  });

  it('reports a wrong length as corrupt', () => {
    const result = decodePhpEmailList('a:1:{i:0;s:30:"a@b.com";}');
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not valid PHP serialize() output'),
    });
  });

  it.each([
    ['N;', []],
    ['a:0:{}', []],
    ['', []],
    [null, []],
    [phpString('a@x.com'), ['a@x.com']],
  ] as const)('%j decodes to %j', (raw, entries) => {
    expect(decodePhpEmailList(raw)).toEqual({ ok: true, entries });
  });

  it('reads arrays whose keys have gaps', () => {
    const result = decodePhpEmailList(
      phpList([
        [5, 'a@x.com'],
        [27, 'b@x.com'],
        [3, 'c@x.com'],
      ]),
    );
    expect(result.ok && [...result.entries].sort()).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
  });

  it('rejects trailing garbage and non-string entries', () => {
    expect(decodePhpEmailList('N;junk').ok).toBe(false);
    expect(decodePhpEmailList('a:1:{i:0;i:5;}').ok).toBe(false);
    expect(decodePhpEmailList('i:5;').ok).toBe(false);
  });
});
