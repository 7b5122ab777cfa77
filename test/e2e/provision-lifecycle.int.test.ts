import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.ts';
import {
  copyGeneratedFiles,
  readDesiredFiles,
  type DesiredFiles,
} from './support/desired-files.ts';
import {
  startE2eEnvironment,
  transcript,
  type CliRun,
  type E2eEnvironment,
} from './support/e2e-environment.ts';
import {
  duplicates,
  getCard,
  getDashboard,
  getPulse,
  listDatabases,
  listObjects,
  managedKeys,
  onlyId,
  subscriptionLinkProblems,
  type ManagedKeys,
} from './support/metabase-objects.ts';

/**
 * Day-2 life of a provisioned Metabase, in order: objects we do not manage exist before the first
 * provision; then drift made in the UI, deletions made in the UI, a rename in code and a removal
 * in code (`--prune`). Every claim is checked through Metabase's API and the emulator's request
 * log, not from our own output alone.
 */

interface PlanJson {
  readonly items: readonly {
    readonly kind: string;
    readonly key: string;
    readonly action: string;
    readonly remoteId: number | string | null;
    readonly note?: string;
    readonly changes: readonly { path: string; before: unknown; after: unknown }[];
  }[];
  readonly totals: { create: number; update: number; archive: number; noop: number };
}

let env: E2eEnvironment;
let desired: DesiredFiles;
let codeDir: string;

beforeAll(async () => {
  env = await startE2eEnvironment({ records: 300, dbPrefix: 'dtx_e2e_life' });
  desired = await readDesiredFiles(projectRoot);
  codeDir = await mkdtemp(path.join(tmpdir(), 'dtx-e2e-code-'));
  await copyGeneratedFiles(projectRoot, codeDir);
});

afterAll(async () => {
  await env?.close();
  if (codeDir) await rm(codeDir, { recursive: true, force: true });
});

const writesOf = (run: CliRun): string[] =>
  env.emulator
    .log()
    .filter((e) => e.seq > run.fromSeq && e.seq <= run.toSeq && e.method !== 'GET')
    .map((e) => `${e.method} ${e.path}`);

async function planJson(...extra: string[]): Promise<PlanJson> {
  const run = await env.cli(['plan', '--json', ...extra]);
  expect(run.exitCode, transcript(run)).toBe(0);
  expect(writesOf(run)).toEqual([]);
  return JSON.parse(run.out) as PlanJson;
}

/** Changed items as `kind key action`, sorted. */
const changed = (plan: PlanJson): string[] =>
  plan.items
    .filter((i) => i.action !== 'noop')
    .map((i) => `${i.kind} ${i.key} ${i.action}`)
    .sort();

async function provision(...extra: string[]): Promise<CliRun> {
  const run = await env.cli(['provision', ...extra]);
  expect(run.exitCode, transcript(run)).toBe(0);
  return run;
}

async function activeKeys(): Promise<ManagedKeys> {
  return managedKeys(await listObjects(env, 'active'));
}

/** Raw GET bodies of the objects nobody told us to manage. */
const unmanaged: { paths: string[]; before: Map<string, string>; sinceSeq: number } = {
  paths: [],
  before: new Map(),
  sinceSeq: 0,
};
const unmanagedIds = {
  database: 0,
  collection: 0,
  card: 0,
  dashboard: 0,
  pulse: 0,
  analystCard: 0,
};

async function snapshotUnmanaged(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of unmanaged.paths) out.set(p, await env.apiText('GET', p));
  return out;
}

/** Every write since the snapshot whose path names one of the unmanaged objects. */
function writesToUnmanaged(): string[] {
  const targets = new Set(unmanaged.paths.map((p) => p.replace(/\?.*$/, '').replace(/\/+$/, '')));
  return env.emulator
    .log()
    .filter(
      (e) =>
        e.seq > unmanaged.sinceSeq && e.method !== 'GET' && targets.has(e.path.replace(/\/+$/, '')),
    )
    .map((e) => `${e.method} ${e.path}`);
}

describe('provisioning over time', () => {
  let keys: ManagedKeys;

  it('objects we do not manage, made before the first Metabase provision, are left byte-identical', async () => {
    // The views and the reporting role first, so an analyst can connect a database of their own.
    const views = await env.cli(['provision', '--views-only']);
    expect(views.exitCode, transcript(views)).toBe(0);
    const url = new URL(env.reportingUrl);
    const database = await env.api<{ id: number }>('POST', '/api/database', {
      name: 'Analyst sandbox',
      engine: 'postgres',
      details: {
        host: url.hostname,
        port: Number(url.port),
        dbname: env.db.name,
        user: env.role,
        password: decodeURIComponent(url.password),
      },
      is_full_sync: true,
      is_on_demand: false,
      connection_source: 'admin',
    });
    const collection = await env.api<{ id: number }>('POST', '/api/collection', {
      name: 'Finance team',
      description: 'Hand-made; not from dtx-reports.',
    });
    const card = await env.api<{ id: number }>('POST', '/api/card', {
      name: 'Invoices by month',
      description: 'An analyst wrote this.',
      display: 'table',
      type: 'question',
      collection_id: collection.id,
      visualization_settings: {},
      dataset_query: {
        type: 'native',
        database: database.id,
        native: { query: 'SELECT 1 AS one', 'template-tags': {} },
      },
    });
    const dashboard = await env.api<{ id: number }>('POST', '/api/dashboard', {
      name: 'Finance overview',
      description: 'Not ours either.',
      collection_id: collection.id,
    });
    const filled = await env.api<{ dashcards: { id: number }[] }>(
      'PUT',
      `/api/dashboard/${dashboard.id}`,
      {
        dashcards: [{ id: -1, card_id: card.id, row: 0, col: 0, size_x: 12, size_y: 6 }],
      },
    );
    const pulse = await env.api<{ id: number }>('POST', '/api/pulse', {
      name: 'Finance weekly',
      dashboard_id: dashboard.id,
      skip_if_empty: false,
      cards: [
        {
          id: card.id,
          include_csv: true,
          include_xls: false,
          dashboard_card_id: filled.dashcards[0]?.id ?? null,
        },
      ],
      channels: [
        {
          channel_type: 'email',
          enabled: true,
          schedule_type: 'weekly',
          schedule_day: 'mon',
          schedule_hour: 8,
          schedule_frame: null,
          recipients: [{ email: 'finance@example.com' }],
          details: {},
        },
      ],
    });
    await env.emulator.controls.waitForSyncs();
    Object.assign(unmanagedIds, {
      database: database.id,
      collection: collection.id,
      card: card.id,
      dashboard: dashboard.id,
      pulse: pulse.id,
    });
    const personal = (await listObjects(env, 'active')).collections.find(
      (c) => c.personal_owner_id != null,
    );
    unmanaged.paths = [
      `/api/database/${database.id}`,
      `/api/collection/${collection.id}`,
      `/api/card/${card.id}`,
      `/api/dashboard/${dashboard.id}`,
      `/api/pulse/${pulse.id}`,
      `/api/collection/${String(personal?.id)}`,
    ];
    unmanaged.before = await snapshotUnmanaged();
    unmanaged.sinceSeq = env.emulator.controls.lastSeq;

    const cold = await provision();
    expect(writesOf(cold).length).toBeGreaterThan(desired.questions.size);
    keys = await activeKeys();
    expect(duplicates(keys)).toEqual([]);
    expect(keys.cards.size).toBe(desired.questions.size);
    expect(await snapshotUnmanaged()).toEqual(unmanaged.before);
    expect(writesToUnmanaged()).toEqual([]);

    // An analyst also saves a question of their own into one of our collections.
    const coi = onlyId(keys.collections, 'collection:category:1');
    const analyst = await env.api<{ id: number }>('POST', '/api/card', {
      name: 'My COI shortlist',
      description: null,
      display: 'table',
      type: 'question',
      collection_id: coi,
      visualization_settings: {},
      dataset_query: {
        type: 'native',
        database: database.id,
        native: { query: 'SELECT 2 AS two', 'template-tags': {} },
      },
    });
    unmanagedIds.analystCard = analyst.id;
    unmanaged.paths.push(`/api/card/${analyst.id}`);
    unmanaged.before.set(
      `/api/card/${analyst.id}`,
      await env.apiText('GET', `/api/card/${analyst.id}`),
    );
  });

  it('drift made in the UI shows in the plan field by field and is reverted by provision', async () => {
    const cardKey = 'question:report:11';
    const dashboardKey = 'dashboard:delivery:11:1006';
    const cardId = onlyId(keys.cards, cardKey);
    const dashboardId = onlyId(keys.dashboards, dashboardKey);
    const original = await getCard(env, cardId);
    const board = await getDashboard(env, dashboardId);
    expect(board.parameters[0]?.default).toEqual([30]);
    const pulsesBefore = (await listObjects(env, 'active')).pulses.filter(
      (p) => p.dashboard_id === dashboardId,
    );
    expect(pulsesBefore.length).toBeGreaterThan(0);

    // As the UI sends them: a renamed question, and a filter default changed (the days window).
    await env.api('PUT', `/api/card/${cardId}`, { name: 'Renamed in the UI' });
    await env.api('PUT', `/api/dashboard/${dashboardId}`, {
      parameters: board.parameters.map((p, i) => (i === 0 ? { ...p, default: [90] } : p)),
    });

    const plan = await planJson();
    expect(changed(plan)).toEqual([
      `dashboard ${dashboardKey} update`,
      `question ${cardKey} update`,
    ]);
    const cardItem = plan.items.find((i) => i.key === cardKey);
    expect(cardItem?.remoteId).toBe(cardId);
    expect(cardItem?.changes).toEqual([
      { path: 'name', before: 'Renamed in the UI', after: original.name },
    ]);
    const dashboardItem = plan.items.find((i) => i.key === dashboardKey);
    expect(dashboardItem?.remoteId).toBe(dashboardId);
    expect(dashboardItem?.changes).toEqual([
      { path: 'parameters[0].default[0]', before: 90, after: 30 },
    ]);

    const dry = await provision('--dry-run');
    expect(writesOf(dry)).toEqual([]);
    expect((await getCard(env, cardId)).name).toBe('Renamed in the UI');

    const fix = await provision();
    expect(writesOf(fix).sort()).toEqual([
      `PUT /api/card/${cardId}`,
      `PUT /api/dashboard/${dashboardId}`,
    ]);
    expect((await getCard(env, cardId)).name).toBe(original.name);
    expect((await getDashboard(env, dashboardId)).parameters[0]?.default).toEqual([30]);
    // Same parameter ids: the subscriptions of that dashboard survive the revert.
    const pulsesAfter = (await listObjects(env, 'active')).pulses.filter(
      (p) => p.dashboard_id === dashboardId,
    );
    expect(pulsesAfter.map((p) => p.id)).toEqual(pulsesBefore.map((p) => p.id));

    const again = await provision();
    expect(writesOf(again)).toEqual([]);
  });

  it('table and field labels changed in the UI are put back without a sync', async () => {
    const databaseId = (await listDatabases(env)).find((d) => d.name === 'DTX 2.0 reporting')?.id;
    const metadata = await env.api<{
      tables: {
        id: number;
        schema: string;
        name: string;
        display_name: string;
        fields: { id: number; name: string; display_name: string }[];
      }[];
    }>('GET', `/api/database/${databaseId}/metadata?include_hidden=true`);
    const table = metadata.tables.find((t) => t.schema === 'reporting' && t.fields.length > 0);
    const field = table?.fields[0];
    if (!table || !field) throw new Error('no synced report view with fields');
    const tableKey = `table:${table.schema}.${table.name}`;
    const fieldKey = `field:${table.schema}.${table.name}.${field.name}`;

    await env.api('PUT', `/api/table/${table.id}`, { display_name: 'Table renamed in the UI' });
    await env.api('PUT', `/api/field/${field.id}`, { display_name: 'Field renamed in the UI' });

    const plan = await planJson();
    expect(changed(plan)).toEqual([`field ${fieldKey} update`, `table ${tableKey} update`]);
    expect(plan.items.find((i) => i.key === fieldKey)?.changes).toEqual([
      { path: 'displayName', before: 'Field renamed in the UI', after: field.display_name },
    ]);

    // Nothing else changed, so no sync: the plan's own metadata items are what gets applied.
    const fix = await provision();
    expect(writesOf(fix).sort()).toEqual([
      `PUT /api/field/${field.id}`,
      `PUT /api/table/${table.id}`,
    ]);
    const after = await env.api<typeof metadata>(
      'GET',
      `/api/database/${databaseId}/metadata?include_hidden=true`,
    );
    const fixed = after.tables.find((t) => t.id === table.id);
    expect(fixed?.display_name).toBe(table.display_name);
    expect(fixed?.fields.find((f) => f.id === field.id)?.display_name).toBe(field.display_name);

    const again = await provision();
    expect(writesOf(again)).toEqual([]);
  });

  it('objects deleted in the UI are restored from the trash or recreated, without duplicates', async () => {
    const cardKey = 'question:report:14';
    const pulseKey = 'subscription:schedule:1:mon';
    const deletedKey = 'dashboard:delivery:1:1004';
    const cardId = onlyId(keys.cards, cardKey);
    const pulseId = onlyId(keys.pulses, pulseKey);
    const deletedId = onlyId(keys.dashboards, deletedKey);
    const deletedSubscriptions = (
      [...desired.dashboards.values()].find((d) => d.key === deletedKey)?.subscriptions ?? []
    ).map((s) => s.key);
    expect(deletedSubscriptions.length).toBeGreaterThan(0);
    expect(deletedSubscriptions).not.toContain(pulseKey);

    // Trash a question; archive a subscription (Metabase 0.58 has no DELETE /api/pulse/:id);
    // permanently delete a dashboard from the trash, which takes its subscriptions with it.
    await env.api('PUT', `/api/card/${cardId}`, { archived: true });
    await env.api('PUT', `/api/pulse/${pulseId}`, { archived: true });
    await env.api('DELETE', `/api/dashboard/${deletedId}`);

    const plan = await planJson();
    expect(changed(plan)).toEqual(
      [
        `question ${cardKey} update`,
        `subscription ${pulseKey} update`,
        `dashboard ${deletedKey} create`,
        ...deletedSubscriptions.map((k) => `subscription ${k} create`),
      ].sort(),
    );
    for (const key of [cardKey, pulseKey]) {
      const item = plan.items.find((i) => i.key === key);
      expect(item?.note).toMatch(/trash/);
      expect(item?.changes).toContainEqual({ path: 'archived', before: true, after: false });
    }

    await provision();
    const restored = await listObjects(env, 'active');
    const after = managedKeys(restored);
    expect(duplicates(after)).toEqual([]);
    expect(await subscriptionLinkProblems(env, restored, desired.dashboardOfSubscription)).toEqual(
      [],
    );
    expect(after.cards.get(cardKey)).toEqual([cardId]);
    expect(after.pulses.get(pulseKey)).toEqual([pulseId]);
    expect(after.dashboards.get(deletedKey)).toHaveLength(1);
    expect(after.dashboards.get(deletedKey)).not.toEqual([deletedId]);
    for (const key of deletedSubscriptions) expect(after.pulses.get(key)).toHaveLength(1);
    expect(after.cards.size).toBe(desired.questions.size);
    expect(after.dashboards.size).toBe(desired.dashboards.size);
    expect(after.pulses.size).toBe(desired.subscriptions.length);
    const archived = managedKeys(await listObjects(env, 'archived'));
    expect([...archived.cards.keys(), ...archived.pulses.keys()]).toEqual([]);
    keys = after;

    const again = await provision();
    expect(writesOf(again)).toEqual([]);
  });

  it('a question renamed in code keeps its card: the same id is updated', async () => {
    const key = 'question:report:13';
    const file = [...desired.questions].find(([, q]) => q.key === key)?.[0];
    if (!file) throw new Error(`no file for ${key}`);
    const doc = parseDocument(await readFile(path.join(codeDir, file), 'utf8'));
    doc.set('name', 'COI renewals (renamed in code)');
    await writeFile(path.join(codeDir, file), doc.toString());
    const cardId = onlyId(keys.cards, key);

    const plan = await planJson('--from', codeDir);
    expect(changed(plan)).toEqual([`question ${key} update`]);

    const run = await provision('--from', codeDir);
    expect(writesOf(run)).toEqual([`PUT /api/card/${cardId}`]);
    expect((await getCard(env, cardId)).name).toBe('COI renewals (renamed in code)');
    const after = await activeKeys();
    expect(after.cards.get(key)).toEqual([cardId]);
    expect(after.cards.size).toBe(desired.questions.size);

    const again = await env.cli(['plan', '--from', codeDir, '--detailed-exitcode']);
    expect(again.exitCode, transcript(again)).toBe(0);
  });

  it('--prune archives (never deletes) what was removed from the code; unmanaged objects stay', async () => {
    const dashboardKey = 'dashboard:delivery:1:1005';
    const questionKey = 'question:delivery:1:1005';
    const dashboardFile = [...desired.dashboards].find(([, d]) => d.key === dashboardKey);
    const questionFile = [...desired.questions].find(([, q]) => q.key === questionKey)?.[0];
    if (!dashboardFile || !questionFile) throw new Error('delivery files not found');
    const subscriptions = (dashboardFile[1].subscriptions ?? []).map((s) => s.key);
    expect(subscriptions.length).toBeGreaterThan(0);
    await rm(path.join(codeDir, dashboardFile[0]));
    await rm(path.join(codeDir, questionFile));
    const ids = {
      card: onlyId(keys.cards, questionKey),
      dashboard: onlyId(keys.dashboards, dashboardKey),
      pulses: subscriptions.map((k) => onlyId(keys.pulses, k)),
    };

    // Without --prune they are kept and the plan says so.
    expect(changed(await planJson('--from', codeDir))).toEqual([]);
    const plan = await planJson('--from', codeDir, '--prune');
    expect(changed(plan)).toEqual(
      [
        `question ${questionKey} archive`,
        `dashboard ${dashboardKey} archive`,
        ...subscriptions.map((k) => `subscription ${k} archive`),
      ].sort(),
    );

    const run = await provision('--from', codeDir, '--prune');
    expect(writesOf(run).every((w) => w.startsWith('PUT '))).toBe(true);
    expect((await getCard(env, ids.card)).archived).toBe(true);
    expect((await getDashboard(env, ids.dashboard)).archived).toBe(true);
    for (const id of ids.pulses) {
      const archived = await getPulse(env, id);
      expect(archived.archived).toBe(true);
      // Metabase's archive hook disabled the channels; nothing sent back enabled them again.
      expect(archived.channels.map((c) => c.enabled)).toEqual([false]);
    }

    const again = await env.cli(['plan', '--from', codeDir, '--prune', '--detailed-exitcode']);
    expect(again.exitCode, transcript(again)).toBe(0);
  });

  it('a copy of a managed question made in the UI is reported by the plan and never touched', async () => {
    const key = 'question:report:12';
    const id = onlyId(keys.cards, key);
    const original = await getCard(env, id);
    const reporting = (await listDatabases(env)).find((d) => d.name === 'DTX 2.0 reporting');
    // Metabase's "Duplicate" copies the description, and with it our marker.
    const copy = await env.api<{ id: number }>('POST', '/api/card', {
      name: `${original.name} - Duplicate`,
      description: original.description,
      display: 'table',
      type: 'question',
      collection_id: original.collection_id,
      visualization_settings: {},
      dataset_query: {
        type: 'native',
        database: reporting?.id,
        native: { query: 'SELECT 1 AS one', 'template-tags': {} },
      },
    });
    const copyPath = `/api/card/${copy.id}`;
    const before = await env.apiText('GET', copyPath);

    const plan = await env.cli(['plan', '--from', codeDir, '--prune', '--detailed-exitcode']);
    expect(plan.exitCode, transcript(plan)).toBe(0);
    expect(plan.out).toContain(
      `warning: question ${copy.id} "${original.name} - Duplicate" carries the key ${key} of question ${id}`,
    );
    const run = await provision('--from', codeDir, '--prune');
    expect(writesOf(run)).toEqual([]);
    expect(await env.apiText('GET', copyPath)).toBe(before);
    unmanaged.paths.push(copyPath);
    unmanaged.before.set(copyPath, before);
  });

  it('never touched the objects it does not manage, across every run above', async () => {
    expect(await snapshotUnmanaged()).toEqual(unmanaged.before);
    expect(writesToUnmanaged()).toEqual([]);
    const active = await listObjects(env, 'active');
    expect(active.cards.map((c) => c.id)).toEqual(
      expect.arrayContaining([unmanagedIds.card, unmanagedIds.analystCard]),
    );
  });
});
