import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import type { ObservedPermissions } from '../../plan/metabase/permissions/observed-permissions.ts';

/**
 * Reads who is who in Metabase: five list reads, whatever the number of users or groups
 * (users with `status=all`, groups, memberships, both permission graphs).
 */
export async function observePermissions(client: MetabaseClient): Promise<ObservedPermissions> {
  const [users, groups, memberships, collectionGraph, dataGraph] = await Promise.all([
    client.permissions.listAllUsers(),
    client.permissions.listGroupKinds(),
    client.listMemberships(),
    client.getCollectionGraph(),
    client.permissions.getDataPermissionGraph(),
  ]);
  return { users, groups, memberships, collectionGraph, dataGraph };
}
