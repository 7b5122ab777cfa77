import { HttpError, isRecord, validationError } from './http-kit.ts';
import type { Json, JsonRecord } from './http-kit.ts';
import { adminGroupId, allUsersGroupId } from './state.ts';
import type { EmulatorState } from './state.ts';

/**
 * The data permissions of the open-source edition, database level only (what provisioning uses):
 * `view-data` and `create-queries` per group and database, as Metabase stores them
 * (`src/metabase/permissions/models/data_permissions.clj`) and shows them over the API
 * (`src/metabase/permissions/models/data_permissions/graph.clj`).
 */

export interface DataPermRec {
  'view-data': 'unrestricted' | 'legacy-no-self-service' | 'blocked';
  'create-queries': 'query-builder-and-native' | 'query-builder' | 'no';
}

const createQueriesOrder = ['no', 'query-builder', 'query-builder-and-native'] as const;

/**
 * `set-new-database-permissions!` (data_permissions.clj): every group gets `view-data:
 * unrestricted` (always, open source) and `create-queries` = its lowest level on any other
 * database, else `query-builder-and-native`. So a fresh install lets All Users write native SQL
 * against a newly added database.
 */
export function setNewDatabasePermissions(state: EmulatorState, dbId: number): void {
  for (const group of state.groups.values()) {
    if (group.id === adminGroupId) continue;
    const perDb = state.dataPerms.get(group.id) ?? new Map<number, DataPermRec>();
    let lowest: DataPermRec['create-queries'] | null = null;
    for (const [otherDb, perms] of perDb) {
      if (otherDb === dbId) continue;
      const v = perms['create-queries'];
      if (lowest === null || createQueriesOrder.indexOf(v) < createQueriesOrder.indexOf(lowest))
        lowest = v;
    }
    perDb.set(dbId, {
      'view-data': 'unrestricted',
      'create-queries': lowest ?? 'query-builder-and-native',
    });
    state.dataPerms.set(group.id, perDb);
  }
}

/**
 * `set-new-group-permissions!` (permissions_group.clj, `set-default-permission-values!`): a new
 * group gets, on every database, what All Users has there.
 */
export function setNewGroupPermissions(state: EmulatorState, groupId: number): void {
  const allUsers = state.dataPerms.get(allUsersGroupId) ?? new Map<number, DataPermRec>();
  const perDb = new Map<number, DataPermRec>();
  for (const dbId of state.databases.keys()) {
    const from = allUsers.get(dbId);
    perDb.set(dbId, from ? { ...from } : { 'view-data': 'unrestricted', 'create-queries': 'no' });
  }
  state.dataPerms.set(groupId, perDb);
}

/**
 * `api-graph`: least permissive values are left out (`ellide?`: `create-queries: no`), empty
 * maps removed, and the Administrators group shown with full access on every database.
 */
export function presentDataGraph(state: EmulatorState, only?: { dbId?: number }): JsonRecord {
  const groups: JsonRecord = {};
  for (const [groupId, perDb] of state.dataPerms) {
    if (!state.groups.has(groupId)) continue;
    const entry: JsonRecord = {};
    for (const [dbId, perms] of perDb) {
      if (only?.dbId !== undefined && dbId !== only.dbId) continue;
      if (!state.databases.has(dbId)) continue;
      const shown: JsonRecord = {};
      if (perms['view-data'] !== 'blocked') shown['view-data'] = perms['view-data'];
      if (perms['create-queries'] !== 'no') shown['create-queries'] = perms['create-queries'];
      if (Object.keys(shown).length > 0) entry[String(dbId)] = shown;
    }
    if (Object.keys(entry).length > 0) groups[String(groupId)] = entry;
  }
  const admin: JsonRecord = {};
  for (const dbId of state.databases.keys()) {
    if (only?.dbId !== undefined && dbId !== only.dbId) continue;
    admin[String(dbId)] = {
      'view-data': 'unrestricted',
      'create-queries': 'query-builder-and-native',
      download: { schemas: 'full' },
      'data-model': { schemas: 'all' },
      details: 'yes',
    };
  }
  groups[String(adminGroupId)] = admin;
  return { revision: state.dataPermsRevision, groups };
}

/** Paid-only `view-data` values: `blocked` needs advanced-permissions (402), sandboxes and
 * impersonation need their features (`upsert-sandboxes!`, `insert-impersonations!` in
 * src/metabase/permissions/api.clj). */
const paidViewData = new Set(['blocked', 'sandboxed', 'impersonated']);

/**
 * `PUT /api/permissions/graph` (src/metabase/permissions/api.clj, `update-data-perms-graph!`):
 * only the groups and databases sent change, per permission type; a stale revision is a 409 and
 * changes nothing; paid-only values are a 402.
 */
export function updateDataGraph(state: EmulatorState, body: JsonRecord, force: boolean): void {
  const groups = body['groups'];
  if (!isRecord(groups)) throw validationError({ groups: 'Value must be a map.' });
  if ('sandboxes' in body || 'impersonations' in body) {
    throw new HttpError(
      402,
      'Sandboxes is a paid feature not currently available to your instance.',
    );
  }
  if (!force && body['revision'] !== state.dataPermsRevision) {
    throw new HttpError(409, {
      message:
        'Looks like someone else edited the permissions and your data is out of date. Please fetch new data and try again.',
    });
  }
  const changes: [number, number, Partial<DataPermRec>][] = [];
  for (const [groupKey, perDb] of Object.entries(groups)) {
    const groupId = Number(groupKey);
    if (!state.groups.has(groupId) || !isRecord(perDb))
      throw new HttpError(400, 'Cannot parse permissions graph because it is invalid.');
    for (const [dbKey, perms] of Object.entries(perDb)) {
      const dbId = Number(dbKey);
      if (!state.databases.has(dbId) || !isRecord(perms))
        throw new HttpError(400, 'Cannot parse permissions graph because it is invalid.');
      const change: Partial<DataPermRec> = {};
      const viewData: Json | undefined = perms['view-data'];
      if (viewData !== undefined) {
        if (typeof viewData !== 'string')
          throw new HttpError(400, 'Cannot parse permissions graph because it is invalid.');
        if (paidViewData.has(viewData))
          throw new HttpError(
            402,
            'The blocked permissions functionality is only enabled if you have a premium token with the advanced-permissions feature.',
          );
        if (viewData !== 'unrestricted' && viewData !== 'legacy-no-self-service')
          throw new HttpError(400, 'Cannot parse permissions graph because it is invalid.');
        change['view-data'] = viewData;
      }
      const queries: Json | undefined = perms['create-queries'];
      if (queries !== undefined) {
        if (
          typeof queries !== 'string' ||
          !(createQueriesOrder as readonly string[]).includes(queries)
        )
          throw new HttpError(400, 'Cannot parse permissions graph because it is invalid.');
        change['create-queries'] = queries as DataPermRec['create-queries'];
      }
      changes.push([groupId, dbId, change]);
    }
  }
  if (groups[String(adminGroupId)] !== undefined)
    throw new HttpError(400, 'You cannot edit or delete the Administrators permissions group!');
  for (const [groupId, dbId, change] of changes) {
    const perDb = state.dataPerms.get(groupId) ?? new Map<number, DataPermRec>();
    const current = perDb.get(dbId) ?? { 'view-data': 'unrestricted', 'create-queries': 'no' };
    perDb.set(dbId, { ...current, ...change });
    state.dataPerms.set(groupId, perDb);
  }
  state.dataPermsRevision += 1;
}
