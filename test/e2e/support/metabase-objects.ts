import { z } from 'zod';
import type { E2eEnvironment } from './e2e-environment.ts';

/**
 * Reads Metabase through its HTTP API the way an administrator would, and recognises managed
 * objects by the marker text itself (written out here, not imported from src/), so the tests do
 * not take the product's word for what it created.
 */

const markerInDescription = /Managed by dtx-reports \(key: ([^\s)]+)\)\./;
/** Subscriptions carry the key in their email channel's details (names are Metabase's to rewrite). */
const channelKeyField = 'dtx-reports-key';

const described = z.looseObject({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  archived: z.boolean(),
});

const collection = z.looseObject({
  id: z.union([z.number(), z.literal('root')]),
  name: z.string(),
  description: z.string().nullable().optional(),
  archived: z.boolean().optional(),
  personal_owner_id: z.number().nullable().optional(),
});

const templateTag = z.looseObject({ type: z.string() });

const card = described.extend({
  collection_id: z.number().nullable(),
  dataset_query: z.looseObject({
    stages: z.array(
      z.looseObject({
        native: z.string(),
        // A map keyed by name (0.58), a list (0.63+).
        'template-tags': z
          .union([
            z.record(z.string(), templateTag),
            z
              .array(templateTag.extend({ name: z.string() }))
              .transform((list) => Object.fromEntries(list.map((t) => [t.name, t]))),
          ])
          .optional(),
      }),
    ),
  }),
});

const dashboardParameter = z.looseObject({
  id: z.string(),
  slug: z.string(),
  default: z.unknown().optional(),
});

const dashboard = described.extend({
  collection_id: z.number().nullable(),
  parameters: z.array(dashboardParameter),
});

const fullDashboard = dashboard.extend({
  dashcards: z.array(z.looseObject({ id: z.number(), card_id: z.number().nullable() })),
});

const pulse = z.looseObject({
  id: z.number(),
  name: z.string(),
  archived: z.boolean(),
  dashboard_id: z.number().nullable(),
  skip_if_empty: z.boolean(),
  cards: z.array(z.looseObject({ id: z.number(), dashboard_card_id: z.number().nullable() })),
  channels: z.array(
    z.looseObject({
      schedule_type: z.string(),
      schedule_hour: z.number().nullable(),
      schedule_day: z.string().nullable(),
      schedule_frame: z.string().nullable(),
      recipients: z.array(z.looseObject({ email: z.string().optional() })),
      id: z.number().optional(),
      enabled: z.boolean().optional(),
      details: z.record(z.string(), z.unknown()).nullable().optional(),
    }),
  ),
});

export type CardJson = z.infer<typeof card>;
export type DashboardJson = z.infer<typeof dashboard>;
export type FullDashboardJson = z.infer<typeof fullDashboard>;
export type PulseJson = z.infer<typeof pulse>;
export type CollectionJson = z.infer<typeof collection>;

export interface MetabaseObjects {
  /** Real collections only (not the root pseudo collection). */
  readonly collections: readonly CollectionJson[];
  readonly cards: readonly CardJson[];
  readonly dashboards: readonly DashboardJson[];
  readonly pulses: readonly PulseJson[];
}

function keyOfDescribed(object: {
  readonly description?: string | null | undefined;
}): string | null {
  return markerInDescription.exec(object.description ?? '')?.[1] ?? null;
}

export function keyOfPulse(object: {
  readonly channels: readonly { readonly details?: Record<string, unknown> | null | undefined }[];
}): string | null {
  for (const channel of object.channels) {
    const key = channel.details?.[channelKeyField];
    if (typeof key === 'string') return key;
  }
  return null;
}

/** Everything listed as active (`archived = false`), or everything in the Trash. */
export async function listObjects(
  env: E2eEnvironment,
  which: 'active' | 'archived',
): Promise<MetabaseObjects> {
  const archived = which === 'archived';
  const [collections, cards, dashboards, pulses] = await Promise.all([
    env.api('GET', `/api/collection?archived=${archived}`),
    env.api('GET', `/api/card?f=${archived ? 'archived' : 'all'}`),
    env.api('GET', `/api/dashboard?f=${archived ? 'archived' : 'all'}`),
    env.api('GET', `/api/pulse?archived=${archived}`),
  ]);
  return {
    collections: z
      .array(collection)
      .parse(collections)
      .filter((c) => c.id !== 'root'),
    cards: z.array(card).parse(cards),
    dashboards: z.array(dashboard).parse(dashboards),
    pulses: z.array(pulse).parse(pulses),
  };
}

export async function getCard(env: E2eEnvironment, id: number): Promise<CardJson> {
  return card.parse(await env.api('GET', `/api/card/${id}`));
}

export async function getDashboard(env: E2eEnvironment, id: number): Promise<FullDashboardJson> {
  return fullDashboard.parse(await env.api('GET', `/api/dashboard/${id}`));
}

export async function getPulse(env: E2eEnvironment, id: number): Promise<PulseJson> {
  return pulse.parse(await env.api('GET', `/api/pulse/${id}`));
}

/** Managed key → objects carrying it, per kind (more than one object per key = a duplicate). */
export interface ManagedKeys {
  readonly collections: ReadonlyMap<string, readonly number[]>;
  readonly cards: ReadonlyMap<string, readonly number[]>;
  readonly dashboards: ReadonlyMap<string, readonly number[]>;
  readonly pulses: ReadonlyMap<string, readonly number[]>;
}

export function managedKeys(objects: MetabaseObjects): ManagedKeys {
  const group = <T extends { readonly id: number | 'root' }>(
    items: readonly T[],
    keyOf: (item: T) => string | null,
  ) => {
    const out = new Map<string, number[]>();
    for (const item of items) {
      const key = keyOf(item);
      if (key === null || item.id === 'root') continue;
      out.set(key, [...(out.get(key) ?? []), item.id]);
    }
    return out;
  };
  return {
    collections: group(objects.collections, keyOfDescribed),
    cards: group(objects.cards, keyOfDescribed),
    dashboards: group(objects.dashboards, keyOfDescribed),
    pulses: group(objects.pulses, keyOfPulse),
  };
}

/** Keys that more than one active object carries, e.g. `card question:report:1 ×2`. */
export function duplicates(keys: ManagedKeys): string[] {
  return Object.entries(keys).flatMap(([kind, byKey]: [string, ReadonlyMap<string, number[]>]) =>
    [...byKey]
      .filter(([, ids]) => ids.length > 1)
      .map(([key, ids]) => `${kind} ${key} ×${ids.length} (ids ${ids.join(', ')})`),
  );
}

/** The one object carrying `key`, or a clear failure. */
export function onlyId(byKey: ReadonlyMap<string, readonly number[]>, key: string): number {
  const ids = byKey.get(key) ?? [];
  if (ids.length !== 1)
    throw new Error(`expected exactly one object for ${key}, found ${ids.length}`);
  return ids[0] as number;
}

const namedDatabase = z.looseObject({ id: z.number(), name: z.string() });
/** `GET /api/database` answers a list or `{data, total}` depending on the version. */
const databaseList = z.union([
  z.array(namedDatabase),
  z.looseObject({ data: z.array(namedDatabase) }).transform((page) => page.data),
]);

export async function listDatabases(
  env: E2eEnvironment,
): Promise<readonly z.infer<typeof namedDatabase>[]> {
  return databaseList.parse(await env.api('GET', '/api/database'));
}

/**
 * What a subscription email needs: each managed pulse sits on the dashboard the files put it on,
 * and every attachment points at a dashcard of that dashboard showing that very card.
 */
export async function subscriptionLinkProblems(
  env: E2eEnvironment,
  objects: MetabaseObjects,
  dashboardOfSubscription: ReadonlyMap<string, string>,
): Promise<string[]> {
  const problems: string[] = [];
  const dashboards = new Map<number, FullDashboardJson>();
  for (const p of objects.pulses) {
    const key = keyOfPulse(p);
    if (key === null) continue;
    const dashboardId = p.dashboard_id;
    const board =
      dashboardId === null
        ? undefined
        : (dashboards.get(dashboardId) ?? (await getDashboard(env, dashboardId)));
    if (!board) {
      problems.push(`${key}: no dashboard`);
      continue;
    }
    dashboards.set(board.id, board);
    if (keyOfDescribed(board) !== dashboardOfSubscription.get(key)) {
      problems.push(`${key}: on ${String(keyOfDescribed(board))}`);
    }
    if (p.cards.length === 0) problems.push(`${key}: no attachment`);
    for (const c of p.cards) {
      const dashcard = board.dashcards.find((d) => d.id === c.dashboard_card_id);
      if (dashcard?.card_id !== c.id) {
        problems.push(`${key}: card ${c.id} is not dashcard ${String(c.dashboard_card_id)}`);
      }
    }
  }
  return problems;
}
