import { isJsonObject } from './json.ts';
import type { JsonObject, JsonValue } from './json.ts';

/**
 * One shape for a card's query whatever the Metabase version returned: MBQL 4 (`native.query`,
 * template-tags map), MBQL 5 (`stages[0].native`, template-tags map on 0.57–0.62, a list on 0.63+),
 * field refs `["field", id, opts]` (MBQL 4) or `["field", opts, id]` (MBQL 5, 0.61+).
 * Desired and observed queries are compared in this form only.
 */

export const templateTagTypes = [
  'text',
  'number',
  'date',
  'boolean',
  'dimension',
  'temporal-unit',
  'snippet',
  'card',
  // A table variable (0.59+; lib/schema/template_tag.cljc `::source-table`).
  'table',
] as const;
export type TemplateTagType = (typeof templateTagTypes)[number];

/** A field reference with server-derived options (lib/uuid, base-type, effective-type) removed. */
export interface FieldRef {
  readonly fieldId: number | string;
  readonly options: JsonObject | null;
}

export interface TemplateTag {
  readonly name: string;
  readonly displayName: string;
  readonly type: TemplateTagType;
  /** Metabase's own random id for the tag; the provisioner keeps it stable, compare ignores it. */
  readonly id: string | null;
  readonly required: boolean;
  readonly default: JsonValue;
  /** Field filters and temporal-unit tags only. */
  readonly dimension: FieldRef | null;
  readonly widgetType: string | null;
  readonly alias: string | null;
  readonly options: JsonObject | null;
  readonly snippetName: string | null;
  readonly snippetId: number | null;
  readonly cardId: number | null;
}

export interface NativeQuery {
  readonly kind: 'native';
  readonly database: number;
  readonly query: string;
  readonly templateTags: Readonly<Record<string, TemplateTag>>;
}

/** GUI (query builder) questions: we never manage them, only need to list them without failing. */
export interface StructuredQuery {
  readonly kind: 'structured';
  readonly database: number | null;
}

/**
 * A query this version of the tool cannot read (a template-tag type or shape Metabase added after
 * it was written). Harmless on a card we do not manage; the observer refuses it on a managed one.
 */
export interface UnreadableQuery {
  readonly kind: 'unreadable';
  readonly problem: string;
}

export type CardQuery = NativeQuery | StructuredQuery | UnreadableQuery;

export class QueryShapeError extends Error {
  override readonly name = 'QueryShapeError';
}

/** Options Metabase adds by itself when it stores a ref; they are not part of what we asked for. */
const serverDerivedRefOptions = new Set(['lib/uuid', 'base-type', 'effective-type']);

function cleanRefOptions(options: JsonValue | undefined): JsonObject | null {
  if (!isJsonObject(options)) return null;
  const kept = Object.entries(options).filter(([key]) => !serverDerivedRefOptions.has(key));
  return kept.length === 0 ? null : Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b)));
}

/** `["field", 12, null]` (MBQL 4) and `["field", {"lib/uuid": …}, 12]` (MBQL 5) give the same ref. */
export function normaliseFieldRef(ref: JsonValue | undefined): FieldRef | null {
  if (!Array.isArray(ref) || ref[0] !== 'field' || ref.length < 2) return null;
  const second: JsonValue | undefined = ref[1];
  const third: JsonValue | undefined = ref[2];
  if (typeof second === 'number' || typeof second === 'string') {
    return { fieldId: second, options: cleanRefOptions(third) };
  }
  if (isJsonObject(second) && (typeof third === 'number' || typeof third === 'string')) {
    return { fieldId: third, options: cleanRefOptions(second) };
  }
  return null;
}

/** The MBQL 4 spelling, which every version we target accepts on write. */
export function legacyFieldRef(ref: FieldRef): JsonValue {
  return ['field', ref.fieldId, ref.options];
}

function stringOrNull(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOrNull(value: JsonValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

function normaliseTemplateTag(raw: JsonObject, fallbackName: string | null): TemplateTag {
  const name = stringOrNull(raw['name']) ?? fallbackName;
  if (name === null) throw new QueryShapeError('a template tag has no name');
  const type = raw['type'];
  if (typeof type !== 'string' || !(templateTagTypes as readonly string[]).includes(type)) {
    throw new QueryShapeError(`template tag "${name}" has unknown type ${JSON.stringify(type)}`);
  }
  return {
    name,
    displayName: stringOrNull(raw['display-name']) ?? name,
    type: type as TemplateTagType,
    id: stringOrNull(raw['id']),
    required: raw['required'] === true,
    default: raw['default'] ?? null,
    dimension: normaliseFieldRef(raw['dimension']),
    widgetType: stringOrNull(raw['widget-type']),
    alias: stringOrNull(raw['alias']),
    options: isJsonObject(raw['options']) ? raw['options'] : null,
    snippetName: stringOrNull(raw['snippet-name']),
    snippetId: numberOrNull(raw['snippet-id']),
    cardId: numberOrNull(raw['card-id']),
  };
}

/** Template tags come as a map keyed by name (≤ 0.62) or as a list (0.63+). Sorted by name. */
function normaliseTemplateTags(raw: JsonValue | undefined): Readonly<Record<string, TemplateTag>> {
  const tags: TemplateTag[] = [];
  if (Array.isArray(raw)) {
    for (const item of raw as readonly JsonValue[]) {
      if (!isJsonObject(item)) throw new QueryShapeError('a template tag is not an object');
      tags.push(normaliseTemplateTag(item, null));
    }
  } else if (isJsonObject(raw)) {
    for (const [key, item] of Object.entries(raw)) {
      if (!isJsonObject(item)) throw new QueryShapeError(`template tag "${key}" is not an object`);
      tags.push(normaliseTemplateTag(item, key));
    }
  } else if (raw !== undefined && raw !== null) {
    throw new QueryShapeError('template-tags is neither a map nor a list');
  }
  tags.sort((a, b) => a.name.localeCompare(b.name));
  return Object.fromEntries(tags.map((tag) => [tag.name, tag]));
}

/** Normalises a card's `dataset_query` in MBQL 4 or MBQL 5 form. */
export function normaliseDatasetQuery(raw: JsonValue): CardQuery {
  if (!isJsonObject(raw)) throw new QueryShapeError('dataset_query is not an object');
  const database = numberOrNull(raw['database']);
  if (raw['lib/type'] === 'mbql/query') {
    const stages = raw['stages'];
    const first: JsonValue | undefined = Array.isArray(stages) ? stages[0] : undefined;
    if (!isJsonObject(first)) throw new QueryShapeError('MBQL 5 query has no stages');
    if (first['lib/type'] !== 'mbql.stage/native') return { kind: 'structured', database };
    const sql = first['native'];
    if (typeof sql !== 'string') throw new QueryShapeError('native stage has no SQL string');
    if (database === null) throw new QueryShapeError('native query has no database');
    return {
      kind: 'native',
      database,
      query: sql,
      templateTags: normaliseTemplateTags(first['template-tags']),
    };
  }
  if (raw['type'] === 'native') {
    const native = raw['native'];
    if (!isJsonObject(native) || typeof native['query'] !== 'string') {
      throw new QueryShapeError('native query has no native.query string');
    }
    if (database === null) throw new QueryShapeError('native query has no database');
    return {
      kind: 'native',
      database,
      query: native['query'],
      templateTags: normaliseTemplateTags(native['template-tags']),
    };
  }
  return { kind: 'structured', database };
}

function legacyTemplateTag(tag: TemplateTag): JsonObject {
  const out: Record<string, JsonValue> = {
    name: tag.name,
    'display-name': tag.displayName,
    type: tag.type,
  };
  if (tag.id !== null) out['id'] = tag.id;
  if (tag.required) out['required'] = true;
  if (tag.default !== null) out['default'] = tag.default;
  if (tag.dimension !== null) out['dimension'] = legacyFieldRef(tag.dimension);
  if (tag.widgetType !== null) out['widget-type'] = tag.widgetType;
  if (tag.alias !== null) out['alias'] = tag.alias;
  if (tag.options !== null) out['options'] = tag.options;
  if (tag.snippetName !== null) out['snippet-name'] = tag.snippetName;
  if (tag.snippetId !== null) out['snippet-id'] = tag.snippetId;
  if (tag.cardId !== null) out['card-id'] = tag.cardId;
  return out;
}

/**
 * The MBQL 4 form we send on create/update: every version from 0.50 to 0.63 accepts it, while
 * MBQL 5 input is only accepted from 0.57.
 */
export function toLegacyDatasetQuery(query: NativeQuery): JsonObject {
  const tags = Object.fromEntries(
    Object.values(query.templateTags)
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((tag) => [tag.name, legacyTemplateTag(tag)]),
  );
  return {
    database: query.database,
    type: 'native',
    native: { query: query.query, 'template-tags': tags },
  };
}
