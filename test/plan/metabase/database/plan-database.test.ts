import { describe, expect, it } from 'vitest';
import { databaseListSchema } from '../../../../src/metabase/responses.ts';
import { observedDatabaseForm } from '../../../../src/plan/metabase/database/database-comparable.ts';
import { planDatabase } from '../../../../src/plan/metabase/database/plan-database.ts';
import { indexManaged } from '../../../../src/plan/metabase/managed-index.ts';
import {
  desiredMetabase,
  expectGolden,
  observedMetabase,
  recorded,
  type Era,
} from '../recorded-metabase.ts';

describe('database kind: a recorded GET /api/database answer', () => {
  const planFor = (era: Era, patterns: string) => {
    const [database = null] = recorded(era, 'database.json', databaseListSchema);
    const desired = desiredMetabase({});
    const wanted = {
      ...desired,
      database: {
        ...desired.database,
        details: { ...desired.database.details, 'schema-filters-patterns': patterns },
      },
    };
    const observed = observedMetabase({ database });
    return {
      observed: database ? observedDatabaseForm(wanted.database, database) : null,
      plan: planDatabase({
        desired: wanted,
        observed,
        index: indexManaged(observed),
        prune: false,
      }),
    };
  };

  it('compares only the details we set: the password and Metabase’s own flags never show', () => {
    const { observed, plan } = planFor('mbql5', 'reporting');
    expect(JSON.stringify(observed)).not.toContain('MetabasePass');
    expect(plan.map((i) => [i.action, i.changes.map((c) => c.path)])).toEqual([
      ['update', ['details.schema-filters-patterns', 'details.schema-filters-type']],
    ]);
    expectGolden('database', { observed, plan });
  });

  it('reads both eras the same way', () => {
    expect(planFor('mbql4', 'reporting')).toEqual(planFor('mbql5', 'reporting'));
  });

  it('plans a create when the connection does not exist yet', () => {
    const desired = desiredMetabase({});
    const observed = observedMetabase({});
    const [item] = planDatabase({ desired, observed, index: indexManaged(observed), prune: true });
    expect(item?.action).toBe('create');
  });
});
