import type pg from 'pg';
import { InputError } from '../../errors.ts';
import type { ViewPlan } from '../../plan/postgres/plan-views.ts';

/**
 * Every view created or dropped in the one views transaction keeps a lock until COMMIT, and the
 * server's shared lock table holds max_locks_per_transaction × (max_connections +
 * max_prepared_transactions) locks for all sessions together. Past that Postgres stops with "out
 * of shared memory" somewhere in the middle of the transaction (measured: 9,472 views against the
 * default 6,400; BENCHMARKS.md F4). Counting first turns that into a clear error before the first
 * statement — the one-transaction rule (nothing half-applied) is not something to trade away.
 */
export interface LockSettings {
  readonly maxLocksPerTransaction: number;
  readonly maxConnections: number;
  readonly maxPreparedTransactions: number;
}

export async function readLockSettings(client: pg.ClientBase): Promise<LockSettings> {
  const { rows } = await client.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_catalog.pg_settings
      WHERE name IN ('max_locks_per_transaction', 'max_connections', 'max_prepared_transactions')`,
  );
  const value = (name: string) => Number(rows.find((r) => r.name === name)?.setting ?? 0);
  return {
    maxLocksPerTransaction: value('max_locks_per_transaction'),
    maxConnections: value('max_connections'),
    maxPreparedTransactions: value('max_prepared_transactions'),
  };
}

/** Locks the transaction will hold at its peak: one per relation it creates, drops or reads. */
export function locksNeeded(plan: ViewPlan, sourceTables: number): number {
  let relations = 0;
  for (const change of plan.views) {
    if (change.action === 'unchanged' || change.action === 'keep') continue;
    // A replaced view is dropped and created: two relations. A materialized view has its index.
    const created = change.action === 'drop' ? 0 : change.desired === 'materialized' ? 2 : 1;
    const dropped = change.action === 'create' ? 0 : change.live === 'materialized' ? 2 : 1;
    relations += created + dropped;
  }
  return relations === 0 ? 0 : relations + sourceTables + 10;
}

/** The error to stop with before any change when the plan cannot fit in the lock table. */
export function lockBudgetProblem(needed: number, settings: LockSettings): InputError | null {
  const capacity =
    settings.maxLocksPerTransaction * (settings.maxConnections + settings.maxPreparedTransactions);
  if (needed <= capacity) return null;
  const perSlot = Math.ceil(needed / (settings.maxConnections + settings.maxPreparedTransactions));
  const suggestion = 2 ** Math.ceil(Math.log2(Math.max(perSlot * 1.25, 64)));
  return new InputError(
    `The views transaction needs about ${needed.toLocaleString('en-US')} locks, more than this PostgreSQL server can hold in one transaction (${capacity.toLocaleString('en-US')} = max_locks_per_transaction ${settings.maxLocksPerTransaction} × (max_connections ${settings.maxConnections} + max_prepared_transactions ${settings.maxPreparedTransactions})); nothing was changed.`,
    [
      `Set max_locks_per_transaction = ${suggestion} (postgresql.conf; needs a restart, about 150 bytes of shared memory per slot) and run again.`,
      'The views are applied in one transaction on purpose, so a failure never leaves them half-changed.',
    ],
  );
}
