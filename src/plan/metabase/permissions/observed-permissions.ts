import type { DataPermissionGraph, GroupKind } from '../../../metabase/types.ts';
import type { CollectionGraph, Membership, User } from '../../../metabase/types.ts';

/** Who is who in Metabase, as read by src/observe/metabase/permissions.ts (plain data). */
export interface ObservedPermissions {
  /** Active and deactivated. */
  readonly users: readonly User[];
  readonly groups: readonly GroupKind[];
  readonly memberships: readonly Membership[];
  readonly collectionGraph: CollectionGraph;
  readonly dataGraph: DataPermissionGraph;
}

/** Metabase's built-in groups, by their magic type (names can be renamed by an admin). */
export function allUsersGroup(groups: readonly GroupKind[]): GroupKind | undefined {
  return (
    groups.find((g) => g.magic === 'all-internal-users') ??
    groups.find((g) => g.magic === null && g.name === 'All Users')
  );
}

export function isAdminGroup(group: GroupKind): boolean {
  return group.magic === 'admin' || (group.magic === null && group.name === 'Administrators');
}
