import { setNewDatabasePermissions } from '../data-permissions.ts';
import {
  HttpError,
  boolQuery,
  idParam,
  isRecord,
  notFound,
  ok,
  validationError,
} from '../http-kit.ts';
import type { JsonRecord } from '../http-kit.ts';
import { presentDatabase, presentField, presentTable } from '../present.ts';
import type { DatabaseRec, FieldRec } from '../state.ts';
import { BodyCheck } from '../validate.ts';
import { requireSuperuser, type RegisterRoutes } from './context.ts';

const maskedPassword = '**MetabasePass**';
/** `*absolute-max-distinct-values-limit*` (field_values.clj). */
export const distinctValuesLimit = 1000;

/**
 * `field-should-have-field-values?` (src/metabase/warehouse_schema/models/field_values.clj): a
 * retired, sensitive, hidden or details-only field never gets a value list, whatever its type;
 * otherwise it needs `has_field_values` list or auto-list.
 */
function fieldShouldHaveFieldValues(field: FieldRec): boolean {
  return (
    !['retired', 'sensitive', 'hidden', 'details-only'].includes(field.visibility_type) &&
    field.base_type !== 'type/*' &&
    ['list', 'auto-list'].includes(field.has_field_values)
  );
}

export const registerDatabaseRoutes: RegisterRoutes = (
  router,
  { state, scheduleSync, testConnection, distinctValues },
) => {
  const find = (id: number): DatabaseRec => {
    const db = state.databases.get(id);
    if (db === undefined) throw notFound();
    return db;
  };

  router.on('GET', '/api/database', (request) => {
    // `details` is only for those who may write the database (superusers in the OSS edition).
    const writer = state.isSuperuser(request.userId);
    const data = [...state.databases.values()].map((db) => {
      const presented = presentDatabase(db);
      if (!writer) delete presented['details'];
      return presented;
    });
    return ok({ data, total: data.length });
  });

  router.on('POST', '/api/database', async (request) => {
    requireSuperuser(state, request);
    const body = new BodyCheck(request.body)
      .nonBlank('name')
      .nonBlank('engine')
      .map('details')
      .boolean('is_full_sync')
      .boolean('is_on_demand')
      .oneOf('connection_source', ['admin', 'setup'])
      .done();
    if (body['engine'] !== 'postgres') {
      throw validationError({ engine: 'value must be a valid database engine.' });
    }
    const now = state.timestamp();
    const candidate: DatabaseRec = {
      id: 0,
      name: String(body['name']),
      engine: 'postgres',
      details: isRecord(body['details']) ? body['details'] : {},
      is_full_sync: body['is_full_sync'] !== false,
      is_on_demand: body['is_on_demand'] === true,
      initial_sync_status: 'incomplete',
      created_at: now,
      updated_at: now,
      last_sync_error: null,
    };
    // Metabase tests the connection before saving: a wrong host or password is a 400, nothing stored.
    const problem = await testConnection(candidate);
    if (problem !== null)
      throw new HttpError(400, { message: problem, errors: { dbname: problem } });
    candidate.id = state.nextId('database');
    state.databases.set(candidate.id, candidate);
    // data_permissions.clj `set-new-database-permissions!`: open defaults for every group.
    setNewDatabasePermissions(state, candidate.id);
    scheduleSync(candidate);
    return ok(presentDatabase(candidate));
  });

  router.on('GET', '/api/database/:id', (request) => {
    const presented = presentDatabase(find(idParam(request)));
    if (!state.isSuperuser(request.userId)) delete presented['details'];
    return ok(presented);
  });

  router.on('PUT', '/api/database/:id', async (request) => {
    const db = find(idParam(request));
    requireSuperuser(state, request);
    const body = new BodyCheck(request.body)
      .nonBlank('name', { required: false, nullable: true })
      .map('details', { required: false, nullable: true })
      .done();
    const details = body['details'];
    if (isRecord(details)) {
      const merged: JsonRecord = { ...details };
      // The masked marker means "keep the stored password".
      if (merged['password'] === maskedPassword)
        merged['password'] = db.details['password'] ?? null;
      const problem = await testConnection({ ...db, details: merged });
      if (problem !== null)
        throw new HttpError(400, { message: problem, errors: { dbname: problem } });
      db.details = merged;
    }
    if (typeof body['name'] === 'string') db.name = body['name'];
    db.updated_at = state.timestamp();
    return ok(presentDatabase(db));
  });

  router.on('DELETE', '/api/database/:id', (request) => {
    const db = find(idParam(request));
    state.databases.delete(db.id);
    return { status: 204 };
  });

  // Metadata sync, then analysis, in one background task (`sync-db-metadata!` then `analyze-db!`,
  // POST /:id/sync_schema in src/metabase/warehouses/api.clj); `write-check` = superuser.
  router.on('POST', '/api/database/:id/sync_schema', (request) => {
    const db = find(idParam(request));
    requireSuperuser(state, request);
    scheduleSync(db);
    return ok({ status: 'ok' });
  });

  router.on('POST', '/api/database/:id/rescan_values', (request) => {
    find(idParam(request));
    return ok({ status: 'ok' });
  });

  router.on('GET', '/api/database/:id/metadata', (request) => {
    const db = find(idParam(request));
    const includeHidden = boolQuery(request, 'include_hidden');
    // Fields grouped by table in one pass (in insertion order, then the same stable sort):
    // filtering every field per table made this route quadratic, 1.5 s at 3,000 reports.
    const fieldsByTable = new Map<number, FieldRec[]>();
    for (const f of state.fields.values()) {
      if (!f.active || (!includeHidden && ['sensitive', 'retired'].includes(f.visibility_type)))
        continue;
      const list = fieldsByTable.get(f.table_id);
      if (list) list.push(f);
      else fieldsByTable.set(f.table_id, [f]);
    }
    const tables = [...state.tables.values()]
      .filter((t) => t.db_id === db.id && t.active && (includeHidden || t.visibility_type === null))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
      .map((t) =>
        presentTable(
          t,
          [...(fieldsByTable.get(t.id) ?? [])].sort((a, b) => a.position - b.position),
        ),
      );
    return ok({ ...presentDatabase(db), tables });
  });

  router.on('GET', '/api/table', () =>
    ok([...state.tables.values()].filter((t) => t.active).map((t) => presentTable(t))),
  );

  const findTable = (id: number) => {
    const table = state.tables.get(id);
    if (table === undefined) throw notFound();
    return table;
  };
  const tableFields = (tableId: number) =>
    [...state.fields.values()]
      .filter((f) => f.table_id === tableId && f.active)
      .sort((a, b) => a.position - b.position);

  router.on('GET', '/api/table/:id', (request) => ok(presentTable(findTable(idParam(request)))));
  router.on('GET', '/api/table/:id/query_metadata', (request) => {
    const table = findTable(idParam(request));
    return ok(presentTable(table, tableFields(table.id)));
  });

  router.on('PUT', '/api/table/:id', (request) => {
    const table = findTable(idParam(request));
    requireSuperuser(state, request);
    const body = new BodyCheck(request.body)
      .nonBlank('display_name', { required: false, nullable: true })
      .string('description')
      .oneOf('visibility_type', ['technical', 'hidden', 'cruft'])
      .done();
    if (typeof body['display_name'] === 'string') table.display_name = body['display_name'];
    if ('description' in body)
      table.description = typeof body['description'] === 'string' ? body['description'] : null;
    if ('visibility_type' in body) {
      table.visibility_type =
        typeof body['visibility_type'] === 'string' ? body['visibility_type'] : null;
    }
    table.updated_at = state.timestamp();
    return ok(presentTable(table));
  });

  const findField = (id: number) => {
    const field = state.fields.get(id);
    if (field === undefined) throw notFound();
    return field;
  };

  router.on('GET', '/api/field/:id', (request) => ok(presentField(findField(idParam(request)))));

  router.on('GET', '/api/field/:id/values', async (request) => {
    const field = findField(idParam(request));
    if (!fieldShouldHaveFieldValues(field)) {
      return ok({ values: [], field_id: field.id, has_more_values: false });
    }
    const values = await distinctValues(field);
    return ok({
      values: values.map((v) => [v]),
      field_id: field.id,
      has_more_values: values.length >= distinctValuesLimit,
    });
  });

  router.on('PUT', '/api/field/:id', (request) => {
    const field = findField(idParam(request));
    requireSuperuser(state, request);
    const body = new BodyCheck(request.body)
      .nonBlank('display_name', { required: false, nullable: true })
      .nonBlank('description', { required: false, nullable: true })
      .string('semantic_type')
      .oneOf('visibility_type', ['retired', 'sensitive', 'normal', 'hidden', 'details-only'])
      .oneOf('has_field_values', ['auto-list', 'list', 'none', 'search'])
      .map('settings', { required: false, nullable: true })
      .done();
    const semantic = body['semantic_type'];
    if (typeof semantic === 'string' && !semantic.startsWith('type/')) {
      throw validationError({
        semantic_type: 'value must be a valid field semantic or relation type (keyword or string).',
      });
    }
    if (typeof body['display_name'] === 'string') field.display_name = body['display_name'];
    if ('description' in body)
      field.description = typeof body['description'] === 'string' ? body['description'] : null;
    if ('semantic_type' in body)
      field.semantic_type = typeof semantic === 'string' ? semantic : null;
    if (typeof body['visibility_type'] === 'string')
      field.visibility_type = body['visibility_type'];
    if (typeof body['has_field_values'] === 'string')
      field.has_field_values = body['has_field_values'];
    if ('settings' in body) field.settings = isRecord(body['settings']) ? body['settings'] : null;
    field.updated_at = state.timestamp();
    return ok(presentField(field));
  });
};
