import { RemoteError } from '../../errors.ts';
import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import type { DatabaseMetadata } from '../../metabase/types.ts';
import type { DesiredTableMetadata } from '../../desired/metabase/desired-metadata.ts';

const maxPollMs = 5000;

export interface WaitOptions {
  readonly syncTimeoutMs: number;
  /** The first pause between polls; later ones grow to at most 5 s. */
  readonly syncPollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * `sync_schema` returns at once and reports no completion: poll the metadata until every view and
 * column we expect is there, or time out naming what is still missing.
 */
export async function waitForSync(
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

export function missingColumns(
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
