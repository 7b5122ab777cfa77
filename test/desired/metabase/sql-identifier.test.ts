import { describe, expect, it } from 'vitest';
import { parseNativeQuery, tagUses } from '../../../src/desired/metabase/native-query-template.ts';
import { qualifiedName, quoteIdentifier } from '../../../src/desired/metabase/sql-identifier.ts';

describe('quoteIdentifier', () => {
  it('double-quotes and doubles embedded quotes', () => {
    expect(quoteIdentifier('Account Name')).toBe('"Account Name"');
    expect(quoteIdentifier('Owner\'s "Nick" %&')).toBe('"Owner\'s ""Nick"" %&"');
    expect(quoteIdentifier('Peña Größe')).toBe('"Peña Größe"');
    expect(quoteIdentifier('COI-Expired')).toBe('"COI-Expired"');
  });

  it('writes Metabase template syntax as Unicode escapes so the parser never sees it', () => {
    expect(quoteIdentifier('Limits [[GL]]')).toBe('U&"Limits \\005B\\005BGL\\005D\\005D"');
    expect(quoteIdentifier('a {{b}} "c" \\')).toBe('U&"a \\007B\\007Bb\\007D\\007D ""c"" \\\\"');
    expect(quoteIdentifier('x -- y /* z */')).toBe(
      'U&"x \\002D\\002D y \\002F\\002A z \\002A\\002F"',
    );
  });

  it('leaves a query that uses such names free of template syntax', () => {
    const sql = `SELECT ${quoteIdentifier('{{customer}}')}, ${quoteIdentifier('[[x]]')} FROM t`;
    expect(tagUses(parseNativeQuery(sql))).toEqual([]);
  });

  it('rejects names PostgreSQL cannot hold', () => {
    expect(() => quoteIdentifier('')).toThrow();
    expect(() => quoteIdentifier('a\u0000b')).toThrow();
  });

  it('qualifies schema and name', () => {
    expect(qualifiedName('reporting', 'coi_expired')).toBe('"reporting"."coi_expired"');
  });
});
