import { describe, expect, it } from 'vitest';
import { lockBudgetProblem, locksNeeded } from '../../../src/apply/postgres/lock-budget.ts';
import type { ViewChange, ViewPlan } from '../../../src/plan/postgres/plan-views.ts';

const plan = (views: ViewChange[]): ViewPlan => ({
  schema: 'reporting',
  createSchema: false,
  views,
  role: {
    name: 'reader',
    action: 'unchanged',
    changes: [],
    settings: [],
    metabasePassword: 'current',
  },
  grants: [],
  reach: {
    database: 'db',
    connect: true,
    temporary: false,
    createInDatabase: false,
    createInSchemas: [],
    otherDatabases: [],
  },
  warnings: [],
  changed: true,
});
const change = (
  action: ViewChange['action'],
  live: ViewChange['live'],
  desired: ViewChange['desired'],
): ViewChange => ({ name: `v_${Math.random()}`, action, reason: null, live, desired });

const defaults = { maxLocksPerTransaction: 64, maxConnections: 100, maxPreparedTransactions: 0 };

describe('locksNeeded', () => {
  it('is zero when nothing changes: a no-op run takes no DDL locks', () => {
    expect(locksNeeded(plan([change('unchanged', 'view', 'view')]), 15)).toBe(0);
  });

  it('counts created, dropped and replaced relations, indexes of materialized views, and sources', () => {
    const needed = locksNeeded(
      plan([
        change('create', null, 'view'), // 1
        change('replace', 'view', 'materialized'), // 1 dropped + 2 created
        change('recreate', 'materialized', 'materialized'), // 2 + 2
        change('drop', 'view', null), // 1
        change('unchanged', 'view', 'view'), // 0
      ]),
      15,
    );
    expect(needed).toBe(1 + 3 + 4 + 1 + 15 + 10);
  });
});

describe('lockBudgetProblem', () => {
  it('accepts what fits', () => {
    expect(lockBudgetProblem(6_400, defaults)).toBeNull();
  });

  it('stops the 10,000-report case of the benchmark before any change, with the setting to raise', () => {
    // 9,472 views created in one transaction (BENCHMARKS.md F4) against the default 64 × 100.
    const problem = lockBudgetProblem(9_472 + 15 + 10, defaults);
    expect(problem?.message).toContain('needs about 9,497 locks');
    expect(problem?.message).toContain(
      '6,400 = max_locks_per_transaction 64 × (max_connections 100',
    );
    expect(problem?.message).toContain('nothing was changed');
    expect(problem?.details[0]).toContain('max_locks_per_transaction = 128');
  });
});
