import type pg from 'pg';
import { InputError, RemoteError } from '../../errors.ts';
import { qualifiedName } from '../../sql/sql-quote.ts';
import type { Progress } from '../progress.ts';
import { managedHash } from '../../plan/postgres/view-comment-marker.ts';
import { postgresMessage } from '../../sql/postgres-message.ts';
import { connectionLostError, isConnectionLoss } from './postgres-session.ts';
import { acquireRunLock, runAdvisoryLock, type RunLockOptions } from './run-lock.ts';

export interface RefreshedView {
  readonly view: string;
  /** False only for a view never populated (CONCURRENTLY needs existing data). */
  readonly concurrently: boolean;
  readonly ms: number;
  readonly rows: number;
}

/**
 * `dtx-reports refresh`: recomputes the materialized report views provision created
 * (`--materialize`), one at a time, each in its own transaction, with
 * REFRESH MATERIALIZED VIEW CONCURRENTLY so dashboards keep reading the previous data meanwhile.
 * Only materialized views carrying our managed marker are touched. The views advisory lock keeps
 * a provision from replacing a view in the middle of its refresh.
 */
export async function refreshMaterializedViews(
  client: pg.ClientBase,
  options: {
    readonly schema: string;
    /** View names to refresh; null: every managed materialized view of the schema. */
    readonly only: readonly string[] | null;
    readonly progress: Progress;
    readonly now: () => number;
    /** The run lock (run-lock.ts): no provision replaces a view in the middle of its refresh. */
    readonly lock: RunLockOptions;
  },
): Promise<readonly RefreshedView[]> {
  const found = await client.query<{ name: string; comment: string | null; populated: boolean }>(
    `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment,
            c.relispopulated AS populated
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'm'
      ORDER BY c.relname`,
    [options.schema],
  );
  const managed = found.rows.filter((row) => managedHash(row.comment) !== null);
  let targets = managed;
  if (options.only !== null) {
    const byName = new Map(managed.map((row) => [row.name, row]));
    const unknown = options.only.filter((name) => !byName.has(name));
    if (unknown.length > 0) {
      throw new InputError(
        `Not a materialized view dtx-reports manages in ${options.schema}: ${unknown.join(', ')}.`,
        [
          managed.length === 0
            ? 'None exists yet: create them with `dtx-reports provision --materialize aggregates`.'
            : `Managed materialized views: ${managed.map((row) => row.name).join(', ')}.`,
        ],
      );
    }
    targets = options.only.flatMap((name) => byName.get(name) ?? []);
  }

  options.progress.phase('refresh materialized views', targets.length);
  const refreshed: RefreshedView[] = [];
  await acquireRunLock(client, options.lock);
  try {
    for (const target of targets) {
      options.progress.step(`${options.schema}.${target.name}`);
      const name = qualifiedName(options.schema, target.name);
      const started = options.now();
      try {
        const how = target.populated ? 'CONCURRENTLY ' : '';
        await client.query(`REFRESH MATERIALIZED VIEW ${how}${name}`);
      } catch (error) {
        const done = refreshed.length > 0 ? ` (${refreshed.length} refreshed before it)` : '';
        if (isConnectionLoss(error)) {
          throw connectionLostError(
            error,
            `the refresh of ${options.schema}.${target.name}`,
            `nothing was committed for it, it keeps its previous data${done}: run refresh again.`,
          );
        }
        throw new RemoteError(
          `PostgreSQL refused to refresh ${options.schema}.${target.name}: ${postgresMessage(error)}; it keeps its previous data${done}.`,
          { system: 'postgres', remoteMessage: postgresMessage(error) },
        );
      }
      const ms = options.now() - started;
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      refreshed.push({
        view: target.name,
        concurrently: target.populated,
        ms,
        rows: Number(count.rows[0]?.n ?? 0),
      });
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [runAdvisoryLock]).catch(() => undefined);
  }
  return refreshed;
}
