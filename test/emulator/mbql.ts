import { randomUUID } from 'node:crypto';
import { HttpError, isRecord } from './http-kit.ts';
import type { Json, JsonRecord } from './http-kit.ts';

/**
 * MBQL 4 ⇄ MBQL 5 for what the emulator stores. v0.57+ keeps queries as MBQL 5 and returns them so;
 * `?legacy-mbql=true` converts back. Template-tag dimension refs stay in MBQL 4 form on 0.58 (the
 * MBQL 5 form arrives in 0.61), and the tags stay a map (a list arrives in 0.63).
 */

export function toMbql5(query: JsonRecord): JsonRecord {
  if (query['lib/type'] === 'mbql/query') {
    if (!Array.isArray(query['stages']) || query['stages'].length === 0) {
      throw new HttpError(400, { message: 'Invalid MBQL 5 query: no stages.' });
    }
    return query;
  }
  const database = query['database'];
  if (query['type'] === 'native') {
    const native = query['native'];
    if (!isRecord(native) || typeof native['query'] !== 'string') {
      throw new HttpError(400, { message: 'Invalid native query: native.query must be a string.' });
    }
    const stage: JsonRecord = { 'lib/type': 'mbql.stage/native', native: native['query'] };
    const tags = native['template-tags'];
    // An empty template-tags map is simply absent in MBQL 5 (recorded/mbql5/card/30.json).
    if (isRecord(tags) && Object.keys(tags).length > 0) stage['template-tags'] = tags;
    // Queries converted from MBQL 4 carry this marker (every recorded 0.57 card has it).
    return {
      'lib/type': 'mbql/query',
      stages: [stage],
      database: database ?? null,
      'lib.convert/converted?': true,
    };
  }
  if (query['type'] === 'query' && isRecord(query['query'])) {
    const inner = query['query'];
    const stage: JsonRecord = { 'lib/type': 'mbql.stage/mbql' };
    for (const [key, value] of Object.entries(inner)) {
      if (key === 'source-table' && typeof value === 'string' && value.startsWith('card__')) {
        stage['source-card'] = Number(value.slice('card__'.length));
      } else stage[key] = value;
    }
    return {
      'lib/type': 'mbql/query',
      stages: [stage],
      database: database ?? null,
      'lib.convert/converted?': true,
    };
  }
  throw new HttpError(400, {
    message: 'Invalid query: expected type "native" or "query", or an MBQL 5 query.',
  });
}

export function toLegacy(query: JsonRecord): JsonRecord {
  const stages = query['stages'];
  const first: Json | undefined = Array.isArray(stages) ? stages[0] : undefined;
  if (!isRecord(first)) return query;
  const database = query['database'] ?? null;
  if (first['lib/type'] === 'mbql.stage/native') {
    return {
      database,
      type: 'native',
      native: {
        query: first['native'] ?? '',
        'template-tags': isRecord(first['template-tags']) ? first['template-tags'] : {},
      },
    };
  }
  const inner: JsonRecord = {};
  for (const [key, value] of Object.entries(first)) {
    if (key === 'lib/type') continue;
    if (key === 'source-card' && typeof value === 'number')
      inner['source-table'] = `card__${value}`;
    else inner[key] = value;
  }
  return { database, type: 'query', query: inner };
}

export function nativeTemplateTags(query: JsonRecord): JsonRecord {
  const stages = query['stages'];
  const first: Json | undefined = Array.isArray(stages) ? stages[0] : undefined;
  return isRecord(first) && isRecord(first['template-tags']) ? first['template-tags'] : {};
}

export function isNative(query: JsonRecord): boolean {
  const stages = query['stages'];
  const first: Json | undefined = Array.isArray(stages) ? stages[0] : undefined;
  return isRecord(first) && first['lib/type'] === 'mbql.stage/native';
}

/**
 * A stored MBQL 5 query as the configured line answers it: on 0.63 the native stage's
 * template-tags are a list and their dimension refs MBQL 5 (`["field", {opts}, id]`).
 */
export function presentQuery(
  query: JsonRecord,
  profile: { readonly templateTagsAsList: boolean; readonly mbql5DimensionRefs: boolean },
): JsonRecord {
  const stages = query['stages'];
  const first: Json | undefined = Array.isArray(stages) ? stages[0] : undefined;
  if (!isRecord(first) || !isRecord(first['template-tags'])) return query;
  const tags = Object.values(first['template-tags']).map((tag): Json => {
    if (!isRecord(tag) || !profile.mbql5DimensionRefs) return tag;
    const dimension = tag['dimension'];
    if (!Array.isArray(dimension) || dimension[0] !== 'field' || typeof dimension[1] !== 'number') {
      return tag;
    }
    const options = isRecord(dimension[2]) ? dimension[2] : {};
    return { ...tag, dimension: ['field', { 'lib/uuid': randomUUID(), ...options }, dimension[1]] };
  });
  const templateTags: Json = profile.templateTagsAsList ? tags : first['template-tags'];
  return {
    ...query,
    stages: [{ ...first, 'template-tags': templateTags }, ...(stages as Json[]).slice(1)],
  };
}
