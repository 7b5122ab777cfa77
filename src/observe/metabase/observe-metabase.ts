import { RemoteError } from '../../errors.ts';
import type { JsonValue } from '../../metabase/json.ts';
import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import { keyFromDescription } from '../../plan/metabase/metabase-key-marker.ts';
import type { ObservedMetabase } from '../../plan/metabase/metabase-state.ts';
import { mapWithConcurrency } from '../../concurrency.ts';

export interface ObserveOptions {
  /** The name of the Metabase database connection we manage. */
  readonly databaseName: string;
  readonly concurrency: number;
  /** Settings the plan compares. */
  readonly settingKeys: readonly string[];
}

/**
 * Reads everything a plan needs with list endpoints: a fixed dozen requests plus one GET per
 * managed dashboard (the dashboard list carries no dashcards). Never one GET per card.
 */
export async function observeMetabase(
  client: MetabaseClient,
  options: ObserveOptions,
): Promise<ObservedMetabase> {
  const [
    databases,
    activeCollections,
    archivedCollections,
    activeCards,
    archivedCards,
    activeDashboards,
    archivedDashboards,
    activePulses,
    archivedPulses,
    settingValues,
    settingList,
  ] = await Promise.all([
    client.listDatabases(),
    client.listCollections(),
    client.listCollections({ archived: true }),
    client.listCards(),
    client.listCards({ archived: true }),
    client.listDashboards(),
    client.listDashboards({ archived: true }),
    client.listPulses(),
    client.listPulses({ archived: true }),
    Promise.all(options.settingKeys.map((key) => client.getSetting(key))),
    client.listSettings(),
  ]);
  // Managed questions stay strict: one whose query this version cannot read is an error, not
  // something to overwrite blindly. Foreign ones were parsed leniently and are never touched.
  for (const card of [...activeCards, ...archivedCards]) {
    const key = keyFromDescription(card.description);
    if (card.query.kind === 'unreadable' && key !== null) {
      throw new RemoteError(
        `Metabase question ${card.id} "${card.name}" carries the dtx-reports key ${key} but its query cannot be read (${card.query.problem}): fix or delete it in Metabase, or upgrade dtx-reports.`,
        { system: 'metabase' },
      );
    }
  }

  const database = databases.find((d) => d.name === options.databaseName) ?? null;
  const metadata = database
    ? await client.getDatabaseMetadata(database.id, { includeHidden: true })
    : null;

  const managedDashboards = uniqueById([...activeDashboards, ...archivedDashboards]).filter(
    (d) => keyFromDescription(d.description) !== null,
  );
  const dashboards = await mapWithConcurrency(managedDashboards, options.concurrency, (d) =>
    client.getDashboard(d.id),
  );

  const settings: Record<string, JsonValue> = {};
  options.settingKeys.forEach((key, i) => {
    settings[key] = settingValues[i] ?? null;
  });

  return {
    database,
    metadata,
    collections: uniqueById([...activeCollections, ...archivedCollections]),
    cards: uniqueById([...activeCards, ...archivedCards]),
    dashboards,
    pulses: uniqueById([...activePulses, ...archivedPulses]),
    settings,
    envSettings: settingList
      .filter((s) => s.isEnvSetting && options.settingKeys.includes(s.key))
      .map((s) => ({ key: s.key, envName: s.envName })),
  };
}

/** Some list endpoints include archived items in both answers; keep one of each. */
export function uniqueById<T extends { readonly id: number }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}
