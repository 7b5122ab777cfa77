import type {
  DesiredQuestion,
  TemplateTag as DesiredTag,
} from '../../../desired/metabase/model.ts';
import type { TemplateTag as ObservedTag } from '../../../metabase/card-query.ts';
import type { Card } from '../../../metabase/types.ts';
import { idOrNull } from '../kind-planner.ts';
import type { IdNames } from '../managed-index.ts';
import { descriptionWithoutKey } from '../metabase-key-marker.ts';

/** A native question as we compare it: ids replaced by our keys and by view column names. */
export function desiredQuestionForm(q: DesiredQuestion) {
  return {
    name: q.name,
    description: q.description,
    collection: q.collection,
    display: q.display,
    sql: q.sql,
    // Metabase keeps template tags in a map: their order means nothing.
    templateTags: [...q.templateTags].sort(byName).map(desiredTag),
    visualizationSettings: q.visualizationSettings,
  };
}

export function observedQuestionForm(card: Card, names: IdNames) {
  const native = card.query.kind === 'native' ? card.query : null;
  return {
    name: card.name,
    // Our key marker is bookkeeping, not content.
    description: descriptionWithoutKey(card.description),
    collection: names.collectionKey(card.collectionId) ?? idOrNull(card.collectionId),
    display: card.display,
    // A GUI question in place of our native one is drift like any other: show it as such.
    sql: native?.query ?? '(not a native SQL question)',
    templateTags: native
      ? Object.values(native.templateTags)
          .sort(byName)
          .map((t) => observedTag(t, names))
      : [],
    visualizationSettings: card.visualizationSettings,
  };
}

function desiredTag(tag: DesiredTag) {
  return {
    name: tag.name,
    id: tag.id,
    type: tag.type,
    displayName: tag.displayName,
    required: tag.required,
    // Field filters carry no default in our model; Metabase returns none for them either.
    default: tag.type === 'dimension' ? null : tag.default,
    // A field filter's field compares by view column name: its id exists only after sync.
    dimension:
      tag.type === 'dimension'
        ? `${tag.dimension.schema}.${tag.dimension.view}.${tag.dimension.column}`
        : null,
    // Metabase keeps a widget type on other tags too; we set it on field filters only.
    widgetType: tag.type === 'dimension' ? tag.widgetType : null,
  };
}

function observedTag(tag: ObservedTag, names: IdNames) {
  return {
    name: tag.name,
    id: tag.id,
    type: tag.type,
    displayName: tag.displayName,
    required: tag.required,
    default: tag.type === 'dimension' ? null : tag.default,
    // A field id we cannot name stays visible as `#id`.
    dimension: tag.dimension
      ? (names.fieldName(tag.dimension.fieldId) ?? `#${tag.dimension.fieldId}`)
      : null,
    widgetType: tag.type === 'dimension' ? tag.widgetType : null,
  };
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name.localeCompare(b.name);
}
