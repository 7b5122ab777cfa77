import { describe, expect, it } from 'vitest';
import {
  cardSchema,
  collectionListSchema,
  databaseListSchema,
  databaseMetadataSchema,
} from '../../../src/metabase/responses.ts';
import { describeWithKey } from '../../../src/plan/metabase/metabase-key-marker.ts';
import { planMetabase } from '../../../src/plan/metabase/plan-metabase.ts';
import { resourceKinds } from '../../../src/plan/types.ts';
import { desiredMetabase, expectGolden, observedMetabase, recorded } from './recorded-metabase.ts';

const desired = desiredMetabase({
  tables: [
    {
      schema: 'public',
      view: 'customers',
      displayName: 'Customers',
      description: null,
      fields: [],
    },
  ],
  state: {
    collections: [
      { key: 'collection:reports', name: 'Коллекция', parent: null, description: null },
    ],
    questions: [
      {
        key: 'question:report:30',
        name: 'Dummy',
        description: '',
        collection: 'collection:reports',
        display: 'table',
        sql: 'select 1;',
        templateTags: [],
        visualizationSettings: { column_settings: {} },
      },
    ],
  },
});

/** The recorded world, with a collection and a card marked as ours and one card left over. */
function recordedWorld() {
  const collections = recorded('mbql5', 'collection.json', collectionListSchema).map((c) =>
    c.id === 3 ? { ...c, description: describeWithKey('', 'collection:reports') } : c,
  );
  const card = (n: number, key: string) => {
    const c = recorded('mbql5', `card/${n}.json`, cardSchema);
    return { ...c, collectionId: 3, description: describeWithKey(c.description ?? '', key) };
  };
  return observedMetabase({
    database: recorded('mbql5', 'database.json', databaseListSchema)[0] ?? null,
    metadata: recorded('mbql5', 'database/2/metadata.json', databaseMetadataSchema),
    collections,
    cards: [card(29, 'question:report:30'), card(32, 'question:report:gone')],
    settings: { 'report-timezone': 'UTC' },
  });
}

describe('planMetabase', () => {
  it('plans every kind, in the order they are applied', () => {
    const plan = planMetabase(desired, recordedWorld(), { prune: true });
    const order = plan.map((i) => resourceKinds.indexOf(i.kind));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(plan.map((i) => [i.kind, i.key, i.action])).toEqual([
      ['database', 'database:reporting', 'update'],
      ['table', 'table:public.customers', 'update'],
      ['collection', 'collection:reports', 'noop'],
      ['question', 'question:report:30', 'update'],
      ['question', 'question:report:gone', 'archive'],
      ['setting', 'setting:report-timezone', 'update'],
    ]);
    expectGolden('plan-metabase', plan);
  });

  it('passes --prune on: without it what left the code is kept', () => {
    const plan = planMetabase(desired, recordedWorld(), { prune: false });
    expect(plan.find((i) => i.key === 'question:report:gone')?.action).toBe('noop');
  });

  it('against an empty Metabase creates all but what Metabase itself makes', () => {
    const plan = planMetabase(desired, observedMetabase({}), { prune: false });
    expect(plan.map((i) => [i.kind, i.action])).toEqual([
      ['database', 'create'],
      ['table', 'update'],
      ['collection', 'create'],
      ['question', 'create'],
      ['setting', 'update'],
    ]);
  });
});
