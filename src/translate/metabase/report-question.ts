import type { Report } from '../../legacy/types.ts';
import type { ReportView } from '../../desired/report-view.ts';
import { columnSettings, columnSettingsKey, selectExpression } from './column-formatting.ts';
import type {
  CollectionKey,
  ColumnSettings,
  DesiredQuestion,
  QuestionKey,
  TemplateTag,
} from '../../desired/metabase/model.ts';
import { qualifiedNameAlways, quoteIdentAlways } from '../../sql/sql-quote.ts';
import { templateTagId } from '../../desired/metabase/stable-ids.ts';
import { tagNames } from '../../desired/metabase/template-tag-names.ts';

/**
 * A question over one report view: the report's columns in legacy order and its filters.
 * Tag names double as dashboard parameter slugs, so dashboards wire by name.
 */

/** Which restrictions a question carries. */
export interface QuestionScope {
  /** Legacy customer id the rows are restricted to (required parameter), or null for all. */
  readonly customerId: number | null;
  /** Analyst filters (service org, client, date); delivery questions have none. */
  readonly analystFilters: boolean;
}

export interface QuestionSpec {
  readonly key: QuestionKey;
  readonly name: string;
  readonly description: string;
  readonly collection: CollectionKey;
  readonly view: ReportView;
  readonly scope: QuestionScope;
}

function reportTags(spec: QuestionSpec): readonly TemplateTag[] {
  const { view, scope, key } = spec;
  const ref = (column: string) => ({ schema: view.schema, view: view.name, column });
  const tags: TemplateTag[] = [];
  if (scope.customerId !== null) {
    tags.push({
      name: tagNames.customer,
      id: templateTagId(key, tagNames.customer),
      displayName: 'Customer (legacy id)',
      type: 'number',
      required: true,
      default: scope.customerId,
    });
  }
  if (view.filters.dayCount !== null) {
    if (view.numDays === null) {
      throw new Error(`View ${view.schema}.${view.name} has a day-count column but no numDays.`);
    }
    tags.push({
      name: tagNames.numDays,
      id: templateTagId(key, tagNames.numDays),
      displayName: 'Days',
      type: 'number',
      required: true,
      default: view.numDays,
    });
  }
  if (scope.analystFilters) {
    if (scope.customerId === null) {
      tags.push({
        name: tagNames.serviceOrg,
        id: templateTagId(key, tagNames.serviceOrg),
        displayName: 'Service org',
        type: 'dimension',
        required: false,
        dimension: ref(view.filters.serviceOrgName),
        widgetType: 'string/=',
      });
    }
    // Null in aggregate views whose rows span clients: no client filter applies there.
    if (view.filters.clientName !== null) {
      tags.push({
        name: tagNames.client,
        id: templateTagId(key, tagNames.client),
        displayName: 'Client',
        type: 'dimension',
        required: false,
        dimension: ref(view.filters.clientName),
        widgetType: 'string/=',
      });
    }
    if (view.filters.date !== null) {
      tags.push({
        name: tagNames.dateRange,
        id: templateTagId(key, tagNames.dateRange),
        displayName: 'Date',
        type: 'dimension',
        required: false,
        dimension: ref(view.filters.date),
        widgetType: 'date/all-options',
      });
    }
  }
  return tags;
}

function whereClause(view: ReportView, tags: readonly TemplateTag[]): readonly string[] {
  const required: string[] = [];
  const optional: string[] = [];
  for (const tag of tags) {
    const use = `{{${tag.name}}}`;
    if (tag.name === tagNames.customer) {
      // Fail closed: never inside [[ ]], so a missing value errors instead of widening.
      required.push(`${quoteIdentAlways(view.filters.serviceOrgLegacyId)} = ${use}`);
    } else if (tag.name === tagNames.numDays && view.filters.dayCount !== null) {
      required.push(`${quoteIdentAlways(view.filters.dayCount)} = ${use}`);
    } else {
      optional.push(`  [[AND ${use}]]`);
    }
  }
  const first = required.length === 0 ? ['WHERE true'] : [`WHERE ${required[0]}`];
  return [...first, ...required.slice(1).map((c) => `  AND ${c}`), ...optional];
}

function reportQuestionSql(view: ReportView, tags: readonly TemplateTag[]): string {
  const select = view.columns.map(
    (column, i) => `  ${selectExpression(column)}${i < view.columns.length - 1 ? ',' : ''}`,
  );
  return [
    'SELECT',
    ...select,
    `FROM ${qualifiedNameAlways(view.schema, view.name)}`,
    ...whereClause(view, tags),
  ].join('\n');
}

export function reportQuestion(spec: QuestionSpec): DesiredQuestion {
  const tags = reportTags(spec);
  const columnSettingsEntries: [string, ColumnSettings][] = [];
  for (const column of spec.view.columns) {
    const settings = columnSettings(column.displayFormat);
    if (settings !== null) columnSettingsEntries.push([columnSettingsKey(column.name), settings]);
  }
  return {
    key: spec.key,
    name: spec.name,
    description: spec.description,
    collection: spec.collection,
    display: 'table',
    sql: reportQuestionSql(spec.view, tags),
    templateTags: tags,
    visualizationSettings: { column_settings: Object.fromEntries(columnSettingsEntries) },
  };
}

/** The description: legacy identity, what the filters mean, and what was left out and why. */
export function reportDescription(
  report: Report,
  view: ReportView,
  lead: string | null,
  options: { readonly dateFilter: boolean } = { dateFilter: true },
): string {
  const identity = `Legacy report ${report.id}${report.internalName === null ? '' : ` (${report.internalName})`}.`;
  const lines = [lead === null ? identity : `${lead} ${identity}`];
  if (report.description !== null && report.description.trim() !== '') {
    lines.push(report.description.trim());
  }
  // Delivery questions carry no date filter: saying so would promise one.
  if (options.dateFilter && view.filters.date !== null) {
    lines.push(
      `Date filter on "${view.filters.date}": a range includes both ends, like the legacy BETWEEN.`,
    );
  }
  if (view.numDays !== null && view.filters.dayCount !== null) {
    lines.push(`Days defaults to ${view.numDays}, the legacy report's num_days.`);
  }
  if (view.omitted.length > 0) {
    const omitted = view.omitted.map((o) => `${o.field} (${o.reason})`).join(', ');
    lines.push(`Changed from DTX 1.0: omitted fields ${omitted}.`);
  }
  return lines.join('\n');
}
