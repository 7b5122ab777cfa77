import type pg from 'pg';
import { InputError, RemoteError } from './errors.ts';
import type { RequestStats } from './metabase/http-transport.ts';
import type { MetabaseClient } from './metabase/metabase-client.ts';
import type { DesiredQuestion } from './desired/metabase/model.ts';
import type { DesiredEmail } from './desired/metabase/desired-metadata.ts';
import { planMetabase } from './plan/metabase/plan-metabase.ts';
import { duplicateWarnings } from './plan/metabase/managed-index.ts';
import { requireSuperuser } from './observe/metabase/require-superuser.ts';
import {
  assumedProfile,
  describeProfile,
  untestedWarning,
  type AssumedProfile,
} from './observe/metabase/metabase-version.ts';
import type { DesiredMetabase, ObservedMetabase } from './plan/metabase/metabase-state.ts';
import {
  envLockedSettingWarnings,
  observedSettingKeys,
} from './plan/metabase/setting/setting-comparable.ts';
import { withSecretsToSend } from './plan/metabase/secrets-to-send.ts';
import { totalsOf, type Plan, type PlanItem, type ResourceKind } from './plan/types.ts';
import { readGeneratedFiles } from './observe/files/read-generated-files.ts';
import { applyMetabase } from './apply/metabase/apply-metabase.ts';
import type { AppliedCounts } from './apply/metabase/apply-run.ts';
import { observeMetabase } from './observe/metabase/observe-metabase.ts';
import { provisionViews, recordMetabasePassword } from './apply/postgres/provision-views.ts';
import {
  connectionLostError,
  isConnectionLoss,
  openPostgresSession,
  type PostgresSession,
} from './apply/postgres/postgres-session.ts';
import {
  acquireRunLock,
  describeLockHolder,
  runLockHolder,
  type LockHolder,
} from './apply/postgres/run-lock.ts';
import { materializeViews, type MaterializeSelection } from './plan/postgres/materialize-views.ts';
import { viewPlanItems, viewPlanSummary } from './plan/postgres/view-plan-items.ts';
import type { ViewPlan } from './plan/postgres/plan-views.ts';
import { validateQuestionSql } from './observe/postgres/validate-question-sql.ts';
import type { Progress } from './apply/progress.ts';
import { postgresMessage } from './sql/postgres-message.ts';
// Issue 13: DTX 2.0's report grants as Metabase users, groups and permissions.
import { desiredAccess } from './desired/metabase/access-model.ts';
import { readReportGrants } from './observe/postgres/report-grants.ts';
import { observePermissions } from './observe/metabase/permissions.ts';

/** How Metabase itself reaches the reporting database (may differ from DATABASE_URL's host). */
export interface MetabaseConnectionToDatabase {
  /** The name of the Metabase database connection we manage. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly ssl: boolean;
}

export interface MetabaseTarget {
  readonly client: MetabaseClient;
  readonly connection: MetabaseConnectionToDatabase;
  readonly syncTimeoutMs: number;
  readonly syncPollMs: number;
}

export interface ProvisionSettings {
  /** SMTP for Metabase, when given in the environment. */
  readonly email: DesiredEmail | null;
  readonly fromDir: string;
  readonly databaseUrl: string;
  readonly role: {
    readonly name: string;
    readonly password: string | null;
    /** Role-wide settings (statement_timeout…), see reportingRoleSettings. */
    readonly settings: ReadonlyMap<string, string>;
  };
  /** Send the reporting role's and the SMTP password to Metabase even if nothing says they changed. */
  readonly rotateSecrets: boolean;
  /** The run lock: how long to wait for another run, and how our session names itself. */
  readonly lock: { readonly timeoutMs: number; readonly applicationName: string };
  /** null: the Postgres views and role only (`--views-only`). */
  readonly metabase: MetabaseTarget | null;
  readonly prune: boolean;
  readonly concurrency: number;
  /** Report views to create as materialized views (`--materialize`); default none. */
  readonly materialize?: MaterializeSelection;
  /**
   * DTX 2.0's report grants → Metabase users, groups, memberships and permissions (issue 13).
   * Absent or `enabled: false` (`--no-permissions`): that whole part is skipped.
   */
  readonly permissions?: { readonly enabled: boolean; readonly deactivateRevoked: boolean };
}

export interface ProvisionDeps {
  readonly progress: Progress;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Told once when another run holds the run lock and this one starts waiting. */
  readonly onLockWait: (holder: LockHolder | null, timeoutMs: number) => void;
}

export interface ProvisionOutcome {
  readonly plan: Plan;
  /** False for `plan` and dry runs, and when nothing needed doing. */
  readonly applied: boolean;
  readonly applyCounts: ReadonlyMap<ResourceKind, AppliedCounts>;
  readonly warnings: readonly string[];
  /** One line on the views transaction: counts per view action, the role and its grants. */
  readonly viewSummary: string;
  /** Metabase requests this run sent, by category. */
  readonly requests: RequestStats | null;
  /** One line: the Metabase version and the behaviour profile assumed (null: views only). */
  readonly metabaseProfile: string | null;
}

/**
 * plan and provision in one place, so they can never disagree: read and validate every file,
 * read both systems, compute the plan, and — for `apply` — carry it out: the views in one
 * Postgres transaction that also proves every question's SQL against them before it commits,
 * then Metabase, in dependency order. Nothing is written before the files, the source catalog,
 * the Metabase credentials and every question's SQL have been checked.
 */
export async function runProvision(
  mode: 'plan' | 'apply',
  settings: ProvisionSettings,
  deps: ProvisionDeps,
): Promise<ProvisionOutcome> {
  const read = await readGeneratedFiles(settings.fromDir, {
    metabase: settings.metabase !== null,
  });
  const files = settings.materialize
    ? { ...read, views: materializeViews(read.views, settings.materialize) }
    : read;
  // Issue 13: read live, read-only, before anything is written.
  const grants =
    settings.metabase && files.metabase && settings.permissions?.enabled
      ? await readReportGrants(settings.databaseUrl)
      : null;
  const desired: DesiredMetabase | null =
    settings.metabase && files.metabase
      ? {
          ...(grants && files.metabase
            ? {
                access: {
                  model: desiredAccess(
                    grants.grants,
                    grants.userEmails,
                    files.metabase.state.collections,
                  ),
                  deactivateRevoked: settings.permissions?.deactivateRevoked ?? false,
                },
              }
            : {}),
          state: files.metabase.state,
          tables: files.metabase.tables,
          email: settings.email,
          database: {
            key: 'database:reporting',
            name: settings.metabase.connection.name,
            details: {
              host: settings.metabase.connection.host,
              port: settings.metabase.connection.port,
              dbname: settings.metabase.connection.dbname,
              user: settings.role.name,
              ssl: settings.metabase.connection.ssl,
              'schema-filters-type': 'inclusion',
              'schema-filters-patterns': files.views.schema,
            },
          },
        }
      : null;

  const session = await openPostgresSession(settings.databaseUrl, {
    applicationName: settings.lock.applicationName,
  });
  try {
    return await provisionUnderLock(mode, settings, deps, { files, desired, session });
  } catch (error) {
    if (error instanceof RemoteError || error instanceof InputError || !isConnectionLoss(error))
      throw error;
    throw connectionLostError(
      error,
      mode === 'plan' ? 'the plan' : 'provision',
      mode === 'plan' ? 'nothing was changed.' : 'run provision again; it converges.',
    );
  } finally {
    await session.end();
  }
}

async function provisionUnderLock(
  mode: 'plan' | 'apply',
  settings: ProvisionSettings,
  deps: ProvisionDeps,
  context: {
    readonly files: Awaited<ReturnType<typeof readGeneratedFiles>>;
    readonly desired: DesiredMetabase | null;
    readonly session: PostgresSession;
  },
): Promise<ProvisionOutcome> {
  const { files, desired, session } = context;
  const pgClient = session.client;
  const warnings: string[] = [];
  // One writer at a time, for the whole run: the lock is taken before anything is observed and
  // held (this session stays open) until Metabase is done. plan reads without it, and says so
  // when a run is under way.
  if (mode === 'apply') {
    await acquireRunLock(pgClient, { timeoutMs: settings.lock.timeoutMs, onWait: deps.onLockWait });
  } else {
    const holder = await runLockHolder(pgClient);
    if (holder !== null) {
      warnings.push(
        `a dtx-reports run is in progress (${describeLockHolder(holder)}): this plan did not wait for it and may show its changes half-done`,
      );
    }
  }

  // Metabase is only read here; it is the first thing to fail on bad credentials.
  let observed: ObservedMetabase | null = null;
  let metabaseItems: readonly PlanItem[] = [];
  let profile: AssumedProfile | null = null;
  if (settings.metabase && desired) {
    // Before anything else: a caller who is not an administrator would fail late, with a 403
    // halfway through, or see the connection as always drifted (details are hidden from them).
    await requireSuperuser(settings.metabase.client);
    profile = assumedProfile(await settings.metabase.client.versionTag());
    const untested = untestedWarning(profile);
    if (untested !== null) warnings.push(untested);
    observed = await observeMetabase(settings.metabase.client, {
      databaseName: desired.database.name,
      concurrency: settings.concurrency,
      settingKeys: observedSettingKeys({ email: settings.email }),
    });
    if (desired.access) {
      observed = { ...observed, permissions: await observePermissions(settings.metabase.client) };
      warnings.push(...desired.access.model.failClosed);
    }
    metabaseItems = planMetabase(desired, observed, { prune: settings.prune });
    warnings.push(
      ...duplicateWarnings(observed),
      ...envLockedSettingWarnings(desired, observed.envSettings),
    );
    const connection = metabaseItems.find((i) => i.kind === 'database');
    if (
      mode === 'apply' &&
      (connection?.action !== 'noop' || settings.rotateSecrets) &&
      settings.role.password === null
    ) {
      throw new InputError(
        `REPORTING_DB_PASSWORD is not set: provision must ${settings.rotateSecrets ? 'send' : (connection?.action ?? 'set up')} Metabase's connection${settings.rotateSecrets ? ' password (--rotate-secrets)' : ''} as ${settings.role.name}, which needs its password.`,
      );
    }
  }

  deps.progress.phase('PostgreSQL views', 0);
  const viewsResult = await provisionViews(pgClient, files.views, {
    role: settings.role,
    dryRun: mode === 'plan',
    prune: settings.prune,
    // Inside the views transaction, after the DDL and before COMMIT: a question that does
    // not run against the new views rolls the views back too.
    ...(files.metabase
      ? {
          beforeCommit: (client: pg.ClientBase, { viewsChanged }) =>
            validateQuestionSql(
              client,
              questionsToCheck(files.metabase?.state.questions ?? [], metabaseItems, {
                viewsChanged,
              }),
              { role: settings.role.name },
            ),
        }
      : {}),
  });

  const role = viewsResult.plan.role;
  if (settings.metabase) {
    metabaseItems = withSecretsToSend(metabaseItems, {
      roleChanged: role.metabasePassword === 'stale',
      rotate: settings.rotateSecrets,
      rolePasswordGiven: settings.role.password !== null,
      smtpPasswordGiven: (settings.email?.password ?? null) !== null,
    });
    if (role.metabasePassword === 'stale' && settings.role.password === null) {
      warnings.push(
        `Metabase's connection may not have the current password of ${role.name}: set REPORTING_DB_PASSWORD and run provision again`,
      );
    }
  }
  const viewItems = viewPlanItems(viewsResult.plan);
  const viewCounts = viewsResult.applied ? countPlanned(viewItems) : new Map();
  const items = [...viewItems, ...metabaseItems];
  const plan: Plan = { items, totals: totalsOf(items) };
  if (mode === 'plan' || !settings.metabase || !desired || !observed) {
    return {
      plan,
      applied: viewsResult.applied,
      applyCounts: viewCounts,
      viewSummary: viewPlanSummary(viewsResult.plan),
      warnings: [...viewsResult.plan.warnings, ...warnings],
      requests: settings.metabase?.client.stats() ?? null,
      metabaseProfile: profile ? describeProfile(profile) : null,
    };
  }

  const applyCounts = await applyMetabase(
    settings.metabase.client,
    desired,
    observed,
    metabaseItems,
    {
      concurrency: settings.concurrency,
      databasePassword: settings.role.password,
      viewsChanged: viewsResult.applied && whatMetabaseSeesChanged(viewsResult.plan),
      syncTimeoutMs: settings.metabase.syncTimeoutMs,
      syncPollMs: settings.metabase.syncPollMs,
      sleep: deps.sleep,
      now: deps.now,
      progress: deps.progress,
      prune: settings.prune,
      warn: (message) => warnings.push(message),
    },
  );
  const lost = session.lost();
  if (lost !== null) {
    throw connectionLostError(
      lost,
      'the Metabase phase (that session held the run lock)',
      'another run may have overlapped this one: run provision again and read its warnings.',
    );
  }
  const passwordSent = metabaseItems.some((i) => i.kind === 'database' && i.action !== 'noop');
  if (passwordSent && viewsResult.passwordFingerprint !== null) {
    await recordMetabasePassword(pgClient, role.name, viewsResult.passwordFingerprint).catch(
      (error: unknown) => {
        warnings.push(
          `could not record on ${role.name} that Metabase has its password (${postgresMessage(error)}); the next run sends it again`,
        );
      },
    );
  }
  return {
    plan,
    applied: viewsResult.applied || applyCounts.size > 0,
    applyCounts: new Map([...viewCounts, ...applyCounts]),
    viewSummary: viewPlanSummary(viewsResult.plan),
    warnings: [...viewsResult.plan.warnings, ...warnings],
    requests: settings.metabase.client.stats(),
    metabaseProfile: profile ? describeProfile(profile) : null,
  };
}

/**
 * The questions whose SQL must be proved before Metabase is written to: all of them when a view
 * changed (any question may read it), else only those the plan creates or updates. An unchanged
 * question over unchanged views already ran when it was last provisioned, and Postgres' view
 * dependencies keep DTX 2.0 from dropping what the views read; EXPLAINing it again was the
 * largest cost of a no-op run (about 2 ms of server time per question: 22 s at 10,000 reports).
 */
export function questionsToCheck(
  questions: readonly DesiredQuestion[],
  metabaseItems: readonly PlanItem[],
  options: { readonly viewsChanged: boolean },
): readonly DesiredQuestion[] {
  if (options.viewsChanged) return questions;
  const changing = new Set(
    metabaseItems
      .filter((i) => i.kind === 'question' && (i.action === 'create' || i.action === 'update'))
      .map((i) => i.key),
  );
  return questions.filter((q) => changing.has(q.key));
}

/**
 * Whether Metabase must sync again: a view or what the role may read changed. A role change
 * alone (its password, its limits) leaves the tables Metabase knows as they were.
 */
function whatMetabaseSeesChanged(plan: ViewPlan): boolean {
  return (
    plan.createSchema ||
    plan.grants.length > 0 ||
    plan.views.some((v) => v.action !== 'unchanged' && v.action !== 'keep')
  );
}

/** What the views transaction did, counted like the Metabase applier counts. */
function countPlanned(items: readonly PlanItem[]): Map<ResourceKind, AppliedCounts> {
  const counts = new Map<ResourceKind, AppliedCounts>();
  for (const item of items) {
    if (item.action === 'noop') continue;
    const c = counts.get(item.kind) ?? { created: 0, updated: 0, archived: 0 };
    counts.set(item.kind, {
      created: c.created + (item.action === 'create' ? 1 : 0),
      updated: c.updated + (item.action === 'update' ? 1 : 0),
      archived: c.archived + (item.action === 'archive' ? 1 : 0),
    });
  }
  return counts;
}
