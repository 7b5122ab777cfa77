import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFieldCatalog } from '../../src/catalog/parse-field-catalog.ts';
import { InputError } from '../../src/errors.ts';
import { hasShared, sharedDir, sharedSkipMessage } from '../support/shared.ts';
import { shippedCatalog } from '../apply/postgres/views-support.ts';

function problems(text: string): readonly string[] {
  try {
    parseFieldCatalog(text, 'fields.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.details;
    throw error;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('parseFieldCatalog', () => {
  it('reads plain and aggregate fields with their line', () => {
    const catalog = parseFieldCatalog(
      [
        'fields:',
        '  ph_name:',
        '    expression: ph_name',
        '    pgType: text',
        '    semanticType: type/Name',
        '    displayFormat: text',
        '  expiring_accounts:',
        '    aggregate: count(*) FILTER (WHERE coi_days_to_expiration BETWEEN 0 AND num_days)',
        '    usesNumDays: true',
        '    pgType: bigint',
        '    semanticType: null',
        '    displayFormat: int',
      ].join('\n'),
      'fields.yaml',
    );
    expect(catalog.fields.get('ph_name')).toMatchObject({
      kind: 'plain',
      sql: 'ph_name',
      grain: 'record',
      line: 2,
    });
    expect(catalog.fields.get('expiring_accounts')).toMatchObject({
      kind: 'aggregate',
      usesNumDays: true,
      line: 7,
    });
  });

  it('reports every problem with its file, line and YAML path', () => {
    expect(
      problems(
        [
          'fields:',
          '  a:',
          '    expression: x; DROP TABLE y',
          '    pgType: varchar',
          '    semanticType: type/Nope',
          '    displayFormat: text',
          '  b:',
          '    pgType: text',
          '    semanticType: null',
          '    displayFormat: sparkles',
          '  c:',
          '    expression: coi_days_to_expiration < num_days',
          '    pgType: boolean',
          '    semanticType: null',
          '    displayFormat: yes_no',
        ].join('\n'),
      ),
    ).toEqual([
      'fields.yaml:3: fields.a.expression: must be one SQL expression (no ";" and no comments)',
      'fields.yaml:4: fields.a.pgType: Invalid option: expected one of "text"|"bigint"|"integer"|"numeric"|"date"|"timestamptz"|"boolean"',
      'fields.yaml:5: fields.a.semanticType: is not a known Metabase semantic type',
      'fields.yaml:10: fields.b.displayFormat: Invalid option: expected one of "text"|"int"|"money"|"percent"|"date"|"datetime"|"yes_no"|"email"|"phone"',
      'fields.yaml:11: fields.c.usesNumDays: the expression reads num_days: set usesNumDays: true',
    ]);
  });

  it('rejects YAML that does not parse, naming the line', () => {
    expect(problems('fields:\n  a: [\n')[0]).toMatch(/^fields\.yaml:\d+: /);
  });
});

describe.skipIf(!hasShared)('catalog/fields.yaml', () => {
  if (!hasShared) console.warn(sharedSkipMessage);

  it('defines exactly the fields of FIELDS.md', () => {
    const spec = readFileSync(path.join(sharedDir, 'dtx2', 'FIELDS.md'), 'utf8');
    const names = new Set<string>();
    for (const line of spec.split('\n')) {
      const cell = /^\| ([^|]+) \|/.exec(line)?.[1]?.trim();
      if (!cell || cell === 'field' || cell.startsWith('---')) continue;
      if (cell.startsWith('ph_custom_1,')) {
        for (let i = 1; i <= 15; i += 1) names.add(`ph_custom_${i}`);
        continue;
      }
      for (const name of cell.split(/[,/]/).map((n) => n.trim())) if (name) names.add(name);
    }
    expect(names.size).toBeGreaterThan(100);
    expect([...shippedCatalog().fields.keys()].sort()).toEqual([...names].sort());
  });
});
