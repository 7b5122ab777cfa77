import { boolQuery, HttpError, idParam, notFound, ok, validationError } from '../http-kit.ts';
import { presentDataGraph, setNewGroupPermissions, updateDataGraph } from '../data-permissions.ts';
import type { Json, JsonRecord } from '../http-kit.ts';
import { adminGroupId, allUsersGroupId } from '../state.ts';
import type { EmulatorState, GroupRec } from '../state.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';

function members(state: EmulatorState, groupId: number): Json[] {
  return [...state.memberships.values()]
    .filter((m) => m.group_id === groupId)
    .sort((a, b) => a.membership_id - b.membership_id)
    .map((m) => {
      const user = state.users.get(m.user_id);
      return {
        first_name: user?.first_name ?? null,
        last_name: user?.last_name ?? null,
        email: user?.email ?? null,
        user_id: m.user_id,
        membership_id: m.membership_id,
        is_group_manager: m.is_group_manager,
        is_superuser: user?.is_superuser ?? false,
        common_name: user
          ? [user.first_name, user.last_name].filter((p) => p !== null).join(' ')
          : null,
      };
    });
}

function presentGroup(state: EmulatorState, group: GroupRec): JsonRecord {
  return {
    id: group.id,
    name: group.name,
    entity_id: null,
    is_tenant_group: false,
    magic_group_type:
      group.id === allUsersGroupId
        ? 'all-internal-users'
        : group.id === adminGroupId
          ? 'admin'
          : null,
    member_count: members(state, group.id).length,
  };
}

export const registerPermissionRoutes: RegisterRoutes = (router, { state }) => {
  const findGroup = (id: number): GroupRec => {
    const group = state.groups.get(id);
    if (group === undefined) throw notFound();
    return group;
  };

  router.on('GET', '/api/permissions/group', () =>
    ok([...state.groups.values()].sort((a, b) => a.id - b.id).map((g) => presentGroup(state, g))),
  );

  router.on('POST', '/api/permissions/group', (request) => {
    const body = new BodyCheck(request.body).nonBlank('name').done();
    const name = String(body['name']);
    if ([...state.groups.values()].some((g) => g.name.toLowerCase() === name.toLowerCase())) {
      throw validationError({ name: 'A group with that name already exists.' });
    }
    const id = state.nextId('group');
    const group = { id, name };
    state.groups.set(id, group);
    state.collectionPerms.set(id, new Map());
    // permissions_group.clj `set-default-permission-values!`: All Users' data access, per database.
    setNewGroupPermissions(state, id);
    return ok(presentGroup(state, group));
  });

  router.on('GET', '/api/permissions/group/:id', (request) => {
    const group = findGroup(idParam(request));
    return ok({ ...presentGroup(state, group), members: members(state, group.id) });
  });

  router.on('PUT', '/api/permissions/group/:group-id', (request) => {
    const group = findGroup(idParam(request, 'group-id'));
    const body = new BodyCheck(request.body).nonBlank('name').done();
    if (group.id === allUsersGroupId || group.id === adminGroupId)
      throw new HttpError(400, { message: 'You cannot edit or delete the magic groups.' });
    group.name = String(body['name']);
    return ok(presentGroup(state, group));
  });

  router.on('DELETE', '/api/permissions/group/:group-id', (request) => {
    const group = findGroup(idParam(request, 'group-id'));
    if (group.id === allUsersGroupId || group.id === adminGroupId)
      throw new HttpError(400, { message: 'You cannot edit or delete the magic groups.' });
    state.groups.delete(group.id);
    for (const m of state.memberships.values())
      if (m.group_id === group.id) state.memberships.delete(m.membership_id);
    return { status: 204 };
  });

  router.on('GET', '/api/permissions/membership', () => {
    const out: JsonRecord = {};
    for (const m of [...state.memberships.values()].sort(
      (a, b) => a.membership_id - b.membership_id,
    )) {
      const key = String(m.user_id);
      const list = (out[key] as Json[] | undefined) ?? [];
      list.push({
        membership_id: m.membership_id,
        group_id: m.group_id,
        user_id: m.user_id,
        is_group_manager: m.is_group_manager,
      });
      out[key] = list;
    }
    return ok(out);
  });

  router.on('POST', '/api/permissions/membership', (request) => {
    const body = new BodyCheck(request.body)
      .positiveInt('group_id', { required: true, nullable: false })
      .positiveInt('user_id', { required: true, nullable: false })
      .boolean('is_group_manager')
      .done();
    const groupId = Number(body['group_id']);
    const userId = Number(body['user_id']);
    findGroup(groupId);
    if (!state.users.has(userId)) throw notFound();
    if (groupId === allUsersGroupId)
      throw new HttpError(400, {
        message: 'You cannot add or remove users to/from the "All Users" group.',
      });
    if (
      [...state.memberships.values()].some((m) => m.group_id === groupId && m.user_id === userId)
    ) {
      throw new HttpError(400, { message: 'This user is already a member of that group.' });
    }
    const id = state.nextId('membership');
    state.memberships.set(id, {
      membership_id: id,
      group_id: groupId,
      user_id: userId,
      is_group_manager: body['is_group_manager'] === true,
    });
    return ok(members(state, groupId));
  });

  // src/metabase/permissions/api.clj: `DELETE /membership/:id` removes one membership (204).
  router.on('DELETE', '/api/permissions/membership/:id', (request) => {
    const membership = state.memberships.get(idParam(request));
    if (membership === undefined) throw notFound();
    if (membership.group_id === allUsersGroupId)
      throw new HttpError(400, {
        message: 'You cannot add or remove users to/from the "All Users" group.',
      });
    state.memberships.delete(membership.membership_id);
    return { status: 204 };
  });

  // `PUT /membership/:id` only sets is_group_manager, which needs advanced permissions (paid).
  router.on('PUT', '/api/permissions/membership/:id', (request) => {
    if (!state.memberships.has(idParam(request))) throw notFound();
    throw new HttpError(
      402,
      'The group manager permissions functionality is only enabled if you have a premium token with the advanced-permissions feature.',
    );
  });

  router.on('GET', '/api/permissions/graph', () => ok(presentDataGraph(state)));

  router.on('GET', '/api/permissions/graph/db/:db-id', (request) =>
    ok(presentDataGraph(state, { dbId: idParam(request, 'db-id') })),
  );

  router.on('PUT', '/api/permissions/graph', (request) => {
    const body = new BodyCheck(request.body).map('groups').done();
    updateDataGraph(state, body, boolQuery(request, 'force'));
    if (boolQuery(request, 'skip-graph')) return ok({ revision: state.dataPermsRevision });
    return ok(presentDataGraph(state));
  });
};
