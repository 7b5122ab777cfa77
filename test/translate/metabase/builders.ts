import type { LegacyExport, Report, ReportCategory, Schedule } from '../../../src/legacy/types.ts';
import type { ReportView, ReportViewColumn } from '../../../src/desired/report-view.ts';

/** Small builders: each test states only what it is about. */

export function aReport(overrides: Partial<Report> = {}): Report {
  return {
    id: 135,
    customerId: 0,
    categoryId: 1,
    name: 'COI-Not in Compliance',
    internalName: 'COI-NotCompliant',
    description: null,
    csvFormat: true,
    pdfFormat: false,
    industrySector: null,
    numDays: null,
    sortOrder: null,
    active: true,
    createdBy: null,
    createTime: null,
    updateTime: null,
    line: 2,
    ...overrides,
  };
}

export function aColumn(overrides: Partial<ReportViewColumn> = {}): ReportViewColumn {
  return {
    name: 'Account Name',
    field: 'ph_name',
    label: 'Account Name',
    description: null,
    pgType: 'text',
    displayFormat: 'text',
    semanticType: null,
    ...overrides,
  };
}

export function aView(overrides: Partial<ReportView> = {}): ReportView {
  return {
    legacyId: 135,
    schema: 'reporting',
    name: 'coi_not_in_compliance',
    columns: [aColumn()],
    filters: {
      serviceOrgId: 'service_org_id',
      serviceOrgLegacyId: 'service_org_legacy_id',
      serviceOrgName: 'service_org_name',
      clientId: 'client_id',
      clientName: 'client_name',
      date: null,
      dayCount: null,
    },
    numDays: null,
    aggregate: false,
    omitted: [],
    ...overrides,
  };
}

export function aSchedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    id: 3,
    reportId: 135,
    customerId: 1003,
    userId: null,
    subject: null,
    recurrence: 'weekly',
    tod: 6,
    dowBitmap: 64,
    dom: 0,
    recipients: ['pm@summit.example.com'],
    excluded: [],
    rawEmail: null,
    rawDoNotSendEmail: null,
    startDate: null,
    endDate: null,
    active: true,
    createTime: null,
    updateTime: null,
    problems: [],
    line: 2,
    ...overrides,
  };
}

const categories: readonly ReportCategory[] = [
  { id: 1, name: 'COI', description: 'Certificate reports', line: 2 },
  { id: 2, name: 'DOC', description: 'Document reports', line: 3 },
  { id: 5, name: 'Custom', description: 'User-created ad-hoc reports', line: 6 },
  { id: 8, name: 'Special Request - SO Dashboard', description: null, line: 9 },
];

export function anExport(overrides: Partial<LegacyExport> = {}): LegacyExport {
  return {
    dir: 'fixture',
    dialect: 'rfc',
    fileDialects: {
      report_category: 'rfc',
      report: 'rfc',
      report_field_definition: 'rfc',
      report_definition: 'rfc',
      report_master_schedule: 'rfc',
      report_master_log: 'rfc',
      report_master_schedule_log: 'rfc',
      report_data: 'rfc',
    },
    categories,
    reports: [aReport()],
    fields: [],
    definitions: [],
    schedules: [],
    runs: [],
    scheduleLog: [],
    snapshot: { columns: [], rows: [], columnTypes: [], lines: [] },
    problems: [],
    ...overrides,
  };
}
