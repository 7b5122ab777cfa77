import { keys } from './keys.ts';
import type { CollectionKey, DesiredCollection } from './model.ts';

/**
 * DTX 2.0's report grants → who may see what in Metabase. Pure: the grants are read live from
 * DTX 2.0 (src/observe/postgres/report-grants.ts); the collections are the generated ones.
 *
 * | DTX 2.0 grant (reports)          | Metabase group                         | access                                          |
 * |----------------------------------|----------------------------------------|-------------------------------------------------|
 * | read, no account                 | `DTX reports: read`                    | view every managed collection; no new queries   |
 * | manage, no account               | `DTX reports: manage`                  | curate every managed collection; native SQL     |
 * | read or manage, one service org  | `DTX reports: customer <name> (<id>)`  | view that customer's collection only            |
 * | read or manage, one client       | none (fail closed, listed in the plan) | nothing                                         |
 *
 * A scoped `manage` gives view only: curating would let the holder edit a question's SQL and
 * take the customer literal out of it.
 */

export type ReportAction = 'read' | 'manage';

/** One `docutrax_auth_userpermission` row for resource `reports`, with its user and account. */
export interface ReportGrant {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly userActive: boolean;
  readonly action: ReportAction;
  /** null: every account. */
  readonly account: {
    readonly id: number;
    readonly type: 'service_org' | 'client';
    readonly name: string;
    /** DTX 1.0 customer id (service orgs migrated from DTX 1.0). */
    readonly legacyCustomerId: number | null;
  } | null;
}

export const groupPrefix = 'DTX reports: ';
const readGroupName = `${groupPrefix}read`;
const manageGroupName = `${groupPrefix}manage`;

export type CollectionAccess = 'read' | 'write' | 'none';
export type QueryAccess = 'query-builder-and-native' | 'no';

export interface DesiredGroup {
  /** Identity: Metabase group names are unique, and an admin must recognise ours. */
  readonly name: string;
  readonly role: 'read' | 'manage' | 'customer';
  /** A customer group's collection (null: the customer has none, so the group sees nothing). */
  readonly customerCollection: CollectionKey | null;
}

export interface DesiredUser {
  /** Lower case: Metabase matches emails case-insensitively. */
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

export interface DesiredMembership {
  readonly group: string;
  readonly email: string;
}

export interface DesiredAccess {
  readonly groups: readonly DesiredGroup[];
  readonly users: readonly DesiredUser[];
  readonly memberships: readonly DesiredMembership[];
  /** DTX 2.0 users (lower-case emails) with no effective reports grant: never given access. */
  readonly withoutAccess: ReadonlySet<string>;
  /** Grants deliberately turned into no access, one line each (the plan prints them). */
  readonly failClosed: readonly string[];
}

/** Stable and recognisable: the DTX 2.0 name and, for migrated customers, the DTX 1.0 id. */
function customerGroupName(account: NonNullable<ReportGrant['account']>): string {
  const id =
    account.legacyCustomerId === null
      ? `DTX 2.0 account ${account.id}`
      : String(account.legacyCustomerId);
  return `${groupPrefix}customer ${account.name.trim()} (${id})`;
}

export function desiredAccess(
  grants: readonly ReportGrant[],
  dtx2Users: readonly string[],
  collections: readonly DesiredCollection[],
): DesiredAccess {
  const collectionKeys = new Set(collections.map((c) => c.key));
  const groups = new Map<string, DesiredGroup>();
  const users = new Map<string, DesiredUser>();
  const memberships = new Map<string, DesiredMembership>();
  const failClosed = new Set<string>();
  const addGroup = (group: DesiredGroup) => {
    if (!groups.has(group.name)) groups.set(group.name, group);
  };
  const sorted = [...grants].sort(
    (a, b) =>
      a.email.localeCompare(b.email) ||
      a.action.localeCompare(b.action) ||
      (a.account?.id ?? 0) - (b.account?.id ?? 0),
  );
  for (const grant of sorted) {
    const email = grant.email.trim().toLowerCase();
    if (!grant.userActive) continue;
    let group: DesiredGroup;
    if (grant.account === null) {
      group =
        grant.action === 'manage'
          ? { name: manageGroupName, role: 'manage', customerCollection: null }
          : { name: readGroupName, role: 'read', customerCollection: null };
    } else if (grant.account.type === 'client') {
      failClosed.add(
        `${email}: reports ${grant.action} on client account ${grant.account.id} "${grant.account.name}" gives no access (client-level report content does not exist; fail closed)`,
      );
      continue;
    } else {
      const legacy = grant.account.legacyCustomerId;
      const key = legacy === null ? null : keys.customerCollection(legacy);
      const collection = key !== null && collectionKeys.has(key) ? key : null;
      if (collection === null) {
        failClosed.add(
          `${email}: reports ${grant.action} on service org ${grant.account.id} "${grant.account.name}": no customer collection for it (no DTX 1.0 reports), so its group sees nothing`,
        );
      }
      group = {
        name: customerGroupName(grant.account),
        role: 'customer',
        customerCollection: collection,
      };
    }
    addGroup(group);
    if (!users.has(email)) {
      users.set(email, {
        email,
        firstName: grant.firstName.trim() || null,
        lastName: grant.lastName.trim() || null,
      });
    }
    memberships.set(`${group.name}\u0000${email}`, { group: group.name, email });
  }
  // Both global groups exist even when nobody holds them, so their access is always in place.
  addGroup({ name: readGroupName, role: 'read', customerCollection: null });
  addGroup({ name: manageGroupName, role: 'manage', customerCollection: null });
  const withoutAccess = new Set(
    dtx2Users.map((e) => e.trim().toLowerCase()).filter((e) => !users.has(e)),
  );
  const byName = <T extends { readonly name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  return {
    groups: [...groups.values()].sort(byName),
    users: [...users.values()].sort((a, b) => a.email.localeCompare(b.email)),
    memberships: [...memberships.values()].sort(
      (a, b) => a.group.localeCompare(b.group) || a.email.localeCompare(b.email),
    ),
    withoutAccess,
    failClosed: [...failClosed].sort(),
  };
}

/** What a group may do with each managed collection. Groups not ours to grant get `none`. */
export function collectionAccessFor(
  group: DesiredGroup | null,
  collection: CollectionKey,
): CollectionAccess {
  if (group === null) return 'none';
  if (group.role === 'manage') return 'write';
  if (group.role === 'read') return 'read';
  return group.customerCollection === collection ? 'read' : 'none';
}

/** Native and query-builder queries on the reporting database: the manage group only. */
export function queryAccessFor(group: DesiredGroup | null): QueryAccess {
  return group?.role === 'manage' ? 'query-builder-and-native' : 'no';
}
