import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../support/scratch-database.ts';
import type { ScratchDatabase } from '../support/scratch-database.ts';
import { startEmulator } from './server.ts';
import type { RunningEmulator } from './server.ts';

/** Metabase v0.58 behaviours the provisioner depends on, checked over raw HTTP. */

const apiKey = 'mb_emulator_test_key_1234';
let emulator: RunningEmulator;
let db: ScratchDatabase;
let databaseId: number;

interface Reply {
  status: number;
  type: string;
  body: unknown;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'x-api-key': apiKey },
): Promise<Reply> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, body: type.includes('json') ? JSON.parse(text) : text };
}

type Rec = Record<string, unknown>;
const ok = async (method: string, path: string, body?: unknown): Promise<Rec> => {
  const reply = await call(method, path, body);
  if (reply.status >= 300)
    throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as Rec;
};

async function metadata(
  includeHidden = true,
): Promise<{ tables: { id: number; name: string; schema: string; fields: Rec[] }[] }> {
  await emulator.controls.waitForSyncs();
  return (await ok(
    'GET',
    `/api/database/${databaseId}/metadata?include_hidden=${includeHidden}`,
  )) as never;
}

beforeAll(async () => {
  db = await createScratchDatabase('dtx_emu');
  const url = new URL(db.url);
  await db.pool.query(`
    DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'emu_reporting') THEN CREATE ROLE emu_reporting LOGIN; END IF; END $$;
    CREATE SCHEMA reports;
    CREATE TYPE reports.mood AS ENUM ('ok', 'bad');
    CREATE TABLE public.secret_table (id int PRIMARY KEY);
    CREATE TABLE reports.base (id bigint PRIMARY KEY, amount numeric, ok boolean, at timestamptz, d date, m reports.mood, n int);
    CREATE VIEW reports.v_report AS SELECT id, amount, at FROM reports.base;
    CREATE MATERIALIZED VIEW reports.mv_report AS SELECT id, d FROM reports.base;
    GRANT USAGE ON SCHEMA reports TO emu_reporting;
    GRANT SELECT ON reports.v_report, reports.mv_report TO emu_reporting;
  `);
  emulator = await startEmulator({ apiKey, syncDelayMs: 5 });
  const created = await ok('POST', '/api/database', {
    name: 'DTX',
    engine: 'postgres',
    details: {
      host: url.hostname,
      port: Number(url.port || 5432),
      dbname: db.name,
      user: 'emu_reporting',
      password: 'pw-never-shown',
    },
    is_full_sync: true,
    is_on_demand: false,
    connection_source: 'admin',
  });
  databaseId = created['id'] as number;
});

afterAll(async () => {
  await emulator?.close();
  await db?.drop();
});

describe('sync from the real Postgres catalog', () => {
  it('builds tables (views and materialized views included) the role can SELECT, with base types', async () => {
    const meta = await metadata();
    expect(meta.tables.map((t) => `${t.schema}.${t.name}`).sort()).toEqual([
      'reports.mv_report',
      'reports.v_report',
    ]);
    const view = meta.tables.find((t) => t.name === 'v_report')!;
    expect(
      view.fields.map((f) => [f['name'], f['base_type'], f['database_type'], f['display_name']]),
    ).toEqual([
      ['id', 'type/BigInteger', 'int8', 'ID'],
      ['amount', 'type/Decimal', 'numeric', 'Amount'],
      ['at', 'type/DateTimeWithLocalTZ', 'timestamptz', 'At'],
    ]);
  });

  it('keeps table and field ids across re-syncs, deactivates what vanished, adds what is new', async () => {
    const before = await metadata();
    const view = before.tables.find((t) => t.name === 'v_report')!;
    await db.pool.query(`
      CREATE OR REPLACE VIEW reports.v_report AS SELECT id, amount, at, ok, m FROM reports.base;
      DROP MATERIALIZED VIEW reports.mv_report;
    `);
    await ok('POST', `/api/database/${databaseId}/sync_schema`);
    const after = await metadata();
    expect(after.tables.map((t) => t.name)).toEqual(['v_report']);
    const again = after.tables[0]!;
    expect(again.id).toBe(view.id);
    expect(again.fields.slice(0, 3).map((f) => f['id'])).toEqual(view.fields.map((f) => f['id']));
    expect(again.fields.slice(3).map((f) => [f['name'], f['base_type']])).toEqual([
      ['ok', 'type/Boolean'],
      ['m', 'type/PostgresEnum'],
    ]);
  });

  it('hides hidden tables unless include_hidden, and keeps user edits across syncs', async () => {
    const table = (await metadata()).tables[0]!;
    await ok('PUT', `/api/table/${table.id}`, {
      visibility_type: 'hidden',
      display_name: 'Report',
    });
    expect((await metadata(false)).tables).toEqual([]);
    await ok('POST', `/api/database/${databaseId}/sync_schema`);
    const synced = (await metadata(true)).tables[0]!;
    expect(synced['display_name' as keyof typeof synced]).toBe('Report');
    await ok('PUT', `/api/table/${table.id}`, { visibility_type: null });
  });

  it('returns the password masked', async () => {
    const db1 = await ok('GET', `/api/database/${databaseId}`);
    expect((db1['details'] as Rec)['password']).toBe('**MetabasePass**');
    expect(JSON.stringify(await ok('GET', '/api/database'))).not.toContain('pw-never-shown');
  });
});

describe('Metabase-shaped answers', () => {
  it('401 Unauthenticated and 404 Not found. as plain text; validation errors as errors/specific-errors', async () => {
    const anonymous = await call('GET', '/api/card', undefined, {});
    expect(anonymous).toMatchObject({ status: 401, body: 'Unauthenticated' });
    expect(anonymous.type).toContain('text/plain');
    expect(await call('GET', '/api/card/987654')).toMatchObject({
      status: 404,
      body: 'Not found.',
    });
    const invalid = await call('POST', '/api/card/', { name: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      errors: {
        name: 'value must be a non-blank string.',
        dataset_query: 'Value must be a map.',
        display: 'value must be a non-blank string.',
        visualization_settings: 'Value must be a map.',
      },
      'specific-errors': {
        name: ['value must be a non-blank string.'],
        dataset_query: ['Value must be a map.'],
        display: ['value must be a non-blank string.'],
        visualization_settings: ['Value must be a map.'],
      },
    });
  });

  it('stores cards as MBQL 5, returns MBQL 4 with ?legacy-mbql=true, and finds cards by entity id', async () => {
    const legacy = {
      database: databaseId,
      type: 'native',
      native: { query: 'SELECT 1', 'template-tags': {} },
    };
    const card = await ok('POST', '/api/card', {
      name: 'Q',
      display: 'table',
      visualization_settings: {},
      dataset_query: legacy,
    });
    expect(card['dataset_query']).toEqual({
      'lib/type': 'mbql/query',
      stages: [{ 'lib/type': 'mbql.stage/native', native: 'SELECT 1' }],
      database: databaseId,
      'lib.convert/converted?': true,
    });
    expect((await ok('GET', `/api/card/${card['id']}?legacy-mbql=true`))['dataset_query']).toEqual(
      legacy,
    );
    expect(card['entity_id']).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect((await ok('GET', `/api/card/${card['entity_id']}`))['id']).toBe(card['id']);
  });
});

describe('dashboards: PUT replaces dashcards and tabs', () => {
  let cardId: number;
  let dashboardId: number;

  beforeAll(async () => {
    const card = await ok('POST', '/api/card', {
      name: 'D',
      display: 'table',
      visualization_settings: {},
      dataset_query: { database: databaseId, type: 'native', native: { query: 'SELECT 2' } },
    });
    cardId = card['id'] as number;
    const dashboard = await ok('POST', '/api/dashboard', {
      name: 'Dash',
      parameters: [{ id: 'p1', name: 'Org', slug: 'org', type: 'string/=' }],
    });
    dashboardId = dashboard['id'] as number;
    expect(dashboard['dashcards']).toEqual([]);
  });

  const dashcards = async () =>
    (await ok('GET', `/api/dashboard/${dashboardId}`))['dashcards'] as Rec[];

  it('creates negative ids, updates positive ones, deletes the omitted', async () => {
    const first = await ok('PUT', `/api/dashboard/${dashboardId}`, {
      tabs: [
        { id: -1, name: 'One' },
        { id: -2, name: 'Two' },
      ],
      dashcards: [
        { id: -1, card_id: cardId, dashboard_tab_id: -1, row: 0, col: 0, size_x: 12, size_y: 4 },
        { id: -2, card_id: cardId, dashboard_tab_id: -2, row: 0, col: 0, size_x: 12, size_y: 4 },
        // Overlaps the first: Metabase accepts it.
        { id: -3, card_id: cardId, dashboard_tab_id: -1, row: 0, col: 6, size_x: 12, size_y: 4 },
      ],
    });
    const tabs = first['tabs'] as Rec[];
    const created = first['dashcards'] as Rec[];
    expect(created).toHaveLength(3);
    expect(created.every((d) => (d['id'] as number) > 0)).toBe(true);
    expect(created[0]!['dashboard_tab_id']).toBe(tabs[0]!['id']);
    expect(created[1]!['dashboard_tab_id']).toBe(tabs[1]!['id']);
    const keep = created[0]!['id'] as number;
    await ok('PUT', `/api/dashboard/${dashboardId}`, {
      tabs: [{ id: tabs[0]!['id'], name: 'One' }],
      dashcards: [
        {
          id: keep,
          card_id: cardId,
          dashboard_tab_id: tabs[0]!['id'],
          row: 2,
          col: 0,
          size_x: 24,
          size_y: 4,
        },
      ],
    });
    const now = await dashcards();
    expect(now.map((d) => [d['id'], d['row'], d['size_x']])).toEqual([[keep, 2, 24]]);
  });

  it('rejects a dashcard wider than the 24-column grid and an id from elsewhere', async () => {
    const wide = await call('PUT', `/api/dashboard/${dashboardId}`, {
      dashcards: [{ id: -1, card_id: cardId, row: 0, col: 13, size_x: 12, size_y: 2 }],
    });
    expect(wide.status).toBe(400);
    expect(JSON.stringify(wide.body)).toContain('24-column grid');
    const foreign = await call('PUT', `/api/dashboard/${dashboardId}`, {
      dashcards: [{ id: 99999, card_id: cardId, row: 0, col: 0, size_x: 2, size_y: 2 }],
    });
    expect(foreign.status).toBe(400);
    const negativeSize = await call('PUT', `/api/dashboard/${dashboardId}`, {
      dashcards: [{ id: -1, card_id: cardId, row: 0, col: 0, size_x: 0, size_y: 2 }],
    });
    expect(negativeSize.status).toBe(400);
  });

  it('archives the subscriptions whose parameter ids disappeared, and only those', async () => {
    const dashcardId = (await dashcards())[0]!['id'];
    const pulse = (parameters: Rec[]) => ({
      name: 'Sub',
      dashboard_id: dashboardId,
      skip_if_empty: false,
      parameters,
      cards: [{ id: cardId, include_csv: true, include_xls: false, dashboard_card_id: dashcardId }],
      channels: [
        {
          channel_type: 'email',
          enabled: true,
          schedule_type: 'daily',
          schedule_hour: 7,
          schedule_day: null,
          schedule_frame: null,
          recipients: [{ email: 'a@b.example' }],
          details: {},
        },
      ],
    });
    const usesP1 = await ok('POST', '/api/pulse', pulse([{ id: 'p1', value: ['x'] }]));
    const usesNothing = await ok('POST', '/api/pulse', pulse([]));
    // Same ids again: nothing happens.
    await ok('PUT', `/api/dashboard/${dashboardId}`, {
      parameters: [{ id: 'p1', name: 'Org', slug: 'org', type: 'string/=' }],
    });
    expect((await ok('GET', `/api/pulse/${usesP1['id']}`))['archived']).toBe(false);
    await ok('PUT', `/api/dashboard/${dashboardId}`, {
      parameters: [{ id: 'p2', name: 'Org', slug: 'org', type: 'string/=' }],
    });
    expect((await ok('GET', `/api/pulse/${usesP1['id']}`))['archived']).toBe(true);
    expect((await ok('GET', `/api/pulse/${usesNothing['id']}`))['archived']).toBe(false);
    const archivedList = (await ok('GET', '/api/pulse?archived=true')) as unknown as Rec[];
    expect(archivedList.map((p) => p['id'])).toContain(usesP1['id']);
  });
});

describe('pulses: validation and PUT defaults', () => {
  let cardId: number;
  const channel = (over: Rec) => ({
    channel_type: 'email',
    enabled: true,
    schedule_type: 'daily',
    schedule_hour: 8,
    schedule_day: null,
    schedule_frame: null,
    recipients: [{ id: 1 }],
    details: {},
    ...over,
  });
  const body = (over: Rec) => ({
    name: 'P',
    skip_if_empty: true,
    cards: [{ id: cardId, include_csv: false, include_xls: false, dashboard_card_id: null }],
    channels: [channel({})],
    ...over,
  });

  beforeAll(async () => {
    const card = await ok('POST', '/api/card', {
      name: 'PC',
      display: 'table',
      visualization_settings: {},
      dataset_query: { database: databaseId, type: 'native', native: { query: 'SELECT 3' } },
    });
    cardId = card['id'] as number;
  });

  it.each([
    ['no cards', { cards: [] }, 'cards'],
    ['no channels', { channels: [] }, 'channels'],
    [
      'unknown schedule type',
      { channels: [channel({ schedule_type: 'yearly' })] },
      'schedule_type',
    ],
    ['weekly without a day', { channels: [channel({ schedule_type: 'weekly' })] }, 'weekly'],
    [
      'monthly mid with a day',
      {
        channels: [
          channel({ schedule_type: 'monthly', schedule_frame: 'mid', schedule_day: 'mon' }),
        ],
      },
      'mid',
    ],
    [
      'monthly without a frame',
      { channels: [channel({ schedule_type: 'monthly' })] },
      'schedule_frame',
    ],
    ['hour 24', { channels: [channel({ schedule_hour: 24 })] }, 'schedule_hour'],
    [
      'bad day',
      { channels: [channel({ schedule_type: 'weekly', schedule_day: 'monday' })] },
      'schedule_day',
    ],
  ])('rejects %s', async (_label, over, word) => {
    const reply = await call('POST', '/api/pulse', body(over));
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain(word);
  });

  it('accepts monthly first/last with a weekday and mid with none; stores only what the type uses', async () => {
    for (const [frame, day] of [
      ['first', 'mon'],
      ['last', 'fri'],
      ['mid', null],
    ] as const) {
      await ok(
        'POST',
        '/api/pulse',
        body({
          channels: [
            channel({ schedule_type: 'monthly', schedule_frame: frame, schedule_day: day }),
          ],
        }),
      );
    }
    const hourly = await ok(
      'POST',
      '/api/pulse',
      body({
        channels: [channel({ schedule_type: 'hourly', schedule_hour: 5, schedule_day: 'mon' })],
      }),
    );
    const stored = (hourly['channels'] as Rec[])[0]!;
    expect([stored['schedule_hour'], stored['schedule_day'], stored['schedule_frame']]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('PUT resets omitted skip_if_empty and archived to false', async () => {
    const pulse = await ok('POST', '/api/pulse', body({}));
    expect(pulse['skip_if_empty']).toBe(true);
    await ok('PUT', `/api/pulse/${pulse['id']}`, { archived: true, skip_if_empty: true });
    const partial = await ok('PUT', `/api/pulse/${pulse['id']}`, { name: 'Renamed' });
    expect([partial['skip_if_empty'], partial['archived'], partial['name']]).toEqual([
      false,
      false,
      'Renamed',
    ]);
  });

  it('lists raw addresses before users and hides details.emails', async () => {
    const pulse = await ok(
      'POST',
      '/api/pulse',
      body({ channels: [channel({ recipients: [{ id: 1 }, { email: 'x@y.example' }] })] }),
    );
    const c = (pulse['channels'] as Rec[])[0]!;
    expect((c['recipients'] as Rec[]).map((r) => r['email'] ?? r['id'])).toEqual([
      'x@y.example',
      'admin@example.com',
    ]);
    expect(c['details']).toEqual({});
  });
});

describe('collections', () => {
  it('archiving moves contents to the Trash and restoring brings them back', async () => {
    const parent = await ok('POST', '/api/collection', { name: 'Parent' });
    const child = await ok('POST', '/api/collection', { name: 'Child', parent_id: parent['id'] });
    expect(child['location']).toBe(`/${parent['id']}/`);
    const card = await ok('POST', '/api/card', {
      name: 'In child',
      display: 'table',
      visualization_settings: {},
      collection_id: child['id'],
      dataset_query: { database: databaseId, type: 'native', native: { query: 'SELECT 4' } },
    });
    await ok('PUT', `/api/collection/${parent['id']}`, { archived: true });
    expect((await ok('GET', `/api/card/${card['id']}`))['archived']).toBe(true);
    expect((await ok('GET', `/api/collection/${child['id']}`))['archived']).toBe(true);
    // A PUT without `archived` means archived=false.
    await ok('PUT', `/api/collection/${parent['id']}`, { name: 'Parent' });
    expect((await ok('GET', `/api/card/${card['id']}`))['archived']).toBe(false);
    const tree = (await ok('GET', '/api/collection/tree')) as unknown as Rec[];
    const node = tree.find((n) => n['id'] === parent['id'])!;
    expect((node['children'] as Rec[]).map((c) => c['name'])).toEqual(['Child']);
  });

  it('graph writes need the current revision', async () => {
    const graph = await ok('GET', '/api/collection/graph');
    const group = await ok('POST', '/api/permissions/group', { name: 'Viewers' });
    const stale = await call('PUT', '/api/collection/graph', {
      revision: (graph['revision'] as number) - 1,
      groups: { [String(group['id'])]: { root: 'read' } },
    });
    expect(stale.status).toBe(409);
    const fresh = await ok('GET', '/api/collection/graph');
    const written = await ok('PUT', '/api/collection/graph', {
      revision: fresh['revision'],
      groups: { [String(group['id'])]: { root: 'read' } },
    });
    expect(((written['groups'] as Rec)[String(group['id'])] as Rec)['root']).toBe('read');
  });
});

describe('people and permissions (issue 13)', () => {
  it('creates users (invite, All Users), deactivates and reactivates, lists by status', async () => {
    const user = await ok('POST', '/api/user', {
      email: 'Pat.Doe@example.com',
      first_name: 'Pat',
      last_name: 'Doe',
    });
    expect(emulator.state.invites).toContain('Pat.Doe@example.com');
    expect((user['user_group_memberships'] as Rec[]).map((m) => m['id'])).toEqual([1]);
    const taken = await call('POST', '/api/user', { email: 'pat.doe@example.com' });
    expect(taken.status).toBe(400);
    await ok('DELETE', `/api/user/${user['id']}`);
    const active = (await ok('GET', '/api/user'))['data'] as Rec[];
    expect(active.some((u) => u['id'] === user['id'])).toBe(false);
    const all = (await ok('GET', '/api/user?status=all'))['data'] as Rec[];
    expect(all.find((u) => u['id'] === user['id'])?.['is_active']).toBe(false);
    expect((await call('PUT', `/api/user/${user['id']}`, { first_name: 'X' })).status).toBe(404);
    await ok('PUT', `/api/user/${user['id']}/reactivate`);
    expect((await call('PUT', `/api/user/${user['id']}/reactivate`)).status).toBe(400);
  });

  it('removes a membership by id; never from All Users', async () => {
    const user = await ok('POST', '/api/user', { email: 'member@example.com' });
    const group = await ok('POST', '/api/permissions/group', { name: 'Members' });
    await ok('POST', '/api/permissions/membership', { group_id: group['id'], user_id: user['id'] });
    const map = (await ok('GET', '/api/permissions/membership')) as Record<string, Rec[]>;
    const mine = map[String(user['id'])]!;
    const inGroup = mine.find((m) => m['group_id'] === group['id'])!;
    const inAllUsers = mine.find((m) => m['group_id'] === 1)!;
    expect(
      (await call('DELETE', `/api/permissions/membership/${inGroup['membership_id']}`)).status,
    ).toBe(204);
    expect(
      (await call('DELETE', `/api/permissions/membership/${inAllUsers['membership_id']}`)).status,
    ).toBe(400);
    expect(
      (
        await call('PUT', `/api/permissions/membership/${inAllUsers['membership_id']}`, {
          is_group_manager: true,
        })
      ).status,
    ).toBe(402);
  });

  it('a new database is open to every group; a new group copies All Users; paid values 402; stale 409', async () => {
    const graph = (await ok('GET', '/api/permissions/graph')) as {
      revision: number;
      groups: Record<string, Record<string, Rec>>;
    };
    // set-new-database-permissions!: All Users may write native SQL on the new database.
    expect(graph.groups['1']?.[String(databaseId)]).toEqual({
      'view-data': 'unrestricted',
      'create-queries': 'query-builder-and-native',
    });
    expect(graph.groups['2']?.[String(databaseId)]?.['details']).toBe('yes');
    const group = await ok('POST', '/api/permissions/group', { name: 'Copies All Users' });
    const after = (await ok('GET', `/api/permissions/graph/db/${databaseId}`)) as typeof graph;
    expect(after.groups[String(group['id'])]?.[String(databaseId)]?.['create-queries']).toBe(
      'query-builder-and-native',
    );
    const paid = await call('PUT', '/api/permissions/graph', {
      revision: after.revision,
      groups: { '1': { [String(databaseId)]: { 'view-data': 'blocked' } } },
    });
    expect(paid.status).toBe(402);
    const stale = await call('PUT', '/api/permissions/graph', {
      revision: after.revision - 1,
      groups: { '1': { [String(databaseId)]: { 'create-queries': 'no' } } },
    });
    expect(stale.status).toBe(409);
    await ok('PUT', '/api/permissions/graph?skip-graph=true', {
      revision: after.revision,
      groups: { '1': { [String(databaseId)]: { 'create-queries': 'no' } } },
    });
    const fenced = (await ok('GET', '/api/permissions/graph')) as typeof graph;
    // ellide?: the least permissive value is left out of the graph.
    expect(fenced.groups['1']?.[String(databaseId)]).toEqual({ 'view-data': 'unrestricted' });
    expect(fenced.revision).toBe(after.revision + 1);
  });

  it('the collection graph is sparse and a new collection copies its parent', async () => {
    const parent = await ok('POST', '/api/collection', { name: 'Fenced parent' });
    const graph = (await ok('GET', '/api/collection/graph')) as {
      revision: number;
      groups: Record<string, Record<string, string>>;
    };
    expect(graph.groups['1']?.[String(parent['id'])]).toBe('write');
    await ok('PUT', '/api/collection/graph', {
      revision: graph.revision,
      groups: { '1': { [String(parent['id'])]: 'none' } },
    });
    const child = await ok('POST', '/api/collection', { name: 'Child', parent_id: parent['id'] });
    const after = (await ok('GET', '/api/collection/graph')) as typeof graph;
    expect(after.groups['1']?.[String(parent['id'])]).toBeUndefined();
    expect(after.groups['1']?.[String(child['id'])]).toBeUndefined();
    expect(after.groups['2']?.[String(child['id'])]).toBe('write');
    expect(after.revision).toBe(graph.revision + 1);
  });
});

describe('test controls over HTTP', () => {
  it('injects a fault, counts reads and writes, expires sessions', async () => {
    const since = (await ok('GET', '/__emulator/counts'))['lastSeq'] as number;
    await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/api/user/current', fault: { kind: 'status', status: 503 } }),
    });
    expect((await call('GET', '/api/user/current')).status).toBe(503);
    expect((await call('GET', '/api/user/current')).status).toBe(200);
    await call('PUT', '/api/setting/site-url', { value: 'http://mb.example' });
    const session = (
      await ok('POST', '/api/session', {
        username: 'admin@example.com',
        password: 'emulator-admin-1',
      })
    )['id'] as string;
    expect(
      (await call('GET', '/api/user/current', undefined, { 'X-Metabase-Session': session })).status,
    ).toBe(200);
    await fetch(`${emulator.url}/__emulator/sessions/expire`, { method: 'POST' });
    expect(
      (await call('GET', '/api/user/current', undefined, { 'X-Metabase-Session': session })).status,
    ).toBe(401);
    const counts = await ok('GET', `/__emulator/counts?since=${since}`);
    expect(counts).toMatchObject({ reads: 4, writes: 1, auth: 1 });
  });
});
