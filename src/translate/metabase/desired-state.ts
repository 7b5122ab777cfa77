import { InputError, InternalError } from '../../errors.ts';
import type { LegacyExport, Report } from '../../legacy/types.ts';
import type { ReportView } from '../../desired/report-view.ts';
import {
  categoryCollection,
  customCollection,
  customerCollection,
  deliveriesCollection,
  disambiguateSiblings,
  overviewCollection,
  rootCollection,
} from './collections.ts';
import { complianceOverview, type BaseViewRef } from './compliance-overview.ts';
import { customerNamer, type CustomerName } from './customer-names.ts';
import { buildDashboard, type ParameterSpec } from './dashboard-builder.ts';
import { keys, sortByKey } from '../../desired/metabase/keys.ts';
import type {
  CollectionKey,
  DesiredCollection,
  DesiredDashboard,
  DesiredMetabaseState,
  DesiredQuestion,
  DesiredSubscription,
  ScheduleOutcome,
} from '../../desired/metabase/model.ts';
import { tagNames } from '../../desired/metabase/template-tag-names.ts';
import { reportDescription, reportQuestion } from './report-question.ts';
import { translateSchedule } from './subscription-from-schedule.ts';
import { assertTimeZone } from './time-zone.ts';
import { validateDesiredMetabaseState } from '../../desired/metabase/validate.ts';

export interface MetabaseOptions {
  /** Reference date `YYYY-MM-DD` for "ended" schedules and DST comparisons; never the clock. */
  readonly today: string;
  /** Zone of the legacy `tod` hours. Default America/New_York. */
  readonly legacyTimeZone?: string;
  /** Metabase `report-timezone` that provision sets. Default: the legacy zone (exact hours). */
  readonly reportTimeZone?: string;
  /** Attach XLSX besides CSV. Default false. */
  readonly attachXlsx?: boolean;
  /** Suppress emails with no rows. Default false: DTX 1.0 sent them. */
  readonly skipIfEmpty?: boolean;
  /** Base layer view the compliance overview reads. Default `<views schema>.base_record`. */
  readonly baseView?: BaseViewRef;
  /** Customer display names by legacy id, overriding what the snapshot gives. */
  readonly customerNames?: ReadonlyMap<number, string>;
}

export interface MetabaseInput {
  readonly legacy: LegacyExport;
  readonly views: readonly ReportView[];
  readonly options: MetabaseOptions;
}

export interface MetabaseMigration {
  readonly state: DesiredMetabaseState;
  /** One per report_master_schedule row, by legacy id. */
  readonly schedules: readonly ScheduleOutcome[];
}

const defaultLegacyTimeZone = 'America/New_York';
const defaultBaseViewName = 'base_record';

const categoryCard = { sizeX: 24, sizeY: 9 } as const;
const deliveryCard = { sizeX: 24, sizeY: 12 } as const;

const analystFilters: readonly ParameterSpec[] = [
  {
    slug: tagNames.serviceOrg,
    name: 'Service org',
    type: 'string/=',
    default: null,
    required: false,
  },
  { slug: tagNames.client, name: 'Client', type: 'string/=', default: null, required: false },
  {
    slug: tagNames.dateRange,
    name: 'Date',
    type: 'date/all-options',
    default: null,
    required: false,
  },
];

function indexViews(input: MetabaseInput): {
  readonly reports: ReadonlyMap<number, Report>;
  readonly views: ReadonlyMap<number, ReportView>;
} {
  const reports = new Map(input.legacy.reports.map((r) => [r.id, r]));
  const views = new Map<number, ReportView>();
  const problems: string[] = [];
  for (const view of input.views) {
    if (!reports.has(view.legacyId))
      problems.push(`view ${view.schema}.${view.name} is for unknown report ${view.legacyId}`);
    if (views.has(view.legacyId)) problems.push(`report ${view.legacyId} has more than one view`);
    views.set(view.legacyId, view);
  }
  if (problems.length > 0)
    throw new InputError('The report views do not match the legacy export.', problems);
  return { reports, views };
}

function checkOptions(options: MetabaseOptions): {
  legacyZone: string;
  reportZone: string;
  year: number;
} {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today) || Number.isNaN(Date.parse(options.today))) {
    throw new InputError(
      `The reference date ${JSON.stringify(options.today)} is not a YYYY-MM-DD date.`,
    );
  }
  const legacyZone = options.legacyTimeZone ?? defaultLegacyTimeZone;
  const reportZone = options.reportTimeZone ?? legacyZone;
  assertTimeZone(legacyZone, 'the legacy time zone');
  assertTimeZone(reportZone, 'the Metabase report time zone');
  return { legacyZone, reportZone, year: Number(options.today.slice(0, 4)) };
}

function byLegacyOrder(a: Report, b: Report): number {
  return (
    (a.sortOrder ?? Number.MAX_SAFE_INTEGER) - (b.sortOrder ?? Number.MAX_SAFE_INTEGER) ||
    a.id - b.id
  );
}

function reportQuestions(
  input: MetabaseInput,
  reports: ReadonlyMap<number, Report>,
  customerName: CustomerName,
): {
  questions: DesiredQuestion[];
  collections: DesiredCollection[];
  categoryDashboards: DesiredDashboard[];
} {
  const categories = new Map(input.legacy.categories.map((c) => [c.id, c]));
  const questions: DesiredQuestion[] = [];
  const collections = new Map<CollectionKey, DesiredCollection>();
  const byCategory = new Map<number, { report: Report; question: DesiredQuestion }[]>();
  for (const view of input.views) {
    const report = reports.get(view.legacyId);
    if (report === undefined) continue;
    const custom = report.customerId !== 0;
    let collection: DesiredCollection;
    if (custom) {
      collections.set(customCollection.key, customCollection);
      collection = customerCollection(report.customerId, customerName);
    } else {
      collection = categoryCollection(report.categoryId, categories.get(report.categoryId));
    }
    collections.set(collection.key, collection);
    const question = reportQuestion({
      key: keys.reportQuestion(report.id),
      name: report.name,
      description: reportDescription(
        report,
        view,
        custom
          ? `Report of customer ${report.customerId} (${customerName(report.customerId)}).`
          : null,
      ),
      collection: collection.key,
      view,
      scope: { customerId: custom ? report.customerId : null, analystFilters: true },
    });
    questions.push(question);
    if (!custom) {
      const list = byCategory.get(report.categoryId) ?? [];
      list.push({ report, question });
      byCategory.set(report.categoryId, list);
    }
  }
  const categoryDashboards = [...byCategory].map(([categoryId, items]) => {
    const collection = collections.get(keys.categoryCollection(categoryId));
    if (collection === undefined)
      throw new InternalError(`no collection for category ${categoryId}`);
    return buildDashboard({
      key: keys.categoryDashboard(categoryId),
      name: `${collection.name} reports`,
      description: `Every migrated ${collection.name} report, with shared filters.`,
      collection: collection.key,
      cards: [...items]
        .sort((a, b) => byLegacyOrder(a.report, b.report))
        .map((i) => ({ question: i.question, size: categoryCard })),
      parameters: analystFilters,
    });
  });
  return { questions, collections: [...collections.values()], categoryDashboards };
}

function deliveries(
  reports: ReadonlyMap<number, Report>,
  views: ReadonlyMap<number, ReportView>,
  translated: readonly { outcome: ScheduleOutcome }[],
  customerName: CustomerName,
): { questions: DesiredQuestion[]; dashboards: DesiredDashboard[] } {
  const pairs = new Map<string, { reportId: number; customerId: number }>();
  for (const { outcome } of translated) {
    if (outcome.status !== 'skipped')
      pairs.set(`${outcome.reportId}:${outcome.customerId}`, outcome);
  }
  const questions: DesiredQuestion[] = [];
  const dashboards: DesiredDashboard[] = [];
  for (const { reportId, customerId } of pairs.values()) {
    const report = reports.get(reportId);
    const view = views.get(reportId);
    if (report === undefined || view === undefined)
      throw new InternalError(`delivery for unmigrated report ${reportId}`);
    const customer = customerName(customerId);
    const name = `${report.name} — ${customer}`;
    const question = reportQuestion({
      key: keys.deliveryQuestion(reportId, customerId),
      name,
      description: reportDescription(
        report,
        view,
        `Scheduled delivery for customer ${customerId} (${customer}): only that customer's rows, enforced by a required parameter.`,
        { dateFilter: false },
      ),
      collection: keys.deliveriesCollection,
      view,
      scope: { customerId, analystFilters: false },
    });
    questions.push(question);
    const parameters: ParameterSpec[] = [
      {
        slug: tagNames.customer,
        name: 'Customer (legacy id)',
        type: 'number/=',
        default: [customerId],
        required: true,
      },
    ];
    if (view.numDays !== null && view.filters.dayCount !== null) {
      parameters.push({
        slug: tagNames.numDays,
        name: 'Days',
        type: 'number/=',
        default: [view.numDays],
        required: true,
      });
    }
    dashboards.push(
      buildDashboard({
        key: keys.deliveryDashboard(reportId, customerId),
        name,
        description: `Emailed on the DTX 1.0 schedules of report ${reportId} for customer ${customerId}. Do not change the Customer filter: subscriptions send the dashboard's defaults.`,
        collection: keys.deliveriesCollection,
        cards: [{ question, size: deliveryCard }],
        parameters,
      }),
    );
  }
  return { questions, dashboards };
}

/** Everything Metabase should hold for this legacy export, plus what became of each schedule. */
export function buildMetabaseMigration(input: MetabaseInput): MetabaseMigration {
  const { legacyZone, reportZone, year } = checkOptions(input.options);
  const { reports, views } = indexViews(input);
  const customerName = customerNamer(input.legacy.snapshot, input.options.customerNames);
  const analyst = reportQuestions(input, reports, customerName);
  const base: BaseViewRef = input.options.baseView ?? {
    schema: input.views[0]?.schema ?? 'reporting',
    name: defaultBaseViewName,
  };
  const overview = complianceOverview(base);

  const translated = [...input.legacy.schedules]
    .sort((a, b) => a.id - b.id)
    .map((schedule) =>
      translateSchedule(schedule, {
        reports,
        views,
        customerName,
        zones: { legacy: legacyZone, report: reportZone, year },
        today: input.options.today,
        attachXlsx: input.options.attachXlsx ?? false,
        skipIfEmpty: input.options.skipIfEmpty ?? false,
      }),
    );
  const delivery = deliveries(reports, views, translated, customerName);
  const subscriptions: DesiredSubscription[] = translated.flatMap((t) => [...t.subscriptions]);

  const collections = [
    rootCollection,
    ...analyst.collections,
    overviewCollection,
    ...(delivery.dashboards.length > 0 ? [deliveriesCollection] : []),
  ];
  const state: DesiredMetabaseState = {
    settings: { reportTimezone: reportZone },
    collections: sortByKey(disambiguateSiblings(collections)),
    questions: sortByKey([...analyst.questions, ...overview.questions, ...delivery.questions]),
    dashboards: sortByKey([
      ...analyst.categoryDashboards,
      overview.dashboard,
      ...delivery.dashboards,
    ]),
    subscriptions: sortByKey(subscriptions),
  };
  const problems = validateDesiredMetabaseState(state);
  if (problems.length > 0) {
    throw new InternalError(
      `The generated Metabase state is inconsistent:\n${problems.join('\n')}`,
    );
  }
  return {
    state,
    schedules: translated.map((t) => t.outcome),
  };
}

export function desiredMetabaseState(input: MetabaseInput): DesiredMetabaseState {
  return buildMetabaseMigration(input).state;
}
