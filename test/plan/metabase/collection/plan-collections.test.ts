import { describe, expect, it } from 'vitest';
import type { DesiredCollection } from '../../../../src/desired/metabase/model.ts';
import { collectionListSchema } from '../../../../src/metabase/responses.ts';
import { observedCollectionForm } from '../../../../src/plan/metabase/collection/collection-comparable.ts';
import { planCollections } from '../../../../src/plan/metabase/collection/plan-collections.ts';
import { indexManaged } from '../../../../src/plan/metabase/managed-index.ts';
import { describeWithKey } from '../../../../src/plan/metabase/metabase-key-marker.ts';
import {
  desiredMetabase,
  expectGolden,
  observedMetabase,
  recorded,
  type Era,
} from '../recorded-metabase.ts';

/** The recorded collections, with our key marker put into two of them as provision would. */
function observed(era: Era) {
  const collections = recorded(era, 'collection.json', collectionListSchema).map((c) =>
    c.id === 3
      ? { ...c, description: describeWithKey(c.description ?? '', 'collection:reports') }
      : c.id === 2
        ? { ...c, description: describeWithKey('', 'collection:retired') }
        : c,
  );
  return observedMetabase({ collections });
}

const collections: readonly DesiredCollection[] = [
  { key: 'collection:reports', name: 'Коллекция', parent: null, description: null },
  { key: 'collection:customer:7', name: 'Acme', parent: 'collection:reports', description: 'x' },
];

describe('collection kind: a recorded GET /api/collection answer', () => {
  const planFor = (era: Era, prune: boolean) => {
    const o = observed(era);
    const index = indexManaged(o);
    const desired = desiredMetabase({ state: { collections } });
    return {
      observed: [...index.collections].map(([key, c]) => [
        key,
        observedCollectionForm(c, index.names),
      ]),
      plan: planCollections({ desired, observed: o, index, prune }),
    };
  };

  it('the marker is not content: an unchanged collection is noop; new ones are created', () => {
    const { observed: forms, plan } = planFor('mbql5', true);
    expect(plan.map((i) => [i.key, i.action])).toEqual([
      ['collection:customer:7', 'create'],
      ['collection:reports', 'noop'],
      ['collection:retired', 'archive'],
    ]);
    expectGolden('collection', { observed: forms, plan });
  });

  it('keeps what left the code without --prune', () => {
    const { plan } = planFor('mbql5', false);
    expect(plan.find((i) => i.key === 'collection:retired')?.action).toBe('noop');
  });

  it('reads both eras the same way', () => {
    expect(planFor('mbql4', true)).toEqual(planFor('mbql5', true));
  });
});
