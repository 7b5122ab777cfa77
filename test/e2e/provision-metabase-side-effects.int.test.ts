import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.ts';
import { readDesiredFiles, type DesiredFiles } from './support/desired-files.ts';
import {
  e2eMetabaseVersions,
  startE2eEnvironment,
  transcript,
  type CliRun,
  type E2eEnvironment,
} from './support/e2e-environment.ts';
import {
  duplicates,
  getDashboard,
  getPulse,
  listDatabases,
  listObjects,
  managedKeys,
  onlyId,
} from './support/metabase-objects.ts';

/**
 * What real Metabase does behind a provisioning tool's back (issue 12), played by the emulator in
 * every profile: the dashboard-update event that renames subscriptions, restores from the trash,
 * subscriptions hidden while their dashboard is trashed, foreign questions of newer shapes,
 * value lists for filter columns, channel ids, and the version it says it is.
 */

interface PlanJson {
  readonly items: readonly { kind: string; key: string; action: string }[];
  readonly totals: { create: number; update: number; archive: number; noop: number };
}

describe.each(e2eMetabaseVersions)('Metabase %s profile', (version) => {
  let env: E2eEnvironment;
  let desired: DesiredFiles;

  beforeAll(async () => {
    env = await startE2eEnvironment({
      records: 200,
      dbPrefix: 'dtx_e2e_fx',
      metabaseVersion: version,
    });
    desired = await readDesiredFiles(projectRoot);
  });

  afterAll(async () => {
    await env?.close();
  });

  const writesOf = (run: CliRun): string[] =>
    env.emulator
      .log()
      .filter((e) => e.seq > run.fromSeq && e.seq <= run.toSeq && e.method !== 'GET')
      .map((e) => `${e.method} ${e.path}`);

  async function provision(): Promise<CliRun> {
    const run = await env.cli(['provision']);
    expect(run.exitCode, transcript(run)).toBe(0);
    return run;
  }

  async function planJson(): Promise<PlanJson> {
    const run = await env.cli(['plan', '--json']);
    expect(run.exitCode, transcript(run)).toBe(0);
    return JSON.parse(run.out) as PlanJson;
  }

  it('provision says which behaviour profile it assumes', async () => {
    const run = await provision();
    expect(run.err).toContain(`assuming the ${version} behaviour profile`);
    expect(run.out).not.toContain('untested version');
    const keys = managedKeys(await listObjects(env, 'active'));
    expect(duplicates(keys)).toEqual([]);
    expect(keys.pulses.size).toBe(desired.subscriptions.length);
  });

  it('a dashboard edited in the UI renames its subscriptions; plan still creates none', async () => {
    const before = managedKeys(await listObjects(env, 'active'));
    const dashboardIds = new Set(
      (await listObjects(env, 'active')).pulses.flatMap((p) =>
        p.dashboard_id === null ? [] : [p.dashboard_id],
      ),
    );
    expect(dashboardIds.size).toBeGreaterThan(0);
    for (const id of dashboardIds) {
      const board = await getDashboard(env, id);
      // A save from the UI: here the same name back (any PUT fires the update event).
      await env.api('PUT', `/api/dashboard/${id}`, { name: board.name });
    }
    const renamed = (await listObjects(env, 'active')).pulses;
    for (const p of renamed) {
      const board = p.dashboard_id === null ? null : await getDashboard(env, p.dashboard_id);
      expect(p.name).toBe(board?.name);
    }

    const plan = await planJson();
    expect(plan.totals.create).toBe(0);
    const run = await provision();
    expect(writesOf(run).filter((w) => w.startsWith('POST /api/pulse'))).toEqual([]);
    const after = managedKeys(await listObjects(env, 'active'));
    expect(after.pulses).toEqual(before.pulses);
    expect(writesOf(await provision())).toEqual([]);
  });

  it('a dashboard trashed through the API is restored with exactly one set of subscriptions', async () => {
    const keys = managedKeys(await listObjects(env, 'active'));
    const withSubscriptions = [...desired.dashboards.values()].find(
      (d) => (d.subscriptions ?? []).length > 0,
    );
    if (!withSubscriptions) throw new Error('no dashboard with subscriptions in the files');
    const dashboardId = onlyId(keys.dashboards, withSubscriptions.key);
    const subscriptionKeys = (withSubscriptions.subscriptions ?? []).map((s) => s.key);
    const pulseIds = subscriptionKeys.map((k) => onlyId(keys.pulses, k));

    await env.api('PUT', `/api/dashboard/${dashboardId}`, { archived: true });
    const run = await provision();
    expect(writesOf(run)).not.toContain('POST /api/pulse');
    expect((await getDashboard(env, dashboardId)).archived).toBe(false);
    const after = managedKeys(await listObjects(env, 'active'));
    expect(duplicates(after)).toEqual([]);
    expect(subscriptionKeys.map((k) => after.pulses.get(k))).toEqual(pulseIds.map((id) => [id]));
    expect(after.pulses.size).toBe(desired.subscriptions.length);
    expect(writesOf(await provision())).toEqual([]);
  });

  it('the Client and Service org filters offer values: their columns are not hidden', async () => {
    const databaseId = (await listDatabases(env)).find((d) => d.name === 'DTX 2.0 reporting')?.id;
    const metadata = await env.api<{
      tables: { name: string; fields: { id: number; name: string; visibility_type: string }[] }[];
    }>('GET', `/api/database/${String(databaseId)}/metadata?include_hidden=true`);
    const fields = metadata.tables.flatMap((t) => t.fields);
    for (const column of ['client_name', 'service_org_name']) {
      const field = fields.find((f) => f.name === column);
      if (!field) throw new Error(`no synced ${column} column`);
      expect(field.visibility_type).toBe('normal');
      const values = await env.api<{ values: unknown[][] }>('GET', `/api/field/${field.id}/values`);
      expect(values.values.length).toBeGreaterThan(0);
    }
  });

  it('keeps channel ids when it updates a subscription, and restores one whose card was trashed', async () => {
    const keys = managedKeys(await listObjects(env, 'active'));
    const key = desired.subscriptions[0]?.key ?? '';
    const id = onlyId(keys.pulses, key);
    const pulse = await getPulse(env, id);
    const channelId = pulse.channels[0]?.id;
    // Drift in the UI: someone adds a recipient (the UI sends the channel with its id).
    await env.api('PUT', `/api/pulse/${id}`, {
      ...pulse,
      channels: pulse.channels.map((c) => ({
        ...c,
        recipients: [...c.recipients, { email: 'extra@example.com' }],
      })),
    });
    const fix = await provision();
    expect(writesOf(fix)).toEqual([`PUT /api/pulse/${id}`]);
    expect((await getPulse(env, id)).channels.map((c) => c.id)).toEqual([channelId]);

    // Its only card goes to the trash: Metabase then answers cards: [] for the subscription.
    const cardId = pulse.cards[0]?.id;
    await env.api('PUT', `/api/card/${String(cardId)}`, { archived: true });
    await env.api('PUT', `/api/pulse/${id}`, {
      archived: true,
      skip_if_empty: pulse.skip_if_empty,
    });
    expect((await getPulse(env, id)).cards).toEqual([]);
    // provision restores the card and the subscription, with the desired card list.
    await provision();
    const restored = await getPulse(env, id);
    expect(restored.archived).toBe(false);
    expect(restored.cards.map((c) => c.id)).toEqual([cardId]);
    expect(restored.channels.map((c) => c.enabled)).toEqual([true]);
  });

  if (version === '0.63') {
    it('a foreign question with a table variable does not stop plan', async () => {
      const databaseId = (await listDatabases(env)).find((d) => d.name === 'DTX 2.0 reporting')?.id;
      await env.api('POST', '/api/card', {
        name: 'Analyst: rows of any table',
        display: 'table',
        visualization_settings: {},
        dataset_query: {
          database: databaseId,
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
      });
      const plan = await planJson();
      expect(plan.totals.create + plan.totals.update + plan.totals.archive).toBe(0);
    });
  }
});

describe('the caller must be a Metabase administrator', () => {
  let env: E2eEnvironment;
  const analystKey = 'mb_e2e_ANALYST_0123456789';

  beforeAll(async () => {
    env = await startE2eEnvironment({
      records: 50,
      dbPrefix: 'dtx_e2e_su',
      emulator: { nonAdminApiKey: analystKey },
      env: { METABASE_API_KEY: analystKey },
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('plan and provision stop before any write and say what is missing', async () => {
    for (const command of ['plan', 'provision']) {
      const run = await env.cli([command]);
      expect(run.exitCode, transcript(run)).toBe(1);
      expect(run.err).toContain('is not a Metabase administrator');
      expect(run.err).toContain('Administrators group');
      expect(
        env.emulator
          .log()
          .filter((e) => e.seq > run.fromSeq && e.path.startsWith('/api/') && e.method !== 'GET'),
      ).toEqual([]);
    }
  });
});

describe('SMTP settings Metabase takes from its environment or corrects', () => {
  let env: E2eEnvironment;
  const smtpEnv = {
    MB_EMAIL_SMTP_HOST: 'mailpit',
    MB_EMAIL_SMTP_PORT: '1025',
    MB_EMAIL_SMTP_SECURITY: 'none',
    MB_EMAIL_FROM_ADDRESS: 'reports@dtx.example.com',
  };

  beforeAll(async () => {
    env = await startE2eEnvironment({
      records: 50,
      dbPrefix: 'dtx_e2e_smtp',
      // docker-compose gives Metabase the same MB_EMAIL_* variables as provision.
      emulator: {
        envSettings: {
          'email-smtp-host': 'mailpit',
          'email-smtp-port': 1025,
          'email-smtp-security': 'none',
          'email-from-address': 'reports@dtx.example.com',
        },
      },
      env: smtpEnv,
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('env-locked settings are left alone with a warning, not sent on every run', async () => {
    const first = await env.cli(['provision']);
    expect(first.exitCode, transcript(first)).toBe(0);
    expect(first.out).toContain('email-smtp-host is set by its environment (MB_EMAIL_SMTP_HOST)');
    const second = await env.cli(['provision']);
    expect(second.exitCode, transcript(second)).toBe(0);
    const writes = env.emulator
      .log()
      .filter((e) => e.seq > second.fromSeq && e.method !== 'GET')
      .map((e) => `${e.method} ${e.path}`);
    expect(writes).toEqual([]);
  });
});

describe('SMTP security Metabase corrects when it connects', () => {
  let env: E2eEnvironment;

  beforeAll(async () => {
    env = await startE2eEnvironment({
      records: 50,
      dbPrefix: 'dtx_e2e_smtpfix',
      emulator: { smtpWorkingSecurity: 'ssl' },
      env: { MB_EMAIL_SMTP_HOST: 'smtp.example.com', MB_EMAIL_SMTP_PORT: '465' },
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('says what PUT /api/email answered and which variable to set', async () => {
    const run = await env.cli(['provision']);
    expect(run.exitCode, transcript(run)).toBe(0);
    expect(run.out).toContain(
      'Metabase corrected email-smtp-security (security was autocorrected to SSL): set MB_EMAIL_SMTP_SECURITY=ssl',
    );
  });
});
