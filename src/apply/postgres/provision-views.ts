import type pg from 'pg';
import { RemoteError } from '../../errors.ts';
import { checkSourceCatalog } from '../../observe/postgres/check-source-catalog.ts';
import { lockBudgetProblem, locksNeeded, readLockSettings } from './lock-budget.ts';
import type { DesiredViews } from '../../plan/postgres/desired-views.ts';
import { withManagedMarker } from '../../plan/postgres/view-comment-marker.ts';
import { observeViews } from '../../observe/postgres/observe-views.ts';
import { planViews, type ViewPlan } from '../../plan/postgres/plan-views.ts';
import { assertUsablePassword, scramVerifier } from '../../plan/postgres/role-password.ts';
import { viewPlanSteps } from '../../plan/postgres/view-plan-steps.ts';
import { qualifiedName, quoteLiteral } from '../../sql/sql-quote.ts';
import { postgresMessage } from '../../sql/postgres-message.ts';

/** Serialises concurrent provisions of the reporting views (any database, any schema). */
export const viewsAdvisoryLock = 0x6474_7876; // "dtxv"

export interface ProvisionViewsOptions {
  readonly role: { readonly name: string; readonly password: string | null };
  readonly dryRun: boolean;
  /**
   * Runs inside the transaction once the views are as the files say, before COMMIT (also when
   * nothing had to change, and in a dry run when nothing would). Throwing rolls everything back:
   * provision proves every question's SQL against the new views here.
   */
  readonly beforeCommit?: (
    client: pg.ClientBase,
    context: { readonly viewsChanged: boolean },
  ) => Promise<void>;
}

export interface ProvisionViewsResult {
  readonly plan: ViewPlan;
  /** False for a dry run or when nothing had to change (nothing was sent). */
  readonly applied: boolean;
  /** What was (or, for a dry run, would be) sent, without secrets. */
  readonly steps: readonly string[];
}

/**
 * Makes the reporting schema match the generated view files, all or nothing: one transaction
 * under an advisory lock; the source catalog is checked and the plan computed from observed state
 * before the first change; when nothing differs no DDL is sent at all.
 */
export async function provisionViews(
  client: pg.ClientBase,
  desired: DesiredViews,
  options: ProvisionViewsOptions,
): Promise<ProvisionViewsResult> {
  if (options.role.password !== null) assertUsablePassword(options.role.password);
  const sourceTables = desired.views.flatMap((v) => v.requires);

  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [viewsAdvisoryLock]);
    await checkSourceCatalog(client, sourceTables);
    const observed = await observeViews(client, {
      schema: desired.schema,
      roleName: options.role.name,
      password: options.role.password,
      sourceTables,
    });
    const planned = planViews(desired, observed, {
      passwordGiven: options.role.password !== null,
    });
    const needsPassword =
      planned.role.action === 'create' || planned.role.changes.includes('password');
    const steps = viewPlanSteps(planned, desired, {
      passwordVerifier:
        needsPassword && options.role.password !== null
          ? scramVerifier(options.role.password)
          : null,
    });
    const lockProblem = lockBudgetProblem(
      locksNeeded(planned, new Set(sourceTables.map((t) => `${t.schema}.${t.table}`)).size),
      await readLockSettings(client),
    );
    if (lockProblem && !options.dryRun) throw lockProblem;
    // A plan still shows everything, with the problem as a warning.
    const plan: ViewPlan = lockProblem
      ? {
          ...planned,
          warnings: [
            ...planned.warnings,
            `${lockProblem.message} ${lockProblem.details.join(' ')}`,
          ],
        }
      : planned;
    if (options.dryRun || steps.length === 0) {
      // A plan proves the questions too when the views already are as the files say (with
      // changes pending, the views they would run against do not exist yet).
      if (steps.length === 0) await options.beforeCommit?.(client, { viewsChanged: false });
      await client.query('ROLLBACK');
      return { plan, applied: false, steps: steps.map((s) => s.what) };
    }
    for (const step of steps) {
      try {
        if (step.kind === 'sql') {
          await client.query(step.sql);
        } else {
          const target = qualifiedName(desired.schema, step.view);
          const current = await client.query<{ comment: string | null }>(
            `SELECT obj_description($1::regclass, 'pg_class') AS comment`,
            [target],
          );
          const comment = withManagedMarker(current.rows[0]?.comment ?? null, step.hash);
          const keyword = step.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
          await client.query(`COMMENT ON ${keyword} ${target} IS ${quoteLiteral(comment)}`);
        }
      } catch (error) {
        throw new RemoteError(
          `PostgreSQL refused to ${step.what}: ${postgresMessage(error)}; nothing was changed.`,
          {
            system: 'postgres',
            remoteMessage: postgresMessage(error),
          },
        );
      }
    }
    await options.beforeCommit?.(client, { viewsChanged: true });
    await client.query('COMMIT');
    return { plan, applied: true, steps: steps.map((s) => s.what) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
