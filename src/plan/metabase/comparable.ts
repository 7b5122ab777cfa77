import type {
  DesiredCollection,
  DesiredDashboard,
  DesiredQuestion,
  DesiredSubscription,
  TemplateTag as DesiredTag,
} from '../../desired/metabase/model.ts';
import type { Card, Collection, Dashboard, Field, Pulse, Table } from '../../metabase/types.ts';
import type { TemplateTag as ObservedTag } from '../../metabase/native-query.ts';
import { descriptionWithoutKey, keyPlaceOfPulse } from './managed-marker.ts';
import type { DesiredFieldMetadata, DesiredTableMetadata } from './desired-metadata.ts';

/**
 * The comparable form of each kind: only what we manage, with Metabase ids replaced by our keys
 * (collections, questions, dashboards) or by view/column names (fields), so desired and observed
 * objects compare equal exactly when nothing needs doing — before any object has an id.
 * Each rule that drops or rewrites something says why.
 */

/** Lookups from Metabase ids to what they stand for in our terms. */
export interface IdNames {
  readonly collectionKey: (id: number | null) => string | null;
  readonly questionKey: (id: number | null) => string | null;
  readonly dashboardKey: (id: number | null) => string | null;
  /** Field id → `schema.view.column` (from the synced metadata). */
  readonly fieldName: (id: number | string) => string | null;
}

// ---- collections ----

export function desiredCollection(c: DesiredCollection) {
  return { name: c.name, description: c.description ?? '', parent: c.parent };
}

export function observedCollection(c: Collection, names: IdNames) {
  return {
    name: c.name,
    description: descriptionWithoutKey(c.description),
    parent: c.parentId === null ? null : (names.collectionKey(c.parentId) ?? `#${c.parentId}`),
  };
}

// ---- questions ----

function desiredTag(tag: DesiredTag) {
  return {
    name: tag.name,
    id: tag.id,
    type: tag.type,
    displayName: tag.displayName,
    required: tag.required,
    // Field filters carry no default in our model; Metabase returns none for them either.
    default: tag.type === 'dimension' ? null : tag.default,
    dimension:
      tag.type === 'dimension'
        ? `${tag.dimension.schema}.${tag.dimension.view}.${tag.dimension.column}`
        : null,
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
    dimension: tag.dimension
      ? (names.fieldName(tag.dimension.fieldId) ?? `#${tag.dimension.fieldId}`)
      : null,
    widgetType: tag.type === 'dimension' ? tag.widgetType : null,
  };
}

export function desiredQuestion(q: DesiredQuestion) {
  return {
    name: q.name,
    description: q.description,
    collection: q.collection,
    display: q.display,
    sql: q.sql,
    templateTags: [...q.templateTags].sort(byName).map(desiredTag),
    visualizationSettings: q.visualizationSettings,
  };
}

export function observedQuestion(card: Card, names: IdNames) {
  const native = card.query.kind === 'native' ? card.query : null;
  return {
    name: card.name,
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

// ---- dashboards ----

export function desiredDashboardForm(d: DesiredDashboard) {
  return {
    name: d.name,
    description: d.description,
    collection: d.collection,
    parameters: [...d.parameters]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({
        id: p.id,
        name: p.name,
        slug: p.slug,
        type: p.type,
        sectionId: p.sectionId,
        default: p.default,
        required: p.required,
      })),
    dashcards: [...d.dashcards]
      .sort((a, b) => a.row - b.row || a.col - b.col)
      .map((c) => ({
        question: c.question,
        row: c.row,
        col: c.col,
        sizeX: c.sizeX,
        sizeY: c.sizeY,
        parameterMappings: [...c.parameterMappings]
          .map((m) => ({ parameterId: m.parameterId, target: m.target }))
          .sort(byParameterId),
      })),
  };
}

export function observedDashboardForm(d: Dashboard, names: IdNames) {
  return {
    name: d.name,
    description: descriptionWithoutKey(d.description),
    collection: names.collectionKey(d.collectionId) ?? idOrNull(d.collectionId),
    parameters: [...d.parameters]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({
        id: p.id,
        name: p.name,
        slug: p.slug,
        type: p.type,
        sectionId: p.sectionId,
        // Metabase keeps "no default" as an absent key; our files say null.
        default: p.default ?? null,
        required: p.required,
      })),
    dashcards: [...d.dashcards]
      .sort((a, b) => a.row - b.row || a.col - b.col)
      .map((c) => ({
        question: names.questionKey(c.cardId) ?? idOrNull(c.cardId),
        row: c.row,
        col: c.col,
        sizeX: c.sizeX,
        sizeY: c.sizeY,
        parameterMappings: c.parameterMappings
          .map((m) => ({ parameterId: m.parameterId, target: m.target }))
          .sort(byParameterId),
      })),
  };
}

// ---- subscriptions ----

// The name is not compared: Metabase renames every subscription to its dashboard's name on each
// dashboard update (pulse/events/dashboard_subscription.clj) and uses it for nothing else.
export function desiredSubscriptionForm(s: DesiredSubscription) {
  return {
    // Where the key is kept: a subscription still keyed by its old name suffix is moved over.
    keyIn: 'channel details' as string,
    dashboard: s.dashboard,
    skipIfEmpty: s.skipIfEmpty,
    schedule: {
      type: s.channel.schedule_type,
      day: s.channel.schedule_day,
      hour: s.channel.schedule_hour,
      frame: s.channel.schedule_frame,
    },
    recipients: s.channel.recipients.map((r) => r.email).sort(),
    cards: [...s.cards]
      .map((c) => ({
        question: c.question,
        includeCsv: c.includeCsv,
        includeXls: c.includeXls,
        formatRows: c.formatRows,
      }))
      .sort((a, b) => a.question.localeCompare(b.question)),
  };
}

export function observedSubscriptionForm(p: Pulse, names: IdNames) {
  // We create exactly one email channel per pulse; anything else is drift to show.
  const email = p.channels.find((c) => c.channelType === 'email' && c.enabled);
  return {
    keyIn: keyPlaceOfPulse(p)?.place === 'name' ? 'name' : 'channel details',
    dashboard: names.dashboardKey(p.dashboardId) ?? idOrNull(p.dashboardId),
    skipIfEmpty: p.skipIfEmpty,
    schedule: email
      ? {
          type: email.scheduleType,
          day: email.scheduleDay,
          hour: email.scheduleHour,
          frame: email.scheduleFrame,
        }
      : null,
    recipients: (email?.recipients ?? [])
      .map((r) => ('email' in r ? r.email : `user #${r.id}`))
      .sort(),
    cards: p.cards
      .map((c) => ({
        question: names.questionKey(c.id) ?? `#${c.id}`,
        includeCsv: c.includeCsv,
        includeXls: c.includeXls,
        formatRows: c.formatRows,
      }))
      .sort((a, b) => a.question.localeCompare(b.question)),
  };
}

// ---- table and field metadata ----

export function desiredTableForm(t: DesiredTableMetadata) {
  return { displayName: t.displayName, description: t.description };
}

export function observedTableForm(t: Table) {
  return { displayName: t.displayName, description: t.description ?? null };
}

// semanticType and hasFieldValues are compared only where the desired value is not null: a null
// leaves them to Metabase (its analysis fills semantic types in after every sync).
export function desiredFieldForm(f: DesiredFieldMetadata) {
  return {
    displayName: f.displayName,
    description: f.description,
    ...(f.semanticType === null ? {} : { semanticType: f.semanticType }),
    visibility: f.visibility,
    ...(f.hasFieldValues === null ? {} : { hasFieldValues: f.hasFieldValues }),
  };
}

export function observedFieldForm(f: Field, desired: DesiredFieldMetadata) {
  return {
    displayName: f.displayName,
    description: f.description ?? null,
    ...(desired.semanticType === null ? {} : { semanticType: f.semanticType ?? null }),
    visibility: f.visibilityType,
    ...(desired.hasFieldValues === null ? {} : { hasFieldValues: f.hasFieldValues }),
  };
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name.localeCompare(b.name);
}

function byParameterId(
  a: { readonly parameterId: string },
  b: { readonly parameterId: string },
): number {
  return a.parameterId.localeCompare(b.parameterId);
}

/** An id that is not one of ours stays visible in the diff (`#12`), so drift is never hidden. */
function idOrNull(id: number | null): string | null {
  return id === null ? null : `#${id}`;
}
