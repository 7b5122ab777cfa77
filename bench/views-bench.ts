import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { readGeneratedFiles } from '../src/observe/files/read-generated-files.ts';
import { silentProgress } from '../src/apply/progress.ts';
import { refreshMaterializedViews } from '../src/apply/postgres/refresh-materialized-views.ts';
import { runProvision } from '../src/provision.ts';
import { loadDemoDataInto } from '../src/demo-data/run-demo-data.ts';
import type { DesiredQuestion } from '../src/desired/metabase/model.ts';
import { renderNativeQuery } from '../src/desired/metabase/native-query-template.ts';
import { dropDatabase, recreateDatabase } from './lib/scratch-databases.ts';
import { repeat, summarize, timed, type Summary } from './lib/stats.ts';
import {
  defaultReportingRoleLimits,
  reportingRoleSettings,
} from '../src/plan/postgres/reporting-role-settings.ts';

/**
 * Part 1: the reporting views on demo data. For each report, the question's SQL as Metabase runs
 * it (rendered by renderNativeQuery, rows capped at 2,000 like Metabase's native-query limit),
 * restricted to one service org, and the full unfiltered export (streamed with COPY), each
 * against the live view and against a materialized snapshot of the same view (the DTX 1.0
 * report_data approach) in the same run, alternating so both see the same cache state.
 */

export interface ViewsBenchOptions {
  readonly projectRoot: string;
  readonly sizes: readonly number[];
  readonly reportIds: readonly number[];
  readonly filteredRuns: number;
  readonly exportRuns: number;
  /** Refreshes per materialized view (each recomputes the whole report). */
  readonly refreshRuns: number;
  readonly keep: boolean;
  readonly role: { readonly name: string; readonly password: string };
  readonly log: (line: string) => void;
}

export interface OrgChoice {
  readonly which: 'largest' | 'median';
  readonly id: number;
  readonly name: string;
  readonly records: number;
}

export interface QueryFigures {
  readonly live: Summary;
  readonly snapshot: Summary;
  /** The discarded warm-up run (first touch of the data after the snapshot was built). */
  readonly firstLiveMs: number;
  readonly rows: number;
  /** live p50 / snapshot p50 and live p95 / snapshot p95. */
  readonly ratioP50: number;
  readonly ratioP95: number;
}

export interface ExportFigures {
  readonly live: Summary;
  readonly snapshot: Summary;
  readonly rows: number;
  readonly liveRowsPerSecond: number;
  readonly snapshotRowsPerSecond: number;
}

export interface ReportFigures {
  readonly legacyId: number;
  readonly question: string;
  readonly view: string;
  readonly aggregate: boolean;
  readonly filtered: Readonly<Record<OrgChoice['which'], QueryFigures>>;
  readonly export: ExportFigures;
  readonly snapshotBuildMs: number;
  readonly snapshotRows: number;
  readonly filteredSql: string;
  readonly explainLive: string;
}

/** `provision --materialize` for the measured aggregate reports, after the live figures. */
export interface MaterializedFigures {
  readonly legacyId: number;
  readonly view: string;
  /** The same filtered question, now reading the materialized view. */
  readonly filtered: Readonly<Record<OrgChoice['which'], Summary>>;
  /** REFRESH MATERIALIZED VIEW CONCURRENTLY through `refreshMaterializedViews` (dtx-reports refresh). */
  readonly refreshMs: Summary;
  readonly rows: number;
  readonly explainMaterialized: string;
}

export interface MaterializeResult {
  /** The provision run that turned the views into materialized views (one transaction). */
  readonly provisionMs: number;
  readonly views: readonly MaterializedFigures[];
}

export interface ViewsSizeResult {
  readonly records: number;
  readonly database: string;
  readonly loadMs: number;
  readonly vacuumMs: number;
  readonly provisionMs: number;
  readonly databaseSizeMb: number;
  readonly orgs: readonly OrgChoice[];
  readonly reports: readonly ReportFigures[];
  readonly materialized?: MaterializeResult | null;
}

const snapshotSchema = 'bench_snapshot';

function sizeLabel(records: number): string {
  return records >= 1_000_000 && records % 1_000_000 === 0
    ? `${records / 1_000_000}m`
    : records >= 1000 && records % 1000 === 0
      ? `${records / 1000}k`
      : String(records);
}

function quoted(schema: string, view: string): string {
  return `"${schema}"."${view}"`;
}

/** The question's FROM target, e.g. "reporting"."acct_master". */
function viewOf(question: DesiredQuestion): { schema: string; view: string } {
  const match = /FROM\s+"([^"]+)"\."([^"]+)"/.exec(question.sql);
  if (!match?.[1] || !match[2]) throw new Error(`${question.key}: no FROM "schema"."view"`);
  return { schema: match[1], view: match[2] };
}

async function pickOrgs(client: pg.ClientBase): Promise<OrgChoice[]> {
  const { rows } = await client.query<{ id: string; name: string; records: string }>(`
    SELECT so.id, so.name, count(r.id) AS records
    FROM docutrax_hierarchy_account AS so
    JOIN docutrax_hierarchy_account AS ch ON ch.parent_id = so.id
    JOIN docutrax_hierarchy_record AS r ON r.account_id = ch.id
    GROUP BY so.id, so.name
    ORDER BY count(r.id) DESC, so.id`);
  const largest = rows[0];
  const median = rows[Math.floor(rows.length / 2)];
  if (!largest || !median) throw new Error('the demo data has no service org with records');
  return [
    {
      which: 'largest',
      id: Number(largest.id),
      name: largest.name,
      records: Number(largest.records),
    },
    { which: 'median', id: Number(median.id), name: median.name, records: Number(median.records) },
  ];
}

/**
 * The question as Metabase runs it for one service org: rendered with the field filter set,
 * capped at 2,000 rows like Metabase's native-query limit. Live and materialized figures both
 * run exactly this.
 */
function filteredQuestionSql(question: DesiredQuestion, org: string): string {
  const sql = renderNativeQuery(question.sql, question.templateTags, { service_org: org });
  return `SELECT * FROM (${sql}) q LIMIT 2000`;
}

async function explainAnalyze(client: pg.ClientBase, sql: string): Promise<string> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function runQuery(client: pg.ClientBase, sql: string): Promise<{ ms: number; rows: number }> {
  const { ms, value } = await timed(() => client.query(sql));
  return { ms, rows: value.rowCount ?? value.rows.length };
}

/** Streams the result as COPY text (one line per row) and counts rows, as an export would. */
async function runExport(
  client: pg.PoolClient | pg.Client,
  sql: string,
): Promise<{ ms: number; rows: number }> {
  let rows = 0;
  const { ms } = await timed(async () => {
    const source = client.query(copyTo(`COPY (${sql}) TO STDOUT`));
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
        done();
      },
    });
    await pipeline(source, sink);
  });
  return { ms, rows };
}

async function measurePair(
  client: pg.Client,
  liveSql: string,
  snapshotSql: string,
  runs: number,
  run: (client: pg.Client, sql: string) => Promise<{ ms: number; rows: number }>,
): Promise<{ live: number[]; snapshot: number[]; rows: number; firstLiveMs: number }> {
  const first = await run(client, liveSql);
  await run(client, snapshotSql);
  const live: number[] = [];
  const snapshot: number[] = [];
  let rows = first.rows;
  await repeat(runs, async (i) => {
    // Alternate which goes first so neither always inherits the other's cache.
    const order = i % 2 === 0 ? (['live', 'snapshot'] as const) : (['snapshot', 'live'] as const);
    for (const mode of order) {
      const result = await run(client, mode === 'live' ? liveSql : snapshotSql);
      if (mode === 'live') {
        live.push(result.ms);
        rows = result.rows;
      } else snapshot.push(result.ms);
    }
  });
  return { live, snapshot, rows, firstLiveMs: first.ms };
}

export async function runViewsBench(options: ViewsBenchOptions): Promise<ViewsSizeResult[]> {
  const files = await readGeneratedFiles(options.projectRoot, { metabase: true });
  const questions = options.reportIds.map((id) => {
    const question = files.metabase?.state.questions.find((q) => q.key === `question:report:${id}`);
    if (!question) throw new Error(`no generated question for legacy report ${id}`);
    return { id, question };
  });
  const aggregateViews = new Set(
    // Aggregate views are the ones generate gives a unique key (their GROUP BY columns).
    files.views.views.filter((v) => v.uniqueKey !== null).map((v) => v.name),
  );

  const results: ViewsSizeResult[] = [];
  for (const records of options.sizes) {
    const database = `bench_views_${sizeLabel(records)}`;
    options.log(`views: ${database}: loading ${records} demo records`);
    const url = await recreateDatabase(database);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const load = await timed(() =>
        loadDemoDataInto(client, {
          records,
          seed: 1,
          referenceDate: null,
          legacyDir: path.join(options.projectRoot, 'examples', 'legacy-export'),
          schema: 'public',
          reset: false,
          createSchema: true,
          referenceSchemaPath: path.join(options.projectRoot, 'db', 'dtx2-reference-schema.sql'),
        }),
      );
      // Steady state, as autovacuum leaves a production database: statistics and visibility map
      // current, and no autovacuum worker starting in the middle of a measurement.
      const vacuum = await timed(() => client.query('VACUUM (ANALYZE)'));
      options.log(
        `views: ${database}: loaded in ${(load.ms / 1000).toFixed(1)} s; provisioning views`,
      );
      const provision = await timed(() =>
        runProvision(
          'apply',
          {
            email: null,
            fromDir: options.projectRoot,
            databaseUrl: url,
            role: { ...options.role, settings: reportingRoleSettings(defaultReportingRoleLimits) },
            rotateSecrets: false,
            lock: { timeoutMs: 60_000, applicationName: 'dtx-reports bench' },
            metabase: null,
            prune: false,
            concurrency: 8,
          },
          {
            progress: silentProgress,
            sleep: async () => undefined,
            now: () => Date.now(),
            onLockWait: () => undefined,
          },
        ),
      );
      const size = await client.query<{ mb: string }>(
        'SELECT pg_database_size(current_database()) / 1048576 AS mb',
      );
      const orgs = await pickOrgs(client);
      await client.query(`CREATE SCHEMA ${snapshotSchema}`);

      const reports: ReportFigures[] = [];
      for (const { id, question } of questions) {
        const { schema, view } = viewOf(question);
        const liveName = quoted(schema, view);
        const snapName = quoted(snapshotSchema, view);
        const toSnapshot = (sql: string) => sql.split(liveName).join(snapName);
        options.log(`views: ${database}: report ${id} (${schema}.${view}): building the snapshot`);
        const build = await timed(async () => {
          await client.query(`CREATE MATERIALIZED VIEW ${snapName} AS SELECT * FROM ${liveName}`);
          // The question's field filter is on service_org_name; service_org_id as the brief asks.
          await client.query(`CREATE INDEX ON ${snapName} (service_org_name)`);
          await client.query(`CREATE INDEX ON ${snapName} (service_org_id)`);
          await client.query(`VACUUM (ANALYZE) ${snapName}`);
        });
        const snapshotRows = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${snapName}`,
        );

        const filtered: Partial<Record<OrgChoice['which'], QueryFigures>> = {};
        let filteredSql = '';
        for (const org of orgs) {
          const sql = filteredQuestionSql(question, org.name);
          if (org.which === 'largest') filteredSql = sql;
          const pair = await measurePair(
            client,
            sql,
            toSnapshot(sql),
            options.filteredRuns,
            runQuery,
          );
          const live = summarize(pair.live);
          const snapshot = summarize(pair.snapshot);
          filtered[org.which] = {
            live,
            snapshot,
            firstLiveMs: pair.firstLiveMs,
            rows: pair.rows,
            ratioP50: live.median / snapshot.median,
            ratioP95: live.p95 / snapshot.p95,
          };
        }
        const explainLive = await explainAnalyze(client, filteredSql);

        options.log(`views: ${database}: report ${id}: full export`);
        const exportSql = renderNativeQuery(question.sql, question.templateTags, {});
        const exports = await measurePair(
          client,
          exportSql,
          toSnapshot(exportSql),
          options.exportRuns,
          runExport,
        );
        const liveExport = summarize(exports.live);
        const snapshotExport = summarize(exports.snapshot);
        const largest = filtered.largest;
        const median = filtered.median;
        if (!largest || !median) throw new Error('both orgs are measured');
        reports.push({
          legacyId: id,
          question: question.name,
          view: `${schema}.${view}`,
          aggregate: aggregateViews.has(view),
          filtered: { largest, median },
          export: {
            live: liveExport,
            snapshot: snapshotExport,
            rows: exports.rows,
            liveRowsPerSecond: exports.rows / (liveExport.median / 1000),
            snapshotRowsPerSecond: exports.rows / (snapshotExport.median / 1000),
          },
          snapshotBuildMs: build.ms,
          snapshotRows: Number(snapshotRows.rows[0]?.n ?? 0),
          filteredSql,
          explainLive,
        });
        // Keep the snapshots' disk and cache footprint out of the next report's figures.
        await client.query(`DROP MATERIALIZED VIEW ${snapName}`);
      }
      const aggregates = reports.filter((r) => r.aggregate);
      const materialized =
        aggregates.length === 0
          ? null
          : await measureMaterialized(client, {
              url,
              database,
              aggregates,
              orgs,
              questions: new Map(questions.map((q) => [q.id, q.question])),
              options,
            });
      results.push({
        materialized,
        records,
        database,
        loadMs: load.ms,
        vacuumMs: vacuum.ms,
        provisionMs: provision.ms,
        databaseSizeMb: Number(size.rows[0]?.mb ?? 0),
        orgs,
        reports,
      });
    } finally {
      await client.end();
      if (!options.keep) await dropDatabase(database);
    }
  }
  return results;
}

/**
 * The option that closes the aggregate reports' gap: `provision --materialize <their views>`
 * (timed: it builds them inside the views transaction), the same filtered questions against the
 * materialized views, EXPLAIN ANALYZE after, and `refresh` (REFRESH … CONCURRENTLY) timed.
 */
async function measureMaterialized(
  client: pg.Client,
  context: {
    readonly url: string;
    readonly database: string;
    readonly aggregates: readonly ReportFigures[];
    readonly orgs: readonly OrgChoice[];
    readonly questions: ReadonlyMap<number, DesiredQuestion>;
    readonly options: ViewsBenchOptions;
  },
): Promise<MaterializeResult> {
  const { options, aggregates } = context;
  const names = aggregates.map((r) => r.view.split('.')[1] ?? r.view);
  options.log(`views: ${context.database}: provision --materialize ${names.join(',')}`);
  const provision = await timed(() =>
    runProvision(
      'apply',
      {
        email: null,
        fromDir: options.projectRoot,
        databaseUrl: context.url,
        role: { ...options.role, settings: reportingRoleSettings(defaultReportingRoleLimits) },
        rotateSecrets: false,
        lock: { timeoutMs: 60_000, applicationName: 'dtx-reports bench' },
        metabase: null,
        prune: false,
        concurrency: 8,
        materialize: { kind: 'views', names },
      },
      {
        progress: silentProgress,
        sleep: async () => undefined,
        now: () => Date.now(),
        onLockWait: () => undefined,
      },
    ),
  );
  if (!provision.value.applied) throw new Error('provision --materialize changed nothing');
  await client.query('VACUUM (ANALYZE)');

  const views: MaterializedFigures[] = [];
  for (const report of aggregates) {
    const name = report.view.split('.')[1] ?? report.view;
    const question = context.questions.get(report.legacyId);
    if (!question) throw new Error(`no question for report ${report.legacyId}`);
    const filtered: Partial<Record<OrgChoice['which'], Summary>> = {};
    let largestSql = '';
    for (const org of context.orgs) {
      const sql = filteredQuestionSql(question, org.name);
      if (org.which === 'largest') largestSql = sql;
      await runQuery(client, sql);
      const runs = await repeat(options.filteredRuns, async () => (await runQuery(client, sql)).ms);
      filtered[org.which] = summarize(runs);
    }
    const explainMaterialized = await explainAnalyze(client, largestSql);
    options.log(`views: ${context.database}: refresh ${name} (${options.refreshRuns}×)`);
    let rows = 0;
    const refreshRuns = await repeat(options.refreshRuns, async () => {
      const [refreshed] = await refreshMaterializedViews(client, {
        schema: report.view.split('.')[0] ?? 'reporting',
        only: [name],
        progress: silentProgress,
        now: () => performance.now(),
        lock: { timeoutMs: 60_000, onWait: () => undefined },
      });
      if (!refreshed) throw new Error(`refresh did not refresh ${name}`);
      rows = refreshed.rows;
      return refreshed.ms;
    });
    const largest = filtered.largest;
    const median = filtered.median;
    if (!largest || !median) throw new Error('both orgs are measured');
    views.push({
      legacyId: report.legacyId,
      view: report.view,
      filtered: { largest, median },
      refreshMs: summarize(refreshRuns),
      rows,
      explainMaterialized,
    });
  }
  return { provisionMs: provision.ms, views };
}
