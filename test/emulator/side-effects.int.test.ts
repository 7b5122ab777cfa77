import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { startEmulator, type EmulatorOptions } from './server.ts';

/**
 * The side effects of real Metabase a provisioning tool must expect (issue 12,
 * ../shared/metabase/FACTS.md "Side effects"), each checked over raw HTTP: if the emulator stops
 * doing one of them, its test here fails. The Metabase source file each follows is named in the
 * emulator beside the behaviour.
 */

const apiKey = 'mb_side_effects_admin_key';
const analystKey = 'mb_side_effects_analyst_key';

type Rec = Record<string, unknown>;
interface Reply {
  readonly status: number;
  readonly body: unknown;
}

let db: ScratchDatabase;

beforeAll(async () => {
  db = await createScratchDatabase('dtx_emu_fx');
  await db.pool.query(`
    CREATE SCHEMA reports;
    CREATE TABLE reports.clients (client_name text, vendor_company text, client_id int);
    INSERT INTO reports.clients VALUES ('Acme', 'A Co', 1), ('Bolt', 'B Co', 2), ('Acme', 'A Co', 3);
  `);
});

afterAll(async () => {
  await db?.drop();
});

async function world(options: EmulatorOptions = {}) {
  const emulator = await startEmulator({
    apiKey,
    nonAdminApiKey: analystKey,
    syncDelayMs: 0,
    databaseUrl: db.url,
    ...options,
  });
  const call = async (method: string, path: string, body?: unknown, key = apiKey) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        'x-api-key': key,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ?? false;
    return { status: response.status, body: json ? JSON.parse(text) : text } as Reply;
  };
  const ok = async (method: string, path: string, body?: unknown): Promise<Rec> => {
    const reply = await call(method, path, body);
    if (reply.status >= 300) {
      throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    return reply.body as Rec;
  };
  const url = new URL(db.url);
  const database = await ok('POST', '/api/database', {
    name: 'DTX',
    engine: 'postgres',
    details: {
      host: url.hostname,
      port: Number(url.port || 5432),
      dbname: db.name,
      user: 'postgres',
      password: 'pw',
    },
    is_full_sync: true,
    is_on_demand: false,
    connection_source: 'admin',
  });
  const databaseId = database['id'] as number;
  const card = async (name: string) =>
    (
      await ok('POST', '/api/card', {
        name,
        display: 'table',
        visualization_settings: {},
        dataset_query: { database: databaseId, type: 'native', native: { query: 'SELECT 1' } },
      })
    )['id'] as number;
  return { emulator, call, ok, databaseId, card };
}

type World = Awaited<ReturnType<typeof world>>;

const channel = (over: Rec = {}) => ({
  channel_type: 'email',
  enabled: true,
  schedule_type: 'daily',
  schedule_hour: 8,
  schedule_day: null,
  schedule_frame: null,
  recipients: [{ email: 'ops@example.com' }],
  details: {},
  ...over,
});

/** A dashboard with the given cards, and one subscription attaching the first. */
async function dashboardWithSubscription(w: World, cardIds: readonly number[]) {
  const dashboard = await w.ok('POST', '/api/dashboard', { name: 'Board' });
  const id = dashboard['id'] as number;
  const filled = (await w.ok('PUT', `/api/dashboard/${id}`, {
    dashcards: cardIds.map((cardId, i) => ({
      id: -(i + 1),
      card_id: cardId,
      row: i * 4,
      col: 0,
      size_x: 12,
      size_y: 4,
    })),
  })) as { dashcards: { id: number; card_id: number }[] };
  const pulse = await w.ok('POST', '/api/pulse', {
    name: 'Weekly [dtx-reports subscription:test]',
    dashboard_id: id,
    skip_if_empty: false,
    cards: [
      {
        id: cardIds[0],
        include_csv: true,
        include_xls: false,
        dashboard_card_id: filled.dashcards[0]?.id,
      },
    ],
    channels: [channel({ details: { 'dtx-reports': 'subscription:test' } })],
  });
  return { dashboardId: id, pulseId: pulse['id'] as number, dashcards: filled.dashcards };
}

describe('dashboard update event (pulse/events/dashboard_subscription.clj)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());

  it('renames every subscription of the dashboard and adds the cards it lacks', async () => {
    const a = await w.card('A');
    const b = await w.card('B');
    const { dashboardId, pulseId } = await dashboardWithSubscription(w, [a, b]);
    const before = await w.ok('GET', `/api/pulse/${pulseId}`);
    expect(before['name']).toBe('Weekly [dtx-reports subscription:test]');
    expect((before['cards'] as Rec[]).map((c) => c['id'])).toEqual([a]);

    // What the UI sends when someone renames the dashboard.
    await w.ok('PUT', `/api/dashboard/${dashboardId}`, { name: 'Renamed in the UI' });
    const after = await w.ok('GET', `/api/pulse/${pulseId}`);
    expect(after['name']).toBe('Renamed in the UI');
    expect((after['cards'] as Rec[]).map((c) => c['id'])).toEqual([a, b]);
    // The channel details (where dtx-reports keeps its key) are not touched.
    expect((after['channels'] as Rec[])[0]?.['details']).toEqual({
      'dtx-reports': 'subscription:test',
    });
  });
});

describe('restore and layout (dashboards API update-dashboard!)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());

  it('answers 404 "archived" to a PUT with dashcards on a trashed dashboard, archived:false or not', async () => {
    const a = await w.card('A');
    const { dashboardId, dashcards } = await dashboardWithSubscription(w, [a]);
    await w.ok('PUT', `/api/dashboard/${dashboardId}`, { archived: true });
    const layout = dashcards.map((d) => ({
      id: d.id,
      card_id: d.card_id,
      row: 0,
      col: 0,
      size_x: 24,
      size_y: 4,
    }));
    const both = await w.call('PUT', `/api/dashboard/${dashboardId}`, {
      archived: false,
      dashcards: layout,
    });
    expect(both.status).toBe(404);
    expect(both.body).toEqual({ message: 'The object has been archived.', error_code: 'archived' });
    expect((await w.ok('GET', `/api/dashboard/${dashboardId}`))['archived']).toBe(true);

    await w.ok('PUT', `/api/dashboard/${dashboardId}`, { archived: false });
    const saved = await w.ok('PUT', `/api/dashboard/${dashboardId}`, { dashcards: layout });
    expect((saved['dashcards'] as Rec[])[0]?.['size_x']).toBe(24);
  });
});

describe('subscriptions of trashed dashboards (pulse.clj retrieve-pulses)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());

  it('lists them neither as active nor as archived until the dashboard is restored', async () => {
    const a = await w.card('A');
    const { dashboardId, pulseId } = await dashboardWithSubscription(w, [a]);
    const ids = async (archived: boolean) =>
      ((await w.ok('GET', `/api/pulse?archived=${archived}`)) as unknown as Rec[]).map(
        (p) => p['id'],
      );
    expect(await ids(false)).toEqual([pulseId]);
    await w.ok('PUT', `/api/dashboard/${dashboardId}`, { archived: true });
    expect(await ids(false)).toEqual([]);
    expect(await ids(true)).toEqual([]);
    expect((await w.ok('GET', `/api/pulse/${pulseId}`))['id']).toBe(pulseId);
    await w.ok('PUT', `/api/dashboard/${dashboardId}`, { archived: false });
    expect(await ids(false)).toEqual([pulseId]);
  });
});

describe('pulse channels and cards (pulse.clj, pulse_channel.clj)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());

  const put = (pulseId: number, over: Rec) =>
    w.ok('PUT', `/api/pulse/${pulseId}`, {
      name: 'P',
      skip_if_empty: false,
      archived: false,
      channels: [channel()],
      ...over,
    });

  it('keeps a channel sent with its id, recreates one sent without', async () => {
    const a = await w.card('A');
    const { pulseId } = await dashboardWithSubscription(w, [a]);
    const first = (await w.ok('GET', `/api/pulse/${pulseId}`))['channels'] as Rec[];
    const id = first[0]?.['id'];
    const kept = (await put(pulseId, { channels: [channel({ id })] }))['channels'] as Rec[];
    expect(kept.map((c) => c['id'])).toEqual([id]);
    const recreated = (await put(pulseId, { channels: [channel()] }))['channels'] as Rec[];
    expect(recreated.map((c) => c['id'])).not.toEqual([id]);
  });

  it('archiving disables the channels; channels sent back enabled are enabled again', async () => {
    const a = await w.card('A');
    const { pulseId } = await dashboardWithSubscription(w, [a]);
    const id = ((await w.ok('GET', `/api/pulse/${pulseId}`))['channels'] as Rec[])[0]?.['id'];
    const archived = await w.ok('PUT', `/api/pulse/${pulseId}`, { archived: true });
    expect((archived['channels'] as Rec[]).map((c) => c['enabled'])).toEqual([false]);
    await w.ok('PUT', `/api/pulse/${pulseId}`, { archived: false });
    const reenabled = await put(pulseId, { archived: true, channels: [channel({ id })] });
    expect((reenabled['channels'] as Rec[]).map((c) => c['enabled'])).toEqual([true]);
  });

  it('omits trashed cards from a subscription, and an empty cards list is a 400', async () => {
    const a = await w.card('A');
    const { pulseId } = await dashboardWithSubscription(w, [a]);
    await w.ok('PUT', `/api/card/${a}`, { archived: true });
    expect((await w.ok('GET', `/api/pulse/${pulseId}`))['cards']).toEqual([]);
    const reply = await w.call('PUT', `/api/pulse/${pulseId}`, { cards: [], archived: true });
    expect(reply.status).toBe(400);
  });
});

describe('field values and analysis (field_values.clj, analyze/classifiers/name.clj)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ analysisDelayMs: 60 });
  });
  afterAll(async () => w.emulator.close());

  const fields = async () => {
    const metadata = (await w.ok(
      'GET',
      `/api/database/${w.databaseId}/metadata?include_hidden=true`,
    )) as { tables: { name: string; fields: Rec[] }[] };
    return metadata.tables.find((t) => t.name === 'clients')?.fields ?? [];
  };
  const waitForFields = async () => {
    for (let i = 0; i < 200; i += 1) {
      const found = await fields();
      if (found.length > 0) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('no fields after sync');
  };

  it('sync shows the fields before analysis classifies them; analysis fills only nil types', async () => {
    const synced = await waitForFields();
    const company = synced.find((f) => f['name'] === 'vendor_company');
    const name = synced.find((f) => f['name'] === 'client_name');
    expect(company?.['semantic_type']).toBeNull();
    // Someone sets a type on client_name before analysis runs: it must stand.
    await w.ok('PUT', `/api/field/${String(name?.['id'])}`, { semantic_type: 'type/Name' });
    await w.emulator.controls.waitForSyncs();
    const analysed = await fields();
    expect(analysed.find((f) => f['name'] === 'vendor_company')?.['semantic_type']).toBe(
      'type/Company',
    );
    expect(analysed.find((f) => f['name'] === 'client_name')?.['semantic_type']).toBe('type/Name');
  });

  it('a hidden field has no values even with has_field_values list; a normal one has them', async () => {
    await w.emulator.controls.waitForSyncs();
    const id = (await fields()).find((f) => f['name'] === 'client_name')?.['id'];
    await w.ok('PUT', `/api/field/${String(id)}`, {
      visibility_type: 'hidden',
      has_field_values: 'list',
    });
    expect((await w.ok('GET', `/api/field/${String(id)}/values`))['values']).toEqual([]);
    await w.ok('PUT', `/api/field/${String(id)}`, { visibility_type: 'normal' });
    expect((await w.ok('GET', `/api/field/${String(id)}/values`))['values']).toEqual([
      ['Acme'],
      ['Bolt'],
    ]);
  });
});

describe('SMTP settings (channel/api/email.clj) and env-var settings', () => {
  it('answers the corrected security with with-corrections, and stores it', async () => {
    const w = await world({ smtpWorkingSecurity: 'ssl' });
    try {
      const answer = await w.ok('PUT', '/api/email', {
        'email-smtp-host': 'smtp.example.com',
        'email-smtp-port': 465,
        'email-smtp-security': 'tls',
        'email-smtp-username': null,
        'email-smtp-password': null,
      });
      expect(answer['email-smtp-security']).toBe('ssl');
      expect(answer['with-corrections']).toEqual({
        'email-smtp-security': 'security was autocorrected to SSL',
      });
      expect(await w.ok('GET', '/api/setting/email-smtp-security')).toBe('ssl');
    } finally {
      await w.emulator.close();
    }
  });

  it('never stores nor shows a setting given as an MB_* variable', async () => {
    const w = await world({ envSettings: { 'email-smtp-host': 'env.example.com' } });
    try {
      expect(await w.call('GET', '/api/setting/email-smtp-host')).toEqual({
        status: 200,
        body: null,
      });
      const answer = await w.ok('PUT', '/api/email', {
        'email-smtp-host': 'other.example.com',
        'email-smtp-port': 25,
        'email-smtp-security': 'none',
      });
      expect(answer['email-smtp-host']).toBe('env.example.com');
      const listed = (await w.ok('GET', '/api/setting')) as unknown as Rec[];
      expect(listed.find((s) => s['key'] === 'email-smtp-host')).toMatchObject({
        value: null,
        is_env_setting: true,
      });
      expect(w.emulator.state.settings.has('email-smtp-host')).toBe(false);
    } finally {
      await w.emulator.close();
    }
  });
});

describe('superuser-only writes', () => {
  it('refuses admin writes to a key outside the Administrators group and hides details', async () => {
    const w = await world();
    try {
      const as = (method: string, path: string, body?: unknown) =>
        w.call(method, path, body, analystKey);
      expect((await as('GET', '/api/user/current')).body).toMatchObject({ is_superuser: false });
      const databases = (await as('GET', '/api/database')).body as { data: Rec[] };
      expect(databases.data[0]).not.toHaveProperty('details');
      const refused = [
        await as('POST', '/api/database', { name: 'x', engine: 'postgres', details: {} }),
        await as('POST', `/api/database/${w.databaseId}/sync_schema`),
        await as('PUT', '/api/setting/report-timezone', { value: 'UTC' }),
        await as('PUT', '/api/email', { 'email-smtp-host': 'h', 'email-smtp-port': 25 }),
      ];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      await w.emulator.controls.waitForSyncs();
      const table = (await w.ok('GET', '/api/table')) as unknown as Rec[];
      const tableId = table[0]?.['id'];
      expect((await as('PUT', `/api/table/${String(tableId)}`, { display_name: 'x' })).status).toBe(
        403,
      );
    } finally {
      await w.emulator.close();
    }
  });
});

describe('version profiles (lib/schema/template_tag.cljc)', () => {
  const tableTagCard = (databaseId: number) => ({
    name: 'Foreign table variable',
    display: 'table',
    visualization_settings: {},
    dataset_query: {
      database: databaseId,
      type: 'native',
      native: {
        query: 'SELECT * FROM {{t}}',
        'template-tags': {
          t: { name: 't', 'display-name': 'T', type: 'table', 'table-name': 'clients' },
        },
      },
    },
  });

  it('0.58 rejects a `table` template tag; 0.63 accepts it and answers tags as a list', async () => {
    const old = await world({ metabaseVersion: '0.58' });
    try {
      expect((await old.call('POST', '/api/card', tableTagCard(old.databaseId))).status).toBe(400);
      expect(await old.ok('GET', '/api/session/properties')).toMatchObject({
        version: { tag: 'v0.58.0' },
      });
    } finally {
      await old.emulator.close();
    }
    const newer = await world({ metabaseVersion: '0.63' });
    try {
      const card = await newer.ok('POST', '/api/card', tableTagCard(newer.databaseId));
      const stage = (card['dataset_query'] as { stages: Rec[] }).stages[0];
      expect(Array.isArray(stage?.['template-tags'])).toBe(true);
      expect(await newer.ok('GET', '/api/session/properties')).toMatchObject({
        version: { tag: 'v0.63.19' },
      });
    } finally {
      await newer.emulator.close();
    }
  });
});
