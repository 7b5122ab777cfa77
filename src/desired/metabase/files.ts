import { Document, isScalar, isSeq, visit } from 'yaml';
import { InternalError } from '../../errors.ts';
import type { OutputFile } from '../output-file.ts';
import { compareKeys, keyParts, keys } from './keys.ts';
import type {
  CollectionKey,
  DesiredCollection,
  DesiredDashboard,
  DesiredMetabaseState,
  DesiredQuestion,
  DesiredSubscription,
  ScheduleOutcome,
  TemplateTag,
} from './model.ts';

/**
 * The desired state as files: one YAML document per question and per dashboard (its
 * subscriptions inside it), plus `dashboards/_collections.yaml` and `dashboards/_settings.yaml`.
 * File names carry the key's legacy ids first, so a rename changes only the readable tail.
 * Field order is fixed here, independent of how the objects were built, so output is stable.
 */

const collectionsFile = 'dashboards/_collections.yaml';
const settingsFile = 'dashboards/_settings.yaml';

/** ASCII, lower case, dashes; accents dropped. */
function slugify(text: string, maxLength = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug === '' ? 'untitled' : slug;
}

function folderOf(key: CollectionKey, collections: ReadonlyMap<string, DesiredCollection>): string {
  const [kind, id] = keyParts(key);
  if (key === keys.deliveriesCollection) return 'scheduled-deliveries';
  if (key === keys.overviewCollection) return 'compliance-overview';
  if (kind === 'custom' && id !== undefined) return `custom/${id}`;
  const collection = collections.get(key);
  if (kind === 'category' && collection !== undefined) return slugify(collection.name);
  return keyParts(key).join('-');
}

/** `question:delivery:135:1003` → `135-1003`; `question:overview:records` → `records`. */
function idPart(key: string): string {
  return keyParts(key).slice(1).join('-');
}

function questionPath(
  q: DesiredQuestion,
  collections: ReadonlyMap<string, DesiredCollection>,
): string {
  const id = idPart(q.key);
  const tail = q.key.startsWith('question:overview:') ? id : `${id}-${slugify(q.name)}`;
  return `questions/${folderOf(q.collection, collections)}/${tail}.yaml`;
}

function dashboardPath(d: DesiredDashboard): string {
  const [kind] = keyParts(d.key);
  if (kind === 'category') return `dashboards/category-${idPart(d.key)}-${slugify(d.name)}.yaml`;
  if (kind === 'delivery')
    return `dashboards/scheduled-deliveries/${idPart(d.key)}-${slugify(d.name)}.yaml`;
  return `dashboards/${keyParts(d.key).join('-')}.yaml`;
}

function tagDocument(tag: TemplateTag): Record<string, unknown> {
  const base = {
    name: tag.name,
    id: tag.id,
    displayName: tag.displayName,
    type: tag.type,
    required: tag.required,
  };
  return tag.type === 'dimension'
    ? {
        ...base,
        dimension: {
          schema: tag.dimension.schema,
          view: tag.dimension.view,
          column: tag.dimension.column,
        },
        widgetType: tag.widgetType,
      }
    : { ...base, default: tag.default };
}

function questionDocument(q: DesiredQuestion): Record<string, unknown> {
  const viz = q.visualizationSettings;
  return {
    kind: 'question',
    key: q.key,
    name: q.name,
    description: q.description,
    collection: q.collection,
    display: q.display,
    sql: q.sql,
    templateTags: q.templateTags.map(tagDocument),
    visualizationSettings: {
      column_settings: viz.column_settings,
      ...(viz['graph.dimensions'] === undefined
        ? {}
        : { 'graph.dimensions': viz['graph.dimensions'] }),
      ...(viz['graph.metrics'] === undefined ? {} : { 'graph.metrics': viz['graph.metrics'] }),
    },
  };
}

function subscriptionDocument(s: DesiredSubscription): Record<string, unknown> {
  const c = s.channel;
  return {
    key: s.key,
    name: s.name,
    channel: {
      schedule_type: c.schedule_type,
      schedule_day: c.schedule_day,
      schedule_hour: c.schedule_hour,
      schedule_frame: c.schedule_frame,
      recipients: c.recipients.map((r) => ({ email: r.email })),
    },
    cards: s.cards.map((card) => ({
      question: card.question,
      includeCsv: card.includeCsv,
      includeXls: card.includeXls,
      formatRows: card.formatRows,
    })),
    skipIfEmpty: s.skipIfEmpty,
  };
}

function dashboardDocument(
  d: DesiredDashboard,
  subscriptions: readonly DesiredSubscription[],
): Record<string, unknown> {
  return {
    kind: 'dashboard',
    key: d.key,
    name: d.name,
    description: d.description,
    collection: d.collection,
    parameters: d.parameters.map((p) => ({
      id: p.id,
      name: p.name,
      slug: p.slug,
      type: p.type,
      sectionId: p.sectionId,
      default: p.default,
      required: p.required,
    })),
    dashcards: d.dashcards.map((c) => ({
      question: c.question,
      row: c.row,
      col: c.col,
      sizeX: c.sizeX,
      sizeY: c.sizeY,
      parameterMappings: c.parameterMappings.map((m) => ({
        parameterId: m.parameterId,
        target: m.target,
      })),
    })),
    ...(subscriptions.length === 0
      ? {}
      : { subscriptions: subscriptions.map(subscriptionDocument) }),
  };
}

const weekdayRank: Readonly<Record<string, string>> = {
  sun: '0',
  mon: '1',
  tue: '2',
  wed: '3',
  thu: '4',
  fri: '5',
  sat: '6',
};

/** Readers expect `schedule:4:mon` before `schedule:4:tue`, not alphabetical days. */
function byWeekdayAwareKey(a: { readonly key: string }, b: { readonly key: string }): number {
  const rank = (key: string): string =>
    key.replace(
      /:(sun|mon|tue|wed|thu|fri|sat)$/,
      (_, day: string) => `:${weekdayRank[day] ?? day}`,
    );
  return compareKeys(rank(a.key), rank(b.key));
}

function render(source: string, document: Record<string, unknown>): string {
  const header = `# Generated by dtx-reports generate from ${source.replace(/[\r\n]+/g, ' ')}; do not edit by hand.\n`;
  // No anchors/aliases (shared objects would become &a1/*a1) and no folding of long lines.
  const doc = new Document(document, { aliasDuplicateObjects: false });
  // Mapping targets read best the way Metabase writes them: ["dimension", ["template-tag", "x"]].
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'target' && isSeq(pair.value))
        pair.value.flow = true;
    },
  });
  return header + doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

/** Every file for the state, sorted by path. `source` names the legacy export in the header. */
export function metabaseStateFiles(
  state: DesiredMetabaseState,
  source: string,
): readonly OutputFile[] {
  const collections = new Map(state.collections.map((c) => [c.key, c]));
  const files: OutputFile[] = [
    {
      path: settingsFile,
      content: render(source, { kind: 'settings', reportTimezone: state.settings.reportTimezone }),
    },
    {
      path: collectionsFile,
      content: render(source, {
        kind: 'collections',
        collections: state.collections.map((c) => ({
          key: c.key,
          name: c.name,
          parent: c.parent,
          description: c.description,
        })),
      }),
    },
    ...state.questions.map((q) => ({
      path: questionPath(q, collections),
      content: render(source, questionDocument(q)),
    })),
    ...state.dashboards.map((d) => ({
      path: dashboardPath(d),
      content: render(
        source,
        dashboardDocument(
          d,
          [...state.subscriptions.filter((s) => s.dashboard === d.key)].sort(byWeekdayAwareKey),
        ),
      ),
    })),
  ];
  const orphans = state.subscriptions.filter(
    (s) => !state.dashboards.some((d) => d.key === s.dashboard),
  );
  if (orphans.length > 0) {
    throw new InternalError(
      `Subscriptions without a dashboard: ${orphans.map((s) => s.key).join(', ')}`,
    );
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new InternalError(`Two Metabase objects map to the file ${f.path}`);
    seen.add(f.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** manifest.json `schedules`: Metabase spelling inside `pulses`, recipients as plain addresses. */
export function manifestSchedules(
  outcomes: readonly ScheduleOutcome[],
): readonly Record<string, unknown>[] {
  return outcomes.map((o) => ({
    legacyId: o.legacyId,
    reportId: o.reportId,
    customerId: o.customerId,
    status: o.status,
    ...(o.reason === null ? {} : { reason: o.reason }),
    ...(o.dashboard === null ? {} : { dashboard: o.dashboard }),
    pulses: o.pulses.map((p, i) => ({
      subscription: o.subscriptions[i],
      schedule_type: p.schedule_type,
      ...(p.schedule_day === null ? {} : { schedule_day: p.schedule_day }),
      schedule_hour: p.schedule_hour,
      ...(p.schedule_frame === null ? {} : { schedule_frame: p.schedule_frame }),
      recipients: p.recipients.map((r) => r.email),
    })),
  }));
}
