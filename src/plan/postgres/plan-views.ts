import { quoteIdent } from '../../sql/sql-quote.ts';
import { InputError } from '../../errors.ts';
import type { DesiredViews } from './desired-views.ts';
import type { ObservedState, RoleAttributes } from './observed-views.ts';

/**
 * The pure diff between the generated view files and the live database. Plain data: renderers
 * print it, `viewPlanSteps` turns it into SQL. No pg here.
 */

/** `keep`: managed, no longer generated, left in place because `--prune` was not given. */
export type ViewAction = 'create' | 'replace' | 'recreate' | 'drop' | 'keep' | 'unchanged';

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
  /** What differs, e.g. `password`, `NOSUPERUSER`, `statement_timeout=60s`. Never the password. */
  readonly changes: readonly string[];
  /** Role-wide settings to set (`ALTER ROLE … SET name = value`). */
  readonly settings: readonly { readonly name: string; readonly value: string }[];
  /**
   * Whether Metabase's connection must be given the password: `stale` when the role is created,
   * its password changes in this run, or Metabase was never given its current one.
   */
  readonly metabasePassword: 'current' | 'stale' | 'unknown';
}

export interface GrantChange {
  /**
   * `schema` for USAGE on the managed schema, `database` for CONNECT on this database (when
   * a DBA revoked it from PUBLIC), else a view name.
   */
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
  /** What the role can reach beyond its grants (the database it is granted CONNECT on). */
  readonly reach: ObservedState['role']['reach'];
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

export interface PlanViewsOptions {
  readonly passwordGiven: boolean;
  /** Drop managed views that are no longer generated; without it they are kept (and listed). */
  readonly prune: boolean;
  /** Role-wide settings the reporting role must have, e.g. `statement_timeout` → `60s`. */
  readonly roleSettings: ReadonlyMap<string, string>;
}

export function planViews(
  desired: DesiredViews,
  observed: ObservedState,
  options: PlanViewsOptions,
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
  // Without --prune a view no longer generated stays; so it must not depend on one that changes.
  const kept = new Set(options.prune ? [] : stale);
  const changed = managedLive
    .filter((r) => wanted.has(r.name) && wanted.get(r.name)?.hash !== r.managedHash)
    .map((r) => r.name);

  // Changed views are dropped and created again (CREATE OR REPLACE cannot reorder or retype
  // columns), and so is every managed view that depends on them; an unmanaged dependent stops us.
  const dropped = new Set<string>();
  const cause = new Map<string, string>();
  const queue = [...stale.filter((name) => !kept.has(name)), ...changed];
  while (queue.length > 0) {
    const name = queue.shift() ?? '';
    if (dropped.has(name)) continue;
    dropped.add(name);
    for (const dependent of observed.dependents.filter((d) => d.on === name)) {
      if (dependent.managedView === null) {
        problems.push(
          `${dependent.description} depends on ${schema}.${name}, which must be replaced; drop or change it first`,
        );
      } else if (kept.has(dependent.managedView)) {
        problems.push(
          `${schema}.${dependent.managedView} is no longer generated but depends on ${schema}.${name}, which must be replaced; run with --prune to drop it`,
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
      action: kept.has(name) ? 'keep' : 'drop',
      reason: kept.has(name)
        ? 'no longer generated; kept (run with --prune to drop it)'
        : 'no longer generated',
      live: formOf(live?.kind ?? 'v'),
      desired: null,
    });
  }

  const role = planRole(observed, options);
  const grants = planGrants(observed, views, role.action === 'create');
  const warnings = [...roleWarnings(observed), ...reachWarnings(observed.role)];
  if (kept.size > 0) {
    warnings.push(
      `${kept.size} managed view${kept.size === 1 ? ' is' : 's are'} no longer generated and ${kept.size === 1 ? 'was' : 'were'} kept (${[...kept].sort().slice(0, 3).join(', ')}${kept.size > 3 ? ', …' : ''}); \`provision --prune\` drops them`,
    );
  }
  return {
    schema,
    createSchema: !observed.schemaExists,
    views,
    role,
    grants,
    reach: observed.role.reach,
    warnings,
    changed:
      !observed.schemaExists ||
      views.some((v) => v.action !== 'unchanged' && v.action !== 'keep') ||
      role.action !== 'unchanged' ||
      grants.length > 0,
  };
}

function planRole(observed: ObservedState, options: PlanViewsOptions): RoleChange {
  const role = observed.role;
  const settings = [...options.roleSettings]
    .filter(([name, value]) => role.settings.get(name) !== value)
    .map(([name, value]) => ({ name, value }));
  if (!role.exists || role.attributes === null) {
    if (!options.passwordGiven) {
      throw new InputError(
        `The reporting role ${role.name} does not exist and REPORTING_DB_PASSWORD is not set.`,
        [
          'Set REPORTING_DB_PASSWORD (Metabase logs in with it) and run again; nothing was changed.',
        ],
      );
    }
    return {
      name: role.name,
      action: 'create',
      changes: [],
      settings: [...options.roleSettings].map(([name, value]) => ({ name, value })),
      metabasePassword: 'stale',
    };
  }
  const changes: string[] = [];
  for (const key of roleAttributeKeys) {
    const want = wantedRoleAttributes[key];
    if (role.attributes[key] !== want) changes.push(`${want ? '' : 'NO'}${key.toUpperCase()}`);
  }
  if (role.password === 'differs') changes.push('password');
  changes.push(...settings.map((s) => `${s.name}=${s.value}`));
  return {
    name: role.name,
    action: changes.length > 0 ? 'update' : 'unchanged',
    changes,
    settings,
    metabasePassword: role.password === 'differs' ? 'stale' : role.metabasePassword,
  };
}

function planGrants(
  observed: ObservedState,
  views: readonly ViewChange[],
  roleCreated: boolean,
): GrantChange[] {
  const grants: GrantChange[] = [];
  if (!observed.role.reach.connect) grants.push({ on: 'database', action: 'grant' });
  if (roleCreated || !observed.schemaExists || !observed.role.schemaUsage)
    grants.push({ on: 'schema', action: 'grant' });
  for (const change of views) {
    if (change.action === 'drop' || change.action === 'keep') continue;
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

/**
 * What PostgreSQL gives every role by default and a reporting role should not have. These grants
 * belong to PUBLIC (revoking them changes every role of the cluster, DTX 2.0's included), so they
 * are the DBA's to change: the warning says exactly what to run. The role itself is set
 * `default_transaction_read_only`, so what these would allow fails anyway unless a session turns
 * that off first.
 */
function reachWarnings(role: ObservedState['role']): string[] {
  const { reach } = role;
  const db = quoteIdent(reach.database);
  const warnings: string[] = [];
  if (reach.temporary) {
    warnings.push(
      `${role.name} can create temporary tables in ${reach.database} (PostgreSQL grants TEMPORARY to PUBLIC); a DBA should run: REVOKE TEMPORARY ON DATABASE ${db} FROM PUBLIC; and GRANT TEMPORARY ON DATABASE ${db} TO the roles that need it`,
    );
  }
  if (reach.createInDatabase) {
    warnings.push(
      `${role.name} can create schemas in ${reach.database}; a DBA should run: REVOKE CREATE ON DATABASE ${db} FROM PUBLIC, ${quoteIdent(role.name)};`,
    );
  }
  if (reach.createInSchemas.length > 0) {
    warnings.push(
      `${role.name} can create objects in schema ${reach.createInSchemas.join(', ')}; a DBA should run: ${reach.createInSchemas.map((s) => `REVOKE CREATE ON SCHEMA ${quoteIdent(s)} FROM PUBLIC, ${quoteIdent(role.name)};`).join(' ')}`,
    );
  }
  if (reach.otherDatabases.length > 0) {
    const shown = reach.otherDatabases.slice(0, 5);
    const more = reach.otherDatabases.length - shown.length;
    warnings.push(
      `${role.name} can connect to ${reach.otherDatabases.length} other database${reach.otherDatabases.length === 1 ? '' : 's'} (${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}; PostgreSQL grants CONNECT to PUBLIC); a DBA should run, for each: REVOKE CONNECT ON DATABASE <name> FROM PUBLIC; GRANT CONNECT ON DATABASE <name> TO <the roles that use it>;`,
    );
  }
  return warnings;
}
