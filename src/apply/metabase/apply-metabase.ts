import { InputError, RemoteError } from '../../errors.ts';
import type {
  DesiredDashboard,
  DesiredQuestion,
  DesiredSubscription,
  TemplateTag as DesiredTag,
} from '../../desired/metabase/model.ts';
import { jsonObjectSchema } from '../../metabase/json.ts';
import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import type { TemplateTag } from '../../metabase/native-query.ts';
import type { Dashboard, Database, DatabaseMetadata, Pulse } from '../../metabase/types.ts';
import {
  channelDetailsWithKey,
  describeWithKey,
  keyFromDescription,
  keyFromPulse,
} from '../../plan/metabase/managed-marker.ts';
import {
  indexManaged,
  planMetadataItems,
  planSubscriptionItems,
  type DesiredMetabase,
  type ObservedMetabase,
} from '../../plan/metabase/plan-metabase.ts';
import { uniqueById } from './observe-metabase.ts';
import type { PlanItem, ResourceKind } from '../../plan/types.ts';
import { fieldKey, tableKey } from '../../plan/metabase/desired-metadata.ts';
import { mapWithConcurrency } from '../concurrency.ts';
import type { Progress } from '../progress.ts';
import { missingColumns, waitForSync } from './wait-for-sync.ts';

export interface ApplyMetabaseOptions {
  readonly concurrency: number;
  /** Write-only: sent when the connection is created or updated, never compared or printed. */
  readonly databasePassword: string | null;
  /** The views changed in this run: Metabase must sync before questions can point at them. */
  readonly viewsChanged: boolean;
  readonly syncTimeoutMs: number;
  readonly syncPollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly progress: Progress;
  /** `--prune` (subscriptions are planned again after dashboards come back from the trash). */
  readonly prune: boolean;
  /** Something the operator should know that is not an error (printed as a warning). */
  readonly warn: (message: string) => void;
}

export interface AppliedCounts {
  readonly created: number;
  readonly updated: number;
  readonly archived: number;
}

/**
 * Carries out the Metabase part of a plan, in dependency order: connection → sync → metadata →
 * collections → questions → dashboards → subscriptions → settings, then archives. Objects are
 * referred to by key until the moment a request needs an id; every create carries our marker
 * and a lookup by that marker, so a retried or re-run create never makes a duplicate.
 * `plan` is `planMetabase(desired, observed)`, whole: its table and field items are carried out
 * as they are unless a sync runs first.
 */
export async function applyMetabase(
  client: MetabaseClient,
  desired: DesiredMetabase,
  observed: ObservedMetabase,
  plan: readonly PlanItem[],
  options: ApplyMetabaseOptions,
): Promise<ReadonlyMap<ResourceKind, AppliedCounts>> {
  const counts = new Map<ResourceKind, { created: number; updated: number; archived: number }>();
  const count = (kind: ResourceKind, what: keyof AppliedCounts) => {
    const c = counts.get(kind) ?? { created: 0, updated: 0, archived: 0 };
    c[what] += 1;
    counts.set(kind, c);
  };
  const itemsOf = (kind: ResourceKind) =>
    plan.filter((i) => i.kind === kind && i.action !== 'noop');
  const index = indexManaged(observed);
  const ids = {
    collections: new Map([...index.collections].map(([k, c]) => [k, c.id])),
    cards: new Map([...index.cards].map(([k, c]) => [k, c.id])),
    dashboards: new Map([...index.dashboards].map(([k, d]) => [k, d.id])),
  };
  const { progress } = options;

  // 1. The database connection Metabase reads the views through.
  let database: Database | null = observed.database;
  const dbItem = itemsOf('database')[0];
  if (dbItem) {
    if (options.databasePassword === null) {
      throw new InputError(
        'REPORTING_DB_PASSWORD is not set: provision needs it to point Metabase at the reporting role.',
      );
    }
    const input = {
      name: desired.database.name,
      engine: 'postgres',
      details: { ...desired.database.details, password: options.databasePassword },
    };
    progress.phase('database connection', 1);
    if (dbItem.action === 'create') {
      database = await client.createDatabase(
        { ...input, isFullSync: true, isOnDemand: false },
        {
          findExisting: async () =>
            (await client.listDatabases()).find((d) => d.name === input.name),
        },
      );
      count('database', 'created');
    } else if (database) {
      database = await client.updateDatabase(database.id, input);
      count('database', 'updated');
    }
    progress.step(`${dbItem.action} ${desired.database.name}`);
  }
  if (!database)
    throw new RemoteError('the Metabase database connection is missing after apply', {
      system: 'metabase',
    });

  // 2. Sync, when Metabase may not know the views as they are now.
  let metadata: DatabaseMetadata | null = observed.metadata;
  if (
    dbItem?.action === 'create' ||
    options.viewsChanged ||
    !metadata ||
    missingColumns(metadata, desired.tables).length > 0
  ) {
    progress.phase('Metabase sync', 1);
    await client.syncDatabaseSchema(database.id);
    metadata = await waitForSync(client, database.id, desired.tables, options);
    progress.step('views synced');
  }
  if (!metadata) throw new RemoteError('no metadata after sync', { system: 'metabase' });
  const fieldIds = new Map<string, number>();
  for (const table of metadata.tables) {
    for (const field of table.fields)
      fieldIds.set(`${table.schema}.${table.name}.${field.name}`, field.id);
  }

  // 3. Table and field metadata, planned again when a sync ran (the synced ids are known only
  // now). Without a sync the metadata is the observed one the plan was made from, so the plan's
  // own table and field items are the answer: planning them again cost as much as the whole
  // rest of the plan (tens of thousands of fields at 10,000 reports).
  const metadataItems = (
    metadata === observed.metadata
      ? plan.filter((i) => i.kind === 'table' || i.kind === 'field')
      : planMetadataItems(desired.tables, metadata)
  ).filter((i) => i.action !== 'noop');
  const tablesByKey = new Map(desired.tables.map((t) => [tableKey(t.schema, t.view), t]));
  const fieldsByKey = new Map(
    desired.tables.flatMap((t) => t.fields.map((f) => [fieldKey(t.schema, t.view, f.column), f])),
  );
  progress.phase('table and field metadata', metadataItems.length);
  await mapWithConcurrency(metadataItems, options.concurrency, async (item) => {
    const id = Number(item.remoteId);
    if (item.kind === 'table') {
      const t = tablesByKey.get(item.key);
      if (!t) return;
      await client.updateTable(id, { displayName: t.displayName, description: t.description });
    } else {
      const f = fieldsByKey.get(item.key);
      if (!f) return;
      // A null semantic type is not sent: analysis may have classified the field meanwhile,
      // and that type is left standing (the plan does not compare it either).
      await client.updateField(id, {
        displayName: f.displayName,
        description: f.description,
        ...(f.semanticType === null ? {} : { semanticType: f.semanticType }),
        visibilityType: f.visibility,
        ...(f.hasFieldValues === null ? {} : { hasFieldValues: f.hasFieldValues }),
      });
    }
    count(item.kind, 'updated');
    progress.step(`update ${item.title}`);
  });

  // 4. Collections, parents before children.
  const collectionsByKey = new Map<string, (typeof desired.state.collections)[number]>(
    desired.state.collections.map((c) => [c.key, c]),
  );
  const depth = (key: string): number => {
    const parent = collectionsByKey.get(key)?.parent;
    return parent ? 1 + depth(parent) : 0;
  };
  const collectionItems = itemsOf('collection').filter((i) => i.action !== 'archive');
  progress.phase('collections', collectionItems.length);
  const levels = [...new Set(collectionItems.map((i) => depth(i.key)))].sort((a, b) => a - b);
  for (const level of levels) {
    await mapWithConcurrency(
      collectionItems.filter((i) => depth(i.key) === level),
      options.concurrency,
      async (item) => {
        const want = collectionsByKey.get(item.key);
        if (!want) return;
        const parentId = want.parent ? requireId(ids.collections, want.parent) : null;
        const body = {
          name: want.name,
          description: describeWithKey(want.description ?? '', want.key),
          parentId,
        };
        if (item.action === 'create') {
          const created = await client.createCollection(body, {
            findExisting: async () => findByKey(await client.listCollections(), want.key),
          });
          ids.collections.set(want.key, created.id);
          count('collection', 'created');
        } else {
          await client.updateCollection(Number(item.remoteId), { ...body, archived: false });
          count('collection', 'updated');
        }
        progress.step(`${item.action} collection ${want.name}`);
      },
    );
  }

  // 5. Questions.
  const questionsByKey = new Map<string, DesiredQuestion>(
    desired.state.questions.map((q) => [q.key, q]),
  );
  const questionItems = itemsOf('question').filter((i) => i.action !== 'archive');
  progress.phase('questions', questionItems.length);
  await mapWithConcurrency(questionItems, options.concurrency, async (item) => {
    const want = questionsByKey.get(item.key);
    if (!want) return;
    const body = cardBody(want, database.id, requireId(ids.collections, want.collection), fieldIds);
    if (item.action === 'create') {
      const created = await client.createCard(body, {
        findExisting: async () => findByKey(await client.listCards(), want.key),
      });
      ids.cards.set(want.key, created.id);
      count('question', 'created');
    } else {
      await client.updateCard(Number(item.remoteId), { ...body, archived: false });
      count('question', 'updated');
    }
    progress.step(`${item.action} question ${want.name}`);
  });

  // 6. Dashboards: POST takes no cards, so a new one is created, then filled like an update.
  const dashboardsByKey = new Map<string, DesiredDashboard>(
    desired.state.dashboards.map((d) => [d.key, d]),
  );
  // Every question exists by now, found or just created: one reverse lookup serves all dashboards.
  const keyByCardId = new Map([...ids.cards].map(([key, id]) => [id, key]));
  const questionKeyOf = (id: number | null): string | null =>
    id === null ? null : (keyByCardId.get(id) ?? null);
  const dashcardIds = new Map<string, Map<string, number>>();
  for (const [key, d] of index.dashboards)
    dashcardIds.set(key, dashcardsByQuestion(d, questionKeyOf));
  const dashboardItems = itemsOf('dashboard').filter((i) => i.action !== 'archive');
  /** Dashboards brought back from the trash by this run. */
  const restored: number[] = [];
  progress.phase('dashboards', dashboardItems.length);
  await mapWithConcurrency(dashboardItems, options.concurrency, async (item) => {
    const want = dashboardsByKey.get(item.key);
    if (!want) return;
    const collectionId = requireId(ids.collections, want.collection);
    const description = describeWithKey(want.description, want.key);
    let current: Dashboard | undefined = index.dashboards.get(want.key);
    if (item.action === 'create') {
      const created = await client.createDashboard(
        { name: want.name, description, collectionId },
        {
          findExisting: async () => {
            const found = findByKey(await client.listDashboards(), want.key);
            return found ? client.getDashboard(found.id) : undefined;
          },
        },
      );
      ids.dashboards.set(want.key, created.id);
      current = created;
      count('dashboard', 'created');
    } else {
      count('dashboard', 'updated');
    }
    const dashboardId = ids.dashboards.get(want.key);
    if (dashboardId === undefined) return;
    if (current?.archived === true) {
      // Two steps: Metabase refuses a save carrying dashcards on a dashboard that is archived
      // before the save (update-dashboard!, `check-not-archived` on the current row, 404 "The
      // object has been archived."), even when the same save unarchives it.
      await client.updateDashboard(dashboardId, { archived: false });
      restored.push(dashboardId);
    }
    const saved = await client.updateDashboard(
      dashboardId,
      dashboardBody(want, description, collectionId, ids.cards, current, questionKeyOf),
    );
    dashcardIds.set(want.key, dashcardsByQuestion(saved, questionKeyOf));
    progress.step(`${item.action} dashboard ${want.name}`);
  });

  // 7. Subscriptions (one email channel each). Metabase listed none for a dashboard that was in
  // the trash (retrieve-pulses, pulse.clj): now that those are restored, their subscriptions are
  // looked up again and planned again, so a restored dashboard never gets a second set.
  let pulsePlan = plan.filter((i) => i.kind === 'subscription');
  let pulseIndex = index.pulses;
  if (restored.length > 0) {
    const found = (
      await Promise.all(
        restored.flatMap((dashboardId) => [
          client.listPulses({ dashboardId }),
          client.listPulses({ dashboardId, archived: true }),
        ]),
      )
    ).flat();
    const again: ObservedMetabase = {
      ...observed,
      pulses: uniqueById([...observed.pulses, ...found]),
    };
    pulsePlan = planSubscriptionItems(desired, again, { prune: options.prune });
    pulseIndex = indexManaged(again).pulses;
  }
  const subscriptionsByKey = new Map<string, DesiredSubscription>(
    desired.state.subscriptions.map((s) => [s.key, s]),
  );
  const subscriptionItems = pulsePlan.filter((i) => i.action === 'create' || i.action === 'update');
  progress.phase('subscriptions', subscriptionItems.length);
  await mapWithConcurrency(subscriptionItems, options.concurrency, async (item) => {
    const want = subscriptionsByKey.get(item.key);
    if (!want) return;
    const body = pulseBody(want, ids, dashcardIds, pulseIndex.get(want.key));
    if (item.action === 'create') {
      await client.createPulse(body, {
        findExisting: async () =>
          (await client.listPulses({ dashboardId: body.dashboardId })).find(
            (p) => keyFromPulse(p) === want.key,
          ),
      });
      count('subscription', 'created');
    } else {
      await client.updatePulse(Number(item.remoteId), { ...body, archived: false });
      count('subscription', 'updated');
    }
    progress.step(`${item.action} subscription ${want.name}`);
  });

  // 8. Settings.
  for (const item of itemsOf('setting')) {
    if (item.key === 'setting:report-timezone') {
      await client.updateSetting('report-timezone', desired.state.settings.reportTimezone);
    } else if (item.key === 'setting:email-smtp' && desired.email) {
      const { host, port, security, username, password } = desired.email;
      const answer = await client.updateEmailSettings({ host, port, security, username, password });
      // Metabase stores what its connection test settled on, not always what was sent
      // (`with-corrections`, src/metabase/channel/api/email.clj): say so, or every run would
      // send the same settings again without knowing why.
      for (const [key, message] of Object.entries(answer.corrections)) {
        options.warn(
          `Metabase corrected ${key} (${message}): set ${key === 'email-smtp-security' ? `MB_EMAIL_SMTP_SECURITY=${answer.security ?? ''}` : key} in this tool's environment so the next provision does not send it again.`,
        );
      }
    } else if (item.key === 'setting:email-from-address' && desired.email?.fromAddress) {
      await client.updateSetting('email-from-address', desired.email.fromAddress);
    } else {
      continue;
    }
    count('setting', 'updated');
  }

  // 9. Archive what left the code (--prune), dependants first. Never a hard delete.
  const archiveOrder: readonly ResourceKind[] = [
    'subscription',
    'dashboard',
    'question',
    'collection',
  ];
  for (const kind of archiveOrder) {
    const items = (kind === 'subscription' ? pulsePlan : plan).filter(
      (i) => i.kind === kind && i.action === 'archive',
    );
    progress.phase(`archive ${kind}s`, items.length);
    await mapWithConcurrency(items, options.concurrency, async (item) => {
      const id = Number(item.remoteId);
      if (kind === 'subscription') await client.archivePulse(id);
      else if (kind === 'dashboard') await client.archiveDashboard(id);
      else if (kind === 'question') await client.archiveCard(id);
      else {
        const c = index.collections.get(item.key);
        if (c) await client.updateCollection(id, { name: c.name, archived: true });
      }
      count(kind, 'archived');
      progress.step(`archive ${kind} ${item.title}`);
    });
  }

  return counts;
}

function requireId(ids: ReadonlyMap<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined)
    throw new InputError(`${key} is referenced but was neither found nor created`);
  return id;
}

function findByKey<T extends { readonly description: string | null; readonly archived: boolean }>(
  objects: readonly T[],
  key: string,
): T | undefined {
  return objects.find((o) => !o.archived && keyFromDescription(o.description) === key);
}

function metabaseTag(tag: DesiredTag, fieldIds: ReadonlyMap<string, number>): TemplateTag {
  const common = {
    name: tag.name,
    displayName: tag.displayName,
    id: tag.id,
    required: tag.required,
    alias: null,
    options: null,
    snippetName: null,
    snippetId: null,
    cardId: null,
  };
  if (tag.type !== 'dimension') {
    return { ...common, type: tag.type, default: tag.default, dimension: null, widgetType: null };
  }
  const column = `${tag.dimension.schema}.${tag.dimension.view}.${tag.dimension.column}`;
  const fieldId = fieldIds.get(column);
  if (fieldId === undefined) {
    throw new RemoteError(
      `Metabase has no field for ${column} after sync: was the view provisioned and can the reporting role read it?`,
      { system: 'metabase' },
    );
  }
  return {
    ...common,
    type: 'dimension',
    default: null,
    dimension: { fieldId, options: null },
    widgetType: tag.widgetType,
  };
}

function cardBody(
  q: DesiredQuestion,
  databaseId: number,
  collectionId: number,
  fieldIds: ReadonlyMap<string, number>,
) {
  return {
    name: q.name,
    description: describeWithKey(q.description, q.key),
    display: q.display,
    type: 'question' as const,
    collectionId,
    query: {
      kind: 'native' as const,
      database: databaseId,
      query: q.sql,
      templateTags: Object.fromEntries(
        q.templateTags.map((t) => [t.name, metabaseTag(t, fieldIds)]),
      ),
    },
    visualizationSettings: jsonObjectSchema.parse(q.visualizationSettings),
  };
}

/** question key → dashcard id on a saved dashboard. */
function dashcardsByQuestion(
  dashboard: Dashboard,
  questionKey: (id: number | null) => string | null,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const dc of dashboard.dashcards) {
    const key = questionKey(dc.cardId);
    if (key !== null && !out.has(key)) out.set(key, dc.id);
  }
  return out;
}

/**
 * The full replacement body. Dashcards that already show the same question keep their id: a
 * new id would break the subscriptions that attach that card.
 */
function dashboardBody(
  want: DesiredDashboard,
  description: string,
  collectionId: number,
  cardIds: ReadonlyMap<string, number>,
  current: Dashboard | undefined,
  questionKey: (id: number | null) => string | null,
) {
  const reusable = current ? dashcardsByQuestion(current, questionKey) : new Map<string, number>();
  let nextNew = -1;
  return {
    name: want.name,
    description,
    collectionId,
    archived: false,
    parameters: want.parameters.map((p) => ({
      id: p.id,
      name: p.name,
      slug: p.slug,
      type: p.type,
      sectionId: p.sectionId,
      default: p.default === null ? null : [...p.default],
      required: p.required,
    })),
    tabs: [],
    dashcards: want.dashcards.map((dc) => {
      const cardId = requireId(cardIds, dc.question);
      return {
        id: reusable.get(dc.question) ?? nextNew--,
        cardId,
        row: dc.row,
        col: dc.col,
        sizeX: dc.sizeX,
        sizeY: dc.sizeY,
        parameterMappings: dc.parameterMappings.map((m) => ({
          parameterId: m.parameterId,
          cardId,
          target: m.target,
        })),
      };
    }),
  };
}

/**
 * The key travels in the channel's details (see managed-marker.ts); the channel keeps its id so
 * Metabase updates it instead of deleting and recreating it (`update-notification-channels!`).
 */
function pulseBody(
  want: DesiredSubscription,
  ids: {
    readonly cards: ReadonlyMap<string, number>;
    readonly dashboards: ReadonlyMap<string, number>;
  },
  dashcardIds: ReadonlyMap<string, ReadonlyMap<string, number>>,
  existing: Pulse | undefined,
) {
  const dashboardId = requireId(ids.dashboards, want.dashboard);
  const onDashboard = dashcardIds.get(want.dashboard);
  const channelId = existing?.channels.find((c) => c.channelType === 'email')?.id ?? null;
  return {
    name: want.name,
    dashboardId,
    skipIfEmpty: want.skipIfEmpty,
    cards: want.cards.map((c) => ({
      id: requireId(ids.cards, c.question),
      includeCsv: c.includeCsv,
      includeXls: c.includeXls,
      dashboardCardId: onDashboard?.get(c.question) ?? null,
      formatRows: c.formatRows,
    })),
    channels: [
      {
        id: channelId,
        channelType: 'email' as const,
        enabled: true,
        scheduleType: want.channel.schedule_type,
        scheduleHour: want.channel.schedule_hour,
        scheduleDay: want.channel.schedule_day,
        scheduleFrame: want.channel.schedule_frame,
        recipients: want.channel.recipients.map((r) => ({ email: r.email })),
        details: channelDetailsWithKey(want.key),
      },
    ],
  };
}
