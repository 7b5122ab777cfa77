import { InputError } from '../../errors.ts';
import type { DesiredViews } from './desired-views.ts';
import type { ObservedState, RoleAttributes } from './observed-views.ts';

/**
 * The pure diff between the generated view files and the live database. Plain data: renderers
 * print it, `viewPlanSteps` turns it into SQL. No pg here.
 */

export type ViewAction = 'create' | 'replace' | 'recreate' | 'drop' | 'unchanged';

export type ViewForm = 'view' | 'materialized';

export interface ViewChange {
  readonly name: string;
  readonly action: ViewAction;
  readonly reason: string | null;
  /** What exists now (null: nothing) and what the files ask for (null: to be dropped). */
  readonly live: ViewForm | null;
  readonly desired: ViewForm | null;
}

const formOf = (kind: string): ViewForm => (kind === 'm' ? 'materialized' : 'view');
const isViewKind = (kind: string) => kind === 'v' || kind === 'm';

export interface RoleChange {
  readonly name: string;
  readonly action: 'create' | 'update' | 'unchanged';
  /** What differs, e.g. `password`, `NOSUPERUSER`. Never the password itself. */
  readonly changes: readonly string[];
}

export interface GrantChange {
  /** `schema` for USAGE on the managed schema, else a view name. */
  readonly on: string;
  readonly action: 'grant' | 'reset';
}

export interface ViewPlan {
  readonly schema: string;
  readonly createSchema: boolean;
  /** Desired views in dependency order, then the views to drop. */
  readonly views: readonly ViewChange[];
  readonly role: RoleChange;
  readonly grants: readonly GrantChange[];
  readonly warnings: readonly string[];
  readonly changed: boolean;
}

export const wantedRoleAttributes: RoleAttributes = {
  login: true,
  superuser: false,
  createdb: false,
  createrole: false,
  replication: false,
  bypassrls: false,
};

const roleAttributeKeys = [
  'login',
  'superuser',
  'createdb',
  'createrole',
  'replication',
  'bypassrls',
] as const;

export function planViews(
  desired: DesiredViews,
  observed: ObservedState,
  options: { readonly passwordGiven: boolean },
): ViewPlan {
  const schema = desired.schema;
  const wanted = new Map(desired.views.map((v) => [v.name, v]));
  const problems: string[] = [];

  // Objects we do not manage are never replaced, dropped or depended away.
  for (const view of desired.views) {
    const live = observed.relations.get(view.name);
    if (live && (!isViewKind(live.kind) || live.managedHash === null)) {
      problems.push(
        `${schema}.${view.name} exists but was not created by dtx-reports; rename or drop it first`,
      );
    }
  }
  const managedLive = [...observed.relations.values()].filter(
    (r) => isViewKind(r.kind) && r.managedHash !== null,
  );
  const stale = managedLive.filter((r) => !wanted.has(r.name)).map((r) => r.name);
  const changed = managedLive
    .filter((r) => wanted.has(r.name) && wanted.get(r.name)?.hash !== r.managedHash)
    .map((r) => r.name);

  // Changed views are dropped and created again (CREATE OR REPLACE cannot reorder or retype
  // columns), and so is every managed view that depends on them; an unmanaged dependent stops us.
  const dropped = new Set<string>();
  const cause = new Map<string, string>();
  const queue = [...stale, ...changed];
  while (queue.length > 0) {
    const name = queue.shift() ?? '';
    if (dropped.has(name)) continue;
    dropped.add(name);
    for (const dependent of observed.dependents.filter((d) => d.on === name)) {
      if (dependent.managedView === null) {
        problems.push(
          `${dependent.description} depends on ${schema}.${name}, which must be replaced; drop or change it first`,
        );
      } else if (!dropped.has(dependent.managedView)) {
        if (!cause.has(dependent.managedView)) cause.set(dependent.managedView, name);
        queue.push(dependent.managedView);
      }
    }
  }
  if (problems.length > 0) {
    throw new InputError(
      'Provisioning the views would touch objects dtx-reports does not manage; nothing was changed.',
      problems,
    );
  }

  const views: ViewChange[] = desired.views.map((view) => {
    const want: ViewForm = view.materialized ? 'materialized' : 'view';
    const live = observed.relations.get(view.name);
    if (!live)
      return { name: view.name, action: 'create', reason: null, live: null, desired: want };
    const forms = { live: formOf(live.kind), desired: want };
    if (live.managedHash !== view.hash) {
      const reason =
        forms.live === forms.desired
          ? 'definition changed'
          : want === 'materialized'
            ? 'view → materialized view (--materialize)'
            : 'materialized view → view (not named by --materialize)';
      return { name: view.name, action: 'replace', reason, ...forms };
    }
    if (dropped.has(view.name)) {
      return {
        name: view.name,
        action: 'recreate',
        reason: `depends on ${schema}.${cause.get(view.name) ?? '?'}`,
        ...forms,
      };
    }
    return { name: view.name, action: 'unchanged', reason: null, ...forms };
  });
  for (const name of [...stale].sort()) {
    const live = observed.relations.get(name);
    views.push({
      name,
      action: 'drop',
      reason: 'no longer generated',
      live: formOf(live?.kind ?? 'v'),
      desired: null,
    });
  }

  const role = planRole(observed, options.passwordGiven);
  const grants = planGrants(observed, views, role.action === 'create');
  const warnings = roleWarnings(observed);
  return {
    schema,
    createSchema: !observed.schemaExists,
    views,
    role,
    grants,
    warnings,
    changed:
      !observed.schemaExists ||
      views.some((v) => v.action !== 'unchanged') ||
      role.action !== 'unchanged' ||
      grants.length > 0,
  };
}

function planRole(observed: ObservedState, passwordGiven: boolean): RoleChange {
  const role = observed.role;
  if (!role.exists || role.attributes === null) {
    if (!passwordGiven) {
      throw new InputError(
        `The reporting role ${role.name} does not exist and REPORTING_DB_PASSWORD is not set.`,
        [
          'Set REPORTING_DB_PASSWORD (Metabase logs in with it) and run again; nothing was changed.',
        ],
      );
    }
    return { name: role.name, action: 'create', changes: [] };
  }
  const changes: string[] = [];
  for (const key of roleAttributeKeys) {
    const want = wantedRoleAttributes[key];
    if (role.attributes[key] !== want) changes.push(`${want ? '' : 'NO'}${key.toUpperCase()}`);
  }
  if (role.password === 'differs') changes.push('password');
  return { name: role.name, action: changes.length > 0 ? 'update' : 'unchanged', changes };
}

function planGrants(
  observed: ObservedState,
  views: readonly ViewChange[],
  roleCreated: boolean,
): GrantChange[] {
  const grants: GrantChange[] = [];
  if (roleCreated || !observed.schemaExists || !observed.role.schemaUsage)
    grants.push({ on: 'schema', action: 'grant' });
  for (const change of views) {
    if (change.action === 'drop') continue;
    const fresh = roleCreated || change.action !== 'unchanged';
    const privileges = observed.role.privileges.get(change.name) ?? [];
    if (fresh) grants.push({ on: change.name, action: 'grant' });
    else if (privileges.length !== 1 || privileges[0] !== 'SELECT') {
      grants.push({ on: change.name, action: privileges.length === 0 ? 'grant' : 'reset' });
    }
  }
  return grants;
}

function roleWarnings(observed: ObservedState): string[] {
  const role = observed.role;
  const warnings: string[] = [];
  if (role.password === 'unknown') {
    warnings.push(
      `cannot verify the password of ${role.name} (pg_authid is not readable); it was left as it is`,
    );
  }
  if (role.memberOf.length > 0) {
    warnings.push(
      `${role.name} is a member of ${role.memberOf.join(', ')} and has their privileges too; revoke that membership`,
    );
  }
  if (role.readableSourceTables.length > 0) {
    warnings.push(
      `${role.name} can read DTX 2.0 tables directly (${role.readableSourceTables.join(', ')}) through grants dtx-reports did not make; revoke them`,
    );
  }
  return warnings;
}
