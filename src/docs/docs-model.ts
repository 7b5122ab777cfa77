import type { FieldCatalog } from '../catalog/field-catalog.ts';
import type { DesiredMetabaseState, DesiredDashboard } from '../desired/metabase/model.ts';
import type { Inventory } from '../inventory/types.ts';
import type { FieldDefinition } from '../legacy/types.ts';
import type { ReconcileReport } from '../reconcile/types.ts';
import type { Manifest, ManifestReport, ManifestSchedule } from './manifest-schema.ts';
import { recipientSummary, scheduleInWords } from './schedule-words.ts';

/**
 * Everything the docs site shows, joined once from the generated files, manifest.json, the
 * inventory of the legacy export and (optionally) a reconcile result. Pure and plain data: the
 * renderer only lays it out. Lists are sorted so the site is byte-identical run after run.
 * Recipient addresses never enter the model: only their count and domains do.
 */
export interface DocsInput {
  readonly manifest: Manifest;
  readonly viewSql: ReadonlyMap<string, string>;
  readonly metabase: DesiredMetabaseState;
  readonly inventory: Inventory;
  readonly legacyFields: readonly FieldDefinition[];
  readonly catalog: FieldCatalog | null;
  readonly reconcile: ReconcileReport | null;
  readonly metabaseUrl: string | null;
}

export interface Link {
  readonly title: string;
  readonly href: string;
}

export interface SubscriptionView {
  readonly title: string;
  readonly status: string;
  readonly reason: string | null;
  readonly schedules: readonly string[];
  readonly recipientCount: number;
  readonly domains: readonly string[];
  readonly dashboard: Link | null;
}

export interface ReportPage {
  readonly legacyId: number;
  readonly name: string;
  readonly href: string;
  readonly internalName: string | null;
  readonly category: string;
  readonly kind: string;
  readonly customerId: number | null;
  readonly runs: number;
  readonly lastRun: string | null;
  readonly rank: number | null;
  readonly status: string;
  readonly reason: string | null;
  readonly view: string | null;
  readonly viewFile: string | null;
  readonly viewSql: string | null;
  readonly columns: readonly {
    readonly label: string;
    readonly field: Link;
    readonly description: string;
    readonly format: string;
    readonly type: string;
  }[];
  readonly omitted: readonly { readonly field: string; readonly reason: string }[];
  readonly notes: readonly string[];
  readonly question: {
    readonly name: string;
    readonly display: string;
    readonly sql: string;
    readonly filters: readonly string[];
  } | null;
  readonly dashboards: readonly Link[];
  readonly subscriptions: readonly SubscriptionView[];
  readonly metabaseLink: string | null;
}

export interface DashboardCardView {
  readonly title: string;
  readonly display: string;
  readonly report: Link | null;
  readonly row: number;
  readonly col: number;
  readonly sizeX: number;
  readonly sizeY: number;
  /** Percentages / grid units for the drawing. */
  readonly left: number;
  readonly width: number;
}

export interface DashboardPage {
  readonly key: string;
  readonly name: string;
  readonly href: string;
  readonly description: string;
  readonly rows: number;
  readonly cards: readonly DashboardCardView[];
  readonly filters: readonly {
    readonly name: string;
    readonly type: string;
    readonly wiredTo: readonly string[];
  }[];
  readonly subscriptions: readonly SubscriptionView[];
  readonly metabaseLink: string | null;
}

export interface FieldPage {
  readonly name: string;
  readonly href: string;
  readonly status: string;
  readonly label: string | null;
  readonly category: string | null;
  readonly description: string | null;
  readonly legacyFormat: string | null;
  readonly expression: string | null;
  readonly pgType: string | null;
  readonly displayFormat: string | null;
  readonly grain: string | null;
  readonly reports: readonly Link[];
}

export interface LineageRow {
  readonly report: Link;
  readonly view: string | null;
  readonly question: string | null;
  readonly dashboards: readonly Link[];
  readonly subscriptions: number;
}

export interface ChartSeries {
  readonly labels: readonly string[];
  readonly values: readonly number[];
}

export interface SearchEntry {
  readonly title: string;
  readonly kind: string;
  readonly keywords: string;
  readonly href: string;
}

export interface DocsModel {
  readonly asOf: string | null;
  readonly totals: {
    readonly reports: number;
    readonly migrated: number;
    readonly skipped: number;
    readonly schedules: number;
    readonly dashboards: number;
    readonly fields: number;
  };
  readonly charts: {
    readonly reportsByStatus: ChartSeries;
    readonly reportsByCategory: ChartSeries;
    readonly usage: ChartSeries;
    readonly schedules: ChartSeries;
    readonly reconcile: ChartSeries | null;
  };
  readonly reconcile: {
    readonly batch: string | null;
    readonly columnsCompared: number;
    readonly equal: number;
    readonly different: number;
    readonly missing: number;
    readonly inconsistent: number;
    readonly unmatched: number;
  } | null;
  readonly reports: readonly ReportPage[];
  readonly dashboards: readonly DashboardPage[];
  readonly fields: readonly FieldPage[];
  readonly lineage: readonly LineageRow[];
  readonly skippedReports: readonly { readonly report: Link; readonly reason: string }[];
  readonly skippedSchedules: readonly {
    readonly legacyId: number;
    readonly report: Link | null;
    readonly status: string;
    readonly reason: string;
  }[];
  readonly search: readonly SearchEntry[];
}

const reportHref = (legacyId: number) => `reports/${legacyId}.html`;
const fieldHref = (name: string) => `fields/${name.replace(/[^a-z0-9_]/gi, '_')}.html`;
const dashboardHref = (key: string) =>
  `dashboards/${key.replace(/^dashboard:/, '').replace(/[^a-z0-9]+/gi, '-')}.html`;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function metabaseSearch(base: string | null, name: string): string | null {
  if (base === null) return null;
  return `${base.replace(/\/+$/, '')}/search?q=${encodeURIComponent(name)}`;
}

function questionKeyOf(reportId: number): string {
  return `question:report:${reportId}`;
}

export function buildDocsModel(input: DocsInput): DocsModel {
  const { manifest, metabase, inventory } = input;
  const inventoryById = new Map(inventory.reports.map((report) => [report.id, report]));
  const legacyFieldByName = new Map<string, FieldDefinition>();
  for (const field of [...input.legacyFields].sort((a, b) => a.id - b.id)) {
    // The active definition wins over a retired one of the same name.
    const known = legacyFieldByName.get(field.name);
    if (known === undefined || (!known.active && field.active))
      legacyFieldByName.set(field.name, field);
  }
  const questionByKey = new Map(metabase.questions.map((question) => [question.key, question]));
  const dashboardsByQuestion = new Map<string, DesiredDashboard[]>();
  for (const dashboard of metabase.dashboards) {
    for (const card of dashboard.dashcards) {
      const list = dashboardsByQuestion.get(card.question) ?? [];
      if (!list.includes(dashboard)) list.push(dashboard);
      dashboardsByQuestion.set(card.question, list);
    }
  }
  const reportIdByQuestion = new Map(
    manifest.reports.map((report) => [questionKeyOf(report.legacyId), report.legacyId]),
  );
  const reportLink = (legacyId: number): Link | null => {
    const report = manifest.reports.find((candidate) => candidate.legacyId === legacyId);
    return report === undefined ? null : { title: report.name, href: reportHref(legacyId) };
  };
  const dashboardLink = (key: string | null | undefined): Link | null => {
    const dashboard = metabase.dashboards.find((candidate) => candidate.key === key);
    return dashboard === undefined
      ? null
      : { title: dashboard.name, href: dashboardHref(dashboard.key) };
  };

  const subscriptionOf = (schedule: ManifestSchedule): SubscriptionView => {
    const recipients = recipientSummary(schedule.pulses.flatMap((pulse) => pulse.recipients));
    return {
      title:
        `Legacy schedule ${schedule.legacyId}` +
        (schedule.customerId === null ? '' : ` for customer ${schedule.customerId}`),
      status: schedule.status,
      reason: schedule.reason ?? null,
      schedules: schedule.pulses.map((pulse) =>
        scheduleInWords({
          type: pulse.schedule_type,
          day: pulse.schedule_day ?? null,
          hour: pulse.schedule_hour ?? null,
          frame: pulse.schedule_frame ?? null,
        }),
      ),
      recipientCount: recipients.count,
      domains: recipients.domains,
      dashboard: dashboardLink(schedule.dashboard),
    };
  };

  const schedulesByReport = new Map<number, ManifestSchedule[]>();
  for (const schedule of manifest.schedules) {
    if (schedule.reportId === null) continue;
    schedulesByReport.set(schedule.reportId, [
      ...(schedulesByReport.get(schedule.reportId) ?? []),
      schedule,
    ]);
  }

  const reports: ReportPage[] = [...manifest.reports]
    .sort((a, b) => a.legacyId - b.legacyId)
    .map((report: ManifestReport) => {
      const legacy = inventoryById.get(report.legacyId);
      const question = questionByKey.get(questionKeyOf(report.legacyId) as `question:${string}`);
      const viewName = report.view ?? null;
      return {
        legacyId: report.legacyId,
        name: report.name,
        href: reportHref(report.legacyId),
        internalName: legacy?.internalName ?? null,
        category: legacy?.category ?? 'Unknown category',
        kind: legacy?.kind ?? 'unknown',
        customerId: legacy === undefined || legacy.customerId === 0 ? null : legacy.customerId,
        runs: legacy?.runs ?? 0,
        lastRun: legacy?.lastRun ?? null,
        rank: legacy?.rank ?? null,
        status: report.status,
        reason: report.reason ?? null,
        view: viewName,
        viewFile: report.file ?? null,
        viewSql: viewName === null ? null : (input.viewSql.get(viewName) ?? null),
        columns: report.columns.map((column) => {
          const legacyField = legacyFieldByName.get(column.field);
          const catalogField = input.catalog?.fields.get(column.field);
          return {
            label: column.label,
            field: { title: column.field, href: fieldHref(column.field) },
            description: legacyField?.description ?? '',
            format: catalogField?.displayFormat ?? legacyField?.displayFormat ?? '',
            type: catalogField?.pgType ?? '',
          };
        }),
        omitted: report.omitted,
        notes: report.notes,
        question:
          question === undefined
            ? null
            : {
                name: question.name,
                display: question.display,
                sql: question.sql,
                filters: question.templateTags.map((tag) => `${tag.displayName} ({{${tag.name}}})`),
              },
        dashboards: (dashboardsByQuestion.get(questionKeyOf(report.legacyId)) ?? [])
          .map((dashboard) => ({ title: dashboard.name, href: dashboardHref(dashboard.key) }))
          .sort((a, b) => byText(a.href, b.href)),
        subscriptions: (schedulesByReport.get(report.legacyId) ?? [])
          .sort((a, b) => a.legacyId - b.legacyId)
          .map(subscriptionOf),
        metabaseLink:
          question === undefined ? null : metabaseSearch(input.metabaseUrl, question.name),
      };
    });

  const dashboards: DashboardPage[] = [...metabase.dashboards]
    .sort((a, b) => byText(a.key, b.key))
    .map((dashboard) => {
      const cards = dashboard.dashcards.map((card) => {
        const question = questionByKey.get(card.question);
        const reportId = reportIdByQuestion.get(card.question);
        return {
          title: question?.name ?? card.question,
          display: question?.display ?? 'unknown',
          report: reportId === undefined ? null : reportLink(reportId),
          row: card.row,
          col: card.col,
          sizeX: card.sizeX,
          sizeY: card.sizeY,
          left: (card.col / 24) * 100,
          width: (card.sizeX / 24) * 100,
        };
      });
      const subscriptions = metabase.subscriptions
        .filter((subscription) => subscription.dashboard === dashboard.key)
        .sort((a, b) => byText(a.key, b.key))
        .map((subscription): SubscriptionView => {
          const recipients = recipientSummary(subscription.channel.recipients.map((r) => r.email));
          return {
            title: subscription.name,
            status: 'mapped',
            reason: null,
            schedules: [
              scheduleInWords({
                type: subscription.channel.schedule_type,
                day: subscription.channel.schedule_day,
                hour: subscription.channel.schedule_hour,
                frame: subscription.channel.schedule_frame,
              }),
            ],
            recipientCount: recipients.count,
            domains: recipients.domains,
            dashboard: null,
          };
        });
      return {
        key: dashboard.key,
        name: dashboard.name,
        href: dashboardHref(dashboard.key),
        description: dashboard.description,
        rows: Math.max(1, ...cards.map((card) => card.row + card.sizeY)),
        cards,
        filters: dashboard.parameters.map((parameter) => ({
          name: parameter.name,
          type: parameter.type,
          wiredTo: dashboard.dashcards.flatMap((card) =>
            card.parameterMappings
              .filter((mapping) => mapping.parameterId === parameter.id)
              .map(
                (mapping) =>
                  `${questionByKey.get(card.question)?.name ?? card.question} → {{${mapping.target[1][1]}}}`,
              ),
          ),
        })),
        subscriptions,
        metabaseLink: metabaseSearch(input.metabaseUrl, dashboard.name),
      };
    });

  const fields: FieldPage[] = [...manifest.fields]
    .sort((a, b) => byText(a.name, b.name))
    .map((field) => {
      const legacyField = legacyFieldByName.get(field.name);
      const catalogField = input.catalog?.fields.get(field.name);
      return {
        name: field.name,
        href: fieldHref(field.name),
        status: field.status,
        label: legacyField?.label ?? null,
        category: legacyField?.category ?? null,
        description: legacyField?.description ?? null,
        legacyFormat: legacyField?.displayFormat ?? null,
        expression: catalogField?.sql ?? null,
        pgType: catalogField?.pgType ?? null,
        displayFormat: catalogField?.displayFormat ?? null,
        grain: catalogField?.grain ?? null,
        reports: [...field.usedBy]
          .sort((a, b) => a - b)
          .flatMap((id) => {
            const link = reportLink(id);
            return link === null ? [] : [link];
          }),
      };
    });

  const migrated = reports.filter((report) => report.status === 'migrated');
  const count = <T>(items: readonly T[], keyOf: (item: T) => string): ChartSeries => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
    const labels = [...counts.keys()].sort(byText);
    return { labels, values: labels.map((label) => counts.get(label) ?? 0) };
  };
  const usage = [...reports]
    .filter((report) => report.runs > 0)
    .sort((a, b) => b.runs - a.runs || a.legacyId - b.legacyId)
    .slice(0, 15);
  const reconcile = input.reconcile;

  const search: SearchEntry[] = [
    ...reports.map((report) => ({
      title: report.name,
      kind: `report ${report.legacyId}`,
      keywords: [
        report.name,
        report.internalName ?? '',
        String(report.legacyId),
        report.category,
        report.view ?? '',
      ]
        .join(' ')
        .toLowerCase(),
      href: report.href,
    })),
    ...dashboards.map((dashboard) => ({
      title: dashboard.name,
      kind: 'dashboard',
      keywords: `${dashboard.name} ${dashboard.key}`.toLowerCase(),
      href: dashboard.href,
    })),
    ...fields.map((field) => ({
      title: field.name,
      kind: 'field',
      keywords: `${field.name} ${field.label ?? ''} ${field.category ?? ''}`.toLowerCase(),
      href: field.href,
    })),
  ];

  return {
    asOf: manifest.asOf ?? inventory.asOf,
    totals: {
      reports: reports.length,
      migrated: migrated.length,
      skipped: reports.length - migrated.length,
      schedules: manifest.schedules.length,
      dashboards: dashboards.length,
      fields: fields.length,
    },
    charts: {
      reportsByStatus: count(reports, (report) => report.status),
      reportsByCategory: count(reports, (report) => report.category),
      usage: {
        labels: usage.map((report) => report.name),
        values: usage.map((report) => report.runs),
      },
      schedules: count(manifest.schedules, (schedule) => schedule.status),
      reconcile:
        reconcile === null
          ? null
          : {
              labels: ['equal', 'different', 'missing', 'snapshot contradicts itself'],
              values: [
                reconcile.totals.equal,
                reconcile.totals.different,
                reconcile.totals.missingInDtx2 + reconcile.totals.missingInSnapshot,
                reconcile.totals.snapshotInconsistent,
              ],
            },
    },
    reconcile:
      reconcile === null
        ? null
        : {
            batch: reconcile.batch.createTime,
            columnsCompared: reconcile.totals.columnsCompared,
            equal: reconcile.totals.equal,
            different: reconcile.totals.different,
            missing: reconcile.totals.missingInDtx2 + reconcile.totals.missingInSnapshot,
            inconsistent: reconcile.totals.snapshotInconsistent,
            unmatched: reconcile.totals.unmatched,
          },
    reports,
    dashboards,
    fields,
    lineage: migrated.map((report) => ({
      report: { title: `${report.legacyId} ${report.name}`, href: report.href },
      view: report.view,
      question: report.question?.name ?? null,
      dashboards: report.dashboards,
      subscriptions: report.subscriptions.filter(
        (subscription) => subscription.status !== 'skipped',
      ).length,
    })),
    skippedReports: reports
      .filter((report) => report.status !== 'migrated')
      .map((report) => ({
        report: { title: `${report.legacyId} ${report.name}`, href: report.href },
        reason: report.reason ?? report.status,
      })),
    skippedSchedules: [...manifest.schedules]
      .filter((schedule) => schedule.status !== 'mapped')
      .sort((a, b) => a.legacyId - b.legacyId)
      .map((schedule) => ({
        legacyId: schedule.legacyId,
        report: schedule.reportId === null ? null : reportLink(schedule.reportId),
        status: schedule.status,
        reason: schedule.reason ?? '',
      })),
    search,
  };
}
