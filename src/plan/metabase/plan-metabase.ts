import type { DesiredMetabaseState } from '../../desired/metabase/model.ts';
import type { JsonValue } from '../../metabase/json.ts';
import type {
  Card,
  Collection,
  Dashboard,
  Database,
  DatabaseMetadata,
  Pulse,
} from '../../metabase/types.ts';
import { planResources, type ObservedResource } from '../plan-resources.ts';
import type { PlanItem } from '../types.ts';
import {
  desiredCollection,
  desiredDashboardForm,
  desiredFieldForm,
  desiredQuestion,
  desiredSubscriptionForm,
  desiredTableForm,
  observedCollection,
  observedDashboardForm,
  observedFieldForm,
  observedQuestion,
  observedSubscriptionForm,
  observedTableForm,
  type IdNames,
} from './comparable.ts';
import {
  fieldKey,
  tableKey,
  type DesiredDatabase,
  type DesiredEmail,
  type DesiredTableMetadata,
} from './desired-metadata.ts';
import { keyFromDescription, keyFromPulse, nameWithoutKey } from './managed-marker.ts';

export interface DesiredMetabase {
  readonly state: DesiredMetabaseState;
  readonly database: DesiredDatabase;
  readonly tables: readonly DesiredTableMetadata[];
  /** null: SMTP is not ours to manage (no MB_EMAIL_SMTP_HOST given). */
  readonly email: DesiredEmail | null;
}

/** The settings a plan reads, given what is desired. */
export function observedSettingKeys(desired: { readonly email: DesiredEmail | null }): string[] {
  return [
    'report-timezone',
    ...(desired.email
      ? [
          'email-smtp-host',
          'email-smtp-port',
          'email-smtp-security',
          'email-smtp-username',
          ...(desired.email.fromAddress ? ['email-from-address'] : []),
        ]
      : []),
  ];
}

/** What was read from Metabase, as the client returned it. */
export interface ObservedMetabase {
  /** The connection named like ours, if any. */
  readonly database: Database | null;
  /** Its synced metadata (null before the connection exists). */
  readonly metadata: DatabaseMetadata | null;
  /** Active and archived, ours and others'. */
  readonly collections: readonly Collection[];
  readonly cards: readonly Card[];
  /** Full dashboards, for those carrying our marker (active and archived). */
  readonly dashboards: readonly Dashboard[];
  readonly pulses: readonly Pulse[];
  readonly settings: Readonly<Record<string, JsonValue>>;
  /** Settings Metabase took from its environment (`MB_*`): read-only, never compared. */
  readonly envSettings: readonly { readonly key: string; readonly envName: string | null }[];
}

/** Managed objects found remotely, by key, with the id lookups plans and apply both need. */
export interface ManagedIndex {
  readonly collections: ReadonlyMap<string, Collection>;
  readonly cards: ReadonlyMap<string, Card>;
  readonly dashboards: ReadonlyMap<string, Dashboard>;
  readonly pulses: ReadonlyMap<string, Pulse>;
  readonly names: IdNames;
}

/**
 * Index what we manage. Where two objects carry the same key (a duplicate someone made, or one
 * left by a crash before this tool looked keys up), the active one with the lowest id is ours;
 * the others are left alone and reported by the plan as unmanaged duplicates.
 */
export function indexManaged(observed: ObservedMetabase): ManagedIndex {
  const known = indexes.get(observed);
  if (known) return known;
  const index = buildIndex(observed);
  indexes.set(observed, index);
  return index;
}

/**
 * planMetabase, duplicateWarnings and applyMetabase each need the index of the same observed
 * state; building it parses every marker and every field name again. An observation is never
 * changed after it is read, so the index made from it is kept (and goes when it does).
 */
const indexes = new WeakMap<ObservedMetabase, ManagedIndex>();

function buildIndex(observed: ObservedMetabase): ManagedIndex {
  const collections = pickByKey(observed.collections, (c) => keyFromDescription(c.description));
  const cards = pickByKey(observed.cards, (c) => keyFromDescription(c.description));
  const dashboards = pickByKey(observed.dashboards, (d) => keyFromDescription(d.description));
  const pulses = pickByKey(observed.pulses, keyFromPulse);
  const keyById = <T extends { readonly id: number }>(m: ReadonlyMap<string, T>) =>
    new Map([...m].map(([key, o]) => [o.id, key]));
  const collectionKeys = keyById(collections);
  const cardKeys = keyById(cards);
  const dashboardKeys = keyById(dashboards);
  const fieldNames = new Map<number | string, string>();
  for (const table of observed.metadata?.tables ?? []) {
    for (const field of table.fields) {
      fieldNames.set(field.id, `${table.schema ?? ''}.${table.name}.${field.name}`);
    }
  }
  return {
    collections,
    cards,
    dashboards,
    pulses,
    names: {
      collectionKey: (id) => (id === null ? null : (collectionKeys.get(id) ?? null)),
      questionKey: (id) => (id === null ? null : (cardKeys.get(id) ?? null)),
      dashboardKey: (id) => (id === null ? null : (dashboardKeys.get(id) ?? null)),
      fieldName: (id) => fieldNames.get(id) ?? null,
    },
  };
}

/**
 * The "reported by the plan" half of `indexManaged`: active objects carrying a key that another
 * object holds (duplicating a question or dashboard in the UI copies our marker with the
 * description). They are never touched, so say so, or the copy looks managed to everyone.
 */
export function duplicateWarnings(observed: ObservedMetabase): string[] {
  const index = indexManaged(observed);
  const warnings: string[] = [];
  const check = <
    T extends { readonly id: number; readonly name: string; readonly archived: boolean },
  >(
    what: string,
    objects: readonly T[],
    chosen: ReadonlyMap<string, T>,
    keyOf: (o: T) => string | null,
  ): void => {
    for (const o of [...objects].sort((a, b) => a.id - b.id)) {
      const key = keyOf(o);
      const owner = key === null ? undefined : chosen.get(key);
      if (o.archived || owner === undefined || owner.id === o.id) continue;
      warnings.push(
        `${what} ${o.id} "${nameWithoutKey(o.name)}" carries the key ${key} of ${what} ${owner.id}: ` +
          'it is not managed and is left alone; take the dtx-reports marker out of it or delete it.',
      );
    }
  };
  const described = (o: { readonly description: string | null }) =>
    keyFromDescription(o.description);
  check('collection', observed.collections, index.collections, described);
  check('question', observed.cards, index.cards, described);
  check('dashboard', observed.dashboards, index.dashboards, described);
  check('subscription', observed.pulses, index.pulses, keyFromPulse);
  return warnings;
}

function pickByKey<T extends { readonly id: number; readonly archived: boolean }>(
  objects: readonly T[],
  keyOf: (o: T) => string | null,
): ReadonlyMap<string, T> {
  const chosen = new Map<string, T>();
  const ordered = [...objects].sort(
    (a, b) => Number(a.archived) - Number(b.archived) || a.id - b.id,
  );
  for (const object of ordered) {
    const key = keyOf(object);
    if (key !== null && !chosen.has(key)) chosen.set(key, object);
  }
  return chosen;
}

export interface PlanMetabaseOptions {
  readonly prune: boolean;
}

/** Desired vs observed Metabase state → plan items, kind by kind. Pure. */
export function planMetabase(
  desired: DesiredMetabase,
  observed: ObservedMetabase,
  options: PlanMetabaseOptions,
): PlanItem[] {
  const index = indexManaged(observed);
  const { names } = index;
  const { state } = desired;
  const observedOf = <T extends { readonly id: number; readonly archived: boolean }>(
    map: ReadonlyMap<string, T>,
    title: (o: T) => string,
    form: (o: T) => unknown,
  ): ObservedResource[] =>
    [...map].map(([key, o]) => ({
      key,
      title: title(o),
      remoteId: o.id,
      archived: o.archived,
      comparable: form(o),
    }));

  return [
    ...planDatabase(desired.database, observed.database),
    ...planMetadataItems(desired.tables, observed.metadata),
    ...planResources({
      kind: 'collection',
      prune: options.prune,
      desired: state.collections.map((c) => ({
        key: c.key,
        title: c.name,
        comparable: desiredCollection(c),
      })),
      observed: observedOf(
        index.collections,
        (c) => c.name,
        (c) => observedCollection(c, names),
      ),
    }),
    ...planResources({
      kind: 'question',
      prune: options.prune,
      desired: state.questions.map((q) => ({
        key: q.key,
        title: q.name,
        comparable: desiredQuestion(q),
      })),
      observed: observedOf(
        index.cards,
        (c) => c.name,
        (c) => observedQuestion(c, names),
      ),
    }),
    ...planResources({
      kind: 'dashboard',
      prune: options.prune,
      desired: state.dashboards.map((d) => ({
        key: d.key,
        title: d.name,
        comparable: desiredDashboardForm(d),
      })),
      observed: observedOf(
        index.dashboards,
        (d) => d.name,
        (d) => observedDashboardForm(d, names),
      ),
    }),
    ...planSubscriptionItems(desired, observed, options),
    ...planSettings(desired, observed),
  ];
}

/**
 * The subscription items alone: apply plans them again once it has restored dashboards from the
 * trash, because Metabase lists no subscription of a trashed dashboard (`retrieve-pulses`,
 * src/metabase/pulse/models/pulse.clj) — active or archived — until the dashboard is back.
 */
export function planSubscriptionItems(
  desired: DesiredMetabase,
  observed: ObservedMetabase,
  options: PlanMetabaseOptions,
): PlanItem[] {
  const index = indexManaged(observed);
  const trashed = new Set([...index.dashboards].filter(([, d]) => d.archived).map(([key]) => key));
  return planResources({
    kind: 'subscription',
    prune: options.prune,
    desired: desired.state.subscriptions.map((s) => ({
      key: s.key,
      title: s.name,
      comparable: desiredSubscriptionForm(s),
    })),
    observed: [...index.pulses].map(([key, p]) => ({
      key,
      title: nameWithoutKey(p.name),
      remoteId: p.id,
      archived: p.archived,
      comparable: observedSubscriptionForm(p, index.names),
    })),
  }).map((item) => {
    const want = desired.state.subscriptions.find((s) => s.key === item.key);
    return item.action === 'create' && want !== undefined && trashed.has(want.dashboard)
      ? {
          ...item,
          note: 'its dashboard is in the trash, where Metabase lists no subscription: provision restores the dashboard first and looks its subscriptions up again',
        }
      : item;
  });
}

/**
 * Settings Metabase got from `MB_*` environment variables are read-only and read back as null
 * (`user-facing-value`, src/metabase/settings/models/setting.clj): comparing them would plan an
 * update on every run. They are left out of the plan, with a warning.
 */
export function envLockedSettingWarnings(
  desired: DesiredMetabase,
  observed: ObservedMetabase,
): string[] {
  const wanted = new Set(observedSettingKeys(desired));
  return observed.envSettings
    .filter((s) => wanted.has(s.key))
    .map(
      (s) =>
        `Metabase's ${s.key} is set by its environment (${s.envName ?? 'an MB_* variable'}) and cannot be changed through the API: provision leaves it alone; change it where Metabase runs.`,
    );
}

function planSettings(desired: DesiredMetabase, observed: ObservedMetabase): PlanItem[] {
  const settings = observed.settings;
  const locked = new Set(observed.envSettings.map((s) => s.key));
  const wanted: { key: string; title: string; want: unknown; have: unknown }[] = [
    {
      key: 'setting:report-timezone',
      title: 'report-timezone',
      want: desired.state.settings.reportTimezone,
      have: settings['report-timezone'] ?? null,
    },
  ];
  const email = desired.email;
  // Only what Metabase lets us set: env-locked keys are dropped from both sides.
  const unlocked = (form: Record<string, unknown>, keys: Record<string, string>) =>
    Object.fromEntries(Object.entries(form).filter(([k]) => !locked.has(keys[k] ?? '')));
  const smtpKeys = {
    host: 'email-smtp-host',
    port: 'email-smtp-port',
    security: 'email-smtp-security',
    username: 'email-smtp-username',
  };
  if (email && !Object.values(smtpKeys).every((k) => locked.has(k))) {
    wanted.push({
      key: 'setting:email-smtp',
      title: 'SMTP (the password is write-only and not compared)',
      want: unlocked(
        {
          host: email.host,
          port: email.port,
          security: email.security,
          username: email.username,
        },
        smtpKeys,
      ),
      have: unlocked(
        {
          host: settings['email-smtp-host'] ?? null,
          // Metabase returns the port as a number or as text depending on how it was set.
          port: settings['email-smtp-port'] == null ? null : Number(settings['email-smtp-port']),
          security: settings['email-smtp-security'] ?? null,
          username: settings['email-smtp-username'] ?? null,
        },
        smtpKeys,
      ),
    });
  }
  if (email) {
    if (email.fromAddress && !locked.has('email-from-address')) {
      wanted.push({
        key: 'setting:email-from-address',
        title: 'email-from-address',
        want: email.fromAddress,
        have: settings['email-from-address'] ?? null,
      });
    }
  }
  return planResources({
    kind: 'setting',
    prune: false,
    desired: wanted.map((w) => ({ key: w.key, title: w.title, comparable: w.want })),
    observed: wanted.map((w) => ({
      key: w.key,
      title: w.title,
      remoteId: w.key.replace('setting:', ''),
      comparable: w.have,
    })),
  });
}

function planDatabase(desired: DesiredDatabase, observed: Database | null): PlanItem[] {
  const form = (details: Readonly<Record<string, unknown>>, name: string) => ({
    name,
    engine: 'postgres',
    details: Object.fromEntries(Object.keys(desired.details).map((k) => [k, details[k] ?? null])),
  });
  return planResources({
    kind: 'database',
    prune: false,
    desired: [
      { key: desired.key, title: desired.name, comparable: form(desired.details, desired.name) },
    ],
    observed: observed
      ? [
          {
            key: desired.key,
            title: observed.name,
            remoteId: observed.id,
            comparable: { ...form(observed.details, observed.name), engine: observed.engine },
          },
        ]
      : [],
  });
}

/**
 * Table and field metadata exists only once Metabase has synced the views: on a first run those
 * items are updates "known after sync", never creates (Metabase creates them, we label them).
 */
export function planMetadataItems(
  tables: readonly DesiredTableMetadata[],
  metadata: DatabaseMetadata | null,
): PlanItem[] {
  const synced = new Map((metadata?.tables ?? []).map((t) => [`${t.schema}.${t.name}`, t]));
  const items: PlanItem[] = [];
  for (const table of tables) {
    const have = synced.get(`${table.schema}.${table.view}`);
    items.push(
      ...afterSync(
        planResources({
          kind: 'table',
          prune: false,
          desired: [
            {
              key: tableKey(table.schema, table.view),
              title: `${table.schema}.${table.view}`,
              comparable: desiredTableForm(table),
            },
          ],
          observed: have
            ? [
                {
                  key: tableKey(table.schema, table.view),
                  title: `${table.schema}.${table.view}`,
                  remoteId: have.id,
                  comparable: observedTableForm(have),
                },
              ]
            : [],
        }),
      ),
    );
    const fields = new Map((have?.fields ?? []).map((f) => [f.name, f]));
    items.push(
      ...afterSync(
        planResources({
          kind: 'field',
          prune: false,
          desired: table.fields.map((f) => ({
            key: fieldKey(table.schema, table.view, f.column),
            title: `${table.view}.${f.column}`,
            comparable: desiredFieldForm(f),
          })),
          observed: table.fields.flatMap((f) => {
            const field = fields.get(f.column);
            return field
              ? [
                  {
                    key: fieldKey(table.schema, table.view, f.column),
                    title: `${table.view}.${f.column}`,
                    remoteId: field.id,
                    comparable: observedFieldForm(field, f),
                  },
                ]
              : [];
          }),
        }),
      ),
    );
  }
  return items;
}

function afterSync(items: readonly PlanItem[]): PlanItem[] {
  return items.map((item) =>
    item.action === 'create'
      ? { ...item, action: 'update', note: 'known after Metabase syncs the view' }
      : item,
  );
}
