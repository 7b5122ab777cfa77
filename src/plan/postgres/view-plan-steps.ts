import { qualifiedName, quoteIdent, quoteLiteral } from '../../sql/sql-quote.ts';
import type { DesiredViews } from './desired-views.ts';
import { wantedRoleAttributes, type ViewPlan } from './plan-views.ts';

/** One thing provision sends. `what` is printable (never holds a secret); `sql` may not be. */
export type ViewPlanStep =
  | { readonly kind: 'sql'; readonly what: string; readonly sql: string }
  /** Append the managed marker (with the file's hash) to the comment the file just set. */
  | {
      readonly kind: 'mark';
      readonly what: string;
      readonly view: string;
      readonly hash: string;
      readonly materialized: boolean;
    };

/**
 * The plan as an ordered list of statements: schema, role, drops (one DROP VIEW for all, so their
 * mutual dependencies do not matter), creates in dependency order, grants. An empty plan gives
 * no steps at all: a second run sends no DDL.
 */
export function viewPlanSteps(
  plan: ViewPlan,
  desired: DesiredViews,
  secrets: { readonly passwordVerifier: string | null },
): readonly ViewPlanStep[] {
  const steps: ViewPlanStep[] = [];
  const schema = quoteIdent(plan.schema);
  const role = quoteIdent(plan.role.name);
  if (plan.createSchema)
    steps.push({
      kind: 'sql',
      what: `create schema ${plan.schema}`,
      sql: `CREATE SCHEMA ${schema}`,
    });

  const attributes = Object.entries(wantedRoleAttributes)
    .map(([key, on]) => `${on ? '' : 'NO'}${key.toUpperCase()}`)
    .join(' ');
  const password =
    secrets.passwordVerifier === null ? '' : ` PASSWORD ${quoteLiteral(secrets.passwordVerifier)}`;
  if (plan.role.action === 'create') {
    steps.push({
      kind: 'sql',
      what: `create role ${plan.role.name}`,
      sql: `CREATE ROLE ${role} ${attributes}${password}`,
    });
  } else if (plan.role.action === 'update') {
    const withPassword = plan.role.changes.includes('password') ? password : '';
    steps.push({
      kind: 'sql',
      what: `alter role ${plan.role.name} (${plan.role.changes.join(', ')})`,
      sql: `ALTER ROLE ${role} ${attributes}${withPassword}`,
    });
  }

  // Role-wide settings apply to the sessions Metabase opens from now on.
  for (const setting of plan.role.settings) {
    steps.push({
      kind: 'sql',
      what: `set ${setting.name} = ${setting.value} on role ${plan.role.name}`,
      sql: `ALTER ROLE ${role} SET ${quoteIdent(setting.name)} = ${quoteLiteral(setting.value)}`,
    });
  }

  // Materialized views first: ours only ever depend on plain views (the base layer), never the
  // other way round, and one statement per form drops a whole set whatever its inner dependencies.
  const toDrop = plan.views.filter(
    (v) => v.action === 'drop' || v.action === 'replace' || v.action === 'recreate',
  );
  for (const form of ['materialized', 'view'] as const) {
    const names = toDrop.filter((v) => v.live === form).map((v) => v.name);
    if (names.length === 0) continue;
    const keyword = form === 'materialized' ? 'MATERIALIZED VIEW' : 'VIEW';
    steps.push({
      kind: 'sql',
      what: `drop ${form === 'materialized' ? 'materialized ' : ''}${names.map((n) => `${plan.schema}.${n}`).join(', ')}`,
      sql: `DROP ${keyword} ${names.map((n) => qualifiedName(plan.schema, n)).join(', ')}`,
    });
  }
  const byName = new Map(desired.views.map((v) => [v.name, v]));
  for (const change of plan.views) {
    const view = byName.get(change.name);
    if (!view || change.action === 'unchanged' || change.action === 'drop') continue;
    steps.push({
      kind: 'sql',
      what: `${change.action} ${plan.schema}.${view.name} (${view.file})`,
      sql: view.sql,
    });
    steps.push({
      kind: 'mark',
      what: `mark ${plan.schema}.${view.name} as managed`,
      view: view.name,
      hash: view.hash,
      materialized: view.materialized,
    });
  }

  for (const grant of plan.grants) {
    if (grant.on === 'database') {
      steps.push({
        kind: 'sql',
        what: `grant connect on database ${plan.reach.database}`,
        sql: `GRANT CONNECT ON DATABASE ${quoteIdent(plan.reach.database)} TO ${role}`,
      });
      continue;
    }
    if (grant.on === 'schema') {
      steps.push({
        kind: 'sql',
        what: `grant usage on schema ${plan.schema}`,
        sql: `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
      });
      continue;
    }
    const target = qualifiedName(plan.schema, grant.on);
    if (grant.action === 'reset') {
      steps.push({
        kind: 'sql',
        what: `revoke extra privileges on ${plan.schema}.${grant.on}`,
        sql: `REVOKE ALL ON ${target} FROM ${role}`,
      });
    }
    steps.push({
      kind: 'sql',
      what: `grant select on ${plan.schema}.${grant.on}`,
      sql: `GRANT SELECT ON ${target} TO ${role}`,
    });
  }
  return steps;
}
