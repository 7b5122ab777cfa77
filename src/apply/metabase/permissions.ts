import type { DesiredAccess } from '../../desired/metabase/access-model.ts';
import type { CollectionKey, DesiredCollection } from '../../desired/metabase/model.ts';
import { RemoteError } from '../../errors.ts';
import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import type { CollectionGraph } from '../../metabase/types.ts';
import type { ObservedPermissions } from '../../plan/metabase/permissions/observed-permissions.ts';
import {
  desiredCollectionForm,
  permissionSubjects,
} from '../../plan/metabase/permissions/plan-permissions.ts';
import { queryAccessFor } from '../../desired/metabase/access-model.ts';
import type { PlanItem, ResourceKind } from '../../plan/types.ts';
import type { Progress } from '../progress.ts';
import { connectedDatabase, count, type KindApplier } from './apply-run.ts';

/** The permission kinds, run after every kind they refer to (collections, the connection). */
const permissionKinds: readonly ResourceKind[] = [
  'group',
  'user',
  'membership',
  'collection-access',
  'data-access',
];

/**
 * The applier for the runner in apply-metabase.ts. Creates and updates run in kind order;
 * archives (taking members out, deactivating users) run with the other archives, last.
 */
export function permissionsApplier(observed: ObservedPermissions): KindApplier {
  const inputFor = (
    items: readonly PlanItem[],
    run: Parameters<KindApplier['apply']>[1],
    archive: boolean,
  ) => {
    const access = run.desired.access?.model;
    if (!access) return null;
    const collections = run.desired.state.collections;
    const wanted = new Set(collections.map((c) => c.key));
    return {
      access,
      observed,
      collections,
      collectionIds: new Map(
        [...run.ids.collections].filter(([key]) => wanted.has(key as CollectionKey)) as [
          CollectionKey,
          number,
        ][],
      ),
      databaseId: connectedDatabase(run).id,
      createdContainers:
        !archive &&
        ((run.counts.get('collection')?.created ?? 0) > 0 ||
          (run.counts.get('database')?.created ?? 0) > 0),
      plan: items,
      progress: run.options.progress,
      count: (kind: ResourceKind, what: 'created' | 'updated' | 'archived') =>
        count(run, kind, what),
    };
  };
  return {
    kinds: permissionKinds,
    apply: async (items, run) => {
      const input = inputFor(items, run, false);
      if (input) await applyPermissions(run.client, input);
    },
    archive: async (items, run) => {
      const input = inputFor(items, run, true);
      if (input) await applyPermissions(run.client, input);
    },
  };
}

export interface ApplyPermissionsInput {
  readonly access: DesiredAccess;
  readonly observed: ObservedPermissions;
  readonly collections: readonly DesiredCollection[];
  /** Every managed collection by now (found or just created). */
  readonly collectionIds: ReadonlyMap<CollectionKey, number>;
  readonly databaseId: number;
  /** This run created collections or the connection: Metabase gave them its defaults. */
  readonly createdContainers: boolean;
  readonly plan: readonly PlanItem[];
  readonly progress: Progress;
  readonly count: (kind: ResourceKind, what: 'created' | 'updated' | 'archived') => void;
}

/**
 * Carries out the permission part of a plan: groups → users (create, reactivate) → memberships
 * (add, remove) → collection graph → data graph → deactivations. The graphs are written partially
 * (only our groups, only managed collections and the reporting database, only values that
 * differ) with the revision just read; a 409 (someone else wrote meanwhile) is answered by
 * reading again and retrying once. They are read again here rather than taken from the plan,
 * because Metabase has just given new collections their parent's permissions and a new
 * database its open defaults.
 */
async function applyPermissions(
  client: MetabaseClient,
  input: ApplyPermissionsInput,
): Promise<void> {
  const { plan, progress, count, observed } = input;
  const pending = (kind: ResourceKind) =>
    plan.filter((i) => i.kind === kind && i.action !== 'noop');

  // Groups: exact names; a lost POST response is found again by name.
  const groupIds = new Map(observed.groups.map((g) => [g.name, g.id]));
  const groupItems = pending('group').filter((i) => i.action === 'create');
  progress.phase('groups', groupItems.length);
  for (const item of groupItems) {
    const name = item.title;
    const created = await client.createPermissionGroup(name, {
      findExisting: async () => (await client.listPermissionGroups()).find((g) => g.name === name),
    });
    groupIds.set(name, created.id);
    count('group', 'created');
    progress.step(`create group ${name}`);
  }

  // Users: created (Metabase sends the invite) or reactivated; deactivations come last.
  const userIds = new Map(observed.users.map((u) => [u.email.toLowerCase(), u.id]));
  const usersByEmail = new Map(input.access.users.map((u) => [u.email, u]));
  const userItems = pending('user').filter((i) => i.action !== 'archive');
  progress.phase('users', userItems.length);
  for (const item of userItems) {
    const email = item.key.slice('user:'.length);
    const want = usersByEmail.get(email);
    if (want === undefined) continue;
    if (item.action === 'create') {
      const created = await client.permissions.createUser(want, async () =>
        (await client.permissions.listAllUsers()).find((u) => u.email.toLowerCase() === email),
      );
      userIds.set(email, created.id);
      count('user', 'created');
    } else {
      await client.permissions.reactivateUser(Number(item.remoteId));
      count('user', 'updated');
    }
    progress.step(`${item.action} user ${email}`);
  }

  // Memberships, only in our groups (the plan holds no other).
  const membershipItems = pending('membership');
  progress.phase('group memberships', membershipItems.length);
  const membersByKey = new Map(
    input.access.memberships.map((m) => [`membership:${m.group}:${m.email}`, m]),
  );
  for (const item of membershipItems) {
    if (item.action === 'archive') {
      await client.permissions.deleteMembership(Number(item.remoteId));
      count('membership', 'archived');
    } else {
      const m = membersByKey.get(item.key);
      if (m === undefined) continue;
      const groupId = requireId(groupIds, m.group, 'group');
      const userId = requireId(userIds, m.email, 'user');
      await client.createMembership(
        { groupId, userId },
        {
          findExisting: async () =>
            (await client.listMemberships()).find(
              (x) => x.groupId === groupId && x.userId === userId,
            ),
        },
      );
      count('membership', 'created');
    }
    progress.step(`${item.action === 'archive' ? 'remove' : 'add'} ${item.title}`);
  }

  // Only when a graph is written: every desired group exists by then (created above if needed).
  const writeCollections = input.createdContainers || pending('collection-access').length > 0;
  const writeData = input.createdContainers || pending('data-access').length > 0;
  const groups = writeCollections || writeData ? subjectIds(input, groupIds) : [];
  // Collection graph.
  if (writeCollections) {
    progress.phase('collection permissions', 1);
    const wanted = new Map<string, Record<string, string>>();
    for (const subject of groups) {
      const form = desiredCollectionForm(subject.desired, input.collections);
      const byId: Record<string, string> = {};
      for (const [key, value] of Object.entries(form)) {
        const id = input.collectionIds.get(key as CollectionKey);
        if (id !== undefined) byId[String(id)] = value;
      }
      wanted.set(String(subject.id), byId);
    }
    const wrote = await writeWithRetry(
      () => client.getCollectionGraph(),
      (graph) => {
        const groupsDelta = delta(graph.groups, wanted, (v) => v ?? 'none');
        return Object.keys(groupsDelta).length === 0
          ? null
          : { revision: graph.revision, groups: groupsDelta };
      },
      async (graph) => {
        await client.updateCollectionGraph(graph as CollectionGraph);
      },
    );
    if (wrote) count('collection-access', 'updated');
    progress.step('collection permissions');
  }

  // Data graph: create-queries on the reporting database only.
  if (writeData) {
    progress.phase('data permissions', 1);
    const db = String(input.databaseId);
    const wrote = await writeWithRetry(
      () => client.permissions.getDataPermissionGraph(),
      (graph) => {
        const groupsDelta: Record<string, Record<string, Record<string, string>>> = {};
        for (const subject of groups) {
          const want = queryAccessFor(subject.desired);
          const have = graph.groups[String(subject.id)]?.[db]?.['create-queries'] ?? 'no';
          if (have !== want) groupsDelta[String(subject.id)] = { [db]: { 'create-queries': want } };
        }
        return Object.keys(groupsDelta).length === 0
          ? null
          : { revision: graph.revision, groups: groupsDelta };
      },
      (graph) => client.permissions.updateDataPermissionGraph(graph),
    );
    if (wrote) count('data-access', 'updated');
    progress.step('data permissions');
  }

  const deactivations = pending('user').filter((i) => i.action === 'archive');
  progress.phase('deactivate users', deactivations.length);
  for (const item of deactivations) {
    await client.permissions.deactivateUser(Number(item.remoteId));
    count('user', 'archived');
    progress.step(`deactivate ${item.title}`);
  }
}

/** Our groups and All Users with their ids (every desired group exists by now). */
function subjectIds(
  input: ApplyPermissionsInput,
  groupIds: ReadonlyMap<string, number>,
): { id: number; desired: ReturnType<typeof permissionSubjects>[number]['desired'] }[] {
  return permissionSubjects(input.access, input.observed.groups).map((s) => ({
    id: s.observed?.id ?? requireId(groupIds, s.name, 'group'),
    desired: s.desired,
  }));
}

/** Only the entries that differ: a partial graph leaves everything else as it is. */
function delta(
  current: Readonly<Record<string, Readonly<Record<string, string>>>>,
  wanted: ReadonlyMap<string, Readonly<Record<string, string>>>,
  normalise: (v: string | undefined) => string,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [group, perms] of wanted) {
    for (const [collection, value] of Object.entries(perms)) {
      if (normalise(current[group]?.[collection]) === value) continue;
      (out[group] ??= {})[collection] = value;
    }
  }
  return out;
}

/**
 * Read, compute the change against what was read, write with its revision; on 409 read again
 * and retry once (Metabase: "someone else edited the permissions", `perms.u/check-revision-numbers`).
 * Returns whether anything was written.
 */
async function writeWithRetry<G extends { readonly revision: number }, W>(
  read: () => Promise<G>,
  change: (graph: G) => W | null,
  write: (update: W) => Promise<void>,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const update = change(await read());
    if (update === null) return false;
    try {
      await write(update);
      return true;
    } catch (error) {
      const conflict = error instanceof RemoteError && error.context.status === 409;
      if (!conflict || attempt >= 2) throw error;
    }
  }
}

function requireId(ids: ReadonlyMap<string, number>, key: string, what: string): number {
  const id = ids.get(key);
  if (id === undefined)
    throw new RemoteError(`${what} ${key} is needed but was neither found nor created`, {
      system: 'metabase',
    });
  return id;
}
