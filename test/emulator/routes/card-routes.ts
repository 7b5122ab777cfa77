import { HttpError, boolQuery, isRecord, notFound, ok, validationError } from '../http-kit.ts';
import type { EmulatorRequest, Json, JsonRecord } from '../http-kit.ts';
import { nativeTemplateTags, toMbql5 } from '../mbql.ts';
import { dashboardCounts, presentCard } from '../present.ts';
import { entityId } from '../state.ts';
import type { CardRec, EmulatorState } from '../state.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';

const cardTypes = ['question', 'model', 'metric'];
const nanoId = /^[A-Za-z0-9_-]{21}$/;

/** `GET /api/card/:id` also takes an entity id (since mid-2025). */
function findCard(state: EmulatorState, request: EmulatorRequest): CardRec {
  const raw = request.params['id'] ?? '';
  const card = nanoId.test(raw)
    ? [...state.cards.values()].find((c) => c.entity_id === raw)
    : /^[1-9]\d*$/.test(raw)
      ? state.cards.get(Number(raw))
      : undefined;
  if (card === undefined) {
    if (!/^[1-9]\d*$/.test(raw) && !nanoId.test(raw)) {
      throw validationError({ id: 'value must be an integer greater than zero.' });
    }
    throw notFound();
  }
  return card;
}

/** Widget type for a card parameter derived from a template tag, as Metabase derives it. */
function parameterType(tag: JsonRecord): string {
  switch (tag['type']) {
    case 'number':
      return 'number/=';
    case 'date':
      return 'date/single';
    case 'boolean':
      return 'boolean/=';
    case 'dimension':
    case 'temporal-unit':
      return typeof tag['widget-type'] === 'string' ? tag['widget-type'] : 'category';
    default:
      return 'category';
  }
}

/** Metabase fills a native card's `parameters` from its template tags when the request has none. */
function parametersFromTags(query: JsonRecord): Json[] {
  const out: Json[] = [];
  for (const [name, tag] of Object.entries(nativeTemplateTags(query))) {
    if (!isRecord(tag) || tag['type'] === 'snippet' || tag['type'] === 'card') continue;
    const target: Json =
      tag['type'] === 'dimension' || tag['type'] === 'temporal-unit'
        ? ['dimension', ['template-tag', name], { 'stage-number': 0 }]
        : ['variable', ['template-tag', name]];
    const parameter: JsonRecord = {
      id: typeof tag['id'] === 'string' ? tag['id'] : name,
      type: parameterType(tag),
      target,
      name: typeof tag['display-name'] === 'string' ? tag['display-name'] : name,
      slug: name,
    };
    if (tag['default'] !== undefined && tag['default'] !== null)
      parameter['default'] = tag['default'];
    if (tag['required'] === true) parameter['required'] = true;
    out.push(parameter);
  }
  return out;
}

/**
 * Template-tag types the configured line knows (`::type` in src/metabase/lib/schema/template_tag.cljc:
 * `table` exists from 0.59, `temporal-unit` before): an unknown one fails query validation.
 */
function checkTemplateTagTypes(state: EmulatorState, query: JsonRecord): void {
  for (const [name, tag] of Object.entries(nativeTemplateTags(query))) {
    const type = isRecord(tag) ? tag['type'] : undefined;
    if (typeof type !== 'string' || !state.profile.templateTagTypes.includes(type)) {
      throw new HttpError(400, {
        message: `Invalid query: template tag "${name}" has an invalid type ${JSON.stringify(type)}.`,
      });
    }
  }
}

function checkReferences(
  state: EmulatorState,
  query: JsonRecord,
  collectionId: Json | undefined,
): void {
  checkTemplateTagTypes(state, query);
  const database = query['database'];
  if (typeof database !== 'number' || !state.databases.has(database)) {
    throw new HttpError(400, {
      message: `Invalid query: database ${JSON.stringify(database)} does not exist.`,
    });
  }
  if (typeof collectionId === 'number' && !state.collections.has(collectionId)) throw notFound();
}

export const registerCardRoutes: RegisterRoutes = (router, { state }) => {
  router.on('GET', '/api/card', (request) => {
    const filter = request.query.get('f') ?? 'all';
    if (
      ![
        'all',
        'archived',
        'mine',
        'database',
        'table',
        'bookmarked',
        'using_model',
        'using_segment',
      ].includes(filter)
    ) {
      throw validationError({
        f: 'value must be one of: `all`, `archived`, `mine`, `database`, `table`, `bookmarked`, `using_model`, `using_segment`.',
      });
    }
    const cards = [...state.cards.values()]
      .filter((c) => (filter === 'archived' ? c.archived : !c.archived))
      .filter((c) => filter !== 'mine' || c.creator_id === request.userId)
      .sort((a, b) => a.id - b.id);
    const counts = dashboardCounts(state);
    return ok(cards.map((c) => presentCard(state, c, false, counts)));
  });

  router.on('POST', '/api/card', (request) => {
    const body = new BodyCheck(request.body)
      .nonBlank('name')
      .map('dataset_query')
      .nonBlank('display')
      .map('visualization_settings')
      .oneOf('type', cardTypes)
      .nonBlank('description', { required: false, nullable: true })
      .positiveInt('collection_position')
      .array('parameters')
      .array('parameter_mappings')
      .done();
    const collectionId = body['collection_id'];
    if (
      collectionId !== undefined &&
      collectionId !== null &&
      !(typeof collectionId === 'number' && collectionId > 0)
    ) {
      throw validationError({ collection_id: 'value must be an integer greater than zero.' });
    }
    const query = toMbql5(body['dataset_query'] as JsonRecord);
    checkReferences(state, query, collectionId);
    const now = state.timestamp();
    const id = state.nextId('card');
    const parameters =
      Array.isArray(body['parameters']) && body['parameters'].length > 0
        ? body['parameters']
        : parametersFromTags(query);
    const card: CardRec = {
      id,
      entity_id: entityId(),
      name: String(body['name']),
      description: typeof body['description'] === 'string' ? body['description'] : null,
      display: String(body['display']),
      type: typeof body['type'] === 'string' ? body['type'] : 'question',
      collection_id: typeof collectionId === 'number' ? collectionId : null,
      collection_position:
        typeof body['collection_position'] === 'number' ? body['collection_position'] : null,
      archived: false,
      archived_directly: false,
      dataset_query: query,
      visualization_settings: body['visualization_settings'] as JsonRecord,
      parameters,
      parameter_mappings: Array.isArray(body['parameter_mappings'])
        ? body['parameter_mappings']
        : [],
      database_id: typeof query['database'] === 'number' ? query['database'] : null,
      creator_id: request.userId,
      created_at: now,
      updated_at: now,
    };
    state.cards.set(id, card);
    return ok(presentCard(state, card));
  });

  router.on('GET', '/api/card/:id', (request) =>
    ok(presentCard(state, findCard(state, request), boolQuery(request, 'legacy-mbql'))),
  );

  router.on('PUT', '/api/card/:id', (request) => {
    const card = findCard(state, request);
    const body = new BodyCheck(request.body)
      .nonBlank('name', { required: false, nullable: true })
      .map('dataset_query', { required: false, nullable: true })
      .nonBlank('display', { required: false, nullable: true })
      .map('visualization_settings', { required: false, nullable: true })
      .oneOf('type', cardTypes)
      .string('description')
      .positiveInt('collection_id')
      .positiveInt('collection_position')
      .boolean('archived')
      .array('parameters')
      .array('parameter_mappings')
      .done();
    let query = card.dataset_query;
    if (isRecord(body['dataset_query'])) {
      query = toMbql5(body['dataset_query']);
      checkReferences(state, query, body['collection_id']);
    } else if (
      typeof body['collection_id'] === 'number' &&
      !state.collections.has(body['collection_id'])
    ) {
      throw notFound();
    }
    if (typeof body['name'] === 'string') card.name = body['name'];
    if ('description' in body)
      card.description = typeof body['description'] === 'string' ? body['description'] : null;
    if (typeof body['display'] === 'string') card.display = body['display'];
    if (typeof body['type'] === 'string') card.type = body['type'];
    if ('collection_id' in body)
      card.collection_id = typeof body['collection_id'] === 'number' ? body['collection_id'] : null;
    if ('collection_position' in body) {
      card.collection_position =
        typeof body['collection_position'] === 'number' ? body['collection_position'] : null;
    }
    if (isRecord(body['visualization_settings']))
      card.visualization_settings = body['visualization_settings'];
    if (isRecord(body['dataset_query'])) {
      card.dataset_query = query;
      card.database_id = typeof query['database'] === 'number' ? query['database'] : null;
      if (!Array.isArray(body['parameters'])) card.parameters = parametersFromTags(query);
    }
    if (Array.isArray(body['parameters'])) card.parameters = body['parameters'];
    if (Array.isArray(body['parameter_mappings']))
      card.parameter_mappings = body['parameter_mappings'];
    if (typeof body['archived'] === 'boolean' && body['archived'] !== card.archived) {
      card.archived = body['archived'];
      card.archived_directly = body['archived'];
    }
    card.updated_at = state.timestamp();
    return ok(presentCard(state, card));
  });

  router.on('DELETE', '/api/card/:id', (request) => {
    const card = findCard(state, request);
    state.cards.delete(card.id);
    for (const dashboard of state.dashboards.values()) {
      dashboard.dashcards = dashboard.dashcards.filter((dc) => dc.card_id !== card.id);
    }
    return { status: 204 };
  });
};
