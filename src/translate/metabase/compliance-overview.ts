import { columnSettings, columnSettingsKey } from './column-formatting.ts';
import { buildDashboard, type ParameterSpec } from './dashboard-builder.ts';
import { keys } from '../../desired/metabase/keys.ts';
import type {
  DesiredDashboard,
  DesiredQuestion,
  QuestionDisplay,
  TemplateTag,
  VisualizationSettings,
} from '../../desired/metabase/model.ts';
import { tagNames } from '../../desired/metabase/template-tag-names.ts';
import { qualifiedNameAlways, quoteIdentAlways as q } from '../../sql/sql-quote.ts';
import { templateTagId } from '../../desired/metabase/stable-ids.ts';

/**
 * The compliance overview DTX 1.0 never had: KPIs and trends across service orgs. Its questions
 * read the base layer view (one row per record, columns named like the legacy fields).
 */

export interface BaseViewRef {
  readonly schema: string;
  readonly name: string;
}

/** Base-view columns these questions rely on; the views layer must provide them. */
type BaseColumn =
  | 'so_name'
  | 'ch_name'
  | 'coi_status'
  | 'coi_compliant'
  | 'coi_expired'
  | 'coi_expiration_date'
  | 'coi_days_to_expiration'
  | 'doc_compliant';
const col = (name: BaseColumn): string => q(name);

const share = (condition: string): string =>
  `count(*) FILTER (WHERE ${condition})::numeric / NULLIF(count(*), 0)`;

interface OverviewSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly display: QuestionDisplay;
  /** Result columns: name, SQL expression, display format. */
  readonly select: readonly (readonly [string, string, 'int' | 'percent' | 'date' | 'text'])[];
  readonly extraWhere: readonly string[];
  readonly groupBy: boolean;
  readonly size: { readonly sizeX: number; readonly sizeY: number };
}

const expiringWithin30 = `${col('coi_days_to_expiration')} BETWEEN 0 AND 30`;

const specs: readonly OverviewSpec[] = [
  kpi('records', 'Records', 'Records (one per DTX 1.0 "PH" account).', 'count(*)', 'int'),
  kpi(
    'coi-compliance',
    'COI compliance',
    'Share of records whose current certificate is compliant.',
    share(col('coi_compliant')),
    'percent',
  ),
  kpi(
    'doc-compliance',
    'DOC compliance',
    'Share of records whose current documents are all compliant.',
    share(col('doc_compliant')),
    'percent',
  ),
  kpi(
    'expiring-30-days',
    'Expiring in 30 days',
    'Records whose certificate expires within 30 days.',
    `count(*) FILTER (WHERE ${expiringWithin30})`,
    'int',
  ),
  kpi(
    'expired',
    'Expired',
    'Records whose certificate has expired.',
    `count(*) FILTER (WHERE ${col('coi_expired')})`,
    'int',
  ),
  kpi(
    'no-certificate',
    'No certificate',
    'Records without a current certificate.',
    `count(*) FILTER (WHERE ${col('coi_status')} = 'missing')`,
    'int',
  ),
  {
    id: 'expiration-trend',
    name: 'Certificate expirations by month',
    description: 'Certificates expiring per month, from 12 months ago to 12 months ahead.',
    display: 'line',
    select: [
      ['Expiration month', `date_trunc('month', ${col('coi_expiration_date')})::date`, 'date'],
      ['Certificates', 'count(*)', 'int'],
    ],
    extraWhere: [
      `${col('coi_expiration_date')} >= date_trunc('month', current_date) - interval '12 months'`,
      `${col('coi_expiration_date')} < date_trunc('month', current_date) + interval '13 months'`,
    ],
    groupBy: true,
    size: { sizeX: 24, sizeY: 6 },
  },
  {
    id: 'by-service-org',
    name: 'Compliance by service org',
    description: 'Records, compliance and expirations per service org.',
    display: 'table',
    select: [
      ['Service org', col('so_name'), 'text'],
      ['Records', 'count(*)', 'int'],
      ['COI compliance', share(col('coi_compliant')), 'percent'],
      ['DOC compliance', share(col('doc_compliant')), 'percent'],
      ['Expiring in 30 days', `count(*) FILTER (WHERE ${expiringWithin30})`, 'int'],
      ['Expired', `count(*) FILTER (WHERE ${col('coi_expired')})`, 'int'],
    ],
    extraWhere: [],
    groupBy: true,
    size: { sizeX: 24, sizeY: 8 },
  },
];

function kpi(
  id: string,
  name: string,
  description: string,
  expression: string,
  format: 'int' | 'percent',
): OverviewSpec {
  return {
    id,
    name,
    description,
    display: 'scalar',
    select: [[name, expression, format]],
    extraWhere: [],
    groupBy: false,
    size: { sizeX: 4, sizeY: 3 },
  };
}

function overviewQuestion(spec: OverviewSpec, base: BaseViewRef): DesiredQuestion {
  const key = keys.overviewQuestion(spec.id);
  const ref = (column: BaseColumn) => ({ schema: base.schema, view: base.name, column });
  const tags: TemplateTag[] = [
    {
      name: tagNames.serviceOrg,
      id: templateTagId(key, tagNames.serviceOrg),
      displayName: 'Service org',
      type: 'dimension',
      required: false,
      dimension: ref('so_name'),
      widgetType: 'string/=',
    },
    {
      name: tagNames.client,
      id: templateTagId(key, tagNames.client),
      displayName: 'Client',
      type: 'dimension',
      required: false,
      dimension: ref('ch_name'),
      widgetType: 'string/=',
    },
  ];
  const select = spec.select.map(
    ([name, expression], i) =>
      `  ${expression} AS ${q(name)}${i < spec.select.length - 1 ? ',' : ''}`,
  );
  const where = spec.extraWhere.length === 0 ? ['WHERE true'] : [`WHERE ${spec.extraWhere[0]}`];
  const sql = [
    'SELECT',
    ...select,
    `FROM ${qualifiedNameAlways(base.schema, base.name)}`,
    ...where,
    ...spec.extraWhere.slice(1).map((c) => `  AND ${c}`),
    ...tags.map((t) => `  [[AND {{${t.name}}}]]`),
    ...(spec.groupBy ? ['GROUP BY 1', 'ORDER BY 1'] : []),
  ].join('\n');
  const columnSettingsEntries = spec.select.flatMap(([name, , format]) => {
    const settings = columnSettings(format);
    return settings === null ? [] : [[columnSettingsKey(name), settings] as const];
  });
  const [dimension, ...metrics] = spec.select.map(([name]) => name);
  const visualizationSettings: VisualizationSettings =
    spec.display === 'line' && dimension !== undefined
      ? {
          column_settings: Object.fromEntries(columnSettingsEntries),
          'graph.dimensions': [dimension],
          'graph.metrics': metrics,
        }
      : { column_settings: Object.fromEntries(columnSettingsEntries) };
  return {
    key,
    name: spec.name,
    description: spec.description,
    collection: keys.overviewCollection,
    display: spec.display,
    sql,
    templateTags: tags,
    visualizationSettings,
  };
}

const overviewFilters: readonly ParameterSpec[] = [
  {
    slug: tagNames.serviceOrg,
    name: 'Service org',
    type: 'string/=',
    default: null,
    required: false,
  },
  { slug: tagNames.client, name: 'Client', type: 'string/=', default: null, required: false },
];

export function complianceOverview(base: BaseViewRef): {
  readonly questions: readonly DesiredQuestion[];
  readonly dashboard: DesiredDashboard;
} {
  const cards = specs.map((spec) => ({ question: overviewQuestion(spec, base), size: spec.size }));
  const dashboard = buildDashboard({
    key: keys.overviewDashboard,
    name: 'Compliance overview',
    description: `KPIs and trends across service orgs, from ${base.schema}.${base.name}.`,
    collection: keys.rootCollection,
    cards,
    parameters: overviewFilters,
  });
  return { questions: cards.map((c) => c.question), dashboard };
}
