import {
  HttpError,
  boolQuery,
  idParam,
  isRecord,
  notFound,
  ok,
  validationError,
} from '../http-kit.ts';
import type { Json, JsonRecord } from '../http-kit.ts';
import { presentCollection, rootCollection } from '../present.ts';
import { adminGroupId, entityId } from '../state.ts';
import type { CollectionRec, EmulatorState } from '../state.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';

/** Metabase's slug: lower-case, non-alphanumerics to `_`, non-ASCII URL-encoded. */
function slugify(name: string): string {
  return encodeURIComponent(
    name
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '_')
      .replace(/^_+|_+$/g, ''),
  ).replace(/%5F/g, '_');
}

function descendants(state: EmulatorState, collection: CollectionRec): CollectionRec[] {
  const prefix = `${collection.location}${collection.id}/`;
  return [...state.collections.values()].filter((c) => c.location.startsWith(prefix));
}

/** Archiving moves the collection and everything inside to the Trash; restoring brings back what was not archived on its own. */
function setArchived(state: EmulatorState, collection: CollectionRec, archived: boolean): void {
  const now = state.timestamp();
  collection.archived = archived;
  collection.archived_directly = archived ? true : null;
  const inside = descendants(state, collection);
  const ids = new Set([collection.id, ...inside.map((c) => c.id)]);
  for (const child of inside) {
    if (archived && !child.archived) {
      child.archived = true;
      child.archived_directly = false;
    } else if (!archived && child.archived_directly === false) {
      child.archived = false;
      child.archived_directly = null;
    }
  }
  for (const item of [...state.cards.values(), ...state.dashboards.values()]) {
    if (item.collection_id === null || !ids.has(item.collection_id)) continue;
    if (archived && !item.archived) {
      item.archived = true;
      item.archived_directly = false;
      item.updated_at = now;
    } else if (!archived && item.archived && !item.archived_directly) {
      item.archived = false;
      item.updated_at = now;
    }
  }
}

function collectionGraph(state: EmulatorState): JsonRecord {
  const groups: JsonRecord = {};
  const collectionIds = [...state.collections.values()]
    .filter((c) => c.personal_owner_id === null)
    .map((c) => String(c.id));
  for (const group of state.groups.values()) {
    const perms = state.collectionPerms.get(group.id) ?? new Map<string, string>();
    const entry: JsonRecord = {};
    for (const key of ['root', ...collectionIds]) {
      entry[key] = group.id === adminGroupId ? 'write' : (perms.get(key) ?? 'none');
    }
    groups[String(group.id)] = entry;
  }
  return { revision: state.collectionGraphRevision, groups };
}

export const registerCollectionRoutes: RegisterRoutes = (router, { state }) => {
  const find = (id: number): CollectionRec => {
    const collection = state.collections.get(id);
    if (collection === undefined) throw notFound();
    return collection;
  };

  router.on('GET', '/api/collection', (request) => {
    const archived = boolQuery(request, 'archived');
    const list: Json[] = archived ? [] : [rootCollection];
    for (const c of [...state.collections.values()].sort((a, b) => a.id - b.id)) {
      if (c.archived === archived) list.push(presentCollection(c));
    }
    return ok(list);
  });

  router.on('POST', '/api/collection', (request) => {
    const body = new BodyCheck(request.body)
      .nonBlank('name')
      .nonBlank('description', { required: false, nullable: true })
      .positiveInt('parent_id')
      .done();
    const parentId = typeof body['parent_id'] === 'number' ? body['parent_id'] : null;
    const parent = parentId === null ? null : find(parentId);
    const id = state.nextId('collection');
    const name = String(body['name']);
    const collection: CollectionRec = {
      id,
      entity_id: entityId(),
      name,
      description: typeof body['description'] === 'string' ? body['description'] : null,
      slug: slugify(name),
      location: parent === null ? '/' : `${parent.location}${parent.id}/`,
      archived: false,
      archived_directly: null,
      personal_owner_id: null,
      namespace: null,
      authority_level: null,
      created_at: state.timestamp(),
    };
    state.collections.set(id, collection);
    // A new collection inherits its parent's permissions (root's for a top-level one).
    for (const perms of state.collectionPerms.values()) {
      const inherited = perms.get(parent === null ? 'root' : String(parent.id));
      if (inherited !== undefined) perms.set(String(id), inherited);
    }
    state.collectionGraphRevision += 1;
    return ok(presentCollection(collection));
  });

  router.on('GET', '/api/collection/tree', (request) => {
    const excludeArchived = boolQuery(request, 'exclude-archived');
    const visible = [...state.collections.values()].filter((c) => !(excludeArchived && c.archived));
    const build = (location: string): Json[] =>
      visible
        .filter((c) => c.location === location)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((c) => ({
          ...presentCollection(c),
          here: [],
          below: [],
          children: build(`${c.location}${c.id}/`),
        }));
    return ok(build('/'));
  });

  router.on('GET', '/api/collection/graph', () => ok(collectionGraph(state)));

  router.on('PUT', '/api/collection/graph', (request) => {
    const body = new BodyCheck(request.body).map('groups').done();
    const force = boolQuery(request, 'force');
    if (
      !force &&
      typeof body['revision'] === 'number' &&
      body['revision'] !== state.collectionGraphRevision
    ) {
      throw new HttpError(409, {
        message:
          'Looks like someone else edited the permissions and your data is out of date. Please fetch new data and try again.',
      });
    }
    const groups = body['groups'];
    if (!isRecord(groups)) throw validationError({ groups: 'Value must be a map.' });
    for (const [groupKey, perms] of Object.entries(groups)) {
      const groupId = Number(groupKey);
      if (!state.groups.has(groupId)) throw notFound();
      if (!isRecord(perms)) throw validationError({ groups: 'Value must be a map.' });
      const current = state.collectionPerms.get(groupId) ?? new Map<string, string>();
      for (const [collectionKey, value] of Object.entries(perms)) {
        if (value !== 'read' && value !== 'write' && value !== 'none') {
          throw validationError({ groups: 'value must be one of: `read`, `write`, `none`.' });
        }
        if (collectionKey !== 'root') find(Number(collectionKey));
        current.set(collectionKey, value);
      }
      state.collectionPerms.set(groupId, current);
    }
    state.collectionGraphRevision += 1;
    if (boolQuery(request, 'skip-graph')) return ok({ revision: state.collectionGraphRevision });
    return ok(collectionGraph(state));
  });

  router.on('GET', '/api/collection/:id', (request) => {
    if (request.params['id'] === 'root') return ok(rootCollection);
    return ok(presentCollection(find(idParam(request))));
  });

  router.on('GET', '/api/collection/:id/items', (request) => {
    const key = request.params['id'];
    const collectionId = key === 'root' ? null : find(idParam(request)).id;
    const data: Json[] = [];
    for (const c of state.collections.values()) {
      const parent = c.location
        .split('/')
        .filter((p) => p !== '')
        .at(-1);
      if (!c.archived && (parent === undefined ? null : Number(parent)) === collectionId) {
        data.push({
          id: c.id,
          name: c.name,
          model: 'collection',
          entity_id: c.entity_id,
          description: c.description,
        });
      }
    }
    for (const card of state.cards.values()) {
      if (!card.archived && card.collection_id === collectionId) {
        data.push({
          id: card.id,
          name: card.name,
          model: card.type === 'model' ? 'dataset' : card.type === 'metric' ? 'metric' : 'card',
          entity_id: card.entity_id,
          description: card.description,
        });
      }
    }
    for (const d of state.dashboards.values()) {
      if (!d.archived && d.collection_id === collectionId) {
        data.push({
          id: d.id,
          name: d.name,
          model: 'dashboard',
          entity_id: d.entity_id,
          description: d.description,
        });
      }
    }
    return ok({
      data,
      total: data.length,
      models: [...new Set(data.map((d) => (isRecord(d) ? (d['model'] ?? null) : null)))],
    });
  });

  router.on('PUT', '/api/collection/:id', (request) => {
    const collection = find(idParam(request));
    const body = new BodyCheck(request.body)
      .nonBlank('name', { required: false, nullable: true })
      .nonBlank('description', { required: false, nullable: true })
      .positiveInt('parent_id')
      .boolean('archived')
      .done();
    if (
      collection.personal_owner_id !== null &&
      (body['archived'] === true || 'parent_id' in body)
    ) {
      throw new HttpError(403, "You don't have permissions to do that.");
    }
    if (typeof body['name'] === 'string') {
      collection.name = body['name'];
      collection.slug = slugify(body['name']);
    }
    if ('description' in body) {
      collection.description = typeof body['description'] === 'string' ? body['description'] : null;
    }
    if ('parent_id' in body) {
      const parentId = typeof body['parent_id'] === 'number' ? body['parent_id'] : null;
      const parent = parentId === null ? null : find(parentId);
      if (
        parent !== null &&
        (parent.id === collection.id || parent.location.includes(`/${collection.id}/`))
      ) {
        throw validationError({
          parent_id: 'You cannot move a Collection into itself or into one of its descendants.',
        });
      }
      const oldPrefix = `${collection.location}${collection.id}/`;
      collection.location = parent === null ? '/' : `${parent.location}${parent.id}/`;
      const newPrefix = `${collection.location}${collection.id}/`;
      for (const child of state.collections.values()) {
        if (child.location.startsWith(oldPrefix))
          child.location = newPrefix + child.location.slice(oldPrefix.length);
      }
    }
    // `archived` defaults to false: a PUT without it restores an archived collection.
    const archived = body['archived'] === true;
    if (archived !== collection.archived) setArchived(state, collection, archived);
    return ok(presentCollection(collection));
  });

  router.on('DELETE', '/api/collection/:id', (request) => {
    const collection = find(idParam(request));
    state.collections.delete(collection.id);
    return { status: 204 };
  });
};
