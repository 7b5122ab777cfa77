import { describe, expect, it } from 'vitest';
import { parseNativeQuery, tagUses } from '../../src/desired/metabase/native-query-template.ts';
import { qualifiedNameAlways, quoteIdentAlways } from '../../src/sql/sql-quote.ts';

describe('quoteIdentAlways', () => {
  it('double-quotes and doubles embedded quotes', () => {
    expect(quoteIdentAlways('Account Name')).toBe('"Account Name"');
    expect(quoteIdentAlways('Owner\'s "Nick" %&')).toBe('"Owner\'s ""Nick"" %&"');
    expect(quoteIdentAlways('Peña Größe')).toBe('"Peña Größe"');
    expect(quoteIdentAlways('COI-Expired')).toBe('"COI-Expired"');
  });

  it('writes Metabase template syntax as Unicode escapes so the parser never sees it', () => {
    expect(quoteIdentAlways('Limits [[GL]]')).toBe('U&"Limits \\005B\\005BGL\\005D\\005D"');
    expect(quoteIdentAlways('a {{b}} "c" \\')).toBe('U&"a \\007B\\007Bb\\007D\\007D ""c"" \\\\"');
    expect(quoteIdentAlways('x -- y /* z */')).toBe(
      'U&"x \\002D\\002D y \\002F\\002A z \\002A\\002F"',
    );
  });

  it('leaves a query that uses such names free of template syntax', () => {
    const sql = `SELECT ${quoteIdentAlways('{{customer}}')}, ${quoteIdentAlways('[[x]]')} FROM t`;
    expect(tagUses(parseNativeQuery(sql))).toEqual([]);
  });

  it('rejects names PostgreSQL cannot hold', () => {
    expect(() => quoteIdentAlways('')).toThrow();
    expect(() => quoteIdentAlways('a\u0000b')).toThrow();
  });

  it('qualifies schema and name', () => {
    expect(qualifiedNameAlways('reporting', 'coi_expired')).toBe('"reporting"."coi_expired"');
  });
});
