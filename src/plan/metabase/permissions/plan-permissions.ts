import {
  collectionAccessFor,
  groupPrefix,
  queryAccessFor,
  type CollectionAccess,
  type DesiredAccess,
  type DesiredGroup,
} from '../../../desired/metabase/access-model.ts';
import type { CollectionKey, DesiredCollection } from '../../../desired/metabase/model.ts';
import type { GroupKind } from '../../../metabase/types.ts';
import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import { allUsersGroup, isAdminGroup, type ObservedPermissions } from './observed-permissions.ts';
import type { KindPlanInput } from '../kind-planner.ts';
import type { ManagedIndex } from '../managed-index.ts';

/** The permission kinds as one planner of planMetabase; nothing when permissions are not managed. */
export function planPermissionKinds(input: KindPlanInput): PlanItem[] {
  const { desired, observed, index } = input;
  if (!desired.access || !observed.permissions) return [];
  return planPermissions({
    access: desired.access.model,
    observed: observed.permissions,
    collections: desired.state.collections,
    collectionIds: activeCollectionIds(index),
    databaseId: observed.database?.id ?? null,
    deactivateRevoked: desired.access.deactivateRevoked,
  });
}

/** Managed collections that exist and are not in the trash, by key. */
function activeCollectionIds(index: ManagedIndex): ReadonlyMap<CollectionKey, number> {
  return new Map(
    [...index.collections]
      .filter(([, c]) => !c.archived)
      .map(([key, c]) => [key as CollectionKey, c.id]),
  );
}

/**
 * DTX 2.0's report grants vs Metabase's people and permissions → plan items of the kinds group,
 * user, membership, collection-access and data-access. Pure.
 *
 * Scope, so that nothing we do not manage is touched: our groups (exact names from the grants,
 * plus any left-over `DTX reports: …` group, which is emptied and fenced), All Users (fenced),
 * and only the managed collections and the reporting database. Administrators, other groups,
 * other collections and other databases are never read into the plan.
 */
export interface PlanPermissionsInput {
  readonly access: DesiredAccess;
  readonly observed: ObservedPermissions;
  /** The managed collections (desired state). */
  readonly collections: readonly DesiredCollection[];
  /** Managed collections that exist (not archived), by key. */
  readonly collectionIds: ReadonlyMap<CollectionKey, number>;
  /** The reporting database connection, when it exists. */
  readonly databaseId: number | null;
  readonly deactivateRevoked: boolean;
}

/** A group whose access we set: ours (desired or left over) or All Users. */
interface AccessSubject {
  readonly name: string;
  readonly desired: DesiredGroup | null;
  readonly observed: GroupKind | undefined;
}

export function permissionSubjects(
  access: DesiredAccess,
  groups: readonly GroupKind[],
): readonly AccessSubject[] {
  const byName = new Map(groups.map((g) => [g.name, g]));
  const desiredNames = new Set(access.groups.map((g) => g.name));
  const allUsers = allUsersGroup(groups);
  const leftOver = groups.filter(
    (g) => g.name.startsWith(groupPrefix) && !desiredNames.has(g.name) && !isAdminGroup(g),
  );
  return [
    ...access.groups.map((g) => ({ name: g.name, desired: g, observed: byName.get(g.name) })),
    ...leftOver.map((g) => ({ name: g.name, desired: null, observed: g })),
    ...(allUsers ? [{ name: allUsers.name, desired: null, observed: allUsers }] : []),
  ];
}

export function planPermissions(input: PlanPermissionsInput): PlanItem[] {
  const { access, observed } = input;
  const subjects = permissionSubjects(access, observed.groups);
  const allUsers = allUsersGroup(observed.groups);
  const ourGroups = subjects.filter((s) => s.observed !== allUsers);
  const usersByEmail = new Map(observed.users.map((u) => [u.email.toLowerCase(), u]));
  const emailById = new Map(observed.users.map((u) => [u.id, u.email.toLowerCase()]));
  const groupNameById = new Map(
    ourGroups.flatMap((s) => (s.observed ? [[s.observed.id, s.name] as const] : [])),
  );

  const groupItems = planResources({
    kind: 'group',
    prune: false,
    desired: access.groups.map((g) => ({
      key: groupKey(g.name),
      title: g.name,
      comparable: { name: g.name },
    })),
    observed: ourGroups.flatMap((s) =>
      s.observed
        ? [
            {
              key: groupKey(s.name),
              title: s.name,
              remoteId: s.observed.id,
              comparable: { name: s.name },
            },
          ]
        : [],
    ),
  }).map((item) =>
    access.groups.some((g) => groupKey(g.name) === item.key)
      ? item
      : { ...item, note: 'no DTX 2.0 grant maps to it any more: kept, emptied and fenced' },
  );

  const membershipItems = planResources({
    kind: 'membership',
    prune: true,
    desired: access.memberships.map((m) => ({
      key: membershipKey(m.group, m.email),
      title: `${m.email} in ${m.group}`,
      comparable: { group: m.group, email: m.email },
    })),
    observed: observed.memberships.flatMap((m) => {
      const group = groupNameById.get(m.groupId);
      const email = emailById.get(m.userId);
      if (group === undefined || email === undefined) return [];
      return [
        {
          key: membershipKey(group, email),
          title: `${email} in ${group}`,
          remoteId: m.membershipId,
          comparable: { group, email },
        },
      ];
    }),
  }).map((item) =>
    item.action === 'archive'
      ? { ...item, note: 'no active DTX 2.0 reports grant for it: taken out of the group' }
      : item,
  );

  const userItems: PlanItem[] = [];
  for (const want of access.users) {
    const have = usersByEmail.get(want.email);
    const title = [want.firstName, want.lastName].filter((p) => p !== null).join(' ') || want.email;
    if (have === undefined) {
      userItems.push({
        kind: 'user',
        key: userKey(want.email),
        title: `${title} <${want.email}>`,
        action: 'create',
        remoteId: null,
        changes: [
          { path: 'email', before: null, after: want.email },
          { path: 'first_name', before: null, after: want.firstName },
          { path: 'last_name', before: null, after: want.lastName },
        ],
        note: 'Metabase emails an invitation',
      });
    } else {
      userItems.push({
        kind: 'user',
        key: userKey(want.email),
        title: `${title} <${want.email}>`,
        action: have.isActive ? 'noop' : 'update',
        remoteId: have.id,
        changes: have.isActive ? [] : [{ path: 'active', before: false, after: true }],
        ...(have.isActive
          ? {}
          : { note: 'deactivated in Metabase, granted in DTX 2.0: reactivating' }),
      });
    }
  }
  if (input.deactivateRevoked) {
    const ours = new Set(ourGroups.flatMap((s) => (s.observed ? [s.observed.id] : [])));
    for (const email of [...access.withoutAccess].sort()) {
      const user = usersByEmail.get(email);
      if (user === undefined || !user.isActive || user.isSuperuser) continue;
      const others = observed.memberships.filter(
        (m) => m.userId === user.id && !ours.has(m.groupId) && m.groupId !== allUsers?.id,
      );
      if (others.length > 0) continue;
      userItems.push({
        kind: 'user',
        key: userKey(email),
        title: `${[user.firstName, user.lastName].filter((p) => p !== null).join(' ') || email} <${email}>`,
        action: 'archive',
        remoteId: user.id,
        changes: [{ path: 'active', before: true, after: false }],
        note: 'no active DTX 2.0 reports grant and no other group (--deactivate-revoked)',
      });
    }
  }

  const collectionItems = planResources({
    kind: 'collection-access',
    prune: false,
    desired: subjects.map((s) => ({
      key: collectionAccessKey(s.name),
      title: s.name,
      comparable: desiredCollectionForm(s.desired, input.collections),
    })),
    observed: subjects.flatMap((s) =>
      s.observed
        ? [
            {
              key: collectionAccessKey(s.name),
              title: s.name,
              remoteId: s.observed.id,
              comparable: observedCollectionForm(s.observed.id, input),
            },
          ]
        : [],
    ),
  });

  const dataItems = planResources({
    kind: 'data-access',
    prune: false,
    desired: subjects.map((s) => ({
      key: dataAccessKey(s.name),
      title: s.name,
      comparable: { 'create-queries': queryAccessFor(s.desired) },
    })),
    observed: subjects.flatMap((s) =>
      s.observed
        ? [
            {
              key: dataAccessKey(s.name),
              title: s.name,
              remoteId: s.observed.id,
              comparable: { 'create-queries': observedQueryAccess(s.observed.id, input) },
            },
          ]
        : [],
    ),
  }).map((item) =>
    input.databaseId === null && item.action !== 'noop'
      ? { ...item, note: 'as Metabase will set it when the connection is created' }
      : item,
  );

  return [
    ...groupItems,
    ...userItems.sort(byKey),
    ...membershipItems,
    ...collectionItems,
    ...dataItems,
  ];
}

const groupKey = (name: string): string => `group:${name}`;
const userKey = (email: string): string => `user:${email}`;
const membershipKey = (group: string, email: string): string => `membership:${group}:${email}`;
const collectionAccessKey = (group: string): string => `collection-access:${group}`;
const dataAccessKey = (group: string): string => `data-access:${group}`;

const byKey = (a: PlanItem, b: PlanItem) => a.key.localeCompare(b.key);

export function desiredCollectionForm(
  group: DesiredGroup | null,
  collections: readonly DesiredCollection[],
): Record<string, CollectionAccess> {
  return Object.fromEntries(
    [...collections]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((c) => [c.key, collectionAccessFor(group, c.key)]),
  );
}

/**
 * What the group has on each managed collection. A collection that does not exist yet is
 * predicted as Metabase will create it: with its parent's permissions
 * (`copy-parent-permissions!`), Metabase's root for our top collection.
 */
function observedCollectionForm(
  groupId: number,
  input: PlanPermissionsInput,
): Record<string, CollectionAccess> {
  const perms = input.observed.collectionGraph.groups[String(groupId)] ?? {};
  const byKey = new Map(input.collections.map((c) => [c.key, c]));
  const valueOf = (key: CollectionKey | null, depth = 0): CollectionAccess => {
    if (key === null) return perms['root'] ?? 'none';
    const id = input.collectionIds.get(key);
    if (id !== undefined) return perms[String(id)] ?? 'none';
    if (depth > 50) return 'none';
    return valueOf(byKey.get(key)?.parent ?? null, depth + 1);
  };
  return Object.fromEntries(
    [...input.collections]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((c) => [c.key, valueOf(c.key)]),
  );
}

const queryRank = ['no', 'query-builder', 'query-builder-and-native'];

/**
 * `create-queries` on the reporting database. Metabase leaves the least permissive value (`no`)
 * out of the graph (`data_permissions/graph.clj`, `ellide?`). Before the connection exists the
 * value is predicted like `set-new-database-permissions!`: the group's lowest level on any other
 * database, else `query-builder-and-native`.
 */
function observedQueryAccess(groupId: number, input: PlanPermissionsInput): string {
  const groups = input.observed.dataGraph.groups;
  const valueOn = (dbId: string): string => {
    const v = groups[String(groupId)]?.[dbId]?.['create-queries'];
    return v === undefined ? 'no' : typeof v === 'string' ? v : 'granular (per schema or table)';
  };
  if (input.databaseId !== null) return valueOn(String(input.databaseId));
  const databases = new Set(Object.values(groups).flatMap((perDb) => Object.keys(perDb)));
  let lowest: string | null = null;
  for (const db of databases) {
    const v = valueOn(db);
    if (lowest === null || queryRank.indexOf(v) < queryRank.indexOf(lowest)) lowest = v;
  }
  return lowest ?? 'query-builder-and-native';
}
