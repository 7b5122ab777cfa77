import { z } from 'zod';
import { defaultMetabaseDatabaseName } from '../../src/cli/commands/provision-settings.ts';
import { keyFromDescription, keyFromPulse } from '../../src/plan/metabase/metabase-key-marker.ts';
import type { MetabaseApi } from './metabase-api.ts';

/**
 * Reads what provisioning left in Metabase, through the public API, and groups our objects by the
 * managed key their marker carries (description, or the channel details for pulses). Lists, not single values,
 * so a duplicate shows up as a failure instead of being silently collapsed.
 */

const collectionSchema = z.object({
  // The list includes Metabase's root pseudo-collection, whose id is the string "root".
  id: z.union([z.number().int(), z.string()]),
  name: z.string(),
  description: z.string().nullish(),
  location: z.string().nullish(),
  archived: z.boolean().nullish(),
});
export type ObservedCollection = z.infer<typeof collectionSchema> & { readonly id: number };

const cardSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullish(),
  collection_id: z.number().int().nullish(),
  archived: z.boolean().nullish(),
  display: z.string(),
});
export type ObservedCard = z.infer<typeof cardSchema>;

const dashboardSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullish(),
  collection_id: z.number().int().nullish(),
  archived: z.boolean().nullish(),
  dashcards: z.array(z.object({ id: z.number().int(), card_id: z.number().int().nullish() })),
  parameters: z.array(z.object({ id: z.string() })).nullish(),
});
export type ObservedDashboard = z.infer<typeof dashboardSchema>;

const channelSchema = z.object({
  channel_type: z.string(),
  enabled: z.boolean().nullish(),
  schedule_type: z.string().nullish(),
  schedule_hour: z.number().int().nullish(),
  schedule_day: z.string().nullish(),
  schedule_frame: z.string().nullish(),
  recipients: z.array(z.object({ email: z.string().nullish() })).nullish(),
  id: z.number().int().nullish(),
  details: z.record(z.string(), z.unknown()).nullish(),
});

const pulseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  dashboard_id: z.number().int().nullish(),
  archived: z.boolean().nullish(),
  skip_if_empty: z.boolean().nullish(),
  cards: z.array(z.object({ id: z.number().int() })),
  channels: z.array(channelSchema),
});
export type ObservedPulse = z.infer<typeof pulseSchema>;

const databaseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  engine: z.string().nullish(),
  description: z.string().nullish(),
  details: z.record(z.string(), z.unknown()).nullish(),
});
export type ObservedDatabase = z.infer<typeof databaseSchema>;

export interface ObservedMetabase {
  readonly collections: ReadonlyMap<string, readonly ObservedCollection[]>;
  readonly cards: ReadonlyMap<string, readonly ObservedCard[]>;
  readonly dashboards: ReadonlyMap<string, readonly ObservedDashboard[]>;
  readonly pulses: ReadonlyMap<string, readonly ObservedPulse[]>;
  readonly databases: ReadonlyMap<string, readonly ObservedDatabase[]>;
}

function byKey<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    map.set(key, [...(map.get(key) ?? []), item]);
  }
  return map;
}

export async function observeMetabase(api: MetabaseApi): Promise<ObservedMetabase> {
  const collections = (await api.get('/api/collection/', z.array(collectionSchema))).filter(
    (c): c is ObservedCollection => typeof c.id === 'number' && c.archived !== true,
  );
  const cards = (await api.get('/api/card/?f=all', z.array(cardSchema))).filter(
    (c) => c.archived !== true,
  );
  const pulses = (await api.get('/api/pulse/', z.array(pulseSchema))).filter(
    (p) => p.archived !== true,
  );
  const databases = await api.get(
    '/api/database/',
    z
      .union([z.array(databaseSchema), z.object({ data: z.array(databaseSchema) })])
      .transform((r) => (Array.isArray(r) ? r : r.data)),
  );

  // Dashboards have no supported "list all" endpoint; walk the collections that hold ours.
  const managedCollectionIds = collections
    .filter((c) => keyFromDescription(c.description) !== null)
    .map((c) => c.id);
  const dashboardIds = new Set<number>();
  for (const collectionId of managedCollectionIds) {
    const items = await api.get(
      `/api/collection/${collectionId}/items?models=dashboard`,
      z.object({ data: z.array(z.object({ id: z.number().int(), model: z.string() })) }),
    );
    for (const item of items.data) if (item.model === 'dashboard') dashboardIds.add(item.id);
  }
  const dashboards: ObservedDashboard[] = [];
  for (const id of [...dashboardIds].sort((a, b) => a - b)) {
    const dashboard = await api.get(`/api/dashboard/${id}`, dashboardSchema);
    if (dashboard.archived !== true) dashboards.push(dashboard);
  }

  return {
    collections: byKey(collections, (c) => keyFromDescription(c.description)),
    cards: byKey(cards, (c) => keyFromDescription(c.description)),
    dashboards: byKey(dashboards, (d) => keyFromDescription(d.description)),
    pulses: byKey(pulses, (p) =>
      keyFromPulse({
        name: p.name,
        channels: p.channels.map((c) => ({ details: c.details ?? {} })),
      }),
    ),
    // The connection is ours by name (Metabase databases carry no marker of ours).
    databases: byKey(databases, (d) =>
      d.name === defaultMetabaseDatabaseName ? 'database:reporting' : null,
    ),
  };
}

/** The one object a key stands for; throws (with the count) when it is missing or duplicated. */
export function single<T>(map: ReadonlyMap<string, readonly T[]>, key: string): T {
  const found = map.get(key) ?? [];
  const [first] = found;
  if (found.length !== 1 || first === undefined) {
    throw new Error(`expected exactly one Metabase object for ${key}, found ${found.length}`);
  }
  return first;
}

/** The parent collection id encoded in Metabase's `location` ("/12/34/" → 34; "/" → null). */
export function parentCollectionId(location: string | null | undefined): number | null {
  const ids = (location ?? '/').split('/').filter((part) => part !== '');
  const last = ids.at(-1);
  return last === undefined ? null : Number(last);
}
