import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetabaseClient } from '../../src/metabase/metabase-client.ts';
import { hasShared, sharedDir, sharedSkipMessage } from '../support/shared.ts';
import { defaultAdminEmail, defaultAdminPassword } from '../emulator/server.ts';
import type { LogEntry } from '../emulator/controls.ts';
import { nativeQuery, startFixture, waitForTable } from './emulator-fixture.ts';
import type { EmulatorFixture } from './emulator-fixture.ts';
import { OpenApiContract } from './openapi-contract.ts';
import { shapeDifferences } from './shape-diff.ts';

/**
 * The client and the emulator held to the real API: one provisioning-like scenario through the
 * client, then every exchange in the emulator's log checked against the official OpenAPI subset,
 * and the emulator's GET responses compared in shape with responses recorded from Metabase 0.57.
 */

if (!hasShared) console.warn(sharedSkipMessage);

const recorded = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(sharedDir, 'metabase', 'recorded', 'mbql5', file), 'utf8'));

describe.skipIf(!hasShared)('Metabase contract (official spec + recorded responses)', () => {
  let fx: EmulatorFixture;
  let log: readonly LogEntry[];
  const ids = { database: 0, card: 0, dashboard: 0, collection: 0 };

  beforeAll(async () => {
    fx = await startFixture();
    const client = fx.client();
    const none = { findExisting: async () => undefined };
    await client.currentUser();
    const db = await client.createDatabase(
      { name: 'DTX 2.0', engine: 'postgres', details: fx.databaseDetails() },
      none,
    );
    ids.database = db.id;
    await client.updateDatabase(db.id, {
      details: { ...fx.databaseDetails(), password: '**MetabasePass**' },
    });
    await client.syncDatabaseSchema(db.id);
    const metadata = await waitForTable(client, db.id, 'coi_not_in_compliance');
    const view = metadata.tables.find((t) => t.name === 'coi_not_in_compliance')!;
    await client.updateTable(view.id, {
      displayName: 'COI not in compliance',
      description: 'Generated',
      visibilityType: null,
    });
    await client.updateField(view.fields[0]!.id, {
      displayName: 'Client',
      semanticType: 'type/FK',
      visibilityType: 'normal',
    });
    await client.updateField(view.fields[1]!.id, { description: null, visibilityType: 'hidden' });
    await client.listDatabases();
    await client.getDatabase(db.id);

    const parent = await client.createCollection(
      { name: 'DTX Reports', description: 'Managed' },
      none,
    );
    const child = await client.createCollection({ name: 'COI', parentId: parent.id }, none);
    ids.collection = child.id;
    await client.updateCollection(child.id, { name: 'COI reports', archived: false });
    await client.getCollectionTree();
    const graph = await client.getCollectionGraph();
    const group = await client.createPermissionGroup('Analysts', none);
    await client.updateCollectionGraph({
      revision: graph.revision,
      groups: { [String(group.id)]: { [String(parent.id)]: 'read' } },
    });
    await client.listPermissionGroups();
    await client.createMembership({ groupId: group.id, userId: 1 }, none);
    await client.listMemberships();

    const card = await client.createCard(
      {
        name: 'COI not in compliance',
        description: 'Legacy report 3',
        display: 'table',
        collectionId: child.id,
        query: {
          ...nativeQuery(db.id, 'SELECT * FROM reports.coi_not_in_compliance WHERE {{org}}'),
          templateTags: {
            org: {
              name: 'org',
              displayName: 'Service org',
              type: 'dimension',
              id: '5b2c9d1e-0000-4000-8000-00000000000a',
              required: true,
              default: null,
              dimension: { fieldId: view.fields[1]!.id, options: null },
              widgetType: 'string/=',
              alias: null,
              options: null,
              snippetName: null,
              snippetId: null,
              cardId: null,
            },
          },
        },
        visualizationSettings: { 'table.pivot': false },
      },
      none,
    );
    ids.card = card.id;
    await client.updateCard(card.id, {
      description: 'Legacy report 3 (updated)',
      collectionId: child.id,
    });
    await client.getCard(card.id);
    await client.listCards();

    const dashboard = await client.createDashboard(
      {
        name: 'COI',
        collectionId: child.id,
        description: 'Analysts',
        parameters: [
          { id: 'p_org', name: 'Service org', slug: 'org', type: 'string/=', sectionId: 'string' },
        ],
      },
      none,
    );
    ids.dashboard = dashboard.id;
    const withCards = await client.updateDashboard(dashboard.id, {
      name: 'COI',
      width: 'fixed',
      tabs: [{ id: -1, name: 'Overview' }],
      parameters: [
        {
          id: 'p_org',
          name: 'Service org',
          slug: 'org',
          type: 'string/=',
          sectionId: 'string',
          default: ['Acme'],
        },
      ],
      dashcards: [
        {
          id: -1,
          cardId: card.id,
          dashboardTabId: -1,
          row: 0,
          col: 0,
          sizeX: 12,
          sizeY: 6,
          parameterMappings: [
            {
              parameterId: 'p_org',
              cardId: card.id,
              target: ['dimension', ['template-tag', 'org']],
            },
          ],
        },
        { id: -2, cardId: card.id, dashboardTabId: -1, row: 0, col: 12, sizeX: 12, sizeY: 6 },
      ],
    });
    await client.listDashboards();
    const dashcardId = withCards.dashcards[0]!.id;
    const pulseInput = {
      name: 'Weekly COI',
      dashboardId: dashboard.id,
      skipIfEmpty: true,
      parameters: [],
      cards: [
        {
          id: card.id,
          includeCsv: true,
          includeXls: false,
          dashboardCardId: dashcardId,
          formatRows: true,
        },
      ],
      channels: [
        {
          id: null,
          channelType: 'email' as const,
          enabled: true,
          scheduleType: 'weekly' as const,
          scheduleHour: 6,
          scheduleDay: 'sat' as const,
          scheduleFrame: null,
          recipients: [{ id: 1 }, { email: 'pm@summit.example.com' }],
          details: {},
        },
      ],
    };
    const pulse = await client.createPulse(pulseInput, none);
    await client.updatePulse(pulse.id, {
      ...pulseInput,
      archived: false,
      name: 'Weekly COI (sat)',
    });
    await client.listPulses();
    await client.listPulses({ archived: true });
    await client.sendTestPulse(pulseInput);
    await client.archivePulse(pulse.id);
    await client.archiveCard(card.id);
    await client.archiveDashboard(dashboard.id);

    // Objects in the root collection, like the recorded ones, for the shape comparison.
    const rootCard = await client.createCard(
      {
        name: 'Dummy',
        display: 'table',
        collectionId: null,
        query: nativeQuery(db.id, 'select 1;'),
        visualizationSettings: {},
      },
      none,
    );
    const rootDashboard = await client.createDashboard(
      { name: 'The Dashboard', collectionId: null },
      none,
    );
    await client.updateDashboard(rootDashboard.id, {
      dashcards: [{ id: -1, cardId: rootCard.id, row: 0, col: 0, sizeX: 12, sizeY: 9 }],
    });
    await client.getDashboard(rootDashboard.id);
    await client.getCard(rootCard.id);
    await client.listCollections();
    await client.listCollections({ archived: true });

    await client.updateSetting('report-timezone', 'America/New_York');
    await client.getSetting('report-timezone');
    await client.updateEmailSettings({
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      username: 'mailer',
      password: 'smtp-secret-pw',
    });

    const session = createMetabaseClient({
      baseUrl: fx.emulator.url,
      auth: { kind: 'session', username: defaultAdminEmail, password: defaultAdminPassword },
    });
    await session.currentUser();
    log = fx.emulator.log();
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('every request the client sent and every response the emulator gave matches the official spec', () => {
    const contract = new OpenApiContract();
    const problems = log.flatMap((e) =>
      contract.check(e.method, e.path, e.query, e.requestBody, e.status, e.responseBody),
    );
    expect(problems).toEqual([]);
    // The scenario covers the operations provisioning uses.
    const operations = new Set(
      log.map((e) => `${e.method} ${contract.operation(e.method, e.path)?.template}`),
    );
    expect(operations.size).toBeGreaterThanOrEqual(30);
    expect(log.every((e) => e.status !== null && e.status < 400)).toBe(true);
  });

  it('the spec validators can fail (a wrong body is caught)', () => {
    const contract = new OpenApiContract();
    expect(contract.check('POST', '/api/card', '', { name: 'x' }, null, undefined)).not.toEqual([]);
    expect(
      contract.check(
        'PUT',
        '/api/dashboard/1',
        '',
        { dashcards: [{ id: 1, row: 0, col: -1, size_x: 1, size_y: 1 }] },
        null,
        undefined,
      ),
    ).not.toEqual([]);
    expect(
      contract.check('GET', '/api/pulse', '?nonsense=1', undefined, null, undefined),
    ).not.toEqual([]);
  });

  it('response parts that the spec types (parameters, mappings, card type) match their component schemas', () => {
    const contract = new OpenApiContract();
    const parameters = contract.component('metabase.parameters.schema.parameters');
    const mappings = contract.component('metabase.parameters.schema.parameter-mappings');
    const cardType = contract.component('metabase.queries.schema.card-type');
    const dashboards = log.filter((e) => e.route === '/api/dashboard/:id' && e.method !== 'DELETE');
    expect(dashboards.length).toBeGreaterThan(0);
    for (const entry of dashboards) {
      const body = entry.responseBody as {
        parameters: unknown;
        dashcards: { parameter_mappings: unknown }[];
      };
      expect(parameters(body.parameters), JSON.stringify(parameters.errors)).toBe(true);
      for (const dc of body.dashcards)
        expect(mappings(dc.parameter_mappings), JSON.stringify(mappings.errors)).toBe(true);
    }
    for (const entry of log.filter((e) => e.route === '/api/card/:id')) {
      const body = entry.responseBody as { type: unknown; parameters: unknown };
      expect(cardType(body.type)).toBe(true);
      expect(parameters(body.parameters), JSON.stringify(parameters.errors)).toBe(true);
    }
  });

  describe('GET responses have the shape of recorded Metabase responses', () => {
    const lastGet = (route: string): unknown => {
      const entry = [...log]
        .reverse()
        .find((e) => e.method === 'GET' && e.route === route && e.status === 200);
      if (!entry) throw new Error(`no GET ${route} in the log`);
      return entry.responseBody;
    };
    // Keys the recording has that the emulator leaves out on purpose (analysis results, fingerprints).
    const ignore = new Set([
      'fingerprint',
      'features',
      'dbms_version',
      // Connection-form inputs dbt-metabase's sandbox sent; details hold what the client sends.
      'ssl',
      'advanced-options',
      'schema-filters-type',
      'tunnel-enabled',
      // Content of the recorded card, not a field of every card.
      '$.visualization_settings.table.pivot_column',
      '$.dashcards[0].card.visualization_settings.table.pivot_column',
      '$.dashcards[0].card.visualization_settings.table.cell_column',
      // The recorded dashboard's card is a GUI question with joins; ours is native.
      '$.dashcards[0].card.dataset_query.stages[0]',
    ]);

    it('card', () => {
      expect(shapeDifferences(recorded('card/30.json'), lastGet('/api/card/:id'), ignore)).toEqual(
        [],
      );
    });
    it('dashboard with dashcards', () => {
      expect(
        shapeDifferences(recorded('dashboard/2.json'), lastGet('/api/dashboard/:id'), ignore),
      ).toEqual([]);
    });
    it('database list (recording stored only `data`)', () => {
      const list = lastGet('/api/database') as { data: unknown[]; total: number };
      expect(typeof list.total).toBe('number');
      expect(shapeDifferences(recorded('database.json'), list.data, ignore)).toEqual([]);
    });
    it('database metadata with tables and fields', () => {
      expect(
        shapeDifferences(
          recorded('database/2/metadata.json'),
          lastGet('/api/database/:id/metadata'),
          ignore,
        ),
      ).toEqual([]);
    });
    it('collections (with the root pseudo collection)', () => {
      expect(
        shapeDifferences(recorded('collection.json'), lastGet('/api/collection'), ignore),
      ).toEqual([]);
    });
    it('user', () => {
      expect(
        shapeDifferences(recorded('user/1.json'), lastGet('/api/user/current'), ignore),
      ).toEqual([]);
    });
  });

  it('no password comes back in a response (database details and SMTP are masked)', () => {
    const responses = JSON.stringify(log.map((e) => e.responseBody));
    expect(responses).not.toContain('smtp-secret-pw');
    expect(responses).not.toContain('not-a-real-secret-pw');
    expect(responses).toContain('**MetabasePass**');
  });
});
