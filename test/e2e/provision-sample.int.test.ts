import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../support/scratch-database.ts';
import { projectRoot } from '../support/shared.ts';
import {
  readDesiredFiles,
  readManifest,
  type DesiredFiles,
  type Manifest,
} from './support/desired-files.ts';
import { startE2eEnvironment, transcript, type E2eEnvironment } from './support/e2e-environment.ts';
import {
  duplicates,
  keyOfPulse,
  listObjects,
  managedKeys,
  subscriptionLinkProblems,
  type MetabaseObjects,
} from './support/metabase-objects.ts';
import { resultColumns } from './support/result-columns.ts';

/**
 * The bundled sample from an empty Metabase to fully provisioned, through the real CLI, the real
 * Postgres and the emulator over HTTP. Tests run in order: each builds on the state the previous
 * one left (dry run on an empty world → cold provision → plan → no-op provision).
 */

let env: E2eEnvironment;
let desired: DesiredFiles;
let manifest: Manifest;

beforeAll(async () => {
  env = await startE2eEnvironment({ records: 300, dbPrefix: 'dtx_e2e_sample' });
  desired = await readDesiredFiles(projectRoot);
  manifest = await readManifest(projectRoot);
});

afterAll(async () => {
  await env?.close();
});

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function postgresFacts() {
  const role = await env.db.pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [env.role]);
  const schema = await env.db.pool.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'reporting'`);
  return { role: role.rowCount === 1, reportingSchema: schema.rowCount === 1 };
}

describe('provision the bundled sample against the emulator', () => {
  it('--dry-run on an empty world sends no write to Metabase and none to PostgreSQL', async () => {
    // Every new session on the scratch database is read-only: any write the dry run tried
    // (DDL, GRANT, CREATE ROLE, INSERT) would fail it.
    await withAdmin((c) =>
      c.query(`ALTER DATABASE ${env.db.name} SET default_transaction_read_only = on`),
    );
    let run;
    try {
      run = await env.cli(['provision', '--dry-run', '--json']);
    } finally {
      await withAdmin((c) =>
        c.query(`ALTER DATABASE ${env.db.name} RESET default_transaction_read_only`),
      );
    }
    expect(run.exitCode, transcript(run)).toBe(0);
    const counts = env.emulator.controls.counts(run.fromSeq);
    expect(counts.writes).toBe(0);
    expect(counts.reads).toBeGreaterThan(0);
    const plan = JSON.parse(run.out) as { dryRun: boolean; totals: { create: number } };
    expect(plan.dryRun).toBe(true);
    expect(plan.totals.create).toBeGreaterThan(desired.questions.size);
    expect(await postgresFacts()).toEqual({ role: false, reportingSchema: false });
    const objects = await listObjects(env, 'active');
    expect(objects.cards).toEqual([]);
    expect(objects.dashboards).toEqual([]);
  });

  let cold: { reads: number; writes: number };
  let objects: MetabaseObjects;

  it('provisions everything from an empty Metabase', async ({ annotate }) => {
    const run = await env.cli(['provision']);
    expect(run.exitCode, transcript(run)).toBe(0);
    cold = env.emulator.controls.counts(run.fromSeq);
    await annotate(`cold provision: ${cold.reads} reads, ${cold.writes} writes`);
    expect(await postgresFacts()).toEqual({ role: true, reportingSchema: true });

    objects = await listObjects(env, 'active');
    const keys = managedKeys(objects);
    expect(duplicates(keys)).toEqual([]);
    // Exactly what the files describe, and nothing else (this Metabase had nothing before).
    expect(new Set(keys.cards.keys())).toEqual(
      new Set([...desired.questions.values()].map((q) => q.key)),
    );
    expect(objects.cards).toHaveLength(desired.questions.size);
    expect(new Set(keys.dashboards.keys())).toEqual(
      new Set([...desired.dashboards.values()].map((d) => d.key)),
    );
    expect(objects.dashboards).toHaveLength(desired.dashboards.size);
    expect(new Set(keys.collections.keys())).toEqual(new Set(desired.collectionKeys));
    expect(objects.collections.filter((c) => c.personal_owner_id == null)).toHaveLength(
      desired.collectionKeys.length,
    );
    expect(new Set(keys.pulses.keys())).toEqual(new Set(desired.subscriptions.map((s) => s.key)));
    expect(objects.pulses).toHaveLength(desired.subscriptions.length);
    expect(await subscriptionLinkProblems(env, objects, desired.dashboardOfSubscription)).toEqual(
      [],
    );
    expect(await env.api('GET', '/api/setting/report-timezone')).toBe('America/New_York');
  });

  it('gives every migrated report one question whose result columns follow the legacy order', async () => {
    const migrated = manifest.reports.filter((r) => r.status === 'migrated');
    expect(migrated.length).toBeGreaterThan(0);
    const keys = managedKeys(objects);
    // Metabase runs these as the reporting role: so do we.
    const client = new pg.Client({ connectionString: env.reportingUrl });
    await client.connect();
    const mismatches: string[] = [];
    try {
      for (const report of migrated) {
        const ids = keys.cards.get(`question:report:${report.legacyId}`) ?? [];
        expect(ids, `question for report ${report.legacyId}`).toHaveLength(1);
        const card = objects.cards.find((c) => c.id === ids[0]);
        const stage = card?.dataset_query.stages[0];
        if (!stage) throw new Error(`card ${ids[0]} has no native stage`);
        const columns = await resultColumns(client, stage.native, stage['template-tags'] ?? {});
        const legacy = (report.columns ?? []).map((c) => c.column);
        if (legacy.length === 0 || columns.join('|') !== legacy.join('|')) {
          mismatches.push(`report ${report.legacyId}: got [${columns}] want [${legacy}]`);
        }
      }
    } finally {
      await client.end();
    }
    expect(mismatches).toEqual([]);
  });

  it('turns every legacy schedule into subscriptions as the manifest says, or skips it with a reason', () => {
    const pulsesByKey = new Map(objects.pulses.map((p) => [keyOfPulse(p), p]));
    const problems: string[] = [];
    expect(manifest.schedules.length).toBeGreaterThan(0);
    for (const schedule of manifest.schedules) {
      const id = `schedule ${schedule.legacyId}`;
      if (!['mapped', 'approximated', 'skipped'].includes(schedule.status)) {
        problems.push(`${id}: status ${schedule.status}`);
      }
      if (schedule.status !== 'mapped' && !schedule.reason?.trim()) {
        problems.push(`${id}: ${schedule.status} without a reason`);
      }
      const inMetabase = objects.pulses.filter((p) =>
        keyOfPulse(p)?.startsWith(`subscription:schedule:${schedule.legacyId}:`),
      );
      if (schedule.status === 'skipped') {
        if (schedule.pulses.length > 0 || inMetabase.length > 0)
          problems.push(`${id}: skipped but has subscriptions`);
        continue;
      }
      if (schedule.pulses.length === 0) problems.push(`${id}: ${schedule.status} without pulses`);
      if (inMetabase.length !== schedule.pulses.length) {
        problems.push(
          `${id}: ${inMetabase.length} pulses in Metabase, manifest says ${schedule.pulses.length}`,
        );
      }
      for (const want of schedule.pulses) {
        const have = pulsesByKey.get(want.subscription);
        const channel = have?.channels[0];
        if (!have || !channel || have.channels.length !== 1) {
          problems.push(`${id}: ${want.subscription} missing or not one channel`);
          continue;
        }
        const got = {
          type: channel.schedule_type,
          day: channel.schedule_day ?? null,
          hour: channel.schedule_hour,
          recipients: channel.recipients.map((r) => r.email).sort(),
        };
        const expected = {
          type: want.schedule_type,
          day: want.schedule_day ?? null,
          hour: want.schedule_hour,
          recipients: [...want.recipients].sort(),
        };
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          problems.push(
            `${id}: ${want.subscription} is ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('plan --detailed-exitcode right after provision shows no changes (exit 0)', async () => {
    const run = await env.cli(['plan', '--detailed-exitcode']);
    expect(run.exitCode, transcript(run)).toBe(0);
    expect(run.out).toContain('No changes.');
    expect(env.emulator.controls.counts(run.fromSeq).writes).toBe(0);
  });

  it('a second provision sends zero writes and at most (dashboards + 20) reads', async ({
    annotate,
  }) => {
    const run = await env.cli(['provision']);
    expect(run.exitCode, transcript(run)).toBe(0);
    const counts = env.emulator.controls.counts(run.fromSeq);
    await annotate(
      `no-op provision: ${counts.reads} reads, ${counts.writes} writes (cold: ${cold.reads} reads, ${cold.writes} writes)`,
    );
    const sent = env.emulator
      .log()
      .filter((e) => e.seq > run.fromSeq && e.seq <= run.toSeq && e.method !== 'GET');
    expect(sent.map((e) => `${e.method} ${e.path}`)).toEqual([]);
    expect(counts.writes).toBe(0);
    expect(counts.reads).toBeLessThanOrEqual(desired.dashboards.size + 20);
    expect(run.out).toContain('Nothing to do');
  });
});
