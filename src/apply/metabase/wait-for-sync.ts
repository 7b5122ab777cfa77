import { RemoteError } from '../../errors.ts';
import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import type { Database, DatabaseMetadata } from '../../metabase/types.ts';
import type { DesiredTableMetadata } from '../../desired/metabase/desired-metadata.ts';
import type { ApplyRun } from './apply-run.ts';

const maxPollMs = 5000;

export interface WaitOptions {
  readonly syncTimeoutMs: number;
  /** The first pause between polls; later ones grow to at most 5 s. */
  readonly syncPollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * Syncs when Metabase may not know the views as they are now: a new connection, views changed in
 * this run, or a view or column missing from the observed metadata. Returns the metadata the
 * sync produced, or null when the observed metadata stands.
 */
export async function syncIfNeeded(
  run: ApplyRun,
  database: Database,
  observed: DatabaseMetadata | null,
  why: { readonly connectionCreated: boolean },
): Promise<DatabaseMetadata | null> {
  const { client, desired, options } = run;
  if (
    observed &&
    !why.connectionCreated &&
    !options.viewsChanged &&
    missingColumns(observed, desired.tables).length === 0
  )
    return null;
  options.progress.phase('Metabase sync', 1);
  await client.syncDatabaseSchema(database.id);
  const metadata = await waitForSync(client, database.id, desired.tables, options);
  options.progress.step('views synced');
  return metadata;
}

/** `schema.view.column` → field id: what a field filter's dimension needs. */
export function fieldIdsOf(metadata: DatabaseMetadata | null): ReadonlyMap<string, number> {
  const ids = new Map<string, number>();
  for (const table of metadata?.tables ?? []) {
    for (const field of table.fields)
      ids.set(`${table.schema}.${table.name}.${field.name}`, field.id);
  }
  return ids;
}

/**
 * `sync_schema` returns at once and reports no completion: poll the metadata until every view and
 * column we expect is there, or time out naming what is still missing.
 */
async function waitForSync(
  client: MetabaseClient,
  databaseId: number,
  tables: readonly DesiredTableMetadata[],
  options: WaitOptions,
): Promise<DatabaseMetadata> {
  const deadline = options.now() + options.syncTimeoutMs;
  // Small views sync in a moment and a large schema in minutes: start polling fast, then back
  // off so a long sync does not cost hundreds of metadata reads.
  let pause = options.syncPollMs;
  for (;;) {
    const metadata = await client.getDatabaseMetadata(databaseId, { includeHidden: true });
    const missing = missingColumns(metadata, tables);
    if (missing.length === 0) return metadata;
    if (options.now() >= deadline) {
      const shown = missing.slice(0, 5).join(', ');
      const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
      throw new RemoteError(
        `timed out after ${Math.round(options.syncTimeoutMs / 1000)}s waiting for Metabase to sync ${shown}${more}: ` +
          'check that the reporting role can SELECT the views and that Metabase reaches the database host',
        { system: 'metabase' },
      );
    }
    await options.sleep(pause);
    pause = Math.min(pause * 1.5, maxPollMs);
  }
}

function missingColumns(
  metadata: DatabaseMetadata,
  tables: readonly DesiredTableMetadata[],
): string[] {
  const synced = new Map(
    metadata.tables.map((t) => [`${t.schema}.${t.name}`, new Set(t.fields.map((f) => f.name))]),
  );
  const missing: string[] = [];
  for (const table of tables) {
    const columns = synced.get(`${table.schema}.${table.view}`);
    if (!columns) {
      missing.push(`${table.schema}.${table.view}`);
      continue;
    }
    for (const f of table.fields) {
      if (!columns.has(f.column)) missing.push(`${table.schema}.${table.view}.${f.column}`);
    }
  }
  return missing;
}
