import type { FieldDefinition, LegacyExport, Report, ReportDefinition } from '../../../src/legacy/types.ts';

/** Small builders of legacy records for tests: only what a test cares about is spelt out. */

export function report(overrides: Partial<Report> & Pick<Report, 'id'>): Report {
  return {
    customerId: 0,
    categoryId: 1,
    name: `Report ${overrides.id}`,
    internalName: null,
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

export function field(overrides: Partial<FieldDefinition> & Pick<FieldDefinition, 'id' | 'name'>): FieldDefinition {
  return {
    category: 'Account Data',
    label: overrides.name,
    description: null,
    displayFormat: 'text',
    selectExpression: 'rd.SOMETHING',
    tableName: 'report_data rd',
    tableJoin: null,
    filterType: null,
    isAggregate: false,
    active: true,
    createTime: null,
    updateTime: null,
    line: 2,
    ...overrides,
  };
}

/** Definitions for one report: fields in the given order, sort_order 10, 20, 30... */
export function columns(reportId: number, fieldIds: readonly number[], firstId = reportId * 100): ReportDefinition[] {
  return fieldIds.map((fieldId, i) => ({
    id: firstId + i,
    reportId,
    fieldId,
    sortOrder: (i + 1) * 10,
    line: 2,
  }));
}

export function legacyExport(parts: {
  readonly reports: readonly Report[];
  readonly fields: readonly FieldDefinition[];
  readonly definitions: readonly ReportDefinition[];
}): LegacyExport {
  return {
    dir: 'test-fixture',
    dialect: 'rfc',
    categories: [],
    schedules: [],
    runs: [],
    scheduleLog: [],
    snapshot: { columns: [], rows: [], columnTypes: [], lines: [] },
    problems: [],
    ...parts,
  };
}
