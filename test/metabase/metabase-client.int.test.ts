import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RemoteError } from '../../src/errors.ts';
import type { Card, Collection } from '../../src/metabase/types.ts';
import { defaultAdminEmail, defaultAdminPassword } from '../emulator/server.ts';
import { nativeQuery, startFixture, testApiKey, waitForTable } from './emulator-fixture.ts';
import type { EmulatorFixture } from './emulator-fixture.ts';

let fx: EmulatorFixture;
let databaseId: number;

beforeAll(async () => {
  fx = await startFixture();
  const db = await fx
    .client()
    .createDatabase(
      { name: 'DTX 2.0', engine: 'postgres', details: fx.databaseDetails() },
      { findExisting: async () => undefined },
    );
  databaseId = db.id;
});

afterAll(async () => {
  await fx.close();
});

beforeEach(() => {
  fx.emulator.controls.clearFaults();
  fx.sleeps.length = 0;
});

async function caught(promise: Promise<unknown>): Promise<RemoteError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RemoteError) return error;
    throw error;
  }
  throw new Error('expected a RemoteError');
}

const byName = (name: string) => async (): Promise<Card | undefined> =>
  (await fx.client().listCards()).find((c) => c.name === name);

describe('authentication', () => {
  it('uses the API key header', async () => {
    const user = await fx.client().currentUser();
    expect(user.email).toBe(defaultAdminEmail);
    expect(user.isSuperuser).toBe(true);
    expect(user.groupIds).toEqual([1, 2]);
  });

  it('logs in with a session, and logs in again once when the session expires', async () => {
    const client = fx.client({
      auth: { kind: 'session', username: defaultAdminEmail, password: defaultAdminPassword },
    });
    await client.currentUser();
    expect(client.stats()).toMatchObject({ auth: 1, reads: 1 });
    fx.emulator.controls.expireSessions();
    const user = await client.currentUser();
    expect(user.email).toBe(defaultAdminEmail);
    // One 401, one re-login, one successful resend.
    expect(client.stats()).toMatchObject({ auth: 2, reads: 3, writes: 0 });
  });

  it('reports a wrong password without printing it', async () => {
    const client = fx.client({
      auth: { kind: 'session', username: defaultAdminEmail, password: 'wrong-password-123' },
    });
    const error = await caught(client.currentUser());
    expect(error.message).toContain(`login as ${defaultAdminEmail} failed`);
    expect(error.message).toContain('401');
    expect(error.message).toContain('did not match stored password');
    expect(error.message).not.toContain('wrong-password-123');
    // The hint once, not once from the 401 and again from the login (issue 11, row 11).
    expect(error.message.split('(check METABASE_USER / METABASE_PASSWORD)')).toHaveLength(2);
    expect(error.message).toMatch(/\(check METABASE_USER \/ METABASE_PASSWORD\)$/);
  });

  it('reports a wrong API key with a hint and without the key', async () => {
    const error = await caught(
      fx.client({ auth: { kind: 'api-key', apiKey: 'mb_wrong_key_value' } }).currentUser(),
    );
    expect(error.message).toBe(
      'Metabase GET /api/user/current failed with 401: Unauthenticated (check METABASE_API_KEY)',
    );
    expect(error.context).toMatchObject({ method: 'GET', path: '/api/user/current', status: 401 });
    expect(JSON.stringify(error)).not.toContain('mb_wrong_key_value');
  });
});

describe('retries for reads and idempotent writes', () => {
  it.each([502, 503, 504])('retries a GET after %i with exponential backoff', async (status) => {
    fx.emulator.controls.addFault({
      path: '/api/user/current',
      fault: { kind: 'status', status },
      times: 2,
    });
    const client = fx.client();
    await client.currentUser();
    // random() = 0.5: half of 500 ms, then half of 1000 ms.
    expect(fx.sleeps).toEqual([250, 500]);
    expect(client.stats()).toMatchObject({ reads: 3, retries: 2 });
  });

  it('honours Retry-After on 429', async () => {
    fx.emulator.controls.addFault({
      path: '/api/collection',
      method: 'GET',
      fault: { kind: 'rate-limit', retryAfterSeconds: 3 },
    });
    await fx.client().listCollections();
    expect(fx.sleeps).toEqual([3000]);
  });

  it('retries after a connection reset and after a timeout', async () => {
    fx.emulator.controls.addFault({ path: '/api/user/current', fault: { kind: 'reset' } });
    fx.emulator.controls.addFault({ path: '/api/user/current', fault: { kind: 'hang', ms: 1000 } });
    const client = fx.client({ timeoutMs: 150 });
    await client.currentUser();
    expect(client.stats()).toMatchObject({ reads: 3, retries: 2 });
  });

  it('retries an idempotent PUT', async () => {
    const collection = await fx
      .client()
      .createCollection({ name: 'Retry me' }, { findExisting: async () => undefined });
    fx.emulator.controls.addFault({
      path: '/api/collection/:id',
      method: 'PUT',
      fault: { kind: 'status', status: 503 },
    });
    const updated = await fx
      .client()
      .updateCollection(collection.id, { name: 'Retried', archived: false });
    expect(updated.name).toBe('Retried');
    expect(fx.sleeps).toHaveLength(1);
  });

  it('gives up after maxAttempts with a readable message', async () => {
    fx.emulator.controls.addFault({
      path: '/api/user/current',
      fault: { kind: 'status', status: 503 },
      times: 10,
    });
    const client = fx.client({
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 1000 },
    });
    const error = await caught(client.currentUser());
    expect(error.message).toBe(
      'Metabase GET /api/user/current failed with 503: Service Unavailable',
    );
    expect(client.stats().reads).toBe(3);
  });

  it('retries a GET after a 500 with backoff (a read changes nothing)', async () => {
    fx.emulator.controls.addFault({
      path: '/api/user/current',
      fault: { kind: 'status', status: 500 },
      times: 2,
    });
    const client = fx.client();
    const user = await client.currentUser();
    expect(user.email).toBe(defaultAdminEmail);
    expect(fx.sleeps).toEqual([250, 500]);
    expect(client.stats()).toMatchObject({ reads: 3, retries: 2 });
  });

  it('does not retry a 4xx, a 501, nor a 500 on a write', async () => {
    fx.emulator.controls.addFault({
      path: '/api/user/current',
      fault: { kind: 'status', status: 501 },
    });
    const collection = await fx
      .client()
      .createCollection({ name: 'Not twice' }, { findExisting: async () => undefined });
    fx.emulator.controls.addFault({
      path: '/api/collection/:id',
      method: 'PUT',
      fault: { kind: 'status', status: 500 },
    });
    const client = fx.client();
    await caught(client.currentUser());
    const error = await caught(client.getCard(999_999));
    expect(error.message).toBe('Metabase GET /api/card/999999 failed with 404: Not found.');
    await caught(client.updateCollection(collection.id, { name: 'Changed', archived: false }));
    expect(client.stats()).toMatchObject({ reads: 2, writes: 1, retries: 0 });
  });

  it('times out a request that hangs and says so', async () => {
    fx.emulator.controls.addFault({
      path: '/api/user/current',
      fault: { kind: 'hang', ms: 2000 },
      times: 5,
    });
    const client = fx.client({
      timeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    });
    const started = Date.now();
    const error = await caught(client.currentUser());
    expect(error.message).toBe('Metabase GET /api/user/current timed out');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('creates are never repeated blindly', () => {
  it('finds the object when the response to a committed POST is lost (no duplicate)', async () => {
    fx.emulator.controls.addFault({
      path: '/api/card',
      method: 'POST',
      fault: { kind: 'commit-then-drop' },
    });
    const client = fx.client();
    let lookups = 0;
    const card = await client.createCard(
      {
        name: 'Lost response',
        display: 'table',
        collectionId: null,
        query: nativeQuery(databaseId, 'SELECT 1'),
        visualizationSettings: {},
      },
      {
        findExisting: async () => {
          lookups += 1;
          return byName('Lost response')();
        },
      },
    );
    expect(lookups).toBe(1);
    expect(card.name).toBe('Lost response');
    const all = (await client.listCards()).filter((c) => c.name === 'Lost response');
    expect(all).toHaveLength(1);
    const posts = fx.emulator.log().filter((e) => e.method === 'POST' && e.path === '/api/card');
    expect(
      posts.filter(
        (e) => (e.requestBody as { name?: string } | undefined)?.name === 'Lost response',
      ),
    ).toHaveLength(1);
  });

  it('finds the object after a gateway error that hid a commit', async () => {
    fx.emulator.controls.addFault({
      path: '/api/collection',
      method: 'POST',
      fault: { kind: 'status-after-commit', status: 504 },
    });
    const find = async (): Promise<Collection | undefined> =>
      (await fx.client().listCollections()).find((c) => c.name === 'Behind a 504');
    const created = await fx
      .client()
      .createCollection({ name: 'Behind a 504' }, { findExisting: find });
    expect(created.name).toBe('Behind a 504');
    expect(
      (await fx.client().listCollections()).filter((c) => c.name === 'Behind a 504'),
    ).toHaveLength(1);
  });

  it('creates again when the lookup finds nothing (the POST did not commit)', async () => {
    fx.emulator.controls.addFault({
      path: '/api/collection',
      method: 'POST',
      fault: { kind: 'reset' },
    });
    const find = async () =>
      (await fx.client().listCollections()).find((c) => c.name === 'Reset first');
    const created = await fx
      .client()
      .createCollection({ name: 'Reset first' }, { findExisting: find });
    expect(created.name).toBe('Reset first');
    expect(
      (await fx.client().listCollections()).filter((c) => c.name === 'Reset first'),
    ).toHaveLength(1);
  });

  it('retries a rate-limited POST without a lookup (429 means not processed)', async () => {
    fx.emulator.controls.addFault({
      path: '/api/collection',
      method: 'POST',
      fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    });
    let lookups = 0;
    await fx.client().createCollection(
      { name: 'Rate limited' },
      {
        findExisting: async () => {
          lookups += 1;
          return undefined;
        },
      },
    );
    expect(lookups).toBe(0);
    expect(fx.sleeps).toEqual([1000]);
  });

  it('never resends a test email after an ambiguous failure', async () => {
    fx.emulator.controls.addFault({ path: '/api/pulse/test', fault: { kind: 'commit-then-drop' } });
    const card = await fx.client().createCard(
      {
        name: 'For test email',
        display: 'table',
        collectionId: null,
        query: nativeQuery(databaseId, 'SELECT 2'),
        visualizationSettings: {},
      },
      { findExisting: async () => undefined },
    );
    const before = fx.emulator.controls.outbox().length;
    await caught(
      fx.client().sendTestPulse({
        name: 'Test',
        dashboardId: null,
        skipIfEmpty: false,
        cards: [
          {
            id: card.id,
            includeCsv: true,
            includeXls: false,
            dashboardCardId: null,
            formatRows: true,
          },
        ],
        channels: [
          {
            id: null,
            channelType: 'email',
            enabled: true,
            scheduleType: 'daily',
            scheduleHour: 8,
            scheduleDay: null,
            scheduleFrame: null,
            recipients: [{ email: 'ops@example.com' }],
            details: {},
          },
        ],
      }),
    );
    expect(fx.emulator.controls.outbox().length).toBe(before + 1);
  });
});

describe('errors', () => {
  it("carries Metabase's validation message and never the database password", async () => {
    const details = { ...fx.databaseDetails(), dbname: 'no_such_database_xyz' };
    const error = await caught(
      fx
        .client()
        .createDatabase(
          { name: 'Broken', engine: 'postgres', details },
          { findExisting: async () => undefined },
        ),
    );
    expect(error.message).toMatch(
      /^Metabase POST \/api\/database failed with 400: .*no_such_database_xyz/,
    );
    expect(error.message).not.toContain('not-a-real-secret-pw');
    expect(error.context.remoteMessage).toBeDefined();
  });

  it('turns a validation body into field: message pairs', async () => {
    const error = await caught(
      fx
        .client()
        .updateDashboard(
          (
            await fx
              .client()
              .createDashboard(
                { name: 'Grid', collectionId: null },
                { findExisting: async () => undefined },
              )
          ).id,
          { dashcards: [{ id: -1, cardId: null, row: 0, col: 20, sizeX: 6, sizeY: 4 }] },
        ),
    );
    expect(error.message).toMatch(
      /failed with 400: dashcards: dashcard -1 does not fit the 24-column grid/,
    );
  });
});

describe('typed results', () => {
  it('syncs, reads metadata and updates tables and fields', async () => {
    const client = fx.client();
    await client.syncDatabaseSchema(databaseId);
    const metadata = await waitForTable(client, databaseId, 'coi_not_in_compliance');
    const view = metadata.tables.find((t) => t.name === 'coi_not_in_compliance');
    expect(view?.schema).toBe('reports');
    expect(view?.fields.map((f) => [f.name, f.baseType])).toEqual([
      ['client_id', 'type/Integer'],
      ['service_org_name', 'type/Text'],
      ['signed_on', 'type/Date'],
    ]);
    const table = await client.updateTable(view!.id, {
      displayName: 'COI not in compliance',
      visibilityType: null,
    });
    expect(table.displayName).toBe('COI not in compliance');
    const field = await client.updateField(view!.fields[1]!.id, {
      displayName: 'Service org',
      semanticType: 'type/Name',
    });
    expect(field).toMatchObject({ displayName: 'Service org', semanticType: 'type/Name' });
  });

  it('round-trips a native card with template tags into the same normalised query', async () => {
    const client = fx.client();
    const query = {
      kind: 'native' as const,
      database: databaseId,
      query: 'SELECT * FROM reports.coi_not_in_compliance WHERE {{org}} AND signed_on >= {{since}}',
      templateTags: {
        org: {
          name: 'org',
          displayName: 'Service org',
          type: 'dimension' as const,
          id: 'a1b2c3d4-0000-4000-8000-000000000001',
          required: true,
          default: null,
          dimension: { fieldId: 42, options: null },
          widgetType: 'string/=',
          alias: null,
          options: null,
          snippetName: null,
          snippetId: null,
          cardId: null,
        },
        since: {
          name: 'since',
          displayName: 'Since',
          type: 'date' as const,
          id: 'a1b2c3d4-0000-4000-8000-000000000002',
          required: false,
          default: '2024-01-01',
          dimension: null,
          widgetType: null,
          alias: null,
          options: null,
          snippetName: null,
          snippetId: null,
          cardId: null,
        },
      },
    };
    const created = await client.createCard(
      { name: 'Tagged', display: 'table', collectionId: null, query, visualizationSettings: {} },
      { findExisting: async () => undefined },
    );
    expect(created.query).toEqual(query);
    expect((await client.getCard(created.id)).query).toEqual(query);
    // Stored as MBQL 5 by the server, as on 0.57+.
    const raw = fx.emulator.log().at(-1)?.responseBody as {
      dataset_query: Record<string, unknown>;
    };
    expect(raw.dataset_query['lib/type']).toBe('mbql/query');
    const archived = await client.archiveCard(created.id);
    expect(archived.archived).toBe(true);
    expect((await client.listCards()).some((c) => c.id === created.id)).toBe(false);
    expect((await client.listCards({ archived: true })).some((c) => c.id === created.id)).toBe(
      true,
    );
  });

  it('counts reads and writes and reports each request to the hook', async () => {
    const events: string[] = [];
    const client = fx.client({
      onRequest: (e) => events.push(`${e.category} ${e.method} ${e.path} ${e.status}`),
    });
    await client.listCollections();
    await client.updateSetting('report-timezone', 'America/New_York');
    expect(await client.getSetting('report-timezone')).toBe('America/New_York');
    expect(client.stats()).toEqual({ reads: 2, writes: 1, auth: 0, retries: 0 });
    expect(events).toEqual([
      'read GET /api/collection 200',
      'write PUT /api/setting/report-timezone 204',
      'read GET /api/setting/report-timezone 200',
    ]);
  });
});

it('the API key reaches the emulator only as a header', () => {
  const leaked = fx.emulator.log().some((e) => JSON.stringify(e).includes(testApiKey));
  expect(leaked).toBe(false);
});
