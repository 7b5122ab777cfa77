import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MysqlQuoteEscapeRewriter, decodeMysqlEscapes } from '../../src/legacy/mysql-escapes.ts';

async function rewrite(chunks: readonly string[]): Promise<string> {
  let out = '';
  for await (const piece of Readable.from(chunks).pipe(new MysqlQuoteEscapeRewriter()))
    out += String(piece);
  return out;
}

describe('decodeMysqlEscapes', () => {
  it.each([
    ['plain', 'plain'],
    ['a\\nb', 'a\nb'],
    ['a\\tb', 'a\tb'],
    ['a\\0b', 'a\0b'],
    ['back\\\\slash', 'back\\slash'],
    ['\\\\n is not a newline', '\\n is not a newline'],
    ['\\\\N is text', '\\N is text'],
    ['say \\"hi\\"', 'say "hi"'],
    ['line\\\nbreak', 'line\nbreak'],
    ['comma\\,', 'comma,'],
    ['Z\\Z', 'Z\x1a'],
    ['trailing\\', 'trailing\\'],
  ])('%j → %j', (input, expected) => {
    expect(decodeMysqlEscapes(input)).toBe(expected);
  });
});

describe('MysqlQuoteEscapeRewriter', () => {
  it('turns only \\" into "" and leaves every other escape pair alone', async () => {
    expect(await rewrite(['1,"a \\"b\\" \\\\ \\n",\\N\n'])).toBe('1,"a ""b"" \\\\ \\n",\\N\n');
  });

  it('keeps \\\\" as an escaped backslash followed by the closing quote', async () => {
    expect(await rewrite(['"ends with backslash\\\\",2\n'])).toBe('"ends with backslash\\\\",2\n');
  });

  it('handles an escape split across chunks', async () => {
    expect(await rewrite(['"a\\', '"b\\', '\\",1\n'])).toBe('"a""b\\\\",1\n');
  });
});

describe("why csv-parse's own escape option is not used", () => {
  it('drops the backslash before any character, so \\n and n can no longer be told apart', () => {
    const rows: string[][] = parse('"a\\nb","a\\\\nb"\n', { escape: '\\' });
    // Both the escaped newline and the escaped backslash followed by n come out the same.
    expect(rows[0]).toEqual(['anb', 'a\\nb']);
    expect(decodeMysqlEscapes('a\\\\nb')).toBe('a\\nb');
  });
});
