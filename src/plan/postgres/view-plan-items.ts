import type { PlanAction, PlanItem } from '../types.ts';
import type { ViewAction, ViewPlan } from './plan-views.ts';

const actions: Record<ViewAction, PlanAction> = {
  create: 'create',
  replace: 'update',
  recreate: 'update',
  drop: 'archive',
  keep: 'noop',
  unchanged: 'noop',
};

/** The view plan in the project-wide plan model, so `plan`/`provision` can show it with the rest. */
export function viewPlanItems(plan: ViewPlan): readonly PlanItem[] {
  const items: PlanItem[] = plan.views.map((change) => {
    const qualified = `${plan.schema}.${change.name}`;
    const note =
      change.action === 'drop'
        ? `dropped: ${change.reason ?? 'no longer generated'}`
        : change.action === 'keep'
          ? (change.reason ?? 'no longer generated; kept')
          : change.action === 'recreate'
            ? `dropped and created again: ${change.reason ?? ''}`
            : change.reason;
    const form =
      change.desired === 'materialized'
        ? 'materialized: as fresh as the last `dtx-reports refresh`'
        : null;
    const fullNote = [note, form].filter((n) => n !== null && n !== '').join('; ');
    return {
      kind: 'view',
      key: `view:${qualified}`,
      title: qualified,
      action: actions[change.action],
      remoteId: change.action === 'create' ? null : qualified,
      changes:
        change.action === 'replace'
          ? [{ path: 'definition', before: 'previous file', after: 'current file' }]
          : [],
      ...(fullNote ? { note: fullNote } : {}),
    };
  });
  const grants = plan.grants.map((g) =>
    g.on === 'schema'
      ? `USAGE ON SCHEMA ${plan.schema}`
      : g.on === 'database'
        ? `CONNECT ON DATABASE ${plan.reach.database}`
        : `SELECT ON ${plan.schema}.${g.on}`,
  );
  const roleAction: PlanAction =
    plan.role.action === 'create'
      ? 'create'
      : plan.role.action === 'update' || grants.length > 0
        ? 'update'
        : 'noop';
  items.push({
    kind: 'database-role',
    key: `database-role:${plan.role.name}`,
    title: plan.role.name,
    action: roleAction,
    remoteId: plan.role.action === 'create' ? null : plan.role.name,
    changes: [
      ...plan.role.changes.map((c) => ({ path: 'attributes', before: null, after: c })),
      ...(grants.length > 0 ? [{ path: 'grants', before: null, after: grants }] : []),
    ],
    ...(plan.createSchema ? { note: `schema ${plan.schema} is created first` } : {}),
  });
  return items;
}

/** One line: counts per view action, the role and the grants. */
export function viewPlanSummary(plan: ViewPlan): string {
  const count = (action: ViewAction) => plan.views.filter((v) => v.action === action).length;
  const materialized = plan.views.filter((v) => v.desired === 'materialized').length;
  const views = `${count('create')} created, ${count('replace')} replaced, ${count('recreate')} recreated, ${count('drop')} dropped, ${count('unchanged')} unchanged${count('keep') > 0 ? `, ${count('keep')} kept (no longer generated; --prune drops them)` : ''}${materialized > 0 ? ` (${materialized} materialized)` : ''}`;
  const role =
    plan.role.action === 'update' ? `update (${plan.role.changes.join(', ')})` : plan.role.action;
  return `views in ${plan.schema}: ${views}; role ${plan.role.name}: ${role}; grants: ${plan.grants.length}`;
}
