import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/metabase/json.ts';
import {
  normaliseDatasetQuery,
  normaliseFieldRef,
  toLegacyDatasetQuery,
} from '../../src/metabase/card-query.ts';
import { cardSchema } from '../../src/metabase/responses.ts';
import { hasShared, sharedDir, sharedSkipMessage } from '../support/shared.ts';

if (!hasShared) console.warn(sharedSkipMessage);

describe.skipIf(!hasShared)(
  'recorded cards: MBQL 4 (0.50) and MBQL 5 (0.57) normalise alike',
  () => {
    const dir = (era: string) => path.join(sharedDir, 'metabase', 'recorded', era, 'card');
    const files = hasShared ? readdirSync(dir('mbql5')).sort() : [];
    const read = (era: string, file: string): unknown =>
      JSON.parse(readFileSync(path.join(dir(era), file), 'utf8'));

    it('has recorded cards to compare', () => {
      expect(files.length).toBeGreaterThanOrEqual(7);
    });

    it.each(files)('card %s', (file) => {
      const old = cardSchema.parse(read('mbql4', file));
      const now = cardSchema.parse(read('mbql5', file));
      expect(now.query).toEqual(old.query);
      expect(now.id).toBe(old.id);
    });

    it('native recorded cards keep their SQL', () => {
      const card = cardSchema.parse(read('mbql5', '30.json'));
      expect(card.query).toEqual({
        kind: 'native',
        database: 2,
        query: 'select 1;',
        templateTags: {},
      });
    });
  },
);

const tag = {
  name: 'org',
  'display-name': 'Service org',
  type: 'dimension',
  id: '11111111-2222-4333-8444-555555555555',
  required: true,
  'widget-type': 'string/=',
};

describe('template tags and field refs across versions', () => {
  const mbql4: JsonValue = {
    database: 3,
    type: 'native',
    native: {
      query: 'SELECT 1 WHERE {{org}}',
      'template-tags': { org: { ...tag, dimension: ['field', 42, null] } },
    },
  };
  const mbql5Map: JsonValue = {
    'lib/type': 'mbql/query',
    database: 3,
    stages: [
      {
        'lib/type': 'mbql.stage/native',
        native: 'SELECT 1 WHERE {{org}}',
        'template-tags': { org: { ...tag, dimension: ['field', 42, null] } },
      },
    ],
  };
  // 0.61+: MBQL 5 field refs; 0.63+: template-tags as a list.
  const mbql5List: JsonValue = {
    'lib/type': 'mbql/query',
    database: 3,
    stages: [
      {
        'lib/type': 'mbql.stage/native',
        native: 'SELECT 1 WHERE {{org}}',
        'template-tags': [
          { ...tag, dimension: ['field', { 'lib/uuid': 'abc', 'base-type': 'type/Text' }, 42] },
        ],
      },
    ],
  };

  it('gives one normalised query for MBQL 4, MBQL 5 with a map and MBQL 5 with a list', () => {
    const a = normaliseDatasetQuery(mbql4);
    expect(normaliseDatasetQuery(mbql5Map)).toEqual(a);
    expect(normaliseDatasetQuery(mbql5List)).toEqual(a);
    expect(a).toMatchObject({
      kind: 'native',
      database: 3,
      query: 'SELECT 1 WHERE {{org}}',
      templateTags: {
        org: {
          name: 'org',
          displayName: 'Service org',
          type: 'dimension',
          required: true,
          widgetType: 'string/=',
          dimension: { fieldId: 42, options: null },
        },
      },
    });
  });

  it('writes back the MBQL 4 form, which reads back the same', () => {
    const normalised = normaliseDatasetQuery(mbql5List);
    if (normalised.kind !== 'native') throw new Error('expected native');
    const legacy = toLegacyDatasetQuery(normalised);
    expect(legacy).toEqual({
      database: 3,
      type: 'native',
      native: {
        query: 'SELECT 1 WHERE {{org}}',
        'template-tags': { org: { ...tag, dimension: ['field', 42, null] } },
      },
    });
    expect(normaliseDatasetQuery(legacy)).toEqual(normalised);
  });

  it('keeps meaningful ref options and drops server-derived ones', () => {
    expect(
      normaliseFieldRef(['field', 7, { 'base-type': 'type/Integer', 'temporal-unit': 'day' }]),
    ).toEqual({
      fieldId: 7,
      options: { 'temporal-unit': 'day' },
    });
    expect(normaliseFieldRef(['field', { 'lib/uuid': 'x', 'join-alias': 'C' }, 7])).toEqual({
      fieldId: 7,
      options: { 'join-alias': 'C' },
    });
    expect(normaliseFieldRef(['expression', 'x'])).toBeNull();
  });

  it('rejects unknown tag types with the tag name', () => {
    expect(() =>
      normaliseDatasetQuery({
        database: 1,
        type: 'native',
        native: { query: 'x', 'template-tags': { a: { name: 'a', type: 'weird' } } },
      }),
    ).toThrow('template tag "a" has unknown type "weird"');
  });

  it('treats GUI questions as structured in both forms', () => {
    expect(
      normaliseDatasetQuery({ database: 2, type: 'query', query: { 'source-table': 18 } }),
    ).toEqual({ kind: 'structured', database: 2 });
    expect(
      normaliseDatasetQuery({
        'lib/type': 'mbql/query',
        database: 2,
        stages: [{ 'lib/type': 'mbql.stage/mbql', 'source-table': 18 }],
      }),
    ).toEqual({ kind: 'structured', database: 2 });
  });
});
