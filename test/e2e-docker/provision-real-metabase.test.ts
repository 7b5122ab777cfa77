import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keys } from '../../src/desired/metabase/keys.ts';
import { detectContainerRuntime } from './container-runtime.ts';
import {
  aliases,
  dtx2Database,
  images,
  mailpitSmtpPort,
  metabaseSmtpEnv,
  startDockerStack,
} from './docker-stack.ts';
import type { DockerStack } from './docker-stack.ts';
import { readExpectedState } from './expected-state.ts';
import type { ExpectedState } from './expected-state.ts';
import { Mailpit } from './mailpit.ts';
import type { MetabaseApi } from './metabase-api.ts';
import { observeMetabase, parentCollectionId, single } from './metabase-objects.ts';
import type { ObservedMetabase } from './metabase-objects.ts';
import { configureSmtp, setUpFirstAdmin, testAdmin } from './metabase-setup.ts';
import { runCli, transcript } from './run-cli.ts';

/**
 * The whole product against the real thing: Postgres 15 with the DTX 2.0 schema and demo data,
 * Metabase v0.58 LTS from an empty application database, Mailpit catching its email. Everything
 * the emulator tests prove is proved again here against Metabase itself, through its public API.
 * Needs a container engine; everywhere else it is skipped with a message.
 */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runtime = await detectContainerRuntime();
if (!runtime.available) {
  console.warn(
    `No container runtime (${runtime.reason}): skipping the Docker end-to-end test ` +
      `(${images.postgres}, ${images.metabase}, ${images.mailpit}). See test/e2e-docker/README.md.`,
  );
}

const minutes = (n: number): number => n * 60_000;
const reportingRole = 'dtx_reporting_reader';
const fromAddress = 'reports@dtx.example.com';

describe.skipIf(!runtime.available)(`provision against real ${images.metabase}`, () => {
  let stack: DockerStack | undefined;
  let admin: MetabaseApi;
  let expected: ExpectedState;
  let env: Record<string, string>;
  let observed: ObservedMetabase;

  const provision = () => runCli(['provision', '--from', projectRoot], { env, projectRoot });

  beforeAll(async () => {
    // The files first: a broken checkout fails in a second, not after pulling images.
    expected = await readExpectedState(projectRoot);
    stack = await startDockerStack(projectRoot);
    admin = await setUpFirstAdmin(stack.metabaseUrl, testAdmin);
    await configureSmtp(admin, { host: aliases.mailpit, port: mailpitSmtpPort, fromAddress });
    env = {
      DATABASE_URL: stack.databaseUrl,
      METABASE_URL: stack.metabaseUrl,
      METABASE_USER: testAdmin.email,
      METABASE_PASSWORD: testAdmin.password,
      REPORTING_DB_ROLE: reportingRole,
      REPORTING_DB_PASSWORD: 'e2e-Reporting-Role-5082',
      // How Metabase, inside the network, reaches the database: not how this process does.
      REPORTING_DB_HOST: aliases.postgres,
      REPORTING_DB_PORT: '5432',
      REPORTING_DB_NAME: dtx2Database,
      // The same SMTP variables Metabase got: provision must see they are Metabase's own.
      ...metabaseSmtpEnv,
    };
  }, minutes(15));

  const planTotals = async () => {
    const plan = await runCli(['plan', '--from', projectRoot, '--json'], { env, projectRoot });
    expect(plan.exitCode, transcript(plan)).toBe(0);
    return z
      .object({
        items: z.array(z.object({ kind: z.string(), key: z.string(), action: z.string() })),
        totals: z.object({ create: z.number(), update: z.number(), archive: z.number() }),
      })
      .parse(JSON.parse(plan.out));
  };

  afterAll(async () => {
    await stack?.stop();
  }, minutes(2));

  it(
    'provisions the bundled sample into an empty Metabase',
    async () => {
      const run = await provision();
      expect(run.exitCode, transcript(run)).toBe(0);
      observed = await observeMetabase(admin);
    },
    minutes(15),
  );

  it('connects Metabase to DTX 2.0 as the reporting role, at the host Metabase sees', () => {
    const databases = [...observed.databases.values()].flat();
    expect(databases).toHaveLength(1);
    const [database] = databases;
    expect(database?.engine).toBe('postgres');
    expect(database?.details).toMatchObject({
      host: aliases.postgres,
      dbname: dtx2Database,
      user: reportingRole,
    });
    expect(String(database?.details?.['port'])).toBe('5432');
  });

  it('builds the DTX Reports collection tree', () => {
    const root = single(observed.collections, keys.rootCollection);
    expect(root.name).toBe('DTX Reports');
    expect(parentCollectionId(root.location)).toBeNull();
    expect(expected.desired.collections.length).toBeGreaterThan(1);
    for (const desired of expected.desired.collections) {
      const actual = single(observed.collections, desired.key);
      expect(actual.name, desired.key).toBe(desired.name);
      const parentId =
        desired.parent === null ? null : single(observed.collections, desired.parent).id;
      expect(parentCollectionId(actual.location), `${desired.key} parent`).toBe(parentId);
    }
    expect([...observed.collections.keys()].sort()).toEqual(
      expected.desired.collections.map((c) => c.key).sort(),
    );
  });

  it('creates one question per migrated report, and every other declared question', () => {
    const migrated = expected.migratedReportIds;
    expect(migrated.length).toBeGreaterThan(0);
    const notExactlyOnce = migrated.filter(
      (id) => (observed.cards.get(keys.reportQuestion(id))?.length ?? 0) !== 1,
    );
    expect(notExactlyOnce, 'reports without exactly one question').toEqual([]);
    const reportQuestions = [...observed.cards.keys()].filter((k) =>
      k.startsWith('question:report:'),
    );
    expect(reportQuestions).toHaveLength(migrated.length);

    for (const desired of expected.desired.questions) {
      const actual = single(observed.cards, desired.key);
      expect(actual.name, desired.key).toBe(desired.name);
      expect(actual.display, desired.key).toBe(desired.display);
      expect(actual.collection_id, desired.key).toBe(
        single(observed.collections, desired.collection).id,
      );
    }
    expect(observed.cards.size).toBe(expected.desired.questions.length);
  });

  it('creates every dashboard with its cards and the declared parameter ids', () => {
    expect(expected.desired.dashboards.length).toBeGreaterThan(0);
    const cardKeyById = new Map(
      [...observed.cards].flatMap(([key, cards]) => cards.map((c) => [c.id, key] as const)),
    );
    for (const desired of expected.desired.dashboards) {
      const actual = single(observed.dashboards, desired.key);
      expect(actual.name, desired.key).toBe(desired.name);
      expect(actual.collection_id, desired.key).toBe(
        single(observed.collections, desired.collection).id,
      );
      // Text and heading dashcards have no card.
      const cardKeys = actual.dashcards.flatMap((d) =>
        d.card_id === null || d.card_id === undefined
          ? []
          : [cardKeyById.get(d.card_id) ?? `unmanaged card #${d.card_id}`],
      );
      expect(cardKeys.sort(), `${desired.key} cards`).toEqual(
        desired.dashcards.map((d) => d.question).sort(),
      );
      // Parameter ids must be exactly ours: a changed id archives the subscriptions using it.
      expect((actual.parameters ?? []).map((p) => p.id).sort(), `${desired.key} filters`).toEqual(
        desired.parameters.map((p) => p.id).sort(),
      );
    }
    expect(observed.dashboards.size).toBe(expected.desired.dashboards.length);
  });

  it('creates every subscription on its dashboard, with its schedule and recipients', () => {
    expect(expected.desired.subscriptions.length).toBeGreaterThan(0);
    for (const desired of expected.desired.subscriptions) {
      const actual = single(observed.pulses, desired.key);
      expect(actual.dashboard_id, desired.key).toBe(
        single(observed.dashboards, desired.dashboard).id,
      );
      expect(actual.skip_if_empty ?? false, desired.key).toBe(desired.skipIfEmpty);
      expect(actual.cards.map((c) => c.id).sort(), `${desired.key} cards`).toEqual(
        desired.cards.map((c) => single(observed.cards, c.question).id).sort(),
      );
      const email = actual.channels.filter((c) => c.channel_type === 'email');
      expect(email, `${desired.key} email channels`).toHaveLength(1);
      const [channel] = email;
      expect(
        {
          schedule_type: channel?.schedule_type,
          schedule_hour: channel?.schedule_hour ?? null,
          schedule_day: channel?.schedule_day ?? null,
          schedule_frame: channel?.schedule_frame ?? null,
          recipients: (channel?.recipients ?? []).map((r) => r.email?.toLowerCase()).sort(),
        },
        desired.key,
      ).toEqual({
        schedule_type: desired.channel.schedule_type,
        schedule_hour: desired.channel.schedule_hour,
        schedule_day: desired.channel.schedule_day,
        schedule_frame: desired.channel.schedule_frame,
        recipients: desired.channel.recipients.map((r) => r.email.toLowerCase()).sort(),
      });
    }
    expect(observed.pulses.size).toBe(expected.desired.subscriptions.length);
  });

  it('sets the report time zone the schedules are written in', async () => {
    const zone = await admin.get('/api/setting/report-timezone', z.string().nullish());
    expect(zone).toBe(expected.desired.settings.reportTimezone);
  });

  it(
    'a second provision changes nothing',
    async () => {
      const again = await provision();
      expect(again.exitCode, transcript(again)).toBe(0);

      const plan = await runCli(['plan', '--from', projectRoot, '--json', '--detailed-exitcode'], {
        env,
        projectRoot,
      });
      // --detailed-exitcode: 0 = no changes, 2 = changes, 1 = error.
      expect(plan.exitCode, transcript(plan)).toBe(0);
      const { totals } = z
        .object({
          totals: z.object({ create: z.number(), update: z.number(), archive: z.number() }),
        })
        .parse(JSON.parse(plan.out));
      expect(totals).toEqual({ create: 0, update: 0, archive: 0 });

      // Nothing duplicated behind the plan's back either.
      const after = await observeMetabase(admin);
      const sizes = (o: ObservedMetabase) =>
        [o.collections, o.cards, o.dashboards, o.pulses, o.databases].map((m) =>
          [...m.values()].reduce((n, list) => n + list.length, 0),
        );
      expect(sizes(after)).toEqual(sizes(observed));
    },
    minutes(15),
  );

  it(
    'SMTP set through Metabase environment variables is left alone, with a warning',
    async () => {
      const run = await runCli(['plan', '--from', projectRoot], { env, projectRoot });
      expect(run.exitCode, transcript(run)).toBe(0);
      expect(run.out).toContain('is set by its environment (MB_EMAIL_SMTP_HOST)');
      const plan = await planTotals();
      expect(
        plan.items.filter((i) => i.kind === 'setting' && i.action !== 'noop').map((i) => i.key),
      ).toEqual([]);
    },
    minutes(5),
  );

  it(
    'a managed dashboard saved in the UI renames its subscriptions; plan creates none',
    async () => {
      const pulses = [...observed.pulses.values()].flat();
      const dashboardIds = new Set(pulses.flatMap((p) => (p.dashboard_id ? [p.dashboard_id] : [])));
      for (const id of dashboardIds) {
        const board = await admin.get(`/api/dashboard/${id}`, z.object({ name: z.string() }));
        await admin.put(`/api/dashboard/${id}`, { name: board.name }, z.unknown());
      }
      const renamed = await observeMetabase(admin);
      expect(renamed.pulses.size).toBe(expected.desired.subscriptions.length);
      const plan = await planTotals();
      expect(plan.totals.create).toBe(0);
      const run = await provision();
      expect(run.exitCode, transcript(run)).toBe(0);
      const after = await observeMetabase(admin);
      expect([...after.pulses.values()].every((list) => list.length === 1)).toBe(true);
      expect(after.pulses.size).toBe(expected.desired.subscriptions.length);
    },
    minutes(10),
  );

  it(
    'a trashed dashboard is restored by provision with exactly one set of subscriptions',
    async () => {
      const withSubscriptions = expected.desired.subscriptions[0];
      if (withSubscriptions === undefined) throw new Error('no subscription declared');
      const dashboard = single(observed.dashboards, withSubscriptions.dashboard);
      await admin.put(`/api/dashboard/${dashboard.id}`, { archived: true }, z.unknown());
      const run = await provision();
      expect(run.exitCode, transcript(run)).toBe(0);
      const after = await observeMetabase(admin);
      expect(single(after.dashboards, withSubscriptions.dashboard).id).toBe(dashboard.id);
      expect([...after.pulses.values()].every((list) => list.length === 1)).toBe(true);
      expect(after.pulses.size).toBe(expected.desired.subscriptions.length);
      const again = await planTotals();
      expect(again.totals).toEqual({ create: 0, update: 0, archive: 0 });
    },
    minutes(10),
  );

  it(
    'the Client filter offers values (its column is not hidden)',
    async () => {
      const database = single(observed.databases, 'database:reporting');
      const metadata = await admin.get(
        `/api/database/${database.id}/metadata?include_hidden=true`,
        z.object({
          tables: z.array(
            z.object({
              fields: z.array(
                z.object({ id: z.number(), name: z.string(), visibility_type: z.string() }),
              ),
            }),
          ),
        }),
      );
      const field = metadata.tables.flatMap((t) => t.fields).find((f) => f.name === 'client_name');
      if (!field) throw new Error('no synced client_name column');
      expect(field.visibility_type).toBe('normal');
      const values = await admin.get(
        `/api/field/${field.id}/values`,
        z.object({ values: z.array(z.array(z.unknown())) }),
      );
      expect(values.values.length).toBeGreaterThan(0);
    },
    minutes(5),
  );

  it(
    'an unmanaged SQL question with a table variable does not stop plan',
    async () => {
      const database = single(observed.databases, 'database:reporting');
      const created = await admin
        .post(
          '/api/card',
          {
            name: 'Analyst: rows of any table',
            display: 'table',
            visualization_settings: {},
            dataset_query: {
              database: database.id,
              type: 'native',
              native: {
                query: 'SELECT * FROM {{t}}',
                'template-tags': {
                  t: {
                    name: 't',
                    'display-name': 'Table',
                    type: 'table',
                    'table-name': 'acct_brokers',
                  },
                },
              },
            },
          },
          z.object({ id: z.number() }),
        )
        .then(
          () => 'created',
          // A line without `table` tags refuses the card: then no such card can exist there.
          (error: unknown) => {
            expect(String(error)).toContain('HTTP 400');
            return 'refused by this Metabase';
          },
        );
      console.info(`table-variable question: ${created}`);
      const plan = await planTotals();
      expect(plan.totals).toEqual({ create: 0, update: 0, archive: 0 });
    },
    minutes(5),
  );

  it(
    'sends a subscription by email (POST /api/pulse/test) that Mailpit receives',
    async () => {
      const [subscription] = expected.desired.subscriptions;
      if (subscription === undefined)
        throw new Error('the bundled sample declares no subscription');
      const pulse = await admin.get(
        `/api/pulse/${single(observed.pulses, subscription.key).id}`,
        z.object({
          name: z.string(),
          dashboard_id: z.number().int(),
          cards: z.array(z.unknown()).min(1),
          channels: z.array(z.unknown()).min(1),
        }),
      );
      const dashboard = single(observed.dashboards, subscription.dashboard);
      const mailpit = new Mailpit(stack?.mailpitUrl ?? '');
      await mailpit.deleteAll();

      await admin.post(
        '/api/pulse/test',
        {
          name: pulse.name,
          dashboard_id: pulse.dashboard_id,
          cards: pulse.cards,
          channels: pulse.channels,
          // The stored pulse may skip empty results; a test send must send whatever the demo
          // data holds for this customer.
          skip_if_empty: false,
          disable_links: false,
        },
        z.unknown(),
      );

      const recipients = subscription.channel.recipients.map((r) => r.email.toLowerCase());
      expect(recipients.length).toBeGreaterThan(0);
      const messages = await mailpit.waitFor(
        (caught) => recipients.every((r) => caught.some((m) => m.recipients.includes(r))),
        minutes(3),
      );
      for (const recipient of recipients) {
        const message = messages.find((m) => m.recipients.includes(recipient));
        // Metabase titles a dashboard subscription email with the dashboard's name.
        expect(message?.subject, recipient).toBe(dashboard.name);
        expect(message?.from, recipient).toBe(fromAddress);
      }
      // Nobody outside the subscription got anything.
      expect([...new Set(messages.flatMap((m) => m.recipients))].sort()).toEqual(
        [...recipients].sort(),
      );
    },
    minutes(5),
  );
});
